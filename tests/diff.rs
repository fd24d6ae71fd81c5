//! `cargo secure diff`: small git repositories built in a temporary
//! directory (the test runs git; cargo secure never does), one commit per
//! change, each change landing in its bucket, and the diff gate failing only
//! on what the change introduces. Offline, with the fixture advisory DB and
//! vendored crates, so cargo needs no network.

mod common;

use common::{fixture_db, git, json, secure};
use serde_json::Value;
use std::path::Path;

/// A workspace `app` in a git repository on branch `main`, whose crates.io
/// dependencies are vendored crates written by the test.
struct Repo {
    dir: tempfile::TempDir,
}

/// Files of a vendored crate: (path, text).
type Files = &'static [(&'static str, &'static str)];

/// The vendored crates: name, version, extra files.
const VENDORED: &[(&str, &str, Files)] = &[
    ("vulncrate", "1.0.0", &[]),
    ("vulncrate", "1.0.5", &[]),
    ("hashy", "1.0.0", &[("src/lib.rs", "pub fn f() { unsafe {} }\n")]),
    (
        "hashy",
        "2.0.0",
        &[("src/lib.rs", "pub fn f() { unsafe {} unsafe {} unsafe {} }\npub unsafe fn g() {}\n")],
    ),
    ("buildy", "0.1.0", &[("build.rs", "fn main() {}\n")]),
];

impl Repo {
    fn new() -> Self {
        let repo = Repo { dir: tempfile::tempdir().expect("tempdir") };
        repo.write("Cargo.toml", "[workspace]\nmembers = [\"app\"]\nresolver = \"2\"\n");
        repo.write(
            ".cargo/config.toml",
            "[source.crates-io]\nreplace-with = \"vendored\"\n\n[source.vendored]\ndirectory = \"vendor\"\n",
        );
        for (name, version, files) in VENDORED {
            let dir = format!("vendor/{name}-{version}");
            repo.write(
                &format!("{dir}/Cargo.toml"),
                &format!(
                    "[package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"2021\"\nlicense = \"MIT\"\n"
                ),
            );
            repo.write(
                &format!("{dir}/.cargo-checksum.json"),
                &format!("{{\"files\":{{}},\"package\":\"{}\"}}", checksum(name, version)),
            );
            if !files.iter().any(|(path, _)| *path == "src/lib.rs") {
                repo.write(&format!("{dir}/src/lib.rs"), "#![forbid(unsafe_code)]\n");
            }
            for (path, text) in *files {
                repo.write(&format!("{dir}/{path}"), text);
            }
        }
        repo.write("app/src/lib.rs", "#![forbid(unsafe_code)]\n//! The app.\n");
        repo.deps(&[]);
        git(repo.path(), &["init", "-q", "-b", "main"]);
        repo.commit("base");
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Makes `app` depend on exactly `deps` and writes the matching Cargo.lock.
    fn deps(&self, deps: &[(&str, &str)]) {
        let mut manifest = "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n".to_owned();
        let mut lock =
            "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n".to_owned();
        if !deps.is_empty() {
            let names: Vec<String> = deps.iter().map(|(n, _)| format!(" \"{n}\",\n")).collect();
            lock.push_str(&format!("dependencies = [\n{}]\n", names.concat()));
        }
        for (name, version) in deps {
            manifest.push_str(&format!("{name} = \"={version}\"\n"));
            lock.push_str(&format!(
                "\n[[package]]\nname = \"{name}\"\nversion = \"{version}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{}\"\n",
                checksum(name, version)
            ));
        }
        self.write("app/Cargo.toml", &manifest);
        self.write("Cargo.lock", &lock);
    }

    fn commit(&self, message: &str) {
        git(self.path(), &["add", "-A"]);
        git(self.path(), &["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// `cargo secure diff --format json` with `args`; the exit code and the JSON.
    fn diff(&self, args: &[&str]) -> (i32, Value) {
        let output = secure()
            .current_dir(self.path())
            .args(["secure", "diff", "--offline", "--no-zizmor", "--format", "json", "--db"])
            .arg(fixture_db())
            .args(args)
            .env("CARGO_SECURE_TODAY", "2099-01-20")
            .env_remove("GITHUB_BASE_REF")
            .output()
            .expect("run");
        let code = output.status.code().expect("exit code");
        assert_ne!(code, 2, "error: {}", String::from_utf8_lossy(&output.stderr));
        (code, json(&output))
    }
}

/// A stand-in registry checksum, the same for the lockfile and the vendored copy.
fn checksum(name: &str, version: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(format!("{name}-{version}").as_bytes()))
}

/// The advisory ids of a list of findings (the offline run's notes left out).
fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|f| f["advisory"]["id"].as_str().map(str::to_owned))
        .collect()
}

/// The finding codes of a list of findings.
fn codes(list: &Value) -> Vec<String> {
    let list = list.as_array().expect("a list");
    list.iter().filter_map(|f| f["code"].as_str().map(str::to_owned)).collect()
}

#[test]
fn adding_a_vulnerable_dependency_fails_the_diff_gate() {
    let repo = Repo::new();
    git(repo.path(), &["checkout", "-q", "-b", "feature"]);
    repo.deps(&[("vulncrate", "1.0.0")]);
    repo.commit("add vulncrate");
    let (code, report) = repo.diff(&[]);
    assert_eq!(code, 1, "{report:#}");
    let diff = &report["diff"];
    assert_eq!(diff["base"]["rev"], "merge-base of HEAD and main");
    let added = &diff["packages"]["added"];
    assert_eq!(added.as_array().map(Vec::len), Some(1), "{added:#}");
    assert_eq!(added[0]["name"], "vulncrate");
    assert_eq!(added[0]["via"], serde_json::json!(["app", "vulncrate"]));
    assert_eq!(added[0]["scope"], "normal");
    assert_eq!(ids(&diff["advisories"]["new"]), ["RUSTSEC-2099-0001"]);
    assert_eq!(ids(&diff["advisories"]["unchanged"]), Vec::<String>::new());
    let reasons = diff["gate"]["reasons"].to_string();
    assert!(reasons.contains("RUSTSEC-2099-0001 (vulncrate 1.0.0)"), "{reasons}");
    assert!(diff["summary"].as_str().unwrap_or_default().contains("1 new vulnerability"));

    let schema = secure().args(["secure", "schema", "diff"]).output().expect("schema");
    let schema: Value = serde_json::from_slice(&schema.stdout).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_pre_existing_vulnerability_and_an_unrelated_change_pass_the_diff_gate() {
    let repo = Repo::new();
    repo.deps(&[("vulncrate", "1.0.0")]);
    repo.commit("add vulncrate");
    repo.write("app/src/lib.rs", "#![forbid(unsafe_code)]\n//! The app, documented better.\n");
    repo.commit("docs");
    let (code, report) = repo.diff(&["--base", "HEAD~1"]);
    assert_eq!(code, 0, "{report:#}");
    let diff = &report["diff"];
    assert_eq!(ids(&diff["advisories"]["unchanged"]), ["RUSTSEC-2099-0001"]);
    assert_eq!(codes(&diff["advisories"]["new"]), Vec::<String>::new());
    assert_eq!(diff["gate"]["existing_blocking"], 1);
    assert_eq!(diff["base"]["gate_passed"], false);

    let (code, report) = repo.diff(&["--base", "HEAD~1", "--fail-on-existing"]);
    assert_eq!(code, 1, "{report:#}");
}

#[test]
fn upgrading_a_vulnerable_dependency_fixes_its_advisory() {
    let repo = Repo::new();
    repo.deps(&[("vulncrate", "1.0.0")]);
    repo.commit("add vulncrate");
    repo.deps(&[("vulncrate", "1.0.5")]);
    let (code, report) = repo.diff(&["--base", "HEAD"]);
    assert_eq!(code, 0, "{report:#}");
    let diff = &report["diff"];
    let changed = &diff["packages"]["changed"];
    assert_eq!(changed[0]["name"], "vulncrate");
    assert_eq!((&changed[0]["from"], &changed[0]["to"]), (&"1.0.0".into(), &"1.0.5".into()));
    assert_eq!(changed[0]["change"], "upgraded");
    assert_eq!(changed[0]["semver_major"], false);
    assert_eq!(ids(&diff["advisories"]["fixed"]), ["RUSTSEC-2099-0001"]);
    assert_eq!(diff["packages"]["added"], serde_json::json!([]));

    // Without the cache the base goes to a fresh temporary directory; the
    // diff is the same.
    let (code, again) = repo.diff(&["--base", "HEAD", "--no-cache"]);
    assert_eq!(code, 0);
    assert_eq!(again["diff"]["packages"], diff["packages"]);
    assert_eq!(ids(&again["diff"]["advisories"]["fixed"]), ["RUSTSEC-2099-0001"]);
}

#[test]
fn a_major_upgrade_shows_the_dependency_unsafe_delta() {
    let repo = Repo::new();
    repo.deps(&[("hashy", "1.0.0")]);
    repo.commit("add hashy");
    repo.deps(&[("hashy", "2.0.0")]);
    let (_, report) = repo.diff(&["--base", "HEAD"]);
    let diff = &report["diff"];
    assert_eq!(diff["packages"]["changed"][0]["semver_major"], true, "{diff:#}");
    let hashy = &diff["unsafe"]["dependencies"][0];
    assert_eq!(hashy["name"], "hashy", "{diff:#}");
    assert_eq!((&hashy["from"], &hashy["to"]), (&"1.0.0".into(), &"2.0.0".into()));
    assert_eq!(hashy["blocks"], 2);
    assert_eq!(hashy["functions"], 1);
}

#[test]
fn a_build_script_and_unsafe_code_in_a_member_are_new() {
    let repo = Repo::new();
    repo.deps(&[("buildy", "0.1.0")]);
    repo.write("app/build.rs", "fn main() {}\n");
    repo.write("app/src/lib.rs", "//! The app.\npub fn f() {\n    unsafe {}\n}\n");
    let (_, report) = repo.diff(&["--base", "main"]);
    let diff = &report["diff"];
    let built: Vec<(&str, &str)> = diff["build_time"]["added"]
        .as_array()
        .expect("list")
        .iter()
        .map(|b| (b["name"].as_str().unwrap_or(""), b["kinds"][0].as_str().unwrap_or("")))
        .collect();
    assert_eq!(built, [("app", "build-script"), ("buildy", "build-script")], "{diff:#}");
    let member = &diff["unsafe"]["members"][0];
    assert_eq!((&member["name"], &member["blocks"]), (&"app".into(), &1.into()), "{diff:#}");
    let site = &diff["unsafe"]["new_undocumented"][0];
    assert_eq!(site["at"], "app/src/lib.rs:3:5", "{diff:#}");
    assert!(codes(&diff["findings"]["new"]).contains(&"unsafe-undocumented".to_owned()));
}

#[test]
fn an_exception_and_a_lowered_criticality_show_in_the_manifest_section() {
    let repo = Repo::new();
    let manifest = |criticality: &str, exception: &str| {
        format!(
            "version = 1\n\n[context]\nasset = \"a test app\"\ncriticality = \"{criticality}\"\n\n[people]\nsecurity-contact = \"https://example.invalid/security\"\n{exception}"
        )
    };
    repo.write("secure.toml", &manifest("high", ""));
    repo.deps(&[("vulncrate", "1.0.0")]);
    repo.commit("vulncrate, high");
    let exception = "\n[[exceptions]]\nadvisory = \"RUSTSEC-2099-0001\"\nreason = \"not reachable\"\nowner = \"Ada\"\nexpires = 2099-02-01\n";
    repo.write("secure.toml", &manifest("low", exception));
    let (_, report) = repo.diff(&["--base", "HEAD"]);
    let m = &report["diff"]["manifest"];
    assert_eq!(m["criticality"]["from"], "high", "{m:#}");
    assert_eq!(m["criticality"]["to"], "low");
    assert_eq!(m["criticality"]["lowered"], true);
    assert_eq!(m["exceptions_added"][0]["accepts"], serde_json::json!(["RUSTSEC-2099-0001"]));
    assert_eq!(m["exceptions_added"][0]["owner"], "Ada");
}

#[test]
fn a_shallow_clone_without_the_base_says_to_fetch_it() {
    let repo = Repo::new();
    repo.deps(&[("vulncrate", "1.0.0")]);
    repo.commit("add vulncrate");
    let clone = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", repo.path().display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    let output = secure()
        .current_dir(clone.path().join("c"))
        .args(["secure", "diff", "--offline", "--no-zizmor", "--base", "HEAD~1", "--db"])
        .arg(fixture_db())
        .output()
        .expect("run");
    let stderr = common::one_line_error(&output);
    assert!(stderr.contains("fetch-depth: 0"), "{stderr}");
}

#[test]
fn the_markdown_comment_leads_with_the_verdict_and_collapses_details() {
    let repo = Repo::new();
    repo.deps(&[("vulncrate", "1.0.0")]);
    let output = secure()
        .current_dir(repo.path())
        .args(["secure", "diff", "--offline", "--no-zizmor", "--format", "markdown", "--db"])
        .arg(fixture_db())
        .args(["--base", "HEAD"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("## cargo secure diff: ❌ diff gate failed"), "{text}");
    assert!(text.contains("<details open><summary>Advisories (1)</summary>"), "{text}");
    assert!(text.contains("<details><summary>Packages (1)</summary>"), "{text}");
}

/// `cargo secure diff --format FORMAT --base HEAD` in `repo`: exit code and stdout.
fn diff_text(repo: &Repo, format: &str) -> (Option<i32>, String) {
    let output = secure()
        .current_dir(repo.path())
        .args(["secure", "diff", "--offline", "--no-zizmor", "--base", "HEAD", "--format", format])
        .arg("--db")
        .arg(fixture_db())
        .env("CARGO_SECURE_TODAY", "2099-01-20")
        .output()
        .expect("run");
    (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn sarif_marks_each_result_new_unchanged_or_absent() {
    let repo = Repo::new();
    repo.deps(&[("vulncrate", "1.0.0")]);
    repo.commit("add vulncrate");
    repo.deps(&[("hashy", "1.0.0")]);
    let (code, text) = diff_text(&repo, "sarif");
    assert_eq!(code, Some(0), "{text}");
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    let states: Vec<(String, String)> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let rule = r["ruleId"].as_str().unwrap_or_default().to_owned();
            (rule, r["baselineState"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    assert!(states.contains(&("RUSTSEC-2099-0001".into(), "absent".into())), "{states:?}");
    assert!(states.contains(&("yanked-not-checked".into(), "unchanged".into())), "{states:?}");
    assert!(states.iter().all(|(_, state)| !state.is_empty()), "{states:?}");
}

#[test]
fn github_annotations_name_only_the_new_findings() {
    let repo = Repo::new();
    repo.deps(&[("vulncrate", "1.0.0")]);
    let (code, text) = diff_text(&repo, "github");
    assert_eq!(code, Some(1), "{text}");
    let commands: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 2, "{text}");
    assert!(commands[0].starts_with("::error ") && commands[0].contains("RUSTSEC-2099-0001"));
    assert!(commands[1].starts_with("::notice title=cargo secure diff::"), "{text}");
    assert!(!text.contains("yanked-not-checked"), "{text}");
}

#[test]
fn a_saved_report_can_be_the_base() {
    let repo = Repo::new();
    repo.deps(&[("hashy", "1.0.0")]);
    let saved = repo.path().join("base.json");
    let output = secure()
        .current_dir(repo.path())
        .args(["secure", "--offline", "--no-zizmor", "--format", "json", "--output"])
        .arg(&saved)
        .arg("--db")
        .arg(fixture_db())
        .env("CARGO_SECURE_TODAY", "2099-01-20")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    repo.deps(&[("hashy", "2.0.0"), ("vulncrate", "1.0.0")]);
    let base_report = saved.display().to_string();
    let (code, report) = repo.diff(&["--base-report", &base_report]);
    assert_eq!(code, 1, "{report:#}");
    let diff = &report["diff"];
    assert_eq!(diff["base"]["rev"], format!("report {base_report}"));
    assert_eq!(ids(&diff["advisories"]["new"]), ["RUSTSEC-2099-0001"]);
    let added: Vec<&str> = diff["packages"]["added"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(added, ["vulncrate"], "{diff:#}");
    assert_eq!(diff["packages"]["changed"][0]["name"], "hashy", "{diff:#}");
    assert_eq!(diff["unsafe"]["dependencies"][0]["blocks"], 2, "{diff:#}");
    assert_eq!(diff["findings"]["new"], serde_json::json!([]), "{diff:#}");
}

#[test]
fn a_file_that_is_not_a_report_is_one_clear_error() {
    let repo = Repo::new();
    repo.write("other.json", "{\"hello\": 1}\n");
    let output = secure()
        .current_dir(repo.path())
        .args(["secure", "diff", "--offline", "--base-report", "other.json", "--db"])
        .arg(fixture_db())
        .output()
        .expect("run");
    let stderr = common::one_line_error(&output);
    assert!(stderr.contains("not a cargo secure JSON report"), "{stderr}");
}

#[test]
fn an_advisory_published_since_the_saved_report_on_an_untouched_crate_is_pre_existing() {
    let repo = Repo::new();
    repo.deps(&[("vulncrate", "1.0.0")]);
    let older_db = tempfile::tempdir().expect("tempdir");
    common::copy_into(&fixture_db(), older_db.path());
    std::fs::remove_dir_all(older_db.path().join("crates/vulncrate")).expect("remove");
    let saved = repo.path().join("base.json");
    let output = secure()
        .current_dir(repo.path())
        .args(["secure", "--offline", "--no-zizmor", "--format", "json", "--output"])
        .arg(&saved)
        .arg("--db")
        .arg(older_db.path())
        .env("CARGO_SECURE_TODAY", "2099-01-20")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    repo.write("app/src/lib.rs", "#![forbid(unsafe_code)]\n//! The app, changed.\n");
    // The newer database lowers the score, which the score-drop rule sees.
    let base_report = saved.display().to_string();
    let (code, report) = repo.diff(&["--base-report", &base_report, "--max-score-drop", "10"]);
    assert_eq!(code, 0, "{report:#}");
    let advisories = &report["diff"]["advisories"];
    assert_eq!(ids(&advisories["new"]), Vec::<String>::new(), "{advisories:#}");
    assert_eq!(ids(&advisories["unchanged"]), ["RUSTSEC-2099-0001"]);
}

#[test]
fn a_kept_base_directory_never_shows_an_earlier_bases_files() {
    let repo = Repo::new();
    repo.write(
        "SECURITY.md",
        "# Security\n\nReport vulnerabilities privately to security@example.org; we disclose \
         fixed issues in an advisory after a coordinated disclosure period.\n",
    );
    repo.commit("add a security policy");
    let posture = |report: &Value, side: &str| -> f64 {
        let layers = report["diff"]["layers"].as_array().expect("layers");
        let posture = layers.iter().find(|l| l["id"] == "posture").expect("posture");
        posture[side].as_f64().expect("a posture score")
    };
    // The base with SECURITY.md is materialised first, into the kept directory.
    let (_, with) = repo.diff(&["--base", "HEAD"]);
    assert_eq!(posture(&with, "base_score"), posture(&with, "head_score"));
    // Then the base without it: the file left from the first run must go.
    let (_, without) = repo.diff(&["--base", "HEAD~1"]);
    assert!(
        posture(&without, "base_score") < posture(&without, "head_score"),
        "the base before SECURITY.md scores lower: {}",
        without["diff"]["layers"]
    );
}
