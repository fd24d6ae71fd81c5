//! The default command: measure every layer, print the scorecard, gate.

use crate::app::{Outcome, Session};
use crate::checks::unsafe_code;
use crate::context::Context;
use crate::db;
use crate::error::{Error, Result};
use crate::gate::GatePolicy;
use crate::manifest::Manifest;
use crate::progress::Progress;
use crate::render;
use crate::repo::{Repo, ci::Ci, zizmor};
use crate::report::Report;
use crate::scorecard;
use crate::timings::Timings;
use crate::workspace::Workspace;
use std::time::Instant;

/// Runs the scorecard and prints it in the chosen format.
pub fn run(session: &Session) -> Result<Outcome> {
    let mut report = measure(session, |_| {})?;
    let start = Instant::now();
    let text = render::render(&report, session.scan.format, session.style());
    report.timings.record("render", start.elapsed());
    if session.global.verbose > 0 {
        session.note(&report.timings.line());
    }
    session.emit(&text)?;
    let outcome = if report.gate.passed { Outcome::Passed } else { Outcome::Failed };
    std::mem::forget(report);
    Ok(outcome)
}

/// Loads the facts, runs every layer and grades them. `adjust` may tighten the
/// policy (the release gate does).
pub fn measure(session: &Session, adjust: impl FnOnce(&mut GatePolicy)) -> Result<Report> {
    let manifest_path = session.global.manifest_path.as_deref();
    let mut timings = Timings::default();
    // The dependencies' unsafe code is scanned while cargo resolves the graph.
    let scan_ahead = |lockfile: &_, root: &_, answered: &_| {
        unsafe_code::ahead::scan(lockfile, root, &session.options, answered)
    };
    let (loaded, advisory_db) = timings.time("workspace and advisory DB", || {
        rayon::join(
            || Workspace::load_while(manifest_path, &session.cargo, scan_ahead),
            || db::load(&session.db),
        )
    });
    let (workspace, unsafe_ahead) = loaded?;
    let mut advisory_db = advisory_db?;
    // The advisories of the lockfile's crates are parsed while the repository is listed.
    let ((parsed, parse_took), ((repo, ci, located), scan_took)) = rayon::join(
        || {
            let start = Instant::now();
            let names = workspace.lockfile.packages.iter().map(|p| p.name.as_str());
            (advisory_db.parse_for(names), start.elapsed())
        },
        || {
            let start = Instant::now();
            let repo = Repo::scan(&workspace.root);
            let mut ci = Ci::scan(&repo);
            // zizmor's findings are a fact like the CI files: gathered here, read by the checks.
            let wanted = session.options.zizmor && zizmor::has_inputs(&repo, &ci);
            let located = if wanted { zizmor::locate(&repo.root) } else { Ok(None) };
            if let Ok(Some(program)) = &located {
                ci.zizmor = zizmor::run(program, &repo.root);
            }
            ((repo, ci, located), start.elapsed())
        },
    );
    timings.record("advisories of the lockfile's crates", parse_took);
    timings.record("repository files, CI and zizmor", scan_took);
    parsed?;
    located.map_err(Error::Usage)?;
    let manifest = Manifest::load(&workspace.root)?;
    let mut policy = session.policy(manifest.as_ref())?;
    adjust(&mut policy);
    let progress = Progress::new(session.global.quiet);
    let ctx = Context {
        workspace: &workspace,
        manifest: manifest.as_ref(),
        db: &advisory_db,
        options: &session.options,
        today: session.today,
        progress: &progress,
        policy: &policy,
        repo: &repo,
        ci: &ci,
        unsafe_ahead: &unsafe_ahead,
    };
    let scorecard = scorecard::run(&ctx, &policy);
    let manifest_json = manifest.as_ref().map(|m| m.to_json(session.today, &policy));
    let mut report = Report::new(&workspace, scorecard, session.today, manifest_json);
    timings.append(std::mem::take(&mut report.timings));
    report.timings = timings;
    // One run per process: the process ends once the report is printed, and
    // freeing these graphs node by node is wasted work (7% of a warm run on
    // nushell's 500 packages), so the operating system reclaims them instead.
    std::mem::forget((workspace, advisory_db, manifest, repo, ci, unsafe_ahead));
    Ok(report)
}
