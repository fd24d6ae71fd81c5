//! The cache of registry packages' results: a registry package's source never
//! changes for a given name, version and checksum, so its counts are kept
//! under that key in one pack file per workspace, under
//! `$CARGO_HOME/cargo-secure/unsafe-cache/` (or `CARGO_SECURE_CACHE_DIR`). A
//! warm run reads one file; after `cargo update`, only the packages whose key
//! changed are scanned again. Workspace members, path and git packages can
//! change at any time: their files are cached one by one (`file_cache.rs`).
//! (One file per package, shared between workspaces, cost a first run more
//! in file creation than scanning the package again does.)

use super::model::PackageScan;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bumped whenever counting changes, so old entries are ignored.
const FORMAT: u32 = 6;

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

/// The key of one package's result. `targets` names the target roots scanned
/// (kind and path inside the package): the same package can be known with
/// all its targets (from cargo metadata) or only its library (from the
/// registry, when metadata could not resolve), and the two must not share.
pub fn key(name: &str, version: &str, checksum: &str, targets: &[String]) -> String {
    let short: String = checksum.chars().filter(char::is_ascii_hexdigit).take(16).collect();
    let roots: String = Sha256::digest(targets.join("\n").as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{name}-{version}-{short}-{roots}")
}

/// The results a workspace's last run used, by [`key`].
pub type Pack = BTreeMap<String, PackageScan>;

/// The pack file of the workspace at `root`.
pub fn pack_path(dir: &Path, root: &Path, include_tests: bool) -> PathBuf {
    let tests = if include_tests { "-tests" } else { "" };
    let digest = Sha256::digest(root.to_string_lossy().as_bytes());
    let name: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    dir.join(format!("v{FORMAT}{tests}")).join("packs").join(format!("{name}.json"))
}

/// The pack of the workspace's own files (members, path and git packages),
/// under the same name as its registry pack in `files/` (`file_cache.rs`).
pub fn files_pack_path(dir: &Path, root: &Path, include_tests: bool) -> PathBuf {
    let pack = pack_path(dir, root, include_tests);
    let name = pack.file_name().map(ToOwned::to_owned).unwrap_or_default();
    pack.parent().and_then(Path::parent).unwrap_or(dir).join("files").join(name)
}

/// A workspace's pack; empty when there is none or it is unreadable.
pub fn load_pack(path: &Path) -> Pack {
    std::fs::read(path).ok().and_then(|text| serde_json::from_slice(&text).ok()).unwrap_or_default()
}

/// Writes a workspace's pack; failures are ignored (the cache is an
/// optimisation). Results with problems are stored too: a registry package's
/// files never change, so a file that did not parse will not parse next time.
pub fn store_pack(path: &Path, pack: &Pack) {
    if let Ok(json) = serde_json::to_vec(pack) {
        write_atomically(path, &json);
    }
}

/// Writes then renames, so a concurrent run never reads half a file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) {
    let Some(parent) = path.parent() else { return };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
