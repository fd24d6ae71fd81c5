//! Sub-check `security-policy`: a SECURITY.md (at the root, in `.github/` or
//! `docs/`) that says how to report a vulnerability (an email address or a
//! URL) and what happens next (disclosure wording).

use super::SubOutcome;
use crate::checks::posture::docs::{SECURITY_POLICY_INCOMPLETE, SECURITY_POLICY_MISSING};
use crate::checks::subcheck::{SubCheck, weight};
use crate::finding::{Finding, Location, Severity};
use crate::repo::{Repo, RepoFile};

/// Sub-check id.
pub const ID: &str = "security-policy";
const TITLE: &str = "Security policy";
const DIRS: &[&str] = &["", ".github/", "docs/"];
const NAMES: &[&str] =
    &["security.md", "security.markdown", "security.rst", "security.txt", "security.adoc"];
/// Words that describe a disclosure process.
const DISCLOSURE: &[&str] = &[
    "disclos",
    "embargo",
    "coordinated",
    "advisory",
    "advisories",
    "acknowledge",
    "respond",
    "within",
    "days",
    "patch",
];

/// Finds and grades the policy.
pub fn check(repo: &Repo) -> SubOutcome {
    let Some(file) = find(repo) else {
        return SubOutcome::new(
            SubCheck::scored(ID, TITLE, weight::MEDIUM, 0.0, "no SECURITY.md at the root, in .github/ or docs/"),
            vec![Finding::new(&SECURITY_POLICY_MISSING, Severity::Warning, "no security policy: reporters do not know where to send a vulnerability")
                .fix("add SECURITY.md with a private contact (email or advisory URL) and how you disclose fixes")],
        );
    };
    let text = match repo.read_text(file) {
        Ok(text) => text,
        Err(why) => {
            let sub =
                SubCheck::scored(ID, TITLE, weight::MEDIUM, 3.0, format!("{} {why}", file.rel));
            let finding = Finding::new(
                &SECURITY_POLICY_INCOMPLETE,
                Severity::Note,
                format!("{} could not be read ({why})", file.rel),
            )
            .at(Location::file(&file.rel))
            .fix("keep SECURITY.md a short UTF-8 text file");
            return SubOutcome::new(sub, vec![finding]);
        }
    };
    let lower = text.to_lowercase();
    let contact = has_contact(&text);
    let disclosure = DISCLOSURE.iter().any(|w| lower.contains(w));
    let score = 4.0 + if contact { 3.0 } else { 0.0 } + if disclosure { 3.0 } else { 0.0 };
    let mut missing = Vec::new();
    if !contact {
        missing.push("a contact (email or URL)");
    }
    if !disclosure {
        missing.push("disclosure wording");
    }
    let summary = if missing.is_empty() {
        format!("{} names a contact and a disclosure process", file.rel)
    } else {
        format!("{} lacks {}", file.rel, missing.join(" and "))
    };
    let findings = if missing.is_empty() {
        Vec::new()
    } else {
        vec![Finding::new(&SECURITY_POLICY_INCOMPLETE, Severity::Note, format!("{} lacks {}", file.rel, missing.join(" and ")))
            .at(Location::at(&file.rel, 1, 1))
            .fix("say where to report privately (an email address or a security-advisory URL) and how and when fixes are disclosed")]
    };
    SubOutcome::new(SubCheck::scored(ID, TITLE, weight::MEDIUM, score, summary), findings)
}

/// The first policy file, in the order GitHub looks for it.
fn find(repo: &Repo) -> Option<&RepoFile> {
    DIRS.iter().find_map(|dir| {
        repo.files.iter().find(|f| {
            f.rel
                .strip_prefix(dir)
                .is_some_and(|name| NAMES.contains(&name.to_lowercase().as_str()))
        })
    })
}

/// Whether the text holds an email address or a web address.
fn has_contact(text: &str) -> bool {
    text.contains("https://")
        || text.contains("http://")
        || text.split(|c: char| c.is_whitespace() || "<>()[]`*,;:".contains(c)).any(|w| {
            let w = w.trim_matches('.');
            w.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && host.contains('.') && !host.starts_with('.')
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_emails_or_urls() {
        assert!(has_contact("Mail <security@example.org>."));
        assert!(has_contact("see https://github.com/o/r/security/advisories/new"));
        assert!(!has_contact("open an issue @maintainer"));
    }
}
