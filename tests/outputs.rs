//! Every format end to end on `fixtures/outputs/basic`, `--output`, the JSON
//! Schema, and the gate options (`--fail-under`, `-D/-W/-A`).

mod common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/outputs/basic")
}

fn secure(args: &[&str]) -> Command {
    let mut cmd = common::secure();
    let manifest = fixture().join("Cargo.toml");
    cmd.arg("secure")
        .args(["--offline", "--color", "never", "--quiet", "--manifest-path"])
        .arg(manifest)
        .args(["--allow-unmeasured", "advisories"])
        .args(args)
        .env("CARGO_SECURE_DB", "/nonexistent/cargo-secure-db")
        .env("CARGO_SECURE_TODAY", "2026-11-23")
        .env("NO_COLOR", "1");
    cmd
}

fn stdout(args: &[&str]) -> (String, i32) {
    let out = secure(args).output().expect("runs");
    (String::from_utf8(out.stdout).expect("utf-8"), out.status.code().unwrap_or(-1))
}

fn filtered(text: &str) -> String {
    let root = fixture().display().to_string();
    text.replace(&root, "[ROOT]").replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

#[test]
fn every_format_renders_the_fixture() {
    for format in ["human", "json", "markdown", "github", "sarif", "badge"] {
        let (text, code) = stdout(&["--format", format]);
        assert_eq!(code, 0, "{format} exit code");
        insta::assert_snapshot!(format!("basic_{format}"), filtered(&text));
    }
    let (html, code) = stdout(&["--format", "html"]);
    assert_eq!(code, 0, "html exit code");
    insta::assert_snapshot!("basic_html", structure(&filtered(&html)));
}

/// The page without its inline CSS and script (pinned by their CSP hashes)
/// and with one tag per line, so the snapshot shows the structure.
fn structure(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<style>").or_else(|| rest.find("<script>")) {
        let (open, close) = if rest[start..].starts_with("<style>") {
            ("<style>", "</style>")
        } else {
            ("<script>", "</script>")
        };
        out.push_str(&rest[..start + open.len()]);
        out.push_str("[INLINE]");
        let end = rest[start..].find(close).expect("closed") + start;
        rest = &rest[end..];
    }
    out.push_str(rest);
    let csp = regex_free_csp(&out);
    csp.replace("><", ">\n<")
}

fn regex_free_csp(html: &str) -> String {
    html.split('\'')
        .map(|part| if part.starts_with("sha256-") { "sha256-[HASH]" } else { part })
        .collect::<Vec<_>>()
        .join("'")
}

#[test]
fn the_html_page_escapes_hostile_text_and_fetches_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("<script>alert(1)</script>");
    common::copy_into(&fixture(), &root);
    let out = common::secure()
        .arg("secure")
        .args([
            "--offline",
            "--quiet",
            "--format",
            "html",
            "--allow-unmeasured",
            "advisories",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .env("CARGO_SECURE_DB", "/nonexistent/cargo-secure-db")
        .env("CARGO_SECURE_TODAY", "2026-11-23")
        .output()
        .expect("runs");
    let html = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the hostile path is shown as text"
    );
    assert!(!html.contains("<script>alert"), "the hostile path is never markup");
    assert_eq!(html.matches("<script>").count(), 1, "only the page's own script");
    for attr in [" src=", "<link", "@import", "url(http", "fetch(", "XMLHttpRequest"] {
        assert!(!html.contains(attr), "the page must fetch nothing: {attr}");
    }
    let urls = html.match_indices("http://").chain(html.match_indices("https://"));
    for (i, _) in urls {
        let before = &html[..i];
        let allowed = before.ends_with("href=\"") && html[i..].starts_with("https://rustsec.org/")
            || before.ends_with("xmlns=\"") && html[i..].starts_with("http://www.w3.org/2000/svg");
        assert!(allowed, "unexpected URL at {}", &html[i..html.len().min(i + 60)]);
    }
    assert!(html.contains("content=\"default-src 'none'; style-src 'sha256-"));
}

#[test]
fn output_writes_every_format_to_a_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    for format in ["human", "json", "markdown", "github", "sarif", "html", "badge"] {
        let path = dir.path().join(format!("report.{format}"));
        let out = secure(&["--format", format, "--output"]).arg(&path).output().expect("runs");
        assert!(out.stdout.is_empty(), "{format} wrote to stdout");
        let (expected, _) = stdout(&["--format", format]);
        assert_eq!(std::fs::read_to_string(&path).expect("written"), expected, "{format}");
    }
}

#[test]
fn output_to_an_unwritable_path_is_an_error() {
    let out = secure(&["--output", "/nonexistent/dir/report.json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: /nonexistent/dir"));
}

#[test]
fn json_output_validates_against_the_published_schema() {
    let schema = common::secure().arg("schema").output().expect("runs");
    assert!(schema.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&schema.stdout).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let (text, _) = stdout(&["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&text).expect("report is JSON");
    let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut broken = report.clone();
    broken["score"]["layers_total"] = serde_json::json!("five");
    assert!(!validator.is_valid(&broken), "the schema must reject a wrong type");
}

#[test]
fn sarif_output_validates_against_the_official_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sarif/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let (text, _) = stdout(&["--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert!(validator.is_valid(&log));
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .is_some_and(|uri| uri.starts_with("file:///") && uri.ends_with('/'))
    );
}

#[test]
fn fail_under_fails_the_gate_when_no_score_reaches_it() {
    let (text, code) = stdout(&["--fail-under", "9.5", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(code, 1, "{text}");
    assert_eq!(report["gate"]["policy"]["min_score"], 9.5);
}

#[test]
fn fail_under_out_of_range_is_a_usage_error() {
    let out = secure(&["--fail-under", "11"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fail-under 11"));
}

#[test]
fn overrides_reach_the_policy_and_unknown_codes_are_rejected() {
    let (text, code) = stdout(&[
        "-D",
        "RUSTSEC-2021-0003",
        "-W",
        "RUSTSEC-2020-0071",
        "-A",
        "RUSTSEC-2021-0139",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&text).expect("json");
    let overrides = &report["gate"]["policy"]["overrides"];
    assert_eq!(overrides["RUSTSEC-2021-0003"], "deny");
    assert_eq!(overrides["RUSTSEC-2020-0071"], "warn");
    assert_eq!(overrides["RUSTSEC-2021-0139"], "allow");
    let out = secure(&["--deny", "no-such-code"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown finding code `no-such-code`"));
}

mod overrides {
    use cargo_secure::finding::{AdvisoryRef, Finding, Scope, Severity};
    use cargo_secure::gate::{Criticality, GatePolicy, Override};

    fn policy(overrides: &[(&str, Override)]) -> GatePolicy {
        let mut policy = GatePolicy::for_criticality(Criticality::Medium, "test");
        for (code, how) in overrides {
            policy.overrides.insert((*code).to_owned(), *how);
        }
        policy
    }

    fn vulnerability(scope: Scope) -> Finding {
        let mut finding = Finding::new(
            &cargo_secure::checks::advisories::docs::VULNERABILITY,
            Severity::Warning,
            "bad",
        )
        .package("smallvec", "1.6.0")
        .reached(vec!["app".into(), "smallvec".into()], scope);
        finding.advisory = Some(AdvisoryRef {
            id: "RUSTSEC-2021-0003".into(),
            kind: "vulnerability".into(),
            aliases: vec![],
            patched: vec![],
            url: None,
            title: "t".into(),
            cvss_score: None,
            cvss_severity: None,
        });
        finding
    }

    fn graded(policy: &GatePolicy, finding: Finding) -> Option<Severity> {
        policy.grade(finding).map(|f| f.severity)
    }

    #[test]
    fn the_policy_decides_the_default_severity_by_scope() {
        let policy = policy(&[]);
        assert_eq!(graded(&policy, vulnerability(Scope::Normal)), Some(Severity::Error));
        assert_eq!(graded(&policy, vulnerability(Scope::Dev)), Some(Severity::Warning));
    }

    #[test]
    fn deny_warn_and_allow_apply_to_codes_and_advisory_ids() {
        let deny = policy(&[("vulnerability", Override::Deny)]);
        assert_eq!(graded(&deny, vulnerability(Scope::Dev)), Some(Severity::Error));
        let warn = policy(&[("RUSTSEC-2021-0003", Override::Warn)]);
        assert_eq!(graded(&warn, vulnerability(Scope::Normal)), Some(Severity::Warning));
        let allow = policy(&[("vulnerability", Override::Allow)]);
        assert_eq!(graded(&allow, vulnerability(Scope::Normal)), None);
        let note = Finding::new(
            &cargo_secure::checks::unsafe_code::UNSAFE_UNDOCUMENTED,
            Severity::Note,
            "n",
        );
        let deny_code = policy(&[("unsafe-undocumented", Override::Deny)]);
        assert_eq!(graded(&deny_code, note), Some(Severity::Error));
    }

    #[test]
    fn an_advisory_id_override_beats_a_code_override() {
        let both =
            policy(&[("vulnerability", Override::Allow), ("RUSTSEC-2021-0003", Override::Deny)]);
        assert_eq!(graded(&both, vulnerability(Scope::Dev)), Some(Severity::Error));
    }

    #[test]
    fn a_suppressed_finding_keeps_its_severity_but_does_not_block() {
        let mut finding = vulnerability(Scope::Normal);
        finding.suppressed = Some(cargo_secure::finding::Suppression {
            owner: "o".into(),
            reason: "r".into(),
            expires: "2027-01-01".into(),
        });
        let graded = policy(&[]).grade(finding).expect("kept");
        assert_eq!(graded.severity, Severity::Error);
        assert!(!graded.is_blocking());
    }
}
