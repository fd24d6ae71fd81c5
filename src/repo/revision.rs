//! A git revision's files, read from the object database with gix and
//! written into a private temporary directory outside the repository, so
//! that `cargo secure diff` measures the base exactly as a normal run would.
//!
//! Nothing runs: the repository is opened isolated (its own `.git/config`
//! only), blobs are written as stored (no filter, no line-ending conversion,
//! no attributes, no hooks), symlinks and submodules are left out, and a path
//! that could escape the directory (`..`, `.git`) is refused.
//!
//! The directory is a fresh temporary one, or, when a cache directory is
//! given, the same private directory under it on every run (locked while in
//! use, emptied before each use): the caches of `cargo metadata` and of the
//! unsafe-code scan are keyed by the workspace's path and check every input's
//! content, so a base measured again at the same path reuses them wherever
//! its inputs are unchanged.

use gix::bstr::{BStr, ByteSlice};
use std::path::{Path, PathBuf};

/// The branches tried, in order, when no base is named.
const DEFAULT_BRANCHES: &[&str] =
    &["origin/HEAD", "origin/main", "origin/master", "main", "master"];
/// Written when the base cannot be found in a shallow clone.
const FETCH_HINT: &str = "this is a shallow clone without it: fetch the history (`fetch-depth: 0` in actions/checkout, or `git fetch --unshallow`)";

/// A revision's files in a private directory.
pub struct Snapshot {
    place: Place,
    /// How the revision was named (`origin/main`, `HEAD~1`...).
    pub name: String,
    /// The full commit id.
    pub commit: String,
    /// How many files were written.
    pub files: usize,
}

/// Where a snapshot's files are.
enum Place {
    /// A temporary directory, deleted when dropped.
    Temp(tempfile::TempDir),
    /// The kept directory, held by its lock until dropped.
    Kept {
        /// The directory.
        path: PathBuf,
        /// Held until the snapshot is dropped.
        _lock: tame_index::utils::flock::FileLock,
    },
}

impl Snapshot {
    /// The directory holding the files, laid out as in the repository.
    pub fn path(&self) -> &Path {
        match &self.place {
            Place::Temp(dir) => dir.path(),
            Place::Kept { path, .. } => path,
        }
    }
}

/// An opened repository: the top of its working tree and gix's handle.
pub struct Repository {
    /// The top of the working tree.
    pub top: PathBuf,
    repo: gix::Repository,
}

impl Repository {
    /// Opens the git repository that contains `dir`, reading no configuration
    /// but its own.
    pub fn open(dir: &Path) -> Result<Self, String> {
        let top = dir
            .ancestors()
            .find(|d| d.join(".git").exists())
            .ok_or_else(|| format!("{} is not inside a git repository", dir.display()))?;
        let repo = gix::open_opts(top, gix::open::Options::isolated())
            .map_err(|e| format!("cannot open the git repository at {}: {e}", top.display()))?;
        Ok(Repository { top: top.to_path_buf(), repo })
    }

    /// The commit `spec` names, as `(name, id)`.
    pub fn resolve(&self, spec: &str) -> Result<(String, gix::ObjectId), String> {
        let id = self.commit_of(spec)?;
        Ok((spec.to_owned(), id))
    }

    /// The default base: the merge-base of `HEAD` and `GITHUB_BASE_REF`'s
    /// branch when it is set, else of the first default branch that exists.
    pub fn default_base(
        &self,
        github_base_ref: Option<&str>,
    ) -> Result<(String, gix::ObjectId), String> {
        let from_github: Vec<String> = github_base_ref
            .filter(|r| !r.is_empty())
            .map(|r| vec![format!("origin/{r}"), r.to_owned()])
            .unwrap_or_default();
        let candidates: Vec<String> = if from_github.is_empty() {
            DEFAULT_BRANCHES.iter().map(|b| (*b).to_owned()).collect()
        } else {
            from_github
        };
        let Some((branch, tip)) =
            candidates.iter().find_map(|c| self.commit_of(c).ok().map(|id| (c.clone(), id)))
        else {
            let tried = candidates.join(", ");
            let why = if self.repo.is_shallow() { FETCH_HINT } else { "pass --base REV" };
            return Err(format!("no base revision: none of {tried} exists; {why}"));
        };
        let head = self.commit_of("HEAD")?;
        match self.repo.merge_base(head, tip) {
            Ok(base) => Ok((format!("merge-base of HEAD and {branch}"), base.detach())),
            Err(_) if self.repo.is_shallow() => {
                Err(format!("the merge-base of HEAD and {branch} is missing: {FETCH_HINT}"))
            }
            Err(e) => Err(format!("HEAD and {branch} have no merge-base ({e}); pass --base REV")),
        }
    }

    fn commit_of(&self, spec: &str) -> Result<gix::ObjectId, String> {
        let shallow = self.repo.is_shallow();
        let missing = |e: &dyn std::fmt::Display| {
            if shallow {
                format!("revision `{spec}` not found: {FETCH_HINT}")
            } else {
                format!("revision `{spec}` not found: {e}")
            }
        };
        let id = self.repo.rev_parse_single(BStr::new(spec.as_bytes())).map_err(|e| missing(&e))?;
        let object = id.object().map_err(|e| missing(&e))?;
        let commit = object.peel_to_commit().map_err(|e| missing(&e))?;
        Ok(commit.id)
    }

    /// Writes every regular file of `commit`'s tree into a private
    /// directory: `keep` when it is given, outside the repository and not in
    /// use by another run, else a new temporary one.
    pub fn materialise(
        &self,
        name: String,
        commit: gix::ObjectId,
        keep: Option<&Path>,
    ) -> Result<Snapshot, String> {
        let shown = commit.to_hex_with_len(12).to_string();
        let unreadable = |e: &dyn std::fmt::Display| format!("cannot read commit {shown}: {e}");
        let found = self.repo.find_commit(commit).map_err(|e| unreadable(&e))?;
        let tree = found.tree_id().map_err(|e| unreadable(&e))?.detach();
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(|e| format!("cannot read the tree of {shown}: {e}"))?;
        let mut recorder = gix::traverse::tree::Recorder::default();
        tree.traverse()
            .breadthfirst(&mut recorder)
            .map_err(|e| format!("cannot read the tree of {shown}: {e}"))?;
        let place = match keep.filter(|k| !k.starts_with(&self.top)).and_then(kept) {
            Some(place) => place,
            None => Place::Temp(
                tempfile::Builder::new()
                    .prefix("cargo-secure-rev-")
                    .tempdir()
                    .map_err(|e| format!("cannot create a temporary directory: {e}"))?,
            ),
        };
        let dir = Snapshot { place, name, commit: commit.to_string(), files: 0 };
        let mut blobs = Vec::new();
        for entry in recorder.records.iter().filter(|e| e.mode.is_blob()) {
            let rel = safe_path(entry.filepath.as_ref())
                .ok_or_else(|| format!("{shown}: refusing the path {:?}", entry.filepath))?;
            blobs.push((rel, entry));
        }
        // What an earlier commit left in a kept directory goes first, so a
        // file where this commit has a directory (or the reverse) is no obstacle.
        let wanted: std::collections::HashSet<PathBuf> =
            blobs.iter().map(|(rel, _)| rel.clone()).collect();
        prune(dir.path(), Path::new(""), &wanted)
            .map_err(|e| format!("cannot prepare {}: {e}", dir.path().display()))?;
        let mut files = 0;
        for (rel, entry) in blobs {
            let target = dir.path().join(&rel);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            let blob = self
                .repo
                .find_object(entry.oid)
                .map_err(|e| format!("{shown}: cannot read {}: {e}", entry.filepath))?;
            // A kept directory already holding these bytes is left as it is,
            // so the caches keyed on files' and directories' identities serve
            // the base as they serve the head.
            if !holds(&target, &blob.data) {
                std::fs::write(&target, &blob.data)
                    .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
            }
            files += 1;
        }
        Ok(Snapshot { files, ..dir })
    }
}

/// The kept directory at `path`, locked, or `None` when another run holds
/// it or it cannot be prepared. What it holds from the last run is brought in
/// line with the commit by [`Repository::materialise`]: unchanged files are
/// kept, changed ones rewritten, the others removed.
fn kept(path: &Path) -> Option<Place> {
    let parent = path.parent()?;
    std::fs::create_dir_all(parent).ok()?;
    let lock_path = path.with_extension("lock");
    let lock_path = tame_index::Path::from_path(&lock_path)?;
    let lock =
        tame_index::utils::flock::LockOptions::new(lock_path).exclusive(false).try_lock().ok()?;
    let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    if !is_dir {
        if path.symlink_metadata().is_ok() {
            std::fs::remove_file(path).ok()?;
        }
        std::fs::create_dir(path).ok()?;
    }
    private(path).ok()?;
    Some(Place::Kept { path: path.to_path_buf(), _lock: lock })
}

/// Whether the regular file at `path` holds exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let regular = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    regular
        && std::fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|held| held == bytes)
}

/// Removes from `root/rel` every entry that is not a file of `keep` (or a
/// directory on the way to one): what an earlier commit left behind.
fn prune(
    root: &Path,
    rel: &Path,
    keep: &std::collections::HashSet<PathBuf>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let child = rel.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            prune(root, &child, keep)?;
            if std::fs::read_dir(root.join(&child))?.next().is_none() {
                std::fs::remove_dir(root.join(&child))?;
            }
        } else if !(kind.is_file() && keep.contains(&child)) {
            std::fs::remove_file(root.join(&child))?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
}

#[cfg(not(unix))]
fn private(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// The path as a relative one that stays inside the directory, or `None`.
fn safe_path(path: &BStr) -> Option<PathBuf> {
    let text = path.to_str().ok()?;
    let mut out = PathBuf::new();
    for part in text.split('/') {
        let refused = part.is_empty()
            || part == "."
            || part == ".."
            || part.eq_ignore_ascii_case(".git")
            || part.contains(['\\', '\0']);
        if refused {
            return None;
        }
        out.push(part);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::safe_path;
    use gix::bstr::BStr;

    #[test]
    fn a_path_that_could_escape_the_directory_is_refused() {
        for bad in ["../x", "a/../../x", ".git/config", "a/.GIT/hooks/x", "", "a//b", "a\\b"] {
            assert_eq!(safe_path(BStr::new(bad)), None, "{bad}");
        }
        assert_eq!(safe_path(BStr::new("src/lib.rs")), Some("src/lib.rs".into()));
    }
}
