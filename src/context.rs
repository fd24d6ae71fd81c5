//! What every check receives: the workspace facts, the security manifest, the
//! advisory database and the run's options.

use crate::db::AdvisoryDb;
use crate::facts::unsafe_scan::UnsafeScan;
use crate::facts::yanked::Yanked;
use crate::gate::GatePolicy;
use crate::manifest::Manifest;
use crate::options::ScanOptions;
use crate::progress::Progress;
use crate::repo::Repo;
use crate::repo::ci::Ci;
use crate::workspace::{Locator, Workspace};

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
    /// The unsafe code of every package.
    pub unsafe_scan: &'a UnsafeScan,
    /// Where lockfile packages and the members' dependencies are written down.
    pub locator: &'a Locator,
    /// What the crates.io index says of yanked releases; `None` offline.
    pub yanked: Option<&'a Result<Yanked, String>>,
}
