//! The dependency list `cargo auditable` embeds in a compiled binary, read
//! with the crates rustsec's `binary-scanning` feature is built on
//! (`auditable-info`, `auditable-serde`) rather than through that feature,
//! whose lockfile form drops what `bin` needs: each dependency's kind
//! (runtime or build) and which package is the root. Reading a binary runs
//! nothing: the section is found, decompressed (size-limited) and parsed.

use super::Facts;
use super::unsafe_scan::UnsafeScan;
use super::unsafe_scan::ahead::Ahead;
use crate::db;
use crate::error::{Error, Result};
use crate::gate::GatePolicy;
use crate::manifest::Manifest;
use crate::repo::{Repo, ci::Ci};
use crate::session::Session;
use crate::timings::Timings;
use crate::workspace::{Locator, Workspace};
use auditable_serde::VersionInfo;
use std::path::{Path, PathBuf};

/// What one binary holds.
#[derive(Debug)]
pub struct Binary {
    /// The file as given.
    pub path: PathBuf,
    /// Its embedded dependency list, or why there is none.
    pub embedded: std::result::Result<VersionInfo, String>,
}

/// Reads the embedded dependency list of `path`. A file that cannot be read
/// is an error; a binary without (or with unreadable) audit data is a
/// [`Binary`] that says why.
pub fn read(path: &Path) -> Result<Binary> {
    let metadata = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !metadata.is_file() {
        return Err(Error::Usage(format!("{}: not a file", path.display())));
    }
    let limits = auditable_info::Limits::default();
    let embedded = match auditable_info::audit_info_from_file(path, limits) {
        Ok(info) => Ok(info),
        Err(auditable_info::Error::Io(e)) => return Err(Error::io(path, e)),
        Err(auditable_info::Error::NoAuditData) => Err(format!(
            "{} has no dependency list embedded by cargo auditable: build it with `cargo auditable build`",
            path.display()
        )),
        Err(e) => {
            Err(format!("{}: its embedded dependency list cannot be read: {e}", path.display()))
        }
    };
    Ok(Binary { path: path.to_path_buf(), embedded })
}

/// The facts of a `bin` run: the binaries read, the [`Workspace`] of their
/// embedded lists, the advisory database, and the `secure.toml` (with its
/// policy) of the directory the run is about (`--manifest-path`'s, else the
/// current one). The repository, CI and unsafe-code facts stay empty: `bin`
/// measures only the advisories of what was shipped. `adjust` may tighten
/// the policy (the release gate does).
pub fn gather(
    session: &Session,
    paths: &[PathBuf],
    adjust: impl FnOnce(&mut GatePolicy),
) -> Result<(Facts, Vec<Binary>)> {
    let binaries = paths.iter().map(|path| read(path)).collect::<Result<Vec<_>>>()?;
    let embedded: Vec<(&Path, &VersionInfo)> = binaries
        .iter()
        .filter_map(|b| Some((b.path.as_path(), b.embedded.as_ref().ok()?)))
        .collect();
    let root = match &session.global.manifest_path {
        Some(manifest) => std::path::absolute(manifest)
            .map_err(|e| Error::io(manifest, e))?
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        None => std::env::current_dir().map_err(|e| Error::io(".", e))?,
    };
    let workspace = Workspace::of_binaries(&embedded, root.clone());
    let mut database = db::load(&session.db)?;
    database.parse_for(workspace.lockfile.packages.iter().map(|p| p.name.as_str()))?;
    let fetcher = super::policy_url::PolicyFetcher::new(session);
    let manifest = Manifest::load(&root, &crate::checks::vocabulary(), &fetcher)?;
    let mut policy = session.policy(manifest.as_ref())?;
    adjust(&mut policy);
    let yanked = (!session.options.offline).then(|| super::yanked::check(&workspace.lockfile));
    let facts = Facts {
        workspace,
        db: database,
        manifest,
        policy,
        repo: Repo::default(),
        ci: Ci::default(),
        locator: Locator::default(),
        yanked,
        unsafe_scan: UnsafeScan::default(),
        unsafe_ahead: Ahead::default(),
        options: session.options.clone(),
        today: session.today,
        timings: Timings::default(),
    };
    Ok((facts, binaries))
}
