//! A cache of `cargo metadata`'s answer: the resolved graph, or, offline,
//! why it cannot be resolved.
//!
//! Resolving a large graph costs cargo hundreds of milliseconds, most of the
//! time of a warm run. The cache entry records every input cargo's answer
//! depends on — the lockfile, every workspace and path-dependency manifest,
//! the directory listings that drive target and glob-member discovery, the
//! `.cargo/config.toml` chain, the cargo binary and the flags — and is reused
//! only when a digest over all of them is unchanged.
//!
//! A graph that cannot be resolved offline (a git dependency never fetched,
//! a crate not downloaded) fails the same way on every run, and each run
//! started cargo twice to learn it. That failure is kept too, with the
//! members cargo still listed (`--no-deps`), keyed on the same inputs plus
//! the listings of cargo's download directories: a `cargo fetch` that brings
//! what was missing changes them. Online failures (the network) are never
//! kept.

use super::cargo::CargoFlags;
use cargo_metadata::Metadata;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const FORMAT: u32 = 4;

/// What cargo answered for one start.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Answer {
    /// The resolved graph.
    Resolved(Metadata),
    /// The graph could not be resolved: cargo's reason, and the workspace's
    /// members from `cargo metadata --no-deps`.
    Unresolved {
        /// Why, as [`super::cargo::metadata`] words it.
        reason: String,
        /// The members and root, unresolved.
        shallow: Metadata,
    },
}

impl Answer {
    /// The metadata that names the members and the root.
    fn members(&self) -> &Metadata {
        match self {
            Answer::Resolved(metadata) | Answer::Unresolved { shallow: metadata, .. } => metadata,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Entry {
    format: u32,
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    digest: String,
    answer: Answer,
}

/// The cache file for runs started from `start` (a manifest path or directory).
fn entry_path(cache_dir: &Path, start: &Path) -> PathBuf {
    let name = hex(&Sha256::digest(start.to_string_lossy().as_bytes()))[..32].to_owned();
    cache_dir.join("metadata").join(format!("{name}.json"))
}

/// The cached answer for `start`, if every input is unchanged.
pub fn lookup(cache_dir: &Path, start: &Path, flags: &CargoFlags) -> Option<Answer> {
    let text = std::fs::read(entry_path(cache_dir, start)).ok()?;
    let entry: Entry = serde_json::from_slice(&text).ok()?;
    if entry.format != FORMAT {
        return None;
    }
    let fresh = digest(&entry.files, &entry.dirs, flags, &cargo_identity()) == entry.digest;
    fresh.then_some(entry.answer)
}

/// Stores `answer` for `start`; a failure only when it was offline, where
/// it depends on nothing but the inputs. Failing to write the cache is not
/// an error.
pub fn store(cache_dir: &Path, start: &Path, flags: &CargoFlags, answer: &Answer) {
    if matches!(answer, Answer::Unresolved { .. }) && !flags.offline {
        return;
    }
    let resolved = matches!(answer, Answer::Resolved(_));
    let (files, dirs) = inputs(answer.members(), resolved, start);
    let entry = Entry {
        format: FORMAT,
        digest: digest(&files, &dirs, flags, &cargo_identity()),
        files,
        dirs,
        answer: answer.clone(),
    };
    let path = entry_path(cache_dir, start);
    let Ok(bytes) = serde_json::to_vec(&entry) else { return };
    if let Some(parent) = path.parent()
        && std::fs::create_dir_all(parent).is_ok()
    {
        let temp = path.with_extension(format!("{}.tmp", std::process::id()));
        if std::fs::write(&temp, bytes).is_ok() {
            let _ = std::fs::rename(&temp, &path);
        }
    }
}

/// The files and directories a resolved graph depends on (see [`inputs`]),
/// for a cache of the whole run (`crate::replay`).
pub fn resolved_inputs(metadata: &Metadata, start: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    inputs(metadata, true, start)
}

/// The files and directories cargo's answer depends on, from the metadata
/// naming its members; `resolved` is false for an offline failure.
fn inputs(metadata: &Metadata, resolved: bool, start: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let root = metadata.workspace_root.as_std_path();
    let mut files = vec![root.join("Cargo.toml"), root.join("Cargo.lock")];
    let mut dirs = Vec::new();
    let mut manifests: Vec<PathBuf> = metadata
        .packages
        .iter()
        .filter(|p| p.source.is_none())
        .map(|p| p.manifest_path.clone().into_std_path_buf())
        .collect();
    if !resolved {
        // Unresolved, the path dependencies outside the workspace are not
        // listed: they are found by following `path =` from the members.
        manifests = path_dependencies(root, manifests);
        dirs.extend(download_dirs());
    }
    for manifest in &manifests {
        files.push(manifest.clone());
        if let Some(dir) = manifest.parent() {
            for sub in ["", "src", "src/bin", "tests", "benches", "examples"] {
                dirs.push(dir.join(sub));
            }
            if let Some(parent) = dir.parent() {
                dirs.push(parent.to_path_buf());
            }
        }
    }
    let mut here = if start.is_dir() { Some(start) } else { start.parent() };
    while let Some(dir) = here {
        files.push(dir.join(".cargo/config.toml"));
        files.push(dir.join(".cargo/config"));
        here = dir.parent();
    }
    if let Ok(home) = home::cargo_home() {
        files.push(home.join("config.toml"));
        files.push(home.join("config"));
    }
    files.sort();
    files.dedup();
    dirs.sort();
    dirs.dedup();
    (files, dirs)
}

/// `manifests` and every manifest their `path =` dependencies (and the root's
/// `[patch]` and `[workspace.dependencies]`) reach, followed transitively.
fn path_dependencies(root: &Path, mut manifests: Vec<PathBuf>) -> Vec<PathBuf> {
    manifests.insert(0, root.join("Cargo.toml"));
    let mut next = 0;
    while let Some(manifest) = manifests.get(next).cloned() {
        next += 1;
        let Some(dir) = manifest.parent() else { continue };
        let text = std::fs::read_to_string(&manifest).unwrap_or_default();
        let Ok(table) = text.parse::<toml::Table>() else { continue };
        let mut paths = Vec::new();
        collect_paths(&toml::Value::Table(table), &mut paths, 0);
        for path in paths {
            let found = crate::workspace::paths::normalise(&dir.join(path).join("Cargo.toml"));
            if !manifests.contains(&found) {
                manifests.push(found);
            }
        }
    }
    manifests
}

/// Every `path = "..."` string of a dependency table, at any depth (targets,
/// patches, workspace dependencies); a `[package]`/`[lib]`/`[[bin]]` path is
/// a file, and joining `Cargo.toml` to it names nothing, which costs one
/// missing file in the digest and no harm.
fn collect_paths(value: &toml::Value, out: &mut Vec<String>, depth: usize) {
    let toml::Value::Table(table) = value else { return };
    if depth > 6 {
        return;
    }
    for (key, value) in table {
        match value {
            toml::Value::String(path) if key == "path" => out.push(path.clone()),
            toml::Value::Table(_) => collect_paths(value, out, depth + 1),
            _ => {}
        }
    }
}

/// cargo's download directories (registry indexes, crate archives, unpacked
/// sources, git databases and checkouts): what an offline resolution can
/// find depends on what they hold.
fn download_dirs() -> Vec<PathBuf> {
    let Ok(home) = home::cargo_home() else { return Vec::new() };
    let mut dirs = Vec::new();
    for parent in ["registry/index", "registry/cache", "git/db", "git/checkouts"] {
        let parent = home.join(parent);
        if let Ok(entries) = std::fs::read_dir(&parent) {
            let mut subs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            subs.sort();
            if parent.ends_with("registry/cache") || parent.ends_with("git/checkouts") {
                dirs.extend(subs.iter().cloned());
            }
        }
        dirs.push(parent);
    }
    dirs
}

fn digest(files: &[PathBuf], dirs: &[PathBuf], flags: &CargoFlags, cargo: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!("{flags:?}\n{}\n", env!("CARGO_PKG_VERSION")));
    hasher.update(cargo);
    for file in files {
        hasher.update(file.to_string_lossy().as_bytes());
        match std::fs::read(file) {
            Ok(bytes) => {
                hasher.update(b"\x01");
                hasher.update(Sha256::digest(&bytes));
            }
            Err(_) => hasher.update(b"\x00"),
        }
    }
    for dir in dirs {
        hasher.update(dir.to_string_lossy().as_bytes());
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()
            })
            .unwrap_or_default();
        names.sort();
        hasher.update(names.join("\n").as_bytes());
        hasher.update(b"\x00");
    }
    hex(&hasher.finalize())
}

/// What decides the cargo in use, read without running anything: a cache
/// hit must not cost a `rustup which` process. That is `$CARGO` when cargo
/// started us; else, under rustup, everything `rustup which cargo` (run from
/// `/`) consults — `RUSTUP_TOOLCHAIN`, rustup's settings (default toolchain,
/// overrides), a toolchain file at `/`, and the installed toolchains with
/// their cargo binaries' size and modification time, which a `rustup update`
/// changes; else the cargo found on `PATH`.
pub fn cargo_identity() -> Vec<u8> {
    let stamp = |path: &Path| {
        std::fs::metadata(path)
            .ok()
            .map(|m| format!("{}|{}:{:?}\n", path.display(), m.len(), m.modified().ok()))
            .unwrap_or_default()
    };
    if let Some(cargo) = std::env::var_os("CARGO").map(PathBuf::from).filter(|p| p.is_absolute()) {
        return stamp(&cargo).into_bytes();
    }
    let toolchains_dir = home::rustup_home().ok().map(|home| home.join("toolchains"));
    let Some(rustup) = toolchains_dir.filter(|dir| dir.is_dir()) else {
        let cargo = super::toolchain::trusted().cargo.as_deref();
        return cargo.map(stamp).unwrap_or_default().into_bytes();
    };
    let mut identity =
        format!("{:?}|{:?}\n", std::env::var_os("RUSTUP_TOOLCHAIN"), std::env::var_os("PATH"));
    let neutral = super::toolchain::neutral_dir();
    let settings = rustup.with_file_name("settings.toml");
    for file in [settings, neutral.join("rust-toolchain.toml"), neutral.join("rust-toolchain")] {
        identity.push_str(&format!("{}:{:?}\n", file.display(), std::fs::read(&file).ok()));
    }
    let mut toolchains: Vec<PathBuf> = std::fs::read_dir(&rustup)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    toolchains.sort();
    for toolchain in toolchains {
        identity.push_str(&stamp(&toolchain.join("bin").join("cargo")));
    }
    identity.into_bytes()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
