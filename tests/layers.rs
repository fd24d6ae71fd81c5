//! Layers run in-process, one at a time, on the facts gathered from a
//! fixture: `facts::gather` once, then a layer's `run` on the context it
//! gives. The cargo scratch directory and the caches are the test's own.

mod common;

use cargo_secure::checks::{self, LayerReport};
use cargo_secure::cli::SecureArgs;
use cargo_secure::facts::{self, Facts};
use cargo_secure::progress::Progress;
use cargo_secure::session::Session;
use std::ffi::OsString;

/// The facts of a fixture workspace, offline, with the fixture advisory DB.
fn facts_of(fixture: &str, scratch: &std::path::Path) -> Facts {
    let manifest = common::fixture(fixture).join("Cargo.toml");
    let args: Vec<OsString> = ["cargo", "secure", "--offline", "--no-cache", "--db"]
        .into_iter()
        .map(OsString::from)
        .chain([common::fixture_db().into_os_string(), "--manifest-path".into(), manifest.into()])
        .collect();
    let args = SecureArgs::parse_from(args).expect("arguments parse");
    let mut session = Session::new(&args).expect("session");
    session.cargo.scratch_dir = Some(scratch.to_path_buf());
    session.options.cache_dir = None;
    facts::gather(&session, |_| {}).expect("facts gathered")
}

fn run(facts: &Facts, layer: &str) -> LayerReport {
    let progress = Progress::new(true);
    let check = checks::by_id(layer).expect("a layer");
    check.run(&facts.context(&progress))
}

fn codes(layer: &LayerReport) -> Vec<&str> {
    layer.findings.iter().map(|f| f.code).collect()
}

#[test]
fn the_advisories_layer_reports_the_fixtures_vulnerabilities_in_process() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let facts = facts_of("advisories/scopes", scratch.path());
    let layer = run(&facts, "advisories");
    assert!(layer.is_measured());
    assert!(codes(&layer).contains(&"vulnerability"), "{:?}", codes(&layer));
    assert_eq!(layer.details.yanked_checked, Some(false), "offline: not looked up");
    assert!(layer.details.db.is_some());
}

#[test]
fn the_supply_chain_layer_lists_build_time_code_in_process() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let facts = facts_of("supply-chain/buildtime", scratch.path());
    let layer = run(&facts, "supply-chain");
    let listed = layer.details.build_time_code.as_ref().expect("build_time_code table");
    assert!(!listed.is_empty());
    let checks = layer.details.checks.as_ref().expect("sub-checks");
    assert!(checks.iter().any(|c| c.id == "build-time-code"));
}

#[test]
fn the_unsafe_code_layer_reads_the_scanned_packages_in_process() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let facts = facts_of("unsafe/counts", scratch.path());
    assert!(!facts.unsafe_scan.scanned.is_empty(), "the scan is a fact gathered before the checks");
    let layer = run(&facts, "unsafe-code");
    let packages = layer.details.packages.as_ref().expect("packages table");
    let alpha = packages.iter().find(|p| p.name == "alpha").expect("alpha");
    assert_eq!(alpha.counts.total(), 24);
}

/// The `explain` prose of a layer with sub-checks states each one's weight
/// (`sources (high, 7.5)`); it must say what the code uses.
fn prose_states_the_weights(layer: &LayerReport) {
    let about = checks::by_id(layer.id).expect("layer").about();
    for sub in layer.details.checks.as_deref().unwrap_or_default() {
        let level = match sub.weight {
            w if w >= 10.0 => "critical",
            w if w >= 7.5 => "high",
            w if w >= 5.0 => "medium",
            _ => "low",
        };
        let stated = format!("{} ({level}, {})", sub.id, sub.weight);
        assert!(about.contains(&stated), "{}'s explain text lacks `{stated}`", layer.id);
    }
}

#[test]
fn the_explain_text_states_the_weights_the_sub_checks_use() {
    let scratch = tempfile::tempdir().expect("tempdir");
    for (fixture, layer) in [("posture/bad", "posture"), ("supply-chain/buildtime", "supply-chain")]
    {
        let facts = facts_of(fixture, scratch.path());
        let report = run(&facts, layer);
        assert!(report.details.checks.as_ref().is_some_and(|c| c.len() > 3), "{layer}");
        prose_states_the_weights(&report);
    }
}
