//! Two runs give identical JSON: stable ordering everywhere (layers,
//! findings, packages, sub-checks). On a fixture with findings in every
//! layer, and on the largest corpus workspace when `../shared` is present.

mod common;

use common::{fixture, fixture_db, root, secure};
use std::path::Path;

fn json_twice(dir: &Path, db: &Path) -> (Vec<u8>, Vec<u8>) {
    let run = |cache: bool| {
        let mut cmd = secure();
        cmd.current_dir(dir).args(["secure", "--offline", "--format", "json", "--db"]).arg(db);
        if !cache {
            cmd.arg("--no-cache");
        }
        let output = cmd.output().expect("runs");
        assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
        output.stdout
    };
    (run(false), run(true))
}

#[test]
fn a_fixture_reports_identically_twice() {
    let (a, b) = json_twice(&fixture("posture/bad"), &fixture_db());
    assert!(!a.is_empty());
    assert!(a == b, "two runs differ");
}

#[test]
fn the_largest_corpus_workspace_reports_identically_twice() {
    let case = root().join("../shared/corpus/nushell-0.31.0");
    if !case.is_dir() {
        common::missing(&format!("{} is absent", case.display()));
        return;
    }
    let (a, b) = json_twice(&case, &root().join("../shared/advisory-db"));
    assert!(a == b, "two runs differ");
}
