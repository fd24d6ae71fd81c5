//! Where a SARIF result points: the finding's own location, else the
//! `[[package]]` entry of its package in `Cargo.lock`, else `Cargo.toml` line 1.
//! Only display: the layers already decided what the finding is about.

use crate::finding::{Finding, Location};
use std::path::Path;

/// Line numbers of `[[package]]` entries in the workspace's Cargo.lock.
#[derive(Debug, Default)]
pub struct LockIndex {
    entries: Vec<(String, String, u32)>,
}

impl LockIndex {
    /// Reads `Cargo.lock` under `root`; an unreadable file gives an empty index.
    pub fn load(root: &Path) -> Self {
        std::fs::read_to_string(root.join("Cargo.lock"))
            .map(|t| Self::parse(&t))
            .unwrap_or_default()
    }

    /// Indexes lockfile text: each `[[package]]` line with the name and version below it.
    pub fn parse(text: &str) -> Self {
        let mut entries = Vec::new();
        let mut current: Option<(u32, Option<String>, Option<String>)> = None;
        let mut flush = |c: Option<(u32, Option<String>, Option<String>)>| {
            if let Some((line, Some(name), Some(version))) = c {
                entries.push((name, version, line));
            }
        };
        for (n, line) in text.lines().enumerate() {
            let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
            let line = line.trim();
            if line.starts_with('[') {
                flush(current.take());
                if line == "[[package]]" {
                    current = Some((line_no, None, None));
                }
            } else if let Some((_, name, version)) = current.as_mut() {
                if let Some(value) = quoted_value(line, "name") {
                    *name = Some(value);
                } else if let Some(value) = quoted_value(line, "version") {
                    *version = Some(value);
                }
            }
        }
        flush(current);
        LockIndex { entries }
    }

    /// An index that knows `packages` but not their lines (all on line 1):
    /// for a saved report, whose package findings pointed at Cargo.lock.
    pub fn listing<'a>(packages: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let entries = packages.into_iter().map(|(n, v)| (n.to_owned(), v.to_owned(), 1)).collect();
        LockIndex { entries }
    }

    /// The line of the `[[package]]` entry for `name` at `version`.
    pub fn line_of(&self, name: &str, version: &str) -> Option<u32> {
        self.entries.iter().find(|(n, v, _)| n == name && v == version).map(|(_, _, line)| *line)
    }
}

fn quoted_value(line: &str, key: &str) -> Option<String> {
    let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?.trim();
    Some(rest.strip_prefix('"')?.strip_suffix('"')?.to_owned())
}

/// The location a result shows, always with a line.
pub fn location_of(finding: &Finding, lock: &LockIndex) -> Location {
    if let Some(location) = &finding.location {
        return Location {
            path: location.path.clone(),
            line: Some(location.line.unwrap_or(1)),
            column: location.column,
        };
    }
    if let Some(package) = &finding.package
        && let Some(line) = lock.line_of(&package.name, &package.version)
    {
        return Location::at("Cargo.lock", line, 1);
    }
    Location::at("Cargo.toml", 1, 1)
}

/// Percent-encodes a relative path for a URI reference (keeps `/` and unreserved characters).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `file://` URI of an absolute path.
pub fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = if path.starts_with('/') { path } else { format!("/{path}") };
    format!("file://{}", encode_path(&path).replace("%3A", ":"))
}

/// The `file://` URI of a directory, ending with `/` as SARIF requires of a base id.
pub fn directory_uri(root: &str) -> String {
    let mut uri = file_uri(root);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::advisories::docs::YANKED;
    use crate::finding::Severity;

    const LOCK: &str = "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"helper\",\n]\n\n[[package]]\nname = \"helper\"\nversion = \"0.2.0\"\n";

    #[test]
    fn a_package_finding_without_location_points_at_its_lockfile_entry() {
        let lock = LockIndex::parse(LOCK);
        let finding = Finding::new(&YANKED, Severity::Error, "m").package("helper", "0.2.0");
        assert_eq!(location_of(&finding, &lock), Location::at("Cargo.lock", 10, 1));
    }

    #[test]
    fn a_finding_without_place_points_at_the_workspace_manifest() {
        let lock = LockIndex::parse(LOCK);
        let finding = Finding::new(&YANKED, Severity::Error, "m").package("other", "1.0.0");
        assert_eq!(location_of(&finding, &lock), Location::at("Cargo.toml", 1, 1));
    }

    #[test]
    fn a_file_location_gets_line_one() {
        let finding = Finding::new(&YANKED, Severity::Note, "m").at(Location::file("SECURITY.md"));
        let location = location_of(&finding, &LockIndex::default());
        assert_eq!(location.line, Some(1));
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode_path("src/a b%.rs"), "src/a%20b%25.rs");
        assert_eq!(directory_uri("/tmp/my ws"), "file:///tmp/my%20ws/");
        assert_eq!(directory_uri("C:\\ws"), "file:///C:/ws/");
        assert_eq!(file_uri("/tmp/outside.rs"), "file:///tmp/outside.rs");
    }
}
