//! A full run leaves the scanned workspace byte-for-byte unchanged: every
//! file hashed before and after every output format and the read-only
//! commands, `Cargo.lock` included, and no file or directory appears (no
//! `target/`, no cache). On a fixture, and on a corpus workspace when
//! `../shared` is present.

mod common;

use common::{copy_tree, fixture, fixture_db, root, secure, tree};
use std::path::Path;

fn every_run(dir: &Path, db: &Path) {
    for format in ["human", "json", "sarif", "markdown", "github"] {
        let output = secure()
            .current_dir(dir)
            .args(["secure", "--offline", "--format", format, "--db"])
            .arg(db)
            .output()
            .expect("runs");
        assert!(matches!(output.status.code(), Some(0 | 1)), "{format}: {output:?}");
    }
    for args in [&["secure", "release", "--offline"][..], &["secure", "explain", "vulnerability"]] {
        let output =
            secure().current_dir(dir).args(args).arg("--db").arg(db).output().expect("runs");
        assert!(matches!(output.status.code(), Some(0 | 1)), "{args:?}: {output:?}");
    }
}

#[test]
fn a_fixture_workspace_is_left_unchanged() {
    let dir = copy_tree(&fixture("posture/good"));
    let before = tree(dir.path());
    every_run(dir.path(), &fixture_db());
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn a_corpus_workspace_is_left_unchanged() {
    let case = root().join("../shared/corpus/hexyl-0.10.0");
    if !case.is_dir() {
        common::missing(&format!("{} is absent", case.display()));
        return;
    }
    let dir = copy_tree(&case);
    let before = tree(dir.path());
    every_run(dir.path(), &root().join("../shared/advisory-db"));
    assert_eq!(tree(dir.path()), before);
}

/// cargo keeps what rustc told it (`.rustc_info.json`) in its target
/// directory: cargo secure points that at a directory of its own, so an
/// existing `target/` is not written to, and cargo's record is kept for the
/// next run instead of asking rustc three times again.
#[test]
fn cargo_keeps_its_rustc_answers_in_our_directory_not_the_workspace_target() {
    let dir = copy_tree(&fixture("posture/good"));
    std::fs::create_dir(dir.path().join("target")).expect("target dir");
    let cache = tempfile::tempdir().expect("cache dir");
    let output = secure()
        .current_dir(dir.path())
        .env("CARGO_SECURE_CACHE_DIR", cache.path())
        .args(["secure", "--offline", "--format", "json", "--db"])
        .arg(fixture_db())
        .output()
        .expect("runs");
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let written: Vec<_> = std::fs::read_dir(dir.path().join("target")).expect("read").collect();
    assert!(written.is_empty(), "target/ was written to: {written:?}");
    assert!(cache.path().join("cargo-target/.rustc_info.json").is_file());
}
