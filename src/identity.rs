//! What identifies a file's (or a directory's) content without reading it:
//! device, inode, size and modification time, and when that identity is too
//! recent to vouch for the content (git's "racy" files). The caches of the
//! facts (member files, the repository walk, binary verdicts) key on it.

use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A file modified less than this before it was cached is checked by content
/// on every run: a write in the same clock tick leaves its modification time
/// as it was.
pub const RACY_SECS: u64 = 2;

/// What identifies a file's content without reading it. Kept as a
/// four-number array: the caches hold one per file of a large repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "(u64, u64, u64, u128)", into = "(u64, u64, u64, u128)")]
pub struct Identity {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: u128,
}

impl From<(u64, u64, u64, u128)> for Identity {
    fn from((dev, ino, size, mtime_ns): (u64, u64, u64, u128)) -> Self {
        Identity { dev, ino, size, mtime_ns }
    }
}

impl From<Identity> for (u64, u64, u64, u128) {
    fn from(id: Identity) -> Self {
        (id.dev, id.ino, id.size, id.mtime_ns)
    }
}

impl Identity {
    /// The identity of a file from its metadata; `None` when the platform
    /// gives no modification time.
    pub fn of(meta: &std::fs::Metadata) -> Option<Identity> {
        let mtime_ns = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
        let (dev, ino) = device_and_inode(meta);
        Some(Identity { dev, ino, size: meta.len(), mtime_ns })
    }

    /// The identity of the file or directory at `path`, not following a
    /// symlink.
    pub fn of_path(path: &Path) -> Option<Identity> {
        Identity::of(&std::fs::symlink_metadata(path).ok()?)
    }

    /// Whether the file changed so recently that its identity cannot vouch
    /// for its content yet.
    pub fn racy(&self, now: SystemTime) -> bool {
        let now = now.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO).as_nanos();
        now.saturating_sub(self.mtime_ns) < u128::from(RACY_SECS) * 1_000_000_000
    }
}

#[cfg(unix)]
fn device_and_inode(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn device_and_inode(_meta: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}
