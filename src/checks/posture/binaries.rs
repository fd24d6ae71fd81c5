//! Sub-check `binary-artifacts`: executables, libraries and object files
//! checked into the repository cannot be reviewed and may not match their
//! source. They are found with the repository's files (`repo/binaries.rs`:
//! by their first bytes and by extension); `.gitignore`d build output is not
//! listed.

use super::SubOutcome;
use crate::checks::posture::docs::BINARY_ARTIFACT;
use crate::checks::subcheck::{SubCheck, weight};
use crate::finding::{Finding, Location, Severity};
use crate::plural::count;
use crate::repo::Repo;

/// Sub-check id.
pub const ID: &str = "binary-artifacts";
const TITLE: &str = "No binary artifacts";

/// One finding per checked-in binary; 10 minus 1 for each.
pub fn check(repo: &Repo) -> SubOutcome {
    let mut findings = Vec::new();
    for binary in &repo.binaries {
        findings.push(
            Finding::new(&BINARY_ARTIFACT, Severity::Warning, format!("{} is a checked-in {}", binary.rel, binary.kind))
                .at(Location::file(&binary.rel))
                .fix("build it from source in CI instead, or document where it comes from and accept it in secure.toml"),
        );
    }
    let score = (10.0 - findings.len() as f64).max(0.0);
    let summary = match findings.len() {
        0 => format!("no binary artifacts among {}", count(repo.files.len(), "file", "files")),
        n => format!("{} checked in", count(n, "binary artifact", "binary artifacts")),
    };
    SubOutcome::new(SubCheck::scored(ID, TITLE, weight::HIGH, score, summary), findings)
}
