//! `--all-workspaces`: every Cargo workspace of the repository scored as a
//! normal run scores one (`crate::measure`), gathered into one repository
//! report. The repository's posture is measured once, with the first
//! workspace (the root's when there is one); the others' posture layers say
//! so and do not count. The repository's gate fails when any workspace's
//! gate fails or a workspace cannot be measured.

pub mod discover;

use crate::error::Result;
use crate::report::{Report, Tool};
use crate::session::Session;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The result of an `--all-workspaces` run; its JSON form is the documented
/// `--format json --all-workspaces` schema (`cargo secure schema --all-workspaces`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RepositoryReport {
    /// Version of this schema (the same as the single-workspace report's).
    pub schema_version: u32,
    /// The tool that produced the report.
    pub tool: Tool,
    /// The date the report describes (UTC, YYYY-MM-DD).
    pub date: String,
    /// Absolute path of the repository root.
    pub root: String,
    /// Every workspace found, the root's first.
    pub workspaces: Vec<WorkspaceEntry>,
    /// Lockfiles found that are not a workspace's own (their Cargo.toml is a
    /// member of another workspace), with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
    /// The repository's verdict.
    pub gate: RepositoryGate,
}

/// One workspace of the repository.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WorkspaceEntry {
    /// Its directory relative to the repository root (`.` for the root).
    pub path: String,
    /// Its report, exactly as `cargo secure --format json` there gives it,
    /// every finding labelled with `workspace`; locations are relative to
    /// the workspace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    /// Why it could not be measured, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A lockfile that is not a workspace's own.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Skipped {
    /// Its directory relative to the repository root.
    pub path: String,
    /// Why it was not scored.
    pub reason: String,
}

/// The repository's verdict.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RepositoryGate {
    /// `true` when every workspace was measured and passed its gate.
    pub passed: bool,
    /// The workspaces that failed their gate or could not be measured.
    pub failing: Vec<String>,
}

impl WorkspaceEntry {
    /// Whether this workspace holds the repository back.
    pub fn fails(&self) -> bool {
        self.report.as_ref().is_none_or(|r| !r.gate.passed)
    }
}

/// Finds and scores every workspace of the repository around the run's start;
/// with `keep`, also returns every path the report depends on, when each
/// workspace's run could be replayed (`crate::replay`).
pub fn measure(session: &Session, keep: bool) -> Result<(RepositoryReport, Option<Vec<PathBuf>>)> {
    let start = match &session.global.manifest_path {
        Some(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => std::env::current_dir().map_err(|e| crate::error::Error::io(".", e))?,
    };
    let root =
        discover::root_of(if start.as_os_str().is_empty() { Path::new(".") } else { &start });
    let excluded = excluded(&session.scan.exclude_workspace)?;
    let (found, stamps) =
        discover::workspaces_and_stamps(&root, session.cargo.cache_dir.as_deref());
    // Which directory is the root depends on where `.git` is above the start.
    let absolute = std::path::absolute(&start).unwrap_or_else(|_| start.clone());
    let mut inputs = stamps.filter(|_| keep).map(|mut stamps| {
        stamps.extend(absolute.ancestors().map(|dir| dir.join(".git")));
        stamps
    });
    if found.is_empty() {
        return Err(crate::error::Error::Usage(format!(
            "--all-workspaces: no Cargo.lock beside a Cargo.toml under {}",
            root.display()
        )));
    }
    let mut skipped = Vec::new();
    let found: Vec<String> = found
        .into_iter()
        .filter(|rel| match excluded.matches(rel).first() {
            Some(&index) => {
                let glob = &session.scan.exclude_workspace[index];
                let reason = format!("excluded by --exclude-workspace {glob}");
                skipped.push(Skipped { path: rel.clone(), reason });
                false
            }
            None => true,
        })
        .collect();
    let Some(first) = found.first().cloned() else {
        return Err(crate::error::Error::Usage(format!(
            "--all-workspaces: every workspace under {} is excluded",
            root.display()
        )));
    };
    let mut workspaces = Vec::new();
    for rel in found {
        let dir = discover::dir_of(&root, &rel);
        let mut sub = session.clone();
        sub.global.manifest_path = Some(dir.join("Cargo.toml"));
        let elsewhere = rel != first;
        sub.options.posture_measured_with = elsewhere.then(|| first.clone());
        let adjust = |policy: &mut crate::gate::GatePolicy| {
            if elsewhere {
                policy.allow_unmeasured.insert("posture".to_owned());
            }
        };
        let read = |facts: &mut crate::facts::Facts| {
            keep.then(|| crate::replay::inputs(facts, &sub)).flatten()
        };
        let measured = crate::measure::measure_with(&sub, adjust, None, read);
        let measured = match measured {
            Ok((report, read)) => {
                match (&mut inputs, read) {
                    (Some(all), Some(read)) => all.extend(read),
                    _ => inputs = None,
                }
                Ok(report)
            }
            Err(e) => {
                inputs = None;
                Err(e)
            }
        };
        match measured {
            Ok(report) if !same_dir(Path::new(&report.workspace.root), &dir) => {
                let owner =
                    crate::workspace::paths::relative(Path::new(&report.workspace.root), &root);
                let owner = if owner.is_empty() { ".".to_owned() } else { owner };
                let reason = format!("its Cargo.toml is a member of workspace `{owner}`");
                skipped.push(Skipped { path: rel, reason });
            }
            Ok(mut report) => {
                label(&mut report, &rel);
                workspaces.push(WorkspaceEntry { path: rel, report: Some(report), error: None });
            }
            Err(e) => {
                let error = Some(e.to_string());
                workspaces.push(WorkspaceEntry { path: rel, report: None, error });
            }
        }
    }
    let failing: Vec<String> =
        workspaces.iter().filter(|w| w.fails()).map(|w| w.path.clone()).collect();
    let report = RepositoryReport {
        schema_version: crate::report::SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME").to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        },
        date: session.today.to_string(),
        root: root.display().to_string(),
        workspaces,
        skipped,
        gate: RepositoryGate { passed: failing.is_empty(), failing },
    };
    Ok((report, inputs))
}

/// The `--exclude-workspace` globs; a malformed one is a usage error.
fn excluded(globs: &[String]) -> Result<globset::GlobSet> {
    let mut set = globset::GlobSetBuilder::new();
    for glob in globs {
        let parsed =
            globset::GlobBuilder::new(glob).literal_separator(true).build().map_err(|e| {
                crate::error::Error::Usage(format!("--exclude-workspace {glob}: {}", e.kind()))
            })?;
        set.add(parsed);
    }
    set.build().map_err(|e| crate::error::Error::Usage(format!("--exclude-workspace: {e}")))
}

/// Labels every finding of `report` with its workspace.
fn label(report: &mut Report, rel: &str) {
    for layer in &mut report.layers {
        for finding in &mut layer.findings {
            finding.workspace = Some(rel.to_owned());
        }
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    real(a) == real(b)
}
