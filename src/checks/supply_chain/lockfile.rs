//! Sub-check `lockfile`: `Cargo.lock` is committed when the workspace ships
//! binaries, and CI builds with `--locked` (or `--frozen`) so it builds what
//! was reviewed rather than whatever the registry offers that day.
//!
//! "Committed" is judged without running git: the repository walk honours
//! `.gitignore`, so a lockfile it lists is one git would track. An untracked
//! but not ignored lockfile therefore counts as committed.

use super::SubOutcome;
use crate::checks::Details;
use crate::checks::subcheck::{SubCheck, weight};
use crate::checks::supply_chain::docs::{
    CARGO_INSTALL_UNLOCKED, CI_NOT_LOCKED, LOCKFILE_NOT_COMMITTED,
};
use crate::context::Context;
use crate::finding::{Finding, Location, Severity};
use crate::repo::ci::{Command, cargo_calls};

/// Sub-check id.
pub const ID: &str = "lockfile";
const TITLE: &str = "Lockfile";
/// Points for a committed lockfile (workspaces with binaries).
const COMMITTED: f64 = 6.0;
/// Points for CI building with `--locked` or `--frozen`.
const CI_LOCKED: f64 = 4.0;
/// Points lost per `cargo install` without `--locked` in CI, at most three.
const INSTALL_UNLOCKED: f64 = 1.0;
/// The cargo subcommands that resolve and build the workspace.
const BUILDS: &[&str] = &["build", "test", "nextest", "run", "check", "clippy", "doc", "bench"];

fn locked(args: &[&str]) -> bool {
    args.iter().any(|a| matches!(*a, "--locked" | "--frozen"))
}

/// Runs the sub-check.
pub fn check(ctx: &Context<'_>) -> SubOutcome {
    let ws = ctx.workspace;
    let binaries =
        ws.members.iter().any(|m| m.targets.iter().any(|t| t.kinds.iter().any(|k| k == "bin")));
    let rel = ws
        .lockfile_path
        .strip_prefix(&ctx.repo.root)
        .map_or_else(|_| "Cargo.lock".to_owned(), |p| p.to_string_lossy().replace('\\', "/"));
    let committed = ctx.repo.has(&rel);
    let mut findings = Vec::new();
    let (mut earned, mut possible) = (0.0, 0.0);
    let mut facts = Vec::new();

    if binaries {
        possible += COMMITTED;
    }
    if committed {
        earned += if binaries { COMMITTED } else { 0.0 };
        facts.push("Cargo.lock committed".to_owned());
    } else {
        facts.push("Cargo.lock ignored by .gitignore".to_owned());
        findings.push(not_committed(ctx, &rel, binaries));
    }

    let builds = ctx.ci.find_cargo(BUILDS, |_| true);
    if let Some(first) = builds.filter(|_| binaries || committed) {
        possible += CI_LOCKED;
        if let Some(at) = ctx.ci.find_cargo(BUILDS, locked) {
            earned += CI_LOCKED;
            facts.push(format!("CI builds with --locked ({}:{})", at.rel, at.line));
        } else {
            facts.push("CI builds without --locked".to_owned());
            findings.push(ci_not_locked(first));
        }
    }
    let installs: Vec<&Command> = ctx
        .ci
        .commands
        .iter()
        .filter(|c| {
            cargo_calls(&c.text).iter().any(|call| call.sub == "install" && !locked(&call.args))
        })
        .collect();
    findings.extend(installs.iter().map(|c| install_unlocked(c)));
    if !installs.is_empty() {
        facts.push(format!("{} `cargo install` without --locked in CI", installs.len()));
    }
    let penalty = INSTALL_UNLOCKED * installs.len().min(3) as f64;

    let summary = facts.join("; ");
    let sub = if possible > 0.0 {
        SubCheck::scored(ID, TITLE, weight::MEDIUM, 10.0 * earned / possible - penalty, summary)
    } else if !installs.is_empty() {
        SubCheck::scored(ID, TITLE, weight::MEDIUM, 10.0 - penalty, summary)
    } else {
        SubCheck::not_applicable(
            ID,
            TITLE,
            weight::MEDIUM,
            format!("library-only workspace and no CI build: the lockfile is optional ({summary})"),
        )
    };
    SubOutcome { sub, findings, details: Details::default() }
}

fn not_committed(ctx: &Context<'_>, rel: &str, binaries: bool) -> Finding {
    let (severity, why) = if binaries {
        (
            Severity::Warning,
            "the workspace builds binaries, so every build may resolve different dependency versions",
        )
    } else {
        (
            Severity::Note,
            "optional for a library-only workspace, but CI then tests with whatever versions resolve that day",
        )
    };
    let mut finding = Finding::new(
        &LOCKFILE_NOT_COMMITTED,
        severity,
        format!("{rel} is ignored by .gitignore: {why}"),
    )
    .fix("remove Cargo.lock from .gitignore and commit it");
    if let Some(at) = ignoring_line(ctx) {
        finding = finding.at(at);
    }
    finding
}

/// The line of the root `.gitignore` that ignores `Cargo.lock`, when it is a plain pattern.
fn ignoring_line(ctx: &Context<'_>) -> Option<Location> {
    let file = ctx.repo.file(".gitignore")?;
    let text = ctx.repo.read_text(file).ok()?;
    text.lines().enumerate().find_map(|(i, line)| {
        let pattern = line.trim().trim_start_matches('/');
        matches!(pattern, "Cargo.lock" | "*.lock" | "**/Cargo.lock")
            .then(|| Location::at(".gitignore", u32::try_from(i + 1).unwrap_or(u32::MAX), 1))
    })
}

fn ci_not_locked(first: &Command) -> Finding {
    Finding::new(
        &CI_NOT_LOCKED,
        Severity::Warning,
        format!("CI runs `{}` and no cargo build or test with --locked or --frozen", first.text),
    )
    .at(Location::at(first.rel.clone(), u32::try_from(first.line).unwrap_or(u32::MAX), 1))
    .fix("add --locked to CI's cargo build and test commands, so a Cargo.lock out of date fails instead of being re-resolved")
}

fn install_unlocked(command: &Command) -> Finding {
    Finding::new(
        &CARGO_INSTALL_UNLOCKED,
        Severity::Warning,
        format!("CI runs `{}` without --locked: the tool is built with the newest versions of its dependencies, not those its authors locked", command.text),
    )
    .at(Location::at(command.rel.clone(), u32::try_from(command.line).unwrap_or(u32::MAX), 1))
    .fix("add --locked (and a pinned --version) to `cargo install`, or install a released binary with a checksum")
}
