//! zizmor's findings folded into the posture layer: code `zizmor/<audit>`,
//! severity and confidence mapped to ours, one finding per place (a place the
//! built-in rules already reported keeps the built-in finding). Template
//! injection, dangerous triggers and the other audits count toward
//! `dangerous-workflow`; permissions toward `token-permissions`; pinning
//! toward `pinned-actions`. The audits are listed once, here, with their
//! documentation; `cargo secure explain zizmor/<audit>` prints it.

use crate::codes::{CodeDoc, Principle};
use crate::finding::{Finding, Location, Severity};
use crate::repo::ci::Ci;
use crate::repo::zizmor::{Zizmor, ZizmorFinding};

/// zizmor audits that count toward `token-permissions`.
const PERMISSIONS: &[&str] = &["excessive-permissions", "undocumented-permissions"];
/// zizmor audits that count toward `pinned-actions`.
const PINNING: &[&str] = &[
    "unpinned-uses",
    "impostor-commit",
    "ref-confusion",
    "ref-version-mismatch",
    "stale-action-refs",
];

macro_rules! audit {
    ($id:literal, $title:literal) => {
        CodeDoc {
            code: concat!("zizmor/", $id),
            title: $title,
            principle: Principle::Cumulative,
            checks: concat!("zizmor's `", $id, "` audit, when zizmor is installed: run offline over the workflows, composite actions and Dependabot configuration. Documentation: https://docs.zizmor.sh/audits/#", $id),
            why: concat!("zizmor reports ", $title, "; its documentation explains the risk: https://docs.zizmor.sh/audits/#", $id),
            fix: concat!("Follow the remediation at https://docs.zizmor.sh/audits/#", $id, ", or accept the finding in secure.toml's [[exceptions]] with this code."),
        }
    };
}

/// The audits of zizmor known to this version.
pub static AUDITS: &[CodeDoc] = &[
    audit!("adhoc-packages", "ad-hoc installation of packages"),
    audit!("anonymous-definition", "workflow or action definition without a name"),
    audit!("archived-uses", "action or reusable workflow from archived repository"),
    audit!("artipacked", "credential persistence through GitHub Actions artifacts"),
    audit!("bot-conditions", "spoofable bot actor check"),
    audit!(
        "cache-poisoning",
        "runtime artifacts potentially vulnerable to a cache poisoning attack"
    ),
    audit!("concurrency-limits", "insufficient job-level concurrency limits"),
    audit!("dangerous-triggers", "use of fundamentally insecure workflow trigger"),
    audit!("dependabot-cooldown", "insufficient cooldown in Dependabot updates"),
    audit!("dependabot-execution", "external code execution in Dependabot updates"),
    audit!("excessive-permissions", "overly broad permissions"),
    audit!("forbidden-uses", "forbidden action or repository used"),
    audit!("github-app", "dangerous use of GitHub App tokens"),
    audit!("github-env", "dangerous use of environment file"),
    audit!(
        "hardcoded-container-credentials",
        "hardcoded credential in GitHub Actions container configurations"
    ),
    audit!("impostor-commit", "commit with no history in referenced repository"),
    audit!("insecure-commands", "execution of insecure workflow commands is enabled"),
    audit!("insecure-url-scheme", "use of an insecure scheme within a URL"),
    audit!("known-vulnerable-actions", "action has a known vulnerability"),
    audit!("misfeature", "usage of GitHub Actions misfeatures"),
    audit!("obfuscation", "obfuscated usage of GitHub Actions features"),
    audit!("overprovisioned-secrets", "excessively provisioned secrets"),
    audit!("ref-confusion", "git ref for action with ambiguous ref type"),
    audit!("ref-version-mismatch", "action's hash pin has mismatched or missing version comment"),
    audit!("secrets-inherit", "secrets unconditionally inherited by called workflow"),
    audit!("secrets-outside-env", "secrets referenced without a dedicated environment"),
    audit!("self-hosted-runner", "runs on a self-hosted runner"),
    audit!("self-repository", "use GitHub's dedicated self-repository syntax"),
    audit!("stale-action-refs", "commit hash does not point to a Git tag"),
    audit!("superfluous-actions", "action functionality is already included by the runner"),
    audit!("template-injection", "code injection via template expansion"),
    audit!("typosquat-uses", "action reference resembles a popular action"),
    audit!("undocumented-permissions", "permissions without explanatory comments"),
    audit!("unpinned-images", "unpinned image references"),
    audit!("unpinned-tools", "action installs an unpinned external tool"),
    audit!("unpinned-uses", "unpinned action reference"),
    audit!("unredacted-secrets", "leaked secret values"),
    audit!("unsound-condition", "unsound conditional expression"),
    audit!("unsound-contains", "unsound contains condition"),
    audit!("unsound-ternary", "unsound pseudo-ternary expression"),
    audit!("use-trusted-publishing", "prefer trusted publishing for authentication"),
];

/// A finding of an audit newer than [`AUDITS`].
pub const ZIZMOR_OTHER: CodeDoc = CodeDoc {
    code: "zizmor/other",
    title: "A finding of a zizmor audit newer than this cargo secure",
    principle: Principle::Cumulative,
    checks: "zizmor findings whose audit is not in cargo secure's list; the message names the audit.",
    why: "zizmor gains audits faster than cargo secure learns their names; the finding still counts.",
    fix: "Read the audit's documentation at the link in the message.",
};

/// A zizmor run that failed or timed out.
pub const ZIZMOR_FAILED: CodeDoc = CodeDoc {
    code: "zizmor-failed",
    title: "zizmor was found but failed or timed out",
    principle: Principle::Cumulative,
    checks: "zizmor's exit status, its JSON output, and the time limit.",
    why: "Without zizmor's findings the workflows are measured by the built-in rules only, which know fewer patterns.",
    fix: "Run the zizmor command from the message by hand to see why; upgrade zizmor, or pass --no-zizmor.",
};

/// Which engine measured the workflows, for the scorecard.
pub fn engine(ci: &Ci) -> String {
    let builtin = format!("built-in rules, {} patterns", super::workflows::BUILTIN_PATTERNS);
    match &ci.zizmor {
        Zizmor::Ran { version, .. } => {
            format!("zizmor {version}, {} audits, with the {builtin}", AUDITS.len())
        }
        Zizmor::Absent => format!("{builtin}; install zizmor for the full set"),
        Zizmor::Failed { .. } => format!("{builtin}; zizmor failed"),
    }
}

/// Adds zizmor's findings for sub-check `sub` to `findings`, one per place
/// (a graver zizmor finding replaces the built-in one there); returns how
/// many of zizmor's warnings it kept.
pub fn fold(ci: &Ci, sub: &str, findings: &mut Vec<Finding>) -> usize {
    let mut added = 0;
    match &ci.zizmor {
        Zizmor::Ran { findings: found, .. } => {
            for z in found.iter().filter(|z| sub_check(&z.audit) == sub) {
                let place = Location::at(&z.rel, z.line, z.column);
                let finding = to_finding(z, place);
                let here = |f: &Finding| {
                    f.location
                        .as_ref()
                        .zip(finding.location.as_ref())
                        .is_some_and(|(a, b)| a.path == b.path && a.line == b.line)
                };
                // One finding per place: the built-in one, unless zizmor's is graver.
                match findings.iter().position(here) {
                    Some(i) if findings[i].severity >= finding.severity => continue,
                    Some(i) => {
                        added += usize::from(finding.severity >= Severity::Warning);
                        findings[i] = finding;
                    }
                    None => {
                        added += usize::from(finding.severity >= Severity::Warning);
                        findings.push(finding);
                    }
                }
            }
        }
        Zizmor::Failed { program, why } if sub == super::workflows::DANGEROUS => {
            findings.push(
                Finding::new(&ZIZMOR_FAILED, Severity::Warning, format!("{} {why}; the built-in rules measured the workflows", program.display()))
                    .fix("run zizmor by hand on the repository to see why, upgrade it, or pass --no-zizmor"),
            );
        }
        _ => {}
    }
    added
}

/// The sub-check a zizmor audit counts toward.
fn sub_check(audit: &str) -> &'static str {
    if PERMISSIONS.contains(&audit) {
        super::workflows::TOKEN
    } else if PINNING.contains(&audit) {
        super::pinned::ID
    } else {
        super::workflows::DANGEROUS
    }
}

/// One zizmor finding as ours: High and Medium severity are warnings unless
/// zizmor's confidence is low; the rest are notes.
fn to_finding(z: &ZizmorFinding, place: Location) -> Finding {
    let wanted = format!("zizmor/{}", z.audit);
    let code = AUDITS.iter().find(|d| d.code == wanted).unwrap_or(&ZIZMOR_OTHER);
    let serious = matches!(z.severity.as_str(), "High" | "Medium") && z.confidence != "Low";
    let severity = if serious { Severity::Warning } else { Severity::Note };
    let severity_word = z.severity.to_ascii_lowercase();
    let confidence = z.confidence.to_ascii_lowercase();
    Finding::new(
        code,
        severity,
        format!(
            "zizmor {}: {} ({severity_word} severity, {confidence} confidence)",
            z.audit, z.desc
        ),
    )
    .at(place)
    .fix(format!("see {}", z.url))
}
