//! Which dependency edges the host most likely builds, judged from manifests
//! before cargo has resolved the graph: `Cargo.lock` lists every platform's
//! dependencies without saying which platform needs them, but the depending
//! package's `Cargo.toml` does (`[target.'cfg(windows)'.dependencies]`).
//!
//! Used only to order the packages scanned ahead (`ahead.rs`), so the host's
//! packages come before another platform's: what is counted never depends on
//! it. The host's cfg values are this binary's own, which was built for the
//! machine it runs on; the triple is the trusted toolchain's.

use cargo_platform::{Cfg, Platform};
use globset::GlobBuilder;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The host platform, as `[target.*]` tables are matched against it.
#[derive(Debug)]
pub struct Host {
    triple: String,
    cfgs: Vec<Cfg>,
}

impl Host {
    /// The machine this runs on.
    pub fn current() -> Self {
        let triple = crate::workspace::toolchain::host_triple().unwrap_or_default();
        let endian = if cfg!(target_endian = "little") { "little" } else { "big" };
        let env = triple.split('-').nth(3).unwrap_or("");
        let texts = [
            std::env::consts::FAMILY.to_owned(),
            format!("target_family = \"{}\"", std::env::consts::FAMILY),
            format!("target_os = \"{}\"", std::env::consts::OS),
            format!("target_arch = \"{}\"", std::env::consts::ARCH),
            format!("target_pointer_width = \"{}\"", usize::BITS),
            format!("target_endian = \"{endian}\""),
            format!("target_env = \"{}\"", env.trim_end_matches(|c: char| c.is_ascii_digit())),
        ];
        let cfgs = texts.iter().filter_map(|text| Cfg::from_str(text).ok()).collect();
        Host { triple, cfgs }
    }

    /// Whether the package whose manifest is `table` builds its dependency
    /// `dep` on this host: declared in a plain dependency table (dev ones too
    /// for a workspace `member`), or in a `[target.X]` table whose `X`
    /// matches; [`Edge::Optional`] when every such declaration is optional
    /// and the package's default features do not enable it. A dependency the
    /// manifest does not name is taken as built.
    pub fn edge(&self, table: &toml::Table, dep: &str, member: bool) -> Edge {
        const ALL: [&str; 5] = [
            "dependencies",
            "build-dependencies",
            "build_dependencies",
            "dev-dependencies",
            "dev_dependencies",
        ];
        let built: &[&str] = if member { &ALL } else { &ALL[..3] };
        let strongest = |t: &toml::Table, kinds: &[&str]| {
            kinds
                .iter()
                .filter_map(|k| t.get(*k)?.as_table())
                .flat_map(|deps| declarations(deps, dep))
                .map(|(key, optional)| {
                    if optional && !default_enables(table, key) {
                        Edge::Optional
                    } else {
                        Edge::Built
                    }
                })
                .min()
        };
        let mut edge = strongest(table, built).unwrap_or(Edge::NotBuilt);
        let mut named = edge != Edge::NotBuilt || strongest(table, &ALL).is_some();
        let targets = table.get("target").and_then(toml::Value::as_table);
        for (spec, tables) in targets.into_iter().flatten() {
            let Some(tables) = tables.as_table() else { continue };
            named |= strongest(tables, &ALL).is_some();
            let Some(found) = strongest(tables, built).filter(|found| *found < edge) else {
                continue;
            };
            if Platform::from_str(spec).is_ok_and(|p| p.matches(&self.triple, &self.cfgs)) {
                edge = found;
            }
        }
        if named { edge } else { Edge::Built }
    }
}

/// How likely the host builds a dependency edge, most likely first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Edge {
    /// Declared for this host and not optional (or enabled by default).
    Built,
    /// Declared for this host, but only as an optional dependency.
    Optional,
    /// Declared for other platforms only, or as a non-member's dev-dependency.
    NotBuilt,
}

/// The entries of a dependency table that declare the crate `dep` (by key, or
/// renamed with `package = "dep"`): each key, and whether it is optional.
fn declarations<'t>(
    deps: &'t toml::Table,
    dep: &'t str,
) -> impl Iterator<Item = (&'t str, bool)> + 't {
    deps.iter().filter_map(move |(key, value)| {
        let package = value.get("package").and_then(toml::Value::as_str);
        let optional = value.get("optional").and_then(toml::Value::as_bool).unwrap_or(false);
        (package.unwrap_or(key) == dep).then_some((key.as_str(), optional))
    })
}

/// Whether the package's default features, followed through the features
/// they enable, enable its optional dependency `key` (`key`, `dep:key` or
/// `key/feature`; not `key?/feature`).
fn default_enables(table: &toml::Table, key: &str) -> bool {
    let Some(features) = table.get("features").and_then(toml::Value::as_table) else {
        return false;
    };
    let mut seen = vec!["default"];
    let mut next = 0;
    while let Some(feature) = seen.get(next).copied() {
        next += 1;
        let enabled = features.get(feature).and_then(toml::Value::as_array).into_iter().flatten();
        for item in enabled.filter_map(toml::Value::as_str) {
            let name = item.strip_prefix("dep:").unwrap_or(item);
            let name = name.split_once('/').map_or(name, |(dep, _)| dep);
            if name == key {
                return true;
            }
            if !seen.contains(&item) {
                seen.push(item);
            }
        }
    }
    false
}

/// The manifests of the workspace's own packages under `root`, by package
/// name: the root package and the `[workspace] members`. Others are not found,
/// and all their edges are taken.
pub fn member_manifests(root: &Path) -> HashMap<String, toml::Table> {
    let mut found = HashMap::new();
    let Some(top) = read(&root.join("Cargo.toml")) else { return found };
    let members = top.get("workspace").and_then(|w| w.get("members")).and_then(|m| m.as_array());
    let patterns = members.into_iter().flatten().filter_map(toml::Value::as_str);
    let dirs: Vec<PathBuf> = patterns.flat_map(|pattern| expand(root, pattern)).collect();
    let tables =
        std::iter::once(top).chain(dirs.iter().filter_map(|d| read(&d.join("Cargo.toml"))));
    for table in tables {
        let name = table.get("package").and_then(|p| p.get("name")).and_then(toml::Value::as_str);
        if let Some(name) = name.map(str::to_owned) {
            found.insert(name, table);
        }
    }
    found
}

/// The directories a `[workspace] members` entry names: cargo reads each as a
/// glob (`crates/*`, `crates/*/`, `plugins/nu_plugin_*`).
fn expand(root: &Path, pattern: &str) -> Vec<PathBuf> {
    let mut dirs = vec![root.to_path_buf()];
    for part in pattern.split('/').filter(|part| !part.is_empty() && *part != ".") {
        if !part.contains(['*', '?', '[', '{']) {
            dirs.iter_mut().for_each(|dir| dir.push(part));
            continue;
        }
        let Ok(glob) = GlobBuilder::new(part).literal_separator(true).build() else {
            return Vec::new();
        };
        let matcher = glob.compile_matcher();
        dirs = dirs
            .iter()
            .filter_map(|dir| std::fs::read_dir(dir).ok())
            .flatten()
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.file_name().is_some_and(|name| matcher.is_match(name)))
            .collect();
    }
    dirs
}

fn read(path: &Path) -> Option<toml::Table> {
    std::fs::read_to_string(path).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        text.parse().expect("toml")
    }

    #[test]
    fn target_tables_decide_by_the_host_platform() {
        let host =
            Host { triple: "x86_64-unknown-linux-gnu".to_owned(), cfgs: Host::current().cfgs };
        let manifest = table(
            r#"
            [dependencies]
            log = "0.4"
            [target.'cfg(windows)'.dependencies]
            winapi = "0.3"
            [target.'cfg(unix)'.dependencies]
            nix = { version = "0.20", package = "nix" }
            [target.x86_64-unknown-linux-gnu.build-dependencies]
            cc = "1"
            [dev-dependencies]
            tempfile = "3"
            [dependencies.serde]
            version = "1"
            optional = true
            [dependencies.itoa]
            version = "1"
            optional = true
            [dependencies.ryu]
            version = "1"
            optional = true
            [features]
            default = ["std"]
            std = ["dep:itoa", "ryu?/x"]
            "#,
        );
        let edge = |dep: &str, member: bool| host.edge(&manifest, dep, member);
        assert_eq!(edge("log", false), Edge::Built);
        assert_eq!(edge("cc", false), Edge::Built);
        assert_eq!(edge("unnamed", false), Edge::Built);
        assert_eq!(edge("tempfile", false), Edge::NotBuilt);
        assert_eq!(edge("tempfile", true), Edge::Built);
        assert_eq!(edge("serde", false), Edge::Optional);
        assert_eq!(edge("itoa", false), Edge::Built, "enabled by default through `std`");
        assert_eq!(edge("ryu", false), Edge::Optional, "`ryu?/x` does not enable it");
        if cfg!(unix) {
            assert_eq!(edge("winapi", false), Edge::NotBuilt);
            assert_eq!(edge("nix", false), Edge::Built);
        }
    }

    #[test]
    fn member_globs_are_expanded_like_cargo() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/*/\", \"tools/x-*\", \"app\"]\n",
        )
        .expect("write");
        for (dir, name) in [("crates/a", "a"), ("tools/x-b", "b"), ("tools/y", "y"), ("app", "app")]
        {
            std::fs::create_dir_all(root.join(dir)).expect("mkdir");
            let manifest = format!("[package]\nname = \"{name}\"\n");
            std::fs::write(root.join(dir).join("Cargo.toml"), manifest).expect("write");
        }
        let mut found: Vec<String> = member_manifests(root).into_keys().collect();
        found.sort();
        assert_eq!(found, ["a", "app", "b"]);
    }
}
