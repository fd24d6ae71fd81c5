//! Finding the Cargo workspaces of a repository: every `Cargo.lock` with its
//! `Cargo.toml` beside it, found by the same walk as the repository's files
//! (`.gitignore` honoured without running git, `.git` and `target` skipped,
//! symlinks never followed, so nothing outside the repository is reached).

use crate::repo::Repo;
use std::path::{Path, PathBuf};

/// The repository around `start`: the nearest directory at or above it that
/// holds `.git`, else `start` itself.
pub fn root_of(start: &Path) -> PathBuf {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let start = crate::workspace::paths::normalise(&start);
    start.ancestors().find(|dir| dir.join(".git").exists()).unwrap_or(&start).to_path_buf()
}

/// The directories under `root` that hold both `Cargo.lock` and
/// `Cargo.toml`, relative to `root` (`.` for `root` itself): the root
/// first, then by path. The walk goes through the walk cache under
/// `cache_dir` when there is one.
pub fn workspaces(root: &Path, cache_dir: Option<&Path>) -> Vec<String> {
    found(&Repo::scan_cached(root, cache_dir))
}

/// [`workspaces`], with what the finding depends on when the walk was kept:
/// every directory it entered and ignore file it read (absolute paths).
pub fn workspaces_and_stamps(
    root: &Path,
    cache_dir: Option<&Path>,
) -> (Vec<String>, Option<Vec<PathBuf>>) {
    let repo = Repo::scan_cached(root, cache_dir);
    let stamps = repo.stamps.as_ref().map(|stamps| {
        stamps
            .iter()
            .map(|(rel, _)| if rel.is_empty() { root.to_path_buf() } else { root.join(rel) })
            .collect()
    });
    (found(&repo), stamps)
}

/// The workspaces among the files `repo` lists.
fn found(repo: &Repo) -> Vec<String> {
    let mut found: Vec<String> = repo
        .files
        .iter()
        .filter_map(|file| {
            let dir = match file.rel.rsplit_once('/') {
                Some((dir, "Cargo.lock")) => dir,
                None if file.rel == "Cargo.lock" => ".",
                _ => return None,
            };
            let manifest =
                if dir == "." { "Cargo.toml".to_owned() } else { format!("{dir}/Cargo.toml") };
            repo.files.binary_search_by(|f| f.rel.as_str().cmp(&manifest)).ok()?;
            Some(dir.to_owned())
        })
        .collect();
    found.sort_by(|a, b| (a != ".", a).cmp(&(b != ".", b)));
    found
}

/// The absolute directory of a workspace found by [`workspaces`].
pub fn dir_of(root: &Path, rel: &str) -> PathBuf {
    if rel == "." { root.to_path_buf() } else { root.join(rel) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lockfile_beside_a_manifest_is_a_workspace_and_ignored_ones_are_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for file in [
            "Cargo.toml",
            "Cargo.lock",
            "fuzz/Cargo.toml",
            "fuzz/Cargo.lock",
            "tools/gen/Cargo.toml",
            "tools/gen/Cargo.lock",
            "orphan/Cargo.lock",
            "member/Cargo.toml",
            "vendored/x/Cargo.toml",
            "vendored/x/Cargo.lock",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "").expect("write");
        }
        std::fs::write(root.join(".gitignore"), "vendored/\n").expect("gitignore");
        assert_eq!(workspaces(root, None), [".", "fuzz", "tools/gen"]);
    }

    #[test]
    fn the_repository_is_the_nearest_directory_with_git() {
        let dir = tempfile::tempdir().expect("tempdir");
        let inner = dir.path().join("a/b");
        std::fs::create_dir_all(&inner).expect("mkdir");
        std::fs::create_dir(dir.path().join("a/.git")).expect(".git");
        assert_eq!(root_of(&inner), dir.path().join("a"));
    }
}
