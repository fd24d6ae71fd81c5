//! A base side from a JSON report saved earlier (`--base-report FILE`), for
//! CI systems that keep the last report as an artefact rather than history.
//!
//! The report's findings, scores, gate, manifest and unsafe-code table are
//! read back; its package list is the unsafe-code table's (every package of
//! the resolved graph, with its source kind and scope, but not the path to
//! it) and its build-time code the supply-chain table's. Sources are only
//! kinds (`crates.io`, `git`...), so the head's are compared as kinds too.

use super::packages::Package;
use crate::checks::unsafe_code::report::PackageDetail;
use crate::checks::{self, Details, LayerReport, Status};
use crate::error::{Error, Result};
use crate::facts::unsafe_scan::model::{Counts, UnsafeStatus};
use crate::finding::{AdvisoryRef, Finding, Location, PackageRef, Scope, Severity, Suppression};
use crate::gate::{Criticality, GatePolicy};
use crate::report::{MemberInfo, Report, Tool, WorkspaceInfo};
use crate::scorecard::{GateOutcome, OverallScore};
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

/// A finding as the JSON report writes it.
#[derive(Deserialize)]
struct SavedFinding {
    code: String,
    severity: Severity,
    message: String,
    location: Option<Location>,
    package: Option<PackageRef>,
    advisory: Option<AdvisoryRef>,
    #[serde(default)]
    via: Vec<String>,
    scope: Option<Scope>,
    fix: Option<String>,
    suppressed: Option<Suppression>,
}

/// A row of the unsafe-code table as the JSON report writes it.
#[derive(Deserialize)]
struct SavedPackage {
    name: String,
    version: String,
    source: String,
    workspace_member: bool,
    scope: Scope,
    status: UnsafeStatus,
    #[serde(default)]
    forbids_unsafe: bool,
    #[serde(default)]
    denies_unsafe: bool,
    counts: Counts,
    #[serde(default)]
    files_scanned: u64,
    #[serde(default)]
    files_unreadable: u64,
    undocumented: Option<u64>,
}

/// Reads a saved report: the report and its package list.
pub fn load(path: &Path) -> Result<(Report, Vec<Package>)> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let shown = path.display();
    let json: Value = serde_json::from_str(&text)
        .map_err(|e| Error::Usage(format!("{shown}:{}:{}: not JSON: {e}", e.line(), e.column())))?;
    if json["tool"]["name"] != env!("CARGO_PKG_NAME") || json["schema_version"] != 1 {
        return Err(Error::Usage(format!(
            "{shown}: not a cargo secure JSON report (schema_version 1); save one with `cargo secure --format json --output FILE`"
        )));
    }
    let bad = |what: &str, e: serde_json::Error| Error::Usage(format!("{shown}: {what}: {e}"));
    let mut layers = Vec::new();
    let mut packages = Vec::new();
    for layer in json["layers"].as_array().into_iter().flatten() {
        let Some(check) = layer["id"].as_str().and_then(checks::by_id) else { continue };
        let mut findings = Vec::new();
        for f in layer["findings"].as_array().into_iter().flatten() {
            let saved: SavedFinding =
                serde_json::from_value(f.clone()).map_err(|e| bad("a finding", e))?;
            if let Some(finding) = finding(saved) {
                findings.push(finding);
            }
        }
        let mut details = Details::default();
        if let Some(rows) = layer["packages"].as_array() {
            let rows: Vec<SavedPackage> = serde_json::from_value(Value::Array(rows.clone()))
                .map_err(|e| bad("the unsafe-code table", e))?;
            packages.extend(rows.iter().map(package));
            details.packages = Some(rows.into_iter().map(detail).collect());
        }
        if let Some(built) = layer["build_time_code"].as_array() {
            mark_build_time(&mut packages, built);
        }
        layers.push(LayerReport {
            id: check.id(),
            title: check.title(),
            status: status(layer["status"].as_str().unwrap_or_default()),
            score: layer["score"].as_f64(),
            weight: check.weight(),
            summary: layer["summary"].as_str().unwrap_or_default().to_owned(),
            not_measured_reason: layer["not_measured_reason"].as_str().map(str::to_owned),
            evidence: Vec::new(),
            findings,
            details,
        });
    }
    let policy = &json["gate"]["policy"];
    let criticality: Criticality =
        serde_json::from_value(policy["criticality"].clone()).unwrap_or_default();
    let mut gate_policy = GatePolicy::for_criticality(
        criticality,
        policy["source"].as_str().unwrap_or("a saved report").to_owned(),
    );
    gate_policy.allow_unmeasured = strings(&policy["allow_unmeasured"]).into_iter().collect();
    let report = Report {
        schema_version: crate::report::SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME").to_owned(),
            version: json["tool"]["version"].as_str().unwrap_or_default().to_owned(),
        },
        date: json["date"].as_str().unwrap_or_default().to_owned(),
        workspace: WorkspaceInfo {
            root: json["workspace"]["root"].as_str().unwrap_or_default().to_owned(),
            members: json["workspace"]["members"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|m| MemberInfo {
                    name: m["name"].as_str().unwrap_or_default().to_owned(),
                    version: m["version"].as_str().unwrap_or_default().to_owned(),
                })
                .collect(),
            lockfile_packages: json["workspace"]["lockfile_packages"].as_u64().unwrap_or(0)
                as usize,
            resolve_error: None,
            entered_member: None,
        },
        score: OverallScore {
            overall: json["score"]["overall"].as_f64(),
            grade: json["score"]["grade"].as_str().map(str::to_owned),
            layers_holding: json["score"]["layers_holding"].as_u64().unwrap_or(0) as usize,
            layers_measured: json["score"]["layers_measured"].as_u64().unwrap_or(0) as usize,
            layers_total: json["score"]["layers_total"].as_u64().unwrap_or(0) as usize,
        },
        gate: GateOutcome {
            passed: json["gate"]["passed"].as_bool().unwrap_or(false),
            reasons: strings(&json["gate"]["reasons"]),
            policy: gate_policy,
        },
        layers,
        manifest: json.get("manifest").cloned(),
        timings: crate::timings::Timings::default(),
    };
    Ok((report, packages))
}

/// The finding, when its code is one cargo secure knows (a report from
/// another version may hold codes this one does not).
fn finding(saved: SavedFinding) -> Option<Finding> {
    let (_, doc) = checks::find_code(&saved.code)?;
    let mut finding = Finding::new(doc, saved.severity, saved.message);
    finding.location = saved.location;
    finding.package = saved.package;
    finding.advisory = saved.advisory;
    finding.via = saved.via;
    finding.scope = saved.scope;
    finding.fix = saved.fix;
    finding.suppressed = saved.suppressed;
    Some(finding)
}

fn package(row: &SavedPackage) -> Package {
    Package {
        name: row.name.clone(),
        version: row.version.clone(),
        source: row.source.clone(),
        scope: row.scope,
        via: Vec::new(),
        member: row.workspace_member,
        build_script: false,
        proc_macro: false,
    }
}

fn detail(row: SavedPackage) -> PackageDetail {
    PackageDetail {
        name: row.name,
        version: row.version,
        source: source_kind(&row.source),
        workspace_member: row.workspace_member,
        scope: row.scope,
        status: row.status,
        forbids_unsafe: row.forbids_unsafe,
        denies_unsafe: row.denies_unsafe,
        counts: row.counts,
        files_scanned: row.files_scanned,
        files_unreadable: row.files_unreadable,
        unreadable: Vec::new(),
        undocumented: row.undocumented,
    }
}

/// Marks the packages the supply-chain table says run code at build time.
fn mark_build_time(packages: &mut [Package], built: &[Value]) {
    for b in built {
        let kinds = strings(&b["kinds"]);
        let is =
            |p: &&mut Package| b["name"] == p.name.as_str() && b["version"] == p.version.as_str();
        if let Some(p) = packages.iter_mut().find(|p| is(p)) {
            p.build_script = kinds.iter().any(|k| k == "build-script");
            p.proc_macro = kinds.iter().any(|k| k == "proc-macro");
        }
    }
}

/// The packages of a report's unsafe-code table, as `(name, version)`.
pub fn scanned(report: &Report) -> std::collections::HashSet<(&str, &str)> {
    let tables = report.layers.iter().filter_map(|l| l.details.packages.as_ref());
    tables.flatten().map(|p| (p.name.as_str(), p.version.as_str())).collect()
}

/// The source kind of a package source as the diff writes it (`git URL` → `git`).
pub fn source_kind(source: &str) -> &'static str {
    match source.split(' ').next().unwrap_or_default() {
        "crates.io" => "crates.io",
        "registry" => "registry",
        "git" => "git",
        _ => "path",
    }
}

fn status(text: &str) -> Status {
    match text {
        "pass" => Status::Pass,
        "warn" => Status::Warn,
        "fail" => Status::Fail,
        _ => Status::NotMeasured,
    }
}

fn strings(value: &Value) -> Vec<String> {
    let list = value.as_array().into_iter().flatten();
    list.filter_map(|v| v.as_str().map(str::to_owned)).collect()
}
