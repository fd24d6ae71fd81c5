//! Replays every fuzz seed (`fuzz/seeds/<target>/`) and every input a fuzz
//! run ever crashed or hung on (`fixtures/fuzz-regressions/<target>/`)
//! through the same library functions the cargo-fuzz targets call, on the
//! stable toolchain, so a fixed crash stays fixed without nightly.

use std::path::{Path, PathBuf};

/// What a fuzz target runs on one input.
type Target = fn(&str);

/// The fuzz target names, each with what it runs.
const TARGETS: &[(&str, Target)] =
    &[("manifest", manifest), ("unsafe_scan", unsafe_scan), ("workflow_yaml", workflow_yaml)];

fn manifest(text: &str) {
    let root = Path::new("/nonexistent/fuzz");
    let _ = cargo_secure::manifest::Manifest::parse(
        text,
        root,
        root.join("secure.toml"),
        &cargo_secure::checks::vocabulary(),
    );
}

fn unsafe_scan(source: &str) {
    cargo_secure::fuzzing::unsafe_scan(source);
}

fn workflow_yaml(text: &str) {
    cargo_secure::fuzzing::workflow(text);
}

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs =
        [root.join("fuzz/seeds").join(target), root.join("fixtures/fuzz-regressions").join(target)];
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_seed_and_regression_input_returns() {
    for (target, run) in TARGETS {
        let files = inputs(target);
        assert!(!files.is_empty(), "no seeds for fuzz target {target}");
        for path in files {
            let bytes = std::fs::read(&path).expect("readable input");
            // The targets only feed UTF-8 on, as the tool's readers do.
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let returned = std::panic::catch_unwind(|| run(text));
                assert!(returned.is_ok(), "fuzz target {target} panics on {}", path.display());
            }
        }
    }
}

#[test]
fn the_fuzz_targets_call_the_same_functions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    let expected = [
        ("manifest", "Manifest::parse"),
        ("unsafe_scan", "fuzzing::unsafe_scan"),
        ("workflow_yaml", "fuzzing::workflow"),
    ];
    for (target, call) in expected {
        let source = std::fs::read_to_string(root.join(format!("{target}.rs"))).expect("target");
        assert!(source.contains(call), "fuzz target {target} no longer calls {call}");
    }
}
