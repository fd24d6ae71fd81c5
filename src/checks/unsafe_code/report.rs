//! From scanned packages to the layer report: findings, score, summary and the
//! `packages` and `checks` details.

use super::baseline::{self, Baseline, CrateUnsafe};
use crate::checks::Details;
use crate::checks::subcheck::{SubCheck, SubStatus, weight};
use crate::checks::unsafe_code::{
    DEPENDENCY_SOURCES_MISSING, UNSAFE_BASELINE_UNREADABLE, UNSAFE_NOT_FORBIDDEN,
    UNSAFE_UNDOCUMENTED, UNSAFE_UNREADABLE,
};
use crate::checks::{Check, LayerReport};
use crate::context::Context;
use crate::facts::unsafe_scan::model::{Counts, Problem, SiteKind, UnsafeStatus};
use crate::facts::unsafe_scan::scan::Scanned;
use crate::finding::{Finding, Location, Scope, Severity};
use crate::plural::{count, noun, of};
use crate::workspace::Locator;
use crate::workspace::paths::{is_inside, relative};
use serde::Serialize;
use std::collections::BTreeMap;

/// One entry of the `packages` detail.
#[derive(Debug, Clone, Serialize)]
pub struct PackageDetail {
    /// Crate name.
    pub name: String,
    /// Version.
    pub version: String,
    /// `crates.io`, `registry`, `git` or `path`.
    pub source: &'static str,
    /// Whether it is a workspace member.
    pub workspace_member: bool,
    /// How it is reached (`normal`, `build`, `dev`, `lockfile`).
    pub scope: Scope,
    /// `forbids`, `none`, `uses` or `unknown`.
    pub status: UnsafeStatus,
    /// Whether it forbids unsafe code.
    pub forbids_unsafe: bool,
    /// Whether it denies (or forbids) unsafe code.
    pub denies_unsafe: bool,
    /// What was counted.
    pub counts: Counts,
    /// Files counted.
    pub files_scanned: u64,
    /// Files that could not be counted.
    pub files_unreadable: u64,
    /// Why, per file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Problem>,
    /// Workspace crates: unsafe blocks and fns without a SAFETY comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undocumented: Option<u64>,
}

/// Builds the layer report.
pub fn build(check: &dyn Check, ctx: &Context<'_>) -> LayerReport {
    let scanned: &[Scanned] = &ctx.unsafe_scan.scanned;
    let outside = ctx.unsafe_scan.outside;
    let ws = ctx.workspace;
    let mut findings = Vec::new();
    let crates = member_unsafe(&ws.root, scanned);

    for s in scanned {
        let status = UnsafeStatus::of(&s.scan);
        if s.unit.member {
            findings.extend(undocumented(s, ctx));
            if status == UnsafeStatus::None {
                findings.push(not_forbidden(s, ctx));
            }
        }
        if status == UnsafeStatus::Unknown && !s.missing {
            findings.push(unreadable(s, ctx.locator));
        }
    }
    let missing: Vec<&Scanned> = scanned.iter().filter(|s| s.missing).collect();
    if !missing.is_empty() {
        findings.push(sources_missing(&missing, ctx));
    }
    match Baseline::load(&ws.root) {
        Ok(Some(b)) => findings.extend(b.exceeded(&crates)),
        Ok(None) => {}
        Err(reason) => findings.push(
            Finding::new(
                &UNSAFE_BASELINE_UNREADABLE,
                Severity::Error,
                format!("the baseline cannot be read: {reason}"),
            )
            .at(Location::file(baseline::FILE))
            .fix("fix the file or write it again with `cargo secure baseline`"),
        ),
    }
    findings.extend(baseline::over_budget(&crates, &manifest_budgets(ctx)));

    let details: Vec<PackageDetail> = scanned.iter().map(detail).collect();
    let (score, members_score, forbidding) = score(&details);
    let members = details.iter().filter(|d| d.workspace_member).count();
    let clean = details
        .iter()
        .filter(|d| matches!(d.status, UnsafeStatus::Forbids | UnsafeStatus::None))
        .count();
    let unknown = details.iter().filter(|d| d.status == UnsafeStatus::Unknown).count();
    let summary = summary(clean, details.len(), unknown);
    let sub = SubCheck {
        id: "forbid-unsafe",
        title: "Workspace crates forbid unsafe code",
        score: (members > 0).then(|| (forbidding as f64 / members as f64 * 100.0).round() / 10.0),
        weight: weight::MEDIUM,
        status: if members == 0 {
            SubStatus::NotApplicable
        } else if forbidding == members {
            SubStatus::Pass
        } else {
            SubStatus::Warn
        },
        summary: format!(
            "{} {} unsafe code",
            of(forbidding, members, "workspace crate", "workspace crates"),
            noun(forbidding, "forbids", "forbid")
        ),
    };
    let mut evidence = evidence(ctx, &details, members_score, outside);
    evidence.extend(scanned.iter().filter(|s| !s.scan.outside.is_empty()).map(|s| {
        format!(
            "{} counts {} outside the repository: {}",
            s.unit.name,
            count(s.scan.outside.len(), "file", "files"),
            s.scan.outside.join(", ")
        )
    }));
    LayerReport::measured(check, score, summary, findings).with_evidence(evidence).with_details(
        Details { packages: Some(details), checks: Some(vec![sub]), ..Details::default() },
    )
}

/// "3 of 5 packages contain no unsafe code; 1 could not be read".
pub(crate) fn summary(clean: usize, total: usize, unknown: usize) -> String {
    let mut summary = format!(
        "{} {} no unsafe code",
        of(clean, total, "package", "packages"),
        noun(clean, "contains", "contain")
    );
    if unknown > 0 {
        summary.push_str(&format!("; {unknown} could not be read"));
    }
    summary
}

/// The security manifest's per-crate budgets (`[unsafe] budgets`).
fn manifest_budgets(ctx: &Context<'_>) -> BTreeMap<String, u64> {
    ctx.manifest.map(|m| m.unsafe_budgets.clone()).unwrap_or_default()
}

/// The workspace crates' counts and sites, for the baseline and budgets.
pub fn member_unsafe(root: &std::path::Path, scanned: &[Scanned]) -> Vec<CrateUnsafe> {
    scanned
        .iter()
        .filter(|s| s.unit.member)
        .map(|s| {
            let mut sites: Vec<(String, crate::facts::unsafe_scan::model::Site)> = s
                .scan
                .sites
                .iter()
                .map(|(path, site)| (relative(path, root), site.clone()))
                .collect();
            sites.sort_by(|a, b| (&a.0, a.1.line, a.1.column).cmp(&(&b.0, b.1.line, b.1.column)));
            CrateUnsafe {
                name: s.unit.name.clone(),
                version: s.unit.version.clone(),
                counts: s.scan.counts,
                sites,
            }
        })
        .collect()
}

fn detail(s: &Scanned) -> PackageDetail {
    let undocumented = s.unit.member.then(|| {
        s.scan.sites.iter().filter(|(_, site)| site.documented == Some(false)).count() as u64
    });
    PackageDetail {
        name: s.unit.name.clone(),
        version: s.unit.version.clone(),
        source: s.unit.source.label(),
        workspace_member: s.unit.member,
        scope: s.unit.scope,
        status: UnsafeStatus::of(&s.scan),
        forbids_unsafe: s.scan.forbids,
        denies_unsafe: s.scan.denies,
        counts: s.scan.counts,
        files_scanned: s.scan.files_scanned,
        files_unreadable: s.scan.problems.len() as u64,
        unreadable: s.scan.problems.clone(),
        undocumented,
    }
}

/// `(layer score, members' mean, members forbidding)`.
fn score(details: &[PackageDetail]) -> (f64, f64, usize) {
    let members: Vec<&PackageDetail> = details.iter().filter(|d| d.workspace_member).collect();
    let member_score = |d: &PackageDetail| match d.status {
        UnsafeStatus::Forbids => 10.0,
        UnsafeStatus::None => 8.0,
        UnsafeStatus::Unknown => 0.0,
        UnsafeStatus::Uses => {
            let sites = d.counts.blocks + d.counts.functions + d.counts.methods;
            let undocumented = d.undocumented.unwrap_or(0).min(sites);
            if sites == 0 { 5.0 } else { 2.0 + 6.0 * (sites - undocumented) as f64 / sites as f64 }
        }
    };
    let m = if members.is_empty() {
        10.0
    } else {
        members.iter().map(|d| member_score(d)).sum::<f64>() / members.len() as f64
    };
    let deps: Vec<&PackageDetail> =
        details.iter().filter(|d| !d.workspace_member && d.scope != Scope::Dev).collect();
    let score = if deps.is_empty() {
        m
    } else {
        let d: f64 = deps
            .iter()
            .map(|d| match d.status {
                UnsafeStatus::Forbids | UnsafeStatus::None => 1.0,
                UnsafeStatus::Uses => 1.0 / (1.0 + (1.0 + d.counts.total() as f64).log10()),
                UnsafeStatus::Unknown => 0.0,
            })
            .sum::<f64>()
            / deps.len() as f64;
        0.6 * m + 0.4 * 10.0 * d
    };
    let forbidding = members.iter().filter(|d| d.forbids_unsafe).count();
    (score, m, forbidding)
}

fn evidence(
    ctx: &Context<'_>,
    details: &[PackageDetail],
    members_score: f64,
    outside: usize,
) -> Vec<String> {
    let tally = |member: bool, status: UnsafeStatus| {
        details.iter().filter(|d| d.workspace_member == member && d.status == status).count()
    };
    let mut lines = vec![
        format!(
            "workspace crates: {} forbid, {} hold no unsafe, {} use unsafe, {} unknown (score {members_score:.1})",
            tally(true, UnsafeStatus::Forbids),
            tally(true, UnsafeStatus::None),
            tally(true, UnsafeStatus::Uses),
            tally(true, UnsafeStatus::Unknown)
        ),
        format!(
            "dependencies: {} forbid, {} hold no unsafe, {} use unsafe, {} unknown",
            tally(false, UnsafeStatus::Forbids),
            tally(false, UnsafeStatus::None),
            tally(false, UnsafeStatus::Uses),
            tally(false, UnsafeStatus::Unknown)
        ),
    ];
    for scope in [Scope::Build, Scope::Dev] {
        let n = details.iter().filter(|d| !d.workspace_member && d.scope == scope).count();
        if n > 0 {
            lines.push(format!(
                "{} (shown apart; dev-only ones do not count in the score)",
                count(
                    n,
                    &format!("{scope}-only dependency"),
                    &format!("{scope}-only dependencies")
                )
            ));
        }
    }
    // How many results came from the cache is left out on purpose: the report
    // must be identical from run to run, cold or warm.
    if outside > 0 {
        lines.push(format!(
            "{} outside the resolved graph {} not scanned",
            count(outside, "Cargo.lock package", "Cargo.lock packages"),
            noun(outside, "was", "were")
        ));
    }
    lines.push(if ctx.options.include_tests {
        "tests, benches, examples and #[cfg(test)] code included".to_owned()
    } else {
        "tests, benches, examples and #[cfg(test)] code excluded (--include-tests to count them)"
            .to_owned()
    });
    lines
}

fn undocumented<'a>(s: &'a Scanned, ctx: &'a Context<'_>) -> impl Iterator<Item = Finding> + 'a {
    s.scan.sites.iter().filter(|(_, site)| site.documented == Some(false)).map(
        move |(path, site)| {
            let (what, fix) = match site.kind {
                SiteKind::Block => (
                    "unsafe block without a `// SAFETY:` comment",
                    "add `// SAFETY: <why this is sound>` on the line above",
                ),
                _ => (
                    "unsafe fn without a `# Safety` doc section",
                    "add a `# Safety` section to its docs saying what callers must uphold",
                ),
            };
            let root = &ctx.workspace.root;
            let what = if is_inside(path, root) {
                what.to_owned()
            } else {
                format!("{what} (in a file outside the repository)")
            };
            Finding::new(&UNSAFE_UNDOCUMENTED, Severity::Warning, what)
                .at(Location::at(relative(path, &ctx.workspace.root), site.line, site.column))
                .package(&s.unit.name, &s.unit.version)
                .fix(fix)
        },
    )
}

fn not_forbidden(s: &Scanned, ctx: &Context<'_>) -> Finding {
    let root = s
        .unit
        .targets
        .iter()
        .find(|t| !t.is_test_like() && !t.is_build_script())
        .map(|t| relative(&t.src_path, &ctx.workspace.root));
    let mut finding = Finding::new(
        &UNSAFE_NOT_FORBIDDEN,
        Severity::Note,
        format!("{} holds no unsafe code but does not forbid it", s.unit.name),
    )
    .package(&s.unit.name, &s.unit.version)
    .fix("add `#![forbid(unsafe_code)]` to the crate root or `[lints.rust] unsafe_code = \"forbid\"` to Cargo.toml");
    if let Some(root) = root {
        finding = finding.at(Location::at(root, 1, 1));
    }
    finding
}

fn unreadable(s: &Scanned, locator: &Locator) -> Finding {
    let first = s.scan.problems.first();
    let what = first.map(|p| format!(": {} {}", p.path, p.reason)).unwrap_or_default();
    let more = s.scan.problems.len().saturating_sub(1);
    let tail = if more > 0 { format!(" (and {more} more)") } else { String::new() };
    let mut finding = Finding::new(
        &UNSAFE_UNREADABLE,
        Severity::Warning,
        format!(
            "unsafe code unknown: {} not be counted{what}{tail}",
            count(s.scan.problems.len(), "file could", "files could")
        ),
    )
    .package(&s.unit.name, &s.unit.version)
    .fix("fix or replace the file named; until then the package counts as unknown, never as safe");
    if s.unit.member {
        if let Some(p) = first {
            finding = finding.at(Location::file(p.path.clone()));
        }
    } else {
        finding = finding.reached(s.unit.via.clone(), s.unit.scope);
        if let Some(entry) = locator.lock_entry(&s.unit.name, &s.unit.version) {
            finding = finding.at(entry);
        }
    }
    finding
}

fn sources_missing(missing: &[&Scanned], ctx: &Context<'_>) -> Finding {
    let names: Vec<String> =
        missing.iter().take(5).map(|s| format!("{} {}", s.unit.name, s.unit.version)).collect();
    let more = missing.len().saturating_sub(names.len());
    let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
    let why = if ctx.workspace.metadata.is_none() {
        "the dependency graph could not be resolved, so"
    } else {
        "their sources are not on disk, so"
    };
    let offline = if ctx.options.offline { " (nothing is downloaded under --offline)" } else { "" };
    Finding::new(
        &DEPENDENCY_SOURCES_MISSING,
        Severity::Warning,
        format!(
            "{why} the unsafe code of {} is unknown{offline}: {}{tail}",
            count(missing.len(), "dependency", "dependencies"),
            names.join(", ")
        ),
    )
    .at(Location::file("Cargo.lock"))
    .fix("run `cargo fetch`, then run cargo secure again")
}
