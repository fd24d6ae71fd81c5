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

/// The `supply-chain/unpinned` fixture (git, another registry, a path
/// dependency) extending a policy written beside it.
struct Unpinned {
    _copy: tempfile::TempDir,
    root: std::path::PathBuf,
}

impl Unpinned {
    fn path(&self) -> &Path {
        &self.root
    }
}

fn unpinned_with(policy: &str) -> Unpinned {
    // The fixture's path dependency lives beside it, under supply-chain/.
    let copy = common::copy_tree(&common::fixture("supply-chain"));
    let root = copy.path().join("unpinned");
    std::fs::write(root.join("secure-policy.toml"), policy).expect("write policy");
    let manifest = "version = 1\nextends = [\"secure-policy.toml\"]\n[context]\nasset = \"x\"\ncriticality = \"low\"\n";
    std::fs::write(root.join("secure.toml"), manifest).expect("write manifest");
    Unpinned { _copy: copy, root }
}

fn scan_at(root: &Path) -> (i32, Value) {
    let out = common::secure()
        .env("CARGO_SECURE_CACHE_DIR", root.join("cache"))
        .current_dir(root)
        .args(["secure", "--offline", "--format", "json", "--allow-unmeasured", "advisories"])
        .output()
        .expect("run");
    let code = out.status.code().expect("exit code");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("exit {code}, not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr))
    });
    (code, json)
}

const HEAD: &str = "[policy]\nname = \"acme\"\nversion = \"1\"\n";

#[test]
fn a_banned_crate_is_found_with_the_path_that_pulls_it_in() {
    let policy = format!(
        "{HEAD}[sources]\ngit = [\"github.com/example\"]\nregistries = [\"crates-io\", \"https://crates.corp.example/index\"]\n\n[[bans]]\ncrate = \"tip\"\nreason = \"follows a moving branch\"\nuse-instead = \"tagged\"\n\n[[bans]]\ncrate = \"tagged\"\nversions = \"<1.0.0\"\nreason = \"old\"\n"
    );
    let dir = unpinned_with(&policy);
    let (code, report) = scan_at(dir.path());
    assert_eq!(code, 1, "a ban fails the gate");
    let banned = findings(&report, "banned-crate");
    assert_eq!(banned.len(), 1, "tagged 1.0.0 is outside `<1.0.0`: {banned:?}");
    let ban = banned[0];
    assert_eq!(ban["severity"], "error");
    assert_eq!(ban["package"]["name"], "tip");
    assert_eq!(ban["via"], serde_json::json!(["app", "tip"]));
    assert_eq!(ban["location"]["path"], "secure-policy.toml");
    assert_eq!(ban["location"]["line"], 8, "the [[bans]] entry");
    let message = ban["message"].as_str().unwrap_or("");
    assert!(message.contains("follows a moving branch"), "{message}");
    assert!(ban["fix"].as_str().unwrap_or("").starts_with("use tagged instead of tip"));
    assert!(findings(&report, "source-not-allowed").is_empty(), "every source is allowed");
}

#[test]
fn sources_the_policy_does_not_allow_are_findings() {
    let dir = unpinned_with(&format!("{HEAD}\n[sources]\ngit = [\"github.com/example/tagged\"]\n"));
    let (code, report) = scan_at(dir.path());
    assert_eq!(code, 1);
    let mut names: Vec<&str> = findings(&report, "source-not-allowed")
        .iter()
        .filter_map(|f| f["package"]["name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["internal", "tip", "tracked"],
        "the other registry and two git repositories"
    );
    let first = findings(&report, "source-not-allowed")[0];
    assert_eq!(
        format!("{}:{}", first["location"]["path"], first["location"]["line"]),
        "\"secure-policy.toml\":5"
    );
}

#[test]
fn a_repository_exception_for_a_ban_is_a_loosening_unless_the_ban_allows_it() {
    let ban = "[[bans]]\ncrate = \"tip\"\nreason = \"r\"\n";
    let exception = "[[exceptions]]\nfinding = \"banned-crate\"\npackage = \"tip\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-01\n";
    let dir = unpinned_with(&format!("{HEAD}{ban}"));
    append(&dir.path().join("secure.toml"), exception);
    let (_, report) = scan_at(dir.path());
    let loosened = findings(&report, "policy-loosened");
    assert_eq!(loosened.len(), 1);
    let message = loosened[0]["message"].as_str().unwrap_or("");
    assert!(message.starts_with("secure.toml:6 accepts banned-crate (for tip)"), "{message}");
    assert!(message.contains("secure-policy.toml:4"), "{message}");
    assert!(findings(&report, "banned-crate")[0].get("suppressed").is_none(), "the ban applies");

    let dir = unpinned_with(&format!("{HEAD}{ban}allow-exceptions = true\n"));
    append(&dir.path().join("secure.toml"), exception);
    let (_, report) = scan_at(dir.path());
    assert!(findings(&report, "policy-loosened").is_empty());
    assert!(findings(&report, "banned-crate")[0].get("suppressed").is_some());
}

#[test]
fn a_required_control_must_be_declared_from_its_criticality_up() {
    let repo = monorepo();
    let team = repo.path().join("platform/secure-policy.toml");
    append(
        &team,
        "\n[[required-controls]]\nid = \"ci-runs-cargo-secure\"\ncriticality = \"medium\"\n\n[[required-controls]]\nid = \"fuzzing\"\ncriticality = \"high\"\n",
    );
    let (code, report) = scan(repo.path());
    assert_eq!(code, 1);
    let missing = findings(&report, "required-control-missing");
    assert_eq!(missing.len(), 1, "fuzzing is required from high only: {missing:?}");
    assert_eq!(missing[0]["location"]["path"], "../../platform/secure-policy.toml");
    assert_eq!(missing[0]["location"]["line"], 12);
    assert!(missing[0]["message"].as_str().unwrap_or("").contains("`ci-runs-cargo-secure`"));

    append(
        &app(repo.path()).join("secure.toml"),
        "\n[[controls]]\nid = \"gate\"\ntitle = \"cargo secure gates every PR\"\nverify = \"ci-runs-cargo-secure\"\n",
    );
    let (_, report) = scan(repo.path());
    assert!(findings(&report, "required-control-missing").is_empty());
}

#[test]
fn organisation_exceptions_are_honoured_until_they_expire() {
    let repo = monorepo();
    let team = repo.path().join("platform/secure-policy.toml");
    let exception = "\n[[exceptions]]\nfinding = \"threat-model-stale\"\nreason = \"threat models are kept centrally\"\nowner = \"security-team\"\nexpires = 2027-01-01\n";
    append(&team, exception);
    let (_, report) = scan(repo.path());
    let stale = findings(&report, "threat-model-stale");
    assert_eq!(stale[0]["suppressed"]["owner"], "security-team", "{stale:?}");
    assert!(findings(&report, "exception-unused").is_empty());
    assert_eq!(report["manifest"]["exceptions"][0]["file"], "../../platform/secure-policy.toml");

    edit(&team, "expires = 2027-01-01", "expires = 2026-06-30");
    let (_, report) = scan(repo.path());
    assert!(findings(&report, "threat-model-stale")[0].get("suppressed").is_none());
    let expired = findings(&report, "exception-expired");
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0]["location"]["path"], "../../platform/secure-policy.toml");
}

#[test]
fn sarif_points_at_the_policy_line_for_policy_findings() {
    let dir = unpinned_with(&format!("{HEAD}[[bans]]\ncrate = \"tip\"\nreason = \"r\"\n"));
    let out = common::secure()
        .env("CARGO_SECURE_CACHE_DIR", dir.path().join("cache"))
        .current_dir(dir.path())
        .args(["secure", "--offline", "--format", "sarif", "--allow-unmeasured", "advisories"])
        .output()
        .expect("run");
    let sarif = common::json(&out);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let ban =
        results.iter().find(|r| r["ruleId"] == "banned-crate").expect("a banned-crate result");
    let place = &ban["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "secure-policy.toml");
    assert_eq!(place["region"]["startLine"], 4);
}

#[test]
fn the_policy_command_prints_each_value_with_its_provenance() {
    let repo = monorepo();
    let human = secure(repo.path(), &["policy"]).output().expect("run");
    assert_eq!(human.status.code(), Some(0));
    let text = String::from_utf8_lossy(&human.stdout);
    for line in [
        "organisation policy: acme-rust 2026.1 (../../platform/secure-policy.toml)",
        "criticality = medium (secure.toml:6)",
        "min-score = 8 (../../platform/secure-policy.toml:8)",
        "fail-on = unmaintained (../../platform/base-policy.toml:8)",
        "fail-on = vulnerability (default at criticality medium)",
        "max-db-age = 7 days (../../platform/secure-policy.toml:9)",
    ] {
        assert!(text.lines().any(|l| l == line), "no {line:?} in:\n{text}");
    }
    let json =
        common::json(&secure(repo.path(), &["policy", "--format", "json"]).output().expect("run"));
    let min = json["entries"].as_array().expect("entries").iter().find(|e| e["key"] == "min-score");
    assert_eq!(min.expect("min-score")["from"], "../../platform/secure-policy.toml:8");
    let markdown = secure(repo.path(), &["policy", "--format", "markdown"]).output().expect("run");
    let markdown = String::from_utf8_lossy(&markdown.stdout);
    assert!(
        markdown.contains("| `min-score` | 8 | `../../platform/secure-policy.toml:8` |"),
        "{markdown}"
    );
    let sarif = secure(repo.path(), &["policy", "--format", "sarif"]).output().expect("run");
    assert_eq!(sarif.status.code(), Some(2));
}

#[test]
fn init_extends_writes_a_manifest_at_the_policy_floor() {
    let repo = monorepo();
    let base = repo.path().join("platform/base-policy.toml");
    edit(&base, "min-criticality = \"medium\"", "min-criticality = \"high\"");
    std::fs::remove_file(app(repo.path()).join("secure.toml")).expect("rm");
    let policy = repo.path().join("platform/secure-policy.toml");
    let out = secure(repo.path(), &["init", "--extends"]).arg(&policy).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(app(repo.path()).join("secure.toml")).expect("written");
    assert!(written.contains("extends = [\"../../platform/secure-policy.toml\"]"), "{written}");
    assert!(written.contains("criticality = \"high\""), "raised to the floor:\n{written}");
    let (_, report) = scan(repo.path());
    assert!(findings(&report, "policy-loosened").is_empty());
    assert_eq!(report["gate"]["policy"]["policies"][1]["name"], "acme-rust");
}

#[test]
fn every_policy_code_is_explained() {
    let repo = monorepo();
    for code in [
        "policy-loosened",
        "policy-unpinned",
        "required-control-missing",
        "banned-crate",
        "source-not-allowed",
    ] {
        let out = secure(repo.path(), &["explain", code]).output().expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{code}");
        assert!(text.contains(code) && text.to_lowercase().contains("policy"), "{code}: {text}");
    }
}
