//! The command line as users meet it: invocation styles, workspace discovery,
//! colours, the JSON envelope and one-line errors (exit 2) for bad input.

mod common;

use common::{copy_tree, fixture, json, layer, one_line_error, secure};

#[test]
fn help_works_as_cargo_subcommand_and_directly() {
    for args in [&["secure", "--help"][..], &["--help"][..]] {
        let out = secure().args(args).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("scorecard"), "{text}");
        assert!(text.contains("--manifest-path"), "{text}");
    }
}

#[test]
fn version_is_printed() {
    let out = secure().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn not_a_workspace_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = secure().current_dir(dir.path()).arg("--offline").output().unwrap();
    let line = one_line_error(&out);
    assert!(line.contains("Cargo.toml"), "{line}");
}

#[test]
fn malformed_cargo_toml_is_a_one_line_error() {
    let dir = copy_tree(&fixture("workspaces/single"));
    std::fs::write(dir.path().join("Cargo.toml"), "[package\nname = 1\n").unwrap();
    let out = secure().current_dir(dir.path()).arg("--offline").output().unwrap();
    let line = one_line_error(&out);
    assert!(line.contains("Cargo.toml"), "{line}");
}

#[test]
fn missing_lockfile_is_an_error_and_is_not_created() {
    let dir = copy_tree(&fixture("workspaces/single"));
    std::fs::remove_file(dir.path().join("Cargo.lock")).unwrap();
    let out = secure().current_dir(dir.path()).arg("--offline").output().unwrap();
    let line = one_line_error(&out);
    assert!(line.contains("cargo generate-lockfile"), "{line}");
    assert!(!dir.path().join("Cargo.lock").exists(), "Cargo.lock must never be written");
}

#[test]
fn malformed_lockfile_is_a_one_line_error() {
    let dir = copy_tree(&fixture("workspaces/single"));
    std::fs::write(dir.path().join("Cargo.lock"), "version = 4\n[[package]]\nname = 7\n").unwrap();
    let out = secure().current_dir(dir.path()).arg("--offline").output().unwrap();
    let line = one_line_error(&out);
    assert!(line.contains("Cargo.lock"), "{line}");
}

#[test]
fn missing_db_path_is_a_one_line_error() {
    let out = secure()
        .current_dir(fixture("workspaces/single"))
        .args(["--offline", "--db", "/nonexistent/advisory-db"])
        .output()
        .unwrap();
    let line = one_line_error(&out);
    assert!(line.contains("/nonexistent/advisory-db"), "{line}");
}

#[test]
fn corrupt_db_is_a_one_line_error() {
    let db = tempfile::tempdir().unwrap();
    let crate_dir = db.path().join("crates/foo");
    std::fs::create_dir_all(&crate_dir).unwrap();
    std::fs::write(crate_dir.join("RUSTSEC-2020-0001.md"), "not an advisory\n").unwrap();
    let out = secure()
        .current_dir(fixture("workspaces/single"))
        .arg("--offline")
        .arg("--db")
        .arg(db.path())
        .output()
        .unwrap();
    let line = one_line_error(&out);
    assert!(line.contains("advisory database"), "{line}");
}

#[test]
fn unknown_format_is_a_one_line_error() {
    let out = secure()
        .current_dir(fixture("workspaces/single"))
        .args(["--offline", "--format", "xml"])
        .output()
        .unwrap();
    let line = one_line_error(&out);
    assert!(line.contains("xml") && line.contains("json"), "{line}");
}

#[test]
fn unknown_override_code_is_a_one_line_error() {
    let out = secure()
        .current_dir(fixture("workspaces/single"))
        .args(["--offline", "--deny", "no-such-code"])
        .output()
        .unwrap();
    one_line_error(&out);
}

#[test]
fn runs_from_a_subdirectory_of_the_workspace() {
    let out = secure()
        .current_dir(fixture("workspaces/single/src"))
        .args(["--offline", "--format", "json", "--allow-unmeasured", "advisories"])
        .output()
        .unwrap();
    let report = json(&out);
    let root = report["workspace"]["root"].as_str().unwrap();
    assert!(root.ends_with("workspaces/single"), "{root}");
}

#[test]
fn manifest_path_selects_the_workspace() {
    let out = secure()
        .arg("--manifest-path")
        .arg(fixture("workspaces/virtual/Cargo.toml"))
        .args(["--offline", "--format", "json"])
        .output()
        .unwrap();
    let report = json(&out);
    assert!(report["workspace"]["root"].as_str().unwrap().ends_with("workspaces/virtual"));
}

#[test]
fn manifest_path_to_a_member_scans_the_whole_workspace_and_says_so() {
    let run = |manifest: &str, format: &str| {
        secure()
            .arg("--manifest-path")
            .arg(fixture(manifest))
            .args(["--offline", "--color", "never", "--format", format])
            .output()
            .unwrap()
    };
    let report = json(&run("workspaces/virtual/crates/app/Cargo.toml", "json"));
    assert_eq!(report["workspace"]["entered_member"], "app");
    assert_eq!(report["workspace"]["members"].as_array().unwrap().len(), 2);
    let human =
        String::from_utf8_lossy(&run("workspaces/virtual/crates/app/Cargo.toml", "human").stdout)
            .into_owned();
    let first = human.lines().next().unwrap();
    assert!(
        first.contains("member app of workspace ")
            && first.contains("the whole workspace is scanned"),
        "{first}"
    );
    let root = json(&run("workspaces/virtual/Cargo.toml", "json"));
    assert!(root["workspace"].get("entered_member").is_none());
    let help = secure().args(["secure", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("whole workspace is scanned"));
}

#[test]
fn virtual_workspace_lists_every_member() {
    let out = secure()
        .current_dir(fixture("workspaces/virtual"))
        .args(["--offline", "--format", "json"])
        .output()
        .unwrap();
    let report = json(&out);
    let mut members: Vec<&str> = report["workspace"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    members.sort_unstable();
    assert_eq!(members, ["app", "vcore"]);
}

#[test]
fn json_report_has_the_documented_envelope() {
    let out = secure()
        .current_dir(fixture("workspaces/single"))
        .args(["--offline", "--format", "json"])
        .output()
        .unwrap();
    let report = json(&out);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["tool"]["name"], "cargo-secure");
    assert!(report["score"].get("overall").is_some());
    assert!(report["gate"]["passed"].is_boolean());
    assert!(report["gate"]["reasons"].is_array());
    for id in ["advisories", "unsafe-code", "supply-chain", "posture", "manifest"] {
        let layer = layer(&report, id);
        for key in ["id", "title", "status", "weight", "summary", "findings"] {
            assert!(layer.get(key).is_some(), "layer {id} lacks {key}");
        }
    }
}

#[test]
fn missing_advisory_db_is_not_measured_and_fails_the_gate_unless_allowed() {
    let run = |extra: &[&str]| {
        secure()
            .current_dir(fixture("workspaces/single"))
            .args(["--offline", "--format", "json"])
            .args(extra)
            .output()
            .unwrap()
    };
    let strict = run(&[]);
    assert_eq!(strict.status.code(), Some(1));
    let report = json(&strict);
    assert_eq!(layer(&report, "advisories")["status"], "not-measured");
    let reasons = report["gate"]["reasons"].to_string();
    assert!(reasons.contains("advisories not measured"), "{reasons}");

    let allowed = run(&["--allow-unmeasured", "advisories"]);
    let report = json(&allowed);
    assert!(!report["gate"]["reasons"].to_string().contains("advisories not measured"));
}

#[test]
fn no_escape_codes_unless_colour_is_wanted() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = secure();
        cmd.current_dir(fixture("workspaces/single")).arg("--offline").args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(!run(&[], &[]).contains('\u{1b}'), "piped stdout must be plain");
    assert!(run(&["--color", "always"], &[]).contains('\u{1b}'));
    assert!(run(&[], &[("CARGO_TERM_COLOR", "always")]).contains('\u{1b}'));
    assert!(run(&[], &[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(!run(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(!run(&["--format", "json", "--color", "always"], &[]).contains('\u{1b}'));
}

#[test]
fn the_workspace_is_never_modified() {
    let dir = copy_tree(&fixture("workspaces/virtual"));
    let before = snapshot(dir.path());
    secure().current_dir(dir.path()).arg("--offline").output().unwrap();
    secure().current_dir(dir.path()).args(["--offline", "--format", "json"]).output().unwrap();
    assert_eq!(before, snapshot(dir.path()));
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn quiet_prints_only_the_verdict() {
    let out = secure()
        .current_dir(fixture("workspaces/single"))
        .args(["--offline", "-q"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("gate"), "{text}");
    assert!(!text.contains("LAYER"), "{text}");
}
