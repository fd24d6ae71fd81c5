//! Sub-check `lints`: the compiler and clippy enforce rules on every change.
//! Half the score: workspace crates forbid or deny `unsafe_code` (in
//! `[lints]`/`[workspace.lints]` or `#![forbid(unsafe_code)]` at the crate
//! root). The other half: CI runs clippy with warnings denied.

use super::SubOutcome;
use crate::checks::posture::docs::CLIPPY_NOT_ENFORCED;
use crate::checks::subcheck::{SubCheck, weight};
use crate::facts::unsafe_scan::lints::unsafe_code_level;
use crate::finding::{Finding, Severity};
use crate::plural::{noun, of};
use crate::repo::ci::Ci;
use crate::workspace::{Member, Workspace};

/// Sub-check id.
pub const ID: &str = "lints";
const TITLE: &str = "Lints enforced";
/// How much of a crate root is read to find its inner attributes.
const ROOT_HEAD: usize = 64 * 1024;

/// Grades the lint set-up.
pub fn check(ws: &Workspace, ci: &Ci) -> SubOutcome {
    let root_manifest = ws.root.join("Cargo.toml");
    let mut findings = Vec::new();
    // Members that do not forbid unsafe code are findings of the unsafe-code
    // layer (`unsafe-not-forbidden`); here they only lower the score.
    let denying = ws
        .members
        .iter()
        .filter(|m| {
            unsafe_code_level(&m.manifest_path, Some(&root_manifest)).denies || roots_deny(m)
        })
        .count();
    let clippy = ci.find_cargo(&["clippy"], denies_warnings);
    let rustflags = ci.commands.iter().find(|c| {
        c.text.contains("RUSTFLAGS")
            && (c.text.contains("-D warnings") || c.text.contains("-Dwarnings"))
    });
    let members = ws.members.len().max(1);
    let mut score = 5.0 * denying as f64 / members as f64;
    if clippy.is_some() || rustflags.is_some() {
        score += 5.0;
    } else {
        findings.push(
            Finding::new(
                &CLIPPY_NOT_ENFORCED,
                Severity::Note,
                "CI does not run clippy with warnings denied",
            )
            .fix("run `cargo clippy --all-targets --locked -- -D warnings` in CI"),
        );
    }
    let ci_part = match clippy.or(rustflags) {
        Some(c) => format!("; clippy -D warnings in CI ({}:{})", c.rel, c.line),
        None => "; clippy warnings not denied in CI".to_owned(),
    };
    let summary = format!(
        "{} {} unsafe_code{ci_part}",
        of(denying, ws.members.len(), "workspace crate", "workspace crates"),
        noun(denying, "denies", "deny")
    );
    SubOutcome::new(SubCheck::scored(ID, TITLE, weight::MEDIUM, score, summary), findings)
}

/// `-D warnings`, `-Dwarnings` or `--deny warnings` among clippy's arguments.
fn denies_warnings(args: &[&str]) -> bool {
    args.iter().any(|a| *a == "-Dwarnings" || *a == "--deny=warnings")
        || args.windows(2).any(|w| matches!(w[0], "-D" | "--deny") && w[1] == "warnings")
}

/// Whether every library or binary root of the member forbids or denies unsafe code.
fn roots_deny(member: &Member) -> bool {
    let roots: Vec<_> =
        member.targets.iter().filter(|t| !t.is_test_like() && !t.is_build_script()).collect();
    !roots.is_empty()
        && roots.iter().all(|t| {
            std::fs::read(&t.src_path).is_ok_and(|bytes| {
                let head = String::from_utf8_lossy(&bytes[..bytes.len().min(ROOT_HEAD)])
                    .replace(char::is_whitespace, "");
                head.contains("#![forbid(unsafe_code") || head.contains("#![deny(unsafe_code")
            })
        })
}
