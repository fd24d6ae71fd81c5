//! Whether the git working tree holds exactly what `HEAD` records, read from
//! git's own files with gix, without running git.
//!
//! `git status` starts programs the repository's configuration names: filter
//! drivers (`filter.NAME.clean`/`.process`, chosen by `.gitattributes`) for
//! files whose stat data changed, and `core.fsmonitor`. Here nothing runs: the
//! repository is opened isolated (its own `.git/config` only, no system or
//! global configuration, so gix never asks a `git` binary where those are);
//! the index's stat data says which files are unchanged; a file whose stat
//! changed is hashed as a blob and compared with the index; staged changes
//! are the index against `HEAD`'s tree; untracked files come from a walk that
//! honours `.gitignore`. A changed file that git would pass through a filter
//! or a line-ending conversion before comparing cannot be compared from its
//! bytes, so it is reported as undecided, never as clean.

use gix::bstr::ByteSlice;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Attributes that make git convert a file before comparing it.
const CONVERTING: &[&str] = &["filter", "text", "eol", "crlf", "ident", "working-tree-encoding"];
/// The untracked-file walk stops after this many entries.
const MAX_WALK: usize = super::MAX_FILES;

/// What differs from `HEAD`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TreeState {
    /// Tracked paths that differ (staged, unstaged, deleted or conflicted).
    pub changed: Vec<String>,
    /// Tracked paths whose bytes differ but that git compares through a
    /// conversion, with the attribute or setting that causes it.
    pub undecided: Vec<(String, String)>,
    /// Untracked files, a wholly untracked directory counted once (as `dir/`).
    pub untracked: Vec<String>,
}

impl TreeState {
    /// Whether the tree is known to be clean.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.undecided.is_empty() && self.untracked.is_empty()
    }
}

/// Reads the state of the git checkout that contains `dir`.
pub fn read(dir: &Path) -> Result<TreeState, String> {
    let top = dir
        .ancestors()
        .find(|d| d.join(".git").exists())
        .ok_or_else(|| format!("{} is not inside a git checkout", dir.display()))?;
    let repo = gix::open_opts(top, gix::open::Options::isolated())
        .map_err(|e| format!("cannot open the git repository at {}: {e}", top.display()))?;
    let workdir = repo.workdir().unwrap_or(top).to_path_buf();
    let index = repo.index_or_empty().map_err(|e| format!("cannot read the git index: {e}"))?;
    let mut state = TreeState::default();
    let mut head = head_entries(&repo)?;
    let autocrlf = repo
        .config_snapshot()
        .string("core.autocrlf")
        .map(|v| v.to_str_lossy().to_lowercase())
        .filter(|v| !matches!(v.as_str(), "false" | "no" | "off" | "0"));
    let mut attributes = repo
        .attributes_only(
            &index,
            gix::worktree::stack::state::attributes::Source::WorktreeThenIdMapping,
        )
        .map_err(|e| format!("cannot read .gitattributes: {e}"))?;
    let mut matches = attributes.selected_attribute_matches(CONVERTING.iter().copied());
    let options = gix::index::entry::stat::Options {
        trust_ctime: true,
        check_stat: true,
        use_nsec: true,
        use_stdev: false,
    };
    let mut tracked = BTreeSet::new();
    for entry in index.entries() {
        let path = entry.path(&index).to_str_lossy().into_owned();
        tracked.insert(path.clone());
        if entry.stage_raw() != 0 {
            state.changed.push(path);
            continue;
        }
        let staged = head.remove(&path) != Some((entry.id, entry.mode));
        if entry.mode == gix::index::entry::Mode::COMMIT {
            if staged {
                state.changed.push(path);
            }
            continue;
        }
        let on_disk = workdir.join(gix::path::from_bstr(entry.path(&index)));
        let worktree = compare(entry, &on_disk, &index, options, repo.object_hash());
        match worktree {
            _ if staged => state.changed.push(path),
            Compared::Same => {}
            Compared::Differs => state.changed.push(path),
            Compared::BytesDiffer => {
                let why = attributes
                    .at_entry(entry.path(&index), None)
                    .ok()
                    .and_then(|platform| {
                        platform.matching_attributes(&mut matches);
                        converting(&matches)
                    })
                    .or_else(|| autocrlf.as_ref().map(|v| format!("core.autocrlf={v}")));
                match why {
                    Some(why) => state.undecided.push((path, why)),
                    None => state.changed.push(path),
                }
            }
        }
    }
    state.changed.extend(head.into_keys());
    state.changed.sort();
    state.untracked = untracked(&workdir, &tracked);
    Ok(state)
}

/// `HEAD`'s tree as path -> (blob id, mode bits); empty before the first commit.
fn head_entries(
    repo: &gix::Repository,
) -> Result<HashMap<String, (gix::ObjectId, gix::index::entry::Mode)>, String> {
    let Ok(tree) = repo.head_tree() else { return Ok(HashMap::new()) };
    let mut recorder = gix::traverse::tree::Recorder::default();
    tree.traverse()
        .breadthfirst(&mut recorder)
        .map_err(|e| format!("cannot read HEAD's tree: {e}"))?;
    Ok(recorder
        .records
        .into_iter()
        .filter(|e| !e.mode.is_tree())
        .map(|e| (e.filepath.to_str_lossy().into_owned(), (e.oid, e.mode.into())))
        .collect())
}

enum Compared {
    Same,
    /// Missing, a different kind of file or a changed executable bit.
    Differs,
    /// The bytes hash differently from the index's blob.
    BytesDiffer,
}

fn compare(
    entry: &gix::index::Entry,
    path: &Path,
    index: &gix::index::State,
    options: gix::index::entry::stat::Options,
    hash: gix::hash::Kind,
) -> Compared {
    let Ok(meta) = gix::index::fs::Metadata::from_path_no_follow(path) else {
        return Compared::Differs;
    };
    if entry.mode.change_to_match_fs(&meta, true, true).is_some() {
        return Compared::Differs;
    }
    let unchanged_stat = gix::index::entry::Stat::from_fs(&meta)
        .is_ok_and(|stat| entry.stat.matches(&stat, options));
    if unchanged_stat && !entry.stat.is_racy(index.timestamp(), options) {
        return Compared::Same;
    }
    let bytes = if meta.is_symlink() {
        std::fs::read_link(path).map(|target| gix::path::into_bstr(target).to_vec())
    } else {
        std::fs::read(path)
    };
    let Ok(bytes) = bytes else { return Compared::Differs };
    match gix::objs::compute_hash(hash, gix::objs::Kind::Blob, &bytes) {
        Ok(id) if id == entry.id => Compared::Same,
        _ => Compared::BytesDiffer,
    }
}

/// The first converting attribute that is set on the path, as `name=value`.
fn converting(matches: &gix::attrs::search::Outcome) -> Option<String> {
    use gix::attrs::StateRef;
    matches.iter_selected().find_map(|m| {
        let name = m.assignment.name.as_str();
        match m.assignment.state {
            StateRef::Set => Some(name.to_owned()),
            StateRef::Value(value) => Some(format!("{name}={}", value.as_bstr().to_str_lossy())),
            StateRef::Unset | StateRef::Unspecified => None,
        }
    })
}

/// Files on disk that the index does not track, honouring `.gitignore`; a
/// directory holding no tracked file is one entry, as `git status` shows it.
fn untracked(workdir: &Path, tracked: &BTreeSet<String>) -> Vec<String> {
    let tracked_dirs: BTreeSet<&str> = tracked
        .iter()
        .flat_map(|path| path.match_indices('/').map(move |(at, _)| &path[..at]))
        .collect();
    let walk = ignore::WalkBuilder::new(workdir)
        .hidden(false)
        .ignore(false)
        .parents(false)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    let mut found = BTreeSet::new();
    for entry in walk.flatten().take(MAX_WALK) {
        if entry.file_type().is_none_or(|t| t.is_dir()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(workdir) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let mut dirs = rel.match_indices('/').map(|(at, _)| &rel[..at]);
        // A tracked path that is a directory on disk is a submodule: its files are its own.
        if tracked.contains(&rel) || dirs.any(|dir| tracked.contains(dir)) {
            continue;
        }
        // The outermost directory that holds no tracked file, if any.
        let unit = rel
            .match_indices('/')
            .map(|(at, _)| &rel[..at])
            .find(|dir| !tracked_dirs.contains(dir))
            .map_or_else(|| rel.clone(), |dir| format!("{dir}/"));
        found.insert(unit);
    }
    found.into_iter().collect()
}
