//! The cache of registry packages' results: a registry package's source never
//! changes for a given name, version and checksum, so its counts are kept in
//! one small JSON file per package under `$CARGO_HOME/cargo-secure/unsafe-cache/`
//! (or `CARGO_SECURE_CACHE_DIR`). Workspace members, path and git packages are
//! always rescanned.

use super::model::PackageScan;
use std::path::{Path, PathBuf};

/// Bumped whenever counting changes, so old entries are ignored.
const FORMAT: u32 = 1;

/// Where the cache lives, or `None` when it is disabled.
pub fn dir(explicit: Option<&Path>, disabled: bool) -> Option<PathBuf> {
    if disabled {
        return None;
    }
    if let Some(dir) = explicit {
        return Some(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("CARGO_SECURE_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    home::cargo_home().ok().map(|home| home.join("cargo-secure").join("unsafe-cache"))
}

/// The cache file of one package.
pub fn entry(
    dir: &Path,
    name: &str,
    version: &str,
    checksum: &str,
    include_tests: bool,
) -> PathBuf {
    let tests = if include_tests { "-tests" } else { "" };
    let short: String = checksum.chars().filter(char::is_ascii_hexdigit).take(16).collect();
    dir.join(format!("v{FORMAT}{tests}")).join(format!("{name}-{version}-{short}.json"))
}

/// A cached result, if there is a readable one.
pub fn load(path: &Path) -> Option<PackageScan> {
    let text = std::fs::read(path).ok()?;
    serde_json::from_slice(&text).ok()
}

/// Stores a result; failures are ignored (the cache is an optimisation).
/// Results with problems are stored too: a registry package's files never
/// change, so a file that did not parse will not parse next time either.
pub fn store(path: &Path, scan: &PackageScan) {
    let Some(parent) = path.parent() else { return };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    let Ok(json) = serde_json::to_vec(scan) else { return };
    // Write then rename, so a concurrent run never reads half a file.
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, json).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
