//! `cargo secure explain`: every documented code has a full explanation, and
//! advisory ids are explained from the advisory database.

mod common;

use std::path::Path;

fn explain(args: &[&str]) -> std::process::Output {
    common::secure()
        .args(["secure", "explain", "--color", "never"])
        .args(args)
        .env("CARGO_SECURE_DB", "/nonexistent/cargo-secure-db")
        .output()
        .expect("runs")
}

fn fixture_db() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/outputs/advisory-db").display().to_string()
}

#[test]
fn every_code_in_the_registry_has_a_full_explanation() {
    let mut missing = Vec::new();
    for (layer, doc) in cargo_secure::checks::codes() {
        for (field, text) in
            [("title", doc.title), ("checks", doc.checks), ("why", doc.why), ("fix", doc.fix)]
        {
            if text.trim().is_empty() {
                missing.push(format!("{layer}/{}: empty {field}", doc.code));
            }
        }
        let out = explain(&[doc.code]);
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() || !text.contains(doc.why) || !text.contains(doc.fix) {
            missing.push(format!("{layer}/{}: `explain` does not print it", doc.code));
        }
    }
    assert!(missing.is_empty(), "codes without explanation:\n{}", missing.join("\n"));
}

#[test]
fn codes_are_unique_kebab_case() {
    let mut seen = std::collections::BTreeSet::new();
    for (_, doc) in cargo_secure::checks::codes() {
        assert!(seen.insert(doc.code), "duplicate code {}", doc.code);
        // zizmor's audits keep their own names under `zizmor/`.
        let code = doc.code.strip_prefix("zizmor/").unwrap_or(doc.code);
        assert!(
            code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            doc.code
        );
    }
}

#[test]
fn an_advisory_id_is_explained_from_the_database() {
    let out = explain(&["RUSTSEC-2021-0003", "--db", &fixture_db()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    insta::assert_snapshot!(text);
    for part in [
        "Buffer overflow in SmallVec::insert_many",
        "Patched versions: >=0.6.14, <1.0.0, >=1.6.1",
        "CVE-2021-25900",
        "URL: ",
    ] {
        assert!(text.contains(part), "missing {part}");
    }
}

#[test]
fn an_alias_finds_its_advisory() {
    let out = explain(&["CVE-2021-25900", "--db", &fixture_db()]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("RUSTSEC-2021-0003"));
}

#[test]
fn an_unknown_advisory_or_code_is_a_usage_error() {
    let out = explain(&["RUSTSEC-2099-0001", "--db", &fixture_db()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("RUSTSEC-2099-0001 is not in the advisory database")
    );
    let out = explain(&["no-such-code"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_advisory_without_a_database_says_how_to_get_one() {
    let out = explain(&["RUSTSEC-2021-0003"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cargo secure fetch"));
}

/// The full list of codes, by layer: adding, renaming or removing one is a
/// visible change to review (users name codes in secure.toml and CI flags).
#[test]
fn the_list_of_codes_is_pinned() {
    let codes: Vec<String> =
        cargo_secure::checks::codes().map(|(layer, doc)| format!("{layer} {}", doc.code)).collect();
    insta::assert_snapshot!(codes.join("\n"));
}
