//! The diff gate: by default it fails only on what the change introduces
//! that the head's policy blocks (the head's findings are already graded,
//! criticality-aware and with its exceptions applied), on a layer the change
//! leaves unmeasured, and on a drop in the overall score larger than
//! `--max-score-drop`. `--fail-on-existing` applies the head's full gate too.

use crate::checks::CHECKS;
use crate::diff::findings::{ADVISORIES, AdvisoryDelta, DiffFinding, FindingDelta, introduced};
use crate::diff::side::Side;
use crate::plural::count;
use serde::Serialize;

/// How the diff gate is asked to decide.
#[derive(Debug, Clone, Copy)]
pub struct DiffOptions {
    /// A drop in the overall score larger than this fails.
    pub max_score_drop: f64,
    /// Apply the full gate to the head, not only to what the change introduces.
    pub fail_on_existing: bool,
}

/// The diff gate's verdict.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DiffGate {
    /// `true` when nothing blocks.
    pub passed: bool,
    /// One line per reason the gate failed.
    pub reasons: Vec<String>,
    /// Findings on both sides that the head's full gate blocks (not the
    /// change's doing; they fail only with `--fail-on-existing`).
    pub existing_blocking: usize,
    /// The largest drop in the overall score that passes.
    pub max_score_drop: f64,
    /// Whether the head's full gate applied too.
    pub fail_on_existing: bool,
}

/// Decides the diff gate.
pub fn verdict(
    base: &Side,
    head: &Side,
    advisories: &AdvisoryDelta,
    others: &FindingDelta,
    options: DiffOptions,
) -> DiffGate {
    let mut reasons = Vec::new();
    let blocking: Vec<&DiffFinding> =
        introduced(advisories, others).filter(|f| f.finding.is_blocking()).collect();
    if !blocking.is_empty() {
        let mut named: Vec<String> = blocking
            .iter()
            .map(|f| match &f.finding.package {
                Some(p) => format!("{} ({} {})", f.finding.rule_id(), p.name, p.version),
                None => f.finding.rule_id().to_owned(),
            })
            .collect();
        named.dedup();
        reasons.push(format!(
            "the change introduces {}: {}",
            count(blocking.len(), "blocking finding", "blocking findings"),
            named.join(", ")
        ));
    }
    for layer in &head.report.layers {
        let required = CHECKS.iter().any(|c| c.id() == layer.id && c.required());
        let was_measured = base.report.layers.iter().any(|l| l.id == layer.id && l.is_measured());
        if let Some(reason) = &layer.not_measured_reason
            && required
            && was_measured
            && !head.report.gate.policy.allow_unmeasured.contains(layer.id)
        {
            reasons.push(format!("{} is no longer measured ({reason})", layer.id));
        }
    }
    if let (Some(before), Some(after)) = (base.report.score.overall, head.report.score.overall) {
        let drop = ((before - after) * 10.0).round() / 10.0;
        if drop > options.max_score_drop + 1e-9 {
            reasons.push(format!(
                "the score drops {before:.1} → {after:.1} (−{drop:.1}, more than --max-score-drop {:.1})",
                options.max_score_drop
            ));
        }
    }
    let existing_blocking = advisories.unchanged.iter().filter(|f| f.finding.is_blocking()).count()
        + head
            .findings
            .iter()
            .filter(|f| f.layer != ADVISORIES && f.finding.is_blocking())
            .filter(|f| !others.new.iter().any(|n| n.fingerprint == f.fingerprint))
            .count();
    if options.fail_on_existing {
        for reason in &head.report.gate.reasons {
            reasons.push(format!("head: {reason}"));
        }
    }
    DiffGate {
        passed: reasons.is_empty(),
        reasons,
        existing_blocking,
        max_score_drop: options.max_score_drop,
        fail_on_existing: options.fail_on_existing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::findings::delta;
    use crate::render::sample;
    use crate::render::sarif::LockIndex;

    fn side(score: f64) -> Side {
        let mut report = sample::report();
        report.score.overall = Some(score);
        Side::new("rev".into(), None, report, Vec::new(), &LockIndex::default())
    }

    fn decide(base: &Side, head: &Side, max_score_drop: f64, fail_on_existing: bool) -> DiffGate {
        let (advisories, others) = delta(&base.findings, &head.findings, |_, _| false);
        let options = DiffOptions { max_score_drop, fail_on_existing };
        verdict(base, head, &advisories, &others, options)
    }

    #[test]
    fn only_a_score_drop_over_the_limit_fails_when_nothing_is_introduced() {
        let (base, head) = (side(8.7), side(8.1));
        let gate = decide(&base, &head, 0.5, false);
        assert!(!gate.passed);
        assert_eq!(gate.reasons.len(), 1, "{:?}", gate.reasons);
        assert!(gate.reasons[0].contains("8.7 → 8.1"), "{:?}", gate.reasons);
        assert!(decide(&base, &head, 0.6, false).passed);
        assert!(
            decide(&side(8.7), &side(8.2), 0.5, false).passed,
            "a drop of exactly the limit passes"
        );
    }

    #[test]
    fn fail_on_existing_adds_the_heads_full_gate() {
        let (base, mut head) = (side(8.0), side(8.0));
        head.report.gate.passed = false;
        head.report.gate.reasons = vec!["advisories: 1 blocking finding".into()];
        assert!(decide(&base, &head, 0.5, false).passed);
        let gate = decide(&base, &head, 0.5, true);
        assert_eq!(gate.reasons, ["head: advisories: 1 blocking finding"]);
    }
}
