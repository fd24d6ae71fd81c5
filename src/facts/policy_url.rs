//! Organisation policies named by URL in `extends`, the one network access of
//! the manifest: fetched over HTTPS (plain HTTP only to a loopback address, or
//! with `--allow-http-policy`), cached under the cargo secure cache directory
//! with their ETag (a later fetch asks `If-None-Match`), read from the cache
//! alone under `--offline` (no connection at all), and checked against the
//! `sha256` the manifest pins.

use crate::manifest::extends::Fetch;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

/// The largest policy accepted; a real one is a few kilobytes.
const MAX_BYTES: u64 = 1024 * 1024;
/// How long a fetch may take before it fails.
const TIMEOUT: Duration = Duration::from_secs(30);
/// Redirects followed at most.
const MAX_REDIRECTS: usize = 5;

/// A policy's bytes and where they came from.
enum Body {
    /// The cached copy (offline, or a 304 answer).
    Cached(Vec<u8>),
    /// Fetched anew, with the server's ETag when it sent one.
    Fetched(Vec<u8>, Option<String>),
}

/// Fetches policies by URL for one run.
#[derive(Debug, Clone)]
pub struct PolicyFetcher {
    /// `--offline`: the cache only, no connection.
    pub offline: bool,
    /// `--allow-http-policy`: plain HTTP to any host.
    pub allow_http: bool,
    /// The cargo secure cache directory (`None`: nothing is cached).
    pub cache_dir: Option<PathBuf>,
}

impl PolicyFetcher {
    /// The fetcher for a session's options.
    pub fn new(session: &crate::session::Session) -> Self {
        PolicyFetcher {
            offline: session.options.offline,
            allow_http: session.global.allow_http_policy,
            cache_dir: crate::options::default_cache_dir(),
        }
    }

    /// The cached body and ETag files of a URL.
    fn cached(&self, url: &str) -> Option<(PathBuf, PathBuf)> {
        let dir = self.cache_dir.as_ref()?.join("policies");
        let key = hex(&Sha256::digest(url.as_bytes()));
        Some((dir.join(format!("{key}.toml")), dir.join(format!("{key}.etag"))))
    }

    fn read_cached(&self, url: &str) -> Option<Vec<u8>> {
        std::fs::read(self.cached(url)?.0).ok()
    }

    /// The body: fetched, or the cached copy when the server answers 304.
    fn download(&self, url: &str) -> Result<Body, String> {
        let allow_http = self.allow_http;
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if let Err(why) = scheme_allowed(attempt.url(), allow_http) {
                attempt.error(why)
            } else {
                attempt.follow()
            }
        });
        let client = reqwest::blocking::Client::builder()
            .timeout(TIMEOUT)
            .redirect(redirects)
            .user_agent(concat!("cargo-secure/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot start an HTTP client: {e}"))?;
        let mut request = client.get(url);
        let cached = self.read_cached(url);
        let etag = self.cached(url).and_then(|(_, etag)| std::fs::read_to_string(etag).ok());
        if let (Some(_), Some(etag)) = (&cached, &etag) {
            request = request.header(reqwest::header::IF_NONE_MATCH, etag.trim());
        }
        let response = request.send().map_err(|e| format!("cannot fetch {url}: {e}"))?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_MODIFIED
            && let Some(body) = cached
        {
            return Ok(Body::Cached(body));
        }
        if !status.is_success() {
            return Err(format!("cannot fetch {url}: HTTP {status}"));
        }
        let etag = response
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut body = Vec::new();
        response
            .take(MAX_BYTES + 1)
            .read_to_end(&mut body)
            .map_err(|e| format!("cannot read {url}: {e}"))?;
        if body.len() as u64 > MAX_BYTES {
            return Err(format!("{url}: over the {} KiB limit for a policy", MAX_BYTES / 1024));
        }
        Ok(Body::Fetched(body, etag))
    }

    /// Keeps a fetched body (and its ETag) in the cache; a cache that cannot
    /// be written only costs the next run a full fetch.
    fn remember(&self, url: &str, body: &[u8], etag: Option<&str>) {
        if let Some((file, etag_file)) = self.cached(url)
            && let Some(dir) = file.parent()
            && std::fs::create_dir_all(dir).is_ok()
            && std::fs::write(&file, body).is_ok()
        {
            let _ = match etag {
                Some(etag) => std::fs::write(etag_file, etag),
                None => std::fs::remove_file(etag_file),
            };
        }
    }
}

impl Fetch for PolicyFetcher {
    fn fetch(&self, url: &str, sha256: Option<&str>) -> Result<String, String> {
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("`url` = \"{url}\": {e}"))?;
        scheme_allowed(&parsed, self.allow_http)?;
        let body = if self.offline {
            let cached = self.read_cached(url).ok_or_else(|| {
                format!("{url} is not in the cache, and --offline fetches nothing; run once without --offline")
            })?;
            Body::Cached(cached)
        } else {
            self.download(url)?
        };
        let (Body::Cached(bytes) | Body::Fetched(bytes, _)) = &body;
        let actual = hex(&Sha256::digest(bytes));
        if let Some(expected) = sha256
            && actual != expected
        {
            return Err(format!(
                "{url}: sha256 mismatch: the manifest pins {expected}, the policy is {actual}"
            ));
        }
        let text =
            String::from_utf8(bytes.clone()).map_err(|_| format!("{url}: not valid UTF-8"))?;
        // Only what passed its pin is kept for the next run.
        if let Body::Fetched(bytes, etag) = &body {
            self.remember(url, bytes, etag.as_deref());
        }
        Ok(text)
    }
}

/// HTTPS, or plain HTTP to a loopback address (or anywhere with the flag).
fn scheme_allowed(url: &reqwest::Url, allow_http: bool) -> Result<(), String> {
    let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
    let loopback =
        host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback || allow_http => Ok(()),
        "http" => Err(format!(
            "{url}: plain HTTP is refused for a policy (anyone on the path could change it); use https://, or pass --allow-http-policy"
        )),
        other => Err(format!("{url}: `{other}` URLs are not fetched; use https://")),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
