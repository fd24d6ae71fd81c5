//! The security manifest end to end: loading, validation, the manifest layer,
//! the context-aware gate and `cargo secure init`, through the built binary.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-11-23";

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/manifest").join(case)
}

/// `cargo secure` on a workspace, hermetic: offline, no DB, fixed date, no colour.
fn secure(root: &Path, args: &[&str]) -> Command {
    let mut cmd = common::secure();
    cmd.env("CARGO_SECURE_TODAY", TODAY)
        .env("CARGO_SECURE_DB", root.join("no-such-advisory-db"))
        .env("NO_COLOR", "1")
        .env_remove("CARGO_TERM_COLOR")
        .arg("--offline")
        .arg("--color")
        .arg("never")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .args(args);
    cmd
}

/// Runs a scan with `--format json`; returns the exit code and the report.
fn scan(root: &Path) -> (i32, Value) {
    let out = secure(root, &["--allow-unmeasured", "advisories", "--format", "json"])
        .output()
        .expect("run");
    let code = out.status.code().expect("exit code");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("exit {code}, not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr))
    });
    (code, json)
}

fn manifest_layer(report: &Value) -> &Value {
    report["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .find(|l| l["id"] == "manifest")
        .expect("manifest layer")
}

/// `code:severity` of every manifest-layer finding, with `(suppressed)` when silenced.
fn findings(report: &Value) -> Vec<String> {
    manifest_layer(report)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let silenced = if f.get("suppressed").is_some() { " (suppressed)" } else { "" };
            format!(
                "{}:{}{silenced}",
                f["code"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// A copy of a fixture in a temporary directory, for commands that write.
fn copy(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_into(&fixture(case), dir.path());
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).expect("write");
}

#[test]
fn complete_manifest_passes_and_reports_its_context() {
    let (code, report) = scan(&fixture("complete"));
    assert_eq!(code, 0, "{report:#}");
    let layer = manifest_layer(&report);
    assert!(layer["score"].is_number());
    let unexpected: Vec<String> =
        findings(&report).into_iter().filter(|f| !f.starts_with("control-not-measured")).collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    let manifest = &report["manifest"];
    assert_eq!(manifest["context"]["criticality"], "high");
    assert_eq!(manifest["gate"]["min_score"], 4.0);
    assert_eq!(manifest["gate"]["layer_min"]["manifest"], 8.0);
    assert_eq!(manifest["gate"]["max_db_age_days"], 3);
    assert_eq!(report["gate"]["policy"]["criticality"], "high");
}

#[test]
fn minimal_manifest_is_valid_and_asks_for_reviews() {
    let (code, report) = scan(&fixture("minimal"));
    assert_eq!(code, 0);
    assert_eq!(findings(&report), ["lifecycle-stale:warning", "threat-model-stale:warning"]);
    assert_eq!(report["gate"]["policy"]["fail_on"], serde_json::json!(["critical-vulnerability"]));
}

#[test]
fn every_mistake_is_reported_at_once() {
    let out =
        secure(&fixture("mistakes"), &["--allow-unmeasured", "advisories"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    insta::assert_snapshot!("mistakes", stderr);
}

#[test]
fn expired_exception_fails_the_gate() {
    let (code, report) = scan(&fixture("exceptions"));
    assert_eq!(code, 1);
    let found = findings(&report);
    assert!(found.contains(&"exception-expired:error".to_owned()), "{found:?}");
    // An expired exception no longer silences what it names.
    assert!(found.contains(&"lifecycle-stale:warning".to_owned()), "{found:?}");
    assert!(found.contains(&"exception-too-long:warning".to_owned()), "{found:?}");
    let reasons = report["gate"]["reasons"].to_string();
    assert!(reasons.contains("exception-expired"), "{reasons}");
    let exceptions = report["manifest"]["exceptions"].as_array().expect("exceptions");
    assert_eq!(exceptions[0]["days_left"], -22);
    assert_eq!(exceptions[0]["expired"], true);
}

#[test]
fn unused_exception_is_a_warning() {
    let (code, report) = scan(&fixture("unused-exception"));
    assert_eq!(code, 0);
    assert_eq!(findings(&report), ["exception-unused:warning"]);
    assert_eq!(manifest_layer(&report)["status"], "warn");
    let fix = manifest_layer(&report)["findings"][0]["fix"].as_str().unwrap_or("");
    assert!(fix.contains("line 17"), "{fix}");
}

#[test]
fn criticality_changes_the_gate() {
    let dir = copy("stale-threat-model");
    let (high, at_high) = scan(dir.path());
    edit(&dir.path().join("secure.toml"), "criticality = \"high\"", "criticality = \"low\"");
    let (low, at_low) = scan(dir.path());
    assert_eq!(findings(&at_high), ["threat-model-stale:error"]);
    assert_eq!(findings(&at_low), ["threat-model-stale:warning"]);
    assert_eq!((high, low), (1, 0));
}

#[test]
fn gate_section_overrides_the_defaults() {
    let dir = copy("stale-threat-model");
    let toml = dir.path().join("secure.toml");
    let text = std::fs::read_to_string(&toml).expect("read");
    std::fs::write(&toml, format!("{text}\n[gate]\nfail-on = [\"vulnerability\"]\n"))
        .expect("write");
    let (code, report) = scan(dir.path());
    assert_eq!(code, 0);
    assert_eq!(report["gate"]["policy"]["fail_on"], serde_json::json!(["vulnerability"]));
    assert!(report["gate"]["policy"]["source"].as_str().unwrap_or("").contains("[gate]"));
}

#[test]
fn exception_silences_exactly_what_it_names() {
    let dir = copy("stale-threat-model");
    let toml = dir.path().join("secure.toml");
    let text = std::fs::read_to_string(&toml).expect("read");
    let other = "[[exceptions]]\nfinding = \"lifecycle-stale\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-01\n";
    std::fs::write(&toml, format!("{text}\n{other}")).expect("write");
    let (code, report) = scan(dir.path());
    assert_eq!(code, 1, "an exception for another code does not silence threat-model-stale");
    assert!(findings(&report).contains(&"exception-unused:warning".to_owned()));

    let named = other.replace("lifecycle-stale", "threat-model-stale");
    std::fs::write(&toml, format!("{text}\n{named}")).expect("write");
    let (code, report) = scan(dir.path());
    assert_eq!(code, 0);
    assert_eq!(findings(&report), ["threat-model-stale:error (suppressed)"]);
}

#[test]
fn missing_manifest_is_not_measured_with_a_hint() {
    let dir = copy("minimal");
    std::fs::remove_file(dir.path().join("secure.toml")).expect("rm");
    let (_, report) = scan(dir.path());
    let layer = manifest_layer(&report);
    assert_eq!(layer["status"], "not-measured");
    assert!(layer["not_measured_reason"].as_str().unwrap_or("").contains("cargo secure init"));
    assert!(report.get("manifest").is_none());
}

#[test]
fn security_contact_must_match_security_md() {
    let dir = copy("complete");
    edit(&dir.path().join("SECURITY.md"), "security@complete.invalid", "psirt@elsewhere.invalid");
    let (_, report) = scan(dir.path());
    let layer = manifest_layer(&report);
    let mismatch = layer["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == "security-contact-mismatch"))
        .expect("security-contact-mismatch");
    assert!(mismatch["message"].as_str().unwrap_or("").contains("psirt@elsewhere.invalid"));
    assert_eq!(mismatch["location"]["line"], 12);
    assert!(
        mismatch["fix"]
            .as_str()
            .unwrap_or("")
            .contains("security-contact = \"psirt@elsewhere.invalid\"")
    );
}

#[test]
fn stale_attestation_and_missing_mfa_are_reported() {
    let dir = copy("complete");
    let toml = dir.path().join("secure.toml");
    edit(&toml, "attested-on = 2026-10-01", "attested-on = 2025-01-01");
    edit(
        &toml,
        "id = \"registry-mfa\"\ntitle = \"MFA on crates.io and GitHub for every owner\"",
        "id = \"registry-owners\"\ntitle = \"Few crates.io owners\"",
    );
    edit(&toml, "\"registry-mfa\", \"no-unsafe\"", "\"registry-owners\", \"no-unsafe\"");
    let (_, report) = scan(dir.path());
    let found = findings(&report);
    assert!(found.contains(&"attestation-stale:warning".to_owned()), "{found:?}");
    assert!(found.contains(&"mfa-not-attested:warning".to_owned()), "{found:?}");
}

#[test]
fn init_refuses_to_overwrite() {
    let dir = copy("complete");
    let before = std::fs::read_to_string(dir.path().join("secure.toml")).expect("read");
    let out = secure(dir.path(), &["init"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(dir.path().join("secure.toml")).expect("read"), before);
}

#[test]
fn init_output_parses() {
    let dir = copy("complete");
    secure(dir.path(), &["init", "--force"]).assert().success();
    let written = std::fs::read_to_string(dir.path().join("secure.toml")).expect("read");
    assert!(written.contains("security-contact = \"security@complete.invalid\""), "{written}");
    insta::assert_snapshot!("init-complete", written);
    assert!(written.contains("verify = \"forbid-unsafe\""), "{written}");
    assert!(written.contains("# [[exceptions]]"), "{written}");
    assert!(written.contains("complete_app"), "{written}");
    let (code, report) = scan(dir.path());
    assert_ne!(code, 2);
    assert!(manifest_layer(&report)["score"].is_number());
    let found = findings(&report);
    assert!(found.contains(&"mfa-not-attested:warning".to_owned()), "{found:?}");
}

#[test]
fn every_manifest_code_is_explained() {
    for code in [
        "no-security-contact",
        "security-contact-mismatch",
        "threat-model-stale",
        "threat-unmitigated",
        "threat-attested-only",
        "control-failing",
        "control-not-measured",
        "attestation-stale",
        "exception-expired",
        "exception-too-long",
        "exception-unused",
        "mfa-not-attested",
        "lifecycle-stale",
    ] {
        let out = secure(&fixture("minimal"), &["explain", code]).output().expect("run");
        assert!(out.status.success(), "{code}");
    }
}

#[test]
fn this_repository_passes_its_own_manifest() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, report) = scan(root);
    assert_ne!(code, 2);
    let layer = manifest_layer(&report);
    assert!(layer["score"].is_number(), "{layer:#}");
    let blocking: Vec<String> =
        findings(&report).into_iter().filter(|f| f.ends_with(":error")).collect();
    assert!(blocking.is_empty(), "{blocking:?}");
    assert_ne!(layer["status"], "fail");
}

#[test]
fn init_without_security_md_leaves_the_contact_to_the_team() {
    let dir = copy("minimal");
    std::fs::remove_file(dir.path().join("secure.toml")).expect("rm");
    secure(dir.path(), &["init"]).assert().success();
    let written = std::fs::read_to_string(dir.path().join("secure.toml")).expect("read");
    assert!(written.contains("# security-contact = "), "{written}");
    assert!(written.contains("criticality = \"medium\""), "{written}");
    let (code, report) = scan(dir.path());
    assert_ne!(code, 2);
    assert!(findings(&report).contains(&"no-security-contact:warning".to_owned()));
}
