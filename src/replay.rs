//! Replaying a warm run: the scorecard the last run printed, printed again
//! when nothing it was measured from has changed. Every fact has its own
//! cache already, but a warm run on a large repository still rebuilt the
//! graph, re-ran every layer and rendered again; a replay costs one look at
//! each input instead.
//!
//! Staleness is a security bug here, so a run is kept only when every input
//! is known, and its inputs are a superset of what the facts read:
//! - **the invocation**, in the key: every argument, the working directory,
//!   every environment variable (but the shell's `_`, `OLDPWD` and
//!   `SHLVL`), today's date, whether output is coloured,
//!   the cargo-secure binary's identity, the toolchain (as the metadata cache
//!   sees it) and where zizmor is found, with its identity;
//! - **every file and directory the facts depend on**, by identity (device,
//!   inode, size, modification time), hashed in order: cargo metadata's
//!   inputs (manifests, lockfile, the `.cargo/config.toml` chain, the
//!   directory listings that drive target discovery), every directory the
//!   repository walk entered and ignore file it read, every file it listed,
//!   the root files the layers read even when ignored, each ancestor's
//!   `.git`, the files of members, path and git packages the unsafe scan
//!   read, and of the advisory database every directory listed, every
//!   advisory parsed and its git metadata (its objects aside: a fetch moves
//!   its refs).
//!
//! A run is not kept when it depends on anything else: online (the crates.io
//! index, the advisory fetch), `-v` (its timings are of a real measurement),
//! a graph cargo could not resolve, a dependency whose sources are missing,
//! a policy `extends`, a truncated or partly unreadable walk, or an input
//! modified within [`crate::identity::RACY_SECS`] of the run's start (a
//! write in the same clock tick leaves the identity as it was).

use crate::facts::Facts;
use crate::identity::Identity;
use crate::session::Session;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Bumped whenever what a run depends on changes.
const FORMAT: u32 = 2;

/// Files at the workspace root the layers read whether or not the walk
/// lists them (an ignored `SECURITY.md` is still read), besides the
/// `SECURITY.md` places.
const ROOT_FILES: &[&str] = &[
    crate::manifest::FILE_NAME,
    crate::checks::unsafe_code::baseline::FILE,
    ".gitignore",
    "Cargo.toml",
    "Cargo.lock",
];

/// A run that may be replayed or kept: its key and when it started.
pub struct Replay {
    entry: PathBuf,
    key: String,
    started: SystemTime,
}

/// What a kept run printed.
pub struct Kept {
    /// The rendered report.
    pub text: String,
    /// Whether its gate passed.
    pub passed: bool,
}

/// The first line of a kept run; the paths (`\0`-separated) and the text
/// follow it as they are, so reading a large repository's entry parses no
/// escaped string.
#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    key: String,
    /// The hash of the paths' identities, in order.
    digest: String,
    passed: bool,
    /// Bytes of paths after the header line; the text is the rest.
    paths: usize,
}

impl Replay {
    /// The replay of `session`'s scan, when one may be kept at all.
    pub fn new(session: &Session) -> Option<Replay> {
        let options = &session.options;
        let replayable = options.offline && !options.no_cache && session.global.verbose == 0;
        let cache_dir = options.cache_dir.as_deref().filter(|_| replayable)?;
        let started = SystemTime::now();
        let key = key(session)?;
        // One slot per working directory and command line, whatever the
        // rest of the key: a new environment (a terminal, an SSH session)
        // takes the slot over instead of adding a file each time.
        let slot = format!(
            "{:?}\n{:?}",
            std::env::current_dir().ok(),
            std::env::args_os().skip(1).collect::<Vec<_>>()
        );
        let name = hex(&Sha256::digest(slot.as_bytes()))[..32].to_owned();
        let entry = cache_dir.join("runs").join(name);
        Some(Replay { entry, key, started })
    }

    /// The kept run, when every input it was measured from is unchanged.
    pub fn lookup(&self) -> Option<Kept> {
        let bytes = std::fs::read(&self.entry).ok()?;
        let newline = memchr::memchr(b'\n', &bytes)?;
        let header: Header = serde_json::from_slice(&bytes[..newline]).ok()?;
        if header.format != FORMAT || header.key != self.key {
            return None;
        }
        let rest = &bytes[newline + 1..];
        let (paths, text) = (rest.get(..header.paths)?, rest.get(header.paths..)?);
        let paths: Vec<&Path> =
            std::str::from_utf8(paths).ok()?.split('\0').map(Path::new).collect();
        let (digest, _) = identities(&paths);
        let text = String::from_utf8(text.to_vec()).ok()?;
        (digest == header.digest).then_some(Kept { text, passed: header.passed })
    }

    /// Keeps what this run printed, when its inputs (from [`inputs`]) are
    /// all settled. Failing to write is not an error: this is a cache.
    pub fn keep(&self, inputs: Vec<PathBuf>, text: &str, passed: bool) {
        let Some(names) = inputs.iter().map(|p| p.to_str()).collect::<Option<Vec<&str>>>() else {
            return;
        };
        if names.iter().any(|name| name.contains('\0')) {
            return;
        }
        let paths: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
        let (digest, racy) = identities_since(&paths, Some(self.started));
        if racy {
            return;
        }
        let joined = names.join("\0");
        let header =
            Header { format: FORMAT, key: self.key.clone(), digest, passed, paths: joined.len() };
        let Ok(mut bytes) = serde_json::to_vec(&header) else { return };
        bytes.push(b'\n');
        bytes.extend_from_slice(joined.as_bytes());
        bytes.extend_from_slice(text.as_bytes());
        crate::facts::unsafe_scan::cache::write_atomically(&self.entry, &bytes);
    }
}

/// Every path the facts of this run depend on, or `None` when the run
/// depends on something no identity vouches for.
pub fn inputs(facts: &Facts, session: &Session) -> Option<Vec<PathBuf>> {
    let ws = &facts.workspace;
    let metadata = ws.metadata.as_ref()?;
    let repo = &facts.repo;
    let stamps = repo.stamps.as_ref()?;
    let unsafe_scan = &facts.unsafe_scan;
    let known = facts.yanked.is_none()
        && repo.unreadable.is_empty()
        && !repo.truncated
        && facts.manifest.as_ref().is_none_or(|m| m.extends.is_empty())
        && unsafe_scan.scanned.iter().all(|s| !s.missing);
    if !known {
        return None;
    }
    let start = crate::workspace::start(session.global.manifest_path.as_deref());
    let (files, dirs) = crate::workspace::cache::resolved_inputs(metadata, &start);
    let mut paths = files;
    paths.extend(dirs);
    paths.extend(stamps.iter().map(|(rel, _)| join(&repo.root, rel)));
    paths.extend(repo.files.iter().map(|f| repo.root.join(&f.rel)));
    let security_md = crate::checks::manifest::contact::SECURITY_MD;
    paths.extend(ROOT_FILES.iter().chain(security_md).map(|rel| ws.root.join(rel)));
    paths.extend(ws.root.ancestors().map(|dir| dir.join(".git")));
    paths.extend(unsafe_scan.read.iter().cloned());
    paths.push(facts.db.path.clone());
    if let Some(index) = &facts.db.database {
        paths.extend(index.read());
    }
    git_metadata(&facts.db.path.join(".git"), &mut paths);
    Some(paths)
}

/// Every file and directory of a git directory but its objects and logs:
/// what dates a database with history (its refs move when it is fetched).
fn git_metadata(root: &Path, out: &mut Vec<PathBuf>) {
    out.push(root.to_path_buf());
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut found: Vec<(PathBuf, bool)> = entries
            .flatten()
            .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
            .collect();
        found.sort();
        for (path, is_dir) in found {
            let skipped = dir == root && (path.ends_with("objects") || path.ends_with("logs"));
            if is_dir && !skipped {
                stack.push(path.clone());
            }
            out.push(path);
        }
    }
}

/// The hash of the identities of `paths`, in order (an absent path counts).
fn identities(paths: &[&Path]) -> (String, bool) {
    identities_since(paths, None)
}

/// [`identities`], and whether one of them changed too recently before
/// `started` to vouch for its content.
fn identities_since(paths: &[&Path], started: Option<SystemTime>) -> (String, bool) {
    let found: Vec<Option<Identity>> = paths.par_iter().map(|p| Identity::of_path(p)).collect();
    let racy = started.is_some_and(|at| found.iter().flatten().any(|id| id.racy(at)));
    let mut hasher = Sha256::new();
    for identity in &found {
        match identity {
            Some(id) => {
                let (dev, ino, size, mtime) = <(u64, u64, u64, u128)>::from(*id);
                hasher.update([1]);
                hasher.update(dev.to_le_bytes());
                hasher.update(ino.to_le_bytes());
                hasher.update(size.to_le_bytes());
                hasher.update(mtime.to_le_bytes());
            }
            None => hasher.update([0]),
        }
    }
    (hex(&hasher.finalize()), racy)
}

/// The invocation: what the run depends on besides files, or `None` when
/// the binary's own identity is unknown.
fn key(session: &Session) -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let exe_identity = Identity::of_path(&exe)?;
    let mut key = format!("{FORMAT}\n{}\n{exe:?} {exe_identity:?}\n", env!("CARGO_PKG_VERSION"));
    key.push_str(&format!("{:?}\n", std::env::args_os().skip(1).collect::<Vec<_>>()));
    key.push_str(&format!("{:?}\n", std::env::current_dir().ok()));
    // Every variable but the shell's bookkeeping, which nothing reads.
    let mut vars: Vec<_> = std::env::vars_os()
        .filter(|(name, _)| !["_", "OLDPWD", "SHLVL"].iter().any(|n| name == *n))
        .collect();
    vars.sort();
    key.push_str(&format!("{vars:?}\n"));
    key.push_str(&format!(
        "{} color {} quiet {} terminal {}\n",
        session.today,
        session.color,
        session.global.quiet,
        std::io::stdout().is_terminal()
    ));
    key.push_str(&String::from_utf8_lossy(&crate::workspace::cache::cargo_identity()));
    if session.options.zizmor {
        let start = crate::workspace::start(session.global.manifest_path.as_deref());
        let root = if start.is_dir() { start.as_path() } else { start.parent()? };
        let zizmor = crate::repo::zizmor::locate(root).ok().flatten();
        let identity = zizmor.as_deref().and_then(Identity::of_path);
        key.push_str(&format!("zizmor {zizmor:?} {identity:?}\n"));
    }
    Some(key)
}

fn join(root: &Path, rel: &str) -> PathBuf {
    if rel.is_empty() { root.to_path_buf() } else { root.join(rel) }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
