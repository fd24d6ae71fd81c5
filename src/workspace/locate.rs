//! Where a dependency is written down: the line of its `[[package]]` entry in
//! `Cargo.lock`, or the line of a member's `Cargo.toml` that declares it.
//!
//! Dependency findings point there so SARIF and editors can show them in
//! place. Both files are read once; lookups are then cheap.

use super::{PackageFacts, Workspace};
use crate::finding::Location;
use std::collections::HashMap;

/// Finds the lines that declare lockfile packages.
#[derive(Debug, Default)]
pub struct Locator {
    /// `Cargo.lock` relative to the root.
    lockfile: String,
    /// `(name, version)` -> line of the `[[package]]` header.
    entries: HashMap<(String, String), u32>,
    /// Member name -> (manifest path relative to the root, its text).
    manifests: HashMap<String, (String, String)>,
}

impl Locator {
    /// Indexes `Cargo.lock` (as the workspace read it) and reads the members' manifests.
    pub fn new(workspace: &Workspace) -> Self {
        let text = &workspace.lockfile_text;
        let manifests = workspace
            .members
            .iter()
            .filter_map(|m| {
                let text = std::fs::read_to_string(&m.manifest_path).ok()?;
                Some((m.name.clone(), (workspace.relative(&m.manifest_path), text)))
            })
            .collect();
        Locator {
            lockfile: workspace.relative(&workspace.lockfile_path),
            entries: lockfile_entries(text),
            manifests,
        }
    }

    /// The declaring line in a member's `Cargo.toml` for a direct dependency,
    /// else the package's `[[package]]` entry in `Cargo.lock`.
    pub fn package(&self, package: &PackageFacts) -> Option<Location> {
        if let [member, name] = package.via.as_slice()
            && !package.member
            && let Some(found) = self.declaration(member, name)
        {
            return Some(found);
        }
        self.lock_entry(&package.name, &package.version.to_string())
    }

    /// The `[[package]]` entry of `name` `version` in `Cargo.lock`.
    pub fn lock_entry(&self, name: &str, version: &str) -> Option<Location> {
        let line = self.entries.get(&(name.to_owned(), version.to_owned()))?;
        Some(Location::at(self.lockfile.clone(), *line, 1))
    }

    /// The line of `member`'s `Cargo.toml` that declares a dependency on `name`.
    pub fn declaration(&self, member: &str, name: &str) -> Option<Location> {
        let (path, text) = self.manifests.get(member)?;
        let line = declaring_line(text, name)?;
        Some(Location::at(path.clone(), line, 1))
    }
}

/// `(name, version)` -> 1-based line of each `[[package]]` header.
fn lockfile_entries(text: &str) -> HashMap<(String, String), u32> {
    let mut entries = HashMap::new();
    let mut header = 0;
    let mut name: Option<String> = None;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line == "[[package]]" {
            header = u32::try_from(index + 1).unwrap_or(u32::MAX);
            name = None;
        } else if let Some(value) = string_value(line, "name") {
            name = Some(value);
        } else if let Some(version) = string_value(line, "version")
            && let Some(name) = name.take()
        {
            entries.entry((name, version)).or_insert(header);
        }
    }
    entries
}

/// The value of `key = "value"`.
fn string_value(line: &str, key: &str) -> Option<String> {
    let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?.trim();
    Some(rest.strip_prefix('"')?.strip_suffix('"')?.to_owned())
}

/// The 1-based line declaring a dependency on `name` in a manifest, looking in
/// every dependency table (`[dependencies]`, `[dev-dependencies]`,
/// `[target.'cfg(..)'.build-dependencies]`, `[dependencies.NAME]`...), and
/// following renames (`alias = { package = "NAME" }`).
fn declaring_line(text: &str, name: &str) -> Option<u32> {
    let mut in_deps = false;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            in_deps = is_dependency_table(header);
            if let Some((table, key)) = header.rsplit_once('.')
                && is_dependency_table(table)
                && unquote(key) == name
            {
                return Some(number);
            }
            continue;
        }
        if !in_deps {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let key = key.trim();
        let key = key.strip_suffix(".workspace").map_or(key, str::trim);
        let renamed = value.contains("package") && package_field(value) == Some(name);
        if unquote(key) == name && !value.contains("package") || renamed {
            return Some(number);
        }
    }
    None
}

fn is_dependency_table(header: &str) -> bool {
    header.ends_with("dependencies") && !header.starts_with("workspace")
}

fn unquote(key: &str) -> &str {
    key.trim().trim_matches('"').trim_matches('\'')
}

/// The `package = "NAME"` field of an inline table.
fn package_field(value: &str) -> Option<&str> {
    let start = value.find("package")? + "package".len();
    let rest = value[start..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_plain_renamed_and_table_declarations() {
        let manifest = "[package]\nname = \"app\"\n\n[dependencies]\nserde = \"1\"\n\
            h = { version = \"0.1\", package = \"hyper\" }\n\n[dev-dependencies.tokio]\nversion = \"1\"\n";
        assert_eq!(declaring_line(manifest, "serde"), Some(5));
        assert_eq!(declaring_line(manifest, "hyper"), Some(6));
        assert_eq!(declaring_line(manifest, "tokio"), Some(8));
        assert_eq!(declaring_line(manifest, "app"), None);
    }

    #[test]
    fn indexes_lockfile_entries() {
        let lock = "version = 3\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n\n[[package]]\nname = \"b\"\nversion = \"0.2.0\"\n";
        let entries = lockfile_entries(lock);
        assert_eq!(entries[&("a".to_owned(), "1.0.0".to_owned())], 3);
        assert_eq!(entries[&("b".to_owned(), "0.2.0".to_owned())], 7);
    }
}
