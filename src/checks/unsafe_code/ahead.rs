//! Scanning ahead: while `cargo metadata` resolves the graph (a tenth of a
//! second on a large workspace, with one core busy in cargo), the lockfile's
//! crates.io packages are scanned on the other core, their targets inferred
//! from their unpacked sources as cargo infers them (`registry.rs`). Scanning
//! stops as soon as cargo answers.
//!
//! The real scan takes a package's result from here only when cargo names the
//! same manifest and the same target roots; any other package (another
//! platform's, one with targets inferred differently, one not reached in time)
//! is scanned as usual, so results never depend on how far this got. Nothing
//! is scanned ahead when the workspace's results are already cached.

use super::cache;
use super::files::{self, Root};
use super::model::PackageScan;
use super::registry;
use crate::context::ScanOptions;
use std::collections::HashMap;
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
    /// The result for `name version`, if it was scanned from `manifest` with these `roots`.
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

    /// How many packages were scanned ahead.
    pub fn len(&self) -> usize {
        self.results.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }
}

fn sorted(roots: &[Root]) -> Vec<(&Path, bool)> {
    let mut out: Vec<(&Path, bool)> =
        roots.iter().map(|r| (r.path.as_path(), r.decides_forbid)).collect();
    out.sort();
    out
}

/// Scans the lockfile's crates.io packages, in lockfile order, until `stop`
/// turns true. `root` is the directory of the lockfile.
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
    for package in &lockfile.packages {
        if stop.load(Ordering::Acquire) {
            break;
        }
        if !package.source.as_ref().is_some_and(rustsec::SourceId::is_default_registry) {
            continue;
        }
        let (name, version) = (package.name.as_str(), package.version.to_string());
        let Some((manifest, targets)) = registry::locate(&dirs, name, &version) else { continue };
        let roots = super::scan::roots(&targets, options.include_tests);
        let base = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
        let scan = files::scan_package(&roots, &base, options.include_tests, false);
        ahead.results.insert((name.to_owned(), version), Scanned { manifest, roots, scan });
    }
    ahead
}
