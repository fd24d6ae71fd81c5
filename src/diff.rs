//! What a change adds: the value `cargo secure diff` renders, computed from
//! two measured sides (a base and a head, each a normal run's [`Report`]
//! plus its package list) rather than by re-deriving either.
//!
//! - [`side`]: one measured side, its findings fingerprinted;
//! - [`packages`]: packages added, removed, upgraded, downgraded, moved;
//! - [`findings`]: findings new, fixed and unchanged, matched by fingerprint;
//! - [`unsafe_delta`]: unsafe counts per member and per changed dependency;
//! - [`manifest_delta`]: exceptions and criticality between the two manifests.
//!
//! The verdict is the gate's ([`crate::gate::diff`]); renderers only display.

pub mod findings;
pub mod manifest_delta;
pub mod packages;
pub mod saved;
pub mod side;
pub mod unsafe_delta;

pub use crate::gate::diff::DiffOptions;
use crate::plural::count;
use crate::report::{Report, Tool};
pub use findings::DiffFinding;
use serde::Serialize;
use side::Side;

/// Bumped only on breaking changes to the JSON output of `diff`.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole result of `cargo secure diff`: its `--format json` form.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DiffReport {
    /// Version of this schema.
    pub schema_version: u32,
    /// The tool that produced the report.
    pub tool: Tool,
    /// The date the report describes (UTC, YYYY-MM-DD).
    pub date: String,
    /// What changed between the base and the head.
    pub diff: Diff,
}

/// What changed between the base and the head.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Diff {
    /// One line: packages, new vulnerabilities, unsafe code, score.
    pub summary: String,
    /// The base side.
    pub base: SideInfo,
    /// The head side.
    pub head: SideInfo,
    /// The locked packages added, removed and changed.
    pub packages: packages::PackageDelta,
    /// The advisories layer's findings, new, fixed and unchanged (pre-existing).
    pub advisories: findings::AdvisoryDelta,
    /// Every other layer's findings, new and fixed.
    pub findings: findings::FindingDelta,
    /// Unsafe code per member and per dependency whose version changed.
    #[serde(rename = "unsafe")]
    pub unsafe_code: unsafe_delta::UnsafeDelta,
    /// Code that runs at build time, newly added.
    pub build_time: packages::BuildTimeDelta,
    /// The security manifest's changes.
    pub manifest: manifest_delta::ManifestDelta,
    /// Each layer's score, base then head.
    pub layers: Vec<LayerDelta>,
    /// The diff gate's verdict.
    pub gate: crate::gate::diff::DiffGate,
}

/// One side of the diff.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SideInfo {
    /// How the revision was named (`merge-base of HEAD and origin/main`,
    /// `working tree`, a report file...).
    pub rev: String,
    /// The commit, when the side is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The overall score; absent when nothing was measured.
    pub score: Option<f64>,
    /// The letter grade.
    pub grade: Option<String>,
    /// Whether the full gate passed on this side.
    pub gate_passed: bool,
}

/// A layer's score on both sides.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LayerDelta {
    /// Layer id.
    pub id: String,
    /// Layer title.
    pub title: String,
    /// The base's score; absent when not measured there.
    pub base_score: Option<f64>,
    /// The head's score; absent when not measured there.
    pub head_score: Option<f64>,
    /// The base's status.
    pub base_status: String,
    /// The head's status.
    pub head_status: String,
}

/// Compares two measured sides.
pub fn compute(base: &Side, head: &Side, options: DiffOptions) -> DiffReport {
    let packages = packages::delta(&base.packages, &head.packages);
    let build_time = packages::build_time(&base.packages, &head.packages);
    let untouched = |name: &str, version: &str| {
        base.packages.iter().any(|p| p.name == name && p.version == version)
    };
    let (advisories, findings) = findings::delta(&base.findings, &head.findings, untouched);
    let unsafe_code = unsafe_delta::delta(&base.report, &head.report, &findings);
    let manifest = manifest_delta::delta(&base.report, &head.report);
    let layers = layer_deltas(&base.report, &head.report);
    let gate = crate::gate::diff::verdict(base, head, &advisories, &findings, options);
    let mut diff = Diff {
        summary: String::new(),
        base: base.info(),
        head: head.info(),
        packages,
        advisories,
        findings,
        unsafe_code,
        build_time,
        manifest,
        layers,
        gate,
    };
    diff.summary = summary(&diff);
    DiffReport {
        schema_version: SCHEMA_VERSION,
        tool: head.report.tool.clone(),
        date: head.report.date.clone(),
        diff,
    }
}

fn layer_deltas(base: &Report, head: &Report) -> Vec<LayerDelta> {
    head.layers
        .iter()
        .map(|layer| {
            let before = base.layers.iter().find(|l| l.id == layer.id);
            LayerDelta {
                id: layer.id.to_owned(),
                title: layer.title.to_owned(),
                base_score: before.and_then(|l| l.score),
                head_score: layer.score,
                base_status: before.map_or("absent", |l| l.status.as_str()).to_owned(),
                head_status: layer.status.as_str().to_owned(),
            }
        })
        .collect()
}

/// "+3 packages, −1; 1 new vulnerability; +14 unsafe in 2 dependencies; score 8.7 → 8.1".
fn summary(diff: &Diff) -> String {
    let mut parts = Vec::new();
    let p = &diff.packages;
    let (added, removed, changed) = (p.added.len(), p.removed.len(), p.changed.len());
    if added + removed + changed == 0 {
        parts.push("no package changes".to_owned());
    } else {
        let mut text = format!("+{}, −{removed}", count(added, "package", "packages"));
        if changed > 0 {
            text.push_str(&format!(", {changed} changed"));
        }
        parts.push(text);
    }
    let vulnerabilities =
        diff.advisories.new.iter().filter(|f| f.finding.code == "vulnerability").count();
    if vulnerabilities > 0 {
        parts.push(count(vulnerabilities, "new vulnerability", "new vulnerabilities"));
    }
    let other_advisories = diff.advisories.new.len() - vulnerabilities;
    if other_advisories > 0 {
        parts.push(count(other_advisories, "other new advisory", "other new advisories"));
    }
    if let Some(text) = diff.unsafe_code.summary() {
        parts.push(text);
    }
    let built = diff.build_time.added.len();
    if built > 0 {
        parts.push(count(built, "new build-time package", "new build-time packages"));
    }
    let new = diff.findings.new.len();
    if new > 0 {
        parts.push(count(new, "new finding", "new findings"));
    }
    let fixed = diff.findings.fixed.len() + diff.advisories.fixed.len();
    if fixed > 0 {
        parts.push(format!("{fixed} fixed"));
    }
    let score = |s: Option<f64>| s.map_or_else(|| "–".to_owned(), |s| format!("{s:.1}"));
    parts.push(format!("score {} → {}", score(diff.base.score), score(diff.head.score)));
    parts.join("; ")
}
