//! Property tests (proptest) for the invariants the scorecard rests on:
//!
//! - the unsafe scanner never counts the word `unsafe` inside comments, doc
//!   comments, strings, raw strings, byte strings, char literals or
//!   identifiers, and each real `unsafe {}` block adds exactly one block;
//! - every score (sub-check, layer, overall) stays within 0..=10, whatever
//!   number a formula produces (NaN and infinities included);
//! - the gate is monotone: adding a finding never turns a failed gate into a
//!   passed one.

use cargo_secure::checks::advisories::docs::VULNERABILITY;
use cargo_secure::checks::subcheck::{SubCheck, clamp_score, layer_score};
use cargo_secure::checks::{CHECKS, LayerReport, Status};
use cargo_secure::codes::CodeDoc;
use cargo_secure::facts::unsafe_scan::counter::scan_source;
use cargo_secure::facts::unsafe_scan::model::Counts;
use cargo_secure::finding::{Finding, PackageRef, Scope, Severity};
use cargo_secure::gate::{Criticality, GatePolicy};
use cargo_secure::scorecard;
use proptest::prelude::*;

/// Text that may hold `unsafe`, braces and quotes but never ends a comment.
fn comment_text() -> impl Strategy<Value = String> {
    "[a-z {}();\"'#!/unsafe_]{0,40}"
        .prop_map(|s| s.replace("*/", "").replace("/*", ""))
        .prop_map(|s| format!("unsafe {s} unsafe {{"))
}

/// Text that may appear inside a `"..."` literal without escapes.
fn string_text() -> impl Strategy<Value = String> {
    "[a-z {}();'!/*unsafe_]{0,40}".prop_map(|s| format!("{s} unsafe {{ {s}"))
}

/// One piece of code that mentions `unsafe` without being unsafe code.
fn decoy() -> impl Strategy<Value = String> {
    prop_oneof![
        comment_text().prop_map(|t| format!("// {t}\n")),
        comment_text().prop_map(|t| format!("/* {t} */\n")),
        comment_text().prop_map(|t| format!("/* outer /* {t} */ still a comment */\n")),
        string_text().prop_map(|t| format!("let _s = \"{t}\";\n")),
        string_text().prop_map(|t| format!("let _s = \"{t} \\\" unsafe {{ \\\\\";\n")),
        string_text().prop_map(|t| format!("let _r = r#\"\"{t}\" unsafe fn\"#;\n")),
        string_text().prop_map(|t| format!("let _r = r##\"{t}\"# unsafe impl\"##;\n")),
        string_text().prop_map(|t| format!("let _b = b\"{}\";\n", t.replace('\'', ""))),
        string_text()
            .prop_map(|t| format!("println!(\"{{}} {}\", 1);\n", t.replace(['{', '}'], ""))),
        Just("let _c = ('{', '\"', '}');\n".to_owned()),
        Just("let r#unsafe = 1; let _ = r#unsafe;\n".to_owned()),
        Just("let unsafe_code = 2; let not_unsafe = unsafe_code;\n".to_owned()),
        Just("let _l = 'u'; let _m = \"'unsafe'\";\n".to_owned()),
    ]
}

/// A doc comment on an item, holding `unsafe`.
fn doc_item() -> impl Strategy<Value = String> {
    comment_text().prop_map(|t| format!("/// {t}\n/** {t} */\nfn documented() {{}}\n"))
}

/// A source file: documented items, then a function whose statements are
/// decoys with `real` real `unsafe {}` blocks interleaved at `slots`.
fn source(docs: &[String], decoys: &[String], real: &[usize]) -> String {
    let mut out = docs.concat();
    out.push_str("pub fn body() {\n");
    for (i, decoy) in decoys.iter().enumerate() {
        for _ in real.iter().filter(|slot| **slot == i) {
            out.push_str("unsafe { core::hint::unreachable_unchecked() }\n");
        }
        out.push_str(decoy);
    }
    for _ in real.iter().filter(|slot| **slot >= decoys.len()) {
        out.push_str("unsafe {}\n");
    }
    out.push_str("}\n");
    out
}

fn blocks_only(blocks: u64) -> Counts {
    Counts { blocks, ..Counts::default() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn decoys_never_count(
        docs in proptest::collection::vec(doc_item(), 0..3),
        decoys in proptest::collection::vec(decoy(), 0..12),
    ) {
        let text = source(&docs, &decoys, &[]);
        for (include_tests, sites) in [(false, false), (true, true)] {
            let scan = scan_source(&text, include_tests, sites);
            prop_assert_eq!(&scan.error, &None, "{}", text);
            prop_assert_eq!(scan.counts, Counts::default(), "{}", text);
            prop_assert!(scan.sites.is_empty(), "{}", text);
        }
    }

    #[test]
    fn each_real_block_counts_once(
        decoys in proptest::collection::vec(decoy(), 0..10),
        real in proptest::collection::vec(0usize..12, 0..5),
    ) {
        let text = source(&[], &decoys, &real);
        let scan = scan_source(&text, false, true);
        prop_assert_eq!(&scan.error, &None, "{}", text);
        prop_assert_eq!(scan.counts, blocks_only(real.len() as u64), "{}", text);

        let mut one_more = real.clone();
        one_more.push(decoys.len());
        let more = scan_source(&source(&[], &decoys, &one_more), false, true);
        prop_assert_eq!(more.counts.blocks, scan.counts.blocks + 1);
    }

    #[test]
    fn sub_check_and_layer_scores_stay_in_range(
        raw in proptest::collection::vec((proptest::num::f64::ANY, 0.0f64..20.0, any::<bool>()), 0..10),
    ) {
        let subs: Vec<SubCheck> = raw
            .iter()
            .map(|(score, weight, applies)| {
                if *applies {
                    SubCheck::scored("s", "S", *weight, *score, "")
                } else {
                    SubCheck::not_applicable("s", "S", *weight, "")
                }
            })
            .collect();
        for sub in &subs {
            if let Some(score) = sub.score {
                prop_assert!((0.0..=10.0).contains(&score), "{score}");
            }
        }
        if let Some(score) = layer_score(&subs) {
            prop_assert!((0.0..=10.0).contains(&clamp_score(score)), "{score}");
            prop_assert!(score.is_finite() && (0.0..=10.0 + 1e-9).contains(&score), "{score}");
        }
    }

    #[test]
    fn any_number_becomes_a_score_in_range(raw in proptest::num::f64::ANY) {
        let report = LayerReport::measured(CHECKS[0], raw, "", Vec::new());
        let score = report.score.expect("measured");
        prop_assert!((0.0..=10.0).contains(&score), "{raw} -> {score}");
    }

    #[test]
    fn overall_score_stays_in_range(
        scores in proptest::collection::vec(proptest::option::of(proptest::num::f64::ANY), CHECKS.len()),
        criticality in criticality(),
    ) {
        let layers = CHECKS
            .iter()
            .zip(&scores)
            .map(|(check, score)| match score {
                Some(s) => LayerReport::measured(*check, *s, "", Vec::new()),
                None => LayerReport::not_measured(*check, "not measured in this property"),
            })
            .collect();
        let policy = GatePolicy::for_criticality(criticality, "property");
        let card = scorecard::grade(layers, None, today(), &policy);
        if let Some(overall) = card.score.overall {
            prop_assert!((0.0..=10.0).contains(&overall), "{overall}");
        }
    }

    #[test]
    fn adding_a_finding_never_passes_a_failed_gate(
        findings in proptest::collection::vec((0..CHECKS.len(), finding()), 0..8),
        extra in (0..CHECKS.len(), finding()),
        scores in proptest::collection::vec(0.0f64..=10.0, CHECKS.len()),
        criticality in criticality(),
        fail_under in proptest::option::of(0.0f64..=10.0),
    ) {
        let mut policy = GatePolicy::for_criticality(criticality, "property");
        if fail_under.is_some() {
            policy.min_score = fail_under;
        }
        let before = gate(&findings, &scores, &policy);
        let mut more = findings.clone();
        more.push(extra);
        let after = gate(&more, &scores, &policy);
        prop_assert!(before || !after, "a failed gate passed after adding a finding");
    }
}

/// Whether the gate passes for these findings, layer by layer.
fn gate(findings: &[(usize, Finding)], scores: &[f64], policy: &GatePolicy) -> bool {
    let layers = CHECKS
        .iter()
        .enumerate()
        .map(|(i, check)| {
            let mine = findings.iter().filter(|(at, _)| *at == i).map(|(_, f)| f.clone());
            LayerReport::measured(*check, scores[i], "", mine.collect())
        })
        .collect();
    scorecard::grade(layers, None, today(), policy).gate.passed
}

fn today() -> time::Date {
    time::macros::date!(2026 - 12 - 01)
}

fn criticality() -> impl Strategy<Value = Criticality> {
    prop_oneof![
        Just(Criticality::Low),
        Just(Criticality::Medium),
        Just(Criticality::High),
        Just(Criticality::Critical),
    ]
}

/// A finding with any documented code, severity and scope.
fn finding() -> impl Strategy<Value = Finding> {
    let codes: Vec<&'static CodeDoc> = cargo_secure::checks::codes().map(|(_, doc)| doc).collect();
    (
        proptest::sample::select(codes),
        prop_oneof![Just(Severity::Note), Just(Severity::Warning), Just(Severity::Error)],
        proptest::option::of(prop_oneof![
            Just(Scope::Normal),
            Just(Scope::Build),
            Just(Scope::Dev),
            Just(Scope::Lockfile),
        ]),
    )
        .prop_map(|(code, severity, scope)| {
            let mut finding = Finding::new(code, severity, "property");
            finding.scope = scope;
            finding.package = Some(PackageRef { name: "p".into(), version: "1.0.0".into() });
            finding
        })
}

#[test]
fn statuses_follow_the_findings() {
    let policy = GatePolicy::for_criticality(Criticality::Medium, "test");
    let vulnerable = Finding::new(&VULNERABILITY, Severity::Warning, "v");
    let layers = vec![LayerReport::measured(CHECKS[0], 10.0, "", vec![vulnerable])];
    let card = scorecard::grade(layers, None, today(), &policy);
    assert_eq!(card.layers[0].status, Status::Fail);
    assert!(!card.gate.passed);
}
