//! The advisories that match an SBOM's components, with a VEX analysis: a
//! finding an exception in `secure.toml` accepts is `not_affected` (the
//! exception's reason as the detail, its owner and expiry beside it); one
//! the gate blocks is `exploitable`; any other is `in_triage`. An expired
//! exception accepts nothing (the gate already dropped it), so its finding
//! is not `not_affected`. Rendered inside CycloneDX and as OpenVEX.

use super::inventory::Inventory;
use crate::finding::Finding;

/// The VEX state of one advisory for one component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// The gate blocks it: the advisory applies and nothing accepts it.
    Exploitable,
    /// Reported but not blocking (a warning or note under the gate in force).
    InTriage,
    /// An exception in `secure.toml` accepts it.
    NotAffected,
}

/// A CVSS rating.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// Base score.
    pub score: f64,
    /// `none` … `critical`.
    pub severity: String,
    /// The vector (`CVSS:3.1/AV:N/...`), when the database has it.
    pub vector: Option<String>,
}

/// One advisory matching one component.
#[derive(Debug, Clone)]
pub struct Statement {
    /// `RUSTSEC-YYYY-NNNN`.
    pub id: String,
    /// CVE and GHSA ids.
    pub aliases: Vec<String>,
    /// The advisory's title.
    pub title: String,
    /// Where to read it.
    pub url: Option<String>,
    /// The kind of advisory (`vulnerability`, `unsound`, …).
    pub kind: String,
    /// Its CVSS rating.
    pub rating: Option<Rating>,
    /// The affected component's purl.
    pub affects: String,
    /// The analysis.
    pub state: State,
    /// Why: the exception's reason, or what the gate said.
    pub detail: String,
    /// Who accepted the risk, for `NotAffected`.
    pub owner: Option<String>,
    /// Until when, for `NotAffected`.
    pub expires: Option<String>,
    /// What to do, for the others: the fix, else upgrading.
    pub action: String,
}

/// The statements for every advisory finding whose package is in `inventory`,
/// in finding order; `vector` gives an advisory's CVSS vector by id.
pub fn statements<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    inventory: &Inventory,
    vector: impl Fn(&str) -> Option<String>,
) -> Vec<Statement> {
    findings
        .into_iter()
        .filter_map(|finding| {
            let advisory = finding.advisory.as_ref().filter(|a| a.id.starts_with("RUSTSEC-"))?;
            let package = finding.package.as_ref()?;
            let component = inventory.find(&package.name, &package.version)?;
            let (state, detail) = match &finding.suppressed {
                Some(accepted) => (State::NotAffected, accepted.reason.clone()),
                None if finding.is_blocking() => {
                    (State::Exploitable, format!("{}; the gate blocks it", finding.message))
                }
                None => (
                    State::InTriage,
                    format!("{}; a {} under the gate in force", finding.message, finding.severity),
                ),
            };
            let rating = match (advisory.cvss_score, &advisory.cvss_severity) {
                (Some(score), Some(severity)) => {
                    Some(Rating { score, severity: severity.clone(), vector: vector(&advisory.id) })
                }
                _ => None,
            };
            let action = finding.fix.clone().unwrap_or_else(|| {
                format!("no patched release of {}: replace it or accept the risk", package.name)
            });
            Some(Statement {
                id: advisory.id.clone(),
                aliases: advisory.aliases.clone(),
                title: advisory.title.clone(),
                url: advisory.url.clone(),
                kind: advisory.kind.clone(),
                rating,
                affects: component.purl.clone(),
                state,
                detail,
                owner: finding.suppressed.as_ref().map(|s| s.owner.clone()),
                expires: finding.suppressed.as_ref().map(|s| s.expires.clone()),
                action,
            })
        })
        .collect()
}

/// The CycloneDX `ratings[].method` of a CVSS vector.
pub fn method(vector: Option<&str>) -> &'static str {
    match vector {
        Some(v) if v.starts_with("CVSS:3.1/") => "CVSSv31",
        Some(v) if v.starts_with("CVSS:3.0/") => "CVSSv3",
        Some(v) if v.starts_with("CVSS:4.0/") => "CVSSv4",
        _ => "other",
    }
}
