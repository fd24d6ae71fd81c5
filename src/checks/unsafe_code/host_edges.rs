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
use std::collections::HashMap;
use std::path::Path;
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
    /// matches. A dependency the manifest does not name is taken as built.
    pub fn builds(&self, table: &toml::Table, dep: &str, member: bool) -> bool {
        const ALL: [&str; 5] = [
            "dependencies",
            "build-dependencies",
            "build_dependencies",
            "dev-dependencies",
            "dev_dependencies",
        ];
        let built: &[&str] = if member { &ALL } else { &ALL[..3] };
        let declares = |t: &toml::Table, kinds: &[&str]| {
            kinds.iter().filter_map(|k| t.get(*k)?.as_table()).any(|deps| names(deps, dep))
        };
        if declares(table, built) {
            return true;
        }
        let mut named = declares(table, &ALL);
        let targets = table.get("target").and_then(toml::Value::as_table);
        for (spec, tables) in targets.into_iter().flatten() {
            let Some(tables) = tables.as_table() else { continue };
            named |= declares(tables, &ALL);
            let matches =
                || Platform::from_str(spec).is_ok_and(|p| p.matches(&self.triple, &self.cfgs));
            if declares(tables, built) && matches() {
                return true;
            }
        }
        !named
    }
}

/// Whether a dependency table declares the crate `dep` (by key, or renamed
/// with `package = "dep"`).
fn names(deps: &toml::Table, dep: &str) -> bool {
    deps.iter().any(|(key, value)| {
        let package = value.get("package").and_then(toml::Value::as_str);
        package.unwrap_or(key) == dep
    })
}

/// The manifests of the workspace's own packages under `root`, by package
/// name: the root package and the `[workspace] members` (a trailing `/*`
/// listing a directory). Others are not found, and all their edges are taken.
pub fn member_manifests(root: &Path) -> HashMap<String, toml::Table> {
    let mut found = HashMap::new();
    let Some(top) = read(&root.join("Cargo.toml")) else { return found };
    let members = top.get("workspace").and_then(|w| w.get("members")).and_then(|m| m.as_array());
    let mut dirs = Vec::new();
    for pattern in members.into_iter().flatten().filter_map(toml::Value::as_str) {
        match pattern.strip_suffix("/*") {
            Some(parent) => {
                let listed = std::fs::read_dir(root.join(parent)).into_iter().flatten();
                dirs.extend(listed.filter_map(|e| e.ok().map(|e| e.path())));
            }
            None => dirs.push(root.join(pattern)),
        }
    }
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
            "#,
        );
        assert!(host.builds(&manifest, "log", false));
        assert!(host.builds(&manifest, "cc", false));
        assert!(host.builds(&manifest, "unnamed", false));
        assert!(!host.builds(&manifest, "tempfile", false));
        assert!(host.builds(&manifest, "tempfile", true));
        if cfg!(unix) {
            assert!(!host.builds(&manifest, "winapi", false));
            assert!(host.builds(&manifest, "nix", false));
        }
    }
}
