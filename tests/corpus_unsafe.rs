//! The unsafe-code layer against cargo-geiger 0.13.0 on real workspaces
//! (`../shared/corpus/{hexyl-0.10.0,fd-8.2.1,alacritty-0.5.0}/cargo-geiger.json`).
//!
//! Skipped, with the reason printed, when `../shared` is absent or the
//! dependencies' sources were not downloaded (`cargo fetch --locked
//! --manifest-path ../shared/corpus/<case>/Cargo.toml`).
//!
//! We must be right, not identical. The differences, by kind:
//! - geiger counts every `.rs` file of a package ("used + unused"): tests,
//!   benches, examples, and files of other platforms that no `mod` reaches.
//!   We count the files of the lib/bin/proc-macro/build-script targets, found
//!   by following `mod` declarations (all platforms' `cfg_attr(path)` files
//!   included), without `#[cfg(test)]` code. So our `functions`, `impls` and
//!   `traits` never exceed geiger's used + unused counts, and are equal for
//!   nearly every package.
//! - `methods`: we count `unsafe fn` declared in traits (`unsafe trait T {
//!   unsafe fn f(); }`) as well as in impls; geiger counts impl methods only.
//!   Ours may be higher for crates that declare unsafe trait methods
//!   (foreign-types-shared, parking_lot_core, winit...).
//! - Platform files: we follow every platform's `mod` (all `cfg_attr(path)`
//!   candidates, `cfg_if!` bodies), so ours can be above geiger's *used*
//!   count (ctrlc 3.1.7: 5 functions, geiger used 2, all 14) but stays below
//!   its used + unused count.
//! - geiger counts one `unsafe fn` in jemalloc-sys 0.3.2, which declares none
//!   (only `unsafe extern "C" fn(...)` pointer types); we count 0.
//! - geiger lists packages that only other platforms build (alacritty's
//!   Windows-only `winpty-sys` build graph: bindgen, regex, aho-corasick); we
//!   scan the graph resolved for the host and report the rest as outside it.
//!   A package geiger lists and we do not must be outside the host graph.
//! - `exprs`: geiger counts expressions inside unsafe blocks; we count blocks.
//!   Not compared.
//! - geiger reports a crate whose file fails to parse (edition-2015 syntax syn
//!   2 rejects, such as anonymous trait parameters) as "forbids unsafe" with
//!   zero counts (dtoa 0.4.6, signal-hook-registry 1.2.0). We count
//!   dependencies from their tokens, which rustc's lexer reads whatever the
//!   edition, so we count them. The same goes for one file of a package
//!   (wayland-client 0.23.6's `proxy.rs`), where geiger counts the other
//!   files only. A package where we count more than geiger is left out of the
//!   comparison when one of its files is one syn cannot parse.

#![allow(clippy::print_stderr)] // the test says how close it came to geiger
mod common;

use cargo_secure::facts::unsafe_scan::counter::scan_source;
use cargo_secure::fuzzing::{Comparison, compare_with_syn};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const KINDS: [(&str, &str); 4] = [
    ("functions", "functions"),
    ("methods", "methods"),
    ("impls", "item_impls"),
    ("traits", "item_traits"),
];

fn compare(case: &str) {
    // `../shared` beside the checkout (`../../shared` from a worktree under `wt/`).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .find(|p| p.is_dir())
        .unwrap_or_else(|| root.join("../shared"));
    let corpus = shared.join("corpus").join(case);
    let geiger_path = corpus.join("cargo-geiger.json");
    let Ok(geiger_text) = std::fs::read_to_string(&geiger_path) else {
        common::missing(&format!("{} is absent", geiger_path.display()));
        return;
    };
    let cache = tempfile::tempdir().expect("tempdir");
    let output = common::secure()
        .args(["secure", "--offline", "--allow-unmeasured", "advisories", "--format", "json"])
        .arg("--manifest-path")
        .arg(corpus.join("Cargo.toml"))
        .env("CARGO_SECURE_DB", cache.path().join("no-db"))
        .env("CARGO_SECURE_CACHE_DIR", cache.path().join("cache"))
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("json report");
    let layer = report["layers"]
        .as_array()
        .and_then(|ls| ls.iter().find(|l| l["id"] == "unsafe-code"))
        .expect("layer");
    let missing = layer["findings"]
        .as_array()
        .is_some_and(|fs| fs.iter().any(|f| f["code"] == "dependency-sources-missing"));
    if missing {
        common::missing(&format!(
            "{case}'s dependency sources (run `cargo fetch --locked --manifest-path {}`)",
            corpus.join("Cargo.toml").display()
        ));
        return;
    }
    let ours: HashMap<(String, String), &Value> = layer["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                (
                    p["name"].as_str().unwrap_or("").to_owned(),
                    p["version"].as_str().unwrap_or("").to_owned(),
                ),
                p,
            )
        })
        .collect();
    let geiger: Value = serde_json::from_str(&geiger_text).expect("geiger json");
    let host = host_graph(&corpus);
    let mut compared = 0usize;
    let mut equal: HashMap<&str, usize> = HashMap::new();
    for g in geiger["packages"].as_array().expect("geiger packages") {
        let key = (
            g["name"].as_str().unwrap_or("").to_owned(),
            g["version"].as_str().unwrap_or("").to_owned(),
        );
        let Some(p) = ours.get(&key) else {
            assert!(
                !host.contains_key(&key),
                "{case}: we do not list {key:?}, which the host builds"
            );
            continue;
        };
        if p["status"] == "unknown" {
            continue;
        }
        let pairs: Vec<(&str, u64, u64)> = KINDS
            .iter()
            .map(|(kind, g_kind)| {
                (
                    *kind,
                    p["counts"][kind].as_u64().unwrap_or(0),
                    g["unsafe"][g_kind].as_u64().unwrap_or(0),
                )
            })
            .collect();
        let above = pairs.iter().any(|(kind, a, b)| *kind != "methods" && a > b);
        if above && syn_rejects_a_file(host.get(&key).map_or(Path::new(""), PathBuf::as_path)) {
            // geiger counted nothing in the file syn cannot parse.
            continue;
        }
        compared += 1;
        for (kind, a, b) in pairs {
            if a == b {
                *equal.entry(kind).or_default() += 1;
            }
            if kind != "methods" {
                assert!(a <= b, "{case}: {key:?} {kind}: ours {a} > geiger used+unused {b}");
            }
        }
        if p["forbids_unsafe"] == true {
            assert_eq!(g["forbids_unsafe"], true, "{case}: {key:?} forbids for us only");
        }
    }
    assert!(compared > 20, "{case}: only {compared} packages compared");
    for (kind, _) in KINDS {
        let share = *equal.get(kind).unwrap_or(&0) as f64 / compared as f64;
        let floor = if kind == "methods" { 0.85 } else { 0.9 };
        assert!(
            share >= floor,
            "{case}: {kind} equal for only {:.0}% of {compared}",
            share * 100.0
        );
        eprintln!(
            "{case}: {kind} equal to geiger for {:.0}% of {compared} packages",
            share * 100.0
        );
    }
}

/// Whether syn fails to parse one of the `.rs` files under `dir` that the
/// item walk reads.
fn syn_rejects_a_file(dir: &Path) -> bool {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).into_iter().flatten().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap_or_default();
                let rejected = compare_with_syn(&source, false) == Comparison::Rejected;
                if rejected && scan_source(&source, false, false).error.is_none() {
                    return true;
                }
            }
        }
    }
    false
}

/// The (name, version) of every package the host platform builds, with its directory.
fn host_graph(corpus: &Path) -> HashMap<(String, String), PathBuf> {
    let rustc = std::process::Command::new("rustc").arg("-vV").output().expect("rustc -vV");
    let text = String::from_utf8_lossy(&rustc.stdout).into_owned();
    let host = text.lines().find_map(|l| l.strip_prefix("host: ")).expect("host triple");
    let metadata = cargo_metadata::MetadataCommand::new()
        .manifest_path(corpus.join("Cargo.toml"))
        .other_options(
            ["--locked", "--offline", "--filter-platform", host].map(String::from).to_vec(),
        )
        .exec()
        .expect("cargo metadata");
    let resolve = metadata.resolve.as_ref().expect("resolve");
    resolve
        .nodes
        .iter()
        .map(|n| &metadata[&n.id])
        .map(|p| {
            let dir = p.manifest_path.parent().map(|d| d.as_std_path().to_path_buf());
            ((p.name.to_string(), p.version.to_string()), dir.unwrap_or_default())
        })
        .collect()
}

#[test]
fn hexyl_agrees_with_geiger_where_geiger_is_right() {
    compare("hexyl-0.10.0");
}

#[test]
fn fd_agrees_with_geiger_where_geiger_is_right() {
    compare("fd-8.2.1");
}

#[test]
fn alacritty_agrees_with_geiger_where_geiger_is_right() {
    compare("alacritty-0.5.0");
}
