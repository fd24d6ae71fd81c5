//! What every check receives: the workspace facts, the security manifest, the
//! advisory database and the run's options.

use crate::checks::unsafe_code::ahead::Ahead;
use crate::db::AdvisoryDb;
use crate::gate::GatePolicy;
use crate::manifest::Manifest;
use crate::progress::Progress;
use crate::repo::Repo;
use crate::repo::ci::Ci;
use crate::workspace::Workspace;
use std::path::PathBuf;

/// Options that change what the layers measure.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// No network access at all.
    pub offline: bool,
    /// Include `#[cfg(test)]` code and test, bench and example targets in unsafe counts.
    pub include_tests: bool,
    /// Do not read or write the unsafe-code cache.
    pub no_cache: bool,
    /// Where the unsafe-code cache lives.
    pub cache_dir: Option<PathBuf>,
    /// Run zizmor on the workflows when it is installed.
    pub zizmor: bool,
}

/// The inputs of one run of the layers.
pub struct Context<'a> {
    /// The workspace facts.
    pub workspace: &'a Workspace,
    /// `secure.toml`, when the workspace has one.
    pub manifest: Option<&'a Manifest>,
    /// The advisory database, or why there is none.
    pub db: &'a AdvisoryDb,
    /// The run's options.
    pub options: &'a ScanOptions,
    /// Today's date (UTC), injectable for tests via `CARGO_SECURE_TODAY`.
    pub today: time::Date,
    /// Progress reporting on stderr (hidden when quiet or not a terminal).
    pub progress: &'a Progress,
    /// The gate policy in force (e.g. the advisory DB's maximum age).
    pub policy: &'a GatePolicy,
    /// The files of the repository around the workspace, listed once.
    pub repo: &'a Repo,
    /// The repository's CI configuration and the commands it runs.
    pub ci: &'a Ci,
    /// The dependencies' unsafe code, scanned while cargo resolved the graph.
    pub unsafe_ahead: &'a Ahead,
}

/// Where cargo secure keeps its caches: `CARGO_SECURE_CACHE_DIR`, else
/// `$CARGO_HOME/cargo-secure` (never inside the scanned workspace).
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_SECURE_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    home::cargo_home().ok().map(|home| home.join("cargo-secure"))
}
