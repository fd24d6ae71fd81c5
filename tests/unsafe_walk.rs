//! The item walk (tokens only; what every package is counted with) against
//! the syn visitor (a full parse; its reference) on every `.rs` file of every
//! registry package the corpus workspaces lock (`../shared/corpus/*/Cargo.lock`):
//! tests, benches and examples included, with and without `--include-tests`.
//! Where syn parses a file, the counts of every kind must be equal, and so
//! must every site (kind, line, column, and whether a `// SAFETY:` comment or
//! `# Safety` section documents it), as workspace members report them. And wherever the file tokenizes, the pre-filter
//! (which spares most files the lexer) must not change what the walk finds:
//! counts, `mod` declarations and lint levels. The lexer's byte-level fast
//! path must give rustc's lexer's token wherever it gives one, and the same
//! tokens for the whole file.
//!
//! Files syn cannot parse (edition-2015 syntax it rejects, such as anonymous
//! trait parameters) are counted by the walk alone, as rustc accepts them; the
//! test prints how many there are.
//!
//! `CARGO_SECURE_WALK_ALL=1` compares every package in the cargo home's
//! registry sources instead, and `CARGO_SECURE_WALK_DIR=DIR` every file
//! under DIR (a real workspace's own sources, as members are scanned).
//!
//! Skipped, with the reason printed, when `../shared` is absent or no corpus
//! package's sources were downloaded (`cargo fetch --locked --manifest-path
//! ../shared/corpus/<case>/Cargo.toml`).

#![allow(clippy::print_stderr)] // the test says how much it compared
mod common;

use cargo_secure::facts::unsafe_scan::counter::{scan_source, scan_unfiltered};
use cargo_secure::fuzzing::{Comparison, compare_with_syn, fast_path_difference};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The registry source directories of the packages the corpus cases lock.
fn corpus_packages() -> Result<Vec<PathBuf>, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .find(|p| p.is_dir())
        .ok_or("../shared is absent")?;
    let home = home::cargo_home().map_err(|e| format!("no cargo home: {e}"))?;
    let sources: Vec<PathBuf> = std::fs::read_dir(home.join("registry/src"))
        .map_err(|e| format!("no registry sources: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let mut packages = BTreeSet::new();
    if let Some(dir) = std::env::var_os("CARGO_SECURE_WALK_DIR") {
        return Ok(vec![PathBuf::from(dir)]);
    }
    if std::env::var_os("CARGO_SECURE_WALK_ALL").is_some() {
        for source in &sources {
            let dirs =
                std::fs::read_dir(source).map_err(|e| format!("{}: {e}", source.display()))?;
            packages.extend(dirs.filter_map(|e| e.ok().map(|e| e.path())));
        }
        return Ok(packages.into_iter().collect());
    }
    let cases = std::fs::read_dir(shared.join("corpus")).map_err(|e| format!("no corpus: {e}"))?;
    for case in cases.filter_map(Result::ok) {
        let Ok(text) = std::fs::read_to_string(case.path().join("Cargo.lock")) else { continue };
        let Ok(lock) = text.parse::<toml::Table>() else { continue };
        let listed = lock.get("package").and_then(|p| p.as_array()).cloned().unwrap_or_default();
        for package in listed {
            let field = |k: &str| package.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
            let dir = format!("{}-{}", field("name"), field("version"));
            packages.extend(sources.iter().map(|s| s.join(&dir)).filter(|d| d.is_dir()));
        }
    }
    if packages.is_empty() {
        return Err("no corpus package's sources are downloaded (cargo fetch)".to_owned());
    }
    Ok(packages.into_iter().collect())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => rust_files(&path, out),
            Ok(kind) if kind.is_file() && path.extension().is_some_and(|e| e == "rs") => {
                out.push(path);
            }
            _ => {}
        }
    }
}

/// `Some(mismatch)` when the walk counts or places differently from syn on a
/// file syn parses, or the pre-filter skips what the walk finds; `None`
/// otherwise. The second value says whether syn could not parse it.
fn compare(path: &Path) -> (Option<String>, bool) {
    let Ok(source) = std::fs::read_to_string(path) else { return (None, false) };
    if source.len() > 16 * 1024 * 1024 {
        return (None, false);
    }
    if let Some(difference) = fast_path_difference(&source) {
        return (Some(format!("{}: lexer: {difference}", path.display())), false);
    }
    let mut syn_failed = false;
    for include_tests in [false, true] {
        let walked = scan_source(&source, include_tests, false);
        let unfiltered = scan_unfiltered(&source, include_tests);
        if unfiltered.error.is_none() && walked != unfiltered {
            let mismatch = format!(
                "{} (include_tests {include_tests}): the pre-filter skips what the walk finds:\n  {:?}",
                path.display(),
                unfiltered
            );
            return (Some(mismatch), false);
        }
        match compare_with_syn(&source, include_tests) {
            Comparison::Rejected => syn_failed |= walked.error.is_none(),
            Comparison::Same => {}
            Comparison::Differs(difference) => {
                let place = format!("{} (include_tests {include_tests})", path.display());
                return (Some(format!("{place}: {difference}")), syn_failed);
            }
        }
    }
    (None, syn_failed)
}

#[test]
fn the_walk_counts_what_syn_counts_on_every_corpus_file() {
    let packages = match corpus_packages() {
        Ok(packages) => packages,
        Err(reason) => {
            common::missing(&reason);
            return;
        }
    };
    let mut files = Vec::new();
    for dir in &packages {
        rust_files(dir, &mut files);
    }
    let results: Vec<(Option<String>, bool)> = files.par_iter().map(|f| compare(f)).collect();
    let mismatches: Vec<&String> = results.iter().filter_map(|(m, _)| m.as_ref()).collect();
    let syn_failed = results.iter().filter(|(_, failed)| *failed).count();
    eprintln!(
        "{} files of {} packages compared; {} that syn does not parse were counted by the walk alone",
        files.len(),
        packages.len(),
        syn_failed
    );
    assert!(files.len() > 100, "too few files to compare: {}", files.len());
    assert!(
        mismatches.is_empty(),
        "{} files counted differently:\n{}",
        mismatches.len(),
        mismatches.iter().take(20).map(|m| m.as_str()).collect::<Vec<_>>().join("\n")
    );
}
