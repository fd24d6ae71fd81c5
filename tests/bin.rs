//! `cargo secure bin`: the dependency list `cargo auditable` embeds in a
//! binary, audited as the advisories layer audits `Cargo.lock`. The test
//! builds `fixtures/sbom`'s program with `cargo auditable build` (into a
//! temporary target directory) when cargo-auditable is installed; a binary
//! without embedded data must be "not measured", never a pass.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn fixture() -> PathBuf {
    common::fixture("sbom")
}

/// Whether `cargo auditable` can run here.
fn has_cargo_auditable() -> bool {
    std::process::Command::new("cargo")
        .args(["auditable", "--version"])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// `fixtures/sbom`'s `tool`, built once with `cargo auditable build`; `None`
/// (after `missing`) without cargo-auditable.
fn auditable_tool() -> Option<&'static Path> {
    static BUILT: OnceLock<Option<(tempfile::TempDir, PathBuf)>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        if !has_cargo_auditable() {
            return None;
        }
        let target = tempfile::tempdir().expect("target dir");
        let status = std::process::Command::new("cargo")
            .args(["auditable", "build", "--offline", "--locked", "--quiet", "--bin", "tool"])
            .current_dir(fixture())
            .env("CARGO_TARGET_DIR", target.path())
            .status()
            .expect("cargo auditable build");
        assert!(status.success(), "cargo auditable build failed");
        let binary =
            target.path().join("debug").join(format!("tool{}", std::env::consts::EXE_SUFFIX));
        Some((target, binary))
    });
    match built {
        Some((_, binary)) => Some(binary.as_path()),
        None => {
            common::missing("cargo-auditable (cargo install --locked cargo-auditable)");
            None
        }
    }
}

fn secure(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = common::secure();
    cmd.current_dir(fixture())
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(["secure", "--offline", "--color", "never", "--quiet", "--db"])
        .arg(common::fixture_db())
        .args(args);
    cmd
}

fn run(args: &[&str], binary: &Path, code: i32) -> Value {
    let output = secure(args).arg(binary).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(code),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    common::json(&output)
}

/// (advisory id, package, scope, suppressed) of the advisories layer's findings.
fn advisories(report: &Value) -> BTreeSet<(String, String, String, bool)> {
    common::layer(report, "advisories")["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| {
            Some((
                f["advisory"]["id"].as_str()?.to_owned(),
                f["package"]["name"].as_str()?.to_owned(),
                f["scope"].as_str()?.to_owned(),
                f.get("suppressed").is_some(),
            ))
        })
        .collect()
}

/// The CycloneDX 1.6 schema's complaints about `bom`.
fn schema_errors(bom: &Value) -> Vec<String> {
    let schema = |name: &str| -> Value {
        let text =
            std::fs::read_to_string(common::fixture("sbom-schemas").join(name)).expect("schema");
        serde_json::from_str(&text).expect("schema json")
    };
    let resource =
        |name: &str| jsonschema::Resource::from_contents(schema(name)).expect("resource");
    let validator = jsonschema::options()
        .with_resource("http://cyclonedx.org/schema/spdx.schema.json", resource("spdx.schema.json"))
        .with_resource(
            "http://cyclonedx.org/schema/jsf-0.82.schema.json",
            resource("jsf-0.82.schema.json"),
        )
        .build(&schema("bom-1.6.schema.json"))
        .expect("schema compiles");
    validator.iter_errors(bom).map(|e| format!("{e} at {}", e.instance_path)).collect()
}

#[test]
fn the_embedded_dependencies_give_the_findings_advisories_gives_for_the_lockfile() {
    let Some(tool) = auditable_tool() else { return };
    let shipped = run(&["bin", "--format", "json"], tool, 1);
    let output = secure(&["--format", "json"]).output().expect("runs");
    let scanned = common::json(&output);
    // The lockfile scan also sees the dev-only `abandoned`, which is not in the program.
    let expected: BTreeSet<_> =
        advisories(&scanned).into_iter().filter(|(_, _, scope, _)| scope != "dev").collect();
    assert_eq!(advisories(&shipped), expected);
    assert!(expected.contains(&(
        "RUSTSEC-2099-0001".to_owned(),
        "vulncrate".to_owned(),
        "normal".to_owned(),
        false
    )));
    // The exception in secure.toml applies to the binary too.
    assert!(expected.iter().any(|(id, _, _, suppressed)| id == "RUSTSEC-2099-0002" && *suppressed));
    assert_eq!(shipped["gate"]["passed"], false);
    assert_eq!(common::layer(&shipped, "advisories")["status"], "fail");
}

#[test]
fn the_binary_sbom_lists_what_was_embedded() {
    let Some(tool) = auditable_tool() else { return };
    let bom = run(&["bin", "--format", "cyclonedx"], tool, 1);
    let errors = schema_errors(&bom);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(bom["metadata"]["component"]["name"], "tool");
    assert_eq!(bom["metadata"]["component"]["type"], "application");
    let mut names: Vec<&str> = bom["components"]
        .as_array()
        .expect("components")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["helper", "mid", "oldvuln", "vulncrate"]);
    let states: BTreeSet<(String, String)> = bom["vulnerabilities"]
        .as_array()
        .expect("vulnerabilities")
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap_or("").to_owned(),
                v["analysis"]["state"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(states.contains(&("RUSTSEC-2099-0001".to_owned(), "exploitable".to_owned())));
    assert!(states.contains(&("RUSTSEC-2099-0002".to_owned(), "not_affected".to_owned())));
    let spdx = run(&["bin", "--format", "spdx"], tool, 1);
    assert_eq!(spdx["packages"].as_array().map(Vec::len), Some(5));
}

#[test]
fn a_binary_without_embedded_data_is_not_measured_and_fails_the_gate() {
    // This test program was built by plain cargo: it has no embedded list.
    let plain = std::env::current_exe().expect("test binary");
    let report = run(&["bin", "--format", "json"], &plain, 1);
    let layer = common::layer(&report, "advisories");
    assert_eq!(layer["status"], "not-measured");
    let reason = layer["not_measured_reason"].as_str().expect("reason");
    assert!(reason.contains("cargo auditable build"), "{reason}");
    assert_eq!(report["gate"]["passed"], false);
}

#[test]
fn a_missing_binary_is_one_error_line() {
    let output =
        secure(&["bin"]).arg("/nonexistent/cargo-secure-test-binary").output().expect("runs");
    assert!(common::one_line_error(&output).contains("/nonexistent/cargo-secure-test-binary"));
}

#[test]
fn release_with_the_binary_adds_its_checklist_item() {
    let Some(tool) = auditable_tool() else { return };
    let output =
        secure(&["release", "--format", "json", "--binary"]).arg(tool).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let checklist = common::json(&output);
    let items = checklist["items"].as_array().expect("items");
    let item = items.iter().find(|i| i["id"] == "release-binary").expect("release-binary item");
    assert_eq!(item["done"], false);
    assert!(item["detail"].as_str().is_some_and(|d| d.contains("RUSTSEC-2099-0001")), "{item}");
    assert_eq!(items.last().map(|i| &i["id"]), Some(&Value::from("release-gate")));
}

#[test]
fn a_truncated_or_foreign_file_is_not_measured_and_a_directory_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let truncated = dir.path().join("truncated");
    std::fs::write(&truncated, b"\x7fELF\x02\x01\x01garbage").expect("write");
    let foreign = dir.path().join("foreign.txt");
    std::fs::write(&foreign, "not a program\n").expect("write");
    for file in [&truncated, &foreign] {
        let report = run(&["bin", "--format", "json"], file, 1);
        let layer = common::layer(&report, "advisories");
        assert_eq!(layer["status"], "not-measured", "{}", file.display());
        assert!(
            layer["not_measured_reason"]
                .as_str()
                .is_some_and(|r| r.contains("foreign") || r.contains("truncated"))
        );
    }
    let output = secure(&["bin"]).arg(dir.path()).output().expect("runs");
    assert!(common::one_line_error(&output).contains("not a file"));
}
