//! The cache of the repository walk. Listing a large repository (deno: 14,700
//! files in 4,300 directories) and matching every entry against its
//! `.gitignore`s cost more than the rest of a warm run. What the walk lists
//! depends only on the names in each directory it entered and on the ignore
//! files it read, so the listing is kept with the identity (inode,
//! modification time) of every directory walked and of every ignore file:
//! a file created, deleted or renamed changes its directory's modification
//! time, an edited `.gitignore` its own. A warm run checks those identities
//! (in parallel) and walks again when one differs. A directory or ignore file
//! modified within [`crate::identity::RACY_SECS`] of the walk may change again without its
//! time moving, so such a walk is not kept.

use super::{Repo, RepoFile};
use crate::identity::Identity;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const FORMAT: u32 = 1;
/// The ignore files the walk reads in each directory it enters.
const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore"];

#[derive(Serialize, Deserialize)]
struct Entry {
    format: u32,
    /// Every directory walked and every ignore file read, relative to the
    /// root (`""` for the root), with its identity.
    stamps: Vec<(String, Identity)>,
    /// The listed files, `\0`-separated (the one byte no file name holds).
    files: String,
    truncated: bool,
}

/// The files under `root`, from the cache under `cache_dir` when nothing the
/// walk read has changed since it was kept.
pub fn scan(root: &Path, cache_dir: Option<&Path>) -> Repo {
    let Some(cache_dir) = cache_dir else { return Repo::scan(root) };
    let path = entry_path(cache_dir, root);
    if let Some(repo) = lookup(&path, root) {
        return repo;
    }
    let (mut repo, dirs) = Repo::walk(root);
    repo.stamps = store(&path, root, &repo, &dirs);
    repo
}

fn lookup(path: &Path, root: &Path) -> Option<Repo> {
    let bytes = std::fs::read(path).ok()?;
    let entry: Entry = serde_json::from_slice(&bytes).ok()?;
    if entry.format != FORMAT {
        return None;
    }
    let unchanged = entry
        .stamps
        .par_iter()
        .all(|(rel, stamp)| Identity::of_path(&join(root, rel)).as_ref() == Some(stamp));
    if !unchanged {
        return None;
    }
    let files = entry
        .files
        .split('\0')
        .filter(|rel| !rel.is_empty())
        .map(|rel| RepoFile { rel: rel.to_owned() })
        .collect();
    Some(Repo {
        root: root.to_path_buf(),
        files,
        truncated: entry.truncated,
        stamps: Some(entry.stamps),
        ..Repo::default()
    })
}

/// Keeps a walk that listed everything it met and whose inputs have settled;
/// returns what it depends on when it was kept.
fn store(
    path: &Path,
    root: &Path,
    repo: &Repo,
    dirs: &[String],
) -> Option<Vec<(String, Identity)>> {
    if !repo.unreadable.is_empty() {
        return None;
    }
    let ignores = dirs.iter().flat_map(|dir| {
        IGNORE_FILES.iter().map(move |name| {
            if dir.is_empty() { (*name).to_owned() } else { format!("{dir}/{name}") }
        })
    });
    let exclude = std::iter::once(".git/info/exclude".to_owned());
    let mut stamps = Vec::new();
    for (rel, must_exist) in
        dirs.iter().map(|d| (d.clone(), true)).chain(ignores.chain(exclude).map(|f| (f, false)))
    {
        match Identity::of_path(&join(root, &rel)) {
            Some(stamp) => stamps.push((rel, stamp)),
            None if must_exist => return None,
            None => {}
        }
    }
    let now = SystemTime::now();
    if stamps.iter().any(|(_, stamp)| stamp.racy(now)) {
        return None;
    }
    let files: Vec<&str> = repo.files.iter().map(|f| f.rel.as_str()).collect();
    let entry = Entry {
        format: FORMAT,
        stamps: stamps.clone(),
        files: files.join("\0"),
        truncated: repo.truncated,
    };
    if let Ok(json) = serde_json::to_vec(&entry) {
        crate::facts::unsafe_scan::cache::write_atomically(path, &json);
    }
    Some(stamps)
}

fn join(root: &Path, rel: &str) -> PathBuf {
    if rel.is_empty() { root.to_path_buf() } else { root.join(rel) }
}

fn entry_path(dir: &Path, root: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(root.to_string_lossy().as_bytes());
    let name: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    dir.join("repo").join("walks").join(format!("{name}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn settle(path: &Path) {
        let old = SystemTime::now() - Duration::from_secs(60);
        let file = std::fs::File::open(path).expect("open");
        file.set_modified(old).expect("set mtime");
    }

    fn names(repo: &Repo) -> Vec<&str> {
        repo.files.iter().map(|f| f.rel.as_str()).collect()
    }

    /// A repository whose directories and files were all written a minute ago.
    fn settled(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, text).expect("write");
        }
        settle_all(dir.path());
        dir
    }

    fn settle_all(root: &Path) {
        for entry in walkdir(root) {
            settle(&entry);
        }
    }

    fn walkdir(root: &Path) -> Vec<PathBuf> {
        let mut out = vec![root.to_path_buf()];
        let mut next = 0;
        while let Some(dir) = out.get(next).cloned() {
            next += 1;
            if dir.is_dir() {
                for entry in std::fs::read_dir(&dir).expect("read_dir").flatten() {
                    out.push(entry.path());
                }
            }
        }
        out
    }

    #[test]
    fn a_kept_walk_answers_until_a_file_is_added_or_an_ignore_file_edited() {
        let repo = settled(&[("src/lib.rs", ""), (".gitignore", "*.tmp\n"), ("a.tmp", "")]);
        let cache = tempfile::tempdir().expect("cache");
        let root = repo.path();
        assert_eq!(names(&scan(root, Some(cache.path()))), [".gitignore", "src/lib.rs"]);
        assert!(lookup(&entry_path(cache.path(), root), root).is_some(), "the walk was kept");
        std::fs::write(root.join("src/new.rs"), "").expect("add");
        assert_eq!(
            names(&scan(root, Some(cache.path()))),
            [".gitignore", "src/lib.rs", "src/new.rs"],
            "a new file changes its directory: walked again"
        );
        settle_all(root);
        scan(root, Some(cache.path()));
        std::fs::write(root.join(".gitignore"), "*.rs\n").expect("edit");
        settle_all(root);
        let listed = scan(root, Some(cache.path()));
        assert_eq!(names(&listed), [".gitignore", "a.tmp"], "an edited .gitignore is read again");
    }

    #[test]
    fn a_walk_of_freshly_written_directories_is_not_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("x.rs"), "").expect("write");
        let cache = tempfile::tempdir().expect("cache");
        scan(dir.path(), Some(cache.path()));
        assert!(lookup(&entry_path(cache.path(), dir.path()), dir.path()).is_none());
    }
}
