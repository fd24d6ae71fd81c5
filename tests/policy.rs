//! Organisation policies (`secure-policy.toml`) end to end: `extends` chains
//! from a repository's `secure.toml`, floors, loosenings, and the policy named
//! in every report. The fixture is a monorepo: `platform/` holds the policies,
//! `services/app` the workspace; the `.git` marker that makes it one
//! repository is created at run time (git cannot commit a `.git` directory).

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// A copy of the monorepo fixture, made a repository by a `.git` marker.
fn monorepo() -> tempfile::TempDir {
    let dir = common::copy_tree(&common::fixture("policy/monorepo"));
    std::fs::create_dir_all(dir.path().join(".git")).expect("mkdir .git");
    dir
}

fn app(repo: &Path) -> std::path::PathBuf {
    repo.join("services/app")
}

/// `cargo secure` on the app, hermetic: offline, no DB, fixed date, no colour.
fn secure(repo: &Path, args: &[&str]) -> Command {
    let mut cmd = common::secure();
    cmd.env("CARGO_SECURE_CACHE_DIR", repo.join("cache"))
        .arg("--offline")
        .arg("--color")
        .arg("never")
        .arg("--manifest-path")
        .arg(app(repo).join("Cargo.toml"))
        .args(["--allow-unmeasured", "advisories"])
        .args(args);
    cmd
}

fn scan(repo: &Path) -> (i32, Value) {
    let out = secure(repo, &["--format", "json"]).output().expect("run");
    let code = out.status.code().expect("exit code");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("exit {code}, not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr))
    });
    (code, json)
}

fn findings<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .flat_map(|l| l["findings"].as_array().expect("findings"))
        .filter(|f| f["code"] == code)
        .collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).expect("write");
}

fn append(path: &Path, more: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    std::fs::write(path, format!("{text}{more}")).expect("write");
}

/// Exit 2 and one stderr line, returned.
fn refused(repo: &Path) -> String {
    let out = secure(repo, &["--format", "json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    common::one_line_error(&out)
}

#[test]
fn the_floors_of_the_whole_chain_apply() {
    let repo = monorepo();
    let (_, report) = scan(repo.path());
    let policy = &report["gate"]["policy"];
    assert_eq!(policy["min_score"], 8.0, "acme-rust's min-score");
    assert_eq!(policy["max_db_age_days"], 7, "the stricter of 14d (base) and 7d");
    assert_eq!(policy["layer_min"]["manifest"], 6.0);
    let fail_on: Vec<&str> =
        policy["fail_on"].as_array().expect("fail_on").iter().filter_map(Value::as_str).collect();
    assert!(fail_on.contains(&"unmaintained"), "the base's fail-on addition: {fail_on:?}");
    assert!(fail_on.contains(&"vulnerability"), "the criticality's defaults stay: {fail_on:?}");
    let names: Vec<String> = policy["policies"]
        .as_array()
        .expect("policies")
        .iter()
        .map(|p| format!("{} {} {}", p["name"], p["version"], p["path"]))
        .collect();
    assert_eq!(
        names,
        [
            r#""acme-baseline" "3" "../../platform/base-policy.toml""#,
            r#""acme-rust" "2026.1" "../../platform/secure-policy.toml""#
        ]
    );
    assert!(findings(&report, "policy-loosened").is_empty());
}

#[test]
fn every_report_names_the_policy_in_force() {
    let repo = monorepo();
    for format in ["human", "markdown", "html", "json"] {
        let out = secure(repo.path(), &["--format", format]).output().expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("acme-rust"), "{format}: {text}");
        assert!(text.contains("2026.1"), "{format}: {text}");
    }
}

#[test]
fn the_command_line_cannot_go_below_the_floor() {
    let repo = monorepo();
    let out =
        secure(repo.path(), &["--format", "json", "--fail-under", "2"]).output().expect("run");
    let report = common::json(&out);
    assert_eq!(report["gate"]["policy"]["min_score"], 8.0);
}

#[test]
fn a_loosening_is_flagged_with_both_locations_and_the_floor_applies() {
    let repo = monorepo();
    let toml = app(repo.path()).join("secure.toml");
    edit(&toml, "criticality = \"medium\"", "criticality = \"low\"");
    append(&toml, "\n[gate]\nmin-score = 5\n");
    let (code, report) = scan(repo.path());
    assert_eq!(code, 1, "a loosening fails the gate");
    let loosened = findings(&report, "policy-loosened");
    let messages: Vec<&str> = loosened.iter().filter_map(|f| f["message"].as_str()).collect();
    assert_eq!(loosened.len(), 2, "{messages:?}");
    assert!(loosened.iter().all(|f| f["severity"] == "error"));
    assert!(
        messages.iter().any(|m| m.starts_with("secure.toml:6 sets criticality = low")
            && m.contains("../../platform/base-policy.toml:7")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("secure.toml:12 sets min-score = 5")
            && m.contains("../../platform/secure-policy.toml:8")),
        "{messages:?}"
    );
    assert_eq!(loosened[0]["location"]["path"], "secure.toml");
    let policy = &report["gate"]["policy"];
    assert_eq!(policy["criticality"], "medium", "raised to min-criticality");
    assert_eq!(policy["min_score"], 8.0);
    assert!(policy["source"].as_str().unwrap_or("").contains("min-criticality"), "{policy}");
}

#[test]
fn a_policy_down_the_chain_cannot_loosen_its_base() {
    let repo = monorepo();
    let team = repo.path().join("platform/secure-policy.toml");
    edit(&team, "max-db-age = \"7d\"", "max-db-age = \"30d\"");
    let (_, report) = scan(repo.path());
    let loosened = findings(&report, "policy-loosened");
    assert_eq!(loosened.len(), 1);
    let message = loosened[0]["message"].as_str().unwrap_or("");
    assert!(message.starts_with("../../platform/secure-policy.toml:9 sets max-db-age = 30"));
    assert!(message.contains("../../platform/base-policy.toml:9"), "{message}");
    assert_eq!(report["gate"]["policy"]["max_db_age_days"], 7, "the base's 14, or the default 7");
}

#[test]
fn a_tighter_repository_value_stands() {
    let repo = monorepo();
    let toml = app(repo.path()).join("secure.toml");
    edit(&toml, "criticality = \"medium\"", "criticality = \"high\"");
    append(&toml, "\n[gate]\nmin-score = 9\n");
    let (_, report) = scan(repo.path());
    assert!(findings(&report, "policy-loosened").is_empty());
    assert_eq!(report["gate"]["policy"]["criticality"], "high");
    assert_eq!(report["gate"]["policy"]["min_score"], 9.0);
}

#[test]
fn a_repository_cannot_accept_a_loosening() {
    let repo = monorepo();
    let toml = app(repo.path()).join("secure.toml");
    append(
        &toml,
        "\n[[exceptions]]\nfinding = \"policy-loosened\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-01\n",
    );
    let line = refused(repo.path());
    assert!(line.contains("secure.toml:12:11:"), "{line}");
    assert!(line.contains("cannot accept a loosening"), "{line}");
}

#[test]
fn an_extends_cycle_is_refused() {
    let repo = monorepo();
    let base = repo.path().join("platform/base-policy.toml");
    let text = std::fs::read_to_string(&base).expect("read");
    std::fs::write(&base, format!("extends = [\"secure-policy.toml\"]\n{text}")).expect("write");
    let line = refused(repo.path());
    assert!(line.contains("../../platform/base-policy.toml:1:12:"), "{line}");
    assert!(
        line.contains(
            "cycle: ../../platform/secure-policy.toml -> ../../platform/base-policy.toml -> ../../platform/secure-policy.toml"
        ),
        "{line}"
    );
}

#[test]
fn an_extends_chain_deeper_than_the_limit_is_refused() {
    let repo = monorepo();
    let platform = repo.path().join("platform");
    for i in 0..12 {
        let next =
            if i < 11 { format!("extends = [\"p{}.toml\"]\n", i + 1) } else { String::new() };
        let text = format!("{next}[policy]\nname = \"p{i}\"\nversion = \"1\"\n");
        std::fs::write(platform.join(format!("p{i}.toml")), text).expect("write");
    }
    edit(&app(repo.path()).join("secure.toml"), "secure-policy.toml", "p0.toml");
    let line = refused(repo.path());
    assert!(line.contains("deeper than 8 policies"), "{line}");
}

#[test]
fn a_relative_extends_may_not_leave_the_repository() {
    let repo = monorepo();
    std::fs::remove_dir(repo.path().join(".git")).expect("rm .git");
    let line = refused(repo.path());
    assert!(line.starts_with("error: secure.toml:2:12: "), "{line}");
    assert!(line.contains("leaves the repository"), "{line}");
}

#[test]
fn an_absolute_extends_names_a_machine_wide_policy() {
    let repo = monorepo();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let policy = elsewhere.path().join("secure-policy.toml");
    std::fs::write(
        &policy,
        "[policy]\nname = \"machine\"\nversion = \"1\"\n[gate]\nmin-score = 7\n",
    )
    .expect("write");
    let absolute = policy.display().to_string();
    edit(&app(repo.path()).join("secure.toml"), "../../platform/secure-policy.toml", &absolute);
    let (_, report) = scan(repo.path());
    let policies = &report["gate"]["policy"]["policies"];
    assert_eq!(policies[0]["name"], "machine");
    assert!(policies[0]["path"].as_str().unwrap_or("").ends_with("secure-policy.toml"));
    assert_eq!(report["gate"]["policy"]["min_score"], 7.0);
}

#[test]
fn a_malformed_policy_is_reported_at_its_line() {
    let repo = monorepo();
    let team = repo.path().join("platform/secure-policy.toml");
    edit(&team, "min-score = 8", "min-score = \"high\"\nmax-score = 9");
    let out = secure(repo.path(), &["--format", "json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("../../platform/secure-policy.toml:8:13: `min-score` must be a number"),
        "{stderr}"
    );
    assert!(stderr.contains("../../platform/secure-policy.toml:9:1: unknown key `max-score`"));
}
