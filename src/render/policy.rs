//! `cargo secure policy` as text: the effective policy, one value per line
//! with the file and line that sets it (human), or as a Markdown table.

use crate::manifest::effective::Effective;
use std::fmt::Write;

/// `min-score = 8 (../platform/secure-policy.toml:4)`, one line per value.
pub fn human(policy: &Effective) -> String {
    let mut out = String::new();
    if policy.policies.is_empty() {
        out.push_str("organisation policy: none (secure.toml extends nothing)\n");
    }
    for p in &policy.policies {
        let _ = writeln!(out, "organisation policy: {} {} ({})", p.name, p.version, p.path);
    }
    for e in &policy.entries {
        let _ = writeln!(out, "{} = {} ({})", e.key, e.value, e.from);
    }
    out
}

/// A Markdown section with the policies in force and a table of values.
pub fn markdown(policy: &Effective) -> String {
    let mut out = String::from("## Effective security policy\n\n");
    if policy.policies.is_empty() {
        out.push_str("No organisation policy: secure.toml extends nothing.\n\n");
    }
    for p in &policy.policies {
        let _ = writeln!(
            out,
            "- Organisation policy **{} {}** (`{}`)",
            cell(&p.name),
            cell(&p.version),
            p.path
        );
    }
    if !policy.policies.is_empty() {
        out.push('\n');
    }
    out.push_str("| Key | Value | From |\n|---|---|---|\n");
    for e in &policy.entries {
        let _ = writeln!(out, "| `{}` | {} | `{}` |", e.key, cell(&e.value), e.from);
    }
    out
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Pretty JSON of the effective policy.
pub fn json(policy: &Effective) -> String {
    let mut text = serde_json::to_string_pretty(policy).unwrap_or_default();
    text.push('\n');
    text
}
