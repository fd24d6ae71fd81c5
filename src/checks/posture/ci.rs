//! Sub-check `ci`: continuous integration is configured, runs the tests, and
//! runs a security scanner (cargo secure, cargo-audit or cargo-deny) — the
//! continuous principle: security checked on every change, not once.

use super::SubOutcome;
use crate::checks::posture::docs::{
    CI_CONFIG_UNREADABLE, CI_MISSING, CI_NO_SECURITY_SCAN, CI_RUNS_NO_TESTS,
};
use crate::checks::subcheck::{SubCheck, weight};
use crate::finding::{Finding, Location, Severity};
use crate::repo::ci::{Ci, Command};

/// Sub-check id.
pub const ID: &str = "ci";
const TITLE: &str = "CI runs tests and a security scan";

/// Grades the CI configuration.
pub fn check(ci: &Ci) -> SubOutcome {
    let mut findings: Vec<Finding> = ci
        .unreadable
        .iter()
        .map(|(rel, why)| {
            Finding::new(&CI_CONFIG_UNREADABLE, Severity::Warning, format!("{rel}: {why}"))
                .at(Location::file(rel))
                .fix("keep CI configuration a UTF-8 file under 1 MiB")
        })
        .collect();
    for file in &ci.files {
        if let Some(Err(why)) = &file.yaml {
            let line = error_line(why);
            findings.push(
                Finding::new(
                    &CI_CONFIG_UNREADABLE,
                    Severity::Warning,
                    format!("{} is not valid YAML: {why}", file.rel),
                )
                .at(Location::at(&file.rel, line, 1))
                .fix("fix the YAML so the CI system (and this check) can read it"),
            );
        }
    }
    let systems = ci.systems();
    if systems.is_empty() {
        findings.push(Finding::new(&CI_MISSING, Severity::Warning, "no CI configuration found: nothing checks changes before they land").fix("add a workflow that runs `cargo test --locked` and `cargo secure` on every pull request"));
        return SubOutcome::new(
            SubCheck::scored(ID, TITLE, weight::HIGH, 0.0, "no CI configuration"),
            findings,
        );
    }
    let tests = ci.find_cargo(&["test", "nextest"], |_| true);
    let scanner = ci.find_cargo(&["secure", "audit", "deny"], |_| true);
    let mut score = 5.0;
    if tests.is_some() {
        score += 3.0;
    } else {
        findings.push(at_first(
            ci,
            Finding::new(
                &CI_RUNS_NO_TESTS,
                Severity::Warning,
                "CI is configured but no `cargo test` or `cargo nextest` was found in it",
            )
            .fix("run `cargo test --locked` (or nextest) in CI"),
        ));
    }
    if scanner.is_some() {
        score += 2.0;
    } else {
        findings.push(at_first(ci, Finding::new(&CI_NO_SECURITY_SCAN, Severity::Note, "CI runs no dependency security scan (cargo secure, cargo-audit or cargo-deny)").fix("add a CI step running `cargo secure --format sarif` (or cargo audit / cargo deny check)")));
    }
    let summary = format!(
        "{}{}{}",
        systems.join(", "),
        seen(" runs tests", tests),
        seen("; runs a security scan", scanner)
    );
    SubOutcome::new(SubCheck::scored(ID, TITLE, weight::HIGH, score, summary), findings)
}

/// ` at FILE:LINE` text for a command that was found.
fn seen(what: &str, command: Option<&Command>) -> String {
    command.map(|c| format!("{what} ({}:{})", c.rel, c.line)).unwrap_or_default()
}

/// Points a finding at the first CI file.
fn at_first(ci: &Ci, finding: Finding) -> Finding {
    match ci.files.first() {
        Some(file) => finding.at(Location::file(&file.rel)),
        None => finding,
    }
}

/// The line of a YAML error message (`... at line 3 column 5`), else 1.
pub fn error_line(message: &str) -> u32 {
    let after = message.split("line ").nth(1).unwrap_or("");
    after.chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap_or(1)
}
