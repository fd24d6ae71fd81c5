//! Facts gathered before any check runs, once, by the only code that may
//! touch the network or start a process: the checks read them and never
//! fetch or scan anything themselves. [`gather`] collects them all.
//!
//! - [`binary`]: the dependency lists embedded in compiled binaries (`bin`);
//! - [`unsafe_scan`]: the unsafe code of every package, counted from its files;
//! - [`yanked`]: the crates.io index's answer on the lockfile's releases;
//! - [`policy_url`]: organisation policies `secure.toml` extends by URL;
//! - [`repository`]: the repository's files, CI and zizmor, gathered while
//!   cargo resolves the graph.
//!
//! The workspace itself (`cargo metadata`, `Cargo.lock`), the repository's
//! files and CI, and the advisory database come from [`crate::workspace`],
//! [`crate::repo`] and [`crate::db`].

pub mod binary;
pub mod policy_url;
pub mod repository;
pub mod unsafe_scan;
pub mod yanked;

use crate::context::Context;
use crate::db::{self, AdvisoryDb};
use crate::error::{Error, Result};
use crate::gate::GatePolicy;
use crate::manifest::Manifest;
use crate::options::ScanOptions;
use crate::progress::Progress;
use crate::repo::{Repo, ci::Ci};
use crate::session::Session;
use crate::timings::Timings;
use crate::workspace::{Locator, Workspace};
use std::path::Path;
use std::time::Instant;
use unsafe_scan::UnsafeScan;
use unsafe_scan::ahead::Ahead;
use yanked::Yanked;

/// Everything the checks read, gathered once per run.
pub struct Facts {
    /// The workspace: cargo metadata and Cargo.lock.
    pub workspace: Workspace,
    /// The advisory database, or why there is none.
    pub db: AdvisoryDb,
    /// `secure.toml`, when there is one.
    pub manifest: Option<Manifest>,
    /// The gate policy in force.
    pub policy: GatePolicy,
    /// The files of the repository around the workspace.
    pub repo: Repo,
    /// The repository's CI configuration.
    pub ci: Ci,
    /// Where lockfile packages and the members' dependencies are written down.
    pub locator: Locator,
    /// What the crates.io index says of yanked releases; `None` offline.
    pub yanked: Option<std::result::Result<Yanked, String>>,
    /// The unsafe code of every package.
    pub unsafe_scan: UnsafeScan,
    /// The dependencies scanned while cargo resolved the graph (kept so the
    /// run does not free them before it ends).
    pub unsafe_ahead: Ahead,
    /// What the layers measure.
    pub options: ScanOptions,
    /// Today's date.
    pub today: time::Date,
    /// How long each step took.
    pub timings: Timings,
}

impl Facts {
    /// What a check receives.
    pub fn context<'a>(&'a self, progress: &'a Progress) -> Context<'a> {
        Context {
            workspace: &self.workspace,
            manifest: self.manifest.as_ref(),
            db: &self.db,
            options: &self.options,
            today: self.today,
            progress,
            policy: &self.policy,
            repo: &self.repo,
            ci: &self.ci,
            unsafe_scan: &self.unsafe_scan,
            locator: &self.locator,
            yanked: self.yanked.as_ref(),
        }
    }
}

/// Gathers every fact for `session`; `adjust` may tighten the policy (the
/// release gate does).
pub fn gather(session: &Session, adjust: impl FnOnce(&mut GatePolicy)) -> Result<Facts> {
    gather_with(session, adjust, None)
}

/// [`gather`], with the advisory database another run of this process
/// already opened (`diff` measures its second side with the first's, so that
/// both read the same advisories and the second opens nothing).
pub fn gather_with(
    session: &Session,
    adjust: impl FnOnce(&mut GatePolicy),
    opened: Option<AdvisoryDb>,
) -> Result<Facts> {
    let manifest_path = session.global.manifest_path.as_deref();
    let mut timings = Timings::default();
    // While cargo resolves the graph, the repository is listed (zizmor
    // started on it) and the dependencies' unsafe code is scanned.
    let scan_ahead = |lockfile: &_, root: &Path, answered: &_| {
        let early = repository::start(session, root);
        (early, unsafe_scan::ahead::scan(lockfile, root, &session.options, answered))
    };
    let (loaded, advisory_db) = timings.time("workspace and advisory DB", || {
        rayon::join(
            || Workspace::load_while(manifest_path, &session.cargo, scan_ahead),
            || match opened {
                Some(db) => Ok(db),
                None => db::load(&session.db),
            },
        )
    });
    let (workspace, (early, unsafe_ahead)) = loaded?;
    let mut advisory_db = advisory_db?;
    // The advisories of the lockfile's crates are parsed and the unsafe code
    // counted while the repository is listed and, online, the crates.io index
    // is asked about yanked releases.
    let progress = Progress::new(session.global.quiet);
    let (
        ((parsed, parse_took), (unsafe_scan, unsafe_took)),
        (((repo, ci, located, locator), scan_took), (yanked, yanked_took)),
    ) = rayon::join(
        || {
            rayon::join(
                || {
                    let start = Instant::now();
                    let names = workspace.lockfile.packages.iter().map(|p| p.name.as_str());
                    (advisory_db.parse_for(names), start.elapsed())
                },
                || {
                    let start = Instant::now();
                    let options = &session.options;
                    let scan = unsafe_scan::measure(&workspace, options, &progress, &unsafe_ahead);
                    (scan, start.elapsed())
                },
            )
        },
        || {
            rayon::join(
                || {
                    let start = Instant::now();
                    let (repo, ci, located) = repository::finish(early, session, &workspace.root);
                    ((repo, ci, located, Locator::new(&workspace)), start.elapsed())
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
    timings.record("unsafe code scan", unsafe_took);
    timings.record("repository files, CI and zizmor", scan_took);
    if yanked.is_some() {
        timings.record("yanked releases in the crates.io index", yanked_took);
    }
    parsed?;
    located.map_err(Error::Usage)?;
    let fetcher = policy_url::PolicyFetcher::new(session);
    let manifest = Manifest::load(&workspace.root, &crate::checks::vocabulary(), &fetcher)?;
    let mut policy = session.policy(manifest.as_ref())?;
    adjust(&mut policy);
    Ok(Facts {
        workspace,
        db: advisory_db,
        manifest,
        policy,
        repo,
        ci,
        locator,
        yanked,
        unsafe_scan,
        unsafe_ahead,
        options: session.options.clone(),
        today: session.today,
        timings,
    })
}
