//! Workspace facts: what `cargo metadata` and `Cargo.lock` say about the
//! workspace, gathered once and shared by every check.
//!
//! Loading never builds anything and never runs code from the workspace:
//! `cargo metadata` only reads manifests, and cargo secure always passes
//! `--locked` so `Cargo.lock` is never rewritten.

mod binary;
pub mod cache;
mod cargo;
mod cargo_config;
mod graph;
mod locate;
mod package;
pub mod paths;
pub mod toolchain;

pub use cargo::CargoFlags;
pub use locate::Locator;
pub use package::{Member, PackageFacts, SourceKind, Target};

use crate::error::{Error, Result};
use cache::Answer;
use cargo_metadata::Metadata;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Everything the checks need to know about the workspace.
#[derive(Debug)]
pub struct Workspace {
    /// The workspace root directory.
    pub root: PathBuf,
    /// `Cargo.lock` at the root.
    pub lockfile_path: PathBuf,
    /// The parsed lockfile.
    pub lockfile: rustsec::Lockfile,
    /// `Cargo.lock` as read, for finding the lines of its entries.
    pub lockfile_text: String,
    /// The workspace members, from `cargo metadata --no-deps`.
    pub members: Vec<Member>,
    /// One entry per `[[package]]` in `Cargo.lock`, in lockfile order.
    pub packages: Vec<PackageFacts>,
    /// The full metadata with the resolved graph, when `cargo metadata` could resolve it.
    pub metadata: Option<Metadata>,
    /// Why the resolved graph is missing, when it is.
    pub resolve_error: Option<String>,
    /// The member whose own `Cargo.toml` `--manifest-path` named, when that is
    /// not the root manifest: as with cargo metadata, the whole workspace is
    /// still scanned (one Cargo.lock, one repository), and reports say so.
    pub entered_member: Option<String>,
    /// The host target triple the graph was resolved for (`--filter-platform`),
    /// when the trusted rustc names it.
    pub host: Option<String>,
}

impl Workspace {
    /// Reads the workspace that contains `manifest_path` (or the current directory).
    pub fn load(manifest_path: Option<&Path>, flags: &CargoFlags) -> Result<Self> {
        Self::load_while(manifest_path, flags, |_, _, _| ()).map(|(workspace, ())| workspace)
    }

    /// [`Workspace::load`], running `meanwhile` while cargo resolves the graph:
    /// it receives the lockfile found where the workspace most likely is, that
    /// lockfile's directory, and a flag that turns true once cargo answers, so
    /// work done ahead can stop. It is not called when no lockfile was found
    /// or it does not parse.
    pub fn load_while<T: Default + Send>(
        manifest_path: Option<&Path>,
        flags: &CargoFlags,
        meanwhile: impl FnOnce(&rustsec::Lockfile, &Path, &AtomicBool) -> T + Send,
    ) -> Result<(Self, T)> {
        // The resolved metadata also names the members and root; `--no-deps` (which
        // needs no lockfile and no network) runs only when resolving failed, to tell
        // "not a workspace" from "the graph cannot be resolved".
        // The lockfile is parsed while cargo's answer is looked up, from where
        // it most likely is; it is parsed again if the workspace root differs.
        let answered = AtomicBool::new(false);
        let (resolution, (guessed, ahead)) = rayon::join(
            || {
                let resolution = resolved(manifest_path, flags);
                answered.store(true, Ordering::Release);
                resolution
            },
            || {
                let guessed =
                    likely_lockfile(manifest_path).map(|path| (parse_lockfile(&path), path));
                let ahead = match &guessed {
                    Some((Ok((lockfile, _)), path)) => {
                        meanwhile(lockfile, path.parent().unwrap_or(path), &answered)
                    }
                    _ => T::default(),
                };
                (guessed, ahead)
            },
        );
        let (shallow, metadata, resolve_error) = match resolution? {
            Answer::Resolved(full) => (None, Some(full), None),
            Answer::Unresolved { reason, shallow } => (Some(shallow), None, Some(reason)),
        };
        let Some(base) = metadata.as_ref().or(shallow.as_ref()) else {
            return Err(Error::Other("cargo metadata returned nothing".to_owned()));
        };
        let root = base.workspace_root.clone().into_std_path_buf();
        let lockfile_path = root.join("Cargo.lock");
        if !lockfile_path.is_file() {
            return Err(Error::MissingLockfile(root));
        }
        let (lockfile, lockfile_text) = match guessed {
            Some((parsed, path)) if path == lockfile_path => parsed?,
            _ => parse_lockfile(&lockfile_path)?,
        };
        let members = package::members(base);
        let packages = graph::package_facts(&lockfile, &members, metadata.as_ref());
        let entered_member = manifest_path.and_then(|path| entered_member(path, &root, &members));
        let host = metadata.as_ref().and_then(|_| toolchain::host_triple());
        let workspace = Workspace {
            root,
            lockfile_path,
            lockfile,
            lockfile_text,
            members,
            packages,
            metadata,
            resolve_error,
            entered_member,
            host,
        };
        Ok((workspace, ahead))
    }

    /// The path of `path` relative to the workspace root, with `/` separators.
    /// A path outside the root is shown whole ([`paths::relative`]).
    pub fn relative(&self, path: &Path) -> String {
        paths::relative(path, &self.root)
    }

    /// The facts for one lockfile package.
    pub fn package(&self, name: &str, version: &str) -> Option<&PackageFacts> {
        self.packages.iter().find(|p| p.name == name && p.version.to_string() == version)
    }
}

/// Reads and parses `Cargo.lock`: the one read of it in a run.
fn parse_lockfile(path: &Path) -> Result<(rustsec::Lockfile, String)> {
    let malformed = |reason: String| Error::MalformedLockfile { path: path.to_path_buf(), reason };
    let text = std::fs::read_to_string(path)
        .map_err(|e| malformed(format!("I/O operation failed: {}", e.kind())))?;
    let lockfile = text
        .parse()
        .map_err(|e: rustsec::cargo_lock::Error| malformed(one_line(&e.to_string())))?;
    Ok((lockfile, text))
}

/// The member whose manifest is `manifest_path`, unless it is the root's.
fn entered_member(manifest_path: &Path, root: &Path, members: &[Member]) -> Option<String> {
    let same = |a: &Path, b: &Path| {
        let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| paths::normalise(p));
        real(a) == real(b)
    };
    if same(manifest_path, &root.join("Cargo.toml")) {
        return None;
    }
    members.iter().find(|m| same(manifest_path, &m.manifest_path)).map(|m| m.name.clone())
}

/// The nearest `Cargo.lock` at or above where the run starts.
fn likely_lockfile(manifest_path: Option<&Path>) -> Option<PathBuf> {
    let start = match manifest_path {
        Some(path) => std::path::absolute(path).ok()?.parent()?.to_path_buf(),
        None => std::env::current_dir().ok()?,
    };
    start.ancestors().map(|dir| dir.join("Cargo.lock")).find(|path| path.is_file())
}

/// Where cargo starts from: the manifest given, or the current directory.
pub fn start(manifest_path: Option<&Path>) -> PathBuf {
    match manifest_path {
        Some(path) => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
        None => std::env::current_dir().unwrap_or_default(),
    }
}

/// cargo's answer, from the cache when none of its inputs changed. When the
/// graph cannot be resolved, `--no-deps` still names the members and tells
/// "not a workspace" (an error) from "the graph cannot be resolved".
fn resolved(manifest_path: Option<&Path>, flags: &CargoFlags) -> Result<Answer> {
    let start = start(manifest_path);
    if let Some(dir) = &flags.cache_dir
        && let Some(answer) = cache::lookup(dir, &start, flags)
    {
        return Ok(answer);
    }
    let answer = match cargo::metadata(manifest_path, flags, true) {
        Ok(full) => Answer::Resolved(full),
        Err(reason) => {
            let shallow =
                cargo::metadata(manifest_path, flags, false).map_err(Error::NotAWorkspace)?;
            Answer::Unresolved { reason, shallow }
        }
    };
    if let Some(dir) = &flags.cache_dir {
        cache::store(dir, &start, flags, &answer);
    }
    Ok(answer)
}

/// Folds a multi-line message (cargo's or a TOML parser's) into one line:
/// code frames are dropped and a `--> file:line:col` pointer becomes a prefix.
pub(crate) fn one_line(message: &str) -> String {
    let mut pointer = None;
    let mut parts = Vec::new();
    for line in message.lines().map(str::trim) {
        if let Some(place) = line.strip_prefix("--> ") {
            pointer = Some(place.to_owned());
        } else if !(line.is_empty() || line == "Caused by:" || is_code_frame(line)) {
            parts.push(line);
        }
    }
    let text = parts.join(": ");
    match pointer {
        Some(place) => format!("{place}: {text}"),
        None => text,
    }
}

/// `|`, `3 | name = 7` or `^` lines of a rendered code frame.
fn is_code_frame(line: &str) -> bool {
    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start();
    rest.starts_with('|') || line.starts_with('^')
}
