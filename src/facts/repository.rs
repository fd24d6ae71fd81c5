//! The repository's files and CI, and zizmor's findings on them: none of
//! them needs the dependency graph, so they are gathered while cargo resolves
//! it, from the directory of the lockfile (the workspace root, unless cargo
//! says otherwise). zizmor, a program of its own, runs on a thread of its own
//! meanwhile; the scan ahead goes on beside it.

use crate::repo::{Repo, ci::Ci, zizmor};
use crate::session::Session;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

/// The repository facts, gathered from `root`.
#[derive(Default)]
pub struct Early {
    root: PathBuf,
    repo: Repo,
    ci: Ci,
    located: Option<Result<Option<PathBuf>, String>>,
    zizmor: Option<JoinHandle<zizmor::Zizmor>>,
}

/// The files, CI and zizmor location under `root`; zizmor started when it
/// is wanted, not waited for.
pub fn start(session: &Session, root: &Path) -> Early {
    let cache = session.cargo.cache_dir.as_deref();
    let repo = Repo::scan_cached(root, cache).with_binaries(cache);
    let ci = Ci::scan(&repo);
    let wanted = session.options.zizmor && ci.has_zizmor_inputs(&repo);
    let located = if wanted { zizmor::locate(&repo.root) } else { Ok(None) };
    let zizmor = match &located {
        Ok(Some(program)) => {
            let (program, root) = (program.clone(), repo.root.clone());
            Some(std::thread::spawn(move || zizmor::run(&program, &root)))
        }
        _ => None,
    };
    Early { root: root.to_path_buf(), repo, ci, located: Some(located), zizmor }
}

/// The repository facts of the workspace at `root`: those gathered early
/// when they were gathered from the same directory, gathered now otherwise.
pub fn finish(
    early: Early,
    session: &Session,
    root: &Path,
) -> (Repo, Ci, Result<Option<PathBuf>, String>) {
    let early =
        if early.root == root && early.located.is_some() { early } else { start(session, root) };
    let Early { repo, mut ci, located, zizmor, .. } = early;
    let located = located.unwrap_or(Ok(None));
    if let (Some(handle), Ok(Some(program))) = (zizmor, &located) {
        ci.zizmor = handle.join().unwrap_or_else(|_| zizmor::Zizmor::Failed {
            program: program.clone(),
            why: "stopped unexpectedly".to_owned(),
        });
    }
    (repo, ci, located)
}
