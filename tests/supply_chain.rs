//! The supply-chain layer through the built binary, on the fixtures under
//! `fixtures/supply-chain`: `pinned` does everything right, `unpinned` gets
//! every source, lockfile and toolchain check wrong, `buildtime` has build
//! scripts, proc-macros and a duplicated crate.

mod common;

use common::{copy_tree, fixture, fixture_db, json, layer, secure};
use serde_json::Value;
use std::path::Path;

/// The supply-chain layer of an offline run in `dir` (cargo reads the
/// fixture's `.cargo/config.toml` from the current directory).
fn supply_chain(dir: &Path) -> Value {
    let output = secure()
        .current_dir(dir)
        .args(["secure", "--offline", "--format", "json", "--db"])
        .arg(fixture_db())
        .output()
        .expect("runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    layer(&json(&output), "supply-chain").clone()
}

fn case(name: &str) -> Value {
    supply_chain(&fixture("supply-chain").join(name))
}

fn sub<'a>(layer: &'a Value, id: &str) -> &'a Value {
    layer["checks"]
        .as_array()
        .and_then(|subs| subs.iter().find(|s| s["id"] == id))
        .unwrap_or_else(|| panic!("no sub-check {id}"))
}

fn findings<'a>(layer: &'a Value, code: &str) -> Vec<&'a Value> {
    layer["findings"].as_array().expect("findings").iter().filter(|f| f["code"] == code).collect()
}

fn place(finding: &Value) -> String {
    let at = &finding["location"];
    format!("{}:{}", at["path"].as_str().unwrap_or("?"), at["line"])
}

#[test]
fn a_pinned_workspace_passes_every_sub_check() {
    let layer = case("pinned");
    assert_eq!(layer["score"], 10.0);
    for id in ["sources", "build-time-code", "duplicates", "lockfile", "toolchain"] {
        assert_eq!(sub(&layer, id)["status"], "pass", "{id}: {}", sub(&layer, id));
    }
    assert_eq!(layer["findings"].as_array().map(Vec::len), Some(0), "{layer}");
    assert_eq!(layer["sources"][0]["pinned"], true);
}

#[test]
fn unpinned_git_foreign_registry_and_outside_paths_point_at_their_declarations() {
    let layer = case("unpinned");
    assert_eq!(sub(&layer, "sources")["score"], 0.0);
    let git: Vec<String> =
        findings(&layer, "git-dependency-unpinned").iter().map(|f| place(f)).collect();
    assert_eq!(git.len(), 3, "{git:?}");
    for line in ["app/Cargo.toml:8", "app/Cargo.toml:9", "app/Cargo.toml:10"] {
        assert!(git.contains(&line.to_owned()), "{line} in {git:?}");
    }
    let registry = findings(&layer, "foreign-registry");
    assert_eq!(place(registry[0]), "app/Cargo.toml:11");
    let outside = findings(&layer, "path-dependency-outside-workspace");
    assert_eq!(place(outside[0]), "app/Cargo.toml:12");
    assert!(outside[0]["message"].as_str().unwrap().contains("../outside/neighbour"));
}

#[test]
fn without_a_resolved_graph_build_time_code_is_not_applicable() {
    let layer = case("unpinned");
    let build = sub(&layer, "build-time-code");
    assert_eq!(build["status"], "not-applicable");
    assert!(build.get("score").is_none());
    assert!(build["summary"].as_str().unwrap().contains("resolved graph"));
}

#[test]
fn an_ignored_lockfile_and_unlocked_ci_fail_the_lockfile_check() {
    let layer = case("unpinned");
    assert_eq!(sub(&layer, "lockfile")["score"], 0.0);
    assert_eq!(place(findings(&layer, "lockfile-not-committed")[0]), ".gitignore:2");
    assert_eq!(place(findings(&layer, "ci-not-locked")[0]), ".github/workflows/ci.yml:6");
    assert_eq!(place(findings(&layer, "cargo-install-unlocked")[0]), ".github/workflows/ci.yml:8");
}

#[test]
fn a_stable_channel_is_not_a_pinned_toolchain() {
    let layer = case("unpinned");
    assert_eq!(sub(&layer, "toolchain")["score"], 0.0);
    let unpinned = findings(&layer, "toolchain-unpinned");
    assert_eq!(place(unpinned[0]), "rust-toolchain.toml:2");
    assert_eq!(findings(&layer, "rust-version-missing").len(), 1);
}

#[test]
fn a_path_toolchain_is_flagged() {
    let dir = copy_tree(&fixture("supply-chain/pinned"));
    std::fs::write(
        dir.path().join("rust-toolchain.toml"),
        "[toolchain]\npath = \"./tools/rust\"\n",
    )
    .expect("write");
    let layer = supply_chain(dir.path());
    assert_eq!(sub(&layer, "toolchain")["score"], 0.0);
    let path = findings(&layer, "toolchain-path");
    assert_eq!(path[0]["severity"], "warning");
    assert_eq!(place(path[0]), "rust-toolchain.toml:2");
}

#[test]
fn build_scripts_and_proc_macros_are_listed_never_run() {
    let dir = fixture("supply-chain/buildtime");
    let layer = case("buildtime");
    assert_eq!(sub(&layer, "build-time-code")["score"], 10.0);
    let listed = layer["build_time_code"].as_array().expect("build_time_code");
    let entry = |name: &str| listed.iter().find(|p| p["name"] == name).expect(name);
    assert_eq!(entry("probe")["kinds"], serde_json::json!(["build-script"]));
    assert_eq!(entry("derive-it")["kinds"], serde_json::json!(["proc-macro"]));
    assert_eq!(entry("app")["member"], true);
    assert_eq!(entry("mac")["kinds"], serde_json::json!(["proc-macro"]));
    let notes = findings(&layer, "build-time-code");
    assert_eq!(notes.len(), 2, "members are listed, not reported");
    assert!(notes.iter().all(|f| f["severity"] == "note"));
    assert!(notes.iter().any(|f| place(f) == "app/Cargo.toml:10"));
    assert!(!dir.join("app/BUILD_SCRIPT_RAN").exists(), "the build script ran");
}

#[test]
fn incompatible_versions_of_one_crate_are_duplicates() {
    let layer = case("buildtime");
    let dup = findings(&layer, "duplicate-crate");
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0]["package"]["version"], "0.1.0");
    assert_eq!(place(dup[0]), "Cargo.lock:21");
    assert_eq!(dup[0]["via"], serde_json::json!(["app", "probe", "dup"]));
    let versions = &layer["duplicates"][0]["versions"];
    assert_eq!(versions[1]["via"], serde_json::json!(["app", "dup"]));
    assert_eq!(sub(&layer, "duplicates")["status"], "fail");
    assert_eq!(findings(&case("pinned"), "duplicate-crate").len(), 0);
}

#[test]
fn every_emitted_code_is_documented() {
    for name in ["pinned", "unpinned", "buildtime"] {
        let layer = case(name);
        for finding in layer["findings"].as_array().expect("findings") {
            let code = finding["code"].as_str().expect("code");
            assert!(cargo_secure::checks::find_code(code).is_some(), "{code} is not documented");
        }
    }
}
