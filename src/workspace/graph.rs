//! The dependency graph: for every lockfile package, its scope (normal, build,
//! dev-only, or lockfile-only) and its shortest path from a workspace member.
//!
//! With cargo metadata's resolve, paths are searched level by level: a path
//! through a build-dependency edge makes everything below it build scope, one
//! through a dev-dependency edge makes it dev scope, and the best (normal before
//! build before dev), then shortest, path wins. Packages the resolve does not
//! hold (other platforms, optional features) get a path from `Cargo.lock`'s own
//! dependency lists and `Scope::Lockfile`.

use super::package::{self, Member, PackageFacts, SourceKind};
use crate::finding::Scope;
use cargo_metadata::{DependencyKind, Metadata};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};

/// A package by name and version, borrowed from the lockfile or the metadata.
type Key<'a> = (&'a str, &'a rustsec::Version);

/// Builds the facts for every lockfile package.
pub(super) fn package_facts(
    lockfile: &rustsec::Lockfile,
    members: &[Member],
    metadata: Option<&Metadata>,
) -> Vec<PackageFacts> {
    let versions: Vec<Option<rustsec::Version>> =
        members.iter().map(|m| m.version.parse().ok()).collect();
    let member_list: Vec<Key> = members
        .iter()
        .zip(&versions)
        .filter_map(|(m, v)| Some((m.name.as_str(), v.as_ref()?)))
        .collect();
    let member_keys: HashSet<Key> = member_list.iter().copied().collect();
    let resolved = metadata.map(resolve_paths).unwrap_or_default();
    let locked = lockfile_paths(lockfile, &member_list);
    let known: HashMap<Key, &cargo_metadata::Package> = metadata
        .map(|m| m.packages.iter().map(|p| ((p.name.as_str(), &p.version), p)).collect())
        .unwrap_or_default();

    lockfile
        .packages
        .iter()
        .map(|p| {
            let k = (p.name.as_str(), &p.version);
            let member = p.source.is_none() && member_keys.contains(&k);
            let (scope, via) = match resolved.get(&k) {
                Some((level, via)) => (*level, via.clone()),
                None => (Scope::Lockfile, locked.get(&k).cloned().unwrap_or_default()),
            };
            let meta = known.get(&k);
            PackageFacts {
                name: p.name.as_str().to_owned(),
                version: p.version.clone(),
                source: SourceKind::of(p.source.as_ref()),
                checksum: p.checksum.as_ref().map(|c| c.to_string()),
                member,
                scope: if member { Scope::Normal } else { scope },
                via: if via.is_empty() { vec![p.name.as_str().to_owned()] } else { via },
                id: meta.map(|m| m.id.clone()),
                manifest_path: meta.map(|m| m.manifest_path.clone().into_std_path_buf()),
                targets: meta.map(|m| package::targets(m)).unwrap_or_default(),
            }
        })
        .collect()
}

fn edge_scope(kinds: &[cargo_metadata::DepKindInfo]) -> Scope {
    kinds
        .iter()
        .map(|k| match k.kind {
            DependencyKind::Normal => Scope::Normal,
            DependencyKind::Build => Scope::Build,
            _ => Scope::Dev,
        })
        .min()
        .unwrap_or(Scope::Normal)
}

/// Best scope and shortest path for each package in the resolve.
fn resolve_paths(metadata: &Metadata) -> HashMap<Key<'_>, (Scope, Vec<String>)> {
    let Some(resolve) = &metadata.resolve else { return HashMap::new() };
    let names: HashMap<_, _> =
        metadata.packages.iter().map(|p| (&p.id, (p.name.as_str(), &p.version))).collect();
    let nodes: HashMap<_, _> = resolve.nodes.iter().map(|n| (&n.id, n)).collect();

    let mut best: HashMap<&cargo_metadata::PackageId, (Scope, usize)> = HashMap::new();
    let mut parent: HashMap<&cargo_metadata::PackageId, &cargo_metadata::PackageId> =
        HashMap::new();
    let mut heap = BinaryHeap::new();
    for id in &metadata.workspace_members {
        best.insert(id, (Scope::Normal, 0));
        heap.push(Reverse((Scope::Normal, 0usize, id)));
    }
    while let Some(Reverse((scope, depth, id))) = heap.pop() {
        if best.get(id).is_some_and(|b| *b < (scope, depth)) {
            continue;
        }
        let Some(node) = nodes.get(id) else { continue };
        for dep in &node.deps {
            let next = (scope.max(edge_scope(&dep.dep_kinds)), depth + 1);
            if best.get(&dep.pkg).is_none_or(|b| next < *b) {
                best.insert(&dep.pkg, next);
                parent.insert(&dep.pkg, id);
                heap.push(Reverse((next.0, next.1, &dep.pkg)));
            }
        }
    }

    best.iter()
        .filter_map(|(id, (scope, _))| {
            let (name, version) = names.get(id)?;
            let via = path_to(
                *id,
                |id| names.get(id).map_or_else(String::new, |(n, _)| (*n).to_owned()),
                |id| parent.get(id).copied(),
            );
            Some(((*name, *version), (*scope, via)))
        })
        .collect()
}

/// Shortest path from a member through `Cargo.lock`'s dependency lists.
fn lockfile_paths<'a>(
    lockfile: &'a rustsec::Lockfile,
    members: &[Key<'a>],
) -> HashMap<Key<'a>, Vec<String>> {
    let index: HashMap<Key, &rustsec::cargo_lock::Package> =
        lockfile.packages.iter().map(|p| ((p.name.as_str(), &p.version), p)).collect();
    let mut parent: HashMap<Key, Option<Key>> = HashMap::new();
    let mut queue = VecDeque::new();
    let roots: Vec<Key> = if members.iter().any(|m| index.contains_key(m)) {
        members.to_vec()
    } else {
        lockfile
            .packages
            .iter()
            .filter(|p| p.source.is_none())
            .map(|p| (p.name.as_str(), &p.version))
            .collect()
    };
    for root in roots {
        if index.contains_key(&root) && !parent.contains_key(&root) {
            parent.insert(root, None);
            queue.push_back(root);
        }
    }
    while let Some(current) = queue.pop_front() {
        let Some(package) = index.get(&current) else { continue };
        for dep in &package.dependencies {
            let k = (dep.name.as_str(), &dep.version);
            if index.contains_key(&k) && !parent.contains_key(&k) {
                parent.insert(k, Some(current));
                queue.push_back(k);
            }
        }
    }
    parent
        .keys()
        .map(|&k| {
            (k, path_to(k, |key| key.0.to_owned(), |key| parent.get(&key).copied().flatten()))
        })
        .collect()
}

/// The names from a root down to `end`, following `parent` links upwards.
fn path_to<K: Copy>(
    end: K,
    name: impl Fn(K) -> String,
    parent: impl Fn(K) -> Option<K>,
) -> Vec<String> {
    let mut via = vec![name(end)];
    let mut cursor = end;
    while let Some(up) = parent(cursor) {
        via.push(name(up));
        cursor = up;
    }
    via.reverse();
    via
}
