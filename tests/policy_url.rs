//! Organisation policies extended by URL, served by a tiny loopback HTTP
//! server in the test: pinning, the cache and its ETag, `--offline` from the
//! cache without a connection, and the refusals (hash mismatch, plain HTTP to
//! another host, offline without a cached copy).

mod common;

use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

const POLICY: &str = "[policy]\nname = \"acme-web\"\nversion = \"7\"\n\n[gate]\nmin-score = 8\n";
const ETAG: &str = "\"acme-web-7\"";

/// A loopback server answering every request with `POLICY` (or 304 when the
/// request names its ETag); returns its URL and the requests it received,
/// each as `PATH if-none-match=VALUE`.
fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/rust/secure-policy.toml", listener.local_addr().expect("addr"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request = String::new();
            let mut etag = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                if request.is_empty() {
                    request = line.split_whitespace().nth(1).unwrap_or("").to_owned();
                }
                if let Some(value) = line.to_lowercase().strip_prefix("if-none-match:") {
                    etag = value.trim().to_owned();
                }
                line.clear();
            }
            log.lock().expect("log").push(format!("{request} if-none-match={etag}"));
            let mut stream = stream;
            let answer = if etag == ETAG {
                "HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_owned()
            } else {
                format!(
                    "HTTP/1.1 200 OK\r\nETag: {ETAG}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{POLICY}",
                    POLICY.len()
                )
            };
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    (url, seen)
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The minimal fixture with a manifest extending `item`, and its own cache.
fn workspace(item: &str) -> tempfile::TempDir {
    let dir = common::copy_tree(&common::fixture("manifest/minimal"));
    let manifest = format!(
        "version = 1\nextends = [{item}]\n[context]\nasset = \"x\"\ncriticality = \"low\"\n"
    );
    std::fs::write(dir.path().join("secure.toml"), manifest).expect("write");
    dir
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    common::secure()
        .env("CARGO_SECURE_CACHE_DIR", dir.join(".cache"))
        .current_dir(dir)
        .args(["secure", "--format", "json", "--no-fetch", "--allow-unmeasured", "advisories"])
        .args(args)
        .output()
        .expect("run")
}

fn report(out: &std::process::Output) -> serde_json::Value {
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    common::json(out)
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .flat_map(|l| l["findings"].as_array().expect("findings"))
        .filter_map(|f| f["code"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn a_pinned_url_policy_applies_is_cached_and_revalidated_with_its_etag() {
    let (url, seen) = serve();
    let dir = workspace(&format!("{{ url = \"{url}\", sha256 = \"{}\" }}", sha256(POLICY)));
    let first = report(&run(dir.path(), &[]));
    assert_eq!(first["gate"]["policy"]["min_score"], 8.0);
    assert_eq!(first["gate"]["policy"]["policies"][0]["name"], "acme-web");
    assert_eq!(first["gate"]["policy"]["policies"][0]["path"], url.as_str());
    assert!(!codes(&first).contains(&"policy-unpinned".to_owned()));
    let cached: Vec<_> = std::fs::read_dir(dir.path().join(".cache/policies"))
        .expect("the policy is cached")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        cached.iter().any(|f| f.ends_with(".toml")) && cached.iter().any(|f| f.ends_with(".etag"))
    );

    let second = report(&run(dir.path(), &[]));
    assert_eq!(second["gate"]["policy"]["min_score"], 8.0, "the 304 is answered from the cache");
    let requests = seen.lock().expect("log").clone();
    assert_eq!(
        requests,
        [
            "/rust/secure-policy.toml if-none-match=".to_owned(),
            format!("/rust/secure-policy.toml if-none-match={ETAG}")
        ]
    );
}

#[test]
fn offline_uses_the_cache_without_a_connection() {
    let (url, seen) = serve();
    let dir = workspace(&format!("{{ url = \"{url}\", sha256 = \"{}\" }}", sha256(POLICY)));
    report(&run(dir.path(), &[]));
    let before = seen.lock().expect("log").len();
    let offline = report(&run(dir.path(), &["--offline"]));
    assert_eq!(offline["gate"]["policy"]["min_score"], 8.0);
    assert_eq!(seen.lock().expect("log").len(), before, "--offline connects to nothing");
}

#[test]
fn offline_without_a_cached_copy_is_refused() {
    let (url, seen) = serve();
    let dir = workspace(&format!("{{ url = \"{url}\", sha256 = \"{}\" }}", sha256(POLICY)));
    let out = run(dir.path(), &["--offline"]);
    assert_eq!(out.status.code(), Some(2));
    let line = common::one_line_error(&out);
    assert!(line.contains("secure.toml:2:12:") && line.contains("not in the cache"), "{line}");
    assert!(seen.lock().expect("log").is_empty());
}

#[test]
fn a_sha256_mismatch_is_refused() {
    let (url, _) = serve();
    let dir = workspace(&format!("{{ url = \"{url}\", sha256 = \"{}\" }}", sha256("other")));
    let out = run(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let line = common::one_line_error(&out);
    assert!(line.contains("sha256 mismatch"), "{line}");
    assert!(line.contains(&sha256(POLICY)), "names the hash served: {line}");
    assert!(
        !dir.path().join(".cache/policies").exists()
            || std::fs::read_dir(dir.path().join(".cache/policies")).expect("dir").count() == 0,
        "a policy that fails its pin is not cached"
    );
}

#[test]
fn an_unpinned_url_is_a_warning() {
    let (url, _) = serve();
    let dir = workspace(&format!("{{ url = \"{url}\" }}"));
    let report = report(&run(dir.path(), &[]));
    assert!(codes(&report).contains(&"policy-unpinned".to_owned()), "{:?}", codes(&report));
    assert_eq!(report["gate"]["policy"]["min_score"], 8.0);
}

#[test]
fn plain_http_to_another_host_is_refused_before_any_connection() {
    let dir = workspace("{ url = \"http://policy.invalid/secure-policy.toml\" }");
    let out = run(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::one_line_error(&out).contains("plain HTTP is refused"));
}

#[test]
fn init_extends_a_url_pinned_to_what_it_serves() {
    let (url, _) = serve();
    let dir = common::copy_tree(&common::fixture("manifest/minimal"));
    std::fs::remove_file(dir.path().join("secure.toml")).expect("rm");
    let out = common::secure()
        .env("CARGO_SECURE_CACHE_DIR", dir.path().join(".cache"))
        .current_dir(dir.path())
        .args(["secure", "init", "--extends", &url])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("secure.toml")).expect("written");
    let item = format!("extends = [{{ url = \"{url}\", sha256 = \"{}\" }}]", sha256(POLICY));
    assert!(written.contains(&item), "{written}");
}
