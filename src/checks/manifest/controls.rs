//! Controls against the other layers' reports, and threats against controls.

use crate::checks::Measured;
use crate::checks::manifest::codes::{
    ATTESTATION_STALE, CONTROL_FAILING, CONTROL_NOT_MEASURED, THREAT_ATTESTED_ONLY,
    THREAT_UNMITIGATED,
};
use crate::checks::subcheck::SubStatus;
use crate::context::Context;
use crate::finding::{Finding, Location, Severity};
use crate::manifest::Manifest;
use crate::manifest::schema::{Control, DEFAULT_REVIEW_DAYS, Evidence};
use crate::plural::count;
use serde::Serialize;

/// What this run says about a control's verifying check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "detail", rename_all = "kebab-case")]
pub enum State {
    /// The check holds.
    Passing,
    /// The check fails, with why.
    Failing(String),
    /// The check was not measured, with why.
    NotMeasured(String),
    /// A person attests it.
    Attested,
}

/// The state of the check `id` (a layer id or a sub-check id) in `measured`.
pub fn state_of(id: &str, ctx: &Context<'_>, measured: &Measured<'_>) -> State {
    if let Some(layer) = measured.layer(id) {
        let Some(score) = layer.score else {
            let reason = layer.not_measured_reason.clone().unwrap_or_default();
            return State::NotMeasured(format!("layer `{id}` not measured: {reason}"));
        };
        let blocking = layer.findings.iter().filter(|f| blocks(f, ctx)).count();
        if blocking > 0 {
            return State::Failing(format!(
                "layer `{id}` has {}",
                count(blocking, "blocking finding", "blocking findings")
            ));
        }
        if let Some(min) = ctx.policy.layer_min.get(id).filter(|min| score < **min) {
            return State::Failing(format!(
                "layer `{id}` scores {score:.1}, below its minimum {min:.1}"
            ));
        }
        return State::Passing;
    }
    sub_check_state(id, measured)
}

/// The state of a sub-check listed under a layer's `checks` detail.
fn sub_check_state(id: &str, measured: &Measured<'_>) -> State {
    let Some(sub) = measured.sub_check(id) else {
        return State::NotMeasured(format!("no layer of this run reported the check `{id}`"));
    };
    let summary = &sub.summary;
    match sub.status {
        SubStatus::Pass | SubStatus::Warn => State::Passing,
        SubStatus::Fail => State::Failing(format!("check `{id}` fails: {summary}")),
        other => State::NotMeasured(format!("check `{id}` is {}: {summary}", other.as_str())),
    }
}

/// Whether a finding of another layer blocks the gate once graded.
fn blocks(finding: &Finding, ctx: &Context<'_>) -> bool {
    let mut finding = finding.clone();
    if let Some(m) = ctx.manifest {
        finding.suppressed = m.suppression_for(&finding, ctx.today);
    }
    ctx.policy.grade(finding).is_some_and(|f| f.is_blocking())
}

/// A control and whether it holds, as listed in the `controls` detail.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ControlState {
    /// The control's id.
    pub id: String,
    /// Whether it holds.
    pub state: State,
}

/// The findings about controls: failing, unmeasured, stale attestations.
pub fn control_findings(
    m: &Manifest,
    ctx: &Context<'_>,
    measured: &Measured<'_>,
) -> (Vec<Finding>, Vec<(String, State)>) {
    let mut findings = Vec::new();
    let mut states = Vec::new();
    let default_period = m.threat_model.as_ref().map_or(DEFAULT_REVIEW_DAYS, |t| t.review_every);
    for control in &m.controls {
        let at = at(&control.id.pos);
        let id = &control.id.value;
        let state = match &control.evidence {
            Evidence::Verify(check) => state_of(check, ctx, measured),
            Evidence::Attested { on, by } => {
                let period = control.review_every.unwrap_or(default_period);
                let age = crate::dates::days_between(on.value, ctx.today);
                if age > i64::from(period) {
                    findings.push(
                        Finding::new(
                            &ATTESTATION_STALE,
                            Severity::Warning,
                            format!(
                                "control `{id}` was attested by {by} on {}, {} ago (review every {})",
                                on.value,
                                count(age, "day", "days"),
                                count(period, "day", "days")
                            ),
                        )
                        .at(Location::at(crate::manifest::FILE_NAME, on.pos.line, on.pos.column))
                        .fix(format!("re-check the control, then set: attested-on = {}", ctx.today)),
                    );
                }
                State::Attested
            }
        };
        match &state {
            State::Failing(why) => findings.push(
                Finding::new(
                    &CONTROL_FAILING,
                    Severity::Warning,
                    format!("control `{id}` is not holding: {why}"),
                )
                .at(at.clone())
                .fix("fix the findings of the named check, listed in this report"),
            ),
            State::NotMeasured(why) => findings.push(
                Finding::new(
                    &CONTROL_NOT_MEASURED,
                    Severity::Warning,
                    format!("control `{id}` could not be verified: {why}"),
                )
                .at(at.clone())
                .fix(
                    "make the check measurable in this run, or point `verify` at a check that runs",
                ),
            ),
            State::Passing | State::Attested => {}
        }
        states.push((id.clone(), state));
    }
    (findings, states)
}

/// The findings about threats: unmitigated, or mitigated only by attestations.
pub fn threat_findings(m: &Manifest) -> Vec<Finding> {
    let mut findings = Vec::new();
    let verified = |id: &str| {
        m.controls.iter().any(|c| c.id.value == id && matches!(c.evidence, Evidence::Verify(_)))
    };
    for threat in &m.threats {
        let id = &threat.id.value;
        let at = at(&threat.id.pos);
        if threat.mitigations.is_empty() {
            let example =
                m.controls.first().map_or("<control id>", |c: &Control| c.id.value.as_str());
            findings.push(
                Finding::new(
                    &THREAT_UNMITIGATED,
                    Severity::Warning,
                    format!("threat `{id}` ({}) has no mitigating control", threat.category),
                )
                .at(at)
                .fix(format!(
                    "add to the [[threats]] entry `{id}`:\nmitigations = [\"{example}\"]"
                )),
            );
        } else if !threat.mitigations.iter().any(|c| verified(&c.value)) {
            findings.push(
                Finding::new(
                    &THREAT_ATTESTED_ONLY,
                    Severity::Note,
                    format!("threat `{id}` is mitigated only by attested controls; cargo secure verifies none of them"),
                )
                .at(at)
                .fix("add a control with `verify = \"<check id>\"` to its mitigations"),
            );
        }
    }
    findings
}

/// A location in secure.toml.
pub fn at(pos: &crate::manifest::reader::Pos) -> Location {
    Location::at(crate::manifest::FILE_NAME, pos.line, pos.column)
}

#[cfg(test)]
mod tests {
    use super::{State, sub_check_state};
    use crate::checks::subcheck::{SubCheck, SubStatus};
    use crate::checks::{Details, LayerReport, Measured, by_id};

    fn posture(status: &str) -> Vec<LayerReport> {
        let check = by_id("posture").expect("posture layer");
        let status = match status {
            "pass" => SubStatus::Pass,
            "warn" => SubStatus::Warn,
            "fail" => SubStatus::Fail,
            _ => SubStatus::NotApplicable,
        };
        let sub = SubCheck {
            id: "fuzzing",
            title: "Fuzzing",
            score: Some(8.0),
            weight: 5.0,
            status,
            summary: "2 targets".to_owned(),
        };
        let details = Details { checks: Some(vec![sub]), ..Details::default() };
        vec![LayerReport::measured(check, 8.0, "ok", Vec::new()).with_details(details)]
    }

    #[test]
    fn sub_checks_are_found_in_other_layers_details() {
        assert_eq!(sub_check_state("fuzzing", &Measured::new(&posture("pass"))), State::Passing);
        assert_eq!(sub_check_state("fuzzing", &Measured::new(&posture("warn"))), State::Passing);
        assert!(matches!(
            sub_check_state("fuzzing", &Measured::new(&posture("fail"))),
            State::Failing(_)
        ));
        assert!(matches!(
            sub_check_state("fuzzing", &Measured::new(&posture("not-applicable"))),
            State::NotMeasured(_)
        ));
        assert!(matches!(
            sub_check_state("ci", &Measured::new(&posture("pass"))),
            State::NotMeasured(_)
        ));
    }
}
