//! A hand-built report with findings of several kinds, shared by the
//! renderers' snapshot tests (the layers are not needed to test the formats).

use crate::checks::advisories::docs::{UNMAINTAINED, VULNERABILITY};
use crate::checks::manifest::codes::NO_SECURITY_CONTACT;
use crate::checks::unsafe_code::UNSAFE_UNDOCUMENTED;
use crate::checks::{LayerReport, Status};
use crate::finding::{AdvisoryRef, Finding, Location, Scope, Severity, Suppression};
use crate::gate::{Criticality, GatePolicy};
use crate::report::{MemberInfo, Report, Tool, WorkspaceInfo};
use crate::scorecard::{GateOutcome, OverallScore};

fn layer(id: &'static str, title: &'static str, score: Option<f64>, status: Status) -> LayerReport {
    LayerReport {
        id,
        title,
        status,
        score,
        weight: 10.0,
        summary: String::new(),
        not_measured_reason: None,
        evidence: Vec::new(),
        findings: Vec::new(),
        details: crate::checks::Details::default(),
    }
}

fn advisory_finding() -> Finding {
    let mut finding = Finding::new(
        &VULNERABILITY,
        Severity::Error,
        "Out-of-bounds read in `parse_header` when the input ends early",
    )
    .package("smallvec", "1.6.0")
    .reached(vec!["app".into(), "smallvec".into()], Scope::Normal)
    .fix("upgrade smallvec to >=1.6.1")
    .at(Location::at("Cargo.lock", 12, 1));
    finding.advisory = Some(AdvisoryRef {
        id: "RUSTSEC-2021-0003".into(),
        kind: "vulnerability".into(),
        aliases: vec!["CVE-2021-25900".into(), "GHSA-43w2-9j62-hq99".into()],
        patched: vec![">=1.6.1".into()],
        url: Some("https://rustsec.org/advisories/RUSTSEC-2021-0003.html".into()),
        title: "Buffer overflow in SmallVec::insert_many".into(),
        cvss_score: Some(9.8),
        cvss_severity: Some("critical".into()),
    });
    finding
}

fn unmaintained_finding() -> Finding {
    let mut finding = Finding::new(&UNMAINTAINED, Severity::Warning, "ansi_term is unmaintained")
        .package("ansi_term", "0.12.1")
        .reached(vec!["app".into(), "ansi_term".into()], Scope::Dev);
    finding.advisory = Some(AdvisoryRef {
        id: "RUSTSEC-2021-0139".into(),
        kind: "unmaintained".into(),
        aliases: Vec::new(),
        patched: Vec::new(),
        url: None,
        title: "ansi_term is Unmaintained".into(),
        cvss_score: None,
        cvss_severity: None,
    });
    finding
}

/// The sample report: a failing gate, an advisory with CVSS, an unsafe block with a
/// location, a suppressed finding, a not-measured layer, and hostile text.
pub fn report() -> Report {
    let mut advisories = layer("advisories", "Advisories", Some(4.0), Status::Fail);
    advisories.summary = "1 vulnerability, 1 unmaintained".into();
    advisories.findings = vec![advisory_finding(), unmaintained_finding()];
    advisories.details.db = Some(crate::db::DbInfo {
        path: "/db".into(),
        updated: Some("2026-11-22".into()),
        age_days: Some(1),
        fetched: true,
        fetch_note: None,
    });

    let mut unsafe_code = layer("unsafe-code", "Unsafe code", Some(7.5), Status::Warn);
    unsafe_code.summary = "1 undocumented unsafe block".into();
    unsafe_code.findings = vec![
        Finding::new(
            &UNSAFE_UNDOCUMENTED,
            Severity::Warning,
            "unsafe block without a `// SAFETY:` comment",
        )
        .at(Location::at("crates/app/src/lib.rs", 42, 5))
        .package("app", "0.1.0")
        .fix("explain why the block is sound in a `// SAFETY:` comment"),
    ];

    let mut manifest = layer("manifest", "Security manifest", Some(9.0), Status::Pass);
    manifest.summary = "threat model reviewed".into();
    let mut accepted = Finding::new(
        &NO_SECURITY_CONTACT,
        Severity::Error,
        "hostile: 100% <b>bold</b> | pipe, comma: colon\nsecond line ::error::injected",
    )
    .at(Location::at("secure.toml", 3, 1));
    accepted.suppressed = Some(Suppression {
        owner: "alice".into(),
        reason: "contact added in the next release".into(),
        expires: "2027-01-31".into(),
    });
    manifest.findings = vec![accepted];

    let mut posture = layer("posture", "Repository posture", None, Status::NotMeasured);
    posture.summary = "not measured: no .git directory".into();
    posture.not_measured_reason = Some("no .git directory".into());

    Report {
        schema_version: crate::report::SCHEMA_VERSION,
        tool: Tool { name: "cargo-secure".into(), version: "0.1.0".into() },
        date: "2026-11-23".into(),
        workspace: WorkspaceInfo {
            root: "/nonexistent/sample workspace".into(),
            members: vec![MemberInfo { name: "app".into(), version: "0.1.0".into() }],
            lockfile_packages: 3,
            resolve_error: None,
            entered_member: None,
        },
        score: OverallScore {
            overall: Some(6.8),
            grade: Some("D".into()),
            layers_holding: 2,
            layers_measured: 3,
            layers_total: 4,
        },
        gate: GateOutcome {
            passed: false,
            reasons: vec![
                "advisories: 1 blocking finding: RUSTSEC-2021-0003 (smallvec 1.6.0)".into(),
            ],
            policy: GatePolicy::for_criticality(Criticality::Medium, "default: no secure.toml"),
        },
        layers: vec![advisories, unsafe_code, manifest, posture],
        manifest: None,
        timings: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use crate::render::{Format, Style, render};

    #[test]
    fn sample_report_renders_for_a_terminal_without_colour() {
        let style = Style { color: false, quiet: false, verbose: true };
        insta::assert_snapshot!(render(&super::report(), Format::Human, style));
    }

    #[test]
    fn sample_report_renders_as_json() {
        insta::assert_snapshot!(render(&super::report(), Format::Json, Style::default()));
    }
}
