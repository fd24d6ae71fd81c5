//! Which packages and targets are scanned, and the parallel, cached scan.
//!
//! Scanned: the workspace members and every package of the resolved graph
//! whose source is on disk (cargo metadata's `manifest_path`). Targets: lib,
//! bin and proc-macro, and build scripts too (they run on the build machine
//! with the builder's rights); test, bench and example targets only with
//! `--include-tests`. Packages present only in Cargo.lock (another platform's
//! or a disabled feature's dependencies) are not part of the graph and are not
//! scanned. Nothing is ever downloaded: missing sources are reported.

use super::ahead::Ahead;
use super::cache::{self, Pack};
use super::file_cache::FileCache;
use super::files;
use super::lints;
use super::model::{PackageScan, Problem};
use super::registry;
use crate::finding::Scope;
use crate::options::ScanOptions;
use crate::progress::Progress;
use crate::workspace::{PackageFacts, SourceKind, Target, Workspace};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// One package to scan.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Crate name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Where it comes from.
    pub source: SourceKind,
    /// Whether it is a workspace member.
    pub member: bool,
    /// How it is reached.
    pub scope: Scope,
    /// Shortest path from a member.
    pub via: Vec<String>,
    /// Its Cargo.toml, when known.
    pub manifest_path: Option<PathBuf>,
    /// Its targets.
    pub targets: Vec<Target>,
    /// Registry checksum.
    pub checksum: Option<String>,
}

/// A scanned package.
#[derive(Debug, Clone)]
pub struct Scanned {
    /// The package.
    pub unit: Unit,
    /// What was found.
    pub scan: PackageScan,
    /// Whether its sources are missing from disk.
    pub missing: bool,
    /// Whether the result came from the cache.
    pub cached: bool,
}

/// The packages to scan, and how many lockfile packages are outside the graph.
pub fn units(ws: &Workspace) -> (Vec<Unit>, usize) {
    let mut outside = 0;
    let mut units = Vec::new();
    let registry_dirs = if ws.metadata.is_none() { registry::source_dirs() } else { Vec::new() };
    for p in &ws.packages {
        let member = ws.members.iter().find(|m| p.member && m.name == p.name);
        let (manifest_path, targets) = match member {
            Some(m) => (Some(m.manifest_path.clone()), m.targets.clone()),
            None if ws.metadata.is_none() && p.source == SourceKind::CratesIo => {
                match registry::locate(&registry_dirs, &p.name, &p.version.to_string()) {
                    Some((manifest, targets)) => (Some(manifest), targets),
                    None => (None, Vec::new()),
                }
            }
            None => (p.manifest_path.clone(), p.targets.clone()),
        };
        if manifest_path.is_none() && ws.metadata.is_some() {
            outside += 1;
            continue;
        }
        units.push(unit(p, manifest_path, targets));
    }
    (units, outside)
}

fn unit(p: &PackageFacts, manifest_path: Option<PathBuf>, targets: Vec<Target>) -> Unit {
    Unit {
        name: p.name.clone(),
        version: p.version.to_string(),
        source: p.source.clone(),
        member: p.member,
        scope: p.scope,
        via: p.via.clone(),
        manifest_path,
        targets,
        checksum: p.checksum.clone(),
    }
}

/// Scans every unit in parallel, through the cache for registry packages.
/// `ahead` holds the packages scanned while cargo resolved the graph. Also
/// returns the files read through the file cache (those of members, path
/// and git packages), which a cached run depends on.
pub fn scan_all(
    ws: &Workspace,
    options: &ScanOptions,
    progress: &Progress,
    units: Vec<Unit>,
    ahead: &Ahead,
) -> (Vec<Scanned>, Vec<PathBuf>) {
    let cache_dir = cache::dir(options.cache_dir.as_deref(), options.no_cache);
    let include_tests = options.include_tests;
    let pack_path = cache_dir.as_deref().map(|dir| cache::pack_path(dir, &ws.root, include_tests));
    let pack = pack_path.as_deref().map(cache::load_pack).unwrap_or_default();
    let files_path =
        cache_dir.as_deref().map(|dir| cache::files_pack_path(dir, &ws.root, include_tests));
    let file_cache = files_path.as_deref().map(FileCache::load);
    let bar = progress.bar(units.len() as u64, "unsafe code");
    let scanned: Vec<(Scanned, Option<String>)> = units
        .into_par_iter()
        .map(|unit| {
            let key = cache_dir.as_ref().and_then(|_| key(&unit));
            let caches = Caches { pack: &pack, files: file_cache.as_ref(), ahead };
            let result = scan_one(unit, key.as_deref(), caches, ws, include_tests);
            bar.inc(1);
            (result, key)
        })
        .collect();
    bar.finish_and_clear();
    let fresh: Pack = scanned
        .iter()
        .filter_map(|(s, key)| key.clone().filter(|_| !s.missing).map(|k| (k, s.scan.clone())))
        .collect();
    if let Some(path) = pack_path
        && fresh.keys().ne(pack.keys())
    {
        cache::store_pack(&path, &fresh);
    }
    let mut read = Vec::new();
    if let (Some(path), Some(file_cache)) = (files_path, file_cache) {
        read = file_cache.files();
        read.sort();
        file_cache.store(&path);
    }
    (scanned.into_iter().map(|(scanned, _)| scanned).collect(), read)
}

/// The cache key of a registry package; `None` for members, path and git packages.
fn key(unit: &Unit) -> Option<String> {
    let registry = matches!(unit.source, SourceKind::CratesIo | SourceKind::Registry(_));
    let sum = unit.checksum.as_deref().filter(|_| registry && !unit.member)?;
    let package_dir = unit.manifest_path.as_deref().and_then(Path::parent);
    let mut targets: Vec<String> = unit
        .targets
        .iter()
        .map(|t| {
            let inside = package_dir.and_then(|d| t.src_path.strip_prefix(d).ok());
            format!("{}:{}", t.kinds.join(","), inside.unwrap_or(&t.src_path).display())
        })
        .collect();
    targets.sort();
    Some(cache::key(&unit.name, &unit.version, sum, &targets))
}

/// Where a package's result may already be: the registry pack (by key), the
/// file cache (members, path and git packages), the packages scanned ahead.
struct Caches<'a> {
    pack: &'a Pack,
    files: Option<&'a FileCache>,
    ahead: &'a Ahead,
}

fn scan_one(
    unit: Unit,
    key: Option<&str>,
    Caches { pack, files: file_cache, ahead }: Caches<'_>,
    ws: &Workspace,
    include_tests: bool,
) -> Scanned {
    // A registry package's counts never change: a cached result stands even
    // when its sources have since been removed from disk.
    if let Some(scan) = key.and_then(|key| pack.get(key)) {
        return Scanned { unit, scan: scan.clone(), missing: false, cached: true };
    }
    let Some(manifest) = unit.manifest_path.clone().filter(|m| m.is_file()) else {
        let reason = if unit.manifest_path.is_some() {
            "sources are not on disk"
        } else {
            "sources are not on disk (and cargo metadata could not resolve the dependency graph)"
        };
        let scan = PackageScan {
            problems: vec![Problem { path: "Cargo.toml".to_owned(), reason: reason.to_owned() }],
            ..PackageScan::default()
        };
        return Scanned { unit, scan, missing: true, cached: false };
    };
    let package_dir = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
    let base = if unit.member { ws.root.clone() } else { package_dir };
    let roots = files::roots(&unit.targets, include_tests);
    let ahead = ahead.get(&unit.name, &unit.version, &manifest, &roots).filter(|_| !unit.member);
    let scan = ahead.unwrap_or_else(|| {
        // A registry package's files never change and the pack keeps its
        // result; the others' files are cached one by one.
        let cache = file_cache.filter(|_| key.is_none());
        let how = files::How { include_tests, sites: unit.member, cache };
        let mut scan =
            files::scan_package_unless(&roots, &base, &how, &|| false).unwrap_or_default();
        let ws_manifest = ws.root.join("Cargo.toml");
        let level =
            lints::unsafe_code_level(&manifest, unit.member.then_some(ws_manifest.as_path()));
        scan.forbids |= level.forbids;
        scan.denies |= level.denies;
        scan
    });
    Scanned { unit, scan, missing: false, cached: false }
}
