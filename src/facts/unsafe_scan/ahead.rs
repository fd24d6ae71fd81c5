//! Scanning ahead: while `cargo metadata` resolves the graph (a few tenths of
//! a second on a large workspace, with one core busy in cargo), the lockfile's
//! crates.io packages that the host most likely builds (`host_edges.rs`) are
//! scanned on the other core, their targets inferred from their unpacked
//! sources as cargo infers them (`registry.rs`). Scanning stops between two
//! files as soon as cargo answers.
//!
//! The real scan takes a package's result from here only when cargo names the
//! same manifest and the same target roots; any other package (another
//! platform's, one with targets inferred differently, one not reached in time)
//! is scanned as usual, so results never depend on how far this got. Nothing
//! is scanned ahead when the workspace's results are already cached.

use super::cache;
use super::files::{self, Root};
use super::host_edges::{self, Edge, Host};
use super::lints;
use super::model::PackageScan;
use super::registry;
use crate::options::ScanOptions;
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Results scanned ahead, by package name and version.
#[derive(Debug, Default)]
pub struct Ahead {
    results: HashMap<(String, String), Prescanned>,
}

#[derive(Debug)]
struct Prescanned {
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

/// Scans the lockfile's crates.io packages until `stop` turns true or none
/// is left: those reached from the workspace's own packages along the
/// dependency edges the host builds (breadth first), then those reached
/// through optional dependencies the defaults do not enable. Packages reached
/// only through another platform's or a non-member's dev-dependency edges are
/// left to the real scan (measured: scanning them too spent a tenth more CPU
/// and saved no time). `root` is the directory of the lockfile.
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
    // The most likely edge each package was reached by, and whether it is done.
    let mut reached: Vec<Option<Edge>> = vec![None; packages.len()];
    let mut done = vec![false; packages.len()];
    let mut built: VecDeque<usize> = VecDeque::new();
    let mut optional: VecDeque<usize> = VecDeque::new();
    for (i, _) in packages.iter().enumerate().filter(|(_, p)| p.source.is_none()) {
        reached[i] = Some(Edge::Built);
        built.push_back(i);
    }
    while !stop.load(Ordering::Acquire) {
        let Some(i) = built.pop_front().or_else(|| optional.pop_front()) else { break };
        if std::mem::replace(&mut done[i], true) {
            continue;
        }
        let package = &packages[i];
        let member = package.source.is_none();
        let scanned;
        let table = if member {
            members.get(package.name.as_str())
        } else {
            scanned = ahead.scan_one(package, &dirs, options.include_tests, stop);
            scanned.as_ref()
        };
        let from = reached[i].unwrap_or(Edge::Built);
        for dep in &package.dependencies {
            let Some(&j) = index.get(&(dep.name.as_str(), &dep.version)) else { continue };
            let edge = table.map_or(Edge::Built, |t| host.edge(t, dep.name.as_str(), member));
            let edge = edge.max(from);
            if done[j] || edge == Edge::NotBuilt || reached[j].is_some_and(|r| r <= edge) {
                continue;
            }
            reached[j] = Some(edge);
            if edge == Edge::Built { built.push_back(j) } else { optional.push_back(j) }
        }
    }
    ahead
}

impl Ahead {
    /// Scans one crates.io package unless `stop` turns true before it is
    /// done; returns its manifest.
    fn scan_one(
        &mut self,
        package: &rustsec::package::Package,
        dirs: &[PathBuf],
        include_tests: bool,
        stop: &AtomicBool,
    ) -> Option<toml::Table> {
        if !package.source.as_ref().is_some_and(rustsec::SourceId::is_default_registry) {
            return None;
        }
        let (name, version) = (package.name.as_str(), package.version.to_string());
        let (manifest, table) = registry::manifest(dirs, name, &version)?;
        let roots = super::files::roots(&registry::targets(name, &manifest, &table), include_tests);
        let base = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
        let stopped = || stop.load(Ordering::Acquire);
        let how = files::How { include_tests, sites: false, cache: None };
        let mut scan = files::scan_package_unless(&roots, &base, &how, &stopped)?;
        let level = lints::level_in(&table, None);
        scan.forbids |= level.forbids;
        scan.denies |= level.denies;
        self.results.insert((name.to_owned(), version), Prescanned { manifest, roots, scan });
        Some(table)
    }
}
