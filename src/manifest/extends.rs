//! `extends`: the organisation policies a manifest (or a policy) builds on.
//!
//! Paths are relative to the file that names them and must stay inside the
//! repository (the nearest directory above the workspace holding `.git`, else
//! the workspace), or be absolute for a machine-wide policy. Chains are
//! followed depth first with cycle detection and a depth limit; a policy
//! reached twice (a diamond) is read once.

use super::known::Vocabulary;
use super::org::PolicyFile;
use super::reader::{At, Origin};
pub use super::reference::Extend;
use std::path::{Component, Path, PathBuf};

/// How deep a chain of `extends` may go.
pub const MAX_DEPTH: usize = 8;
/// The largest policy file read; a real one is a few kilobytes.
const MAX_BYTES: u64 = 1024 * 1024;

/// Where policies are looked for, and how their paths are shown.
pub struct Place<'a> {
    /// The workspace root: shown paths are relative to it.
    pub workspace: &'a Path,
    /// The repository root: relative paths may not leave it.
    pub repository: &'a Path,
}

/// The repository around a workspace: the nearest directory holding `.git`,
/// else the workspace itself.
pub fn repository_root(workspace: &Path) -> PathBuf {
    let workspace = workspace.canonicalize().unwrap_or_else(|_| workspace.to_path_buf());
    workspace.ancestors().find(|d| d.join(".git").exists()).unwrap_or(&workspace).to_path_buf()
}

/// Fetches a policy named by URL: the network side of `extends`, provided by
/// the facts (`facts::policy_url`), so the manifest never connects anywhere.
pub trait Fetch {
    /// The policy's text, checked against `sha256` when given; why not, as one line.
    fn fetch(&self, url: &str, sha256: Option<&str>) -> Result<String, String>;
}

/// What `extends` reached.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Every policy, bases before the policies that extend them.
    pub files: Vec<PolicyFile>,
    /// URLs named without a `sha256`, with where they are named.
    pub unpinned: Vec<(Origin, String)>,
}

/// Every policy `refs` reaches. `from` is the file naming `refs` (as shown)
/// and `dir` its directory.
pub fn resolve(
    place: &Place<'_>,
    from: &str,
    dir: &Path,
    refs: &[At<Extend>],
    vocabulary: &Vocabulary,
    fetch: &dyn Fetch,
) -> Result<Resolved, Vec<String>> {
    let mut walk = Walk { place, vocabulary, fetch, stack: Vec::new(), out: Resolved::default() };
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    walk.follow(from, Some(&dir), refs)?;
    Ok(walk.out)
}

struct Walk<'a> {
    place: &'a Place<'a>,
    vocabulary: &'a Vocabulary,
    fetch: &'a dyn Fetch,
    /// The chain being followed, as (key, shown): a canonical path, or the URL.
    stack: Vec<(PathBuf, String)>,
    out: Resolved,
}

impl Walk<'_> {
    /// Follows `refs`, named in `from`; `dir` is its directory (`None` for a URL).
    fn follow(
        &mut self,
        from: &str,
        dir: Option<&Path>,
        refs: &[At<Extend>],
    ) -> Result<(), Vec<String>> {
        for item in refs {
            let at = format!("{from}:{}:{}", item.pos.line, item.pos.column);
            let (key, shown) = match &item.value {
                Extend::Path(rel) => {
                    let dir = match dir {
                        Some(dir) => dir,
                        None if Path::new(rel).is_absolute() => Path::new("/"),
                        None => {
                            return Err(vec![format!(
                                "{at}: extends = \"{rel}\": a policy fetched from a URL can name only URLs and absolute paths"
                            )]);
                        }
                    };
                    let path = self.locate(&at, dir, rel)?;
                    let shown = shown(self.place, &path);
                    (path, shown)
                }
                Extend::Url { url, sha256 } => {
                    if sha256.is_none() {
                        self.out.unpinned.push((Origin::new(from, item.pos), url.clone()));
                    }
                    (PathBuf::from(url), url.clone())
                }
            };
            if let Some(i) = self.stack.iter().position(|(p, _)| *p == key) {
                let mut cycle: Vec<&str> =
                    self.stack[i..].iter().map(|(_, s)| s.as_str()).collect();
                cycle.push(&self.stack[i].1);
                let cycle = cycle.join(" -> ");
                return Err(vec![format!("{at}: `extends` makes a cycle: {cycle}")]);
            }
            if self.out.files.iter().any(|p| p.path == key) {
                continue;
            }
            if self.stack.len() >= MAX_DEPTH {
                return Err(vec![format!(
                    "{at}: `extends` goes deeper than {MAX_DEPTH} policies; flatten the chain"
                )]);
            }
            let text = match &item.value {
                Extend::Path(_) => read(&at, &key)?,
                Extend::Url { url, sha256 } => self
                    .fetch
                    .fetch(url, sha256.as_deref())
                    .map_err(|e| vec![format!("{at}: {e}")])?,
            };
            let policy = PolicyFile::parse(&text, key.clone(), &shown, self.vocabulary)?;
            let parent = match &item.value {
                Extend::Path(_) => Some(key.parent().unwrap_or(Path::new("/")).to_path_buf()),
                Extend::Url { .. } => None,
            };
            self.stack.push((key, shown.clone()));
            let next = policy.extends.clone();
            self.follow(&shown, parent.as_deref(), &next)?;
            self.stack.pop();
            self.out.files.push(policy);
        }
        Ok(())
    }

    /// The canonical file `rel` names from `dir`, checked against the repository.
    fn locate(&self, at: &str, dir: &Path, rel: &str) -> Result<PathBuf, Vec<String>> {
        let joined = dir.join(rel);
        let repository = self.place.repository;
        let inside = |p: &Path| p.starts_with(repository);
        if !Path::new(rel).is_absolute() && inside(dir) && !inside(&normalize(&joined)) {
            return Err(vec![format!(
                "{at}: extends = \"{rel}\" leaves the repository; use a path inside it, or an absolute path for a machine-wide policy"
            )]);
        }
        let path = joined.canonicalize().map_err(|e| {
            vec![format!("{at}: extends = \"{rel}\": cannot read {}: {e}", joined.display())]
        })?;
        if !Path::new(rel).is_absolute() && inside(dir) && !inside(&path) {
            return Err(vec![format!(
                "{at}: extends = \"{rel}\" leaves the repository through a link; use a path inside it"
            )]);
        }
        if !path.is_file() {
            return Err(vec![format!("{at}: extends = \"{rel}\" is not a file")]);
        }
        Ok(path)
    }
}

/// Reads a policy file, bounded in size.
fn read(at: &str, path: &Path) -> Result<String, Vec<String>> {
    let fail = |why: String| vec![format!("{at}: {}: {why}", path.display())];
    let size = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?.len();
    if size > MAX_BYTES {
        return Err(fail(format!(
            "{size} bytes, over the {} KiB limit for a policy",
            MAX_BYTES / 1024
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    String::from_utf8(bytes).map_err(|_| fail("not valid UTF-8".to_owned()))
}

/// A policy's path as shown: relative to the workspace inside the repository,
/// absolute outside it.
pub fn shown(place: &Place<'_>, path: &Path) -> String {
    let workspace = place.workspace.canonicalize().unwrap_or_else(|_| place.workspace.into());
    if !path.starts_with(place.repository) {
        return path.display().to_string();
    }
    let common = workspace.ancestors().find(|a| path.starts_with(a)).unwrap_or(Path::new("/"));
    let ups = workspace.strip_prefix(common).map_or(0, |rest| rest.components().count());
    let rest = path.strip_prefix(common).unwrap_or(path);
    let mut parts: Vec<String> = vec!["..".to_owned(); ups];
    parts.extend(rest.components().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// `a/b/../c` as `a/c`, lexically (the file need not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
