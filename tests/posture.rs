//! The posture layer through the built binary, on `fixtures/posture/good`
//! (every sub-check passes) and `fixtures/posture/bad` (each fails, with the
//! finding at the right line, tricky YAML included: flow-style triggers,
//! anchors and merge keys, multi-line `run:` blocks, matrix expressions that
//! are not injections, a workflow that does not parse), and on
//! `fixtures/posture/workflows` (one case per built-in workflow rule, a
//! composite action, and a file of expressions that are not injections).
//! zizmor is turned off here (`tests/zizmor.rs` covers it). Binary artifacts
//! are written at test time so this repository holds none.

mod common;

use common::{copy_tree, fixture, fixture_db, json, layer, secure};
use serde_json::Value;
use std::path::Path;

fn posture(dir: &Path) -> Value {
    let output = secure()
        .current_dir(dir)
        .args(["secure", "--offline", "--no-zizmor", "--format", "json", "--db"])
        .arg(fixture_db())
        .output()
        .expect("runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    layer(&json(&output), "posture").clone()
}

fn sub<'a>(layer: &'a Value, id: &str) -> &'a Value {
    layer["checks"]
        .as_array()
        .and_then(|subs| subs.iter().find(|s| s["id"] == id))
        .unwrap_or_else(|| panic!("no sub-check {id}"))
}

fn places(layer: &Value, code: &str) -> Vec<String> {
    layer["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| {
            let at = &f["location"];
            format!("{}:{}", at["path"].as_str().unwrap_or("-"), at["line"])
        })
        .collect()
}

#[test]
fn the_good_fixture_passes_every_sub_check() {
    let layer = posture(&fixture("posture/good"));
    for id in [
        "security-policy",
        "ci",
        "dangerous-workflow",
        "token-permissions",
        "pinned-actions",
        "dependency-updates",
        "fuzzing",
        "lints",
        "binary-artifacts",
        "license",
    ] {
        assert_eq!(sub(&layer, id)["status"], "pass", "{id}: {}", sub(&layer, id));
    }
    assert_eq!(layer["score"], 10.0);
    assert_eq!(layer["findings"].as_array().map(Vec::len), Some(0), "{}", layer["findings"]);
}

#[test]
fn the_bad_fixture_fails_each_sub_check_at_the_right_line() {
    let dir = copy_tree(&fixture("posture/bad"));
    let mut elf = b"\x7fELF\x02\x01\x01".to_vec();
    elf.resize(128, 0);
    std::fs::write(dir.path().join("helper"), elf).expect("write binary");
    let layer = posture(dir.path());
    let wf = ".github/workflows/triage.yml";
    assert_eq!(places(&layer, "untrusted-checkout"), [format!("{wf}:14")]);
    assert_eq!(places(&layer, "dangerous-trigger"), [format!("{wf}:4")]);
    assert_eq!(
        places(&layer, "workflow-script-injection"),
        [format!("{wf}:19"), format!("{wf}:23")],
        "the issue title on the third line of the run block, the comment in github-script; \
         the matrix expression is not flagged"
    );
    assert_eq!(places(&layer, "token-permissions-write-all"), [format!("{wf}:5")]);
    assert_eq!(places(&layer, "action-not-pinned").len(), 3);
    assert_eq!(places(&layer, "ci-config-unreadable"), [".github/workflows/broken.yml:6"]);
    assert_eq!(places(&layer, "security-policy-incomplete"), ["SECURITY.md:1"]);
    assert_eq!(places(&layer, "dependabot-without-cargo"), [".github/dependabot.yml:1"]);
    assert_eq!(places(&layer, "binary-artifact"), ["helper:null"]);
    for code in
        ["ci-runs-no-tests", "ci-no-security-scan", "fuzzing-missing", "clippy-not-enforced"]
    {
        assert_eq!(places(&layer, code).len(), 1, "{code}");
    }
    assert_eq!(places(&layer, "license-file-missing").len(), 1);
    assert_eq!(places(&layer, "license-missing"), ["Cargo.toml:null"]);
    for (id, score) in [
        ("security-policy", 4.0),
        ("ci", 5.0),
        ("dangerous-workflow", 0.0),
        ("token-permissions", 0.0),
        ("pinned-actions", 0.0),
        ("dependency-updates", 5.0),
        ("fuzzing", 0.0),
        ("lints", 0.0),
        ("binary-artifacts", 9.0),
        ("license", 0.0),
    ] {
        assert_eq!(sub(&layer, id)["score"], score, "{id}: {}", sub(&layer, id));
    }
}

#[test]
fn a_repository_without_workflows_marks_the_workflow_checks_not_applicable() {
    let dir = copy_tree(&fixture("posture/bad"));
    std::fs::remove_dir_all(dir.path().join(".github")).expect("remove .github");
    std::fs::remove_file(dir.path().join("SECURITY.md")).expect("remove policy");
    let layer = posture(dir.path());
    for id in ["dangerous-workflow", "token-permissions", "pinned-actions"] {
        assert_eq!(sub(&layer, id)["status"], "not-applicable", "{id}");
        assert!(sub(&layer, id).get("score").is_none(), "{id} has no score");
    }
    assert_eq!(places(&layer, "ci-missing").len(), 1);
    assert_eq!(places(&layer, "security-policy-missing").len(), 1);
    assert_eq!(places(&layer, "dependency-updates-missing").len(), 1);
}

#[test]
fn controls_can_verify_posture_sub_checks() {
    let dir = copy_tree(&fixture("posture/bad"));
    std::fs::write(
        dir.path().join("secure.toml"),
        "version = 1\n\n[context]\nasset = \"fixture\"\ncriticality = \"medium\"\n\n\
         [[controls]]\nid = \"pinned\"\ntitle = \"actions pinned\"\nverify = \"pinned-actions\"\n",
    )
    .expect("manifest");
    let output = secure()
        .current_dir(dir.path())
        .args(["secure", "--offline", "--no-zizmor", "--format", "json", "--db"])
        .arg(fixture_db())
        .output()
        .expect("runs");
    let report = json(&output);
    let manifest = layer(&report, "manifest");
    let failing: Vec<&Value> = manifest["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "control-failing")
        .collect();
    assert_eq!(failing.len(), 1, "{}", manifest["findings"]);
    assert!(failing[0]["message"].as_str().unwrap_or("").contains("pinned-actions"));
}

#[test]
fn each_built_in_workflow_rule_fires_at_its_line_and_nowhere_else() {
    // The composite action is put in place at test time, so that this
    // repository holds no vulnerable action for zizmor and cargo secure to find.
    let dir = copy_tree(&fixture("posture/workflows"));
    let action = dir.path().join("actions/greet/action.yml");
    std::fs::rename(action.with_extension("yml.fixture"), &action).expect("action.yml");
    let layer = posture(dir.path());
    let inject = ".github/workflows/inject.yml";
    let lines = |code: &str, file: &str| -> Vec<String> {
        places(&layer, code)
            .into_iter()
            .filter_map(|p| p.strip_prefix(&format!("{file}:")).map(str::to_owned))
            .collect()
    };
    assert_eq!(
        lines("workflow-script-injection", inject),
        ["20", "23", "24", "25", "26", "27", "32", "35", "36"],
        "a multi-line expression, format(), a string input (not the boolean), env at workflow, \
         job and step level, PowerShell, yq's cmd with a || default, a step output (a note)"
    );
    assert_eq!(lines("workflow-script-injection", "actions/greet/action.yml"), ["14", "15"]);
    assert_eq!(
        lines("workflow-script-injection", ".github/workflows/clean.yml"),
        Vec::<String>::new()
    );
    assert_eq!(places(&layer, "dangerous-trigger"), [".github/workflows/target.yml:4"]);
    assert_eq!(
        places(&layer, "token-permissions-write-all"),
        [".github/workflows/target.yml:14"],
        "a job broadening `permissions: {{}}` to write-all"
    );
    assert_eq!(sub(&layer, "token-permissions")["score"], 5.0);
    let release = ".github/workflows/release.yml";
    assert_eq!(
        places(&layer, "workflow-cache-poisoning"),
        [".github/workflows/publish.yml:13".to_owned(), format!("{release}:17")],
        "sccache in a job that runs cargo publish; rust-cache, not setup-go's `cache: false`"
    );
    assert_eq!(places(&layer, "checkout-persists-credentials"), [format!("{release}:16")]);
    assert_eq!(
        places(&layer, "container-image-not-pinned"),
        [".github/workflows/publish.yml:23".to_owned(), format!("{release}:11")],
        "an image from the matrix, one of whose values has no digest; a bare `node`"
    );
    assert_eq!(places(&layer, "workflow-env-file-write"), [format!("{release}:20")]);
    let notes: Vec<&Value> = layer["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "workflow-script-injection" && f["severity"] == "note")
        .collect();
    assert_eq!(notes.len(), 1, "only the step output is a note: {notes:?}");
    assert_eq!(sub(&layer, "dangerous-workflow")["score"], 0.0);
    let summary = sub(&layer, "dangerous-workflow")["summary"].as_str().unwrap_or_default();
    assert!(summary.contains("built-in rules, 9 patterns; install zizmor"), "{summary}");
}
