//! The correctness bar: on every case of `../shared/corpus`, the advisories
//! layer reports exactly the (advisory id, package, version) set that
//! cargo-audit 0.22.2 reported with the same database (`cargo-audit.json`).

#![allow(clippy::print_stderr)] // the test reports skips and per-case agreement

mod common;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

type Key = (String, String, String);

/// `../shared` beside the project, or `CARGO_SECURE_SHARED` (e.g. from a git worktree).
fn shared() -> PathBuf {
    std::env::var_os("CARGO_SECURE_SHARED")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"), PathBuf::from)
}

fn key(id: &Value, name: &Value, version: &Value) -> Key {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    (text(id), text(name), text(version))
}

fn expected(case: &Path) -> BTreeSet<Key> {
    let text = std::fs::read_to_string(case.join("cargo-audit.json")).expect("cargo-audit.json");
    let json: Value = serde_json::from_str(&text).expect("cargo-audit.json is JSON");
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| key(&f["id"], &f["package"], &f["version"]))
        .collect()
}

fn reported(case: &Path, db: &Path) -> BTreeSet<Key> {
    let output = common::secure()
        .current_dir(case)
        .env("CARGO_SECURE_TODAY", "2026-08-25")
        .arg("secure")
        .arg("--db")
        .arg(db)
        .args(["--offline", "--format", "json", "--color", "never", "--quiet"])
        .output()
        .expect("run cargo-secure");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}: exit {:?}: {}",
        case.display(),
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let layer = json["layers"]
        .as_array()
        .and_then(|layers| layers.iter().find(|l| l["id"] == "advisories"))
        .expect("advisories layer");
    layer["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| !f["advisory"].is_null() && f["code"] != "yanked")
        .map(|f| key(&f["advisory"]["id"], &f["package"]["name"], &f["package"]["version"]))
        .collect()
}

#[test]
fn advisories_agree_with_cargo_audit_on_every_corpus_case() {
    let corpus = shared().join("corpus");
    let db = shared().join("advisory-db");
    if !corpus.is_dir() || !db.is_dir() {
        common::missing(&format!("{} or {} is absent", corpus.display(), db.display()));
        return;
    }
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("read corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("cargo-audit.json").is_file())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in {}", corpus.display());
    let mut failures = Vec::new();
    for case in &cases {
        let want = expected(case);
        let got = reported(case, &db);
        let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if want == got {
            eprintln!("{name}: {} findings agree with cargo-audit", want.len());
            continue;
        }
        let missing: Vec<&Key> = want.difference(&got).collect();
        let extra: Vec<&Key> = got.difference(&want).collect();
        failures.push(format!("{name}:\n  missing (cargo-audit only): {missing:?}\n  extra (cargo secure only): {extra:?}"));
    }
    assert!(failures.is_empty(), "disagreements with cargo-audit:\n{}", failures.join("\n"));
}
