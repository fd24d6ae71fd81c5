//! Workspace facts: what `cargo metadata` and `Cargo.lock` say about the
//! workspace, gathered once and shared by every check.
//!
//! Loading never builds anything and never runs code from the workspace:
//! `cargo metadata` only reads manifests, and cargo secure always passes
//! `--locked` so `Cargo.lock` is never rewritten.

mod cargo;
mod graph;
mod package;

pub use cargo::CargoFlags;
pub use package::{Member, PackageFacts, SourceKind, Target};

use crate::error::{Error, Result};
use cargo_metadata::Metadata;
use std::path::{Path, PathBuf};

/// Everything the checks need to know about the workspace.
#[derive(Debug)]
pub struct Workspace {
    /// The workspace root directory.
    pub root: PathBuf,
    /// `Cargo.lock` at the root.
    pub lockfile_path: PathBuf,
    /// The parsed lockfile.
    pub lockfile: rustsec::Lockfile,
    /// The workspace members, from `cargo metadata --no-deps`.
    pub members: Vec<Member>,
    /// One entry per `[[package]]` in `Cargo.lock`, in lockfile order.
    pub packages: Vec<PackageFacts>,
    /// The full metadata with the resolved graph, when `cargo metadata` could resolve it.
    pub metadata: Option<Metadata>,
    /// Why the resolved graph is missing, when it is.
    pub resolve_error: Option<String>,
}

impl Workspace {
    /// Reads the workspace that contains `manifest_path` (or the current directory).
    pub fn load(manifest_path: Option<&Path>, flags: &CargoFlags) -> Result<Self> {
        let shallow = cargo::metadata(manifest_path, flags, false).map_err(Error::NotAWorkspace)?;
        let root = shallow.workspace_root.clone().into_std_path_buf();
        let lockfile_path = root.join("Cargo.lock");
        if !lockfile_path.is_file() {
            return Err(Error::MissingLockfile(root));
        }
        let lockfile =
            rustsec::Lockfile::load(&lockfile_path).map_err(|e| Error::MalformedLockfile {
                path: lockfile_path.clone(),
                reason: one_line(&e.to_string()),
            })?;
        let members = package::members(&shallow);
        let (metadata, resolve_error) = match cargo::metadata(manifest_path, flags, true) {
            Ok(metadata) => (Some(metadata), None),
            Err(reason) => (None, Some(reason)),
        };
        let packages = graph::package_facts(&lockfile, &members, metadata.as_ref());
        Ok(Workspace { root, lockfile_path, lockfile, members, packages, metadata, resolve_error })
    }

    /// The path of `path` relative to the workspace root, with `/` separators.
    pub fn relative(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The facts for one lockfile package.
    pub fn package(&self, name: &str, version: &str) -> Option<&PackageFacts> {
        self.packages.iter().find(|p| p.name == name && p.version.to_string() == version)
    }
}

/// Folds a multi-line message into one line.
pub(crate) fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && *line != "Caused by:")
        .collect::<Vec<_>>()
        .join(": ")
}
