//! The cache of workspace files' results: what counting one file of a
//! member, path or git package found, keyed on the file's identity (device,
//! inode, size, modification time). A warm run looks each file up by its
//! metadata alone and parses nothing that has not changed. When the identity
//! differs (a checkout, a `touch`), the content's SHA-256 decides: the same
//! bytes keep the result and only the identity is renewed. A file modified
//! within [`crate::identity::RACY_SECS`] of the moment it was cached may change again without
//! its modification time moving (git's "racy" files), so its identity is
//! never trusted alone: its content is hashed on every run until it settles.
//!
//! One pack per workspace, beside the registry packages' pack
//! (`cache::pack_path`), rewritten only when an entry changed.

use super::model::FileScan;
use crate::identity::Identity;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// One file's cached result.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    identity: Identity,
    /// The identity was racy when cached: check the content every time.
    racy: bool,
    sha256: String,
    /// Whether `scan` holds sites (members' files do).
    sites: bool,
    scan: FileScan,
}

/// The results of the last run, and those of this one.
#[derive(Debug, Default)]
pub struct FileCache {
    old: HashMap<PathBuf, Entry>,
    fresh: Mutex<HashMap<PathBuf, Entry>>,
    now: Option<SystemTime>,
}

/// What [`FileCache::scan`] needs to count a file it has no result for.
pub struct Counting<'a> {
    /// The file's metadata, already looked up.
    pub meta: &'a std::fs::Metadata,
    /// Whether sites are wanted.
    pub sites: bool,
}

impl FileCache {
    /// The pack at `path`; empty when there is none or it is unreadable.
    pub fn load(path: &Path) -> FileCache {
        let old = std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        FileCache { old, fresh: Mutex::default(), now: Some(SystemTime::now()) }
    }

    /// The result for `file`: from the cache when its identity (or else its
    /// content) is unchanged, otherwise `read` then `count`. A read error is
    /// returned as it is and not cached.
    pub fn scan(
        &self,
        file: &Path,
        how: Counting<'_>,
        read: impl FnOnce() -> Result<String, String>,
        count: impl FnOnce(&str) -> FileScan,
    ) -> Result<FileScan, String> {
        let identity = Identity::of(how.meta);
        let old = self.old.get(file).filter(|e| e.sites == how.sites);
        if let (Some(entry), Some(identity)) = (old, identity)
            && entry.identity == identity
            && !entry.racy
        {
            self.keep(file, entry.clone());
            return Ok(entry.scan.clone());
        }
        let source = read()?;
        let sha256 = hex(&Sha256::digest(source.as_bytes()));
        let scan = match old.filter(|e| e.sha256 == sha256) {
            Some(entry) => entry.scan.clone(),
            None => count(&source),
        };
        if let Some(identity) = identity {
            let racy = self.now.is_none_or(|now| identity.racy(now));
            let entry = Entry { identity, racy, sha256, sites: how.sites, scan: scan.clone() };
            self.keep(file, entry);
        }
        Ok(scan)
    }

    fn keep(&self, file: &Path, entry: Entry) {
        if let Ok(mut fresh) = self.fresh.lock() {
            fresh.insert(file.to_path_buf(), entry);
        }
    }

    /// The files looked up in this run.
    pub fn files(&self) -> Vec<PathBuf> {
        self.fresh.lock().map(|fresh| fresh.keys().cloned().collect()).unwrap_or_default()
    }

    /// Writes this run's results to `path` when they differ from the last
    /// run's (a file added, changed or gone). Failures are ignored: the cache
    /// is an optimisation.
    pub fn store(self, path: &Path) {
        let fresh = self.fresh.into_inner().unwrap_or_default();
        let same = fresh.len() == self.old.len()
            && fresh.iter().all(|(file, entry)| {
                self.old.get(file).is_some_and(|old| {
                    old.identity == entry.identity
                        && old.racy == entry.racy
                        && old.sites == entry.sites
                })
            });
        if same {
            return;
        }
        if let Ok(json) = serde_json::to_vec(&fresh) {
            super::cache::write_atomically(path, &json);
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::time::Duration;

    fn counted(text: &str) -> FileScan {
        FileScan { error: Some(format!("counted {text}")), ..FileScan::default() }
    }

    /// Runs a scan of `file` through `cache`, saying whether it was parsed.
    fn scan(cache: &FileCache, file: &Path) -> (FileScan, bool) {
        let meta = std::fs::metadata(file).unwrap();
        let parsed = Cell::new(false);
        let how = Counting { meta: &meta, sites: true };
        let read = || std::fs::read_to_string(file).map_err(|e| e.to_string());
        let scan = cache
            .scan(file, how, read, |text| {
                parsed.set(true);
                counted(text)
            })
            .unwrap();
        (scan, parsed.get())
    }

    fn settle(file: &Path) {
        let old = SystemTime::now() - Duration::from_secs(60);
        std::fs::File::options().write(true).open(file).unwrap().set_modified(old).unwrap();
    }

    #[test]
    fn an_unchanged_file_is_not_parsed_again_and_a_changed_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lib.rs");
        let pack = dir.path().join("pack.json");
        std::fs::write(&file, "one").unwrap();
        settle(&file);
        let cache = FileCache::load(&pack);
        assert!(scan(&cache, &file).1, "a first run parses");
        cache.store(&pack);
        let cache = FileCache::load(&pack);
        let (result, parsed) = scan(&cache, &file);
        assert!(!parsed, "a warm run reads the result from the cache");
        assert_eq!(result, counted("one"));
        cache.store(&pack);
        // An editor's save: new content written to a new file renamed over
        // the old one, with the same size and an old modification time.
        let replacement = dir.path().join("new.rs");
        std::fs::write(&replacement, "two").unwrap();
        settle(&replacement);
        std::fs::rename(&replacement, &file).unwrap();
        let cache = FileCache::load(&pack);
        let (result, parsed) = scan(&cache, &file);
        assert!(parsed, "a replaced file is parsed again");
        assert_eq!(result, counted("two"), "never a stale count");
    }

    #[test]
    fn a_touched_file_with_the_same_content_keeps_its_result_without_parsing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lib.rs");
        let pack = dir.path().join("pack.json");
        std::fs::write(&file, "same").unwrap();
        settle(&file);
        let cache = FileCache::load(&pack);
        scan(&cache, &file);
        cache.store(&pack);
        let later = SystemTime::now() - Duration::from_secs(30);
        std::fs::File::options().write(true).open(&file).unwrap().set_modified(later).unwrap();
        let cache = FileCache::load(&pack);
        let (result, parsed) = scan(&cache, &file);
        assert!(!parsed, "the content hash vouches for it");
        assert_eq!(result, counted("same"));
    }

    #[test]
    fn a_file_written_just_before_it_was_cached_is_checked_by_content_until_it_settles() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lib.rs");
        let pack = dir.path().join("pack.json");
        std::fs::write(&file, "aaaa").unwrap();
        let cache = FileCache::load(&pack);
        scan(&cache, &file);
        cache.store(&pack);
        // Rewritten in place within the same tick: same inode, same size,
        // and (forced here) the same modification time.
        let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
        std::fs::write(&file, "bbbb").unwrap();
        std::fs::File::options().write(true).open(&file).unwrap().set_modified(mtime).unwrap();
        let cache = FileCache::load(&pack);
        let (result, parsed) = scan(&cache, &file);
        assert!(parsed, "a racy entry is verified by content");
        assert_eq!(result, counted("bbbb"));
    }

    #[test]
    fn results_without_sites_do_not_answer_for_a_member() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lib.rs");
        let pack = dir.path().join("pack.json");
        std::fs::write(&file, "x").unwrap();
        settle(&file);
        let cache = FileCache::load(&pack);
        let meta = std::fs::metadata(&file).unwrap();
        let how = Counting { meta: &meta, sites: false };
        cache.scan(&file, how, || Ok("x".to_owned()), counted).unwrap();
        cache.store(&pack);
        let cache = FileCache::load(&pack);
        assert!(scan(&cache, &file).1, "sites were not recorded, so the file is parsed");
    }
}
