//! `cargo secure release`: the stricter gate for cutting a release, printed as
//! a Markdown checklist to paste into a release issue (or as JSON with
//! `--format json`, or a page with `--format html`). Exits 1 while any item is open.

mod items;

use crate::checklist::Checklist;
use crate::cli::Format;
use crate::error::{Error, Result};
use crate::gate::GatePolicy;
use crate::session::{Outcome, Session};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Runs the release gate; `binaries` are the release binaries to audit too.
pub fn run(session: &Session, binaries: &[PathBuf]) -> Result<Outcome> {
    let format = session.scan.format;
    let refused = match format {
        Format::Sarif => Some("sarif"),
        Format::Github => Some("github"),
        Format::Badge => Some("badge"),
        Format::Cyclonedx => Some("cyclonedx"),
        Format::Spdx => Some("spdx"),
        Format::Openvex => Some("openvex"),
        _ => None,
    };
    if let Some(name) = refused {
        return Err(Error::Usage(format!(
            "release prints its checklist as markdown, json or html, not --format {name}; run `cargo secure --format {name}` for the findings"
        )));
    }
    let report = crate::measure::measure(session, tighten)?;
    let mut checklist = items::checklist(&report, Path::new(&report.workspace.root));
    if !binaries.is_empty() {
        let (shipped, facts, _) = crate::measure::measure_binaries(session, binaries, tighten)?;
        checklist.add_before_last(items::release_binaries(&shipped, binaries));
        std::mem::forget(facts);
    }
    let text = match session.scan.format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&checklist).unwrap_or_default();
            text.push('\n');
            text
        }
        Format::Html => crate::render::html::checklist(&checklist, &report.tool.version),
        _ => markdown(&checklist, &report.tool.version),
    };
    session.emit(&text)?;
    Ok(if checklist.passed { Outcome::Passed } else { Outcome::Failed })
}

/// The release policy: every vulnerability, yanked crate and unsound advisory,
/// an expired exception or a stale threat model fails, and no layer may be unmeasured.
pub fn tighten(policy: &mut GatePolicy) {
    for code in ["vulnerability", "yanked", "unsound", "exception-expired", "threat-model-stale"] {
        policy.fail_on.insert(code.to_owned());
    }
    policy.allow_unmeasured.clear();
    policy.max_db_age_days = policy.max_db_age_days.min(1);
    policy.source = format!("{} + release gate", policy.source);
}

/// The checklist as Markdown task items.
pub fn markdown(checklist: &Checklist, tool_version: &str) -> String {
    let mut out = String::new();
    let version = checklist.version.as_deref().unwrap_or("(unknown version)");
    let _ = writeln!(out, "## Release checklist for {version}: {}\n", checklist.verdict());
    for item in &checklist.items {
        let mark = if item.done { "x" } else { " " };
        let _ = writeln!(
            out,
            "- [{mark}] {} — {}",
            item.title,
            item.detail.replace(['\r', '\n'], " ").replace('<', "&lt;")
        );
    }
    let _ = writeln!(out, "\n<sub>cargo secure {tool_version} release</sub>");
    out
}
