//! The security contact: present, and the same as SECURITY.md's.

use crate::checks::manifest::codes::{NO_SECURITY_CONTACT, SECURITY_CONTACT_MISMATCH};
use crate::finding::{Finding, Location, Severity};
use crate::manifest::Manifest;
use std::path::Path;

/// Where SECURITY.md may live, relative to the root (GitHub's lookup order).
pub const SECURITY_MD: &[&str] = &["SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md"];

/// The first SECURITY.md found under `root`, relative path and text.
pub fn security_md(root: &Path) -> Option<(&'static str, String)> {
    SECURITY_MD.iter().find_map(|rel| Some((*rel, std::fs::read_to_string(root.join(rel)).ok()?)))
}

/// Email addresses and https URLs written in a text, in order.
pub fn contacts_in(text: &str) -> Vec<String> {
    let trim = |c: char| !(c.is_ascii_alphanumeric() || "@.-_+/:%".contains(c));
    let mut found = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || "<>()[]\"'`,;".contains(c)) {
        let word = word.trim_matches(trim).trim_start_matches("mailto:").trim_end_matches('.');
        let email = word.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !word.contains('/')
        });
        if (email || word.starts_with("https://")) && !found.iter().any(|f| f == word) {
            found.push(word.to_owned());
        }
    }
    found
}

/// `no-security-contact` and `security-contact-mismatch`.
pub fn findings(m: &Manifest, root: &Path) -> Vec<Finding> {
    let policy = security_md(root);
    let Some(contact) = &m.people.security_contact else {
        let suggested = policy
            .as_ref()
            .and_then(|(_, text)| contacts_in(text).into_iter().next())
            .unwrap_or_else(|| "security@example.org".to_owned());
        let at = m.people.pos;
        return vec![
            Finding::new(
                &NO_SECURITY_CONTACT,
                Severity::Warning,
                "secure.toml names no security contact",
            )
            .at(Location::at(crate::manifest::FILE_NAME, at.line.max(1), at.column.max(1)))
            .fix(format!("[people]\nsecurity-contact = \"{suggested}\"")),
        ];
    };
    let Some((rel, text)) = policy else { return Vec::new() };
    let wanted = contact.value.trim_start_matches("mailto:").to_lowercase();
    if text.to_lowercase().contains(&wanted) {
        return Vec::new();
    }
    let theirs = contacts_in(&text);
    let named = if theirs.is_empty() { "no contact".to_owned() } else { theirs.join(", ") };
    let mut finding = Finding::new(
        &SECURITY_CONTACT_MISMATCH,
        Severity::Warning,
        format!("secure.toml names {} as security contact but {rel} names {named}", contact.value),
    )
    .at(Location::at(crate::manifest::FILE_NAME, contact.pos.line, contact.pos.column));
    finding = match theirs.first() {
        Some(other) => finding.fix(format!(
            "make them agree: either write {} in {rel}, or set in secure.toml:\n[people]\nsecurity-contact = \"{other}\"",
            contact.value
        )),
        None => finding.fix(format!("write {} in {rel} as the place to report vulnerabilities", contact.value)),
    };
    vec![finding]
}

#[cfg(test)]
mod tests {
    use super::contacts_in;

    #[test]
    fn contacts_are_found_in_prose() {
        let text = "Report to <security@example.org> or via https://example.org/report. Thanks (mailto:a@b.io).";
        assert_eq!(
            contacts_in(text),
            ["security@example.org", "https://example.org/report", "a@b.io"]
        );
    }
}
