//! A cache of `cargo metadata`'s resolved output.
//!
//! Resolving a large graph costs cargo hundreds of milliseconds, most of the
//! time of a warm run. The cache entry records every input cargo's answer
//! depends on — the lockfile, every workspace and path-dependency manifest,
//! the directory listings that drive target and glob-member discovery, the
//! `.cargo/config.toml` chain, the cargo binary and the flags — and is reused
//! only when a digest over all of them is unchanged.

use super::cargo::CargoFlags;
use cargo_metadata::Metadata;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const FORMAT: u32 = 3;

#[derive(Serialize, Deserialize)]
struct Entry {
    format: u32,
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    digest: String,
    metadata: Metadata,
}

/// The cache file for runs started from `start` (a manifest path or directory).
fn entry_path(cache_dir: &Path, start: &Path) -> PathBuf {
    let name = hex(&Sha256::digest(start.to_string_lossy().as_bytes()))[..32].to_owned();
    cache_dir.join("metadata").join(format!("{name}.json"))
}

/// The cached metadata for `start`, if every input is unchanged.
pub fn lookup(cache_dir: &Path, start: &Path, flags: &CargoFlags) -> Option<Metadata> {
    let text = std::fs::read(entry_path(cache_dir, start)).ok()?;
    let entry: Entry = serde_json::from_slice(&text).ok()?;
    let fresh = digest(&entry.files, &entry.dirs, flags, &cargo_identity()) == entry.digest;
    (entry.format == FORMAT && fresh).then_some(entry.metadata)
}

/// Stores `metadata` for `start`. Failing to write the cache is not an error.
pub fn store(cache_dir: &Path, start: &Path, flags: &CargoFlags, metadata: &Metadata) {
    let (files, dirs) = inputs(metadata, start);
    let entry = Entry {
        format: FORMAT,
        digest: digest(&files, &dirs, flags, &cargo_identity()),
        files,
        dirs,
        metadata: metadata.clone(),
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

/// The files and directories cargo's answer depends on.
fn inputs(metadata: &Metadata, start: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let root = metadata.workspace_root.as_std_path();
    let mut files = vec![root.join("Cargo.toml"), root.join("Cargo.lock")];
    let mut dirs = Vec::new();
    for package in metadata.packages.iter().filter(|p| p.source.is_none()) {
        let manifest = package.manifest_path.as_std_path();
        files.push(manifest.to_path_buf());
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
fn cargo_identity() -> Vec<u8> {
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
