//! One side of a diff: a measured [`Report`], its package list, and every
//! finding with its fingerprint, computed as SARIF computes it.

use super::packages::Package;
use super::{DiffFinding, SideInfo};
use crate::render::sarif::fingerprint::Fingerprints;
use crate::render::sarif::{LockIndex, location_of};
use crate::report::Report;

/// One measured side.
#[derive(Debug)]
pub struct Side {
    /// How the side was named.
    pub rev: String,
    /// Its commit, when it is one.
    pub commit: Option<String>,
    /// The normal run's report.
    pub report: Report,
    /// The locked packages.
    pub packages: Vec<Package>,
    /// Every finding, fingerprinted, in report order.
    pub findings: Vec<DiffFinding>,
}

impl Side {
    /// Fingerprints the report's findings; `lock` indexes the side's own
    /// Cargo.lock (read before its files go away).
    pub fn new(
        rev: String,
        commit: Option<String>,
        report: Report,
        packages: Vec<Package>,
        lock: &LockIndex,
    ) -> Self {
        let mut fingerprints = Fingerprints::default();
        let findings = report
            .layers
            .iter()
            .flat_map(|layer| layer.findings.iter().map(move |f| (layer.id, f)))
            .map(|(layer, finding)| {
                let location = location_of(finding, lock);
                DiffFinding {
                    layer: layer.to_owned(),
                    fingerprint: fingerprints.next(finding, &location),
                    finding: finding.clone(),
                }
            })
            .collect();
        Side { rev, commit, report, packages, findings }
    }

    /// What the JSON shows of it.
    pub fn info(&self) -> SideInfo {
        SideInfo {
            rev: self.rev.clone(),
            commit: self.commit.clone(),
            score: self.report.score.overall,
            grade: self.report.score.grade.clone(),
            gate_passed: self.report.gate.passed,
        }
    }
}
