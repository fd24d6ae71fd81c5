//! File discovery: the files of a target are its root (`src_path`) and every
//! file reached by following `mod foo;` declarations, with rustc's rules
//! (`rustc_expand::module`, the Reference's "path attribute" table):
//! - a module's directory is its file's directory; a file `dir/foo.rs`
//!   reached by its default path (not a `mod.rs`, crate root or `#[path]`
//!   file) also owns `dir/foo/`, where its `mod bar;` is looked for;
//! - `mod bar;` is `bar.rs` or `bar/mod.rs` in that directory;
//! - `#[path = "p"] mod bar;` is `p` joined to the module's directory (never
//!   to `dir/foo/`), and the file it names is treated as a `mod.rs`;
//! - an inline `mod a { ... }` adds `a/` (after `foo/` in a `dir/foo.rs`);
//!   an inline `#[path = "p"] mod a { ... }` is `p` joined to the module's
//!   directory (again never to `dir/foo/`).
//!
//! Files reached through `include!` are not followed. Each file is parsed
//! once, counted and searched for further `mod`s.

use super::counter;
use super::file_cache::{Counting, FileCache};
use super::model::{PackageScan, Problem};
use super::modules::{Inline, ModDecl};
use crate::workspace::Target;
use crate::workspace::paths::{is_inside, relative};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are not parsed (generated tables are smaller); the
/// package is then unknown.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A target root to scan.
#[derive(Debug, Clone)]
pub struct Root {
    /// The root source file.
    pub path: PathBuf,
    /// Whether its inner attributes decide if the crate forbids unsafe code
    /// (lib, bin and proc-macro roots; not build scripts or tests).
    pub decides_forbid: bool,
}

/// Scans the files of a package's targets.
///
/// `base` is the directory problems are reported relative to; `sites` asks for
/// the location of each unsafe item and the files outside `base` (workspace
/// members, whose `base` is the repository).
pub fn scan_package(roots: &[Root], base: &Path, include_tests: bool, sites: bool) -> PackageScan {
    let how = How { include_tests, sites, cache: None };
    scan_package_unless(roots, base, &how, &|| false).unwrap_or_default()
}

/// How to count a package's files.
#[derive(Clone, Copy)]
pub struct How<'a> {
    /// Keep `#[cfg(test)]` items.
    pub include_tests: bool,
    /// Record where each unsafe item is, and the files outside `base`.
    pub sites: bool,
    /// Where each file's last result is kept, for files that can change.
    pub cache: Option<&'a FileCache>,
}

/// [`scan_package`] as `how` says, given up (`None`) as soon as `stop` says
/// so between two files.
pub fn scan_package_unless(
    roots: &[Root],
    base: &Path,
    how: &How<'_>,
    stop: &dyn Fn() -> bool,
) -> Option<PackageScan> {
    let How { include_tests, sites, cache } = *how;
    let mut scan = PackageScan::default();
    let mut seen: HashSet<FileId> = HashSet::new();
    let mut deciding = 0usize;
    let mut forbidding = 0usize;
    let mut denying = 0usize;
    for root in roots {
        let mut queue: Vec<Reached> =
            vec![Reached { file: root.path.clone(), owns: None, meta: None }];
        let mut first = true;
        while let Some(Reached { file, owns, meta }) = queue.pop() {
            if stop() {
                return None;
            }
            let is_root = std::mem::take(&mut first);
            let problem = |reason: String| Problem { path: relative(&file, base), reason };
            let meta = match meta.map_or_else(|| std::fs::metadata(&file), Ok) {
                Ok(meta) => meta,
                Err(e) => {
                    scan.problems.push(problem(format!("cannot be resolved: {e}")));
                    continue;
                }
            };
            if !seen.insert(file_id(&file, &meta)) {
                continue;
            }
            // Opening a named pipe or a device would block or never end.
            if !meta.is_file() {
                scan.problems.push(problem("is not a regular file".to_owned()));
                continue;
            }
            let count = |source: &str| counter::scan_source(source, include_tests, sites);
            let found = match cache {
                Some(cache) => {
                    let counting = Counting { meta: &meta, sites };
                    cache.scan(&file, counting, || read(&file, &meta), count)
                }
                None => read(&file, &meta).map(|source| count(&source)),
            };
            let found = match found {
                Ok(found) => found,
                Err(reason) => {
                    scan.problems.push(problem(reason));
                    continue;
                }
            };
            match &found.error {
                Some(reason) => scan.problems.push(problem(reason.clone())),
                None => scan.files_scanned += 1,
            }
            if sites && !is_inside(&file, base) {
                scan.outside.push(relative(&file, base));
            }
            scan.counts.add(&found.counts);
            if is_root && root.decides_forbid {
                deciding += 1;
                forbidding += usize::from(found.forbids);
                denying += usize::from(found.denies);
            }
            scan.sites.extend(found.sites.into_iter().map(|s| (file.clone(), s)));
            for decl in &found.mods {
                let candidates = candidates(&file, owns.as_deref(), decl);
                let next = resolve(&candidates, !decl.paths.is_empty());
                if !next.is_empty() {
                    queue.extend(next);
                } else if !decl.conditional {
                    let names: Vec<String> =
                        candidates.iter().map(|(path, _)| relative(path, base)).collect();
                    scan.problems.push(problem(format!(
                        "declares `mod {};` but {}",
                        decl.name,
                        none_exists(&names)
                    )));
                }
            }
        }
    }
    scan.forbids = deciding > 0 && forbidding == deciding;
    scan.denies = deciding > 0 && denying == deciding;
    Some(scan)
}

/// What makes a file the same file however it is reached (links, `..`):
/// its device and inode.
#[cfg(unix)]
type FileId = (u64, u64);

#[cfg(unix)]
fn file_id(_file: &Path, meta: &std::fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// What makes a file the same file however it is reached: its canonical path.
#[cfg(not(unix))]
type FileId = PathBuf;

#[cfg(not(unix))]
fn file_id(file: &Path, _meta: &std::fs::Metadata) -> FileId {
    std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf())
}

/// A file reached from a target root: its path, the name of the directory
/// beside it that it owns when it is a non-`mod.rs` file reached by its
/// default path (rustc's "relative" offset), and its metadata when already
/// looked up.
struct Reached {
    file: PathBuf,
    owns: Option<String>,
    meta: Option<std::fs::Metadata>,
}

/// Reads a source file whose metadata `meta` says is regular, refusing
/// enormous and non-UTF-8 ones. The file is read up to the limit, in as many
/// reads as it takes, without looking its size up again.
fn read(file: &Path, meta: &std::fs::Metadata) -> Result<String, String> {
    let too_big =
        |len: u64| format!("is {len} bytes, over the {} MiB limit", MAX_FILE_BYTES / 1024 / 1024);
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let cannot = |e: std::io::Error| format!("cannot be read: {e}");
    let opened = std::fs::File::open(file).map_err(cannot)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    opened.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("is not UTF-8 (byte {})", e.utf8_error().valid_up_to()))
}

/// The files a `mod` declaration in `file` may name, each with the directory
/// it would own: its `#[path]`s (one per platform with `cfg_attr`), else
/// `name.rs` then `name/mod.rs`. `owns` is what `file` itself owns.
fn candidates(file: &Path, owns: Option<&str>, decl: &ModDecl) -> Vec<(PathBuf, Option<String>)> {
    let mut dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut owns = owns;
    for module in &decl.inline {
        match module {
            Inline::Path(path) => dir = dir.join(path),
            Inline::Named(name) => {
                dir.extend(owns);
                dir.push(name);
            }
        }
        owns = None;
    }
    if !decl.paths.is_empty() {
        return decl.paths.iter().map(|path| (dir.join(path), None)).collect();
    }
    dir.extend(owns);
    vec![
        (dir.join(format!("{}.rs", decl.name)), Some(decl.name.clone())),
        (dir.join(&decl.name).join("mod.rs"), None),
    ]
}

/// The candidates that exist: every one for `#[path]`s (each platform's
/// file is counted), else the first.
fn resolve(candidates: &[(PathBuf, Option<String>)], all: bool) -> Vec<Reached> {
    let mut existing =
        candidates.iter().filter_map(|(file, owns)| found(file.clone(), owns.clone()));
    if all { existing.collect() } else { existing.next().into_iter().collect() }
}

/// "a does not exist", "neither a nor b exists", "none of a, b, c exists".
fn none_exists(names: &[String]) -> String {
    match names {
        [one] => format!("{one} does not exist"),
        [a, b] => format!("neither {a} nor {b} exists"),
        _ => format!("none of {} exists", names.join(", ")),
    }
}

/// `file` if it exists as a file or as a (possibly broken or looping) link,
/// with its metadata when it resolves: a symlink loop must surface as a
/// problem, not as a missing module.
fn found(file: PathBuf, owns: Option<String>) -> Option<Reached> {
    match std::fs::metadata(&file) {
        Ok(meta) => Some(Reached { file, owns, meta: Some(meta) }),
        Err(_) if std::fs::symlink_metadata(&file).is_ok() => {
            Some(Reached { file, owns, meta: None })
        }
        Err(_) => None,
    }
}

/// The target roots to scan.
pub(super) fn roots(targets: &[Target], include_tests: bool) -> Vec<Root> {
    targets
        .iter()
        .filter(|t| include_tests || !t.is_test_like())
        .map(|t| Root {
            path: t.src_path.clone(),
            decides_forbid: !t.is_test_like() && !t.is_build_script(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
