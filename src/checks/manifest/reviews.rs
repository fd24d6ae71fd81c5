//! Dates that go stale: the threat model, exceptions, the lifecycle; and the
//! MFA attestation a published crate needs.

use super::controls::at;
use crate::checks::manifest::codes::{
    EXCEPTION_EXPIRED, EXCEPTION_TOO_LONG, EXCEPTION_UNUSED, LIFECYCLE_STALE, MFA_NOT_ATTESTED,
    THREAT_MODEL_STALE,
};
use crate::finding::{Finding, Location, Severity};
use crate::gate::Criticality;
use crate::manifest::exceptions::matches;
use crate::manifest::schema::Evidence;
use crate::manifest::{FILE_NAME, Manifest};
use crate::plural::count;
use crate::workspace::Workspace;
use time::Date;

/// Longest an exception may run, and the lifecycle's review window.
const YEAR: i64 = 365;

/// `threat-model-stale`.
pub fn threat_model(m: &Manifest, today: Date) -> Vec<Finding> {
    let Some(tm) = &m.threat_model else {
        return vec![
            Finding::new(&THREAT_MODEL_STALE, Severity::Warning, "secure.toml records no threat model review")
                .at(Location::file(FILE_NAME))
                .fix(format!("[threat-model]\nreviewed = {today}\nreview-every = \"180d\"\ndocument = \"docs/threat-model.md\"")),
        ];
    };
    let age = crate::dates::days_between(tm.reviewed.value, today);
    if age <= i64::from(tm.review_every) {
        return Vec::new();
    }
    vec![
        Finding::new(
            &THREAT_MODEL_STALE,
            Severity::Warning,
            format!(
                "the threat model was last reviewed on {}, {} ago; it is due every {}",
                tm.reviewed.value,
                count(age, "day", "days"),
                count(tm.review_every, "day", "days")
            ),
        )
        .at(at(&tm.reviewed.pos))
        .fix(format!(
            "review it with the team, then set under [threat-model]:\nreviewed = {today}"
        )),
    ]
}

/// `exception-expired`, `exception-too-long` and `exception-unused`. `seen` is
/// every finding of this run the exceptions could name.
pub fn exceptions(m: &Manifest, today: Date, seen: &[&Finding]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let renewal = today.saturating_add(time::Duration::days(90));
    for e in &m.exceptions {
        let what = e.describe();
        let left = crate::dates::days_between(today, e.expires.value);
        let loc = Location::at(e.file(), e.expires.pos.line, e.expires.pos.column);
        if left < 0 {
            findings.push(
                Finding::new(
                    &EXCEPTION_EXPIRED,
                    Severity::Warning,
                    format!("the exception for {what} (owner {}) expired on {}; it no longer silences anything", e.owner, e.expires.value),
                )
                .at(loc)
                .fix(format!("fix the finding and remove the [[exceptions]] entry at line {} of {}, or decide again and set:\nexpires = {renewal}", e.pos.line, e.file())),
            );
            continue;
        }
        if left > YEAR {
            let latest = today.saturating_add(time::Duration::days(YEAR));
            findings.push(
                Finding::new(
                    &EXCEPTION_TOO_LONG,
                    Severity::Warning,
                    format!("the exception for {what} runs until {}, {} ahead; at most {YEAR} are allowed", e.expires.value, count(left, "day", "days")),
                )
                .at(loc.clone())
                .fix(format!("expires = {latest}")),
            );
        }
        // An organisation-wide exception may name what this repository lacks.
        if e.file.is_none() && !seen.iter().any(|f| matches(e, f)) {
            findings.push(
                Finding::new(
                    &EXCEPTION_UNUSED,
                    Severity::Warning,
                    format!("the exception for {what} matches no finding of this run"),
                )
                .at(at(&e.pos))
                .fix(format!(
                    "remove the [[exceptions]] entry at line {} of secure.toml",
                    e.pos.line
                )),
            );
        }
    }
    findings
}

/// `mfa-not-attested`.
pub fn mfa(m: &Manifest, workspace: &Workspace, today: Date) -> Vec<Finding> {
    if m.criticality < Criticality::Medium {
        return Vec::new();
    }
    let published: Vec<&str> =
        workspace.members.iter().filter(|p| p.publishable).map(|p| p.name.as_str()).collect();
    if published.is_empty() {
        return Vec::new();
    }
    let attests_mfa = m.controls.iter().any(|c| {
        let text = format!("{} {}", c.id.value, c.title).to_lowercase();
        matches!(c.evidence, Evidence::Attested { .. })
            && ["mfa", "2fa", "two-factor", "multi-factor"].iter().any(|w| text.contains(w))
    });
    if attests_mfa {
        return Vec::new();
    }
    vec![
        Finding::new(
            &MFA_NOT_ATTESTED,
            Severity::Warning,
            format!(
                "{} ({}) at criticality {}, and no control attests MFA for the owners",
                count(published.len(), "publishable crate", "publishable crates"),
                published.join(", "),
                m.criticality
            ),
        )
        .at(Location::file(FILE_NAME))
        .fix(format!(
            "[[controls]]\nid = \"registry-mfa\"\ntitle = \"MFA on crates.io and the forge for every owner\"\nattested-by = \"<who checked>\"\nattested-on = {today}"
        )),
    ]
}

/// `lifecycle-stale`.
pub fn lifecycle(m: &Manifest, today: Date) -> Vec<Finding> {
    let latest = m
        .lifecycle
        .iter()
        .filter_map(|s| Some((s.reviewed.as_ref()?.value, s)))
        .max_by_key(|(d, _)| *d);
    if latest.is_some_and(|(d, _)| crate::dates::days_between(d, today) <= YEAR) {
        return Vec::new();
    }
    let message = match latest {
        Some((d, s)) => {
            format!("no delivery stage was reviewed in the last year (latest: {} on {d})", s.name)
        }
        None if m.has_lifecycle => {
            "no delivery stage in [lifecycle] has a `reviewed` date".to_owned()
        }
        None => "secure.toml has no [lifecycle]: no delivery stage has a recorded security review"
            .to_owned(),
    };
    vec![
        Finding::new(&LIFECYCLE_STALE, Severity::Warning, message)
            .at(Location::file(FILE_NAME))
            .fix(format!("[lifecycle.development]\nreviewed = {today}\nevidence = \"<a path or URL showing the review>\"")),
    ]
}
