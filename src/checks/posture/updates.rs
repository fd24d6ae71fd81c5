//! Sub-check `dependency-updates`: a bot proposes dependency updates —
//! Dependabot with the `cargo` ecosystem, or Renovate.

use super::SubOutcome;
use crate::checks::posture::docs::{DEPENDABOT_WITHOUT_CARGO, DEPENDENCY_UPDATES_MISSING};
use crate::checks::subcheck::{SubCheck, weight};
use crate::finding::{Finding, Location, Severity};
use crate::repo::{Repo, yaml};

/// Sub-check id.
pub const ID: &str = "dependency-updates";
const TITLE: &str = "Dependency update tool";
const DEPENDABOT: &[&str] = &[".github/dependabot.yml", ".github/dependabot.yaml"];
const RENOVATE: &[&str] = &[
    "renovate.json",
    "renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".renovaterc.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".gitlab/renovate.json",
    ".gitlab/renovate.json5",
];

/// Looks for Dependabot or Renovate configuration.
pub fn check(repo: &Repo) -> SubOutcome {
    if let Some(rel) = RENOVATE.iter().find(|r| repo.has(r)) {
        return SubOutcome::new(
            SubCheck::scored(ID, TITLE, weight::HIGH, 10.0, format!("Renovate configured ({rel})")),
            Vec::new(),
        );
    }
    let Some(file) = DEPENDABOT.iter().find_map(|r| repo.file(r)) else {
        let finding = Finding::new(&DEPENDENCY_UPDATES_MISSING, Severity::Note, "no Dependabot or Renovate configuration: dependency fixes arrive only when someone looks")
            .fix("add .github/dependabot.yml with `package-ecosystem: cargo` (or a renovate.json)");
        return SubOutcome::new(
            SubCheck::scored(
                ID,
                TITLE,
                weight::HIGH,
                0.0,
                "no Dependabot or Renovate configuration",
            ),
            vec![finding],
        );
    };
    let ecosystems = repo
        .read_text(file)
        .ok()
        .and_then(|t| yaml::parse(&t).ok())
        .map(|docs| ecosystems(&docs))
        .unwrap_or_default();
    if ecosystems.iter().any(|e| e == "cargo") {
        return SubOutcome::new(
            SubCheck::scored(
                ID,
                TITLE,
                weight::HIGH,
                10.0,
                format!("Dependabot updates cargo dependencies ({})", file.rel),
            ),
            Vec::new(),
        );
    }
    let finding = Finding::new(
        &DEPENDABOT_WITHOUT_CARGO,
        Severity::Note,
        format!("{} does not update the cargo ecosystem", file.rel),
    )
    .at(Location::at(&file.rel, 1, 1))
    .fix("add an `updates` entry with `package-ecosystem: cargo` and `directory: /`");
    SubOutcome::new(
        SubCheck::scored(ID, TITLE, weight::HIGH, 5.0, format!("{} has no cargo entry", file.rel)),
        vec![finding],
    )
}

/// The `package-ecosystem` values of a dependabot.yml.
fn ecosystems(docs: &[yaml::Node]) -> Vec<String> {
    docs.iter()
        .filter_map(|d| d.get("updates")?.as_seq())
        .flatten()
        .filter_map(|u| u.get("package-ecosystem")?.as_str().map(str::to_owned))
        .collect()
}
