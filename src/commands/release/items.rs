//! The release checklist's items, each read off the finished report or the
//! repository (CHANGELOG.md, `git status`).

use crate::checklist::{Checklist, Item};
use crate::finding::Finding;
use crate::plural::count;
use crate::report::Report;
use std::path::Path;

/// Builds the checklist from the report of a run under the release policy.
pub fn checklist(report: &Report, root: &Path) -> Checklist {
    let version = root_version(root);
    let items = vec![
        no_vulnerabilities(report),
        codes_absent(report, "no-expired-exceptions", "No expired exceptions", "exception-expired"),
        every_layer_measured(report),
        db_fresh(report),
        layer_clear(
            report,
            "manifest",
            "threat-model-current",
            "Threat model within its review period",
            "threat-model-stale",
        ),
        layer_clear(
            report,
            "unsafe-code",
            "unsafe-baseline-kept",
            "Unsafe baseline not exceeded",
            "unsafe-baseline-exceeded",
        ),
        changelog(root, version.as_deref()),
        clean_tree(root),
        Item {
            id: "release-gate",
            title: "Release gate passed",
            done: report.gate.passed,
            detail: if report.gate.passed {
                "no blocking finding".to_owned()
            } else {
                report.gate.reasons.join("; ")
            },
        },
    ];
    Checklist { passed: items.iter().all(|i| i.done), version, items }
}

/// The release binaries' item, from the report of `bin` on them under the
/// release policy.
pub fn release_binaries(shipped: &Report, paths: &[std::path::PathBuf]) -> Item {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let embedded = shipped.workspace.lockfile_packages;
    let detail = if shipped.gate.passed {
        format!(
            "{} embedded in {}, none blocking",
            count(embedded, "package", "packages"),
            names.join(", ")
        )
    } else {
        shipped.gate.reasons.join("; ")
    };
    Item {
        id: "release-binary",
        title: "The release binary's embedded dependencies have no blocking advisories",
        done: shipped.gate.passed,
        detail,
    }
}

fn findings<'a>(report: &'a Report, codes: &'a [&str]) -> impl Iterator<Item = &'a Finding> {
    report
        .layers
        .iter()
        .flat_map(|l| l.findings.iter())
        .filter(move |f| codes.contains(&f.code) && f.suppressed.is_none())
}

fn names(found: &[&Finding]) -> String {
    let mut names: Vec<String> = found
        .iter()
        .map(|f| match &f.package {
            Some(p) => format!("{} ({} {})", f.rule_id(), p.name, p.version),
            None => f.rule_id().to_owned(),
        })
        .collect();
    names.dedup();
    names.join(", ")
}

fn no_vulnerabilities(report: &Report) -> Item {
    let found: Vec<&Finding> = findings(report, &["vulnerability", "yanked"]).collect();
    let measured = report.layers.iter().any(|l| l.id == "advisories" && l.is_measured());
    let (done, detail) = match (measured, found.is_empty()) {
        (false, _) => (false, "the advisories layer was not measured".to_owned()),
        (true, true) => (true, "none in any scope".to_owned()),
        (true, false) => (false, names(&found)),
    };
    Item { id: "no-vulnerabilities", title: "No vulnerabilities or yanked crates", done, detail }
}

fn codes_absent(report: &Report, id: &'static str, title: &'static str, code: &str) -> Item {
    let codes = [code];
    let found: Vec<&Finding> = findings(report, &codes).collect();
    let done = found.is_empty();
    let detail = if done { format!("no `{code}`") } else { names(&found) };
    Item { id, title, done, detail }
}

fn layer_clear(
    report: &Report,
    layer: &str,
    id: &'static str,
    title: &'static str,
    code: &str,
) -> Item {
    let Some(measured) = report.layers.iter().find(|l| l.id == layer) else {
        return Item { id, title, done: false, detail: format!("no {layer} layer") };
    };
    if let Some(reason) = &measured.not_measured_reason {
        return Item { id, title, done: false, detail: format!("{layer} not measured: {reason}") };
    }
    codes_absent(report, id, title, code)
}

fn every_layer_measured(report: &Report) -> Item {
    let missing: Vec<String> = report
        .layers
        .iter()
        .filter(|l| !l.is_measured())
        .map(|l| {
            format!("{} ({})", l.id, l.not_measured_reason.as_deref().unwrap_or("not measured"))
        })
        .collect();
    Item {
        id: "all-layers-measured",
        title: "Every layer measured",
        done: missing.is_empty(),
        detail: if missing.is_empty() {
            format!("{} of {}", report.score.layers_measured, report.score.layers_total)
        } else {
            format!("not measured: {}", missing.join(", "))
        },
    }
}

fn db_fresh(report: &Report) -> Item {
    let age = report.layers.iter().find_map(|l| l.details.db.as_ref()).and_then(|db| db.age_days);
    let (done, detail) = match age {
        Some(days) if days <= 1 => (true, format!("updated {} ago", count(days, "day", "days"))),
        Some(days) => {
            (false, format!("updated {} ago; run `cargo secure fetch`", count(days, "day", "days")))
        }
        None => (false, "the advisory database's age is unknown".to_owned()),
    };
    Item { id: "advisory-db-fresh", title: "Advisory database fetched within a day", done, detail }
}

/// The version in the root Cargo.toml: `[package].version`, else `[workspace.package].version`.
pub fn root_version(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let manifest: toml::Table = text.parse().ok()?;
    let package = manifest.get("package").and_then(|p| p.get("version")).and_then(|v| v.as_str());
    let workspace = manifest
        .get("workspace")
        .and_then(|w| w.get("package"))
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str());
    package.or(workspace).map(str::to_owned)
}

/// Whether `text` has a Keep a Changelog heading `## [version]` (or `## version`).
pub fn has_entry(text: &str, version: &str) -> bool {
    text.lines().any(|line| {
        let Some(rest) = line.trim_start().strip_prefix("## ") else { return false };
        let rest = rest.trim_start();
        let rest = rest.strip_prefix('[').unwrap_or(rest);
        rest.strip_prefix(version)
            .is_some_and(|tail| tail.is_empty() || tail.starts_with([']', ' ', '\t']))
    })
}

fn changelog(root: &Path, version: Option<&str>) -> Item {
    let id = "changelog-entry";
    let title = "CHANGELOG.md has an entry for the version";
    let Some(version) = version else {
        let detail = "no version in the root Cargo.toml".to_owned();
        return Item { id, title, done: false, detail };
    };
    let (done, detail) = match std::fs::read_to_string(root.join("CHANGELOG.md")) {
        Err(_) => (false, "no CHANGELOG.md at the workspace root".to_owned()),
        Ok(text) if has_entry(&text, version) => (true, format!("`## [{version}]` found")),
        Ok(_) => (false, format!("no `## [{version}]` heading in CHANGELOG.md")),
    };
    Item { id, title, done, detail }
}

/// The working tree against `HEAD`, read from git's files without running git
/// (see [`crate::repo::worktree`]), so the repository's configuration cannot
/// make us run its filter drivers or fsmonitor.
fn clean_tree(root: &Path) -> Item {
    let id = "clean-tree";
    let title = "Working tree clean";
    let (done, detail) = match crate::repo::worktree::read(root) {
        Err(reason) => (false, format!("not a clean git checkout: {reason}")),
        Ok(state) if state.is_clean() => (true, "no uncommitted changes".to_owned()),
        Ok(state) => {
            let changed = state.changed.len() + state.untracked.len();
            let mut parts = Vec::new();
            if changed > 0 {
                parts.push(count(changed, "uncommitted change", "uncommitted changes"));
            }
            if let Some((path, why)) = state.undecided.first() {
                let more = state.undecided.len() - 1;
                let others = if more > 0 { format!(" (and {more} more)") } else { String::new() };
                parts.push(format!(
                    "cannot tell whether {path}{others} is unchanged: git compares it through `{why}`, which cargo secure does not run"
                ));
            }
            (false, parts.join("; "))
        }
    };
    Item { id, title, done, detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changelog_headings_follow_keep_a_changelog() {
        let text = "# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2026-11-20\n";
        assert!(has_entry(text, "1.2.0"));
        assert!(!has_entry(text, "1.2"));
        assert!(!has_entry(text, "1.2.0-rc.1"));
        assert!(has_entry("## 0.3.1\n", "0.3.1"));
    }

    #[test]
    fn the_checklist_reads_the_report() {
        let report = crate::render::sample::report();
        let list = checklist(&report, Path::new("/nonexistent"));
        let done: Vec<(&str, bool)> = list.items.iter().map(|i| (i.id, i.done)).collect();
        assert_eq!(
            done,
            [
                ("no-vulnerabilities", false),
                ("no-expired-exceptions", true),
                ("all-layers-measured", false),
                ("advisory-db-fresh", true),
                ("threat-model-current", true),
                ("unsafe-baseline-kept", true),
                ("changelog-entry", false),
                ("clean-tree", false),
                ("release-gate", false),
            ]
        );
        assert!(!list.passed);
    }
}
