//! Sub-check `fuzzing`: a fuzz target (cargo-fuzz / libfuzzer-sys, afl,
//! honggfuzz or bolero) in the repository; property tests (proptest,
//! quickcheck) earn partial credit. A cargo-fuzz crate is usually its own
//! workspace, so `fuzz/Cargo.toml` at the root or beside a member is read too
//! (not any `fuzz/` deeper down: test fixtures do not count).

use super::SubOutcome;
use crate::checks::posture::docs::FUZZING_MISSING;
use crate::checks::subcheck::{SubCheck, weight};
use crate::finding::{Finding, Severity};
use crate::repo::Repo;
use crate::workspace::Workspace;

/// Sub-check id.
pub const ID: &str = "fuzzing";
const TITLE: &str = "Fuzzing";
const FUZZERS: &[&str] = &["libfuzzer-sys", "afl", "honggfuzz", "bolero"];
const PROPERTY: &[&str] = &["proptest", "quickcheck", "arbitrary"];

/// Looks for fuzzers and property-testing crates.
pub fn check(ws: &Workspace, repo: &Repo) -> SubOutcome {
    if let Some(found) = fuzz_manifest(ws, repo) {
        return SubOutcome::new(
            SubCheck::scored(ID, TITLE, weight::MEDIUM, 10.0, found),
            Vec::new(),
        );
    }
    if let Some(p) = ws.packages.iter().find(|p| FUZZERS.contains(&p.name.as_str())) {
        return SubOutcome::new(
            SubCheck::scored(
                ID,
                TITLE,
                weight::MEDIUM,
                10.0,
                format!("{} in the dependency graph", p.name),
            ),
            Vec::new(),
        );
    }
    let finding = Finding::new(&FUZZING_MISSING, Severity::Note, "no fuzz target: parsers and decoders are never fed hostile input")
        .fix("add a cargo-fuzz crate (`cargo fuzz init`) with a target per parser, and run it in CI or OSS-Fuzz");
    if let Some(p) = ws.packages.iter().find(|p| PROPERTY.contains(&p.name.as_str())) {
        let summary = format!("property tests ({}), no fuzz target", p.name);
        return SubOutcome::new(
            SubCheck::scored(ID, TITLE, weight::MEDIUM, 5.0, summary),
            vec![finding],
        );
    }
    SubOutcome::new(
        SubCheck::scored(ID, TITLE, weight::MEDIUM, 0.0, "no fuzz target and no property tests"),
        vec![finding],
    )
}

/// A `fuzz/Cargo.toml` at the root or in a member's directory that depends on a fuzzer.
fn fuzz_manifest(ws: &Workspace, repo: &Repo) -> Option<String> {
    let mut places = vec!["fuzz/Cargo.toml".to_owned()];
    for m in &ws.members {
        let dir = ws.relative(m.manifest_path.parent().unwrap_or(&ws.root));
        if !dir.is_empty() {
            places.push(format!("{dir}/fuzz/Cargo.toml"));
        }
    }
    places.iter().filter_map(|p| repo.file(p)).find_map(|f| {
        let table: toml::Table = repo.read_text(f).ok()?.parse().ok()?;
        let deps = table.get("dependencies")?.as_table()?;
        let fuzzer = FUZZERS.iter().find(|name| deps.contains_key(**name))?;
        Some(format!("{} fuzzes with {fuzzer}", f.rel))
    })
}
