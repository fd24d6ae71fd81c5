//! The `advisories` layer: every crates.io package of `Cargo.lock` against the
//! RustSec advisory database, plus yanked releases from the crates.io index.
//!
//! Facts come from `ctx.db` (loaded, and fetched when allowed, by `db::load`)
//! and the workspace's package facts (scope, dependency path). Each match
//! becomes one finding with the advisory, the path, the scope and a fix; the
//! gate decides the final severities.

pub mod docs;
mod fix;
mod matching;

use super::{Check, LayerReport};
use crate::checks::Details;
use crate::checks::advisories::docs::{
    ADVISORY_DB_FETCH_FAILED, ADVISORY_DB_STALE, YANKED, YANKED_NOT_CHECKED,
};
use crate::codes::CodeDoc;
use crate::context::Context;
use crate::finding::{AdvisoryRef, Finding, Scope, Severity};
use crate::plural::{count, noun};
use crate::workspace::{Locator, PackageFacts, SourceKind};
use matching::{Kind, Match};
use std::collections::BTreeMap;

/// The `advisories` layer.
pub struct Advisories;

impl Check for Advisories {
    fn id(&self) -> &'static str {
        "advisories"
    }
    fn title(&self) -> &'static str {
        "Advisories"
    }
    fn weight(&self) -> f64 {
        10.0
    }
    fn required(&self) -> bool {
        true
    }
    fn about(&self) -> &'static str {
        "Matches every crates.io package in Cargo.lock (all platforms and features, as cargo-audit does) \
         against the RustSec advisory database: vulnerabilities (with their CVSS rating), unsound and \
         unmaintained crates, notices; withdrawn advisories are ignored and git, path or other-registry \
         packages are never matched by name. Online, locked versions are also checked for yanks in the \
         crates.io index. Score: 10 minus a penalty per finding: vulnerability 4 (CVSS critical), 3 (high), \
         2 (medium or no CVSS), 1 (low or none); unsound 1; yanked 1; unmaintained 0.5; notice 0.1. \
         Dev-only findings count a quarter. A stale database costs 1 more. Floored at 0."
    }
    fn codes(&self) -> &'static [&'static CodeDoc] {
        docs::CODES
    }
    fn run(&self, ctx: &Context<'_>) -> LayerReport {
        let db = ctx.db;
        let mut findings = Vec::new();
        if let Some(note) = &db.fetch_note {
            let (what, fix) = match &db.database {
                Some(_) => {
                    ("using the existing copy", "check the network, then run `cargo secure fetch`")
                }
                None => (
                    "there is no local copy, so advisories are not measured",
                    "check the network, then run `cargo secure fetch`, or pass --db PATH to a local copy",
                ),
            };
            findings.push(
                Finding::new(
                    &ADVISORY_DB_FETCH_FAILED,
                    Severity::Warning,
                    format!("{note}; {what}"),
                )
                .fix(fix),
            );
        }
        let Some(database) = &db.database else {
            let reason =
                db.missing_reason.clone().unwrap_or_else(|| "no advisory database".to_owned());
            return LayerReport::not_measured(self, reason).with_findings(findings).with_details(
                Details {
                    db: Some(db.info(ctx.today)),
                    yanked_checked: Some(false),
                    ..Details::default()
                },
            );
        };
        let workspace = ctx.workspace;
        let locator = ctx.locator;
        let resolved = workspace.metadata.is_some();
        let matches = matching::matches(database, workspace);
        findings.extend(matches.iter().map(|m| advisory_finding(m, locator, resolved)));

        let (yanked_checked, yanked_note) = match ctx.yanked {
            None => (false, "offline".to_owned()),
            Some(lookup) => match lookup {
                Ok(found) => {
                    let yanked = workspace.packages.iter().filter(|p| {
                        p.source == SourceKind::CratesIo
                            && found.packages.contains(&(p.name.clone(), p.version.to_string()))
                    });
                    findings.extend(yanked.map(|p| yanked_finding(p, locator, resolved)));
                    (
                        true,
                        format!(
                            "{} unknown to the index",
                            count(found.unknown, "version", "versions")
                        ),
                    )
                }
                Err(reason) => (false, reason.clone()),
            },
        };
        if !yanked_checked {
            findings.push(
                Finding::new(
                    &YANKED_NOT_CHECKED,
                    Severity::Note,
                    format!("yanked crates were not checked ({yanked_note})"),
                )
                .fix("run without --offline to check the crates.io index"),
            );
        }

        let age = db.age_days(ctx.today);
        let max_age = ctx.policy.max_db_age_days;
        let stale = age.is_some_and(|days| days > i64::try_from(max_age).unwrap_or(i64::MAX));
        if stale {
            let fix = if db.fetch_note.is_none() && !db.fetched {
                "run `cargo secure fetch` (or update the directory given to --db)"
            } else {
                "run `cargo secure fetch` once the network is reachable"
            };
            findings.push(
                Finding::new(
                    &ADVISORY_DB_STALE,
                    Severity::Warning,
                    format!(
                        "the advisory database is {} old (last updated {}; the limit is {})",
                        count(age.unwrap_or_default(), "day", "days"),
                        db.updated.map_or_else(String::new, |d| d.to_string()),
                        count(max_age, "day", "days"),
                    ),
                )
                .fix(fix),
            );
        }

        let score = score(&matches, &findings, stale);
        let crates_io =
            workspace.packages.iter().filter(|p| p.source == SourceKind::CratesIo).count();
        let summary = summary(&findings, crates_io);
        let evidence = evidence(ctx, database, &matches, crates_io, yanked_checked, &yanked_note);
        LayerReport::measured(self, score, summary, findings).with_evidence(evidence).with_details(
            Details {
                db: Some(db.info(ctx.today)),
                yanked_checked: Some(yanked_checked),
                ..Details::default()
            },
        )
    }
}

/// The finding for one advisory match.
fn advisory_finding(m: &Match<'_>, locator: &Locator, resolved: bool) -> Finding {
    let metadata = &m.advisory.metadata;
    let package = m.package;
    let cvss = metadata.cvss.as_ref();
    let advisory = AdvisoryRef {
        id: metadata.id.to_string(),
        kind: m.kind.code().code.to_owned(),
        aliases: metadata.aliases.iter().map(ToString::to_string).collect(),
        patched: m.advisory.versions.patched().iter().map(ToString::to_string).collect(),
        url: metadata.id.url().or_else(|| metadata.url.as_ref().map(ToString::to_string)),
        title: metadata.title.clone(),
        cvss_score: cvss.map(|c| c.score()),
        cvss_severity: cvss.map(|c| c.severity().as_str().to_owned()),
    };
    let rating = match (&advisory.cvss_score, &advisory.cvss_severity) {
        (Some(score), Some(severity)) => format!(" (CVSS {score:.1} {severity})"),
        _ => String::new(),
    };
    let severity = match m.kind {
        Kind::Vulnerability => Severity::Error,
        Kind::Unsound | Kind::Unmaintained => Severity::Warning,
        Kind::Notice => Severity::Note,
    };
    // The package and advisory id are fields of their own (renderers show
    // them in front of the message), so the message is the advisory's title.
    let message = format!("{}{rating}{}", advisory.title, outside_resolve(package, resolved));
    let mut finding = Finding::new(m.kind.code(), severity, message)
        .package(&package.name, package.version.to_string())
        .reached(package.via.clone(), package.scope);
    finding.advisory = Some(advisory);
    if let Some(fix) = fix::hint(package, m.advisory.versions.patched()) {
        finding = finding.fix(fix);
    }
    if let Some(location) = locator.package(package) {
        finding = finding.at(location);
    }
    finding
}

/// The finding for a yanked release.
fn yanked_finding(package: &PackageFacts, locator: &Locator, resolved: bool) -> Finding {
    let message = format!("yanked from crates.io{}", outside_resolve(package, resolved));
    let mut finding = Finding::new(&YANKED, Severity::Error, message)
        .package(&package.name, package.version.to_string())
        .reached(package.via.clone(), package.scope)
        .fix(format!("cargo update -p {}", package.spec()));
    if let Some(location) = locator.package(package) {
        finding = finding.at(location);
    }
    finding
}

/// Says why a package has `Scope::Lockfile`, so users can tell it apart.
fn outside_resolve(package: &PackageFacts, resolved: bool) -> &'static str {
    match (package.scope, resolved) {
        (Scope::Lockfile, true) => {
            " [Cargo.lock only: outside cargo metadata's default resolve (another platform or feature)]"
        }
        (Scope::Lockfile, false) => {
            " [from Cargo.lock: cargo metadata could not resolve the graph]"
        }
        _ => "",
    }
}

/// 10 minus the penalties documented in `about()`.
fn score(matches: &[Match<'_>], findings: &[Finding], stale: bool) -> f64 {
    let weight = |scope: Scope| if scope == Scope::Dev { 0.25 } else { 1.0 };
    let advisories: f64 = matches
        .iter()
        .map(|m| {
            let penalty = match m.kind {
                Kind::Vulnerability => {
                    match m.advisory.metadata.cvss.as_ref().map(|c| c.severity()) {
                        Some(rustsec::advisory::Severity::Critical) => 4.0,
                        Some(rustsec::advisory::Severity::High) => 3.0,
                        Some(rustsec::advisory::Severity::Medium) | None => 2.0,
                        Some(_) => 1.0,
                    }
                }
                Kind::Unsound => 1.0,
                Kind::Unmaintained => 0.5,
                Kind::Notice => 0.1,
            };
            penalty * weight(m.package.scope)
        })
        .sum();
    let yanked: f64 = findings
        .iter()
        .filter(|f| f.code == "yanked")
        .map(|f| weight(f.scope.unwrap_or(Scope::Normal)))
        .sum();
    10.0 - advisories - yanked - if stale { 1.0 } else { 0.0 }
}

/// How many matches concern packages outside the default resolve.
pub(crate) fn outside_resolve_line(outside: usize) -> String {
    format!(
        "{} {} outside cargo metadata's default resolve (scope `lockfile`)",
        count(outside, "advisory match", "advisory matches"),
        noun(outside, "concerns a package", "concern packages")
    )
}

/// One line: the counts per kind, or what was found clean.
pub(crate) fn summary(findings: &[Finding], crates_io: usize) -> String {
    let mut counts: BTreeMap<usize, (&str, usize)> = BTreeMap::new();
    let order = ["vulnerability", "yanked", "unsound", "unmaintained", "notice"];
    for finding in findings {
        if let Some(rank) = order.iter().position(|code| *code == finding.code) {
            counts.entry(rank).or_insert((finding.code, 0)).1 += 1;
        }
    }
    if counts.is_empty() {
        return format!(
            "no advisories for {}",
            count(crates_io, "crates.io package", "crates.io packages")
        );
    }
    counts
        .values()
        .map(|(code, n)| match *code {
            "vulnerability" => count(*n, "vulnerability", "vulnerabilities"),
            "notice" => count(*n, "notice", "notices"),
            code => format!("{n} {code}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn evidence(
    ctx: &Context<'_>,
    database: &crate::db::AdvisoryIndex,
    matches: &[Match<'_>],
    crates_io: usize,
    yanked_checked: bool,
    yanked_note: &str,
) -> Vec<String> {
    let db = ctx.db;
    let workspace = ctx.workspace;
    let updated = match (db.updated, db.age_days(ctx.today)) {
        (Some(date), Some(days)) => format!("updated {date}, {} old", count(days, "day", "days")),
        _ => "update date unknown".to_owned(),
    };
    let mut lines = vec![
        format!(
            "{} in Cargo.lock, {crates_io} from crates.io matched against {}",
            count(workspace.packages.len(), "package", "packages"),
            count(database.len(), "advisory", "advisories")
        ),
        format!(
            "advisory database {} ({updated}{})",
            db.path.display(),
            if db.fetched { ", fetched now" } else { "" }
        ),
    ];
    if let Some(reason) = &workspace.resolve_error {
        lines.push(format!(
            "cargo metadata could not resolve the graph, so scopes are unknown (lockfile only): {reason}"
        ));
    } else {
        let outside = matches.iter().filter(|m| m.package.scope == Scope::Lockfile).count();
        if outside > 0 {
            lines.push(outside_resolve_line(outside));
        }
    }
    lines.push(if yanked_checked {
        format!("yanked releases checked in the crates.io index ({yanked_note})")
    } else {
        format!("yanked releases not checked ({yanked_note})")
    });
    lines
}
