//! The posture and supply-chain layers on every workspace of
//! `../shared/corpus`: each run finishes with a gate verdict (exit 0 or 1),
//! both layers are measured, and every score stays within 0..=10. Skipped,
//! with the reason printed, when `../shared` is absent.

#![allow(clippy::print_stderr)] // the test reports what it measured on stderr
mod common;

use common::{json, layer, root, secure};

#[test]
fn every_corpus_case_gets_both_layers_measured() {
    let corpus = root().join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        common::missing(&format!("{} is absent", corpus.display()));
        return;
    };
    let mut cases: Vec<_> =
        entries.flatten().map(|e| e.path()).filter(|p| p.join("Cargo.toml").is_file()).collect();
    cases.sort();
    assert!(!cases.is_empty(), "no corpus cases in {}", corpus.display());
    for case in cases {
        let output = secure()
            .current_dir(&case)
            .args(["secure", "--offline", "--format", "json", "--db"])
            .arg(root().join("../shared/advisory-db"))
            .output()
            .expect("runs");
        let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report = json(&output);
        for id in ["posture", "supply-chain"] {
            let l = layer(&report, id);
            let score =
                l["score"].as_f64().unwrap_or_else(|| panic!("{name}: {id} not measured: {l}"));
            assert!((0.0..=10.0).contains(&score), "{name}: {id} scored {score}");
            for sub in l["checks"].as_array().expect("checks") {
                if let Some(s) = sub["score"].as_f64() {
                    assert!((0.0..=10.0).contains(&s), "{name}: {} scored {s}", sub["id"]);
                }
            }
            eprintln!("{name}: {id} {score}");
        }
    }
}
