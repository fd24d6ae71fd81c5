//! The security manifest between two sides: exceptions added, removed and
//! extended, and the criticality the gate's defaults come from (a lowered
//! criticality relaxes the gate, and is worth a reviewer's eyes).

use crate::gate::Criticality;
use crate::report::Report;
use serde::Serialize;
use serde_json::Value;

/// The manifest's changes.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct ManifestDelta {
    /// The criticality, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criticality: Option<CriticalityChange>,
    /// Exceptions in the head only.
    pub exceptions_added: Vec<Exception>,
    /// Exceptions in the base only.
    pub exceptions_removed: Vec<Exception>,
    /// Exceptions on both sides whose expiry moved later.
    pub exceptions_extended: Vec<Extended>,
}

/// The criticality, base → head.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CriticalityChange {
    /// The base's.
    pub from: Criticality,
    /// The head's.
    pub to: Criticality,
    /// Whether the head's is lower (a more lenient gate).
    pub lowered: bool,
}

/// An accepted risk of `secure.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Exception {
    /// The advisory ids or finding codes it accepts.
    pub accepts: Vec<String>,
    /// The package it is limited to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// Who accepted it.
    pub owner: String,
    /// Why.
    pub reason: String,
    /// Until when (YYYY-MM-DD).
    pub expires: String,
    /// Its line in the side's `secure.toml`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

/// An exception whose expiry moved later.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Extended {
    /// The head's exception.
    #[serde(flatten)]
    pub exception: Exception,
    /// The base's expiry.
    pub expired_on: String,
}

impl ManifestDelta {
    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        self.criticality.is_none()
            && self.exceptions_added.is_empty()
            && self.exceptions_removed.is_empty()
            && self.exceptions_extended.is_empty()
    }
}

/// Compares the manifests (and the policies) of both reports.
pub fn delta(base: &Report, head: &Report) -> ManifestDelta {
    let (from, to) = (base.gate.policy.criticality, head.gate.policy.criticality);
    let criticality = (from != to).then_some(CriticalityChange { from, to, lowered: to < from });
    let (before, after) = (exceptions(base.manifest.as_ref()), exceptions(head.manifest.as_ref()));
    let same = |a: &Exception, b: &Exception| a.accepts == b.accepts && a.package == b.package;
    let mut out = ManifestDelta { criticality, ..ManifestDelta::default() };
    for now in &after {
        match before.iter().find(|b| same(b, now)) {
            None => out.exceptions_added.push(now.clone()),
            Some(old) if now.expires > old.expires => out
                .exceptions_extended
                .push(Extended { exception: now.clone(), expired_on: old.expires.clone() }),
            Some(_) => {}
        }
    }
    out.exceptions_removed =
        before.iter().filter(|b| !after.iter().any(|a| same(b, a))).cloned().collect();
    out
}

fn exceptions(manifest: Option<&Value>) -> Vec<Exception> {
    let Some(list) = manifest.and_then(|m| m["exceptions"].as_array()) else { return Vec::new() };
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    list.iter()
        .map(|e| {
            let names = if e["advisory"].is_null() { &e["finding"] } else { &e["advisory"] };
            Exception {
                accepts: names
                    .as_array()
                    .map(|a| a.iter().map(text).collect())
                    .unwrap_or_else(|| vec![text(names)]),
                package: e["package"].as_str().map(str::to_owned),
                owner: text(&e["owner"]),
                reason: text(&e["reason"]),
                expires: text(&e["expires"]),
                line: e["line"].as_u64(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    fn with_exceptions(criticality: Criticality, exceptions: Value) -> Report {
        let mut report = sample::report();
        report.gate.policy.criticality = criticality;
        report.manifest = Some(serde_json::json!({ "exceptions": exceptions }));
        report
    }

    fn exception(id: &str, expires: &str) -> Value {
        serde_json::json!({
            "advisory": id, "finding": null, "package": null, "owner": "Ada",
            "reason": "not reachable", "expires": expires, "line": 12
        })
    }

    #[test]
    fn exceptions_are_added_removed_and_extended_and_a_lower_criticality_is_flagged() {
        let base = with_exceptions(
            Criticality::High,
            serde_json::json!([
                exception("RUSTSEC-1", "2027-01-01"),
                exception("RUSTSEC-2", "2027-01-01")
            ]),
        );
        let head = with_exceptions(
            Criticality::Low,
            serde_json::json!([
                exception("RUSTSEC-2", "2028-06-01"),
                exception("RUSTSEC-3", "2027-01-01")
            ]),
        );
        let d = delta(&base, &head);
        let criticality = d.criticality.as_ref().expect("changed");
        assert!(criticality.lowered);
        let accepts =
            |list: &[Exception]| list.iter().map(|e| e.accepts.join(",")).collect::<Vec<_>>();
        assert_eq!(accepts(&d.exceptions_added), ["RUSTSEC-3"]);
        assert_eq!(accepts(&d.exceptions_removed), ["RUSTSEC-1"]);
        assert_eq!(d.exceptions_extended.len(), 1);
        assert_eq!(d.exceptions_extended[0].expired_on, "2027-01-01");
        assert_eq!(d.exceptions_extended[0].exception.expires, "2028-06-01");
        assert!(delta(&head, &head).is_empty());
    }
}
