//! Sub-check `duplicates`: crates locked in several semver-incompatible
//! versions (different major versions, or different minor versions below 1.0,
//! as cargo's compatibility rules have it). Each copy is code to review and
//! patch separately, and an old major version tends to linger unmaintained.

use super::SubOutcome;
use crate::checks::Details;
use crate::checks::subcheck::{SubCheck, weight};
use crate::checks::supply_chain::docs::DUPLICATE_CRATE;
use crate::finding::{Finding, Severity};
use crate::plural::count;
use crate::workspace::{Locator, PackageFacts, Workspace};
use serde::Serialize;
use std::collections::BTreeMap;

/// Sub-check id.
pub const ID: &str = "duplicates";
const TITLE: &str = "Duplicate crate versions";
/// Points lost per percent of extra copies among the dependencies.
pub const PER_PERCENT: f64 = 0.5;

/// One version of a duplicated crate, as listed in the `duplicates` detail.
#[derive(Debug, Clone, Serialize)]
pub struct Copy {
    version: String,
    /// Shortest path from a member.
    via: Vec<String>,
}

/// A crate locked in several incompatible versions.
#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    name: String,
    versions: Vec<Copy>,
}

/// Cargo's compatibility class: `1`, `0.3`, `0.0.7`.
pub fn compat(version: &rustsec::Version) -> String {
    match (version.major, version.minor) {
        (0, 0) => format!("0.0.{}", version.patch),
        (0, minor) => format!("0.{minor}"),
        (major, _) => major.to_string(),
    }
}

/// The score for `extra` surplus copies among `total` dependencies.
pub fn score(extra: usize, total: usize) -> f64 {
    if total == 0 {
        return 10.0;
    }
    (10.0 - PER_PERCENT * 100.0 * extra as f64 / total as f64).max(0.0)
}

/// Runs the sub-check.
pub fn check(ws: &Workspace, locator: &Locator) -> SubOutcome {
    let deps: Vec<&PackageFacts> = ws.packages.iter().filter(|p| !p.member).collect();
    let mut by_name: BTreeMap<&str, BTreeMap<String, Vec<&PackageFacts>>> = BTreeMap::new();
    for p in &deps {
        by_name.entry(&p.name).or_default().entry(compat(&p.version)).or_default().push(p);
    }
    let mut listed = Vec::new();
    let mut findings = Vec::new();
    let mut extra = 0;
    for (name, classes) in by_name.into_iter().filter(|(_, c)| c.len() > 1) {
        extra += classes.len() - 1;
        let mut copies: Vec<&PackageFacts> = classes
            .into_values()
            .filter_map(|v| v.into_iter().max_by_key(|p| &p.version))
            .collect();
        copies.sort_by(|a, b| a.version.cmp(&b.version));
        findings.push(finding(name, &copies, locator));
        listed.push(Duplicate {
            name: name.to_owned(),
            versions: copies
                .iter()
                .map(|p| Copy { version: p.version.to_string(), via: p.via.clone() })
                .collect(),
        });
    }
    let summary = format!(
        "{} locked in several incompatible versions ({} among {})",
        count(listed.len(), "crate", "crates"),
        count(extra, "extra copy", "extra copies"),
        count(deps.len(), "dependency", "dependencies")
    );
    SubOutcome {
        sub: SubCheck::scored(ID, TITLE, weight::LOW, score(extra, deps.len()), summary),
        findings,
        details: Details { duplicates: Some(listed), ..Details::default() },
    }
}

/// One finding per crate, on the oldest copy: that is the one to get rid of.
fn finding(name: &str, copies: &[&PackageFacts], locator: &Locator) -> Finding {
    let versions: Vec<String> =
        copies.iter().map(|p| format!("{} (via {})", p.version, p.via_text())).collect();
    let oldest = copies[0];
    let mut finding = Finding::new(
        &DUPLICATE_CRATE,
        Severity::Note,
        format!("`{name}` is locked in {} incompatible versions: {}", copies.len(), versions.join(", ")),
    )
    .package(name, oldest.version.to_string())
    .reached(oldest.via.clone(), oldest.scope)
    .fix(format!(
        "upgrade what pulls in the older versions (`cargo tree -i {name}@{}`) so one version remains",
        oldest.version
    ));
    if let Some(at) = locator.lock_entry(name, &oldest.version.to_string()) {
        finding = finding.at(at);
    }
    finding
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> rustsec::Version {
        s.parse().unwrap()
    }

    #[test]
    fn compatibility_follows_cargo_semver() {
        assert_eq!(compat(&v("1.2.3")), compat(&v("1.9.0")));
        assert_ne!(compat(&v("1.2.3")), compat(&v("2.0.0")));
        assert_ne!(compat(&v("0.7.3")), compat(&v("0.8.5")));
        assert_eq!(compat(&v("0.8.1")), compat(&v("0.8.5")));
        assert_ne!(compat(&v("0.0.1")), compat(&v("0.0.2")));
    }

    #[test]
    fn score_falls_with_the_share_of_extra_copies() {
        assert_eq!(score(0, 100), 10.0);
        assert_eq!(score(4, 100), 8.0);
        assert_eq!(score(30, 100), 0.0);
        assert_eq!(score(0, 0), 10.0);
    }
}
