//! Sub-check `toolchain`: the compiler is part of the supply chain. A
//! `rust-toolchain.toml` naming an exact release (`1.95.0`) or a dated nightly
//! (`nightly-2026-01-01`) makes every build use the same compiler; `stable`
//! moves every six weeks. A `path` toolchain makes rustup run binaries from
//! the checkout. `rust-version` (the MSRV) in each member earns partial credit.

use super::SubOutcome;
use super::declared::{ManifestFile, table};
use crate::checks::Details;
use crate::checks::subcheck::{SubCheck, weight};
use crate::checks::supply_chain::docs::{RUST_VERSION_MISSING, TOOLCHAIN_PATH, TOOLCHAIN_UNPINNED};
use crate::context::Context;
use crate::finding::{Finding, Location, Severity};
use crate::manifest::reader::{Reader, get};
use crate::plural::of;
use toml::de::{DeTable, DeValue};

/// Sub-check id.
pub const ID: &str = "toolchain";
const TITLE: &str = "Pinned toolchain";
/// The files rustup reads, in its order of preference.
const FILES: &[&str] = &["rust-toolchain.toml", "rust-toolchain"];

/// What the toolchain file asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pin {
    /// An exact release or a dated channel.
    Pinned(String),
    /// A channel that moves (`stable`, `beta`, `nightly`, `1.95`...).
    Moving(String),
    /// A local toolchain directory.
    Path(String),
    /// The file says neither.
    Unreadable(String),
}

/// Whether a channel names one exact compiler.
fn is_pinned(channel: &str) -> bool {
    let parts: Vec<&str> = channel.split('-').collect();
    let release = |s: &str| {
        let nums: Vec<&str> = s.split('.').collect();
        nums.len() == 3
            && nums.iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let dated = |p: &[&str]| {
        p.len() >= 4
            && matches!(p[0], "stable" | "beta" | "nightly")
            && p[1].len() == 4
            && p[1..4].iter().all(|n| n.chars().all(|c| c.is_ascii_digit()))
    };
    release(parts[0]) || dated(&parts)
}

/// Reads a toolchain file: the pin and the 1-based line and column of its value.
fn read(text: &str) -> (Pin, u32, u32) {
    let Ok(doc) = DeTable::parse(text) else {
        // The legacy `rust-toolchain` file may hold a bare channel name.
        let channel = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'));
        return match channel {
            Some(c) if !c.contains(['=', '[']) => (classify(c), 1, 1),
            _ => (Pin::Unreadable("not TOML and not a channel name".to_owned()), 1, 1),
        };
    };
    let reader = Reader::new(text);
    let toolchain = get(doc.get_ref(), "toolchain").and_then(|v| match v.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => None,
    });
    let field = |key: &str| {
        let v = get(toolchain?, key)?;
        let pos = reader.pos(v.span().start);
        match v.get_ref() {
            DeValue::String(s) => Some((s.to_string(), pos.line, pos.column)),
            _ => None,
        }
    };
    if let Some((path, line, column)) = field("path") {
        (Pin::Path(path), line, column)
    } else if let Some((channel, line, column)) = field("channel") {
        (classify(&channel), line, column)
    } else {
        (Pin::Unreadable("no `[toolchain] channel`".to_owned()), 1, 1)
    }
}

fn classify(channel: &str) -> Pin {
    if is_pinned(channel) {
        Pin::Pinned(channel.to_owned())
    } else {
        Pin::Moving(channel.to_owned())
    }
}

/// `package.rust-version` of a member manifest, following `workspace = true`.
fn rust_version(member: &DeTable<'_>, root: Option<&DeTable<'_>>) -> Option<String> {
    let value = get(table(get(member, "package"))?, "rust-version")?;
    match value.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Table(_) => {
            let package = table(get(table(get(root?, "workspace"))?, "package"))?;
            match get(package, "rust-version")?.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Runs the sub-check; `manifests` are the root manifest first, then the members'.
pub fn check(ctx: &Context<'_>, manifests: &[ManifestFile]) -> SubOutcome {
    let ws = ctx.workspace;
    let binaries =
        ws.members.iter().any(|m| m.targets.iter().any(|t| t.kinds.iter().any(|k| k == "bin")));
    let mut findings = Vec::new();

    let (with_msrv, without) = msrv(ws, manifests);
    let members = with_msrv + without.len();
    let share = if members == 0 { 0.0 } else { with_msrv as f64 / members as f64 };
    for (rel, name, line) in &without {
        findings.push(
            Finding::new(
                &RUST_VERSION_MISSING,
                Severity::Note,
                format!("`{name}` declares no `rust-version`"),
            )
            .at(Location::at(rel.clone(), *line, 1))
            .fix("add `rust-version = \"1.xx\"` under [package] (or once in [workspace.package] with `rust-version.workspace = true`)"),
        );
    }
    let msrv_text = format!("rust-version in {}", of(with_msrv, members, "member", "members"));

    let file = FILES.iter().find_map(|name| ctx.repo.file(name));
    let (score, summary) = match file {
        None => {
            findings.push(
                Finding::new(
                    &TOOLCHAIN_UNPINNED,
                    if binaries { Severity::Warning } else { Severity::Note },
                    "no rust-toolchain.toml: each machine builds with whatever compiler it has",
                )
                .fix("add rust-toolchain.toml with `[toolchain] channel = \"1.xx.y\"` (an exact release)"),
            );
            let score = if binaries { 5.0 * share } else { 10.0 * share };
            (score, format!("no rust-toolchain.toml; {msrv_text}"))
        }
        Some(file) => {
            let (pin, line, column) = match ctx.repo.read_text(file) {
                Ok(text) => read(&text),
                Err(why) => (Pin::Unreadable(why.to_string()), 1, 1),
            };
            let at = Location::at(file.rel.clone(), line, column);
            match pin {
                Pin::Pinned(channel) => (10.0, format!("{} pins {channel}; {msrv_text}", file.rel)),
                Pin::Path(path) => {
                    findings.push(
                        Finding::new(
                            &TOOLCHAIN_PATH,
                            Severity::Warning,
                            format!("{} uses the toolchain at `{path}`: rustup runs its binaries from wherever that path points", file.rel),
                        )
                        .at(at)
                        .fix("name an exact release with `channel = \"1.xx.y\"` instead of `path`"),
                    );
                    (0.0, format!("{} uses a path toolchain ({path}); {msrv_text}", file.rel))
                }
                Pin::Moving(channel) | Pin::Unreadable(channel) => {
                    findings.push(
                        Finding::new(
                            &TOOLCHAIN_UNPINNED,
                            Severity::Warning,
                            format!("{} does not pin one compiler (`{channel}`)", file.rel),
                        )
                        .at(at)
                        .fix("use an exact release (`channel = \"1.xx.y\"`) or a dated nightly (`nightly-YYYY-MM-DD`)"),
                    );
                    let score = if binaries { 5.0 * share } else { 10.0 * share };
                    (
                        score,
                        format!("{} names `{channel}`, not one compiler; {msrv_text}", file.rel),
                    )
                }
            }
        }
    };
    SubOutcome {
        sub: SubCheck::scored(ID, TITLE, weight::LOW, score, summary),
        findings,
        details: Details::default(),
    }
}

/// How many members declare `rust-version`, and those that do not (manifest, name, `[package]` line).
fn msrv(
    ws: &crate::workspace::Workspace,
    manifests: &[ManifestFile],
) -> (usize, Vec<(String, String, u32)>) {
    let root_text = manifests.first().map(|m| m.text.as_str()).unwrap_or_default();
    let root = DeTable::parse(root_text).ok();
    let mut with = 0;
    let mut without = Vec::new();
    for member in &ws.members {
        let Some(file) = manifests.iter().find(|m| m.path == member.manifest_path) else {
            continue;
        };
        let Ok(doc) = DeTable::parse(&file.text) else { continue };
        if rust_version(doc.get_ref(), root.as_ref().map(|r| r.get_ref())).is_some() {
            with += 1;
        } else {
            let line = get(doc.get_ref(), "package")
                .map_or(1, |p| Reader::new(&file.text).pos(p.span().start).line);
            without.push((file.rel.clone(), member.name.clone(), line));
        }
    }
    (with, without)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_releases_and_dated_channels_pin() {
        for pinned in
            ["1.95.0", "nightly-2026-01-01", "1.95.0-x86_64-unknown-linux-gnu", "beta-2026-02-03"]
        {
            assert!(is_pinned(pinned), "{pinned}");
        }
        for moving in ["stable", "nightly", "beta", "1.95", "stable-x86_64-unknown-linux-gnu"] {
            assert!(!is_pinned(moving), "{moving}");
        }
    }

    #[test]
    fn toolchain_files_are_read_with_positions() {
        let (pin, line, column) =
            read("[toolchain]\nchannel = \"1.95.0\"\ncomponents = [\"clippy\"]\n");
        assert_eq!((pin, line, column), (Pin::Pinned("1.95.0".to_owned()), 2, 11));
        assert_eq!(read("[toolchain]\npath = \"./tc\"\n").0, Pin::Path("./tc".to_owned()));
        assert_eq!(read("nightly\n").0, Pin::Moving("nightly".to_owned()));
        assert_eq!(read("nightly-2025-01-01\n").0, Pin::Pinned("nightly-2025-01-01".to_owned()));
    }

    #[test]
    fn rust_version_follows_the_workspace() {
        let root = DeTable::parse("[workspace.package]\nrust-version = \"1.80\"\n").unwrap();
        let member =
            DeTable::parse("[package]\nname = \"a\"\nrust-version.workspace = true\n").unwrap();
        assert_eq!(rust_version(member.get_ref(), Some(root.get_ref())), Some("1.80".to_owned()));
        let bare = DeTable::parse("[package]\nname = \"a\"\n").unwrap();
        assert_eq!(rust_version(bare.get_ref(), Some(root.get_ref())), None);
    }
}
