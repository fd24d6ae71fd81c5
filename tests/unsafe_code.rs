//! The unsafe-code layer, through the built binary, on fixtures whose unsafe
//! code is counted by hand (see `fixtures/unsafe/counts/crates/alpha/src/lib.rs`).

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/unsafe")
}

/// A run of `cargo secure` on one fixture workspace, hermetic and offline.
struct Run {
    cache: tempfile::TempDir,
    args: Vec<String>,
}

impl Run {
    fn on(manifest: &Path) -> Self {
        let cache = tempfile::tempdir().expect("tempdir");
        let args = vec![
            "secure".to_owned(),
            "--offline".to_owned(),
            "--color".to_owned(),
            "never".to_owned(),
            "--allow-unmeasured".to_owned(),
            "advisories".to_owned(),
            "--manifest-path".to_owned(),
            manifest.display().to_string(),
        ];
        Run { cache, args }
    }

    fn arg(mut self, arg: &str) -> Self {
        self.args.push(arg.to_owned());
        self
    }

    fn command(&self) -> Command {
        let mut cmd = common::secure();
        cmd.args(&self.args)
            .env("CARGO_SECURE_DB", self.cache.path().join("no-db"))
            .env("CARGO_SECURE_CACHE_DIR", self.cache.path().join("cache"))
            .env("CARGO_SECURE_TODAY", "2026-09-01")
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs with `--format json`; returns the exit code and the unsafe-code layer.
    fn layer(&self) -> (i32, Value) {
        let output = self.command().args(["--format", "json"]).output().expect("runs");
        let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&output.stderr));
        });
        let layer = report["layers"]
            .as_array()
            .and_then(|layers| layers.iter().find(|l| l["id"] == "unsafe-code"))
            .cloned()
            .expect("unsafe-code layer");
        (output.status.code().unwrap_or(-1), layer)
    }
}

fn package<'a>(layer: &'a Value, name: &str) -> &'a Value {
    layer["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == name))
        .unwrap_or_else(|| panic!("no package {name}"))
}

fn counts(layer: &Value, name: &str) -> Vec<u64> {
    let c = &package(layer, name)["counts"];
    [
        "blocks",
        "functions",
        "methods",
        "impls",
        "traits",
        "extern_blocks",
        "static_mut",
        "attributes",
        "in_macros",
    ]
    .iter()
    .map(|k| c[*k].as_u64().unwrap_or(u64::MAX))
    .collect()
}

fn findings<'a>(layer: &'a Value, code: &str) -> Vec<&'a Value> {
    layer["findings"]
        .as_array()
        .map(|fs| fs.iter().filter(|f| f["code"] == code).collect())
        .unwrap_or_default()
}

#[test]
fn every_kind_of_unsafe_is_counted_exactly_and_traps_are_not() {
    let (code, layer) = Run::on(&fixtures().join("counts/Cargo.toml")).layer();
    assert_eq!(code, 0, "{layer:#}");
    // blocks, functions, methods, impls, traits, extern, static mut, attributes, in macros
    assert_eq!(counts(&layer, "alpha"), [5, 3, 3, 2, 2, 2, 2, 3, 2]);
    assert_eq!(counts(&layer, "pathdep"), [1, 0, 0, 1, 0, 0, 0, 0, 0]);
    assert_eq!(package(&layer, "alpha")["files_scanned"], 6);
    assert_eq!(package(&layer, "alpha")["status"], "uses");
    assert_eq!(package(&layer, "pathdep")["workspace_member"], false);
    assert_eq!(package(&layer, "pathdep")["source"], "path");
    assert_eq!(layer["summary"], "3 of 5 packages contain no unsafe code");
}

#[test]
fn forbidding_is_read_from_the_root_and_from_workspace_lints() {
    let (_, layer) = Run::on(&fixtures().join("counts/Cargo.toml")).layer();
    assert_eq!(package(&layer, "beta")["status"], "forbids");
    assert_eq!(package(&layer, "gamma")["status"], "forbids");
    assert_eq!(package(&layer, "delta")["status"], "none");
    assert_eq!(package(&layer, "alpha")["forbids_unsafe"], false);
    let sub = &layer["checks"][0];
    assert_eq!(sub["id"], "forbid-unsafe");
    assert_eq!(sub["status"], "warn");
    assert_eq!(sub["score"], 5.0);
    let notes = findings(&layer, "unsafe-not-forbidden");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["package"]["name"], "delta");
}

#[test]
fn undocumented_unsafe_is_reported_with_file_line_and_column() {
    let (_, layer) = Run::on(&fixtures().join("counts/Cargo.toml")).layer();
    let mut places: Vec<String> = findings(&layer, "unsafe-undocumented")
        .iter()
        .map(|f| {
            let l = &f["location"];
            format!("{}:{}:{}", l["path"].as_str().unwrap_or(""), l["line"], l["column"])
        })
        .collect();
    places.sort();
    assert_eq!(
        places,
        [
            "crates/alpha/src/elsewhere/renamed.rs:4:5",
            "crates/alpha/src/lib.rs:41:5",
            "crates/alpha/src/lib.rs:43:9",
            "crates/alpha/src/lib.rs:56:5",
            "crates/alpha/src/lib.rs:72:5",
            "crates/alpha/src/lib.rs:76:5",
            "crates/alpha/src/plain.rs:4:5",
        ]
    );
    assert_eq!(package(&layer, "alpha")["undocumented"], 7);
    // Dependencies are counted, never lectured.
    assert!(
        findings(&layer, "unsafe-undocumented").iter().all(|f| f["package"]["name"] == "alpha")
    );
}

#[test]
fn include_tests_counts_cfg_test_modules_and_test_targets() {
    let (_, layer) = Run::on(&fixtures().join("counts/Cargo.toml")).arg("--include-tests").layer();
    assert_eq!(counts(&layer, "alpha"), [8, 3, 3, 2, 2, 2, 2, 3, 2]);
    assert_eq!(package(&layer, "alpha")["files_scanned"], 8);
}

#[test]
fn unreadable_files_make_the_package_unknown_without_aborting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("broken");
    common::copy_into(&fixtures().join("broken"), &ws);
    let src = ws.join("src");
    let mut lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    lib.push_str("mod looped;\nmod big;\n");
    std::fs::write(src.join("lib.rs"), lib).expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink("looped.rs", src.join("looped.rs")).expect("symlink");
    let big = "// filler\n".repeat(17 * 1024 * 1024 / 10);
    std::fs::write(src.join("big.rs"), big).expect("big file");

    let (code, layer) = Run::on(&ws.join("Cargo.toml")).layer();
    assert_eq!(code, 0, "{layer:#}");
    let p = package(&layer, "broken");
    assert_eq!(p["status"], "unknown");
    assert_eq!(p["files_scanned"], 1);
    assert_eq!(counts(&layer, "broken")[0], 1);
    let reasons: Vec<String> = p["unreadable"]
        .as_array()
        .map(|u| {
            u.iter()
                .map(|x| {
                    let text = |k: &str| x[k].as_str().unwrap_or("").to_owned();
                    format!("{} {}", text("path"), text("reason"))
                })
                .collect()
        })
        .unwrap_or_default();
    let all = reasons.join("\n");
    assert!(all.contains("src/bad.rs does not parse"), "{all}");
    assert!(all.contains("src/latin1.rs is not UTF-8"), "{all}");
    assert!(all.contains("src/big.rs is") && all.contains("MiB limit"), "{all}");
    #[cfg(unix)]
    assert!(all.contains("src/looped.rs cannot be resolved"), "{all}");
    assert_eq!(p["files_unreadable"], if cfg!(unix) { 4 } else { 3 });
    assert_eq!(findings(&layer, "unsafe-unreadable").len(), 1);
    assert_eq!(layer["summary"], "0 of 1 package contain no unsafe code; 1 could not be read");
}

#[test]
fn missing_dependency_sources_are_reported_not_downloaded() {
    let (code, layer) = Run::on(&fixtures().join("missing/Cargo.toml")).layer();
    assert_eq!(code, 0, "{layer:#}");
    let missing = findings(&layer, "dependency-sources-missing");
    assert_eq!(missing.len(), 1);
    assert!(missing[0]["fix"].as_str().unwrap_or("").contains("cargo fetch"));
    assert_eq!(package(&layer, "cargo-secure-fixture-absent")["status"], "unknown");
    assert_eq!(package(&layer, "missing")["status"], "forbids");
}

#[test]
fn the_baseline_ratchet_fails_when_a_crate_grows() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_into(&fixtures(), dir.path());
    let manifest = dir.path().join("counts/Cargo.toml");
    let run = Run::on(&manifest);
    let mut baseline = common::secure();
    baseline
        .args(["secure", "baseline", "--offline", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_SECURE_CACHE_DIR", run.cache.path())
        .assert()
        .success();
    let written = std::fs::read_to_string(dir.path().join("counts/secure-baseline.toml"))
        .expect("baseline written");
    assert!(written.contains("[crates.alpha.counts]"), "{written}");

    let (code, layer) = run.layer();
    assert_eq!(code, 0);
    assert!(findings(&layer, "unsafe-baseline-exceeded").is_empty());

    let plain = dir.path().join("counts/crates/alpha/src/plain.rs");
    let mut text = std::fs::read_to_string(&plain).expect("plain.rs");
    text.push_str("\npub fn more(p: *mut u8) {\n    // SAFETY: test\n    unsafe { *p = 1 }\n}\n");
    std::fs::write(&plain, text).expect("write");

    let (code, layer) = run.layer();
    assert_eq!(code, 1, "{layer:#}");
    let exceeded = findings(&layer, "unsafe-baseline-exceeded");
    assert_eq!(exceeded.len(), 1);
    let f = exceeded[0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["package"]["name"], "alpha");
    assert_eq!(f["location"]["path"], "crates/alpha/src/plain.rs");
    assert_eq!(f["location"]["line"], 9);
    let message = f["message"].as_str().unwrap_or("");
    assert!(message.contains("1 more than secure-baseline.toml allows (24)"), "{message}");
    assert!(message.contains("blocks +1"), "{message}");
}

#[test]
fn human_output_shows_the_crate_table_and_the_total() {
    let run = Run::on(&fixtures().join("counts/Cargo.toml"));
    let output = run.command().output().expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("3 of 5 packages contain no unsafe code"), "{text}");
    let alpha = text.lines().find(|l| l.trim_start().starts_with("alpha")).unwrap_or("");
    assert!(alpha.contains("24"), "{text}");
    assert!(text.contains("pathdep"), "{text}");
}

#[test]
fn explain_documents_every_unsafe_code() {
    for code in [
        "unsafe-undocumented",
        "unsafe-baseline-exceeded",
        "unsafe-baseline-unreadable",
        "unsafe-budget-exceeded",
        "unsafe-unreadable",
        "unsafe-not-forbidden",
        "dependency-sources-missing",
    ] {
        common::secure().args(["secure", "explain", code]).assert().success();
    }
}

#[test]
fn registry_packages_are_cached_by_checksum_and_no_cache_bypasses_it() {
    // The vendored source replacement is found through .cargo/config.toml in the cwd.
    let ws = fixtures().join("vendored");
    let run = Run::on(&ws.join("Cargo.toml"));
    // A variable of its own for each run, so that none replays the one
    // before (`tests/replay.rs`): each must read the pack.
    let round = std::cell::Cell::new(0);
    let layer = |extra: &[&str]| {
        round.set(round.get() + 1);
        let output = run
            .command()
            .current_dir(&ws)
            .env("CARGO_SECURE_TEST_ROUND", round.get().to_string())
            .args(["--format", "json"])
            .args(extra)
            .output()
            .expect("runs");
        let report: Value = serde_json::from_slice(&output.stdout).expect("json");
        report["layers"][1].clone()
    };
    let first = layer(&[]);
    assert_eq!(first["id"], "unsafe-code");
    assert_eq!(counts(&first, "vend")[0], 2);
    assert_eq!(package(&first, "vend")["source"], "crates.io");
    let packs: Vec<_> = std::fs::read_dir(run.cache.path().join("cache/v6/packs"))
        .expect("packs")
        .flatten()
        .collect();
    assert_eq!(packs.len(), 1, "one pack for the workspace");
    let pack = packs[0].path();
    let mut packed: Value =
        serde_json::from_slice(&std::fs::read(&pack).expect("pack")).expect("json");
    let key = packed
        .as_object()
        .and_then(|entries| entries.keys().find(|k| k.starts_with("vend-1.0.0-1111111111111111-")))
        .cloned()
        .expect("an entry keyed by name, version and checksum");
    // Tamper with the entry: the next run reads it instead of scanning.
    packed[&key]["counts"]["blocks"] = 42.into();
    std::fs::write(&pack, serde_json::to_vec(&packed).expect("json")).expect("write pack");
    assert_eq!(counts(&layer(&[]), "vend")[0], 42, "the second run reads the pack");
    // Without the pack, the package is scanned again.
    std::fs::remove_file(&pack).expect("remove pack");
    assert_eq!(counts(&layer(&[]), "vend")[0], 2, "a run without a pack scans");
    assert!(pack.is_file(), "and writes the pack again");
    let bypassed = layer(&["--no-cache"]);
    assert_eq!(counts(&bypassed, "vend")[0], 2, "--no-cache rescans");
}

#[test]
fn a_crate_over_its_budget_in_secure_toml_is_reported_and_one_within_it_is_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_into(&fixtures(), dir.path());
    let manifest = dir.path().join("counts/Cargo.toml");
    let secure_toml = dir.path().join("counts/secure.toml");
    let write = |budget: u64| {
        let text = format!(
            "version = 1\n[context]\nasset = \"a test\"\ncriticality = \"low\"\n[unsafe]\nbudgets = {{ alpha = {budget} }}\n"
        );
        std::fs::write(&secure_toml, text).expect("write secure.toml");
    };
    write(20);
    let (_, layer) = Run::on(&manifest).layer();
    let over = findings(&layer, "unsafe-budget-exceeded");
    assert_eq!(over.len(), 1, "{layer:#}");
    assert_eq!(over[0]["package"]["name"], "alpha");
    let message = over[0]["message"].as_str().unwrap_or("");
    assert!(message.contains("alpha has 24 unsafe items, over its budget of 20 (+4)"), "{message}");
    write(24);
    let (_, layer) = Run::on(&manifest).layer();
    assert!(findings(&layer, "unsafe-budget-exceeded").is_empty(), "{layer:#}");
}

#[test]
fn an_unreadable_baseline_has_its_own_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_into(&fixtures(), dir.path());
    std::fs::write(dir.path().join("counts/secure-baseline.toml"), "version = [").expect("write");
    let (code, layer) = Run::on(&dir.path().join("counts/Cargo.toml")).layer();
    assert_eq!(code, 1);
    assert_eq!(findings(&layer, "unsafe-baseline-unreadable").len(), 1, "{layer:#}");
    assert!(findings(&layer, "unsafe-baseline-exceeded").is_empty());
}

#[test]
fn a_budget_that_is_not_a_whole_number_is_an_error_with_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_into(&fixtures(), dir.path());
    let text = "version = 1\n[context]\nasset = \"a test\"\ncriticality = \"low\"\n[unsafe]\nbudgets = { alpha = 1.5 }\n";
    std::fs::write(dir.path().join("counts/secure.toml"), text).expect("write");
    let output = Run::on(&dir.path().join("counts/Cargo.toml")).command().output().expect("runs");
    let line = common::one_line_error(&output);
    assert!(line.contains("secure.toml:6:21") && line.contains("whole number"), "{line}");
}

#[test]
fn a_member_file_edited_between_two_runs_is_counted_again_never_stale() {
    // The whole directory: `counts` depends on `../pathdep`.
    let dir = common::copy_tree(&fixtures());
    let run = Run::on(&dir.path().join("counts/Cargo.toml"));
    let lib = dir.path().join("counts/crates/beta/src/lib.rs");
    // Settled long ago, so its identity alone vouches for it on the warm run.
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let opened = std::fs::File::options().write(true).open(&lib).expect("open");
    opened.set_modified(long_ago).expect("set mtime");
    let layer = || run.layer().1;
    let first = layer();
    let before = counts(&first, "beta");
    assert_eq!(layer(), first, "a warm run from the file cache reports the same");
    let files = run.cache.path().join("cache/v6/files");
    assert_eq!(std::fs::read_dir(&files).expect("file packs").count(), 1, "one files pack");
    let mut source = std::fs::read_to_string(&lib).expect("beta's lib.rs");
    source.push_str("\npub fn added() { unsafe {} }\n");
    std::fs::write(&lib, source).expect("edit");
    let after = counts(&layer(), "beta");
    assert_eq!(after[0], before[0] + 1, "the new unsafe block is counted");
}
