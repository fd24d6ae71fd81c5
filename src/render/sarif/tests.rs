//! SARIF output: snapshot, schema validity, locations, fingerprints, suppressions.

use super::*;
use crate::render::sample;

const LOCK: &str = "version = 4\n\n[[package]]\nname = \"ansi_term\"\nversion = \"0.12.1\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n";

fn sample_sarif() -> serde_json::Value {
    let text = render_with(&sample::report(), &LockIndex::parse(LOCK));
    serde_json::from_str(&text).expect("SARIF output is JSON")
}

/// The official OASIS SARIF 2.1.0 schema, committed as a fixture.
pub fn assert_valid_sarif(log: &serde_json::Value) {
    let schema_path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/sarif/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema fixture"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> =
        validator.iter_errors(log).map(|e| format!("{}: {e}", e.instance_path)).collect();
    assert!(errors.is_empty(), "SARIF schema violations:\n{}", errors.join("\n"));
}

#[test]
fn sample_report_renders_as_sarif() {
    insta::assert_json_snapshot!(sample_sarif());
}

#[test]
fn sarif_output_validates_against_the_official_schema() {
    assert_valid_sarif(&sample_sarif());
}

#[test]
fn every_result_has_a_physical_location_with_a_line() {
    let log = sample_sarif();
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    for result in results {
        let physical = &result["locations"][0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(physical["region"]["startLine"].as_i64().is_some_and(|l| l >= 1), "{result}");
    }
    let unmaintained = &results[1]["locations"][0]["physicalLocation"];
    assert_eq!(unmaintained["artifactLocation"]["uri"], "Cargo.lock");
    assert_eq!(unmaintained["region"]["startLine"], 3);
}

#[test]
fn rules_have_a_name_distinct_from_the_id_and_a_security_severity() {
    let log = sample_sarif();
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["RUSTSEC-2021-0003", "RUSTSEC-2021-0139", "unsafe-undocumented", "no-security-contact"]
    );
    for rule in rules {
        assert_ne!(rule["name"], rule["id"]);
        assert!(
            rule["properties"]["tags"].as_array().is_some_and(|t| t.contains(&"security".into()))
        );
        assert!(rule["help"]["markdown"].is_string());
    }
    assert_eq!(rules[0]["properties"]["security-severity"], "9.8");
}

#[test]
fn fingerprints_ignore_messages_and_lines() {
    let mut report = sample::report();
    let before = render_with(&report, &LockIndex::default());
    let finding = &mut report.layers[1].findings[0];
    finding.message = "reworded".into();
    finding.location = Some(crate::finding::Location::at("crates/app/src/lib.rs", 50, 1));
    let after = render_with(&report, &LockIndex::default());
    let print = |text: &str| {
        let log: serde_json::Value = serde_json::from_str(text).expect("json");
        log["runs"][0]["results"][2]["partialFingerprints"].clone()
    };
    assert_eq!(print(&before), print(&after));
}

#[test]
fn suppressed_findings_carry_an_external_suppression() {
    let log = sample_sarif();
    let suppressed = &log["runs"][0]["results"][3];
    assert_eq!(suppressed["suppressions"][0]["kind"], "external");
    assert!(
        suppressed["suppressions"][0]["justification"]
            .as_str()
            .is_some_and(|j| j.contains("alice"))
    );
}
