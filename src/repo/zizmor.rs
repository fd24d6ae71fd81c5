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
//! `secure.toml`), and is killed after `TIMEOUT`. Its JSON is read, capped.

use crate::workspace::toolchain;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
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
    let failed = |why: String| Zizmor::Failed { program: program.to_path_buf(), why };
    let version = match output(program, &["--version".as_ref()], TIMEOUT) {
        Ok(text) => text.trim().trim_start_matches("zizmor").trim().to_owned(),
        Err(why) => return failed(why),
    };
    let args: Vec<&std::ffi::OsStr> = [
        "--offline",
        "--no-config",
        "--no-exit-codes",
        "--no-progress",
        "--color=never",
        "--format=json",
        "--collect=workflows,actions,dependabot",
    ]
    .iter()
    .map(|a| a.as_ref())
    .chain([root.as_os_str()])
    .collect();
    match output(program, &args, TIMEOUT).and_then(|text| parse(&text, root)) {
        Ok(findings) => Zizmor::Ran { version, findings },
        Err(why) => failed(why),
    }
}

/// Runs `program` from `/` with an empty environment, killed after `limit`;
/// its stdout, or why not.
fn output(program: &Path, args: &[&std::ffi::OsStr], limit: Duration) -> Result<String, String> {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(toolchain::neutral_dir())
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", program.display()))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let mut stderr = child.stderr.take().ok_or("no stderr")?;
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = (&mut stdout).take(MAX_OUTPUT).read_to_end(&mut bytes);
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = (&mut stderr).take(MAX_OUTPUT).read_to_end(&mut bytes);
        bytes
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {:?} and was stopped", limit));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !status.success() {
        let last = String::from_utf8_lossy(&stderr);
        let last = last.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
        return Err(format!("exited with {status}: {last}"));
    }
    String::from_utf8(stdout).map_err(|_| "its output is not UTF-8".to_owned())
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

    #[test]
    fn a_zizmor_over_its_time_is_stopped() {
        let start = Instant::now();
        let slept = output(Path::new("/bin/sleep"), &["5".as_ref()], Duration::from_millis(200));
        assert!(slept.is_err_and(|why| why.starts_with("timed out after 200ms")));
        assert!(start.elapsed() < Duration::from_secs(3));
    }
}
