//! `cargo secure diff --format github`: workflow-command annotations for the
//! findings the change introduces only, then a `::notice` with the summary
//! and the diff gate's verdict.

use crate::diff::DiffReport;
use crate::diff::findings::introduced;
use crate::render::github::{annotation, data, property};
use crate::render::sarif::LockIndex;
use std::fmt::Write;
use std::path::Path;

/// Renders the annotations; `root` is the head's workspace root.
pub fn render(report: &DiffReport, root: &Path) -> String {
    let lock = LockIndex::load(root);
    let diff = &report.diff;
    let mut out = String::new();
    for f in introduced(&diff.advisories, &diff.findings).filter(|f| f.finding.suppressed.is_none())
    {
        annotation(&mut out, &f.layer, &f.finding, (&lock, None));
    }
    let verdict = if diff.gate.passed { "passed" } else { "failed" };
    let mut summary = format!("{}; diff gate {verdict}", diff.summary);
    for reason in &diff.gate.reasons {
        let _ = write!(summary, "\n- {reason}");
    }
    let _ = writeln!(out, "::notice title={}::{}", property("cargo secure diff"), data(&summary));
    out
}
