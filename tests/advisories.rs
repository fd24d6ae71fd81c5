//! The advisories layer on hand-written fixtures: every kind, scopes, paths,
//! fixes, locations, exit codes, and the DB states (stale, missing, fetch failed).

#![allow(clippy::print_stderr)] // a test reports why it skips

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/advisories").join(case)
}

fn fixture_db() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/advisory-db")
}

/// `cargo secure` in a fixture (its `.cargo/config.toml` vendors crates.io),
/// with a fixed date, colour off and JSON output.
fn secure(case: &str, today: &str) -> Command {
    let mut cmd = common::secure();
    cmd.current_dir(fixture(case))
        .env("CARGO_SECURE_TODAY", today)
        .env("NO_COLOR", "1")
        .env_remove("CARGO_SECURE_DB")
        .args(["secure", "--format", "json", "--color", "never"]);
    cmd
}

fn offline(case: &str) -> Command {
    let mut cmd = secure(case, "2099-01-20");
    cmd.arg("--offline").arg("--db").arg(fixture_db());
    cmd
}

fn run(mut cmd: Command, code: i32) -> Value {
    let output = cmd.output().expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).expect("json report")
}

fn layer(report: &Value) -> &Value {
    report["layers"]
        .as_array()
        .and_then(|layers| layers.iter().find(|l| l["id"] == "advisories"))
        .expect("advisories layer")
}

fn findings<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    layer(report)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

fn codes(report: &Value) -> Vec<String> {
    let mut codes: Vec<String> = layer(report)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    codes.sort();
    codes
}

fn one<'a>(report: &'a Value, id: &str) -> &'a Value {
    let matching: Vec<&Value> = layer(report)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["advisory"]["id"] == id)
        .collect();
    assert_eq!(matching.len(), 1, "{id}: {matching:?}");
    matching[0]
}

#[test]
fn every_kind_is_reported_with_scope_path_fix_and_location() {
    let report = run(offline("scopes"), 1);
    assert_eq!(
        codes(&report),
        [
            "notice",
            "unmaintained",
            "unsound",
            "vulnerability",
            "vulnerability",
            "yanked-not-checked"
        ]
    );

    let direct = one(&report, "RUSTSEC-2099-0001");
    assert_eq!(direct["code"], "vulnerability");
    assert_eq!(direct["severity"], "error");
    assert_eq!(direct["package"], serde_json::json!({"name": "vulncrate", "version": "1.0.0"}));
    assert_eq!(direct["scope"], "normal");
    assert_eq!(direct["via"], serde_json::json!(["app", "vulncrate"]));
    assert_eq!(direct["fix"], "cargo update -p vulncrate@1.0.0 --precise 1.0.5");
    assert_eq!(
        direct["location"],
        serde_json::json!({"path": "app/Cargo.toml", "line": 8, "column": 1})
    );
    let advisory = &direct["advisory"];
    assert_eq!(advisory["kind"], "vulnerability");
    assert_eq!(advisory["aliases"], serde_json::json!(["CVE-2099-0001", "GHSA-aaaa-bbbb-cccc"]));
    assert_eq!(advisory["patched"], serde_json::json!([">=1.0.5"]));
    assert_eq!(advisory["cvss_score"], 9.8);
    assert_eq!(advisory["cvss_severity"], "critical");
    assert_eq!(advisory["title"], "Remote code execution in vulncrate");

    let transitive = one(&report, "RUSTSEC-2099-0002");
    assert_eq!(transitive["via"], serde_json::json!(["app", "mid", "oldvuln"]));
    assert_eq!(transitive["scope"], "normal");
    assert!(transitive["advisory"].get("cvss_score").is_none());
    assert_eq!(
        transitive["fix"],
        "upgrade mid (it pulls in oldvuln 0.1.0; patched: >=0.2.0, not semver-compatible)"
    );
    assert_eq!(
        transitive["location"],
        serde_json::json!({"path": "Cargo.lock", "line": 38, "column": 1})
    );

    let build = one(&report, "RUSTSEC-2099-0004");
    assert_eq!((build["code"].as_str(), build["scope"].as_str()), (Some("unsound"), Some("build")));
    assert_eq!(build["fix"], "cargo update -p shaky@0.3.0 --precise 0.3.1");

    let dev = one(&report, "RUSTSEC-2099-0003");
    assert_eq!((dev["code"].as_str(), dev["scope"].as_str()), (Some("unmaintained"), Some("dev")));
    assert!(dev.get("fix").is_none(), "no patched version, no fix");

    let optional = one(&report, "RUSTSEC-2099-0005");
    assert_eq!(
        (optional["code"].as_str(), optional["scope"].as_str()),
        (Some("notice"), Some("lockfile"))
    );
    assert_eq!(optional["severity"], "note");
    assert!(
        optional["message"]
            .as_str()
            .is_some_and(|m| m.contains("outside cargo metadata's default resolve"))
    );

    let layer = layer(&report);
    assert_eq!(layer["status"], "fail");
    assert_eq!(layer["yanked_checked"], false);
    assert_eq!(layer["db"]["updated"], "2099-01-15");
    assert_eq!(layer["db"]["age_days"], 5);
    assert_eq!(layer["db"]["fetched"], false);
    assert_eq!(report["gate"]["passed"], false);
}

#[test]
fn withdrawn_advisories_are_ignored() {
    let report = run(offline("scopes"), 1);
    let text = layer(&report)["findings"].to_string();
    assert!(!text.contains("RUSTSEC-2099-0006") && !text.contains("withdrawnc"), "{text}");
}

#[test]
fn dev_only_vulnerability_is_a_warning_and_passes_the_gate() {
    let report = run(offline("devonly"), 0);
    let vulnerability = one(&report, "RUSTSEC-2099-0001");
    assert_eq!(vulnerability["scope"], "dev");
    assert_eq!(vulnerability["severity"], "warning");
    assert_eq!(layer(&report)["status"], "warn");
}

#[test]
fn git_and_path_packages_sharing_a_rustsec_name_are_not_findings() {
    let report = run(offline("sources"), 0);
    assert_eq!(codes(&report), ["yanked-not-checked"]);
    assert_eq!(layer(&report)["score"], 10.0);
}

#[test]
fn an_old_database_is_a_stale_warning() {
    let mut cmd = secure("devonly", "2099-03-01");
    cmd.arg("--offline").arg("--db").arg(fixture_db());
    let report = run(cmd, 0);
    let stale = findings(&report, "advisory-db-stale");
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0]["severity"], "warning");
    assert!(stale[0]["message"].as_str().is_some_and(|m| m.contains("45 days old")));

    let mut cmd = secure("devonly", "2099-03-01");
    cmd.arg("--offline").arg("--db").arg(fixture_db()).args(["--max-db-age", "60"]);
    assert!(findings(&run(cmd, 0), "advisory-db-stale").is_empty());
}

#[test]
fn no_database_leaves_the_layer_unmeasured_and_fails_the_gate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = secure("devonly", "2099-01-20");
    cmd.arg("--offline").env("CARGO_SECURE_DB", dir.path().join("none"));
    let report = run(cmd, 1);
    assert_eq!(layer(&report)["status"], "not-measured");
    assert!(
        layer(&report)["not_measured_reason"]
            .as_str()
            .is_some_and(|r| r.contains("cargo secure fetch"))
    );
    assert!(report["gate"]["reasons"].to_string().contains("advisories"));
}

#[test]
fn a_failed_fetch_uses_the_existing_copy_and_says_so() {
    // A copy of the fixture DB that is not a git checkout: the fetch fails
    // without touching the network, and the copy is used.
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("advisory-db");
    copy_dir(&fixture_db(), &db);
    let mut cmd = secure("sources", "2099-01-20");
    cmd.env("CARGO_SECURE_DB", &db);
    let report = run(cmd, 0);
    let failed = findings(&report, "advisory-db-fetch-failed");
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["severity"], "warning");
    let layer = layer(&report);
    assert_eq!(layer["status"], "warn");
    assert_eq!(layer["db"]["fetched"], false);
    assert!(layer["db"]["fetch_note"].as_str().is_some_and(|n| n.contains("advisory-db")));
}

#[test]
fn fetch_warning_without_a_copy_does_not_claim_the_existing_copy() {
    // No DB on disk and a fetch that fails (a closed local port): the
    // warning says what happens instead of "using the existing copy".
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = secure("sources", "2099-01-20");
    cmd.env("CARGO_SECURE_DB", dir.path().join("advisory-db"))
        .args(["--db-url", "http://127.0.0.1:9/advisory-db"]);
    let report = run(cmd, 1);
    let failed = findings(&report, "advisory-db-fetch-failed");
    assert_eq!(failed.len(), 1);
    let message = failed[0]["message"].as_str().expect("message");
    assert!(
        message.ends_with("; there is no local copy, so advisories are not measured"),
        "{message}"
    );
    assert_eq!(layer(&report)["status"], "not-measured");
}

#[test]
fn fetch_command_falls_back_to_the_copy_or_fails_without_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("advisory-db");
    copy_dir(&fixture_db(), &db);
    let mut cmd = common::secure();
    cmd.args(["secure", "fetch"]).env("CARGO_SECURE_DB", &db);
    cmd.assert().success().stdout(predicates::str::contains("using the existing copy"));

    // A DB path under a regular file cannot be created: no copy, exit 2.
    let file = dir.path().join("file");
    std::fs::write(&file, "").expect("write");
    let mut cmd = common::secure();
    cmd.args(["secure", "fetch"]).env("CARGO_SECURE_DB", file.join("db"));
    cmd.assert().code(2).stderr(predicates::str::starts_with("error: no advisory database"));
}

#[test]
fn an_explicit_db_that_is_not_a_database_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = secure("devonly", "2099-01-20");
    cmd.arg("--offline").arg("--db").arg(dir.path());
    let output = cmd.output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not a RustSec advisory database"), "{stderr}");
}

#[test]
fn every_advisories_code_is_documented() {
    for code in [
        "vulnerability",
        "unmaintained",
        "unsound",
        "notice",
        "yanked",
        "advisory-db-stale",
        "advisory-db-fetch-failed",
        "yanked-not-checked",
    ] {
        let mut cmd = common::secure();
        cmd.args(["secure", "explain", code]).assert().success();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn a_git_database_is_dated_by_its_last_commit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("advisory-db");
    copy_dir(&fixture_db(), &db);
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(&db)
            .args(args)
            .env("GIT_AUTHOR_DATE", "2099-01-18T12:00:00Z")
            .env("GIT_COMMITTER_DATE", "2099-01-18T12:00:00Z")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
    };
    let committed = git(&["init", "-q"]).is_ok_and(|o| o.status.success())
        && git(&["add", "."]).is_ok_and(|o| o.status.success())
        && git(&["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "db"])
            .is_ok_and(|o| o.status.success());
    if !committed {
        common::missing("git is not usable here");
        return;
    }
    let mut cmd = secure("devonly", "2099-01-20");
    cmd.arg("--offline").arg("--db").arg(&db);
    let report = run(cmd, 0);
    assert_eq!(layer(&report)["db"]["updated"], "2099-01-18");
    assert_eq!(layer(&report)["db"]["age_days"], 2);
}
