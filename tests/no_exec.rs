//! No execution, even in a hostile checkout. `fixtures/hostile` has a build
//! script, a proc-macro, `.cargo/config.toml` rustc wrappers and `build.rustc`,
//! and a `rust-toolchain.toml` whose `path` toolchain has its own `cargo` and
//! `rustc`: each writes a `MARKER-*` file if run. A control run of plain
//! `cargo metadata` inside the checkout proves the traps are live; then
//! cargo secure runs from inside the checkout (with and without `$CARGO`, the
//! way `cargo secure` and `cargo-secure` start) and from outside it with
//! `--manifest-path`, and no marker may appear.

mod common;

use common::{copy_tree, fixture, fixture_db, json, secure};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of the fixture with executable traps and an absolute toolchain path.
fn hostile_checkout() -> tempfile::TempDir {
    let dir = copy_tree(&fixture("hostile"));
    let root = dir.path();
    for trap in ["wrap.sh", "fake-rustc.sh", "toolchain/bin/cargo", "toolchain/bin/rustc"] {
        std::fs::set_permissions(root.join(trap), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
    }
    let toolchain = format!("[toolchain]\npath = \"{}\"\n", root.join("toolchain").display());
    std::fs::write(root.join("rust-toolchain.toml"), toolchain).expect("toolchain file");
    dir
}

/// The markers the traps wrote.
fn markers(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if entry.file_name().to_string_lossy().starts_with("MARKER-") {
                found.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

/// The real cargo, resolved from `/` so the checkout's toolchain file does not apply.
fn real_cargo() -> PathBuf {
    let out = Command::new("rustup").args(["which", "cargo"]).current_dir("/").output();
    match out {
        Ok(out) if out.status.success() => {
            PathBuf::from(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        }
        _ => PathBuf::from(env!("CARGO")),
    }
}

/// cargo secure in a worst-case environment: nothing pinned by the caller.
fn run(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    for var in ["RUSTUP_TOOLCHAIN", "RUSTC", "RUSTC_WRAPPER", "RUSTC_WORKSPACE_WRAPPER"] {
        cmd.env_remove(var);
    }
    let output = cmd
        .args(["--offline", "--no-cache", "--format", "json", "--db"])
        .arg(fixture_db())
        .output()
        .expect("runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    json(&output)
}

#[test]
fn plain_cargo_metadata_springs_the_traps() {
    let dir = hostile_checkout();
    let _ = Command::new("cargo")
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(dir.path())
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .output();
    assert!(!markers(dir.path()).is_empty(), "the fixture's traps must be live");
}

#[test]
fn cargo_secure_inside_the_checkout_runs_none_of_its_code() {
    let dir = hostile_checkout();
    let report = run(secure().current_dir(dir.path()).env_remove("CARGO").arg("secure"));
    assert_eq!(report["workspace"]["members"].as_array().map(Vec::len), Some(2));
    assert_eq!(markers(dir.path()), Vec::<String>::new(), "started as cargo-secure");

    let report =
        run(secure().current_dir(dir.path().join("app")).env("CARGO", real_cargo()).arg("secure"));
    assert_eq!(report["workspace"]["members"].as_array().map(Vec::len), Some(2));
    assert_eq!(markers(dir.path()), Vec::<String>::new(), "started by cargo as `cargo secure`");
}

#[test]
fn cargo_secure_from_outside_with_manifest_path_runs_none_of_its_code() {
    let dir = hostile_checkout();
    let outside = tempfile::tempdir().expect("tempdir");
    let manifest = dir.path().join("Cargo.toml");
    let report = run(secure().current_dir(outside.path()).env_remove("CARGO").args([
        std::ffi::OsStr::new("secure"),
        "--manifest-path".as_ref(),
        manifest.as_os_str(),
    ]));
    let supply = common::layer(&report, "supply-chain");
    assert!(
        supply["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["code"] == "toolchain-path"),
        "the toolchain path is reported: {supply}"
    );
    assert_eq!(markers(dir.path()), Vec::<String>::new());
}
