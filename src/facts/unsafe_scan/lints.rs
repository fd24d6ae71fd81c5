//! `[lints.rust] unsafe_code` in a package's Cargo.toml, or in the workspace's
//! `[workspace.lints.rust]` when the package says `[lints] workspace = true`.
//! (Published Cargo.toml files have the workspace's lints inlined already.)

use std::path::Path;

/// The level `unsafe_code` is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LintLevel {
    /// `forbid`.
    pub forbids: bool,
    /// `deny` or `forbid`.
    pub denies: bool,
}

/// Reads the `unsafe_code` lint level of the package at `manifest`, with the
/// workspace root's Cargo.toml at `workspace_manifest` for inherited lints.
pub fn unsafe_code_level(manifest: &Path, workspace_manifest: Option<&Path>) -> LintLevel {
    match read(manifest) {
        Some(table) => level_in(&table, workspace_manifest),
        None => LintLevel::default(),
    }
}

/// [`unsafe_code_level`] of a manifest already read.
pub fn level_in(table: &toml::Table, workspace_manifest: Option<&Path>) -> LintLevel {
    let Some(lints) = table.get("lints") else { return LintLevel::default() };
    if lints.get("workspace").and_then(toml::Value::as_bool) == Some(true) {
        let workspace = workspace_manifest.and_then(read);
        let inherited = workspace.as_ref().and_then(|w| w.get("workspace")?.get("lints"));
        return inherited.map(level).unwrap_or_default();
    }
    level(lints)
}

fn read(path: &Path) -> Option<toml::Table> {
    std::fs::read_to_string(path).ok()?.parse::<toml::Table>().ok()
}

fn level(lints: &toml::Value) -> LintLevel {
    let value = lints.get("rust").and_then(|rust| rust.get("unsafe_code"));
    let word = match value {
        Some(toml::Value::String(s)) => Some(s.as_str()),
        Some(toml::Value::Table(t)) => t.get("level").and_then(toml::Value::as_str),
        _ => None,
    };
    LintLevel { forbids: word == Some("forbid"), denies: matches!(word, Some("forbid" | "deny")) }
}
