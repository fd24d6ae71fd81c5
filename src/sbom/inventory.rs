//! What an SBOM lists: the components (name, version, purl, Cargo.lock's
//! SHA-256, declared licence, authors, scope), the root components (the
//! workspace members) and the dependency edges, gathered from facts already
//! known: the workspace's resolved graph here, a binary's embedded list in `bin`.

use super::licence::Licence;
use crate::finding::Scope;
use crate::workspace::{PackageFacts, Workspace};
use cargo_metadata::PackageId;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One package of the bill of materials.
#[derive(Debug, Clone)]
pub struct Component {
    /// Crate name.
    pub name: String,
    /// Exact version.
    pub version: String,
    /// Its package URL, also its reference inside the document.
    pub purl: String,
    /// The SHA-256 checksum from Cargo.lock (registry packages).
    pub sha256: Option<String>,
    /// The declared licence.
    pub licence: Option<Licence>,
    /// The `authors` of its manifest, as written.
    pub authors: Vec<String>,
    /// How the roots reach it.
    pub scope: Scope,
    /// Whether it builds a program (a `bin` target) rather than a library.
    pub application: bool,
    /// Where its source is downloaded from, when that is a fact (crates.io).
    pub download: Option<String>,
}

/// The bill of materials of one subject (a workspace or a binary).
#[derive(Debug, Clone)]
pub struct Inventory {
    /// What it describes: the workspace's (or single member's) name, or a binary's file name.
    pub subject: String,
    /// The version of the subject, when it has one.
    pub subject_version: Option<String>,
    /// The target triple the graph was resolved for, when known.
    pub target: Option<String>,
    /// Where the list comes from, in a few words ("cargo metadata and Cargo.lock").
    pub origin: String,
    /// The root components: the workspace members, or a binary's root crate.
    pub roots: Vec<Component>,
    /// Every other component.
    pub components: Vec<Component>,
    /// For each component's purl, the purls it depends on.
    pub edges: BTreeMap<String, BTreeSet<String>>,
}

impl Inventory {
    /// Roots and components, roots first.
    pub fn all(&self) -> impl Iterator<Item = &Component> {
        self.roots.iter().chain(&self.components)
    }

    /// The component with this name and version.
    pub fn find(&self, name: &str, version: &str) -> Option<&Component> {
        self.all().find(|c| c.name == name && c.version == version)
    }

    /// The roots whose dependencies lead to the component `purl` (a root
    /// reaches itself).
    pub fn roots_reaching(&self, purl: &str) -> Vec<&Component> {
        self.roots
            .iter()
            .filter(|root| {
                let mut seen = BTreeSet::from([root.purl.as_str()]);
                let mut next = vec![root.purl.as_str()];
                while let Some(at) = next.pop() {
                    if at == purl {
                        return true;
                    }
                    for to in self.edges.get(at).into_iter().flatten() {
                        if seen.insert(to.as_str()) {
                            next.push(to.as_str());
                        }
                    }
                }
                false
            })
            .collect()
    }

    /// The workspace's resolved graph for the host: every package cargo
    /// metadata resolved (dev-only ones only with `include_dev`). Without a
    /// resolved graph, every package of Cargo.lock, with its own edges.
    pub fn of_workspace(workspace: &Workspace, include_dev: bool) -> Self {
        let resolved = workspace.metadata.as_ref();
        let known: HashMap<&PackageId, &cargo_metadata::Package> =
            resolved.map(|m| m.packages.iter().map(|p| (&p.id, p)).collect()).unwrap_or_default();
        let mut roots = Vec::new();
        let mut components = Vec::new();
        let mut by_id: HashMap<&PackageId, String> = HashMap::new();
        let mut by_key: HashMap<(String, String), String> = HashMap::new();
        for (locked, facts) in workspace.lockfile.packages.iter().zip(&workspace.packages) {
            let outside = resolved.is_some() && facts.id.is_none();
            if outside || (facts.scope == Scope::Dev && !include_dev) {
                continue;
            }
            let meta = facts.id.as_ref().and_then(|id| known.get(id));
            let component = component(locked, facts, meta.copied());
            if let Some(id) = &facts.id {
                by_id.insert(id, component.purl.clone());
            }
            by_key.insert((facts.name.clone(), facts.version.to_string()), component.purl.clone());
            if facts.member { roots.push(component) } else { components.push(component) }
        }
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        match resolved.and_then(|m| m.resolve.as_ref()) {
            Some(resolve) => {
                for node in &resolve.nodes {
                    let Some(from) = by_id.get(&node.id) else { continue };
                    let to = node.deps.iter().filter_map(|d| by_id.get(&d.pkg).cloned());
                    edges.entry(from.clone()).or_default().extend(to);
                }
            }
            None => {
                for locked in &workspace.lockfile.packages {
                    let key = |name: &str, version: &rustsec::Version| {
                        by_key.get(&(name.to_owned(), version.to_string()))
                    };
                    let Some(from) = key(locked.name.as_str(), &locked.version) else { continue };
                    let to = locked
                        .dependencies
                        .iter()
                        .filter_map(|d| key(d.name.as_str(), &d.version).cloned());
                    edges.entry(from.clone()).or_default().extend(to);
                }
            }
        }
        for c in roots.iter().chain(&components) {
            edges.entry(c.purl.clone()).or_default();
        }
        let single = (roots.len() == 1).then(|| &roots[0]);
        let subject = match single {
            Some(root) => root.name.clone(),
            None => workspace
                .root
                .file_name()
                .map_or_else(|| "workspace".to_owned(), |n| n.to_string_lossy().into_owned()),
        };
        let origin = match resolved {
            Some(_) => "cargo metadata (resolved for the host) and Cargo.lock",
            None => "Cargo.lock (cargo metadata could not resolve the graph: every locked package)",
        };
        Inventory {
            subject,
            subject_version: single.map(|root| root.version.clone()),
            target: resolved.and(workspace.host.clone()),
            origin: origin.to_owned(),
            roots,
            components,
            edges,
        }
    }
}

/// One lockfile package as a component.
fn component(
    locked: &rustsec::cargo_lock::Package,
    facts: &PackageFacts,
    meta: Option<&cargo_metadata::Package>,
) -> Component {
    let name = facts.name.clone();
    let version = facts.version.to_string();
    let crates_io = locked.source.as_ref().is_some_and(rustsec::SourceId::is_default_registry);
    Component {
        purl: purl(&name, &version, locked.source.as_ref()),
        sha256: facts.checksum.clone(),
        licence: Licence::of(meta.and_then(|m| m.license.as_deref())),
        authors: meta.map(|m| m.authors.clone()).unwrap_or_default(),
        scope: facts.scope,
        application: facts.targets.iter().any(|t| t.kinds.iter().any(|k| k == "bin")),
        download: crates_io
            .then(|| format!("https://crates.io/api/v1/crates/{name}/{version}/download")),
        name,
        version,
    }
}

/// `pkg:cargo/NAME@VERSION`, with `repository_url` for another registry and
/// `vcs_url` (`git+URL@COMMIT`) for a git source.
pub fn purl(name: &str, version: &str, source: Option<&rustsec::SourceId>) -> String {
    let qualifier = source.and_then(|source| {
        if source.is_default_registry() || source.is_path() {
            None
        } else if source.is_git() {
            let url = source.url().as_str().trim_end_matches('/').to_owned();
            let vcs = match source.precise() {
                Some(commit) => format!("git+{url}@{commit}"),
                None => format!("git+{url}"),
            };
            Some(("vcs_url", vcs))
        } else {
            Some(("repository_url", source.url().to_string()))
        }
    });
    build_purl(name, version, qualifier)
}

/// A cargo purl with at most one qualifier.
pub fn build_purl(name: &str, version: &str, qualifier: Option<(&str, String)>) -> String {
    let built = packageurl::PackageUrl::new("cargo", name).and_then(|mut purl| {
        purl.with_version(version)?;
        if let Some((key, value)) = qualifier {
            purl.add_qualifier(key, value)?;
        }
        Ok(purl.to_string())
    });
    // A crate name is always a valid purl name; keep the plain form otherwise.
    built.unwrap_or_else(|_| format!("pkg:cargo/{name}@{version}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_name_the_registry_or_the_repository_of_other_sources() {
        let source = |text: &str| rustsec::SourceId::from_url(text).expect("source");
        assert_eq!(purl("serde", "1.0.0", None), "pkg:cargo/serde@1.0.0");
        let crates_io = source("registry+https://github.com/rust-lang/crates.io-index");
        assert_eq!(purl("serde", "1.0.0", Some(&crates_io)), "pkg:cargo/serde@1.0.0");
        let git = source("git+https://github.com/o/r?rev=abc#0123456789abcdef");
        assert_eq!(
            purl("r", "0.1.0", Some(&git)),
            "pkg:cargo/r@0.1.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fo%2Fr%400123456789abcdef"
        );
        let other = source("registry+https://example.com/index");
        assert_eq!(
            purl("x", "2.0.0", Some(&other)),
            "pkg:cargo/x@2.0.0?repository_url=https:%2F%2Fexample.com%2Findex"
        );
        let parsed: packageurl::PackageUrl = purl("r", "0.1.0", Some(&git)).parse().expect("purl");
        assert_eq!(
            parsed.qualifiers().get("vcs_url").map(|v| v.as_ref()),
            Some("git+https://github.com/o/r@0123456789abcdef")
        );
    }
}
