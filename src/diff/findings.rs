//! Findings new, fixed and unchanged between two sides, matched by their
//! stable fingerprint. The advisories layer is kept apart, and an advisory
//! on a package the base locked at the same version is never the change's
//! doing: an advisory published since the base was measured (a saved
//! report's older database) shows as pre-existing, not as new.

use crate::finding::Finding;
use serde::Serialize;
use std::collections::HashSet;

/// A finding on one side, with its layer and fingerprint.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DiffFinding {
    /// The layer that emitted it.
    pub layer: String,
    /// The stable fingerprint (SARIF `partialFingerprints` `cargoSecure/v1`).
    pub fingerprint: String,
    /// The finding, as in the normal report.
    #[serde(flatten)]
    pub finding: Finding,
}

/// The layer whose findings are advisories.
pub const ADVISORIES: &str = "advisories";

/// The advisories, by whether the change introduced them.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct AdvisoryDelta {
    /// Introduced by the change.
    pub new: Vec<DiffFinding>,
    /// Gone with the change.
    pub fixed: Vec<DiffFinding>,
    /// On both sides: not the change's doing.
    pub unchanged: Vec<DiffFinding>,
}

/// The other layers' findings.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct FindingDelta {
    /// Introduced by the change.
    pub new: Vec<DiffFinding>,
    /// Gone with the change.
    pub fixed: Vec<DiffFinding>,
    /// How many are on both sides.
    pub unchanged: usize,
}

/// Splits both sides' findings into the two deltas; `untouched` says
/// whether the base locked a package at that version.
pub fn delta(
    base: &[DiffFinding],
    head: &[DiffFinding],
    untouched: impl Fn(&str, &str) -> bool,
) -> (AdvisoryDelta, FindingDelta) {
    let before: HashSet<&str> = base.iter().map(|f| f.fingerprint.as_str()).collect();
    let after: HashSet<&str> = head.iter().map(|f| f.fingerprint.as_str()).collect();
    let mut advisories = AdvisoryDelta::default();
    let mut others = FindingDelta::default();
    for finding in head {
        let is_advisory = finding.layer == ADVISORIES;
        let on_untouched = finding.finding.advisory.is_some()
            && finding.finding.package.as_ref().is_some_and(|p| untouched(&p.name, &p.version));
        let existed = before.contains(finding.fingerprint.as_str()) || on_untouched;
        match (existed, is_advisory) {
            (false, true) => advisories.new.push(finding.clone()),
            (false, false) => others.new.push(finding.clone()),
            (true, true) => advisories.unchanged.push(finding.clone()),
            (true, false) => others.unchanged += 1,
        }
    }
    for finding in base.iter().filter(|f| !after.contains(f.fingerprint.as_str())) {
        if finding.layer == ADVISORIES {
            advisories.fixed.push(finding.clone());
        } else {
            others.fixed.push(finding.clone());
        }
    }
    (advisories, others)
}

/// Every finding the change introduced, advisories first.
pub fn introduced<'a>(
    advisories: &'a AdvisoryDelta,
    others: &'a FindingDelta,
) -> impl Iterator<Item = &'a DiffFinding> {
    advisories.new.iter().chain(others.new.iter())
}
