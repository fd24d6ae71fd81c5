//! `cargo secure sbom` on `fixtures/sbom` and `fixtures/advisories/scopes`:
//! CycloneDX 1.6 and SPDX 2.3 valid against the official schemas
//! (`fixtures/sbom-schemas`), one component per resolved package, every purl
//! parsing, every hash Cargo.lock's, and the same bytes for the same
//! `SOURCE_DATE_EPOCH`; the advisories with their VEX analysis (CycloneDX
//! `vulnerabilities`, OpenVEX).

mod common;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// 2026-01-01T00:00:00Z.
const EPOCH: &str = "1767225600";

fn schema(name: &str) -> Value {
    let path = common::fixture("sbom-schemas").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("schema")).expect("schema json")
}

fn sbom(case: &Path, args: &[&str]) -> (Value, String) {
    let cache = tempfile::tempdir().expect("cache");
    let output = common::secure()
        .current_dir(case)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("CARGO_SECURE_CACHE_DIR", cache.path())
        .args(["secure", "sbom", "--offline", "--quiet", "--db"])
        .arg(common::fixture_db())
        .args(args)
        .output()
        .expect("runs");
    let text = String::from_utf8(output.stdout.clone()).expect("utf-8");
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    (common::json(&output), text)
}

fn tool_fixture() -> PathBuf {
    common::fixture("sbom")
}

fn scopes_fixture() -> PathBuf {
    common::fixture("advisories/scopes")
}

/// The version, the host triple and the serial number, which differ by build
/// and machine, replaced by placeholders.
fn filtered(text: &str) -> String {
    let host = text
        .split("\"cargo-secure:target\",\n        \"value\": \"")
        .nth(1)
        .or_else(|| text.split("; target ").nth(1))
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("[NONE]")
        .to_owned();
    let version = env!("CARGO_PKG_VERSION");
    let mut text = text
        .replace(&host, "[HOST]")
        .replace(&format!("cargo-secure-{version}"), "cargo-secure-[VERSION]")
        .replace(&format!("cargo-secure {version}"), "cargo-secure [VERSION]");
    // The tool's own version in CycloneDX: the first `version` after its name.
    if let Some(name) = text.find("\"name\": \"cargo-secure\"") {
        let quoted = format!("\"version\": \"{version}\"");
        if let Some(at) = text[name..].find(&quoted).map(|at| at + name) {
            text.replace_range(at..at + quoted.len(), "\"version\": \"[VERSION]\"");
        }
    }
    if let Some(start) = text.find("urn:uuid:").map(|at| at + "urn:uuid:".len()) {
        text.replace_range(start..start + 36, "[UUID]");
    }
    let namespace = "\"documentNamespace\": \"";
    if let Some(start) = text.find(namespace).map(|at| at + namespace.len()) {
        let end = text[start..].find('"').map_or(start, |at| at + start);
        text.replace_range(end.saturating_sub(36)..end, "[UUID]");
    }
    text
}

fn cyclonedx_validator() -> jsonschema::Validator {
    let resource =
        |name: &str| jsonschema::Resource::from_contents(schema(name)).expect("resource");
    jsonschema::options()
        .with_resource("http://cyclonedx.org/schema/spdx.schema.json", resource("spdx.schema.json"))
        .with_resource(
            "http://cyclonedx.org/schema/jsf-0.82.schema.json",
            resource("jsf-0.82.schema.json"),
        )
        .build(&schema("bom-1.6.schema.json"))
        .expect("CycloneDX 1.6 schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, document: &Value) {
    let errors: Vec<String> =
        validator.iter_errors(document).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{} schema errors: {errors:#?}", errors.len());
}

/// `name@version` → checksum, from the fixture's Cargo.lock.
fn locked_checksums(case: &Path) -> BTreeMap<String, Option<String>> {
    let lockfile = rustsec::Lockfile::load(case.join("Cargo.lock")).expect("lockfile");
    lockfile
        .packages
        .iter()
        .map(|p| (format!("{}@{}", p.name, p.version), p.checksum.as_ref().map(|c| c.to_string())))
        .collect()
}

fn cyclonedx_components(bom: &Value) -> Vec<&Value> {
    let subject = &bom["metadata"]["component"];
    let mut all: Vec<&Value> = match subject["components"].as_array() {
        Some(members) => members.iter().collect(),
        None => vec![subject],
    };
    all.extend(bom["components"].as_array().expect("components"));
    all
}

#[test]
fn cyclonedx_is_valid_1_6_and_pinned() {
    let (bom, text) = sbom(&tool_fixture(), &[]);
    let validator = cyclonedx_validator();
    assert_valid(&validator, &bom);
    assert_eq!(bom["specVersion"], "1.6");
    let mut broken = bom.clone();
    broken["components"][0]["scope"] = "shipped".into();
    assert!(!validator.is_valid(&broken), "the schema catches a wrong scope");
    insta::assert_snapshot!("tool_cyclonedx", filtered(&text));
}

#[test]
fn spdx_is_valid_2_3_and_pinned() {
    let (document, text) = sbom(&tool_fixture(), &["--format", "spdx"]);
    let validator = jsonschema::validator_for(&schema("spdx-2.3.schema.json"))
        .expect("SPDX 2.3 schema compiles");
    assert_valid(&validator, &document);
    assert_eq!(document["spdxVersion"], "SPDX-2.3");
    insta::assert_snapshot!("tool_spdx", filtered(&text));
}

#[test]
fn licences_are_spdx_expressions_or_declared_names() {
    let (bom, _) = sbom(&tool_fixture(), &[]);
    let by_name = |name: &str| {
        cyclonedx_components(&bom).into_iter().find(|c| c["name"] == name).cloned().expect(name)
    };
    assert_eq!(
        by_name("tool")["licenses"],
        serde_json::json!([{"expression": "MIT OR Apache-2.0"}])
    );
    assert_eq!(
        by_name("helper")["licenses"],
        serde_json::json!([{"license": {"name": "Proprietary, see LICENSE.txt"}}])
    );
    assert_eq!(
        by_name("tool")["authors"],
        serde_json::json!([{"name": "Jane Doe", "email": "jane@example.com"}, {"name": "The Tool Team"}])
    );
    let (spdx, _) = sbom(&tool_fixture(), &["--format", "spdx"]);
    let helper = spdx["packages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "helper"))
        .expect("helper");
    let id = helper["licenseDeclared"].as_str().expect("declared");
    assert!(id.starts_with("LicenseRef-"), "{id}");
    assert_eq!(spdx["hasExtractedLicensingInfos"][0]["licenseId"], id);
    assert_eq!(
        spdx["hasExtractedLicensingInfos"][0]["extractedText"],
        "Proprietary, see LICENSE.txt"
    );
}

#[test]
fn components_are_the_resolved_packages_with_parsing_purls_and_lockfile_hashes() {
    let case = scopes_fixture();
    let checksums = locked_checksums(&case);
    for (args, expected) in [
        // `abandoned` is dev-only and `noticed` an optional dependency outside the resolve.
        (&[][..], vec!["app", "mid", "oldvuln", "shaky", "vulncrate", "withdrawnc"]),
        (
            &["--include-dev"][..],
            vec!["abandoned", "app", "mid", "oldvuln", "shaky", "vulncrate", "withdrawnc"],
        ),
    ] {
        let (bom, _) = sbom(&case, args);
        assert_valid(&cyclonedx_validator(), &bom);
        let components = cyclonedx_components(&bom);
        let mut names: Vec<&str> = components.iter().filter_map(|c| c["name"].as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, expected, "{args:?}");
        for component in &components {
            let purl = component["purl"].as_str().expect("purl");
            let parsed = packageurl::PackageUrl::from_str(purl).expect(purl);
            assert_eq!(parsed.ty(), "cargo");
            let spec = format!("{}@{}", parsed.name(), parsed.version().expect("version"));
            let hash = component["hashes"][0]["content"].as_str().map(str::to_owned);
            assert_eq!(hash, checksums[&spec], "{spec}");
            assert_eq!(component["bom-ref"], purl);
        }
        let refs: Vec<&Value> = bom["dependencies"].as_array().expect("deps").iter().collect();
        assert_eq!(refs.len(), components.len(), "one dependency node per component");
    }
    let (bom, _) = sbom(&case, &["--include-dev"]);
    let scope = |name: &str| {
        cyclonedx_components(&bom)
            .into_iter()
            .find(|c| c["name"] == name)
            .map(|c| c["scope"].clone())
    };
    assert_eq!(scope("abandoned"), Some("excluded".into()));
    assert_eq!(scope("shaky"), Some("excluded".into()));
    assert_eq!(scope("vulncrate"), Some("required".into()));
}

#[test]
fn the_dependency_graph_is_cargos() {
    let (bom, _) = sbom(&scopes_fixture(), &[]);
    let edges: BTreeMap<&str, Vec<&str>> = bom["dependencies"]
        .as_array()
        .expect("deps")
        .iter()
        .map(|d| {
            let to = d["dependsOn"].as_array().expect("dependsOn").iter().filter_map(Value::as_str);
            (d["ref"].as_str().expect("ref"), to.collect())
        })
        .collect();
    assert_eq!(
        edges["pkg:cargo/app@0.1.0"],
        [
            "pkg:cargo/mid@1.0.0",
            "pkg:cargo/shaky@0.3.0",
            "pkg:cargo/vulncrate@1.0.0",
            "pkg:cargo/withdrawnc@1.0.0"
        ]
    );
    assert_eq!(edges["pkg:cargo/mid@1.0.0"], ["pkg:cargo/oldvuln@0.1.0"]);
    let (spdx, _) = sbom(&scopes_fixture(), &["--format", "spdx"]);
    let relationships = spdx["relationships"].as_array().expect("relationships");
    let depends = relationships.iter().filter(|r| r["relationshipType"] == "DEPENDS_ON").count();
    assert_eq!(depends, edges.values().map(Vec::len).sum::<usize>());
    let describes: Vec<&Value> =
        relationships.iter().filter(|r| r["relationshipType"] == "DESCRIBES").collect();
    assert_eq!(describes.len(), 1);
}

#[test]
fn the_same_source_date_epoch_gives_the_same_bytes() {
    let (_, first) = sbom(&tool_fixture(), &[]);
    let (_, second) = sbom(&tool_fixture(), &[]);
    assert_eq!(first, second);
    let (bom, _) = sbom(&tool_fixture(), &[]);
    assert_eq!(bom["metadata"]["timestamp"], "2026-01-01T00:00:00Z");
    assert_eq!(bom["metadata"]["tools"]["components"][0]["name"], "cargo-secure");
    let (_, spdx_first) = sbom(&tool_fixture(), &["--format", "spdx"]);
    let (_, spdx_second) = sbom(&tool_fixture(), &["--format", "spdx"]);
    assert_eq!(spdx_first, spdx_second);
}

#[test]
fn the_scorecard_formats_are_refused_and_the_sbom_formats_elsewhere_too() {
    let output = common::secure()
        .current_dir(tool_fixture())
        .args(["secure", "sbom", "--offline", "--format", "sarif"])
        .output()
        .expect("runs");
    assert!(common::one_line_error(&output).contains("cyclonedx"));
    let output = common::secure()
        .current_dir(tool_fixture())
        .args(["secure", "--offline", "--format", "spdx"])
        .output()
        .expect("runs");
    assert!(common::one_line_error(&output).contains("cargo secure sbom --format spdx"));
}

fn vulnerability<'a>(bom: &'a Value, id: &str) -> &'a Value {
    bom["vulnerabilities"]
        .as_array()
        .and_then(|all| all.iter().find(|v| v["id"] == id))
        .unwrap_or_else(|| panic!("no {id} in {}", bom["vulnerabilities"]))
}

#[test]
fn openvex_is_valid_and_pinned() {
    let (vex, text) = sbom(&tool_fixture(), &["--format", "openvex"]);
    let validator = jsonschema::validator_for(&schema("openvex-0.2.0.schema.json"))
        .expect("OpenVEX schema compiles");
    assert_valid(&validator, &vex);
    insta::assert_snapshot!("tool_openvex", filtered(&text));
}

#[test]
fn an_exception_makes_its_advisory_not_affected_with_reason_owner_and_expiry() {
    let (bom, _) = sbom(&tool_fixture(), &[]);
    let accepted = vulnerability(&bom, "RUSTSEC-2099-0002");
    assert_eq!(accepted["analysis"]["state"], "not_affected");
    let detail = accepted["analysis"]["detail"].as_str().expect("detail");
    assert!(detail.starts_with("oldvuln only parses our own configuration"), "{detail}");
    assert!(detail.contains("Ada Lovelace") && detail.contains("2027-06-30"), "{detail}");
    assert_eq!(accepted["affects"], serde_json::json!([{"ref": "pkg:cargo/oldvuln@0.1.0"}]));

    let blocking = vulnerability(&bom, "RUSTSEC-2099-0001");
    assert_eq!(blocking["analysis"]["state"], "exploitable");
    assert_eq!(blocking["references"][0]["id"], "CVE-2099-0001");
    assert_eq!(blocking["ratings"][0]["score"], 9.8);
    assert_eq!(blocking["ratings"][0]["severity"], "critical");
    assert_eq!(blocking["ratings"][0]["method"], "CVSSv31");
    assert!(blocking["ratings"][0]["vector"].as_str().is_some_and(|v| v.starts_with("CVSS:3.1/")));

    let (vex, _) = sbom(&tool_fixture(), &["--format", "openvex"]);
    let statement = vex["statements"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["vulnerability"]["name"] == "RUSTSEC-2099-0002"))
        .expect("statement");
    assert_eq!(statement["status"], "not_affected");
    assert_eq!(
        statement["impact_statement"],
        "oldvuln only parses our own configuration, never untrusted input"
    );
    // Only `tool` depends on oldvuln, so only `tool` is the product.
    let products: Vec<&Value> =
        statement["products"].as_array().expect("products").iter().collect();
    assert_eq!(products.len(), 1);
    assert_eq!(products[0]["@id"], "pkg:cargo/tool@2.1.0");
    assert_eq!(products[0]["subcomponents"][0]["@id"], "pkg:cargo/oldvuln@0.1.0");
    assert_eq!(vex["author"], "security@sbom.invalid");
}

#[test]
fn an_expired_exception_is_no_longer_not_affected() {
    let copy = common::copy_tree(&tool_fixture());
    let manifest = copy.path().join("secure.toml");
    let text = std::fs::read_to_string(&manifest).expect("secure.toml");
    std::fs::write(&manifest, text.replace("expires = 2027-06-30", "expires = 2026-01-01"))
        .expect("write");
    let (bom, _) = sbom(copy.path(), &[]);
    assert_valid(&cyclonedx_validator(), &bom);
    let expired = vulnerability(&bom, "RUSTSEC-2099-0002");
    assert_eq!(expired["analysis"]["state"], "exploitable");
    assert!(expired["properties"].to_string().find("exception-owner").is_none());
}

#[test]
fn a_finding_the_gate_does_not_block_is_in_triage() {
    let (bom, _) = sbom(&scopes_fixture(), &["--include-dev"]);
    assert_valid(&cyclonedx_validator(), &bom);
    assert_eq!(vulnerability(&bom, "RUSTSEC-2099-0001")["analysis"]["state"], "exploitable");
    // Unmaintained (dev) and unsound (build) are warnings at the default criticality.
    assert_eq!(vulnerability(&bom, "RUSTSEC-2099-0003")["analysis"]["state"], "in_triage");
    assert_eq!(vulnerability(&bom, "RUSTSEC-2099-0004")["analysis"]["state"], "in_triage");
    // The optional `noticed` is outside the host resolve, so not in the SBOM.
    let ids = bom["vulnerabilities"].to_string();
    assert!(!ids.contains("RUSTSEC-2099-0005"), "{ids}");
    // Without --include-dev the dev-only package and its advisory are left out.
    let (bom, _) = sbom(&scopes_fixture(), &[]);
    assert!(!bom["vulnerabilities"].to_string().contains("RUSTSEC-2099-0003"));
}

#[test]
fn a_git_dependency_has_its_repository_and_commit_in_the_purl() {
    let (bom, _) = sbom(&common::fixture("advisories/sources"), &[]);
    assert_valid(&cyclonedx_validator(), &bom);
    let git = cyclonedx_components(&bom)
        .into_iter()
        .find(|c| c["purl"].as_str().is_some_and(|p| p.contains("vcs_url")))
        .expect("the git package");
    let purl =
        packageurl::PackageUrl::from_str(git["purl"].as_str().expect("purl")).expect("parses");
    assert_eq!(
        purl.qualifiers().get("vcs_url").map(|v| v.as_ref()),
        Some("git+https://github.com/example/vulncrate@4f2a9c1e0b3d5a7c9e1f3b5d7a9c1e3f5b7d9a1c")
    );
    assert!(git.get("hashes").is_none(), "a git package has no registry checksum");
}
