//! The organisation policy's supply-chain rules (`secure-policy.toml`):
//! `[[bans]]` found in the graph with the path that pulls each in, and
//! `[sources]`, the registries and git hosts dependencies may come from.
//! Findings point at the policy's line, where the rule is written.

use super::docs::{BANNED_CRATE, SOURCE_NOT_ALLOWED};
use crate::finding::{Finding, Location, Severity};
use crate::manifest::floors::Floors;
use crate::manifest::reader::Origin;
use crate::workspace::{SourceKind, Workspace};

fn at(from: &Origin) -> Location {
    Location::at(from.file.clone(), from.line, from.column)
}

/// `banned-crate` and `source-not-allowed` for every dependency the policy rules out.
pub fn findings(ws: &Workspace, floors: &Floors) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in ws.packages.iter().filter(|p| !p.member) {
        for ban in floors.bans.iter().filter(|b| b.covers(&p.name, &p.version)) {
            let which = ban.versions.as_ref().map_or(String::new(), |v| format!(" ({v})"));
            let mut message = format!(
                "{} is banned{which} by the organisation policy at {}: {}",
                p.spec(),
                ban.from,
                ban.reason
            );
            if p.via.len() > 1 {
                message.push_str(&format!("; pulled in by {}", p.via_text()));
            }
            let mut finding = Finding::new(&BANNED_CRATE, Severity::Error, message)
                .at(at(&ban.from))
                .package(&p.name, p.version.to_string())
                .reached(p.via.clone(), p.scope);
            let fix = match &ban.use_instead {
                Some(other) => format!("use {other} instead of {}", p.name),
                None => format!("remove {} from the dependency graph", p.name),
            };
            let exceptions = if ban.allow_exceptions {
                " (the policy allows a repository [[exceptions]] entry with finding = \"banned-crate\" and package = \"NAME\")"
            } else {
                ""
            };
            finding = finding.fix(format!("{fix}{exceptions}"));
            out.push(finding);
        }
        for sources in &floors.sources {
            let allowed = match &p.source {
                SourceKind::CratesIo => sources.allows_registry(None),
                SourceKind::Registry(url) => sources.allows_registry(Some(url)),
                SourceKind::Git { url, .. } => sources.allows_git(url),
                SourceKind::Path => true,
            };
            if allowed {
                continue;
            }
            let origin = match &p.source {
                SourceKind::Git { url, .. } => format!("git repository {url}"),
                SourceKind::Registry(url) => format!("registry {url}"),
                _ => "crates.io".to_owned(),
            };
            out.push(
                Finding::new(
                    &SOURCE_NOT_ALLOWED,
                    Severity::Error,
                    format!(
                        "{} comes from the {origin}, which the organisation policy's [sources] at {} does not allow",
                        p.spec(),
                        sources.from
                    ),
                )
                .at(at(&sources.from))
                .package(&p.name, p.version.to_string())
                .reached(p.via.clone(), p.scope)
                .fix("depend on a release from an allowed registry or git host, or ask the policy's owners to allow this source"),
            );
        }
    }
    out
}
