//! Matching exceptions to findings, and the manifest's JSON section.

use super::Manifest;
use super::schema::{Evidence, Exception, ExceptionTarget};
use crate::finding::Finding;
use crate::gate::GatePolicy;
use serde_json::{Value, json};

/// Whether `exception` names `finding`: the advisory id, or the finding code
/// (and the package, `name` or `name@version`, when the exception gives one).
pub fn matches(exception: &Exception, finding: &Finding) -> bool {
    let named = match &exception.target {
        ExceptionTarget::Advisory(id) => finding.advisory.as_ref().is_some_and(|a| a.id == *id),
        ExceptionTarget::Finding(code) => finding.code == code,
    };
    named
        && exception.package.as_deref().is_none_or(|spec| {
            finding.package.as_ref().is_some_and(|p| match spec.split_once('@') {
                Some((name, version)) => p.name == name && p.version == version,
                None => p.name == spec,
            })
        })
}

/// The TOML to paste into `secure.toml` to accept a finding for `days` days.
pub fn suggestion(finding: &Finding, expires: time::Date) -> String {
    let target = match &finding.advisory {
        Some(a) => format!("advisory = \"{}\"", a.id),
        None => format!("finding = \"{}\"", finding.code),
    };
    let package = match &finding.package {
        Some(p) if finding.advisory.is_none() => format!("package = \"{}\"\n", p.name),
        _ => String::new(),
    };
    format!(
        "[[exceptions]]\n{target}\n{package}reason = \"<why this risk is accepted>\"\nowner = \"<who accepts it>\"\nexpires = {expires}"
    )
}

/// Context, thresholds in force, controls and exceptions with days left.
pub fn manifest_json(m: &Manifest, today: time::Date, policy: &GatePolicy) -> Value {
    let exceptions: Vec<Value> = m
        .exceptions
        .iter()
        .map(|e| {
            let days_left = crate::dates::days_between(today, e.expires.value);
            json!({
                "advisory": matches!(e.target, ExceptionTarget::Advisory(_)).then(|| e.names()),
                "finding": matches!(e.target, ExceptionTarget::Finding(_)).then(|| e.names()),
                "package": e.package,
                "reason": e.reason,
                "owner": e.owner,
                "expires": e.expires.value.to_string(),
                "days_left": days_left,
                "expired": days_left < 0,
                "file": e.file(),
                "line": e.pos.line,
            })
        })
        .collect();
    let controls: Vec<Value> = m
        .controls
        .iter()
        .map(|c| match &c.evidence {
            Evidence::Verify(id) => json!({ "id": c.id.value, "title": c.title, "verify": id }),
            Evidence::Attested { by, on } => json!({
                "id": c.id.value, "title": c.title, "attested_by": by, "attested_on": on.value.to_string()
            }),
        })
        .collect();
    json!({
        "path": super::FILE_NAME,
        "version": 1,
        "context": {
            "asset": m.context.asset,
            "criticality": m.criticality,
            "exposure": m.context.exposure,
            "data": m.context.data,
            "threat_actors": m.context.threat_actors,
        },
        "people": {
            "security_contact": m.people.security_contact.as_ref().map(|c| &c.value),
            "owners": m.people.owners,
            "roles": m.people.roles,
        },
        "threat_model": m.threat_model.as_ref().map(|t| json!({
            "reviewed": t.reviewed.value.to_string(),
            "review_every_days": t.review_every,
            "document": t.document,
        })),
        "threats": m.threats.iter().map(|t| json!({
            "id": t.id.value, "title": t.title, "category": t.category,
            "mitigations": t.mitigations.iter().map(|x| &x.value).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "controls": controls,
        "gate": {
            "criticality": policy.criticality,
            "source": policy.source,
            "fail_on": policy.fail_on,
            "min_score": policy.min_score,
            "layer_min": policy.layer_min,
            "max_db_age_days": policy.max_db_age_days,
            "policies": policy.policies,
        },
        "exceptions": exceptions,
    })
}

#[cfg(test)]
mod tests {
    use super::{matches, suggestion};
    use crate::checks::unsafe_code::{UNSAFE_BUDGET_EXCEEDED, UNSAFE_UNDOCUMENTED};
    use crate::finding::{Finding, Severity};
    use crate::manifest::Manifest;
    use std::path::{Path, PathBuf};

    fn manifest(exceptions: &str) -> Manifest {
        let text =
            format!("version = 1\n[context]\nasset = \"x\"\ncriticality = \"low\"\n{exceptions}");
        Manifest::parse(
            &text,
            Path::new("."),
            PathBuf::from("secure.toml"),
            &crate::checks::vocabulary(),
        )
        .expect("valid")
    }

    #[test]
    fn a_finding_exception_with_a_package_names_only_that_package() {
        let m = manifest(
            "[[exceptions]]\nfinding = \"unsafe-undocumented\"\npackage = \"foo@1.0.0\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-01\n",
        );
        let e = &m.exceptions[0];
        let hit =
            Finding::new(&UNSAFE_UNDOCUMENTED, Severity::Warning, "m").package("foo", "1.0.0");
        let other_version =
            Finding::new(&UNSAFE_UNDOCUMENTED, Severity::Warning, "m").package("foo", "2.0.0");
        let other_code =
            Finding::new(&UNSAFE_BUDGET_EXCEEDED, Severity::Warning, "m").package("foo", "1.0.0");
        assert!(matches(e, &hit));
        assert!(!matches(e, &other_version));
        assert!(!matches(e, &other_code));
        let before = crate::dates::parse("2026-12-31").expect("date");
        let after = crate::dates::parse("2027-01-02").expect("date");
        assert!(m.suppression_for(&hit, before).is_some());
        assert!(
            m.suppression_for(&hit, after).is_none(),
            "an expired exception no longer silences"
        );
    }

    #[test]
    fn the_suggested_exception_is_valid_toml_for_the_manifest() {
        let finding =
            Finding::new(&UNSAFE_UNDOCUMENTED, Severity::Warning, "m").package("foo", "1.0.0");
        let expires = crate::dates::parse("2027-01-01").expect("date");
        let text = suggestion(&finding, expires)
            .replace("<why this risk is accepted>", "r")
            .replace("<who accepts it>", "o");
        let m = manifest(&text);
        assert!(matches(&m.exceptions[0], &finding));
    }
}
