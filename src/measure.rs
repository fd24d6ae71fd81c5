//! One measured run: the facts gathered, every layer run on them, the layers
//! graded by the gate, and the report built. The scan and release commands
//! both start here.

use crate::context::Context;
use crate::db;
use crate::error::Result;
use crate::facts::{unsafe_scan, yanked};
use crate::gate::GatePolicy;
use crate::manifest::Manifest;
use crate::progress::Progress;
use crate::repo::{Repo, ci::Ci};
use crate::report::Report;
use crate::scorecard;
use crate::session::Session;
use crate::timings::Timings;
use crate::workspace::{Locator, Workspace};
use std::time::Instant;

/// Loads the facts, runs every layer and grades them. `adjust` may tighten the
/// policy (the release gate does).
pub fn measure(session: &Session, adjust: impl FnOnce(&mut GatePolicy)) -> Result<Report> {
    let manifest_path = session.global.manifest_path.as_deref();
    let mut timings = Timings::default();
    // The dependencies' unsafe code is scanned while cargo resolves the graph.
    let scan_ahead = |lockfile: &_, root: &_, answered: &_| {
        unsafe_scan::ahead::scan(lockfile, root, &session.options, answered)
    };
    let (loaded, advisory_db) = timings.time("workspace and advisory DB", || {
        rayon::join(
            || Workspace::load_while(manifest_path, &session.cargo, scan_ahead),
            || db::load(&session.db),
        )
    });
    let (workspace, unsafe_ahead) = loaded?;
    let mut advisory_db = advisory_db?;
    // The advisories of the lockfile's crates are parsed while the repository
    // is listed and, online, the crates.io index is asked about yanked releases.
    let ((parsed, parse_took), (((repo, ci, locator), scan_took), (yanked, yanked_took))) =
        rayon::join(
            || {
                let start = Instant::now();
                let names = workspace.lockfile.packages.iter().map(|p| p.name.as_str());
                (advisory_db.parse_for(names), start.elapsed())
            },
            || {
                rayon::join(
                    || {
                        let start = Instant::now();
                        let repo = Repo::scan(&workspace.root);
                        let ci = Ci::scan(&repo);
                        ((repo, ci, Locator::new(&workspace)), start.elapsed())
                    },
                    || {
                        let start = Instant::now();
                        let online = !session.options.offline;
                        let yanked = online.then(|| yanked::check(&workspace.lockfile));
                        (yanked, start.elapsed())
                    },
                )
            },
        );
    timings.record("advisories of the lockfile's crates", parse_took);
    timings.record("repository files and CI", scan_took);
    if yanked.is_some() {
        timings.record("yanked releases in the crates.io index", yanked_took);
    }
    parsed?;
    let manifest = Manifest::load(&workspace.root, &crate::checks::vocabulary())?;
    let mut policy = session.policy(manifest.as_ref())?;
    adjust(&mut policy);
    let progress = Progress::new(session.global.quiet);
    let unsafe_scan = timings.time("unsafe code scan", || {
        unsafe_scan::measure(&workspace, &session.options, &progress, &unsafe_ahead)
    });
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
        unsafe_scan: &unsafe_scan,
        locator: &locator,
        yanked: yanked.as_ref(),
    };
    let scorecard = scorecard::run(&ctx, &policy);
    let manifest_json = manifest.as_ref().map(|m| m.to_json(session.today, &policy));
    let mut report = Report::new(&workspace, scorecard, session.today, manifest_json);
    timings.append(std::mem::take(&mut report.timings));
    report.timings = timings;
    // One run per process: the process ends once the report is printed, and
    // freeing these graphs node by node is wasted work (7% of a warm run on
    // nushell's 500 packages), so the operating system reclaims them instead.
    std::mem::forget((workspace, advisory_db, manifest, repo, ci, unsafe_ahead, unsafe_scan));
    std::mem::forget(locator);
    Ok(report)
}
