//! The validated shape of `secure.toml`, schema version 1.
//!
//! Every item keeps the position it was written at, so findings about it can
//! point into the manifest.

use super::reader::{At, Pos};
use crate::gate::Criticality;
use std::collections::BTreeMap;

/// The STRIDE threat categories.
pub const STRIDE: &[&str] = &[
    "spoofing",
    "tampering",
    "repudiation",
    "information-disclosure",
    "denial-of-service",
    "elevation-of-privilege",
];

/// Low / medium / high, for likelihood, impact, cost and benefit.
pub const LEVELS: &[&str] = &["low", "medium", "high"];

/// The criticality words.
pub const CRITICALITIES: &[&str] = &["low", "medium", "high", "critical"];

/// The criticality a validated word names.
pub fn criticality(word: &str) -> Criticality {
    match word {
        "low" => Criticality::Low,
        "high" => Criticality::High,
        "critical" => Criticality::Critical,
        _ => Criticality::Medium,
    }
}

/// Who can reach the asset.
pub const EXPOSURES: &[&str] = &["internal", "partner", "internet"];

/// The delivery stages of `[lifecycle]`.
pub const STAGES: &[&str] = &[
    "inception",
    "requirements",
    "design",
    "development",
    "testing",
    "deployment",
    "operations",
    "decommissioning",
];

/// The review period used when the manifest names none.
pub const DEFAULT_REVIEW_DAYS: u32 = 365;

/// `[context]`: what the asset is and what is at stake.
#[derive(Debug, Clone, Default)]
pub struct AssetContext {
    /// What this is.
    pub asset: String,
    /// How much is at stake.
    pub criticality: Criticality,
    /// Where `criticality` is written.
    pub criticality_pos: Pos,
    /// `internal`, `partner` or `internet`.
    pub exposure: Option<String>,
    /// Kinds of data handled.
    pub data: Vec<String>,
    /// Who might attack it.
    pub threat_actors: Vec<String>,
}

/// `[people]`: who owns security.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// Email or URL to report vulnerabilities to.
    pub security_contact: Option<At<String>>,
    /// Named owners.
    pub owners: Vec<String>,
    /// Optional roles: product, engineering, security.
    pub roles: BTreeMap<String, String>,
    /// Where `[people]` is (or the top of the file).
    pub pos: Pos,
}

/// `[threat-model]`: when the threat model was last reviewed.
#[derive(Debug, Clone)]
pub struct ThreatModel {
    /// Last review.
    pub reviewed: At<time::Date>,
    /// Review period in days.
    pub review_every: u32,
    /// The written threat model, a path inside the repository.
    pub document: Option<String>,
}

/// One `[[threats]]` entry.
#[derive(Debug, Clone)]
pub struct Threat {
    /// Stable id.
    pub id: At<String>,
    /// What could go wrong.
    pub title: String,
    /// STRIDE category.
    pub category: String,
    /// low / medium / high.
    pub likelihood: Option<String>,
    /// low / medium / high.
    pub impact: Option<String>,
    /// Control ids that answer it.
    pub mitigations: Vec<At<String>>,
}

/// How a control is known to work.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    /// A check cargo secure runs itself (a layer or sub-check id).
    Verify(String),
    /// A person vouches for it.
    Attested {
        /// Who.
        by: String,
        /// When.
        on: At<time::Date>,
    },
}

/// One `[[controls]]` entry.
#[derive(Debug, Clone)]
pub struct Control {
    /// Stable id, named by threats' `mitigations`.
    pub id: At<String>,
    /// What it is.
    pub title: String,
    /// Verified by a check, or attested.
    pub evidence: Evidence,
    /// low / medium / high.
    pub cost: Option<String>,
    /// low / medium / high.
    pub benefit: Option<String>,
    /// How often an attestation must be renewed, in days.
    pub review_every: Option<u32>,
}

/// What an exception accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum ExceptionTarget {
    /// A RUSTSEC advisory id.
    Advisory(String),
    /// A finding code.
    Finding(String),
}

/// One `[[exceptions]]` entry: an accepted risk.
#[derive(Debug, Clone)]
pub struct Exception {
    /// What it accepts.
    pub target: ExceptionTarget,
    /// Only this package (`name` or `name@version`).
    pub package: Option<String>,
    /// Why it is accepted.
    pub reason: String,
    /// Who accepted it.
    pub owner: String,
    /// Until when.
    pub expires: At<time::Date>,
    /// Where the entry starts.
    pub pos: Pos,
    /// The organisation policy it comes from (as shown); `None` for secure.toml.
    pub file: Option<String>,
}

impl Exception {
    /// The advisory id or finding code it names.
    pub fn names(&self) -> &str {
        match &self.target {
            ExceptionTarget::Advisory(id) | ExceptionTarget::Finding(id) => id,
        }
    }

    /// The file it is written in, as shown.
    pub fn file(&self) -> &str {
        self.file.as_deref().unwrap_or(super::FILE_NAME)
    }

    /// `RUSTSEC-2024-0001` or `unsafe-undocumented (for foo)`.
    pub fn describe(&self) -> String {
        match &self.package {
            Some(package) => format!("{} (for {package})", self.names()),
            None => self.names().to_owned(),
        }
    }
}

/// One stage of `[lifecycle]`.
#[derive(Debug, Clone)]
pub struct Stage {
    /// The stage name.
    pub name: String,
    /// When security last looked at it.
    pub reviewed: Option<At<time::Date>>,
    /// A path or URL showing it.
    pub evidence: Option<String>,
}

/// `[gate]`: overrides of the context-derived defaults.
#[derive(Debug, Clone, Default)]
pub struct GateOverrides {
    /// Lowest acceptable overall score.
    pub min_score: Option<f64>,
    /// Finding codes that fail the gate (replaces the defaults).
    pub fail_on: Option<Vec<String>>,
    /// Lowest acceptable score per layer.
    pub layer_min: BTreeMap<String, f64>,
    /// Advisory DB age, in days, beyond which it is a warning.
    pub max_db_age_days: Option<u32>,
    /// Where each value was written, by key (`min-score`, `min-layer-score.advisories`...).
    pub at: BTreeMap<String, Pos>,
}

impl GateOverrides {
    /// Whether `[gate]` overrides anything.
    pub fn is_empty(&self) -> bool {
        self.min_score.is_none()
            && self.fail_on.is_none()
            && self.layer_min.is_empty()
            && self.max_db_age_days.is_none()
    }
}
