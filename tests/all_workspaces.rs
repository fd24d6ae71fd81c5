//! `--all-workspaces`: every Cargo workspace of a repository scored, one
//! repository report. The repository here: a virtual workspace at the root,
//! a `fuzz/` workspace with its own lockfile and a vulnerable dependency
//! (from the tiny fixture DB), an ignored copy, and a stale lockfile inside a
//! member of the root workspace.

mod common;

use common::{copy_into, fixture, fixture_db, json, layer};
use serde_json::Value;
use std::path::Path;

fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).expect(".git");
    copy_into(&fixture("workspaces/virtual"), root);
    copy_into(&fixture("advisories/scopes"), &root.join("fuzz"));
    copy_into(&fixture("advisories/scopes"), &root.join("ignored"));
    std::fs::write(root.join(".gitignore"), "/ignored/\n").expect(".gitignore");
    let stale = std::fs::read(root.join("Cargo.lock")).expect("lockfile");
    std::fs::write(root.join("crates/core/Cargo.lock"), stale).expect("stale lockfile");
    dir
}

fn run(root: &Path, format: &str) -> std::process::Output {
    common::secure()
        .current_dir(root.join("crates/app"))
        .args(["secure", "--offline", "--all-workspaces", "--format", format, "--db"])
        .arg(fixture_db())
        .output()
        .expect("runs")
}

#[test]
fn every_workspace_is_scored_and_one_failing_workspace_fails_the_repository() {
    let repo = repository();
    let output = run(repo.path(), "json");
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let report = json(&output);
    let paths: Vec<&str> = report["workspaces"]
        .as_array()
        .expect("workspaces")
        .iter()
        .map(|w| w["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, [".", "fuzz"], "the root first; the ignored copy is not scored");
    assert_eq!(report["gate"]["passed"], false);
    assert_eq!(report["gate"]["failing"], serde_json::json!(["fuzz"]));
    let skipped = &report["skipped"][0];
    assert_eq!(skipped["path"], "crates/core");
    assert!(skipped["reason"].as_str().expect("reason").contains("member of workspace `.`"));
    let fuzz = &report["workspaces"][1]["report"];
    let vulnerabilities: Vec<&Value> = layer(fuzz, "advisories")["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "vulnerability")
        .collect();
    assert!(!vulnerabilities.is_empty(), "the fuzz workspace's advisories are reported");
    assert!(
        vulnerabilities.iter().all(|f| f["workspace"] == "fuzz"),
        "labelled with their workspace"
    );
}

#[test]
fn the_repository_posture_is_measured_once_with_the_root_workspace() {
    let repo = repository();
    let report = json(&run(repo.path(), "json"));
    let root = &report["workspaces"][0]["report"];
    let fuzz = &report["workspaces"][1]["report"];
    assert_ne!(layer(root, "posture")["status"], "not-measured");
    assert_eq!(layer(fuzz, "posture")["status"], "not-measured");
    let reason = layer(fuzz, "posture")["not_measured_reason"].as_str().expect("reason");
    assert!(reason.contains("measured once for the repository, with workspace `.`"), "{reason}");
    assert!(
        fuzz["gate"]["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .all(|r| !r.as_str().unwrap_or_default().contains("posture")),
        "the posture measured elsewhere does not fail the fuzz workspace's gate"
    );
}

#[test]
fn sarif_locations_are_relative_to_the_repository_and_carry_the_workspace() {
    let repo = repository();
    let log = json(&run(repo.path(), "sarif"));
    let results = log["runs"][0]["results"].as_array().expect("results");
    let fuzz: Vec<&Value> =
        results.iter().filter(|r| r["properties"]["workspace"] == "fuzz").collect();
    assert!(!fuzz.is_empty());
    for result in fuzz {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(uri.starts_with("fuzz/"), "{uri}");
    }
    let base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().expect("base");
    assert_eq!(base, format!("file://{}/", repo.path().display()), "the repository is the base");
}

#[test]
fn the_human_report_ends_with_the_repository_table_and_verdict() {
    let repo = repository();
    let output = run(repo.path(), "human");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("══ workspace fuzz "), "{text}");
    let table = text.split("WORKSPACE").nth(1).expect("the repository table");
    assert!(table.contains("\nfuzz "), "{table}");
    assert!(table.contains("crates/core not scored: its Cargo.toml is a member of workspace `.`"));
    assert!(
        text.trim_end().ends_with("repository gate failed: 1 of 2 workspaces fail (fuzz)"),
        "{text}"
    );
}

#[test]
fn html_and_badge_describe_one_workspace_and_are_refused() {
    let repo = repository();
    for format in ["html", "badge"] {
        let output = run(repo.path(), format);
        assert_eq!(output.status.code(), Some(2));
        let error = common::one_line_error(&output);
        assert!(error.contains("describes one workspace"), "{error}");
    }
}

#[test]
fn the_repository_report_matches_its_schema() {
    let repo = repository();
    let report = json(&run(repo.path(), "json"));
    let schema =
        common::secure().args(["secure", "schema", "--all-workspaces"]).output().expect("schema");
    let schema: Value = serde_json::from_slice(&schema.stdout).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn excluded_workspaces_are_listed_as_not_scored() {
    let repo = repository();
    let output = common::secure()
        .current_dir(repo.path())
        .args(["secure", "--offline", "--all-workspaces", "--exclude-workspace", "fuz*"])
        .args(["--format", "json", "--db"])
        .arg(fixture_db())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "only the passing root is left");
    let report = json(&output);
    assert_eq!(report["workspaces"].as_array().expect("workspaces").len(), 1);
    let reasons: Vec<&str> = report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| s["reason"].as_str().expect("reason"))
        .collect();
    assert!(reasons.contains(&"excluded by --exclude-workspace fuz*"), "{reasons:?}");
}

#[test]
fn a_command_other_than_the_scorecard_refuses_all_workspaces() {
    let output = common::secure()
        .args(["secure", "release", "--all-workspaces", "--offline"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(common::one_line_error(&output).contains("--all-workspaces scores the repository"));
}

#[test]
fn a_malformed_exclude_glob_is_a_usage_error() {
    let repo = repository();
    let output = common::secure()
        .current_dir(repo.path())
        .args(["secure", "--offline", "--all-workspaces", "--exclude-workspace", "["])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(common::one_line_error(&output).contains("--exclude-workspace ["));
}
