//! The `manifest` layer: checks `secure.toml` against reality.
//!
//! It runs last so it can look up each control's `verify` id among the other
//! layers' reports, and match exceptions against every finding of the run.

pub mod codes;
pub mod contact;
pub mod controls;
mod reviews;

use super::{Check, LayerReport, Measured, Review};
use crate::checks::Details;
use crate::codes::CodeDoc;
use crate::context::Context;
use crate::finding::{Finding, Location, Severity};
use crate::manifest::Manifest;
use crate::manifest::schema::Evidence;
use crate::plural::{count, of};
use controls::ControlState;

/// The `manifest` layer.
pub struct ManifestLayer;

/// Codes that cost 2 points instead of 1.
const HEAVY: &[&str] = &[
    "no-security-contact",
    "threat-model-stale",
    "threat-unmitigated",
    "control-failing",
    "exception-expired",
    "policy-loosened",
];

impl Check for ManifestLayer {
    fn id(&self) -> &'static str {
        "manifest"
    }
    fn title(&self) -> &'static str {
        "Security manifest"
    }
    fn weight(&self) -> f64 {
        5.0
    }
    fn as_review(&self) -> Option<&dyn Review> {
        Some(self)
    }
    fn about(&self) -> &'static str {
        "Checks secure.toml, the team's written security context and decisions, against this run: \
         the security contact (and SECURITY.md), the threat model's review date, that every threat has \
         a control and that cargo secure verifies at least one of them, that every `verify` check holds, \
         that attestations, exceptions and lifecycle reviews are within their periods, and that \
         published crates have an MFA attestation, and that nothing is weaker than the organisation \
         policies it `extends` (secure-policy.toml). Not measured without secure.toml (`cargo secure init` \
         writes one). Score: 10, minus 2 for each no-security-contact, threat-model-stale, \
         threat-unmitigated, control-failing, exception-expired and policy-loosened finding, minus 1 for each other \
         warning and 0.5 for each threat-attested-only note, floored at 0; findings silenced by an \
         exception cost nothing."
    }
    fn codes(&self) -> &'static [&'static CodeDoc] {
        codes::CODES
    }
    /// On its own, no other layer's result is known: controls verified by
    /// a layer are not measured.
    fn run(&self, ctx: &Context<'_>) -> LayerReport {
        self.review(ctx, &Measured::default())
    }
}

impl Review for ManifestLayer {
    fn review(&self, ctx: &Context<'_>, measured: &Measured<'_>) -> LayerReport {
        let Some(m) = ctx.manifest else {
            return LayerReport::not_measured(
                self,
                "no secure.toml; run `cargo secure init` to write a starter manifest",
            );
        };
        let today = ctx.today;
        let mut findings = contact::findings(m, &ctx.workspace.root);
        findings.extend(reviews::threat_model(m, today));
        findings.extend(controls::threat_findings(m));
        let (control_findings, states) = controls::control_findings(m, ctx, measured);
        findings.extend(control_findings);
        findings.extend(reviews::mfa(m, ctx.workspace, today));
        findings.extend(reviews::lifecycle(m, today));
        findings.extend(loosened(m));
        findings.extend(required_controls(m));
        findings.extend(m.unpinned.iter().map(|(from, url)| {
            Finding::new(
                &codes::POLICY_UNPINNED,
                Severity::Warning,
                format!(
                    "{from} extends {url} without a sha256: whoever serves it decides this gate"
                ),
            )
            .at(Location::at(&from.file, from.line, from.column))
            .fix(format!("{{ url = \"{url}\", sha256 = \"<sha256 of the file>\" }}"))
        }));
        let seen: Vec<&Finding> = measured.findings().chain(findings.iter()).collect();
        let exception_findings = reviews::exceptions(m, today, &seen);
        findings.extend(exception_findings);

        let score = score(m, &findings, today);
        let summary = summary(m);
        LayerReport::measured(self, score, summary, findings)
            .with_evidence(evidence(m, today))
            .with_details(Details {
                controls: Some(
                    states.into_iter().map(|(id, state)| ControlState { id, state }).collect(),
                ),
                ..Details::default()
            })
    }
}

/// `policy-loosened`: one error per value weaker than a policy's floor.
fn loosened(m: &Manifest) -> Vec<Finding> {
    m.loosened
        .iter()
        .map(|l| {
            Finding::new(&codes::POLICY_LOOSENED, Severity::Error, l.message.clone())
                .at(Location::at(&l.here.file, l.here.line, l.here.column))
                .fix(format!(
                    "remove `{}` at {} or make it at least as strict as {}",
                    l.key, l.here, l.floor
                ))
        })
        .collect()
}

/// `required-control-missing`: a policy's required control that secure.toml does not declare.
fn required_controls(m: &Manifest) -> Vec<Finding> {
    let Some(floors) = &m.floors else { return Vec::new() };
    let criticality = floors.criticality(m.criticality);
    floors
        .required_controls
        .iter()
        .filter(|rc| rc.criticality <= criticality)
        .filter(|rc| {
            !m.controls.iter().any(|c| {
                c.id.value == rc.id || matches!(&c.evidence, Evidence::Verify(id) if *id == rc.id)
            })
        })
        .map(|rc| {
            let what = rc.title.as_ref().map_or(String::new(), |t| format!(" ({t})"));
            Finding::new(
                &codes::REQUIRED_CONTROL_MISSING,
                Severity::Error,
                format!(
                    "the organisation policy at {} requires the control `{}`{what} at criticality {} and above; secure.toml declares none",
                    rc.from, rc.id, rc.criticality
                ),
            )
            .at(Location::at(&rc.from.file, rc.from.line, rc.from.column))
            .fix(format!(
                "[[controls]]\nid = \"{}\"\ntitle = \"<what it is>\"\nverify = \"<check id>\"  # or attested-by and attested-on",
                rc.id
            ))
        })
        .collect()
}

fn score(m: &Manifest, findings: &[Finding], today: time::Date) -> f64 {
    let lost: f64 = findings
        .iter()
        .filter(|f| m.suppression_for(f, today).is_none())
        .map(|f| match f.severity {
            Severity::Note => 0.5,
            _ if HEAVY.contains(&f.code) => 2.0,
            _ => 1.0,
        })
        .sum();
    (10.0 - lost).max(0.0)
}

fn summary(m: &Manifest) -> String {
    let verified = m.controls.iter().filter(|c| matches!(c.evidence, Evidence::Verify(_))).count();
    format!(
        "{}; {}; {} verified",
        m.criticality,
        count(m.threats.len(), "threat", "threats"),
        of(verified, m.controls.len(), "control", "controls")
    )
}

fn evidence(m: &Manifest, today: time::Date) -> Vec<String> {
    let mut lines = vec![format!("asset: {} (criticality {})", m.context.asset, m.criticality)];
    if let Some(contact) = &m.people.security_contact {
        lines.push(format!("security contact: {}", contact.value));
    }
    if let Some(tm) = &m.threat_model {
        lines.push(format!(
            "threat model reviewed {} (every {})",
            tm.reviewed.value,
            count(tm.review_every, "day", "days")
        ));
    }
    let active = m.exceptions.iter().filter(|e| e.expires.value >= today).count();
    lines
        .push(format!("{}, {active} active", count(m.exceptions.len(), "exception", "exceptions")));
    lines
}
