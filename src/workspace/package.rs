//! The per-package facts: where a package comes from, whether it is ours,
//! and how it is reached.

use crate::finding::Scope;
use cargo_metadata::{Metadata, PackageId};
use std::path::PathBuf;

/// Where a lockfile package comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// The crates.io registry: the only source RustSec advisories describe.
    CratesIo,
    /// Another registry (a private one, or a mirror under another name).
    Registry(String),
    /// A git repository; `reference` is the branch, tag or rev asked for, if any.
    Git {
        /// Repository URL.
        url: String,
        /// `branch=...`, `tag=...` or `rev=...` as written in the manifest.
        reference: Option<String>,
    },
    /// A path on disk (workspace members and path dependencies).
    Path,
}

impl SourceKind {
    /// Classifies a lockfile source.
    pub fn of(source: Option<&rustsec::SourceId>) -> Self {
        let Some(source) = source else { return SourceKind::Path };
        if source.is_default_registry() {
            SourceKind::CratesIo
        } else if source.is_git() {
            let reference =
                source.git_reference().and_then(|r| r.pretty_ref(false)).map(|r| r.to_string());
            SourceKind::Git { url: source.url().to_string(), reference }
        } else if source.is_path() {
            SourceKind::Path
        } else {
            SourceKind::Registry(source.url().to_string())
        }
    }

    /// A short word for tables and JSON: `crates.io`, `registry`, `git`, `path`.
    pub fn label(&self) -> &'static str {
        match self {
            SourceKind::CratesIo => "crates.io",
            SourceKind::Registry(_) => "registry",
            SourceKind::Git { .. } => "git",
            SourceKind::Path => "path",
        }
    }
}

/// A build target of a package, from cargo metadata.
#[derive(Debug, Clone)]
pub struct Target {
    /// Target name.
    pub name: String,
    /// `lib`, `bin`, `proc-macro`, `custom-build`, `test`, `bench`, `example`...
    pub kinds: Vec<String>,
    /// The root source file.
    pub src_path: PathBuf,
}

impl Target {
    /// Whether the target is a test, bench or example.
    pub fn is_test_like(&self) -> bool {
        self.kinds.iter().any(|k| matches!(k.as_str(), "test" | "bench" | "example"))
    }

    /// Whether the target is a build script.
    pub fn is_build_script(&self) -> bool {
        self.kinds.iter().any(|k| k == "custom-build")
    }

    /// Whether the target is a procedural macro.
    pub fn is_proc_macro(&self) -> bool {
        self.kinds.iter().any(|k| k == "proc-macro")
    }
}

/// A workspace member.
#[derive(Debug, Clone)]
pub struct Member {
    /// Package name.
    pub name: String,
    /// Package version.
    pub version: String,
    /// Its `Cargo.toml`.
    pub manifest_path: PathBuf,
    /// cargo's package id.
    pub id: PackageId,
    /// Its targets.
    pub targets: Vec<Target>,
    /// Whether it can be published (`publish` is not `false` or empty).
    pub publishable: bool,
    /// Its `license` SPDX expression, if any.
    pub license: Option<String>,
    /// Whether it declares `license-file`.
    pub license_file: bool,
}

/// What cargo secure knows about one `[[package]]` of `Cargo.lock`.
#[derive(Debug, Clone)]
pub struct PackageFacts {
    /// Crate name.
    pub name: String,
    /// Exact version.
    pub version: rustsec::Version,
    /// Where it comes from.
    pub source: SourceKind,
    /// The registry checksum, for registry packages.
    pub checksum: Option<String>,
    /// Whether it is a workspace member.
    pub member: bool,
    /// How it is reached from the members; `Scope::Lockfile` when it is outside
    /// cargo metadata's default resolve (or the resolve is unavailable).
    pub scope: Scope,
    /// Shortest dependency path from a member, member first, this package last.
    pub via: Vec<String>,
    /// cargo's package id, when the package is in the resolved graph.
    pub id: Option<PackageId>,
    /// Its `Cargo.toml` on disk, when cargo metadata knows it.
    pub manifest_path: Option<PathBuf>,
    /// Its targets, when cargo metadata knows them.
    pub targets: Vec<Target>,
}

impl PackageFacts {
    /// `name@version`.
    pub fn spec(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }

    /// `app -> hyper -> h2`, or the name alone for a member.
    pub fn via_text(&self) -> String {
        self.via.join(" -> ")
    }
}

/// Converts cargo metadata targets.
pub(super) fn targets(package: &cargo_metadata::Package) -> Vec<Target> {
    package
        .targets
        .iter()
        .map(|t| Target {
            name: t.name.clone(),
            kinds: t.kind.iter().map(|k| k.to_string()).collect(),
            src_path: t.src_path.clone().into_std_path_buf(),
        })
        .collect()
}

/// The workspace members of a (possibly `--no-deps`) metadata.
pub(super) fn members(metadata: &Metadata) -> Vec<Member> {
    metadata
        .workspace_packages()
        .into_iter()
        .map(|p| Member {
            name: p.name.to_string(),
            version: p.version.to_string(),
            manifest_path: p.manifest_path.clone().into_std_path_buf(),
            id: p.id.clone(),
            targets: targets(p),
            publishable: p.publish.as_ref().is_none_or(|registries| !registries.is_empty()),
            license: p.license.clone(),
            license_file: p.license_file.is_some(),
        })
        .collect()
}
