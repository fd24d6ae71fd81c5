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
        let output = common::secure()
            .env("CARGO", &wrapper)
            .env("CARGO_SECURE_CACHE_DIR", &cache)
            .args(["secure", "--offline", "--format", "json", "--allow-unmeasured", "advisories"])
            .arg("--manifest-path")
            .arg(ws.join("Cargo.toml"))
            .output()
            .expect("runs");
        let report = common::json(&output);
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
