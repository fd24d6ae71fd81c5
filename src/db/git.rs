//! The git side of the advisory database: fetching the RustSec repository
//! with a bounded wait, and reading the date of its last commit.

use rustsec::repository::git::{DEFAULT_URL, Repository};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// How long a fetch may take before the existing copy is used instead.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// How long to wait for another process (e.g. cargo-audit) holding the DB lock.
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// Fetches (or clones) the RustSec repository into `path`, giving up after
/// `timeout`. The error is one line saying why.
pub fn fetch(path: &Path, timeout: Duration) -> Result<(), String> {
    let (sender, receiver) = mpsc::channel();
    let target = path.to_path_buf();
    // The fetch runs on its own thread so an unreachable host cannot hold the
    // run hostage: after `timeout` the thread is abandoned.
    let spawned =
        std::thread::Builder::new().name("advisory-db-fetch".to_owned()).spawn(move || {
            let result = Repository::fetch(DEFAULT_URL, &target, false, LOCK_TIMEOUT)
                .map(|_| ())
                .map_err(|e| crate::workspace::one_line(&e.to_string()));
            let _ = sender.send(result);
        });
    if let Err(e) = spawned {
        return Err(format!("could not start the fetch: {e}"));
    }
    match receiver.recv_timeout(timeout) {
        Ok(result) => result.map_err(|e| format!("fetching {DEFAULT_URL} failed: {e}")),
        Err(_) => Err(format!("fetching {DEFAULT_URL} timed out after {}s", timeout.as_secs())),
    }
}

/// The date of the last commit when `path` is a git checkout.
pub fn last_commit(path: &Path) -> Option<time::Date> {
    if !path.join(".git").exists() {
        return None;
    }
    let repository = Repository::open(path).ok()?;
    Some(repository.latest_commit().ok()?.timestamp.date())
}
