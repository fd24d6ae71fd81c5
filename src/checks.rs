//! The `Check` trait and the one static list of layers.
//!
//! A layer is one file under `checks/`: it reads the workspace facts in the
//! `Context`, returns a `LayerReport` with a score and findings, and never
//! prints. Adding a layer means adding its file and one line to `CHECKS`.

pub mod advisories;
pub mod manifest;
pub mod posture;
pub mod subcheck;
pub mod supply_chain;
pub mod unsafe_code;

#[cfg(test)]
mod summary_counts;

use crate::codes::CodeDoc;
use crate::context::Context;
use crate::finding::Finding;
use serde::Serialize;

/// A layer of the scorecard.
pub trait Check: Sync {
    /// Stable kebab-case layer id (`advisories`, `unsafe-code`...).
    fn id(&self) -> &'static str;
    /// Human title for tables.
    fn title(&self) -> &'static str;
    /// Risk weight in the overall score (OpenSSF Scorecard's scale: critical 10,
    /// high 7.5, medium 5, low 2.5).
    fn weight(&self) -> f64;
    /// Whether the gate fails when this layer could not be measured.
    fn required(&self) -> bool {
        false
    }
    /// Whether the layer reads the reports of the other layers (it then runs last).
    fn runs_last(&self) -> bool {
        false
    }
    /// What the layer measures and how its score is computed, for `explain`.
    fn about(&self) -> &'static str;
    /// Every finding code the layer can emit.
    fn codes(&self) -> &'static [CodeDoc];
    /// Measures the layer. `earlier` holds the reports of the layers that ran before.
    fn run(&self, ctx: &Context<'_>, earlier: &[LayerReport]) -> LayerReport;
}

/// Every layer, in scorecard order.
pub static CHECKS: &[&dyn Check] = &[
    &advisories::Advisories,
    &unsafe_code::UnsafeCode,
    &supply_chain::SupplyChain,
    &posture::Posture,
    &manifest::ManifestLayer,
];

/// Finds a layer by id.
pub fn by_id(id: &str) -> Option<&'static dyn Check> {
    CHECKS.iter().copied().find(|c| c.id() == id)
}

/// How a layer came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Measured, no warnings, no blocking findings.
    Pass,
    /// Measured, with warnings.
    Warn,
    /// Measured, with blocking findings or below its minimum score.
    Fail,
    /// Could not be measured; never counts as a pass.
    NotMeasured,
}

impl Status {
    /// The kebab-case word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::NotMeasured => "not-measured",
        }
    }

    /// Whether the layer holds (pass or warn).
    pub fn holds(self) -> bool {
        matches!(self, Status::Pass | Status::Warn)
    }
}

/// What one layer found.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LayerReport {
    /// Layer id.
    pub id: &'static str,
    /// Layer title.
    pub title: &'static str,
    /// Final status, set by the scorecard once the gate has graded the findings.
    pub status: Status,
    /// Score from 0 to 10; absent when not measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Risk weight in the overall score.
    pub weight: f64,
    /// One line for the scorecard table.
    pub summary: String,
    /// Why the layer could not be measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_measured_reason: Option<String>,
    /// What the score rests on, one fact per line.
    pub evidence: Vec<String>,
    /// The findings, most severe first once the scorecard has sorted them.
    pub findings: Vec<Finding>,
    /// Layer-specific data (e.g. `packages` for `unsafe-code`).
    #[serde(flatten)]
    #[schemars(with = "std::collections::BTreeMap<String, serde_json::Value>")]
    pub details: serde_json::Map<String, serde_json::Value>,
}

impl LayerReport {
    /// A measured layer.
    pub fn measured(
        check: &dyn Check,
        score: f64,
        summary: impl Into<String>,
        findings: Vec<Finding>,
    ) -> Self {
        LayerReport {
            id: check.id(),
            title: check.title(),
            status: Status::Pass,
            score: Some(subcheck::clamp_score(score)),
            weight: check.weight(),
            summary: summary.into(),
            not_measured_reason: None,
            evidence: Vec::new(),
            findings,
            details: serde_json::Map::new(),
        }
    }

    /// A layer that could not be measured, with the reason.
    pub fn not_measured(check: &dyn Check, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        LayerReport {
            id: check.id(),
            title: check.title(),
            status: Status::NotMeasured,
            score: None,
            weight: check.weight(),
            summary: format!("not measured: {reason}"),
            not_measured_reason: Some(reason),
            evidence: Vec::new(),
            findings: Vec::new(),
            details: serde_json::Map::new(),
        }
    }

    /// Adds evidence lines.
    pub fn with_evidence(mut self, evidence: Vec<String>) -> Self {
        self.evidence = evidence;
        self
    }

    /// Adds findings (e.g. to a not-measured layer that still has something to say).
    pub fn with_findings(mut self, findings: Vec<Finding>) -> Self {
        self.findings.extend(findings);
        self
    }

    /// Attaches layer-specific data under `key`.
    pub fn with_detail(mut self, key: &str, value: impl Serialize) -> Self {
        if let Ok(value) = serde_json::to_value(value) {
            self.details.insert(key.to_owned(), value);
        }
        self
    }

    /// Whether the layer was measured.
    pub fn is_measured(&self) -> bool {
        self.score.is_some()
    }
}
