//! File discovery: the files of a target are its root (`src_path`) and every
//! file reached by following `mod foo;` declarations, as rustc does:
//! `foo.rs` or `foo/mod.rs` beside a `mod.rs`/crate root, `dir/foo.rs` under a
//! non-`mod.rs` file `dir.rs`, `#[path = "..."]` relative to the declaring
//! file's directory (or to the inline module's directory), and inline
//! `mod a { mod foo; }` adding `a/`. Files reached through `include!` are not
//! followed. Each file is parsed once, counted and searched for further `mod`s.

use super::counter;
use super::model::{PackageScan, Problem};
use super::modules::ModDecl;
use crate::workspace::Target;
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
/// the location of each unsafe item (workspace members).
pub fn scan_package(roots: &[Root], base: &Path, include_tests: bool, sites: bool) -> PackageScan {
    scan_package_unless(roots, base, include_tests, sites, &|| false).unwrap_or_default()
}

/// [`scan_package`], given up (`None`) as soon as `stop` says so between two
/// files.
pub fn scan_package_unless(
    roots: &[Root],
    base: &Path,
    include_tests: bool,
    sites: bool,
    stop: &dyn Fn() -> bool,
) -> Option<PackageScan> {
    let mut scan = PackageScan::default();
    let mut seen: HashSet<FileId> = HashSet::new();
    let mut deciding = 0usize;
    let mut forbidding = 0usize;
    let mut denying = 0usize;
    for root in roots {
        let dir = root.path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut queue: Vec<Reached> =
            vec![Reached { file: root.path.clone(), mod_dir: dir, meta: None }];
        let mut first = true;
        while let Some(Reached { file, mod_dir, meta }) = queue.pop() {
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
            let source = match read(&file, &meta) {
                Ok(source) => source,
                Err(reason) => {
                    scan.problems.push(problem(reason));
                    continue;
                }
            };
            let found = counter::scan_source(&source, include_tests, sites);
            match &found.error {
                Some(reason) => scan.problems.push(problem(reason.clone())),
                None => scan.files_scanned += 1,
            }
            scan.counts.add(&found.counts);
            if is_root && root.decides_forbid {
                deciding += 1;
                forbidding += usize::from(found.forbids);
                denying += usize::from(found.denies);
            }
            scan.sites.extend(found.sites.into_iter().map(|s| (file.clone(), s)));
            for decl in &found.mods {
                let next = resolve(&file, &mod_dir, decl);
                if !next.is_empty() {
                    queue.extend(next);
                } else if !decl.conditional {
                    scan.problems.push(problem(format!(
                        "declares `mod {};` but neither {name}.rs nor {name}/mod.rs exists",
                        decl.name,
                        name = decl.name
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

/// A file reached from a target root: its path, the directory its own `mod`
/// declarations resolve against, and its metadata when already looked up.
struct Reached {
    file: PathBuf,
    mod_dir: PathBuf,
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

/// The files a `mod` declaration names (several with per-platform
/// `cfg_attr(..., path)`), each with the directory its own children resolve
/// against; empty when no such file exists.
fn resolve(file: &Path, mod_dir: &Path, decl: &ModDecl) -> Vec<Reached> {
    let mut inline_dir = mod_dir.to_path_buf();
    inline_dir.extend(&decl.inline);
    if !decl.paths.is_empty() {
        let base = if decl.inline.is_empty() {
            file.parent().map(Path::to_path_buf).unwrap_or_default()
        } else {
            inline_dir
        };
        return decl
            .paths
            .iter()
            .filter_map(|path| {
                let target = base.join(path);
                let dir = target.parent().map(Path::to_path_buf).unwrap_or_default();
                found(target, dir)
            })
            .collect();
    }
    let child_dir = inline_dir.join(&decl.name);
    let flat = inline_dir.join(format!("{}.rs", decl.name));
    let nested = || found(child_dir.join("mod.rs"), child_dir.clone());
    found(flat, child_dir.clone()).or_else(nested).into_iter().collect()
}

/// `file` if it exists as a file or as a (possibly broken or looping) link,
/// with its metadata when it resolves: a symlink loop must surface as a
/// problem, not as a missing module.
fn found(file: PathBuf, mod_dir: PathBuf) -> Option<Reached> {
    match std::fs::metadata(&file) {
        Ok(meta) => Some(Reached { file, mod_dir, meta: Some(meta) }),
        Err(_) if std::fs::symlink_metadata(&file).is_ok() => {
            Some(Reached { file, mod_dir, meta: None })
        }
        Err(_) => None,
    }
}

/// `path` relative to `base`, with `/` separators.
pub fn relative(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
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
