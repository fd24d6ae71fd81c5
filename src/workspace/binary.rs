//! A [`Workspace`] made of the dependency lists embedded in compiled
//! binaries, so the advisories layer, the gate, every renderer and the SBOM
//! treat what was really shipped exactly as they treat a `Cargo.lock`: one
//! package per embedded entry (merged across binaries), its scope from the
//! embedded kind (runtime → normal, build → build), its path from the
//! binary's root package, and each root package as a member.
//!
//! The embedded list says only `crates.io`, `git`, `registry` or `local`:
//! crates.io packages get the crates.io source (the only ones RustSec
//! describes); the others no source, so they are never matched by name.

use super::Workspace;
use super::package::{Member, PackageFacts, SourceKind};
use crate::finding::Scope;
use auditable_serde::{DependencyKind, Source, VersionInfo};
use rustsec::cargo_lock::{Dependency, Package, ResolveVersion};
use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};

/// A package by name, version and source kind.
type Key = (String, String, String);

impl Workspace {
    /// The workspace of the binaries' embedded lists; `root` is where the
    /// report says it ran.
    pub fn of_binaries(binaries: &[(&Path, &VersionInfo)], root: PathBuf) -> Self {
        let mut merged: BTreeMap<Key, (Package, Scope, Vec<String>, bool, PathBuf)> =
            BTreeMap::new();
        for (path, info) in binaries {
            let key = |p: &auditable_serde::Package| {
                (p.name.clone(), p.version.to_string(), String::from(p.source.clone()))
            };
            let paths = paths_from_root(info);
            for (index, p) in info.packages.iter().enumerate() {
                let scope = match p.kind {
                    DependencyKind::Runtime => Scope::Normal,
                    DependencyKind::Build => Scope::Build,
                };
                let dependencies = p
                    .dependencies
                    .iter()
                    .filter_map(|&at| info.packages.get(at))
                    .filter_map(|d| {
                        Some(Dependency {
                            name: d.name.parse().ok()?,
                            version: d.version.to_string().parse().ok()?,
                            source: source(&d.source),
                        })
                    })
                    .collect();
                let (Ok(name), Ok(version)) = (p.name.parse(), p.version.to_string().parse())
                else {
                    continue;
                };
                let package = Package {
                    name,
                    version,
                    source: source(&p.source),
                    checksum: None,
                    dependencies,
                    replace: None,
                };
                let via = paths.get(&index).cloned().unwrap_or_else(|| vec![p.name.clone()]);
                let entry = merged
                    .entry(key(p))
                    .or_insert_with(|| (package, scope, via.clone(), p.root, path.to_path_buf()));
                // The best scope and the shortest path over every binary.
                if (scope, via.len()) < (entry.1, entry.2.len()) {
                    entry.1 = scope;
                    entry.2 = via;
                }
                entry.3 |= p.root;
            }
        }
        let mut packages = Vec::new();
        let mut facts = Vec::new();
        let mut members = Vec::new();
        for (package, scope, via, root_package, binary) in merged.into_values() {
            let name = package.name.as_str().to_owned();
            let version = package.version.clone();
            if root_package {
                members.push(Member {
                    name: name.clone(),
                    version: version.to_string(),
                    manifest_path: binary.clone(),
                    id: cargo_metadata::PackageId { repr: format!("{name}@{version}") },
                    targets: Vec::new(),
                    publishable: false,
                    license: None,
                    license_file: false,
                });
            }
            facts.push(PackageFacts {
                source: SourceKind::of(package.source.as_ref()),
                name,
                version,
                checksum: None,
                member: root_package,
                scope: if root_package { Scope::Normal } else { scope },
                via,
                id: None,
                manifest_path: None,
                targets: Vec::new(),
            });
            packages.push(package);
        }
        let lockfile = rustsec::Lockfile {
            version: ResolveVersion::V3,
            packages,
            root: None,
            metadata: Default::default(),
            patch: Default::default(),
        };
        let names: Vec<String> = binaries.iter().map(|(p, _)| p.display().to_string()).collect();
        Workspace {
            lockfile_path: binaries.first().map(|(p, _)| p.to_path_buf()).unwrap_or_default(),
            root,
            lockfile,
            lockfile_text: String::new(),
            members,
            packages: facts,
            metadata: None,
            resolve_error: Some(format!(
                "the dependency lists embedded in {} (no cargo metadata)",
                names.join(", ")
            )),
            entered_member: None,
            host: None,
        }
    }
}

/// crates.io as a lockfile source; every other embedded source as none.
fn source(source: &Source) -> Option<rustsec::SourceId> {
    (*source == Source::CratesIo).then(rustsec::SourceId::default)
}

/// The shortest path from the root package to each package, as names.
fn paths_from_root(info: &VersionInfo) -> BTreeMap<usize, Vec<String>> {
    let mut parent: BTreeMap<usize, Option<usize>> = BTreeMap::new();
    let mut queue = VecDeque::new();
    for (index, _) in info.packages.iter().enumerate().filter(|(_, p)| p.root) {
        parent.insert(index, None);
        queue.push_back(index);
    }
    while let Some(at) = queue.pop_front() {
        for &dep in &info.packages[at].dependencies {
            if dep < info.packages.len() && !parent.contains_key(&dep) {
                parent.insert(dep, Some(at));
                queue.push_back(dep);
            }
        }
    }
    parent
        .keys()
        .map(|&end| {
            let mut via = vec![info.packages[end].name.clone()];
            let mut cursor = end;
            while let Some(Some(up)) = parent.get(&cursor) {
                via.push(info.packages[*up].name.clone());
                cursor = *up;
            }
            via.reverse();
            (end, via)
        })
        .collect()
}
