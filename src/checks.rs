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
    /// The layer as one that reviews the other layers' results (the security
    /// manifest's): it then runs after them and receives them.
    fn as_review(&self) -> Option<&dyn Review> {
        None
    }
    /// What the layer measures and how its score is computed, for `explain`.
    fn about(&self) -> &'static str;
    /// Every finding code the layer can emit.
    fn codes(&self) -> &'static [&'static CodeDoc];
    /// Measures the layer from the facts.
    fn run(&self, ctx: &Context<'_>) -> LayerReport;
}

/// A layer that speaks about the other layers' results, which it receives
/// typed rather than reading another layer's report by hand.
pub trait Review: Check {
    /// Measures the layer from the facts and the other layers' results.
    fn review(&self, ctx: &Context<'_>, measured: &Measured<'_>) -> LayerReport;
}

/// The results of the layers that ran before a [`Review`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Measured<'a> {
    layers: &'a [LayerReport],
}

impl<'a> Measured<'a> {
    /// The given layers' results.
    pub fn new(layers: &'a [LayerReport]) -> Self {
        Measured { layers }
    }

    /// The layer with `id`, when it ran.
    pub fn layer(&self, id: &str) -> Option<&'a LayerReport> {
        self.layers.iter().find(|l| l.id == id)
    }

    /// The first sub-check with `id` any layer reported.
    pub fn sub_check(&self, id: &str) -> Option<&'a subcheck::SubCheck> {
        self.layers
            .iter()
            .filter_map(|l| l.details.checks.as_deref())
            .find_map(|checks| checks.iter().find(|c| c.id == id))
    }

    /// Every finding of those layers.
    pub fn findings(&self) -> impl Iterator<Item = &'a Finding> {
        self.layers.iter().flat_map(|l| l.findings.iter())
    }
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

/// Every documented code, with the id of the layer that emits it.
pub fn codes() -> impl Iterator<Item = (&'static str, &'static CodeDoc)> {
    CHECKS.iter().flat_map(|check| check.codes().iter().map(|doc| (check.id(), *doc)))
}

/// Looks up a code: the layer that emits it and its documentation.
pub fn find_code(code: &str) -> Option<(&'static str, &'static CodeDoc)> {
    codes().find(|(_, doc)| doc.code == code)
}

/// What a security manifest may name: every layer and every code.
pub fn vocabulary() -> crate::manifest::Vocabulary {
    crate::manifest::Vocabulary {
        layers: CHECKS.iter().map(|c| c.id()).collect(),
        codes: codes().map(|(_, doc)| doc.code).collect(),
    }
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
    /// Layer-specific tables (e.g. `packages` for `unsafe-code`).
    #[serde(flatten, serialize_with = "sorted_keys")]
    #[schemars(with = "std::collections::BTreeMap<String, serde_json::Value>")]
    pub details: Details,
}

/// What a layer reports beside its findings: one field per kind of table,
/// filled by the layer that measures it and read by the renderers. Serialised
/// flat into the layer's JSON object, every object's keys in alphabetical
/// order (see `sorted_keys`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Details {
    /// `supply-chain`: the packages that run code at build time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_time_code: Option<Vec<supply_chain::build_time::BuildTimePackage>>,
    /// The scored sub-checks (posture, supply-chain, unsafe-code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks: Option<Vec<subcheck::SubCheck>>,
    /// `manifest`: each control and whether it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controls: Option<Vec<manifest::controls::ControlState>>,
    /// `advisories`: the database used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db: Option<crate::db::DbInfo>,
    /// `supply-chain`: the crates locked in several incompatible versions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<Vec<supply_chain::duplicates::Duplicate>>,
    /// `unsafe-code`: every package's counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packages: Option<Vec<unsafe_code::report::PackageDetail>>,
    /// `supply-chain`: the dependencies not from crates.io.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<supply_chain::sources::Source>>,
    /// `posture`: which engine measured the workflows, when there are any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow_engine: Option<String>,
    /// `advisories`: whether yanked releases were looked up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yanked_checked: Option<bool>,
}

/// The tables as JSON with every object's keys in alphabetical order, as
/// the report has always written them.
fn sorted_keys<S: serde::Serializer>(details: &Details, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::Error;
    serde_json::to_value(details).map_err(S::Error::custom)?.serialize(serializer)
}

impl Details {
    /// Takes every table `other` has.
    pub fn merge(&mut self, other: Details) {
        let Details {
            build_time_code,
            checks,
            controls,
            db,
            duplicates,
            packages,
            sources,
            workflow_engine,
            yanked_checked,
        } = other;
        self.build_time_code = build_time_code.or(self.build_time_code.take());
        self.checks = checks.or(self.checks.take());
        self.controls = controls.or(self.controls.take());
        self.db = db.or(self.db.take());
        self.duplicates = duplicates.or(self.duplicates.take());
        self.packages = packages.or(self.packages.take());
        self.sources = sources.or(self.sources.take());
        self.workflow_engine = workflow_engine.or(self.workflow_engine.take());
        self.yanked_checked = yanked_checked.or(self.yanked_checked.take());
    }
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
            details: Details::default(),
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
            details: Details::default(),
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

    /// Attaches layer-specific tables.
    pub fn with_details(mut self, details: Details) -> Self {
        self.details.merge(details);
        self
    }

    /// Whether the layer was measured.
    pub fn is_measured(&self) -> bool {
        self.score.is_some()
    }
}
