//! Yanked crates, looked up in the crates.io sparse index (online only).
//!
//! The index is opened at fixed places, never where the environment would
//! steer it: `index.crates.io` over HTTPS, cached in cargo's own sparse-index
//! directory under `$CARGO_HOME`. rustsec's `CachedIndex` would instead read
//! `.cargo/config.toml` from the current directory (a checkout can replace
//! crates.io there) and start `cargo -V` by its bare name, from `PATH`, in the
//! current directory (rustup's proxy then obeys the checkout's
//! `rust-toolchain.toml`), only to learn how cargo names that directory.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;
use tame_index::index::{AsyncRemoteSparseIndex, FileLock, IndexLocation, IndexPath, SparseIndex};
use tame_index::utils::flock::LockOptions;
use tame_index::{IndexKrate, IndexUrl};

/// How long to wait for cargo's package-cache lock.
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one crate's lookup may take, retries included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

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
    let unavailable = |e: &dyn std::fmt::Display| {
        format!(
            "the crates.io index is unavailable: {}",
            crate::workspace::one_line(&e.to_string())
        )
    };
    let packages: Vec<&rustsec::package::Package> = lockfile
        .packages
        .iter()
        .filter(|p| p.source.as_ref().is_some_and(rustsec::SourceId::is_default_registry))
        .collect();
    let names: BTreeSet<String> = packages.iter().map(|p| p.name.as_str().to_owned()).collect();
    let found = fetch(names).map_err(|e| unavailable(&e))?;
    let mut yanked = Yanked::default();
    for package in packages {
        let versions = match found.get(package.name.as_str()) {
            Some(Ok(Some(krate))) => krate,
            Some(Err(e)) if is_transport(e) => return Err(unavailable(e)),
            _ => {
                yanked.unknown += 1;
                continue;
            }
        };
        let version = package.version.to_string();
        match versions.versions.iter().find(|v| v.version == version.as_str()) {
            Some(v) if v.is_yanked() => {
                yanked.packages.insert((package.name.to_string(), version));
            }
            Some(_) => {}
            None => yanked.unknown += 1,
        }
    }
    Ok(yanked)
}

type Answers = BTreeMap<String, Result<Option<IndexKrate>, tame_index::Error>>;

/// Asks the crates.io sparse index about `names`, updating cargo's cache of it.
fn fetch(names: BTreeSet<String>) -> Result<Answers, tame_index::Error> {
    let index = SparseIndex::new(IndexLocation {
        url: IndexUrl::CratesIoSparse,
        root: IndexPath::Exact(cache_dir()?),
        cargo_version: None,
    })?;
    let lock = package_lock()?;
    let client = tame_index::external::reqwest::Client::builder().build()?;
    let remote = AsyncRemoteSparseIndex::new(index, client);
    let runtime = tame_index::external::tokio::runtime::Runtime::new()?;
    let _entered = runtime.enter();
    remote
        .krates_blocking(names, true, Some(REQUEST_TIMEOUT), &lock)
        .map_err(|e| tame_index::Error::Io(std::io::Error::other(e)))
}

/// cargo's sparse-index cache directory for crates.io. cargo 1.85 changed how
/// the directory is named; the one that exists is used, the newer name when
/// neither does.
fn cache_dir() -> Result<tame_index::PathBuf, tame_index::Error> {
    let home = tame_index::utils::cargo_home()?;
    let url = IndexUrl::CratesIoSparse;
    let named = |stable| {
        tame_index::utils::get_index_details(url.as_str(), Some(home.clone()), stable)
            .map(|(path, _)| path)
    };
    let (current, older) = (named(true)?, named(false)?);
    Ok(if !current.is_dir() && older.is_dir() { older } else { current })
}

/// cargo's package-cache lock, exclusive while the cache is updated.
fn package_lock() -> Result<FileLock, tame_index::Error> {
    LockOptions::cargo_package_lock(None)?.exclusive(false).lock(|_| Some(LOCK_TIMEOUT))
}

/// Whether the index could not be reached at all (rather than not knowing a crate).
fn is_transport(error: &tame_index::Error) -> bool {
    matches!(error, tame_index::Error::Http(_) | tame_index::Error::Io(_))
}
