//! What a finding code's documentation holds. Each layer declares its codes
//! with their documentation beside the logic that emits them; the one
//! registry of layers (`checks::codes`) lists them all.
//!
//! Codes are stable kebab-case identifiers; `cargo secure explain CODE` prints
//! their entry, SARIF turns each into a rule, and a test pins that every code a
//! layer can emit has one.

use serde::Serialize;

/// The security principle a check serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Principle {
    /// Security in layers: no single control is trusted alone.
    Cumulative,
    /// Risk depends on the asset: strictness follows the context.
    Contextual,
    /// Security in every stage of delivery; reviews go stale, exceptions expire.
    Continuous,
    /// Security is everyone's job: named owners, readable reports.
    Collaborative,
}

impl Principle {
    /// The lowercase word.
    pub fn as_str(self) -> &'static str {
        match self {
            Principle::Cumulative => "cumulative",
            Principle::Contextual => "contextual",
            Principle::Continuous => "continuous",
            Principle::Collaborative => "collaborative",
        }
    }
}

/// What one finding code means.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CodeDoc {
    /// The stable code.
    pub code: &'static str,
    /// One-line description (SARIF `shortDescription`).
    pub title: &'static str,
    /// The principle it serves.
    pub principle: Principle,
    /// What the check looks at.
    pub checks: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}
