//! The scorecard: runs every layer, lets the manifest's exceptions and the gate
//! policy grade the findings, scores the layers and decides the gate.
//!
//! Data flows one way: facts (workspace, DB) -> layer reports -> graded
//! findings -> scores and gate -> renderers.

use crate::checks::{CHECKS, LayerReport, Measured, Status};
use crate::context::Context;
use crate::gate::GatePolicy;
use crate::manifest::Manifest;
use crate::timings::Timings;
use rayon::prelude::*;
use serde::Serialize;
use std::time::{Duration, Instant};

/// The overall result of a run.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Scorecard {
    /// Overall score and grade.
    pub score: OverallScore,
    /// The gate's verdict.
    pub gate: GateOutcome,
    /// Every layer, measured or not, in scorecard order.
    pub layers: Vec<LayerReport>,
    /// How long each layer took (stderr with `-v`; never serialised).
    #[serde(skip)]
    #[schemars(skip)]
    pub timings: Timings,
}

/// The weighted mean of the measured layers.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OverallScore {
    /// 0 to 10; absent when no layer was measured.
    pub overall: Option<f64>,
    /// A (>= 9), B (>= 8), C (>= 7), D (>= 6) or F.
    pub grade: Option<String>,
    /// Layers that hold (pass or warn).
    pub layers_holding: usize,
    /// Layers that were measured.
    pub layers_measured: usize,
    /// All layers.
    pub layers_total: usize,
}

/// Whether the gate passed, and why not.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GateOutcome {
    /// `true` when nothing blocks.
    pub passed: bool,
    /// One line per reason the gate failed.
    pub reasons: Vec<String>,
    /// The rules that were applied.
    pub policy: GatePolicy,
}

/// Runs every layer and grades the result.
pub fn run(ctx: &Context<'_>, policy: &GatePolicy) -> Scorecard {
    let timed: Vec<(LayerReport, Duration)> = CHECKS
        .par_iter()
        .filter(|check| check.as_review().is_none())
        .map(|check| {
            let start = Instant::now();
            (check.run(ctx), start.elapsed())
        })
        .collect();
    let mut timings = Timings::default();
    let mut layers = Vec::new();
    for (layer, took) in timed {
        timings.record(layer.id, took);
        layers.push(layer);
    }
    for review in CHECKS.iter().filter_map(|check| check.as_review()) {
        let report = timings.time(review.id(), || review.review(ctx, &Measured::new(&layers)));
        layers.push(report);
    }
    layers.sort_by_key(|layer| CHECKS.iter().position(|c| c.id() == layer.id));
    let mut scorecard = grade(layers, ctx.manifest, ctx.today, policy);
    scorecard.timings = timings;
    scorecard
}

/// Applies the manifest's exceptions (as of `today`) and the policy, then
/// scores and gates. Public for the property tests.
pub fn grade(
    mut layers: Vec<LayerReport>,
    manifest: Option<&Manifest>,
    today: time::Date,
    policy: &GatePolicy,
) -> Scorecard {
    for layer in &mut layers {
        let findings = std::mem::take(&mut layer.findings);
        layer.findings = findings
            .into_iter()
            .map(|mut finding| {
                if let Some(manifest) = manifest {
                    finding.suppressed = manifest.suppression_for(&finding, today);
                }
                finding
            })
            .filter_map(|finding| policy.grade(finding))
            .collect();
        layer.findings.sort_by(|a, b| {
            (a.suppressed.is_some(), std::cmp::Reverse(a.severity), a.code, &a.package).cmp(&(
                b.suppressed.is_some(),
                std::cmp::Reverse(b.severity),
                b.code,
                &b.package,
            ))
        });
        layer.status = status(layer, policy);
    }

    let measured: Vec<&LayerReport> = layers.iter().filter(|l| l.is_measured()).collect();
    let weight: f64 = measured.iter().map(|l| l.weight).sum();
    let overall = (weight > 0.0).then(|| {
        let sum: f64 = measured.iter().map(|l| l.weight * l.score.unwrap_or(0.0)).sum();
        (sum / weight * 10.0).round() / 10.0
    });
    let score = OverallScore {
        overall,
        grade: overall.map(|s| letter(s).to_owned()),
        layers_holding: layers.iter().filter(|l| l.status.holds()).count(),
        layers_measured: measured.len(),
        layers_total: layers.len(),
    };
    let reasons = gate_reasons(&layers, overall, policy);
    Scorecard {
        score,
        gate: GateOutcome { passed: reasons.is_empty(), reasons, policy: policy.clone() },
        layers,
        timings: Timings::default(),
    }
}

/// The letter grade of a score.
pub fn letter(score: f64) -> &'static str {
    match score {
        s if s >= 9.0 => "A",
        s if s >= 8.0 => "B",
        s if s >= 7.0 => "C",
        s if s >= 6.0 => "D",
        _ => "F",
    }
}

fn status(layer: &LayerReport, policy: &GatePolicy) -> Status {
    let Some(score) = layer.score else { return Status::NotMeasured };
    let below_min = policy.layer_min.get(layer.id).is_some_and(|min| score < *min);
    if below_min || layer.findings.iter().any(|f| f.is_blocking()) {
        Status::Fail
    } else if layer
        .findings
        .iter()
        .any(|f| f.suppressed.is_none() && f.severity == crate::finding::Severity::Warning)
    {
        Status::Warn
    } else {
        Status::Pass
    }
}

fn gate_reasons(layers: &[LayerReport], overall: Option<f64>, policy: &GatePolicy) -> Vec<String> {
    let mut reasons = Vec::new();
    for layer in layers {
        let blocking: Vec<_> = layer.findings.iter().filter(|f| f.is_blocking()).collect();
        if !blocking.is_empty() {
            let mut named: Vec<String> = blocking
                .iter()
                .map(|f| match &f.package {
                    Some(p) => format!("{} ({} {})", f.rule_id(), p.name, p.version),
                    None => f.rule_id().to_owned(),
                })
                .collect();
            named.dedup();
            let shown = named.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            let more = named.len().saturating_sub(3);
            let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
            reasons.push(format!(
                "{}: {}: {shown}{tail}",
                layer.id,
                crate::plural::count(blocking.len(), "blocking finding", "blocking findings")
            ));
        }
        let required = CHECKS.iter().any(|c| c.id() == layer.id && c.required());
        if let Some(reason) = &layer.not_measured_reason
            && required
            && !policy.allow_unmeasured.contains(layer.id)
        {
            reasons.push(format!(
                "{} not measured ({reason}); pass --allow-unmeasured {} to accept",
                layer.id, layer.id
            ));
        }
        if let (Some(score), Some(min)) = (layer.score, policy.layer_min.get(layer.id))
            && score < *min
        {
            reasons.push(format!("{} score {score:.1} is below the minimum {min:.1}", layer.id));
        }
    }
    if let (Some(score), Some(min)) = (overall, policy.min_score)
        && score < min
    {
        reasons.push(format!("overall score {score:.1} is below the minimum {min:.1}"));
    }
    if let (None, Some(min)) = (overall, policy.min_score) {
        reasons.push(format!("no layer was measured, so no score reaches the minimum {min:.1}"));
    }
    reasons
}
