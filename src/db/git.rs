//! The git side of the advisory database: fetching the RustSec repository
//! with a bounded wait, and reading the date of its last commit.
//!
//! The fetch is gix's, done here rather than by `rustsec::Repository::fetch`,
//! which opens the repository with gix's "ask the git binary" permission: gix
//! then starts `git config -lz --show-origin` by its bare name, from `PATH`,
//! to learn where git's installation keeps its configuration. Opened with
//! gix's default permissions, no program runs; the configuration read is the
//! user's own (system, global) and the cached copy's `.git/config`.

use gix::remote::Direction;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// The RustSec advisory database.
pub const DEFAULT_URL: &str = rustsec::repository::git::DEFAULT_URL;

/// How long a fetch may take before the existing copy is used instead.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// How long to wait for another process (e.g. cargo-audit) holding the DB lock.
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// What is fetched: the remote's `HEAD`, as rustsec and cargo-audit fetch it.
const REF_SPEC: &str = "+HEAD:refs/remotes/origin/HEAD";

/// Fetches (or clones) the repository at `url` (RustSec's, or a mirror) into
/// `path`, giving up after `timeout`. The error is one line saying why.
pub fn fetch(url: &str, path: &Path, timeout: Duration) -> Result<(), String> {
    let (sender, receiver) = mpsc::channel();
    let (url, target) = (url.to_owned(), path.to_path_buf());
    let shown = url.clone();
    // The fetch runs on its own thread so an unreachable host cannot hold the
    // run hostage: after `timeout` the thread is abandoned.
    let spawned =
        std::thread::Builder::new().name("advisory-db-fetch".to_owned()).spawn(move || {
            let result = locked(&target, || update(&url, &target))
                .map_err(|e| crate::workspace::one_line(&e));
            let _ = sender.send(result);
        });
    if let Err(e) = spawned {
        return Err(format!("could not start the fetch: {e}"));
    }
    match receiver.recv_timeout(timeout) {
        Ok(result) => result.map_err(|e| format!("fetching {shown} failed: {e}")),
        Err(_) => Err(format!("fetching {shown} timed out after {}s", timeout.as_secs())),
    }
}

/// Runs `work` holding the lock rustsec and cargo-audit take beside the copy.
fn locked(path: &Path, work: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    let lock_path = tame_index::Path::from_path(path)
        .ok_or("the advisory database path is not valid UTF-8")?
        .with_extension(".lock");
    let _lock = tame_index::utils::flock::LockOptions::new(&lock_path)
        .exclusive(false)
        .lock(|_| Some(LOCK_TIMEOUT))
        .map_err(|e| format!("cannot lock {lock_path}: {e}"))?;
    work()
}

/// Clones into an empty `path`, or fetches into the copy there, then checks
/// out the fetched `HEAD`.
fn update(url: &str, path: &Path) -> Result<(), String> {
    let existing = path.join(".git").exists();
    let repo = if existing { fetched(path)? } else { cloned(url, path)? };
    check_out_head(&repo)
}

fn cloned(url: &str, path: &Path) -> Result<gix::Repository, String> {
    let interrupt = &gix::interrupt::IS_INTERRUPTED;
    let mut progress = gix::progress::Discard;
    let (mut checkout, _) = gix::clone::PrepareFetch::new(
        url,
        path,
        gix::create::Kind::WithWorktree,
        gix::create::Options::default(),
        gix::open::Options::default(),
    )
    .map_err(|e| format!("cannot prepare the clone: {e}"))?
    .with_remote_name("origin")
    .map_err(|e| e.to_string())?
    .configure_remote(|remote| Ok(remote.with_refspecs([REF_SPEC], Direction::Fetch)?))
    .fetch_then_checkout(&mut progress, interrupt)
    .map_err(|e| e.to_string())?;
    let (repo, _) = checkout.main_worktree(&mut progress, interrupt).map_err(|e| e.to_string())?;
    Ok(repo)
}

/// Fetches `origin`'s `HEAD` into the copy at `path` and points `HEAD` at it.
fn fetched(path: &Path) -> Result<gix::Repository, String> {
    let mut repo = gix::open_opts(path, gix::open::Options::default())
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    // Updating references writes reflog entries, which need a committer.
    let mut config = repo.config_snapshot_mut();
    for (key, value) in [("name", "cargo-secure"), ("email", "")] {
        config.set_raw_value_by("committer", None, key, value).map_err(|e| e.to_string())?;
    }
    let with_committer = config.commit_auto_rollback().map_err(|e| e.to_string())?;
    fetch_origin(&with_committer)?;
    drop(with_committer);
    Ok(repo)
}

fn fetch_origin(repo: &gix::Repository) -> Result<(), String> {
    let mut remote = repo.find_remote("origin").map_err(|e| format!("no `origin` remote: {e}"))?;
    remote.replace_refspecs(Some(REF_SPEC), Direction::Fetch).map_err(|e| e.to_string())?;
    let outcome = remote
        .connect(Direction::Fetch)
        .map_err(|e| format!("cannot connect: {e}"))?
        .prepare_fetch(gix::progress::Discard, Default::default())
        .map_err(|e| e.to_string())?
        .receive(gix::progress::Discard, &gix::interrupt::IS_INTERRUPTED)
        .map_err(|e| e.to_string())?;
    let fetched_head = remote_head(&outcome).ok_or("the remote named no HEAD")?;
    use gix::refs::{Target, transaction as tx};
    repo.edit_reference(tx::RefEdit {
        change: tx::Change::Update {
            log: tx::LogChange {
                mode: tx::RefLog::AndReference,
                force_create_reflog: false,
                message: "cargo secure fetch".into(),
            },
            expected: tx::PreviousValue::Any,
            new: Target::Object(fetched_head),
        },
        name: "HEAD"
            .try_into()
            .map_err(|e: gix::validate::reference::name::Error| e.to_string())?,
        deref: true,
    })
    .map_err(|e| format!("cannot move HEAD: {e}"))?;
    Ok(())
}

/// The commit the remote's `HEAD` named in the fetch.
fn remote_head(outcome: &gix::remote::fetch::Outcome) -> Option<gix::ObjectId> {
    use gix::protocol::handshake::Ref;
    outcome.ref_map.mappings.iter().find_map(|mapping| {
        let gix::remote::fetch::refmap::Source::Ref(remote) = &mapping.remote else { return None };
        match remote {
            Ref::Symbolic { full_ref_name, object, .. } | Ref::Direct { full_ref_name, object }
                if full_ref_name == "HEAD" =>
            {
                Some(*object)
            }
            _ => None,
        }
    })
}

/// Writes `HEAD`'s tree into the working directory and the index, as
/// rustsec does after a fetch.
fn check_out_head(repo: &gix::Repository) -> Result<(), String> {
    let workdir = repo.workdir().ok_or("the copy is a bare repository")?;
    let tree = repo
        .head_commit()
        .map_err(|e| format!("no HEAD commit: {e}"))?
        .tree_id()
        .map_err(|e| e.to_string())?
        .detach();
    let state = gix::index::State::from_tree(&tree, &repo.objects, Default::default())
        .map_err(|e| format!("cannot read the tree {tree}: {e}"))?;
    let mut index = gix::index::File::from_state(state, repo.index_path());
    let options = gix::worktree::state::checkout::Options {
        destination_is_initially_empty: false,
        overwrite_existing: true,
        ..Default::default()
    };
    gix::worktree::state::checkout(
        &mut index,
        workdir,
        repo.objects.clone(),
        &gix::progress::Discard,
        &gix::progress::Discard,
        &gix::interrupt::IS_INTERRUPTED,
        options,
    )
    .map_err(|e| format!("cannot check out: {e}"))?;
    index.write(Default::default()).map_err(|e| format!("cannot write the index: {e}"))?;
    Ok(())
}

/// The date of the last commit when `path` is a git checkout.
pub fn last_commit(path: &Path) -> Option<time::Date> {
    if !path.join(".git").exists() {
        return None;
    }
    let repo = gix::open_opts(path, gix::open::Options::default()).ok()?;
    let seconds = repo.head_commit().ok()?.time().ok()?.seconds;
    time::OffsetDateTime::from_unix_timestamp(seconds).ok().map(|t| t.date())
}
