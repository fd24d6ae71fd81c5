//! With `--offline`, cargo secure opens no network connection: run inside a
//! network namespace without interfaces (`unshare -n`), it completes with the
//! same JSON as a run outside. Skipped, with the reason printed, where
//! `unshare -n` is not permitted or `../shared` is absent.

mod common;

use common::{fixture, fixture_db, root};
use std::path::Path;
use std::process::Command;

fn unshare_works() -> bool {
    Command::new("unshare").args(["-n", "true"]).output().is_ok_and(|o| o.status.success())
}

/// The JSON of an offline run in `dir`, inside the namespace or not.
fn run(dir: &Path, db: &Path, isolated: bool) -> Vec<u8> {
    let bin = assert_cmd::cargo::cargo_bin("cargo-secure");
    let mut cmd = if isolated {
        let mut c = Command::new("unshare");
        c.arg("-n").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let output = cmd
        .current_dir(dir)
        .env("CARGO_SECURE_TODAY", "2026-11-23")
        .args(["secure", "--offline", "--format", "json", "--db"])
        .arg(db)
        .output()
        .expect("runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "isolated={isolated}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn same_inside_and_outside(dir: &Path, db: &Path) {
    if !unshare_works() {
        common::missing("`unshare -n` is not available or not permitted here");
        return;
    }
    let outside = run(dir, db, false);
    let inside = run(dir, db, true);
    assert!(outside == inside, "findings differ inside the network namespace");
}

#[test]
fn a_fixture_scans_identically_without_a_network() {
    same_inside_and_outside(&fixture("posture/bad"), &fixture_db());
}

#[test]
fn a_corpus_workspace_scans_identically_without_a_network() {
    let case = root().join("../shared/corpus/fd-8.2.1");
    if !case.is_dir() {
        common::missing(&format!("{} is absent", case.display()));
        return;
    }
    same_inside_and_outside(&case, &root().join("../shared/advisory-db"));
}
