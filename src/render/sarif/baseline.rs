//! `cargo secure diff --format sarif`: the head's results, each with SARIF's
//! `baselineState` against the base (`new`, `unchanged`, or `updated` when
//! its message, severity or version changed), and the base's results the
//! change removed as `absent`, so code scanning shows only what is new.

use super::fingerprint::{Fingerprints, KEY};
use super::{LockIndex, Part, build, result};
use crate::diff::DiffFinding;
use crate::diff::side::Side;
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Renders the head's SARIF log with baseline states.
pub fn render(base: &Side, head: &Side) -> String {
    let lock = LockIndex::load(Path::new(&head.report.workspace.root));
    let part = Part { report: &head.report, lock: &lock, prefix: None };
    let mut log = build(&[part], &head.report.workspace.root);
    let before: HashMap<&str, &DiffFinding> =
        base.findings.iter().map(|f| (f.fingerprint.as_str(), f)).collect();
    let after: HashSet<&str> = head.findings.iter().map(|f| f.fingerprint.as_str()).collect();
    if let Some(results) = log.runs.first_mut().and_then(|run| run.results.as_mut()) {
        for (sarif, finding) in results.iter_mut().zip(&head.findings) {
            let state = match before.get(finding.fingerprint.as_str()) {
                None => "new",
                Some(old) if updated(old, finding) => "updated",
                Some(_) => "unchanged",
            };
            sarif.baseline_state = Some(json!(state));
        }
        for gone in base.findings.iter().filter(|f| !after.contains(f.fingerprint.as_str())) {
            let none = LockIndex::default();
            let part = Part { report: &head.report, lock: &none, prefix: None };
            let mut absent = result(&gone.finding, 0, &part, &mut Fingerprints::default());
            absent.rule_index = None;
            absent.partial_fingerprints =
                Some(BTreeMap::from([(KEY.to_owned(), gone.fingerprint.clone())]));
            absent.baseline_state = Some(json!("absent"));
            results.push(absent);
        }
    }
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|e| {
        json!({ "error": format!("could not serialize the SARIF log: {e}") }).to_string()
    });
    text.push('\n');
    text
}

fn updated(old: &DiffFinding, new: &DiffFinding) -> bool {
    let (old, new) = (&old.finding, &new.finding);
    old.message != new.message || old.severity != new.severity || old.package != new.package
}
