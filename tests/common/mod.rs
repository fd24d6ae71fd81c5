//! Shared helpers for the integration tests: a `cargo-secure` command with a
//! hermetic environment, fixture paths and temporary copies.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture directory under `fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    root().join("fixtures").join(path)
}

/// The tiny advisory database in `fixtures/advisory-db`.
pub fn fixture_db() -> PathBuf {
    fixture("advisory-db")
}

/// `cargo-secure` with a reproducible environment: a fixed date, no colour
/// variables, no default advisory DB, a private cache.
pub fn secure() -> Command {
    let mut cmd = Command::cargo_bin("cargo-secure").expect("binary built");
    cmd.env("CARGO_SECURE_TODAY", "2026-11-23")
        .env("CARGO_SECURE_DB", root().join("target/no-such-advisory-db"))
        .env("CARGO_SECURE_CACHE_DIR", std::env::temp_dir().join("cargo-secure-test-cache"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("CARGO_TERM_COLOR");
    cmd
}

/// Copies a directory tree into a new temporary directory.
pub fn copy_tree(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_into(from, dir.path());
    dir
}

pub fn copy_into(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_into(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Parses stdout as JSON.
pub fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout))
    })
}

/// The layer with `id` in a JSON report.
pub fn layer<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["layers"]
        .as_array()
        .and_then(|layers| layers.iter().find(|l| l["id"] == id))
        .unwrap_or_else(|| panic!("no layer {id} in report"))
}

/// Asserts that stderr is exactly one line starting with `error: ` and returns it.
pub fn one_line_error(output: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "expected exit 2, stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "expected one line, got: {stderr}");
    assert!(stderr.starts_with("error"), "expected an error line, got: {stderr}");
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    stderr
}

/// Every file and directory under `dir` with the SHA-256 of its bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, String> {
    use sha2::{Digest, Sha256};
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(dir).expect("inside").display().to_string();
            if path.is_dir() {
                out.insert(format!("{rel}/"), String::new());
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                out.insert(rel, format!("{:x}", Sha256::digest(&bytes)));
            }
        }
    }
    out
}

/// Sets the modification time of every file and directory under `root` a
/// minute back, so the caches trust what they see (they keep nothing written
/// in the last two seconds).
pub fn settle(root: &Path) {
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    let mut stack = vec![root.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).expect("read_dir").flatten().map(|e| e.path()));
        }
        std::fs::File::open(&path).expect("open").set_modified(old).expect("set mtime");
    }
}

/// A test input this machine lacks: the test goes on without it and says so,
/// but under CI (`CI` set) a missing input is a failure.
pub fn missing(what: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{what} is missing, and CI must run every test");
    }
    #[allow(clippy::print_stderr)]
    {
        eprintln!("skipped: {what} is missing");
    }
}

/// A registry on loopback that answers every request with 401, as a registry
/// whose `config.json` says `"auth-required": true` answers a client without
/// a token: cargo then asks a credential provider for one. It serves at most
/// 500 connections and lives as long as the test process.
pub fn unauthorized_registry() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(500).flatten() {
            let _ = answer_unauthorized(stream);
        }
    });
    port
}

fn answer_unauthorized(mut stream: std::net::TcpStream) -> std::io::Result<()> {
    use std::io::{Read, Write};
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5)))?;
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 65536 {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&buf[..n]);
    }
    stream.write_all(
        b"HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Cargo login_url=\"http://127.0.0.1/login\"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    )
}

/// Runs git in `dir` as a test's author, with fixed dates; panics with git's
/// message when it fails. (Tests may run git; cargo secure never does.)
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_COMMITTER_DATE", "2026-11-20T12:00:00Z")
        .env("GIT_AUTHOR_DATE", "2026-11-20T12:00:00Z")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}
