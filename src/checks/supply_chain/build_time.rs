//! Sub-check `build-time-code`: the packages whose code runs on the build
//! machine — build scripts and procedural macros. This is the attack surface of
//! `cargo build` (and of an editor's rust-analyzer): the code runs with the
//! developer's or CI's permissions before anything is tested.
//!
//! Targets come from cargo metadata only; cargo secure never runs them.

use super::SubOutcome;
use crate::checks::Details;
use crate::checks::subcheck::{SubCheck, weight};
use crate::checks::supply_chain::docs::BUILD_TIME_CODE;
use crate::finding::{Finding, Scope, Severity};
use crate::plural::count;
use crate::workspace::{Locator, PackageFacts, Workspace};
use serde::Serialize;

/// Sub-check id.
pub const ID: &str = BUILD_TIME_CODE.code;
const TITLE: &str = "Code run at build time";
/// Up to this many dependencies running code at build time cost nothing: a
/// small tree still has `proc-macro2`, `serde_derive`, `libc`'s build script...
pub const FREE: usize = 20;
/// Points lost each time the count doubles beyond `FREE`.
pub const PER_DOUBLING: f64 = 2.5;

/// One package running code at build time, as listed in the `build_time_code` detail.
#[derive(Debug, Clone, Serialize)]
pub struct BuildTimePackage {
    name: String,
    version: String,
    /// `build-script` and/or `proc-macro`.
    kinds: Vec<&'static str>,
    /// `crates.io`, `registry`, `git` or `path`.
    source: &'static str,
    /// Whether it is a workspace member.
    member: bool,
    /// How it is reached.
    scope: Scope,
}

/// The score for `n` dependencies running code at build time.
pub fn score(n: usize) -> f64 {
    if n <= FREE {
        10.0
    } else {
        let doublings = (n as f64 / FREE as f64).log2();
        (10.0 - PER_DOUBLING * doublings).max(0.0)
    }
}

fn kinds(p: &PackageFacts) -> Vec<&'static str> {
    let mut kinds = Vec::new();
    if p.targets.iter().any(|t| t.is_build_script()) {
        kinds.push("build-script");
    }
    if p.targets.iter().any(|t| t.is_proc_macro()) {
        kinds.push("proc-macro");
    }
    kinds
}

/// Runs the sub-check.
pub fn check(ws: &Workspace, locator: &Locator) -> SubOutcome {
    if ws.metadata.is_none() {
        let why = ws.resolve_error.as_deref().unwrap_or("cargo metadata did not resolve");
        return SubOutcome {
            sub: SubCheck::not_applicable(
                ID,
                TITLE,
                weight::MEDIUM,
                format!(
                    "not measured: build scripts and proc-macros are known from the resolved graph only ({why})"
                ),
            ),
            findings: Vec::new(),
            details: Details::default(),
        };
    }
    let mut listed = Vec::new();
    let mut findings = Vec::new();
    for p in &ws.packages {
        let kinds = kinds(p);
        if kinds.is_empty() {
            continue;
        }
        if !p.member {
            findings.push(finding(p, &kinds, locator));
        }
        listed.push(BuildTimePackage {
            name: p.name.clone(),
            version: p.version.to_string(),
            kinds,
            source: p.source.label(),
            member: p.member,
            scope: p.scope,
        });
    }
    let deps = findings.len();
    let members = listed.len() - deps;
    let scripts = listed.iter().filter(|p| !p.member && p.kinds.contains(&"build-script")).count();
    let macros = listed.iter().filter(|p| !p.member && p.kinds.contains(&"proc-macro")).count();
    let summary = format!(
        "{} code at build time ({}, {}); {} do",
        count(deps, "dependency runs", "dependencies run"),
        count(scripts, "build script", "build scripts"),
        count(macros, "proc-macro", "proc-macros"),
        count(members, "workspace crate", "workspace crates")
    );
    SubOutcome {
        sub: SubCheck::scored(ID, TITLE, weight::MEDIUM, score(deps), summary),
        findings,
        details: Details { build_time_code: Some(listed), ..Details::default() },
    }
}

fn finding(p: &PackageFacts, kinds: &[&str], locator: &Locator) -> Finding {
    let what = match kinds {
        [_, _] => "a build script and a proc-macro",
        ["proc-macro"] => "a proc-macro",
        _ => "a build script",
    };
    let mut finding = Finding::new(
        &BUILD_TIME_CODE,
        Severity::Note,
        format!("`{}` {} runs {what} at build time", p.name, p.version),
    )
    .package(&p.name, p.version.to_string())
    .reached(p.via.clone(), p.scope)
    .fix("review what it runs (e.g. with cargo-vet or crev), and drop it or the feature that pulls it in if it is not needed");
    if let Some(at) = locator.package(p) {
        finding = finding.at(at);
    }
    finding
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_twenty_are_free_then_each_doubling_costs() {
        assert_eq!(score(0), 10.0);
        assert_eq!(score(FREE), 10.0);
        assert!((score(2 * FREE) - 7.5).abs() < 1e-9);
        assert!((score(4 * FREE) - 5.0).abs() < 1e-9);
        assert_eq!(score(100 * FREE), 0.0);
    }
}
