//! The repository around the workspace, as files on disk.
//!
//! The posture and supply-chain layers read configuration that is not part of
//! any crate: CI workflows, SECURITY.md, Dependabot, checked-in binaries. The
//! walk honours `.gitignore` without running git, never follows symlinks, skips
//! `.git` and `target`, and is bounded in file count; every read is capped in
//! size, and what was skipped is kept so the layers can report it.
//! `walk_cache.rs` keeps the listing between runs while nothing it read
//! changed; `binaries.rs` finds the checked-in binaries among the files.

pub mod binaries;
pub mod ci;
pub mod revision;
pub mod walk_cache;
pub mod worktree;
pub mod yaml;
pub mod zizmor;

use std::path::{Path, PathBuf};

/// At most this many files are listed; a bigger tree is reported as truncated.
pub const MAX_FILES: usize = 100_000;
/// Configuration files (workflows, policies, scripts) larger than this are not read.
pub const MAX_TEXT_BYTES: u64 = 1024 * 1024;

/// One regular file of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoFile {
    /// Path relative to the repository root, `/`-separated.
    pub rel: String,
}

/// The files of the repository, listed once per run.
#[derive(Debug, Default)]
pub struct Repo {
    /// The directory walked (the workspace root).
    pub root: PathBuf,
    /// Every regular file, sorted by path.
    pub files: Vec<RepoFile>,
    /// Whether the walk stopped at `MAX_FILES`.
    pub truncated: bool,
    /// Entries that could not be listed, with why.
    pub unreadable: Vec<(String, String)>,
    /// The checked-in binaries among the files ([`Repo::with_binaries`]).
    pub binaries: Vec<binaries::Binary>,
    /// What the listing depends on, when it was kept (`walk_cache.rs`):
    /// every directory walked and ignore file read, relative to the root,
    /// with its identity, all settled.
    pub stamps: Option<Vec<(String, crate::identity::Identity)>>,
}

/// Why a text file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// Larger than the cap.
    TooLarge(u64),
    /// Not valid UTF-8.
    NotUtf8,
    /// The read failed.
    Unreadable(String),
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skipped::TooLarge(size) => {
                write!(f, "not read: {size} bytes, over the {MAX_TEXT_BYTES}-byte limit")
            }
            Skipped::NotUtf8 => f.write_str("not read: not valid UTF-8"),
            Skipped::Unreadable(why) => write!(f, "not read: {why}"),
        }
    }
}

impl Repo {
    /// Lists the files under `root`.
    pub fn scan(root: &Path) -> Repo {
        Repo::walk(root).0
    }

    /// Lists the files under `root` through the walk cache under `cache_dir`
    /// (`walk_cache.rs`), when there is one.
    pub fn scan_cached(root: &Path, cache_dir: Option<&Path>) -> Repo {
        walk_cache::scan(root, cache_dir)
    }

    /// Lists the files under `root`, and the directories entered (relative,
    /// `""` for the root).
    fn walk(root: &Path) -> (Repo, Vec<String>) {
        let mut repo = Repo { root: root.to_path_buf(), ..Repo::default() };
        let mut dirs = Vec::new();
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .parents(false)
            .git_global(false)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| {
                let name = e.file_name();
                !(e.depth() > 0
                    && e.file_type().is_some_and(|t| t.is_dir())
                    && (name == ".git" || name == "target"))
            })
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    repo.unreadable
                        .push((String::new(), crate::workspace::one_line(&e.to_string())));
                    continue;
                }
            };
            if entry.file_type().is_some_and(|t| t.is_dir()) {
                dirs.extend(relative(root, entry.path()));
                continue;
            }
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            if repo.files.len() >= MAX_FILES {
                repo.truncated = true;
                break;
            }
            let Some(rel) = relative(root, entry.path()) else { continue };
            repo.files.push(RepoFile { rel });
        }
        repo.files.sort_by(|a, b| a.rel.cmp(&b.rel));
        (repo, dirs)
    }

    /// Finds the checked-in binaries among the files, through the cache
    /// under `cache_dir` when there is one.
    pub fn with_binaries(mut self, cache_dir: Option<&Path>) -> Repo {
        self.binaries = binaries::detect(&self, cache_dir);
        self
    }

    /// The file at `rel`, when the walk listed it.
    pub fn file(&self, rel: &str) -> Option<&RepoFile> {
        self.files.binary_search_by(|f| f.rel.as_str().cmp(rel)).ok().map(|i| &self.files[i])
    }

    /// Whether the walk listed `rel`.
    pub fn has(&self, rel: &str) -> bool {
        self.file(rel).is_some()
    }

    /// The files directly inside the directory `dir` (relative, no trailing `/`).
    pub fn files_in<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a RepoFile> + 'a {
        self.files.iter().filter(move |f| {
            f.rel
                .strip_prefix(dir)
                .and_then(|r| r.strip_prefix('/'))
                .is_some_and(|r| !r.contains('/'))
        })
    }

    /// The absolute path of a listed file.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Reads a listed text file, refusing files over `MAX_TEXT_BYTES` and
    /// non-UTF-8 bytes. The size is the open file's own, never a listed one.
    pub fn read_text(&self, file: &RepoFile) -> Result<String, Skipped> {
        let bytes = read_capped(&self.path(&file.rel), MAX_TEXT_BYTES + 1)?;
        if bytes.len() as u64 > MAX_TEXT_BYTES {
            let size =
                std::fs::metadata(self.path(&file.rel)).map_or(bytes.len() as u64, |m| m.len());
            return Err(Skipped::TooLarge(size));
        }
        String::from_utf8(bytes).map_err(|_| Skipped::NotUtf8)
    }

    /// Reads at most the first `limit` bytes of a listed file.
    pub fn read_head(&self, file: &RepoFile, limit: u64) -> Result<Vec<u8>, Skipped> {
        read_capped(&self.path(&file.rel), limit)
    }
}

/// Reads at most `limit` bytes (the file may have grown since it was listed).
fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, Skipped> {
    use std::io::Read;
    let file = std::fs::File::open(path)
        .map_err(|e| Skipped::Unreadable(crate::workspace::one_line(&e.to_string())))?;
    let mut bytes = Vec::new();
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Skipped::Unreadable(crate::workspace::one_line(&e.to_string())))?;
    Ok(bytes)
}

/// `path` relative to `root`, `/`-separated; `None` for non-UTF-8 names.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_honours_gitignore_and_skips_git_and_target() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "x").unwrap();
        std::fs::create_dir_all(root.join("target/debug")).unwrap();
        std::fs::write(root.join("target/debug/app"), "x").unwrap();
        std::fs::create_dir_all(root.join(".github/workflows")).unwrap();
        std::fs::write(root.join(".github/workflows/ci.yml"), "on: push").unwrap();
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        std::fs::create_dir_all(root.join("ignored")).unwrap();
        std::fs::write(root.join("ignored/blob.bin"), "x").unwrap();
        let repo = Repo::scan(root);
        let names: Vec<&str> = repo.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(names, [".github/workflows/ci.yml", ".gitignore"]);
        assert_eq!(repo.files_in(".github/workflows").count(), 1);
        assert!(repo.has(".gitignore"));
    }

    #[test]
    fn text_reads_are_capped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("big.yml"), vec![b'a'; (MAX_TEXT_BYTES + 1) as usize])
            .unwrap();
        std::fs::write(dir.path().join("bin.yml"), [0xff, 0xfe, 0x00]).unwrap();
        let repo = Repo::scan(dir.path());
        let big = repo.file("big.yml").unwrap();
        assert_eq!(repo.read_text(big), Err(Skipped::TooLarge(MAX_TEXT_BYTES + 1)));
        assert_eq!(repo.read_text(repo.file("bin.yml").unwrap()), Err(Skipped::NotUtf8));
    }
}
