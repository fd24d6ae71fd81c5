//! `cargo secure fetch` clones and then updates the advisory database with
//! gix, from `--db-url` (a mirror; here a local repository holding the tiny
//! fixture DB), and the copy's date comes from its last commit.

mod common;

use common::{copy_into, fixture_db, git, secure};
use std::path::Path;

fn fetch(url: &str, db: &Path) -> std::process::Output {
    secure()
        .env("CARGO_SECURE_DB", db)
        .args(["secure", "fetch", "--db-url", url])
        .output()
        .expect("runs")
}

#[test]
fn fetch_clones_then_updates_the_database_from_a_mirror() {
    let dir = tempfile::tempdir().expect("tempdir");
    let upstream = dir.path().join("upstream");
    copy_into(&fixture_db(), &upstream);
    git(&upstream, &["init", "-q"]);
    git(&upstream, &["add", "-A"]);
    git(&upstream, &["commit", "-qm", "advisories"]);
    let url = format!("file://{}", upstream.display());
    let db = dir.path().join("copy");

    let first = fetch(&url, &db);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(0), "stderr: {stderr}");
    assert!(db.join("crates/vulncrate/RUSTSEC-2099-0001.md").is_file(), "cloned");
    let said = format!("{}{stderr}", String::from_utf8_lossy(&first.stdout));
    assert!(said.contains("6 advisories") && said.contains("2026-11-20"), "{said}");

    let added = upstream.join("crates/vulncrate/RUSTSEC-2099-0099.md");
    let text = std::fs::read_to_string(upstream.join("crates/vulncrate/RUSTSEC-2099-0001.md"))
        .expect("read")
        .replace("RUSTSEC-2099-0001", "RUSTSEC-2099-0099");
    std::fs::write(&added, text).expect("write");
    git(&upstream, &["add", "-A"]);
    git(&upstream, &["commit", "-qm", "one more"]);

    let second = fetch(&url, &db);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(0), "stderr: {stderr}");
    assert!(db.join("crates/vulncrate/RUSTSEC-2099-0099.md").is_file(), "updated");
    let said = format!("{}{stderr}", String::from_utf8_lossy(&second.stdout));
    assert!(said.contains("7 advisories"), "{said}");
}

#[test]
fn a_fetch_from_nowhere_with_no_copy_says_so_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", dir.path().join("no-such-repository").display());
    let output = fetch(&url, &dir.path().join("copy"));
    let line = common::one_line_error(&output);
    assert!(line.contains("no-such-repository"), "{line}");
}
