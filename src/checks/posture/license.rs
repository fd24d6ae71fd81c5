//! Sub-check `license`: a licence file at the root, and a `license` (SPDX
//! expression) or `license-file` in every publishable crate, so users and
//! auditors know the terms the code comes under.

use super::SubOutcome;
use crate::checks::posture::docs::{LICENSE_FILE_MISSING, LICENSE_MISSING};
use crate::checks::subcheck::{SubCheck, weight};
use crate::finding::{Finding, Location, Severity};
use crate::plural::{noun, of};
use crate::repo::Repo;
use crate::workspace::Workspace;

/// Sub-check id.
pub const ID: &str = "license";
const TITLE: &str = "Licence declared";
const PREFIXES: &[&str] = &["license", "licence", "copying", "unlicense"];

/// Grades the licence declarations.
pub fn check(ws: &Workspace, repo: &Repo) -> SubOutcome {
    let mut findings = Vec::new();
    let file = repo.files.iter().find(|f| {
        !f.rel.contains('/') && PREFIXES.iter().any(|p| f.rel.to_lowercase().starts_with(p))
    });
    if file.is_none() {
        findings.push(
            Finding::new(
                &LICENSE_FILE_MISSING,
                Severity::Note,
                "no LICENSE or COPYING file at the repository root",
            )
            .fix("add the licence text as LICENSE (or LICENSE-MIT and LICENSE-APACHE)"),
        );
    }
    let publishable: Vec<_> = ws.members.iter().filter(|m| m.publishable).collect();
    let mut declared = 0usize;
    for m in &publishable {
        if m.license.as_deref().is_some_and(|l| !l.trim().is_empty()) || m.license_file {
            declared += 1;
        } else {
            findings.push(
                Finding::new(&LICENSE_MISSING, Severity::Note, format!("`{}` declares no `license` in Cargo.toml", m.name))
                    .at(Location::file(ws.relative(&m.manifest_path)))
                    .package(&m.name, &m.version)
                    .fix("add `license = \"MIT OR Apache-2.0\"` (an SPDX expression) to [package], or `publish = false` if it is never published"),
            );
        }
    }
    let crates_part =
        if publishable.is_empty() { 1.0 } else { declared as f64 / publishable.len() as f64 };
    let score = if file.is_some() { 5.0 } else { 0.0 } + 5.0 * crates_part;
    let summary = format!(
        "{}; {} {} a licence",
        file.map_or_else(|| "no licence file".to_owned(), |f| f.rel.clone()),
        of(declared, publishable.len(), "publishable crate", "publishable crates"),
        noun(declared, "declares", "declare")
    );
    SubOutcome::new(SubCheck::scored(ID, TITLE, weight::LOW, score, summary), findings)
}
