//! The gate: the one place where findings get their final severity.
//!
//! The policy starts from the asset's criticality (from `secure.toml`, medium
//! when there is none), is adjusted by `[gate]` in the manifest, then by the
//! command line (`--deny`, `--warn`, `--allow`, `--fail-under`). Checks only
//! propose a severity; this module decides.

use crate::finding::{Finding, Scope, Severity};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

pub mod diff;

/// How much is at stake if the asset is compromised.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Criticality {
    /// Internal tools, experiments.
    Low,
    /// The default: most services and libraries.
    #[default]
    Medium,
    /// Handles sensitive data or is widely depended upon.
    High,
    /// Compromise would be severe: payments, credentials, infrastructure.
    Critical,
}

impl Criticality {
    /// The lowercase word.
    pub fn as_str(self) -> &'static str {
        match self {
            Criticality::Low => "low",
            Criticality::Medium => "medium",
            Criticality::High => "high",
            Criticality::Critical => "critical",
        }
    }
}

impl fmt::Display for Criticality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a command-line or manifest override does to a finding code or advisory id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Override {
    /// Make it an error (fails the gate).
    Deny,
    /// Make it a warning.
    Warn,
    /// Drop it from the report.
    Allow,
}

/// The rules in force for one run; shown in every report so nobody is surprised.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GatePolicy {
    /// The criticality the defaults come from.
    pub criticality: Criticality,
    /// Where the policy comes from (e.g. `secure.toml criticality = "high"`).
    pub source: String,
    /// Finding codes that are errors in shipped scope. `critical-vulnerability`
    /// means vulnerabilities with a critical CVSS rating only.
    pub fail_on: BTreeSet<String>,
    /// The lowest acceptable overall score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
    /// The lowest acceptable score per layer.
    pub layer_min: BTreeMap<String, f64>,
    /// An advisory DB older than this many days is a warning.
    pub max_db_age_days: u64,
    /// Layers allowed to be unmeasured without failing the gate.
    pub allow_unmeasured: BTreeSet<String>,
    /// Per-code or per-advisory overrides, applied last.
    pub overrides: BTreeMap<String, Override>,
    /// The organisation policies in force (`secure-policy.toml`), bases first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<PolicyRef>,
}

/// An organisation policy (`secure-policy.toml`) in force, named in every report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PolicyRef {
    /// `[policy] name`.
    pub name: String,
    /// `[policy] version`.
    pub version: String,
    /// The file, relative to the workspace root (absolute outside the repository).
    pub path: String,
}

/// The advisory DB age, in days, beyond which it is a warning unless overridden.
pub const DEFAULT_MAX_DB_AGE_DAYS: u64 = 7;

/// Finding codes whose severity follows the policy's `fail_on` set.
const POLICY_CODES: &[&str] = &[
    "vulnerability",
    "yanked",
    "unsound",
    "unmaintained",
    "notice",
    "exception-expired",
    "threat-model-stale",
];

impl GatePolicy {
    /// The defaults for a criticality.
    ///
    /// - low: fail on critical vulnerabilities only;
    /// - medium: fail on any vulnerability or yanked crate;
    /// - high: also unsound advisories, expired exceptions and a stale threat model;
    /// - critical: also unmaintained crates, and an overall score below 8.
    pub fn for_criticality(criticality: Criticality, source: impl Into<String>) -> Self {
        let mut fail_on: BTreeSet<String> = BTreeSet::new();
        let mut add = |codes: &[&str]| fail_on.extend(codes.iter().map(|c| (*c).to_owned()));
        add(&["critical-vulnerability"]);
        if criticality >= Criticality::Medium {
            add(&["vulnerability", "yanked"]);
        }
        if criticality >= Criticality::High {
            add(&["unsound", "exception-expired", "threat-model-stale"]);
        }
        if criticality >= Criticality::Critical {
            add(&["unmaintained"]);
        }
        GatePolicy {
            criticality,
            source: source.into(),
            fail_on,
            min_score: (criticality == Criticality::Critical).then_some(8.0),
            layer_min: BTreeMap::new(),
            max_db_age_days: DEFAULT_MAX_DB_AGE_DAYS,
            allow_unmeasured: BTreeSet::new(),
            overrides: BTreeMap::new(),
            policies: Vec::new(),
        }
    }

    /// One line per rule in force, for the scorecard.
    pub fn describe(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .policies
            .iter()
            .map(|p| format!("organisation policy {} {} ({})", p.name, p.version, p.path))
            .collect();
        lines.push(format!("criticality {} ({})", self.criticality, self.source));
        let fail_on: Vec<&str> = self.fail_on.iter().map(String::as_str).collect();
        lines.push(format!("fails on: {}", fail_on.join(", ")));
        if let Some(min) = self.min_score {
            lines.push(format!("minimum overall score: {min:.1}"));
        }
        for (layer, min) in &self.layer_min {
            lines.push(format!("minimum {layer} score: {min:.1}"));
        }
        if self.max_db_age_days != DEFAULT_MAX_DB_AGE_DAYS {
            lines.push(format!(
                "advisory DB older than {} warns",
                crate::plural::count(self.max_db_age_days, "day", "days")
            ));
        }
        lines
    }

    /// Sets a finding's final severity, or returns `None` when an `allow` drops it.
    pub fn grade(&self, mut finding: Finding) -> Option<Finding> {
        if POLICY_CODES.contains(&finding.code) {
            finding.severity = self.policy_severity(&finding);
        } else if self.fail_on.contains(finding.code) {
            finding.severity = Severity::Error;
        }
        let by_rule = self.overrides.get(finding.rule_id());
        match by_rule.or_else(|| self.overrides.get(finding.code)) {
            Some(Override::Allow) => return None,
            Some(Override::Deny) => finding.severity = Severity::Error,
            Some(Override::Warn) => finding.severity = Severity::Warning,
            None => {}
        }
        Some(finding)
    }

    fn policy_severity(&self, finding: &Finding) -> Severity {
        let ships = finding.scope.is_none_or(Scope::ships);
        let critical = finding
            .advisory
            .as_ref()
            .and_then(|a| a.cvss_severity.as_deref())
            .is_some_and(|s| s == "critical");
        let fails = self.fail_on.contains(finding.code)
            || (finding.code == "vulnerability"
                && critical
                && self.fail_on.contains("critical-vulnerability"));
        if fails && ships {
            Severity::Error
        } else if finding.code == "notice" {
            Severity::Note
        } else {
            Severity::Warning
        }
    }
}
