//! The unsafe-code scanner: every file of each target of the workspace
//! members and of every dependency whose source is on disk, read (never
//! built) and counted. Its result is a fact the `unsafe-code` layer turns
//! into findings; `cargo secure baseline`, the fuzz targets and the corpus
//! tests use the same engine.
//!
//! - `scan.rs`: which packages and targets, the parallel cached scan;
//! - `files.rs`: following `mod` declarations from each target root, with
//!   rustc's `#[path]` rules;
//! - `counter.rs`: counting one file (the item walk);
//! - `lexer.rs`, `walk.rs`, `attrs.rs`, `modules.rs`: tokens, the item walk
//!   that counts them, attributes, `mod` declarations;
//! - `fast_path.rs`: the common ASCII tokens, lexed from bytes as rustc would;
//! - `token.rs`: what a token is to the walk;
//! - `sites.rs`: where each unsafe item of a member is, and its `SAFETY` comment;
//! - `syn_oracle.rs` (tests and fuzzing only): syn's count, the walk's reference;
//! - `prefilter.rs`: which files need tokenizing at all;
//! - `lints.rs`: `[lints.rust] unsafe_code` in Cargo.toml;
//! - `registry.rs`: crates.io sources when the graph is unavailable;
//! - `ahead.rs`, `host_edges.rs`: scanning them while cargo resolves the
//!   graph, the host's packages first;
//! - `cache.rs`: the per-workspace cache of registry packages;
//! - `file_cache.rs`: the per-file cache of members, path and git packages;
//! - `model.rs`: counts, sites and per-package results.

pub mod ahead;
mod attrs;
pub mod cache;
pub mod counter;
mod fast_path;
pub mod file_cache;
pub mod files;
mod host_edges;
pub(crate) mod lexer;
pub mod lints;
pub mod model;
mod modules;
mod prefilter;
mod registry;
pub mod scan;
mod sites;
#[cfg(any(test, feature = "fuzzing"))]
pub mod syn_oracle;
mod token;
mod walk;

use crate::options::ScanOptions;
use crate::progress::Progress;
use crate::workspace::Workspace;
use ahead::Ahead;
use scan::Scanned;

/// What the scanner measured.
#[derive(Debug, Default)]
pub struct UnsafeScan {
    /// Every scanned package: members first, then by most unsafe code, then by name.
    pub scanned: Vec<Scanned>,
    /// Lockfile packages outside the resolved graph, not scanned.
    pub outside: usize,
    /// The files of members, path and git packages read through the file
    /// cache (none without a cache).
    pub read: Vec<std::path::PathBuf>,
}

/// Scans every package of the workspace, using what was scanned `ahead`.
pub fn measure(
    ws: &Workspace,
    options: &ScanOptions,
    progress: &Progress,
    ahead: &Ahead,
) -> UnsafeScan {
    let (units, outside) = scan::units(ws);
    let (mut scanned, read) = scan::scan_all(ws, options, progress, units, ahead);
    scanned.sort_by(|a, b| {
        (!a.unit.member, std::cmp::Reverse(a.scan.counts.total()), &a.unit.name, &a.unit.version)
            .cmp(&(
                !b.unit.member,
                std::cmp::Reverse(b.scan.counts.total()),
                &b.unit.name,
                &b.unit.version,
            ))
    });
    UnsafeScan { scanned, outside, read }
}
