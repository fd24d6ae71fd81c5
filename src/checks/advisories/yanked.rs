//! Yanked crates, looked up in the crates.io sparse index (online only).

use rustsec::registry::CachedIndex;
use std::collections::BTreeSet;
use std::time::Duration;

/// How long to wait for cargo's package-cache lock.
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// What the index said.
#[derive(Debug, Default)]
pub struct Yanked {
    /// `(name, version)` of every yanked crates.io package.
    pub packages: BTreeSet<(String, String)>,
    /// Packages the index could not answer for (e.g. a version it does not list).
    pub unknown: usize,
}

/// Looks up every crates.io package of the lockfile. `Err` says why the index
/// could not be used at all.
pub fn check(lockfile: &rustsec::Lockfile) -> Result<Yanked, String> {
    let mut index = CachedIndex::fetch(LOCK_TIMEOUT)
        .map_err(|e| format!("the crates.io index is unavailable: {}", one_line(&e)))?;
    let crates_io = lockfile
        .packages
        .iter()
        .filter(|p| p.source.as_ref().is_some_and(rustsec::SourceId::is_default_registry));
    let mut yanked = Yanked::default();
    for result in index.find_yanked(crates_io) {
        match result {
            Ok(package) => {
                yanked.packages.insert((package.name.to_string(), package.version.to_string()));
            }
            Err(e) if e.kind() == rustsec::ErrorKind::Registry => {
                return Err(format!("the crates.io index is unavailable: {}", one_line(&e)));
            }
            Err(_) => yanked.unknown += 1,
        }
    }
    Ok(yanked)
}

fn one_line(error: &rustsec::Error) -> String {
    crate::workspace::one_line(&error.to_string())
}
