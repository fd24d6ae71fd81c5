//! Scanning ahead: while `cargo metadata` resolves the graph (a tenth of a
//! second on a large workspace, with one core busy in cargo), the lockfile's
//! crates.io packages are scanned on the other core, their targets inferred
//! from their unpacked sources as cargo infers them (`registry.rs`), the ones
//! the host most likely builds first (`host_edges.rs`). Scanning stops as
//! soon as cargo answers.
//!
//! The real scan takes a package's result from here only when cargo names the
//! same manifest and the same target roots; any other package (another
//! platform's, one with targets inferred differently, one not reached in time)
//! is scanned as usual, so results never depend on how far this got. Nothing
//! is scanned ahead when the workspace's results are already cached.

use super::cache;
use super::files::{self, Root};
use super::host_edges::{self, Host};
use super::lints;
use super::model::PackageScan;
use super::registry;
use crate::context::ScanOptions;
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Results scanned ahead, by package name and version.
#[derive(Debug, Default)]
pub struct Ahead {
    results: HashMap<(String, String), Scanned>,
}

#[derive(Debug)]
struct Scanned {
    manifest: PathBuf,
    roots: Vec<Root>,
    scan: PackageScan,
}

impl Ahead {
    /// The result for `name version`, if it was scanned from `manifest` with
    /// these `roots`; its lint levels are applied already.
    pub fn get(
        &self,
        name: &str,
        version: &str,
        manifest: &Path,
        roots: &[Root],
    ) -> Option<PackageScan> {
        let found = self.results.get(&(name.to_owned(), version.to_owned()))?;
        let same = found.manifest == manifest && sorted(&found.roots) == sorted(roots);
        same.then(|| found.scan.clone())
    }
}

fn sorted(roots: &[Root]) -> Vec<(&Path, bool)> {
    let mut out: Vec<(&Path, bool)> =
        roots.iter().map(|r| (r.path.as_path(), r.decides_forbid)).collect();
    out.sort();
    out
}

/// Scans the lockfile's crates.io packages until `stop` turns true: first
/// those reached from the workspace's own packages along the dependency edges
/// the host most likely builds (breadth first), then the rest in lockfile
/// order. `root` is the directory of the lockfile.
pub fn scan(
    lockfile: &rustsec::Lockfile,
    root: &Path,
    options: &ScanOptions,
    stop: &AtomicBool,
) -> Ahead {
    let mut ahead = Ahead::default();
    let cache_dir = cache::dir(options.cache_dir.as_deref(), options.no_cache);
    if let Some(dir) = cache_dir
        && cache::pack_path(&dir, root, options.include_tests).is_file()
    {
        return ahead;
    }
    let dirs = registry::source_dirs();
    let host = Host::current();
    let members = host_edges::member_manifests(root);
    let packages = &lockfile.packages;
    let index: HashMap<(&str, &rustsec::Version), usize> =
        packages.iter().enumerate().map(|(i, p)| ((p.name.as_str(), &p.version), i)).collect();
    let mut queued = vec![false; packages.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for (i, _) in packages.iter().enumerate().filter(|(_, p)| p.source.is_none()) {
        queued[i] = true;
        queue.push_back(i);
    }
    let mut rest = 0..packages.len();
    while !stop.load(Ordering::Acquire) {
        let (i, expand) = match queue.pop_front() {
            Some(i) => (i, true),
            None => match rest.by_ref().find(|i| !queued[*i]) {
                Some(i) => (i, false),
                None => break,
            },
        };
        let package = &packages[i];
        let member = package.source.is_none();
        let scanned;
        let table = if member {
            members.get(package.name.as_str())
        } else {
            scanned = ahead.scan_one(package, &dirs, options.include_tests);
            scanned.as_ref()
        };
        if !expand {
            continue;
        }
        for dep in &package.dependencies {
            let Some(&j) = index.get(&(dep.name.as_str(), &dep.version)) else { continue };
            let built = table.is_none_or(|t| host.builds(t, dep.name.as_str(), member));
            if !queued[j] && built {
                queued[j] = true;
                queue.push_back(j);
            }
        }
    }
    ahead
}

impl Ahead {
    /// Scans one crates.io package; returns its manifest.
    fn scan_one(
        &mut self,
        package: &rustsec::package::Package,
        dirs: &[PathBuf],
        include_tests: bool,
    ) -> Option<toml::Table> {
        if !package.source.as_ref().is_some_and(rustsec::SourceId::is_default_registry) {
            return None;
        }
        let (name, version) = (package.name.as_str(), package.version.to_string());
        let (manifest, table) = registry::manifest(dirs, name, &version)?;
        let roots = super::scan::roots(&registry::targets(name, &manifest, &table), include_tests);
        let base = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut scan = files::scan_package(&roots, &base, include_tests, false);
        let level = lints::level_in(&table, None);
        scan.forbids |= level.forbids;
        scan.denies |= level.denies;
        self.results.insert((name.to_owned(), version), Scanned { manifest, roots, scan });
        Some(table)
    }
}
