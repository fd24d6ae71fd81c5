//! Sub-check `sources`: dependencies that do not come from crates.io at a
//! fixed version — git repositories followed by branch, tag or default branch,
//! other registries, and path dependencies outside the workspace.
//!
//! The lockfile says where each package was resolved from (its source URL keeps
//! the `?branch=`, `?tag=` or `?rev=` of the declaration); the manifests say
//! where it was asked for, which is where findings point.

use super::SubOutcome;
use super::declared::{self, Declaration, ManifestFile};
use crate::checks::Details;
use crate::checks::subcheck::{SubCheck, weight};
use crate::checks::supply_chain::docs::{
    FOREIGN_REGISTRY, GIT_DEPENDENCY_UNPINNED, PATH_DEPENDENCY_OUTSIDE_WORKSPACE,
};
use crate::finding::{Finding, Location, Severity};
use crate::plural::{count, of};
use crate::workspace::{Locator, PackageFacts, SourceKind, Workspace};
use serde::Serialize;
use std::collections::BTreeSet;

/// Sub-check id.
pub const ID: &str = "sources";
const TITLE: &str = "Dependency sources";
/// Points lost per unpinned git repository (branch or default branch).
const GIT_UNPINNED: f64 = 3.0;
/// Points lost per git repository followed by tag (tags can be moved).
const GIT_TAG: f64 = 2.0;
/// Points lost per registry other than crates.io.
const REGISTRY: f64 = 2.0;
/// Points lost per path dependency outside the workspace.
const PATH_OUTSIDE: f64 = 2.0;

/// One dependency not from crates.io, as listed in the `sources` detail.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    name: String,
    version: String,
    /// `git`, `registry` or `path`.
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    /// Whether the source is fixed: a git `rev`, a path inside the workspace, a registry.
    pinned: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<String>,
}

/// How a git dependency is followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GitRef {
    /// `rev = "<commit hash>"`.
    Pinned,
    /// `tag = "..."`.
    Tag,
    /// `branch = "..."`, a `rev` naming something other than a commit, or nothing (default branch).
    Moving,
}

fn git_ref(reference: Option<&str>) -> GitRef {
    match reference.and_then(|r| r.split_once('=')) {
        Some(("rev", rev)) if rev.len() >= 7 && rev.chars().all(|c| c.is_ascii_hexdigit()) => {
            GitRef::Pinned
        }
        Some(("tag", _)) => GitRef::Tag,
        _ => GitRef::Moving,
    }
}

/// Runs the sub-check.
pub fn check(ws: &Workspace, manifests: &[ManifestFile], locator: &Locator) -> SubOutcome {
    let mut findings = Vec::new();
    let mut listed = Vec::new();
    let mut moving_repos = BTreeSet::new();
    let mut tagged_repos = BTreeSet::new();
    let mut registries = BTreeSet::new();
    let mut outside = 0usize;
    let deps: Vec<&PackageFacts> = ws.packages.iter().filter(|p| !p.member).collect();
    for p in &deps {
        let place = |wanted: &dyn Fn(&Declaration) -> bool| {
            declared::find(manifests, &p.name, wanted)
                .map(|(m, d)| Location::at(m.rel.clone(), d.line, d.column))
                .or_else(|| locator.lock_entry(&p.name, &p.version.to_string()))
        };
        let entry =
            |kind, url: Option<&str>, reference: Option<&str>, pinned, at: &Option<Location>| {
                Source {
                    name: p.name.clone(),
                    version: p.version.to_string(),
                    kind,
                    url: url.map(str::to_owned),
                    reference: reference.map(str::to_owned),
                    pinned,
                    location: at.as_ref().map(ToString::to_string),
                }
            };
        match &p.source {
            SourceKind::CratesIo => {}
            SourceKind::Git { url, reference } => {
                let at = place(&|d| d.git.is_some());
                let how = git_ref(reference.as_deref());
                listed.push(entry(
                    "git",
                    Some(url),
                    reference.as_deref(),
                    how == GitRef::Pinned,
                    &at,
                ));
                if how == GitRef::Pinned {
                    continue;
                }
                let repo = (url.clone(), reference.clone());
                let first = match how {
                    GitRef::Tag => tagged_repos.insert(repo),
                    _ => moving_repos.insert(repo),
                };
                if first {
                    findings.push(unpinned(p, url, reference.as_deref(), how, at));
                }
            }
            SourceKind::Registry(url) => {
                let at = place(&|d| d.registry.is_some());
                listed.push(entry("registry", Some(url), None, true, &at));
                if registries.insert(url.clone()) {
                    findings.push(foreign_registry(p, url, at));
                }
            }
            SourceKind::Path => {
                let declared = declared::find(manifests, &p.name, |d| d.path.is_some());
                let dir = p
                    .manifest_path
                    .as_ref()
                    .and_then(|m| m.parent())
                    .map(|d| d.to_path_buf())
                    .or_else(|| {
                        let (m, d) = declared?;
                        Some(declared::join_lexically(m.path.parent()?, d.path.as_deref()?))
                    });
                let at = declared
                    .map(|(m, d)| Location::at(m.rel.clone(), d.line, d.column))
                    .or_else(|| locator.lock_entry(&p.name, &p.version.to_string()));
                let is_outside = dir.as_ref().is_some_and(|d| !d.starts_with(&ws.root));
                let shown = dir.as_ref().map(|d| declared::relative_to(&ws.root, d));
                listed.push(entry("path", shown.as_deref(), None, !is_outside, &at));
                if is_outside {
                    outside += 1;
                    findings.push(path_outside(p, shown.as_deref().unwrap_or("?"), at));
                }
            }
        }
    }
    let penalty = GIT_UNPINNED * moving_repos.len() as f64
        + GIT_TAG * tagged_repos.len() as f64
        + REGISTRY * registries.len() as f64
        + PATH_OUTSIDE * outside as f64;
    let crates_io = deps.iter().filter(|p| p.source == SourceKind::CratesIo).count();
    let summary = format!(
        "{} from crates.io; {}, {} by tag, {}, {} outside the workspace",
        of(crates_io, deps.len(), "dependency", "dependencies"),
        count(moving_repos.len(), "unpinned git repository", "unpinned git repositories"),
        tagged_repos.len(),
        count(registries.len(), "other registry", "other registries"),
        count(outside, "path dependency", "path dependencies"),
    );
    SubOutcome {
        sub: SubCheck::scored(ID, TITLE, weight::HIGH, 10.0 - penalty, summary),
        findings,
        details: Details { sources: Some(listed), ..Details::default() },
    }
}

fn unpinned(
    p: &PackageFacts,
    url: &str,
    reference: Option<&str>,
    how: GitRef,
    at: Option<Location>,
) -> Finding {
    let followed = match reference {
        None => "its default branch".to_owned(),
        Some(r) => format!("`{r}`"),
    };
    let why = if how == GitRef::Tag {
        "a tag can be moved to other code"
    } else {
        "`cargo update` takes whatever is pushed next"
    };
    let finding = Finding::new(
        &GIT_DEPENDENCY_UNPINNED,
        Severity::Warning,
        format!("`{}` comes from git ({url}) following {followed}: {why}", p.name),
    )
    .package(&p.name, p.version.to_string())
    .reached(p.via.clone(), p.scope)
    .fix(format!(
        "pin the commit in Cargo.toml: `{} = {{ git = \"{url}\", rev = \"<commit>\" }}`, or use a crates.io release",
        p.name
    ));
    with_location(finding, at)
}

fn foreign_registry(p: &PackageFacts, url: &str, at: Option<Location>) -> Finding {
    let finding = Finding::new(
        &FOREIGN_REGISTRY,
        Severity::Warning,
        format!("`{}` comes from a registry other than crates.io ({url})", p.name),
    )
    .package(&p.name, p.version.to_string())
    .reached(p.via.clone(), p.scope)
    .fix("check that the registry is yours and trusted (access control, no name shadowing crates.io), or take the crate from crates.io");
    with_location(finding, at)
}

fn path_outside(p: &PackageFacts, dir: &str, at: Option<Location>) -> Finding {
    let finding = Finding::new(
        &PATH_DEPENDENCY_OUTSIDE_WORKSPACE,
        Severity::Warning,
        format!("`{}` is a path dependency outside the workspace ({dir})", p.name),
    )
    .package(&p.name, p.version.to_string())
    .reached(p.via.clone(), p.scope)
    .fix("move the crate into the workspace, or depend on a published release or a pinned git revision");
    with_location(finding, at)
}

fn with_location(finding: Finding, at: Option<Location>) -> Finding {
    match at {
        Some(at) => finding.at(at),
        None => finding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_commit_hash_pins_a_git_dependency() {
        assert_eq!(git_ref(Some("rev=4f2a9c1")), GitRef::Pinned);
        assert_eq!(git_ref(Some("rev=main")), GitRef::Moving);
        assert_eq!(git_ref(Some("branch=main")), GitRef::Moving);
        assert_eq!(git_ref(Some("tag=v1.0")), GitRef::Tag);
        assert_eq!(git_ref(None), GitRef::Moving);
    }
}
