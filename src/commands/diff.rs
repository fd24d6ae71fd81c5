//! `cargo secure diff`: what a change adds. Measures the base revision (its
//! files read from git objects into a private temporary directory, never
//! checked out) and the head (the working tree, or a revision read the same
//! way) exactly as a normal run would, then compares the two reports.

use crate::cli::{DiffArgs, Format};
use crate::db::AdvisoryDb;
use crate::diff::packages;
use crate::diff::saved;
use crate::diff::side::Side;
use crate::diff::{self, DiffOptions};
use crate::error::{Error, Result};
use crate::render;
use crate::render::sarif::LockIndex;
use crate::repo::revision::{Repository, Snapshot};
use crate::session::{Outcome, Session};
use std::path::{Path, PathBuf};

/// Runs the diff and prints it in the chosen format.
pub fn run(session: &Session, args: &DiffArgs) -> Result<Outcome> {
    if !(0.0..=10.0).contains(&args.max_score_drop) {
        return Err(Error::Usage(format!(
            "--max-score-drop {}: expected a score from 0 to 10",
            args.max_score_drop
        )));
    }
    let format = session.scan.format;
    if matches!(format, Format::Html | Format::Badge) || format.is_sbom() {
        return Err(Error::Usage(format!(
            "diff prints --format human, json, markdown, sarif or github, not {}",
            format_name(format)
        )));
    }
    let start = start_dir(session)?;
    // Git is read only when a side is a revision.
    let needs_git = args.base_report.is_none() || args.head.is_some();
    let repo = if needs_git { Some(Repository::open(&start).map_err(Error::Usage)?) } else { None };
    let rel = repo
        .as_ref()
        .and_then(|r| start.strip_prefix(&r.top).ok())
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let base_rev = match (&repo, &args.base_report) {
        (Some(repo), None) => Some(
            match &args.base {
                Some(spec) => repo.resolve(spec),
                None => repo.default_base(std::env::var("GITHUB_BASE_REF").ok().as_deref()),
            }
            .map_err(Error::Usage)?,
        ),
        _ => None,
    };
    // A saved base is read first: a bad file fails before any measuring.
    let saved_base = match &args.base_report {
        Some(path) => Some((path, saved::load(path)?)),
        None => None,
    };
    // A head read from git stays on disk until it is rendered: SARIF and
    // annotations point at lines of its Cargo.lock.
    let head_snapshot = match (&repo, &args.head) {
        (Some(repo), Some(spec)) => {
            let (name, commit) = repo.resolve(spec).map_err(Error::Usage)?;
            let keep = kept_dir(session, &repo.top, "head");
            Some(repo.materialise(name, commit, keep.as_deref()).map_err(Error::Other)?)
        }
        _ => None,
    };
    let base_snapshot = match (&repo, base_rev) {
        (Some(repo), Some((name, commit))) => {
            let keep = kept_dir(session, &repo.top, "base");
            Some(repo.materialise(name, commit, keep.as_deref()).map_err(Error::Other)?)
        }
        _ => None,
    };
    // The sides are measured one after the other: measured together, each
    // side's scan-ahead competes with the other's resolve for rayon's
    // threads, and a warm diff took 1.7 times as long.
    let (mut head, db) = match &head_snapshot {
        None => {
            session.note("cargo secure diff: measuring the working tree");
            measure(session, None, "working tree".to_owned(), None, None)?
        }
        Some(snapshot) => measure_snapshot(session, snapshot, &rel, None)?,
    };
    // The base reads the advisory database the head's run opened (and
    // fetched): both sides see the same advisories, and it is opened once.
    let measured_base = match &base_snapshot {
        Some(snapshot) => Some(measure_snapshot(session, snapshot, &rel, Some(db))?.0),
        None => None,
    };
    let base = match (measured_base, saved_base) {
        (Some(base), _) => base,
        (None, Some((path, (report, packages)))) => {
            // A saved report knows the packages of its unsafe-code table,
            // and their sources only by kind: the head is seen the same way.
            let scanned = saved::scanned(&head.report);
            head.packages.retain(|p| scanned.contains(&(p.name.as_str(), p.version.as_str())));
            for p in &mut head.packages {
                p.source = saved::source_kind(&p.source).to_owned();
            }
            let lock = LockIndex::listing(report_packages(&report));
            let rev = format!("report {}", path.display());
            Side::new(rev, None, report, packages, &lock)
        }
        (None, None) => return Err(Error::Other("no base to compare with".to_owned())),
    };
    drop(base_snapshot);
    let options = DiffOptions {
        max_score_drop: args.max_score_drop,
        fail_on_existing: args.fail_on_existing,
    };
    let report = diff::compute(&base, &head, options);
    session.emit(&render::diff::render(&report, &base, &head, format, session.style()))?;
    drop(head_snapshot);
    let outcome = if report.diff.gate.passed { Outcome::Passed } else { Outcome::Failed };
    std::mem::forget((base, head));
    Ok(outcome)
}

/// The directory a side read from git is kept in between runs (so that the
/// caches keyed by the workspace's path serve it again), unless `--no-cache`.
fn kept_dir(session: &Session, top: &Path, side: &str) -> Option<PathBuf> {
    use sha2::{Digest, Sha256};
    let cache = session.options.cache_dir.as_ref()?;
    let digest = Sha256::digest(top.to_string_lossy().as_bytes());
    let name: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    Some(cache.join("diff").join(format!("{name}-{side}")))
}

/// Where the run starts: `--manifest-path`'s directory, else the current one.
fn start_dir(session: &Session) -> Result<PathBuf> {
    let dir = match &session.global.manifest_path {
        Some(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => PathBuf::new(),
    };
    let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
    std::path::absolute(&dir).and_then(|d| d.canonicalize()).map_err(|e| Error::io(dir, e))
}

fn measure_snapshot(
    session: &Session,
    snapshot: &Snapshot,
    rel: &Path,
    opened: Option<AdvisoryDb>,
) -> Result<(Side, AdvisoryDb)> {
    session.note(&format!(
        "cargo secure diff: measuring {} ({}, {} files read from git)",
        snapshot.name,
        &snapshot.commit[..snapshot.commit.len().min(12)],
        snapshot.files
    ));
    let manifest = manifest_in(snapshot.path(), rel).ok_or_else(|| {
        Error::Usage(format!(
            "{} ({}) has no Cargo.toml at {} or above it",
            snapshot.name,
            snapshot.commit,
            if rel.as_os_str().is_empty() { Path::new(".") } else { rel }.display()
        ))
    })?;
    let name = snapshot.name.clone();
    measure(session, Some(manifest), name, Some(snapshot.commit.clone()), opened)
}

/// The nearest `Cargo.toml` at `rel` or above it inside `root`.
fn manifest_in(root: &Path, rel: &Path) -> Option<PathBuf> {
    let start = root.join(rel);
    start
        .ancestors()
        .take_while(|dir| dir.starts_with(root))
        .map(|dir| dir.join("Cargo.toml"))
        .find(|manifest| manifest.is_file())
}

/// Measures one side as a normal run; also returns the advisory database
/// it read, for the other side.
fn measure(
    session: &Session,
    manifest: Option<PathBuf>,
    rev: String,
    commit: Option<String>,
    opened: Option<AdvisoryDb>,
) -> Result<(Side, AdvisoryDb)> {
    let mut side_session = session.clone();
    if manifest.is_some() {
        side_session.global.manifest_path = manifest;
    }
    let keep = |facts: &mut crate::facts::Facts| {
        let rest = taken(&facts.db);
        let db = std::mem::replace(&mut facts.db, rest);
        (packages::inventory(&facts.workspace), db)
    };
    let (report, (packages, db)) =
        crate::measure::measure_with(&side_session, |_| {}, opened, keep)?;
    if session.global.verbose > 0 {
        session.note(&format!("{rev}: {}", report.timings.line()));
    }
    let lock = LockIndex::load(Path::new(&report.workspace.root));
    Ok((Side::new(rev, commit, report, packages, &lock), db))
}

/// What is left in the facts once their database is taken: the same
/// directory, nothing opened.
fn taken(db: &AdvisoryDb) -> AdvisoryDb {
    AdvisoryDb {
        path: db.path.clone(),
        database: None,
        missing_reason: db.missing_reason.clone(),
        fetch_note: None,
        updated: db.updated,
        fetched: false,
        explicit: db.explicit,
    }
}

/// Every package a saved report's findings name.
fn report_packages(report: &crate::report::Report) -> Vec<(&str, &str)> {
    let findings = report.layers.iter().flat_map(|l| l.findings.iter());
    findings
        .filter_map(|f| f.package.as_ref())
        .map(|p| (p.name.as_str(), p.version.as_str()))
        .collect()
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Human => "human",
        Format::Json => "json",
        Format::Sarif => "sarif",
        Format::Markdown => "markdown",
        Format::Github => "github",
        Format::Html => "html",
        Format::Badge => "badge",
        Format::Cyclonedx => "cyclonedx",
        Format::Spdx => "spdx",
        Format::Openvex => "openvex",
    }
}
