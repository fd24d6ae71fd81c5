//! The caches that make a warm run cheap never answer for changed inputs:
//! cargo metadata's offline failure is kept (cargo is not started again on
//! the next run) and dropped as soon as what it read changes.

mod common;

use std::path::Path;

const MANIFEST: &str = r#"[package]
name = "gf"
version = "0.1.0"
edition = "2021"

[dependencies]
dep = { git = "https://example.invalid/dep.git", rev = "0123456789abcdef0123456789abcdef01234567" }

[workspace]
"#;

const LOCKFILE: &str = r#"version = 4

[[package]]
name = "dep"
version = "0.1.0"
source = "git+https://example.invalid/dep.git?rev=0123456789abcdef0123456789abcdef01234567#0123456789abcdef0123456789abcdef01234567"

[[package]]
name = "gf"
version = "0.1.0"
dependencies = [
 "dep",
]
"#;

/// The JSON report of an offline run on the workspace `ws` with its caches
/// under `cache` and the variables `env`.
fn report(ws: &Path, cache: &Path, env: &[(&str, &Path)]) -> serde_json::Value {
    let mut cmd = common::secure();
    for (name, value) in env {
        cmd.env(name, value);
    }
    let output = cmd
        .env("CARGO_SECURE_CACHE_DIR", cache)
        .args(["secure", "--offline", "--format", "json", "--allow-unmeasured", "advisories"])
        .arg("--manifest-path")
        .arg(ws.join("Cargo.toml"))
        .output()
        .expect("runs");
    common::json(&output)
}

/// A workspace whose git dependency was never fetched: offline, cargo
/// cannot resolve its graph.
fn unresolvable(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    std::fs::write(dir.join("Cargo.toml"), MANIFEST).expect("manifest");
    std::fs::write(dir.join("Cargo.lock"), LOCKFILE).expect("lockfile");
    std::fs::write(dir.join("src/lib.rs"), "pub fn f() {}\n").expect("lib.rs");
}

#[cfg(unix)]
#[test]
fn an_offline_resolve_failure_is_cached_until_its_inputs_change() {
    use std::os::unix::fs::PermissionsExt;
    let Ok(real_cargo) = std::env::var("CARGO") else {
        return common::missing("the CARGO variable cargo sets for tests");
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    unresolvable(&ws);
    // A cargo that writes down each time it is started.
    let log = dir.path().join("cargo.log");
    let wrapper = dir.path().join("cargo");
    let script =
        format!("#!/bin/sh\necho \"$@\" >> '{}'\nexec '{real_cargo}' \"$@\"\n", log.display());
    std::fs::write(&wrapper, script).expect("wrapper");
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let cache = dir.path().join("cache");
    let run = || {
        let report = report(&ws, &cache, &[("CARGO", &wrapper)]);
        let started = std::fs::read_to_string(&log).unwrap_or_default().lines().count();
        (report["workspace"]["resolve_error"].as_str().map(str::to_owned), started)
    };
    let (first, started) = run();
    let reason = first.expect("the graph cannot be resolved offline");
    assert!(reason.contains("offline"), "{reason}");
    assert_eq!(started, 2, "the full resolve, then --no-deps for the members");
    let (second, started) = run();
    assert_eq!(second.as_deref(), Some(reason.as_str()), "the same reason from the cache");
    assert_eq!(started, 2, "a warm run starts no cargo");
    let lib = std::fs::read_to_string(ws.join("Cargo.toml")).expect("read");
    std::fs::write(ws.join("Cargo.toml"), format!("{lib}\n# edited\n")).expect("edit");
    let (third, started) = run();
    assert!(third.is_some());
    assert_eq!(started, 4, "an edited manifest is read by cargo again");
}

#[test]
fn a_cached_walk_and_binary_verdicts_follow_every_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    common::copy_into(&common::fixture("posture/good"), &ws);
    std::fs::write(ws.join("notes.dat"), "plain text, for now\n").expect("notes.dat");
    common::settle(&ws);
    let cache = dir.path().join("cache");
    let binaries = || {
        let report = report(&ws, &cache, &[]);
        let findings = common::layer(&report, "posture")["findings"].clone();
        let mut found: Vec<String> = findings
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["code"] == "binary-artifact")
            .map(|f| f["location"]["path"].as_str().expect("path").to_owned())
            .collect();
        found.sort();
        found
    };
    assert!(binaries().is_empty());
    assert!(cache.join("repo/walks").is_dir(), "the walk was kept");
    assert!(cache.join("repo/binaries").is_dir(), "the verdicts were kept");
    assert!(binaries().is_empty(), "the same from the caches");
    // Rewritten in place: the directory does not change, the file does.
    std::fs::write(ws.join("notes.dat"), b"\x7fELF\x02\x01\x01\0rest of an executable")
        .expect("elf");
    common::settle(&ws);
    assert_eq!(binaries(), ["notes.dat"], "a file's new content is judged again");
    // A new file: its directory changes, so the repository is walked again.
    std::fs::create_dir(ws.join("tools")).expect("mkdir");
    std::fs::write(ws.join("tools/helper"), b"\x7fELF\x02\x01\x01\0another one").expect("elf");
    common::settle(&ws);
    assert_eq!(binaries(), ["notes.dat", "tools/helper"], "a new file is listed");
}
