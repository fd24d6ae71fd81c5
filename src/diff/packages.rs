//! The locked packages of both sides: added (with why they are there),
//! removed, upgraded or downgraded (semver-major changes marked), moved to
//! another source; and the build scripts and proc-macros the change adds.

use crate::finding::Scope;
use crate::workspace::SourceKind;
use crate::workspace::Workspace;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One locked package, as the diff compares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Package {
    /// Crate name.
    pub name: String,
    /// Exact version.
    pub version: String,
    /// `crates.io`, `registry URL`, `git URL`, `path` or `path outside the workspace`.
    pub source: String,
    /// How it is reached from the members.
    pub scope: Scope,
    /// Shortest dependency path from a member, member first.
    pub via: Vec<String>,
    /// Whether it is a workspace member.
    pub member: bool,
    /// Whether it has a build script.
    pub build_script: bool,
    /// Whether it is a procedural macro.
    pub proc_macro: bool,
}

/// Every locked package of a workspace.
pub fn inventory(ws: &Workspace) -> Vec<Package> {
    ws.packages
        .iter()
        .map(|p| Package {
            name: p.name.clone(),
            version: p.version.to_string(),
            source: match &p.source {
                SourceKind::CratesIo => "crates.io".to_owned(),
                SourceKind::Registry(url) => format!("registry {url}"),
                SourceKind::Git { url, reference: Some(r) } => format!("git {url} ({r})"),
                SourceKind::Git { url, reference: None } => format!("git {url}"),
                SourceKind::Path => {
                    let inside = p.manifest_path.as_ref().is_none_or(|m| m.starts_with(&ws.root));
                    if inside { "path" } else { "path outside the workspace" }.to_owned()
                }
            },
            scope: p.scope,
            via: p.via.clone(),
            member: p.member,
            build_script: p.targets.iter().any(|t| t.is_build_script()),
            proc_macro: p.targets.iter().any(|t| t.is_proc_macro()),
        })
        .collect()
}

/// Packages added, removed and changed.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct PackageDelta {
    /// In the head only; `via` says why each is there.
    pub added: Vec<Package>,
    /// In the base only.
    pub removed: Vec<Package>,
    /// In both, at another version or from another source.
    pub changed: Vec<Changed>,
}

/// How a package changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// A newer version.
    Upgraded,
    /// An older version.
    Downgraded,
    /// The same version from another source.
    SourceChanged,
}

impl Change {
    /// The kebab-case word.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Upgraded => "upgraded",
            Change::Downgraded => "downgraded",
            Change::SourceChanged => "source-changed",
        }
    }
}

/// A package on both sides that changed.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Changed {
    /// Crate name.
    pub name: String,
    /// The base's version.
    pub from: String,
    /// The head's version.
    pub to: String,
    /// Upgraded, downgraded or moved.
    pub change: Change,
    /// Whether the versions are semver-incompatible (`1.x` → `2.x`, `0.3` → `0.4`).
    pub semver_major: bool,
    /// The base's source.
    pub from_source: String,
    /// The head's source.
    pub to_source: String,
    /// How the head reaches it.
    pub scope: Scope,
    /// The head's path to it from a member.
    pub via: Vec<String>,
}

/// Compares the package lists; a crate locked in several versions pairs
/// its versions only when one replaces one.
pub fn delta(base: &[Package], head: &[Package]) -> PackageDelta {
    let by_name = |list: &[Package]| {
        let mut map: BTreeMap<String, Vec<Package>> = BTreeMap::new();
        for p in list.iter().filter(|p| !p.member) {
            map.entry(p.name.clone()).or_default().push(p.clone());
        }
        map
    };
    let (before, after) = (by_name(base), by_name(head));
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut out = PackageDelta::default();
    for name in names {
        let old = before.get(name).cloned().unwrap_or_default();
        let new = after.get(name).cloned().unwrap_or_default();
        let same = |a: &Package, b: &Package| a.version == b.version && a.source == b.source;
        let mut gone: Vec<Package> =
            old.iter().filter(|o| !new.iter().any(|n| same(o, n))).cloned().collect();
        let mut came: Vec<Package> =
            new.iter().filter(|n| !old.iter().any(|o| same(o, n))).cloned().collect();
        // The same version from another source.
        came.retain(|n| match gone.iter().position(|o| o.version == n.version) {
            Some(at) => {
                out.changed.push(changed(&gone.remove(at), n, Change::SourceChanged));
                false
            }
            None => true,
        });
        if let ([o], [n]) = (gone.as_slice(), came.as_slice()) {
            let upgraded = version(&n.version) >= version(&o.version);
            let change = if upgraded { Change::Upgraded } else { Change::Downgraded };
            out.changed.push(changed(o, n, change));
        } else {
            out.removed.append(&mut gone);
            out.added.append(&mut came);
        }
    }
    out
}

fn changed(old: &Package, new: &Package, change: Change) -> Changed {
    Changed {
        name: new.name.clone(),
        from: old.version.clone(),
        to: new.version.clone(),
        change,
        semver_major: !compatible(&old.version, &new.version),
        from_source: old.source.clone(),
        to_source: new.source.clone(),
        scope: new.scope,
        via: new.via.clone(),
    }
}

fn version(text: &str) -> Option<rustsec::Version> {
    rustsec::Version::parse(text).ok()
}

/// Whether cargo treats the two versions as compatible (same leftmost non-zero part).
pub fn compatible(a: &str, b: &str) -> bool {
    let (Some(a), Some(b)) = (version(a), version(b)) else { return a == b };
    match (a.major, a.minor) {
        (0, 0) => b.major == 0 && b.minor == 0 && a.patch == b.patch,
        (0, minor) => b.major == 0 && b.minor == minor,
        (major, _) => b.major == major,
    }
}

/// Code that runs at build time, newly added by the change.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct BuildTimeDelta {
    /// Packages with a build script or a proc-macro that the base had not.
    pub added: Vec<BuildTime>,
}

/// A package that runs code at build time.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BuildTime {
    /// Crate name.
    pub name: String,
    /// Version.
    pub version: String,
    /// `build-script` and/or `proc-macro`.
    pub kinds: Vec<String>,
    /// Whether it is a workspace member.
    pub member: bool,
    /// How it is reached.
    pub scope: Scope,
    /// Its path from a member.
    pub via: Vec<String>,
}

/// The build scripts and proc-macros of the head that no package of the
/// same name had in the base.
pub fn build_time(base: &[Package], head: &[Package]) -> BuildTimeDelta {
    let had =
        |name: &str, kind: fn(&Package) -> bool| base.iter().any(|p| p.name == name && kind(p));
    let added = head
        .iter()
        .filter_map(|p| {
            let mut kinds = Vec::new();
            if p.build_script && !had(&p.name, |b| b.build_script) {
                kinds.push("build-script".to_owned());
            }
            if p.proc_macro && !had(&p.name, |b| b.proc_macro) {
                kinds.push("proc-macro".to_owned());
            }
            (!kinds.is_empty()).then(|| BuildTime {
                name: p.name.clone(),
                version: p.version.clone(),
                kinds,
                member: p.member,
                scope: p.scope,
                via: p.via.clone(),
            })
        })
        .collect();
    BuildTimeDelta { added }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(name: &str, version: &str, source: &str) -> Package {
        Package {
            name: name.to_owned(),
            version: version.to_owned(),
            source: source.to_owned(),
            scope: Scope::Normal,
            via: vec!["app".to_owned(), name.to_owned()],
            member: false,
            build_script: false,
            proc_macro: false,
        }
    }

    #[test]
    fn versions_are_paired_as_upgrades_downgrades_and_moves() {
        let base = [
            package("up", "1.0.0", "crates.io"),
            package("down", "0.4.0", "crates.io"),
            package("moved", "2.0.0", "crates.io"),
            package("gone", "1.0.0", "crates.io"),
        ];
        let head = [
            package("up", "2.1.0", "crates.io"),
            package("down", "0.3.9", "crates.io"),
            package("moved", "2.0.0", "git https://example.com/moved"),
            package("new", "0.1.0", "crates.io"),
        ];
        let d = delta(&base, &head);
        assert_eq!(d.added.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["new"]);
        assert_eq!(d.removed.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["gone"]);
        let changes: Vec<_> =
            d.changed.iter().map(|c| (c.name.as_str(), c.change, c.semver_major)).collect();
        assert_eq!(
            changes,
            [
                ("down", Change::Downgraded, true),
                ("moved", Change::SourceChanged, false),
                ("up", Change::Upgraded, true)
            ]
        );
    }

    #[test]
    fn semver_compatibility_follows_the_leftmost_non_zero_part() {
        assert!(compatible("1.2.3", "1.9.0"));
        assert!(!compatible("1.2.3", "2.0.0"));
        assert!(compatible("0.3.1", "0.3.7"));
        assert!(!compatible("0.3.1", "0.4.0"));
        assert!(!compatible("0.0.1", "0.0.2"));
    }
}
