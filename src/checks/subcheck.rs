//! Scored sub-checks: the parts of a layer that are each scored 0 to 10 with a
//! risk weight, as OpenSSF Scorecard's checks are. A sub-check that does not
//! apply is "not applicable" and leaves the layer score alone; it is never a pass.

use serde::Serialize;

/// Risk weights (OpenSSF Scorecard's scale).
pub mod weight {
    /// Critical risk.
    pub const CRITICAL: f64 = 10.0;
    /// High risk.
    pub const HIGH: f64 = 7.5;
    /// Medium risk.
    pub const MEDIUM: f64 = 5.0;
    /// Low risk.
    pub const LOW: f64 = 2.5;
}

/// How a sub-check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubStatus {
    /// Scored 10.
    Pass,
    /// Scored from 5 up to 10.
    Warn,
    /// Scored below 5.
    Fail,
    /// The check does not apply to this repository.
    NotApplicable,
}

impl SubStatus {
    /// The kebab-case word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            SubStatus::Pass => "pass",
            SubStatus::Warn => "warn",
            SubStatus::Fail => "fail",
            SubStatus::NotApplicable => "not-applicable",
        }
    }
}

/// One scored sub-check, as listed under a layer's `checks` detail.
#[derive(Debug, Clone, Serialize)]
pub struct SubCheck {
    /// Stable id, usable in a manifest control's `verify`.
    pub id: &'static str,
    /// Human title.
    pub title: &'static str,
    /// 0 to 10; absent when not applicable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Risk weight.
    pub weight: f64,
    /// How it came out.
    pub status: SubStatus,
    /// One line saying what was seen.
    pub summary: String,
}

impl SubCheck {
    /// A scored sub-check; the status follows the score.
    pub fn scored(
        id: &'static str,
        title: &'static str,
        weight: f64,
        score: f64,
        summary: impl Into<String>,
    ) -> Self {
        let score = clamp_score(score);
        let status = if score >= 10.0 {
            SubStatus::Pass
        } else if score >= 5.0 {
            SubStatus::Warn
        } else {
            SubStatus::Fail
        };
        SubCheck { id, title, score: Some(score), weight, status, summary: summary.into() }
    }

    /// A sub-check that does not apply, with why.
    pub fn not_applicable(
        id: &'static str,
        title: &'static str,
        weight: f64,
        why: impl Into<String>,
    ) -> Self {
        SubCheck {
            id,
            title,
            score: None,
            weight,
            status: SubStatus::NotApplicable,
            summary: why.into(),
        }
    }
}

/// What one sub-check found: its score, its findings and any layer detail.
#[derive(Debug)]
pub struct SubOutcome {
    /// Its score and status.
    pub sub: SubCheck,
    /// Its findings.
    pub findings: Vec<crate::finding::Finding>,
    /// The layer tables it contributes.
    pub details: super::Details,
}

impl SubOutcome {
    /// A sub-check's score and findings, without detail.
    pub fn new(sub: SubCheck, findings: Vec<crate::finding::Finding>) -> Self {
        SubOutcome { sub, findings, details: super::Details::default() }
    }
}

/// A score within 0..=10 with one decimal; a NaN (a formula dividing by
/// zero) counts as 0, never as a pass.
pub fn clamp_score(score: f64) -> f64 {
    if score.is_nan() { 0.0 } else { (score.clamp(0.0, 10.0) * 10.0).round() / 10.0 }
}

/// The weighted mean of the applicable sub-checks; `None` when none applies.
pub fn layer_score(subs: &[SubCheck]) -> Option<f64> {
    let (sum, weights) = subs
        .iter()
        .filter_map(|s| s.score.map(|score| (score * s.weight, s.weight)))
        .fold((0.0, 0.0), |(a, b), (x, w)| (a + x, b + w));
    (weights > 0.0).then(|| sum / weights)
}

/// One evidence line per sub-check (`security-policy 10/10: SECURITY.md ...`).
pub fn evidence(subs: &[SubCheck]) -> Vec<String> {
    subs.iter()
        .map(|s| match s.score {
            Some(score) => format!("{} {}/10: {}", s.id, short(score), s.summary),
            None => format!("{} n/a: {}", s.id, s.summary),
        })
        .collect()
}

/// A score with one decimal, or none when it is whole (`7.5`, `10`).
pub fn short(score: f64) -> String {
    if score.fract() == 0.0 { format!("{score:.0}") } else { format!("{score:.1}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_applicable_checks_leave_the_score_alone() {
        let subs = [
            SubCheck::scored("a", "A", weight::HIGH, 10.0, "ok"),
            SubCheck::scored("b", "B", weight::LOW, 0.0, "missing"),
            SubCheck::not_applicable("c", "C", weight::CRITICAL, "no workflows"),
        ];
        assert_eq!(layer_score(&subs), Some(7.5));
        assert_eq!(subs[1].status, SubStatus::Fail);
        assert_eq!(layer_score(&subs[2..]), None);
    }
}
