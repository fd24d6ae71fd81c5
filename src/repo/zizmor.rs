//! zizmor's findings on the repository's workflows, composite actions and
//! Dependabot configuration: a fact gathered before the checks run, beside
//! the CI files it reads.
//!
//! zizmor (a static analyser for GitHub Actions) is run only when the user
//! installed it: `CARGO_SECURE_ZIZMOR` (an absolute path), else the first
//! `zizmor` on an absolute `PATH` entry outside the scanned repository. It
//! runs by absolute path from `/`, with an empty environment, `--offline`
//! (no network, whatever cargo secure's own mode), `--no-config` (the
//! checkout's `zizmor.yml` does not silence audits; exceptions belong in
//! `secure.toml`), `--quiet` (its log of expressions it could not parse
//! cost deno's run a quarter of its time), and is killed after `TIMEOUT`.
//! Its JSON is read, capped.

use crate::workspace::toolchain;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long zizmor may run.
pub const TIMEOUT: Duration = Duration::from_secs(120);
/// The most output read from it.
const MAX_OUTPUT: u64 = 64 * 1024 * 1024;

/// What zizmor said, or why it did not.
#[derive(Debug, Default)]
pub enum Zizmor {
    /// Not installed, or turned off with `--no-zizmor`.
    #[default]
    Absent,
    /// It ran: its version and findings.
    Ran {
        /// `1.32.0`.
        version: String,
        /// One per finding, at its primary location.
        findings: Vec<ZizmorFinding>,
    },
    /// It was found but failed or timed out.
    Failed {
        /// The program.
        program: PathBuf,
        /// Why, in one line.
        why: String,
    },
}

/// One zizmor finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZizmorFinding {
    /// The audit (`template-injection`).
    pub audit: String,
    /// `High`, `Medium`, `Low`, `Informational`.
    pub severity: String,
    /// `High`, `Medium`, `Low`.
    pub confidence: String,
    /// The audit's description.
    pub desc: String,
    /// Its documentation.
    pub url: String,
    /// The file, relative to the repository root.
    pub rel: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// Where zizmor is, when it may be run: `Err` for a relative `CARGO_SECURE_ZIZMOR`.
pub fn locate(root: &Path) -> Result<Option<PathBuf>, String> {
    if let Some(explicit) = std::env::var_os("CARGO_SECURE_ZIZMOR").filter(|v| !v.is_empty()) {
        let path = PathBuf::from(explicit);
        if !path.is_absolute() {
            return Err(format!(
                "CARGO_SECURE_ZIZMOR must be an absolute path, not `{}`",
                path.display()
            ));
        }
        return Ok(Some(path));
    }
    Ok(toolchain::on_path_outside("zizmor", Some(root)))
}

/// Runs zizmor over `root`.
pub fn run(program: &Path, root: &Path) -> Zizmor {
    let args: Vec<&OsStr> = [
        "--offline",
        "--no-config",
        "--no-exit-codes",
        "--no-progress",
        "--quiet",
        "--color=never",
        "--format=json",
        "--collect=workflows,actions,dependabot",
    ]
    .iter()
    .map(|a| a.as_ref())
    .chain([root.as_os_str()])
    .collect();
    let started = Instant::now();
    // Both at once: the version names the engine in the report.
    let version = Running::start(program, &["--version".as_ref()]);
    let findings = Running::start(program, &args);
    let version = version.and_then(|running| running.finish(started, TIMEOUT));
    let findings = findings.and_then(|running| running.finish(started, TIMEOUT));
    match (version, findings.and_then(|text| parse(&text, root))) {
        (Ok(version), Ok(findings)) => Zizmor::Ran {
            version: version.trim().trim_start_matches("zizmor").trim().to_owned(),
            findings,
        },
        (Err(why), _) | (_, Err(why)) => Zizmor::Failed { program: program.to_path_buf(), why },
    }
}

/// A zizmor process started from `/` with an empty environment, its output
/// read on two threads that say when they reach its end.
struct Running {
    child: Child,
    ended: Receiver<()>,
    stdout: JoinHandle<Vec<u8>>,
    stderr: JoinHandle<Vec<u8>>,
}

impl Running {
    fn start(program: &Path, args: &[&OsStr]) -> Result<Running, String> {
        let mut child = Command::new(program)
            .args(args)
            .current_dir(toolchain::neutral_dir())
            .env_clear()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", program.display()))?;
        let (tell, ended) = mpsc::channel();
        let stdout = read_to_end(child.stdout.take().ok_or("no stdout")?, tell.clone());
        let stderr = read_to_end(child.stderr.take().ok_or("no stderr")?, tell);
        Ok(Running { child, ended, stdout, stderr })
    }

    /// Its stdout once it exits, or why not; killed `limit` after `started`.
    /// Waiting is for the end of its output, so the answer comes as soon as
    /// it exits.
    fn finish(mut self, started: Instant, limit: Duration) -> Result<String, String> {
        let deadline = started + limit;
        let closed = (0..2).all(|_| {
            let left = deadline.saturating_duration_since(Instant::now());
            self.ended.recv_timeout(left).is_ok()
        });
        if !closed {
            return Err(self.stop(limit));
        }
        // Its output ended: it is exiting (or closed its output and runs on).
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() > deadline => return Err(self.stop(limit)),
                Ok(None) => std::thread::sleep(Duration::from_millis(1)),
                Err(e) => return Err(e.to_string()),
            }
        };
        let stdout = self.stdout.join().unwrap_or_default();
        let stderr = self.stderr.join().unwrap_or_default();
        if !status.success() {
            let last = String::from_utf8_lossy(&stderr);
            let last = last.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
            return Err(format!("exited with {status}: {last}"));
        }
        String::from_utf8(stdout).map_err(|_| "its output is not UTF-8".to_owned())
    }

    /// Kills it, past its `limit`; says so.
    fn stop(&mut self, limit: Duration) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        format!("timed out after {limit:?} and was stopped")
    }
}

/// Reads `pipe` to its end (at most `MAX_OUTPUT`) on a thread, then says so.
fn read_to_end(pipe: impl Read + Send + 'static, ended: Sender<()>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut pipe = pipe.take(MAX_OUTPUT);
        let _ = pipe.read_to_end(&mut bytes);
        // Past the cap, the rest is drained so that zizmor can exit.
        let _ = std::io::copy(pipe.get_mut(), &mut std::io::sink());
        let _ = ended.send(());
        bytes
    })
}

/// zizmor's JSON (format v1): one finding per primary location.
pub fn parse(text: &str, root: &Path) -> Result<Vec<ZizmorFinding>, String> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("unreadable JSON output: {e}"))?;
    let list = json.as_array().ok_or("the JSON output is not a list")?;
    let root = root.to_string_lossy();
    let mut out = Vec::new();
    for item in list {
        let text = |key: &str| item[key].as_str().unwrap_or_default().to_owned();
        let det = &item["determinations"];
        for location in item["locations"].as_array().into_iter().flatten() {
            if location["symbolic"]["kind"] != "Primary" {
                continue;
            }
            let key = &location["symbolic"]["key"];
            let path = key["Local"]["verbatim_path"].as_str().unwrap_or_default();
            let rel = path.strip_prefix(root.as_ref()).unwrap_or(path).trim_start_matches('/');
            let start = &location["concrete"]["location"]["start_point"];
            let at = |k: &str| start[k].as_u64().map_or(0, |n| n as u32 + 1);
            out.push(ZizmorFinding {
                audit: text("ident"),
                severity: det["severity"].as_str().unwrap_or_default().to_owned(),
                confidence: det["confidence"].as_str().unwrap_or_default().to_owned(),
                desc: text("desc"),
                url: text("url"),
                rel: rel.to_owned(),
                line: at("row"),
                column: at("column"),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn script(dir: &Path, body: &str) -> PathBuf {
        let path = dir.join("program");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("writes");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        path
    }

    fn finish_within(body: &str, limit: Duration) -> Result<String, String> {
        let dir = tempfile::tempdir().expect("temp dir");
        let program = script(dir.path(), body);
        let started = Instant::now();
        Running::start(&program, &[]).and_then(|r| r.finish(started, limit))
    }

    #[test]
    fn output_and_exit_status_are_read() {
        assert_eq!(finish_within("echo '[]'", TIMEOUT).as_deref(), Ok("[]\n"));
        let failed = finish_within("echo out; echo 'the reason' >&2; exit 3", TIMEOUT);
        assert!(failed.as_ref().is_err_and(|e| e.ends_with(": the reason")), "{failed:?}");
    }

    #[test]
    fn a_program_that_runs_past_the_deadline_is_stopped() {
        let slow = finish_within("sleep 30", Duration::from_millis(200));
        assert!(slow.as_ref().is_err_and(|e| e.starts_with("timed out after 200ms")), "{slow:?}");
        // Closing its output does not make it finished.
        let closed = finish_within("exec >&- 2>&-; sleep 30", Duration::from_millis(200));
        assert!(closed.as_ref().is_err_and(|e| e.contains("timed out")), "{closed:?}");
    }

    #[test]
    fn primary_locations_become_findings_relative_to_the_root() {
        let json = r#"[{"ident":"template-injection","desc":"code injection via template expansion",
          "url":"https://docs.zizmor.sh/audits/#template-injection",
          "determinations":{"confidence":"High","severity":"High","persona":"Regular"},
          "locations":[
            {"symbolic":{"key":{"Local":{"verbatim_path":"/r/.github/workflows/a.yml"}},"kind":"Related"},
             "concrete":{"location":{"start_point":{"row":1,"column":0}}}},
            {"symbolic":{"key":{"Local":{"verbatim_path":"/r/.github/workflows/a.yml"}},"kind":"Primary"},
             "concrete":{"location":{"start_point":{"row":29,"column":19}}}}]}]"#;
        let found = parse(json, Path::new("/r")).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].rel.as_str(), found[0].line, found[0].column),
            (".github/workflows/a.yml", 30, 20)
        );
        assert!(parse("not json", Path::new("/r")).is_err());
    }
}
