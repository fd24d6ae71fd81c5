//! Dependency declarations as written in the workspace's `Cargo.toml` files,
//! with the line and column of each, so findings point at the declaring line.
//!
//! `Cargo.lock` says what was resolved; only the manifests say what was asked
//! for and where. Every dependency table counts: `[dependencies]` and its dev
//! and build siblings, `[target.'cfg(..)'.*]`, `[workspace.dependencies]`,
//! `[patch.*]` and `[replace]`.

use crate::manifest::reader::{Reader, get};
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// One dependency entry of a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The package name (`package = "..."` when renamed, else the key).
    pub name: String,
    /// `git = "..."`.
    pub git: Option<String>,
    /// `registry = "..."`.
    pub registry: Option<String>,
    /// `path = "..."`.
    pub path: Option<String>,
    /// 1-based line of the key.
    pub line: u32,
    /// 1-based column of the key.
    pub column: u32,
}

/// A manifest of the workspace and what it declares.
#[derive(Debug)]
pub struct ManifestFile {
    /// Path relative to the workspace root.
    pub rel: String,
    /// Absolute path.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its dependency declarations (none when it does not parse).
    pub declarations: Vec<Declaration>,
}

/// The root manifest and every member manifest, each read once.
pub fn manifests(ws: &Workspace) -> Vec<ManifestFile> {
    let mut paths: Vec<PathBuf> = vec![ws.root.join("Cargo.toml")];
    for member in &ws.members {
        if !paths.contains(&member.manifest_path) {
            paths.push(member.manifest_path.clone());
        }
    }
    paths
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            Some(ManifestFile {
                rel: ws.relative(&path),
                declarations: declarations(&text),
                path,
                text,
            })
        })
        .collect()
}

/// The first declaration of `name` satisfying `wanted`, with its manifest.
pub fn find<'a>(
    manifests: &'a [ManifestFile],
    name: &str,
    wanted: impl Fn(&Declaration) -> bool,
) -> Option<(&'a ManifestFile, &'a Declaration)> {
    manifests
        .iter()
        .flat_map(|m| m.declarations.iter().map(move |d| (m, d)))
        .find(|(_, d)| d.name == name && wanted(d))
}

/// Every dependency declaration of a manifest's text.
pub fn declarations(text: &str) -> Vec<Declaration> {
    let Ok(doc) = DeTable::parse(text) else { return Vec::new() };
    let reader = Reader::new(text);
    let mut out = Vec::new();
    let doc = doc.get_ref();
    dependency_tables(&reader, doc, &mut out);
    if let Some(targets) = table(get(doc, "target")) {
        for (_, platform) in targets.iter() {
            if let DeValue::Table(platform) = platform.get_ref() {
                dependency_tables(&reader, platform, &mut out);
            }
        }
    }
    if let Some(workspace) = table(get(doc, "workspace")) {
        entries(&reader, table(get(workspace, "dependencies")), &mut out);
    }
    if let Some(patches) = table(get(doc, "patch")) {
        for (_, registry) in patches.iter() {
            entries(&reader, table(Some(registry)), &mut out);
        }
    }
    entries(&reader, table(get(doc, "replace")), &mut out);
    // The parsed tables are ordered by key; findings read better in file order.
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// The dependency tables directly inside `t` (a document or a `[target.X]` table).
fn dependency_tables(reader: &Reader<'_>, t: &DeTable<'_>, out: &mut Vec<Declaration>) {
    for key in [
        "dependencies",
        "dev-dependencies",
        "build-dependencies",
        "dev_dependencies",
        "build_dependencies",
    ] {
        entries(reader, table(get(t, key)), out);
    }
}

/// The value as a table.
pub fn table<'a, 'i>(
    value: Option<&'a crate::manifest::reader::Value<'i>>,
) -> Option<&'a DeTable<'i>> {
    match value?.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => None,
    }
}

/// The entries of one dependency table.
fn entries(reader: &Reader<'_>, deps: Option<&DeTable<'_>>, out: &mut Vec<Declaration>) {
    let Some(deps) = deps else { return };
    for (key, value) in deps.iter() {
        let pos = reader.pos(key.span().start);
        // `[replace]` keys are `name:version`.
        let key_name = key.get_ref().split(':').next().unwrap_or_default().to_owned();
        let fields = match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
        let field = |name: &str| {
            fields.and_then(|t| get(t, name)).and_then(|v| match v.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                _ => None,
            })
        };
        out.push(Declaration {
            name: field("package").unwrap_or(key_name),
            git: field("git"),
            registry: field("registry").or_else(|| field("registry-index")),
            path: field("path"),
            line: pos.line,
            column: pos.column,
        });
    }
}

/// `base` joined with `rel`, with `.` and `..` resolved lexically (nothing is
/// read from disk, so a missing directory still resolves).
pub fn join_lexically(base: &Path, rel: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for part in base.join(rel).components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `base` (`../other` for a sibling), `/`-separated;
/// both are absolute and already free of `.` and `..`.
pub fn relative_to(base: &Path, path: &Path) -> String {
    let base: Vec<_> = base.components().collect();
    let path: Vec<_> = path.components().collect();
    let common = base.iter().zip(&path).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_owned(), base.len() - common);
    let rest = path[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(rest).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_declarations_in_every_dependency_table_with_positions() {
        let text = "[package]\nname = \"app\"\n\n[dependencies]\nserde = \"1\"\n\
h = { git = \"https://example.org/h\", branch = \"main\", package = \"hyper\" }\n\n\
[target.'cfg(unix)'.build-dependencies]\ncc = { registry = \"corp\" }\n\n\
[workspace.dependencies]\nother = { path = \"../other\" }\n\n[patch.crates-io]\nlibc = { git = \"https://example.org/libc\" }\n";
        let found = declarations(text);
        let names: Vec<(&str, u32)> = found.iter().map(|d| (d.name.as_str(), d.line)).collect();
        assert_eq!(names, [("serde", 5), ("hyper", 6), ("cc", 9), ("other", 12), ("libc", 15)]);
        assert_eq!(found[1].git.as_deref(), Some("https://example.org/h"));
        assert_eq!(found[2].registry.as_deref(), Some("corp"));
        assert_eq!(found[3].path.as_deref(), Some("../other"));
        assert_eq!(found[1].column, 1);
    }

    #[test]
    fn standard_tables_count_too() {
        let text = "[dependencies.foo]\ngit = \"https://example.org/foo\"\n";
        let found = declarations(text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].name.as_str(), found[0].line), ("foo", 1));
    }

    #[test]
    fn paths_resolve_lexically() {
        let p = join_lexically(Path::new("/ws/app"), "../../other/./x");
        assert_eq!(p, PathBuf::from("/other/x"));
        assert_eq!(relative_to(Path::new("/a/ws"), Path::new("/a/other/x")), "../other/x");
    }
}
