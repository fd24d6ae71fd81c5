//! Checked-in binaries: executables, libraries and object files, recognised
//! by their first bytes (ELF, PE, Mach-O, ar archives, WebAssembly, Java
//! classes) and by extension. Only files whose extension is not a known text
//! or media type are looked at, and each one's verdict is cached keyed on its
//! identity (device, inode, size, modification time), so a warm run on a
//! large repository opens none of them. A fact the posture layer reports.

use super::{Repo, RepoFile};
use crate::identity::Identity;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A checked-in binary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binary {
    /// Its path relative to the repository root.
    pub rel: String,
    /// What it is (`ELF executable or library`, ...).
    pub kind: String,
}

const BINARY_EXTENSIONS: &[&str] = &[
    "exe", "dll", "so", "dylib", "o", "obj", "a", "lib", "class", "jar", "pyc", "wasm", "rlib",
    "bin",
];
/// Extensions never opened: source, text and media.
const TEXT_EXTENSIONS: &[&str] = &[
    "rs",
    "toml",
    "lock",
    "md",
    "txt",
    "json",
    "yml",
    "yaml",
    "html",
    "css",
    "js",
    "ts",
    "py",
    "sh",
    "c",
    "h",
    "cc",
    "cpp",
    "hpp",
    "go",
    "java",
    "rb",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "ico",
    "snap",
    "csv",
    "xml",
    "in",
    "cfg",
    "ini",
    "rst",
    "adoc",
    "gitignore",
    "gitattributes",
    "ron",
    "proto",
    "sql",
    "diff",
    "patch",
];
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x7fELF", "ELF executable or library"),
    (b"MZ", "Windows PE executable"),
    (b"\xfe\xed\xfa\xce", "Mach-O binary"),
    (b"\xfe\xed\xfa\xcf", "Mach-O binary"),
    (b"\xce\xfa\xed\xfe", "Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "Mach-O binary"),
    (b"\xca\xfe\xba\xbe", "Mach-O universal binary or Java class"),
    (b"!<arch>\n", "static library (ar archive)"),
    (b"\0asm", "WebAssembly module"),
];

/// One file's cached verdict: its identity and what it is, if a binary
/// (a two-item array in the cache).
#[derive(Serialize, Deserialize)]
struct Verdict(Identity, Option<String>);

/// The binaries among `repo`'s files, through the cache under `cache_dir`.
pub fn detect(repo: &Repo, cache_dir: Option<&Path>) -> Vec<Binary> {
    let path = cache_dir.map(|dir| pack_path(dir, &repo.root));
    let old: HashMap<String, Verdict> = path
        .as_deref()
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let now = std::time::SystemTime::now();
    let judged: Vec<(String, Option<Verdict>, Option<String>)> = repo
        .files
        .par_iter()
        .filter(|file| !has_text_extension(file))
        .map(|file| {
            let meta = std::fs::symlink_metadata(repo.path(&file.rel)).ok();
            let identity = meta.as_ref().and_then(Identity::of);
            if let (Some(identity), Some(cached)) = (identity, old.get(&file.rel))
                && cached.0 == identity
            {
                let verdict = Verdict(identity, cached.1.clone());
                return (file.rel.clone(), Some(verdict), cached.1.clone());
            }
            let size = meta.as_ref().map_or(0, std::fs::Metadata::len);
            let found = kind(repo, file, size).map(str::to_owned);
            let settled = identity.filter(|id| !id.racy(now));
            let verdict = settled.map(|identity| Verdict(identity, found.clone()));
            (file.rel.clone(), verdict, found)
        })
        .collect();
    let binaries = judged
        .iter()
        .filter_map(|(rel, _, kind)| Some(Binary { rel: rel.clone(), kind: kind.clone()? }))
        .collect();
    if let Some(path) = path {
        let changed = judged.len() != old.len()
            || judged.iter().any(|(rel, verdict, _)| match (verdict, old.get(rel)) {
                (Some(new), Some(old)) => new.0 != old.0,
                _ => true,
            });
        if changed {
            let fresh: HashMap<&String, &Verdict> =
                judged.iter().filter_map(|(rel, v, _)| Some((rel, v.as_ref()?))).collect();
            if let Ok(json) = serde_json::to_vec(&fresh) {
                crate::facts::unsafe_scan::cache::write_atomically(&path, &json);
            }
        }
    }
    binaries
}

fn pack_path(dir: &Path, root: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(root.to_string_lossy().as_bytes());
    let name: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    dir.join("repo").join("binaries").join(format!("{name}.json"))
}

fn extension(file: &RepoFile) -> Option<String> {
    let name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

fn has_text_extension(file: &RepoFile) -> bool {
    extension(file).is_some_and(|ext| TEXT_EXTENSIONS.contains(&ext.as_str()))
}

/// What kind of binary the file is, if it is one.
fn kind(repo: &Repo, file: &RepoFile, size: u64) -> Option<&'static str> {
    let ext = extension(file);
    if let Some(ext) = &ext {
        if TEXT_EXTENSIONS.contains(&ext.as_str()) {
            return None;
        }
        if BINARY_EXTENSIONS.contains(&ext.as_str()) && size > 0 {
            return Some("binary file (by extension)");
        }
    }
    if size < 4 {
        return None;
    }
    let head = repo.read_head(file, 8).ok()?;
    MAGIC.iter().find(|(magic, _)| head.starts_with(magic)).map(|(_, kind)| *kind).filter(|kind| {
        // `MZ` alone is common text; require the PE layout's size at least.
        *kind != "Windows PE executable" || size >= 64
    })
}
