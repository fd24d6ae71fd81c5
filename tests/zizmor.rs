//! zizmor as an engine of the posture layer. With a stand-in zizmor (a shell
//! script outside the checkout): its findings are folded in with their
//! locations and codes, one finding per place, a secure.toml exception can
//! name them, a failing zizmor is reported while the built-in rules still run,
//! one inside the checkout is never run, `--no-zizmor` turns it off. With the
//! real zizmor on `PATH`: every finding it reports appears at its place. That
//! test skips with a printed reason when zizmor is absent, unless `CI` is set
//! (and .ci/run did not say pip could not install it).
#![allow(clippy::print_stderr)] // the real-zizmor test says why it skips

mod common;

use common::{copy_tree, fixture, fixture_db, json, layer, secure};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Writes an executable shell script.
fn script(path: &Path, body: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
    std::fs::write(path, format!("#!/bin/sh\n{body}")).expect("write");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// A stand-in zizmor: `--version` prints 9.9.9, a run prints `findings` (with
/// `ROOT` replaced by the directory it is given) and leaves `ran` beside itself.
fn fake_zizmor(dir: &Path, findings: &str) -> PathBuf {
    let program = dir.join("zizmor");
    let ran = dir.join("ran");
    let findings = findings.replace('\'', "'\\''").replace("ROOT", "'\"$root\"'");
    script(
        &program,
        &format!(
            "for root; do :; done\n\
             if [ \"$1\" = --version ]; then echo 'zizmor 9.9.9'; exit 0; fi\n\
             : > '{}'\n\
             printf '%s' '{findings}'\n",
            ran.display()
        ),
    );
    program
}

/// One zizmor JSON finding at a 0-based row and column of `ROOT/rel`.
fn finding(audit: &str, severity: &str, rel: &str, row: u32, column: u32) -> String {
    format!(
        r#"{{"ident":"{audit}","desc":"{audit} description","url":"https://docs.zizmor.sh/audits/#{audit}",
        "determinations":{{"confidence":"High","severity":"{severity}","persona":"Regular"}},
        "locations":[{{"symbolic":{{"key":{{"Local":{{"verbatim_path":"ROOT/{rel}"}}}},"kind":"Primary"}},
        "concrete":{{"location":{{"start_point":{{"row":{row},"column":{column}}}}}}}}}]}}"#
    )
}

fn run(dir: &Path, zizmor: Option<&Path>, extra: &[&str]) -> std::process::Output {
    let mut cmd = secure();
    cmd.current_dir(dir).args(["secure", "--offline", "--format", "json"]).args(extra);
    cmd.arg("--db").arg(fixture_db()).env("PATH", "/usr/bin:/bin");
    match zizmor {
        Some(program) => cmd.env("CARGO_SECURE_ZIZMOR", program),
        None => cmd.env_remove("CARGO_SECURE_ZIZMOR"),
    };
    cmd.output().expect("runs")
}

fn posture(output: &std::process::Output) -> Value {
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    layer(&json(output), "posture").clone()
}

fn at(layer: &Value, code: &str) -> Vec<String> {
    let findings = layer["findings"].as_array().expect("findings");
    let of_code = findings.iter().filter(|f| f["code"] == code);
    of_code
        .map(|f| {
            let l = &f["location"];
            format!("{}:{}:{}", l["path"].as_str().unwrap_or("-"), l["line"], l["column"])
        })
        .collect()
}

fn dangerous(layer: &Value) -> &Value {
    let checks = layer["checks"].as_array().expect("checks");
    checks.iter().find(|c| c["id"] == "dangerous-workflow").expect("dangerous-workflow")
}

#[test]
fn zizmor_findings_are_folded_in_once_per_place() {
    let repo = copy_tree(&fixture("posture/bad"));
    let tools = tempfile::tempdir().expect("tempdir");
    let wf = ".github/workflows/triage.yml";
    let findings = [
        // The built-in rule reports line 19 too: one finding stays.
        finding("template-injection", "High", wf, 18, 20),
        finding("artipacked", "Medium", wf, 14, 8),
        // The built-in checkout-persists-credentials at line 12 is a note: replaced.
        finding("artipacked", "Medium", wf, 11, 8),
        finding("excessive-permissions", "High", wf, 4, 0),
        finding("unpinned-uses", "High", wf, 19, 8),
        finding("brand-new-audit", "Low", wf, 2, 0),
        // Graver than the built-in note on `docker://alpine:3` (line 24): it replaces it.
        finding("unpinned-images", "High", wf, 23, 8),
    ];
    let program = fake_zizmor(tools.path(), &format!("[{}]", findings.join(",")));
    let layer = posture(&run(repo.path(), Some(&program), &[]));
    assert!(tools.path().join("ran").exists());
    assert_eq!(at(&layer, "zizmor/template-injection"), Vec::<String>::new());
    assert_eq!(at(&layer, "workflow-script-injection").len(), 2);
    assert_eq!(at(&layer, "zizmor/artipacked"), [format!("{wf}:12:9"), format!("{wf}:15:9")]);
    assert_eq!(at(&layer, "checkout-persists-credentials"), Vec::<String>::new());
    assert_eq!(
        at(&layer, "zizmor/excessive-permissions"),
        Vec::<String>::new(),
        "line 5 is write-all"
    );
    assert_eq!(
        at(&layer, "zizmor/unpinned-uses"),
        Vec::<String>::new(),
        "line 20 is action-not-pinned"
    );
    assert_eq!(at(&layer, "zizmor/other"), [format!("{wf}:3:1")]);
    assert_eq!(at(&layer, "zizmor/unpinned-images"), [format!("{wf}:24:9")]);
    assert_eq!(at(&layer, "container-image-not-pinned"), Vec::<String>::new());
    let summary = dangerous(&layer)["summary"].as_str().unwrap_or_default();
    assert!(summary.contains("zizmor 9.9.9, 41 audits"), "{summary}");
    let artipacked = layer["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == "zizmor/artipacked"))
        .expect("artipacked");
    assert_eq!(artipacked["severity"], "warning");
    assert!(
        artipacked["fix"]
            .as_str()
            .unwrap_or("")
            .contains("https://docs.zizmor.sh/audits/#artipacked")
    );
}

#[test]
fn an_exception_can_name_a_zizmor_code() {
    let repo = copy_tree(&fixture("posture/bad"));
    let tools = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        repo.path().join("secure.toml"),
        "version = 1\n\n[context]\nasset = \"fixture\"\ncriticality = \"medium\"\n\n\
         [[exceptions]]\nfinding = \"zizmor/artipacked\"\nreason = \"no artifact is uploaded\"\n\
         owner = \"Ada\"\nexpires = 2028-01-01\n",
    )
    .expect("manifest");
    let program = fake_zizmor(
        tools.path(),
        &format!("[{}]", finding("artipacked", "Medium", ".github/workflows/triage.yml", 14, 8)),
    );
    let layer = posture(&run(repo.path(), Some(&program), &[]));
    let artipacked = layer["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == "zizmor/artipacked"))
        .expect("artipacked");
    assert_eq!(artipacked["suppressed"]["owner"], "Ada", "{artipacked}");
}

#[test]
fn a_failing_zizmor_is_reported_and_the_built_in_rules_still_run() {
    let repo = copy_tree(&fixture("posture/bad"));
    let tools = tempfile::tempdir().expect("tempdir");
    let program = tools.path().join("zizmor");
    script(&program, "echo 'something broke' >&2\nexit 3\n");
    let layer = posture(&run(repo.path(), Some(&program), &[]));
    let failed = layer["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == "zizmor-failed"))
        .expect("zizmor-failed");
    assert!(failed["message"].as_str().unwrap_or("").contains("something broke"), "{failed}");
    assert_eq!(at(&layer, "workflow-script-injection").len(), 2);
    let summary = dangerous(&layer)["summary"].as_str().unwrap_or_default();
    assert!(summary.contains("built-in rules, 9 patterns; zizmor failed"), "{summary}");
}

#[test]
fn no_zizmor_turns_it_off() {
    let repo = copy_tree(&fixture("posture/bad"));
    let tools = tempfile::tempdir().expect("tempdir");
    let program = fake_zizmor(tools.path(), "[]");
    let layer = posture(&run(repo.path(), Some(&program), &["--no-zizmor"]));
    assert!(!tools.path().join("ran").exists());
    let summary = dangerous(&layer)["summary"].as_str().unwrap_or_default();
    assert!(summary.contains("install zizmor for the full set"), "{summary}");
}

#[test]
fn a_zizmor_inside_the_checkout_is_never_run() {
    let repo = copy_tree(&fixture("posture/bad"));
    let marker = repo.path().join("MARKER-zizmor");
    script(&repo.path().join("bin/zizmor"), &format!(": > '{}'\necho '[]'\n", marker.display()));
    let output = secure()
        .current_dir(repo.path())
        .args(["secure", "--offline", "--format", "json", "--db"])
        .arg(fixture_db())
        .env_remove("CARGO_SECURE_ZIZMOR")
        .env("PATH", format!("{}:bin:/usr/bin:/bin", repo.path().join("bin").display()))
        .output()
        .expect("runs");
    posture(&output);
    assert!(!marker.exists(), "a zizmor inside the scanned repository ran");
    // Nor through a link from outside the repository to a program inside it.
    let tools = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(repo.path().join("bin/zizmor"), tools.path().join("zizmor"))
        .expect("symlink");
    let output = secure()
        .current_dir(repo.path())
        .args(["secure", "--offline", "--format", "json", "--db"])
        .arg(fixture_db())
        .env_remove("CARGO_SECURE_ZIZMOR")
        .env("PATH", format!("{}:/usr/bin:/bin", tools.path().display()))
        .output()
        .expect("runs");
    posture(&output);
    assert!(!marker.exists(), "a link to a zizmor inside the scanned repository ran");
}

#[test]
fn a_relative_cargo_secure_zizmor_is_a_usage_error() {
    let repo = copy_tree(&fixture("posture/bad"));
    let output = run(repo.path(), Some(Path::new("bin/zizmor")), &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("CARGO_SECURE_ZIZMOR must be an absolute path"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

/// The real zizmor, when installed: every finding it reports on the bad
/// fixture and the per-rule fixture appears in the posture layer at its place
/// (as `zizmor/<audit>`, or as the built-in finding already there).
#[test]
fn every_finding_of_the_installed_zizmor_appears_at_its_place() {
    let Some(program) = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path).map(|d| d.join("zizmor")).find(|p| p.is_file())
    }) else {
        // .ci/run sets CARGO_SECURE_NO_ZIZMOR when pip could not install it.
        if let Some(why) = std::env::var_os("CARGO_SECURE_NO_ZIZMOR") {
            eprintln!("skipped: zizmor is not on PATH ({})", why.to_string_lossy());
            return;
        }
        common::missing("zizmor on PATH (pip install zizmor)");
        return;
    };
    for name in ["posture/bad", "posture/workflows"] {
        let repo = copy_tree(&fixture(name));
        let action = repo.path().join("actions/greet/action.yml");
        if action.with_extension("yml.fixture").exists() {
            std::fs::rename(action.with_extension("yml.fixture"), &action).expect("action.yml");
        }
        let expected = zizmor_places(&program, repo.path());
        assert!(!expected.is_empty(), "zizmor finds nothing on {name}");
        let output = secure()
            .current_dir(repo.path())
            .args(["secure", "--offline", "--format", "json", "--db"])
            .arg(fixture_db())
            .env_remove("CARGO_SECURE_ZIZMOR")
            .output()
            .expect("runs");
        let layer = posture(&output);
        let found: Vec<(String, u64)> = layer["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| {
                let l = &f["location"];
                Some((l["path"].as_str()?.to_owned(), l["line"].as_u64()?))
            })
            .collect();
        for place in &expected {
            assert!(found.contains(place), "{name}: zizmor's finding at {place:?} is missing");
        }
        let summary = dangerous(&layer)["summary"].as_str().unwrap_or_default();
        assert!(summary.contains("zizmor 1.") || summary.contains("zizmor 2."), "{summary}");
    }
}

/// The primary locations zizmor reports, run by hand, as (path, line).
fn zizmor_places(program: &Path, repo: &Path) -> Vec<(String, u64)> {
    let direct = std::process::Command::new(program)
        .args(["--offline", "--no-config", "--no-exit-codes", "--format=json"])
        .arg(repo)
        .current_dir("/")
        .output()
        .expect("zizmor runs");
    let root = repo.canonicalize().expect("root");
    let json: Value = serde_json::from_slice(&direct.stdout).expect("zizmor JSON");
    json.as_array()
        .expect("list")
        .iter()
        .flat_map(|f| f["locations"].as_array().cloned().unwrap_or_default())
        .filter(|l| l["symbolic"]["kind"] == "Primary")
        .map(|l| {
            let path = l["symbolic"]["key"]["Local"]["verbatim_path"].as_str().unwrap_or("");
            let path = Path::new(path);
            let rel = path.strip_prefix(&root).or_else(|_| path.strip_prefix(repo));
            let rel = rel.expect("inside the repository").to_string_lossy().into_owned();
            let line = l["concrete"]["location"]["start_point"]["row"].as_u64().unwrap_or(0) + 1;
            (rel, line)
        })
        .collect()
}

#[test]
fn every_format_names_the_engine_that_measured_the_workflows() {
    let repo = copy_tree(&fixture("posture/bad"));
    let tools = tempfile::tempdir().expect("tempdir");
    let program = fake_zizmor(tools.path(), "[]");
    for (zizmor, engine) in [
        (None, "built-in rules, 9 patterns; install zizmor for the full set"),
        (Some(program.as_path()), "zizmor 9.9.9, 41 audits, with the built-in rules, 9 patterns"),
    ] {
        for format in ["human", "json", "sarif", "markdown", "github"] {
            let mut cmd = secure();
            cmd.current_dir(repo.path())
                .args(["secure", "--offline", "--color", "never", "--format", format, "--db"])
                .arg(fixture_db())
                .env("PATH", "/usr/bin:/bin");
            match zizmor {
                Some(program) => cmd.env("CARGO_SECURE_ZIZMOR", program),
                None => cmd.env_remove("CARGO_SECURE_ZIZMOR"),
            };
            let output = cmd.output().expect("runs");
            let text = String::from_utf8_lossy(&output.stdout);
            assert!(text.contains(engine), "{format} does not say `{engine}`:\n{text}");
        }
    }
}

#[test]
fn reports_with_zizmor_findings_validate_against_their_schemas() {
    let repo = copy_tree(&fixture("posture/bad"));
    let tools = tempfile::tempdir().expect("tempdir");
    let wf = ".github/workflows/triage.yml";
    let program = fake_zizmor(
        tools.path(),
        &format!("[{}]", finding("dependabot-cooldown", "Medium", wf, 2, 0)),
    );
    let sarif_schema = common::root().join("fixtures/sarif/sarif-schema-2.1.0.json");
    let sarif_schema: Value =
        serde_json::from_str(&std::fs::read_to_string(sarif_schema).expect("schema"))
            .expect("json");
    let schema = secure().arg("schema").output().expect("schema runs");
    let json_schema: Value = serde_json::from_slice(&schema.stdout).expect("schema is JSON");
    for (format, schema) in [("sarif", sarif_schema), ("json", json_schema)] {
        let output = secure()
            .current_dir(repo.path())
            .args(["secure", "--offline", "--format", format, "--db"])
            .arg(fixture_db())
            .env("CARGO_SECURE_ZIZMOR", &program)
            .output()
            .expect("runs");
        let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{format}: {errors:?}");
        assert!(report.to_string().contains("zizmor/dependabot-cooldown"), "{format}");
    }
}
