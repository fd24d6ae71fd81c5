//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers.
//!
//! One rule per finding code (or advisory id), one result per finding, each
//! with a real line to point at, a fingerprint that survives re-runs and line
//! shifts, and the manifest's exceptions as external suppressions.

pub mod baseline;
pub mod fingerprint;
mod locate;
mod rules;

pub use locate::{LockIndex, location_of};

use crate::finding::{Finding, Severity};
use crate::report::Report;
use fingerprint::Fingerprints;
use rules::RuleSource;
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location as SarifLocation, Message, PhysicalLocation, PropertyBag, Region,
    Result as SarifResult, ResultLevel, Run, RunAutomationDetails, Sarif, Suppression, Tool,
    ToolComponent,
};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The base id every result's path is relative to.
pub const SRCROOT: &str = "%SRCROOT%";
/// The final OASIS schema URI (SARIF1011 wants this one).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

/// Renders the report, reading the workspace's Cargo.lock for package lines.
pub fn render(report: &Report) -> String {
    let lock = LockIndex::load(Path::new(&report.workspace.root));
    render_with(report, &lock)
}

/// Renders the report with an already indexed lockfile.
pub fn render_with(report: &Report, lock: &LockIndex) -> String {
    let part = Part { report, lock, prefix: None };
    let root = report.workspace.root.as_str();
    render_parts(&[part], root)
}

/// One workspace's share of a SARIF log: its report, its indexed lockfile,
/// and its directory inside the log's root (`None` when it is the root).
pub struct Part<'a> {
    /// The workspace's report.
    pub report: &'a Report,
    /// Its Cargo.lock, for package lines.
    pub lock: &'a LockIndex,
    /// Its directory relative to `root`, prefixed to every relative path.
    pub prefix: Option<&'a str>,
}

/// Renders one SARIF run holding the results of every part, their paths
/// relative to `root` (the repository, for `--all-workspaces`).
pub fn render_parts(parts: &[Part<'_>], root: &str) -> String {
    let log = build(parts, root);
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|e| {
        json!({ "error": format!("could not serialize the SARIF log: {e}") }).to_string()
    });
    text.push('\n');
    text
}

fn build(parts: &[Part<'_>], root: &str) -> Sarif {
    let Some(report) = parts.first().map(|part| part.report) else {
        return Sarif::builder().schema(SCHEMA_URI).version(json!("2.1.0")).runs(vec![]).build();
    };
    let findings: Vec<(&str, &Finding, &Part<'_>)> = parts
        .iter()
        .flat_map(|part| {
            let layers = part.report.layers.iter();
            layers.flat_map(move |layer| layer.findings.iter().map(move |f| (layer.id, f, part)))
        })
        .collect();

    let mut order: Vec<String> = Vec::new();
    let mut sources: HashMap<String, RuleSource<'_>> = HashMap::new();
    for (layer, finding, _) in &findings {
        let id = finding.rule_id().to_owned();
        let source = sources.entry(id.clone()).or_insert_with(|| {
            order.push(id.clone());
            RuleSource { id, layer, finding, severity: Severity::Note }
        });
        source.severity = source.severity.max(finding.severity);
    }
    let rule_index: HashMap<&str, usize> =
        order.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let rules: Vec<_> =
        order.iter().filter_map(|id| sources.get(id)).map(rules::descriptor).collect();

    let mut seen = Fingerprints::default();
    let results: Vec<SarifResult> = findings
        .iter()
        .map(|(_, finding, part)| {
            let index = rule_index.get(finding.rule_id()).copied().unwrap_or(0);
            result(finding, index, part, &mut seen)
        })
        .collect();

    let driver = ToolComponent::builder()
        .name(report.tool.name.clone())
        .version(report.tool.version.clone())
        .semantic_version(report.tool.version.clone())
        .information_uri(information_uri())
        .rules(rules)
        .build();
    let mut bases = BTreeMap::new();
    bases.insert(
        SRCROOT.to_owned(),
        ArtifactLocation::builder().uri(locate::directory_uri(root)).build(),
    );
    let automation =
        RunAutomationDetails::builder().id(format!("cargo-secure/{}", report.date)).build();
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .original_uri_base_ids(bases)
        .automation_details(automation)
        .column_kind(json!("unicodeCodePoints"))
        .build();
    if let Some(engine) = report.workflow_engine() {
        let mut properties = BTreeMap::new();
        properties.insert("workflowEngine".to_owned(), json!(engine));
        run.properties = Some(PropertyBag::builder().additional_properties(properties).build());
    }
    Sarif::builder().schema(SCHEMA_URI).version(json!("2.1.0")).runs(vec![run]).build()
}

fn result(
    finding: &Finding,
    rule_index: usize,
    part: &Part<'_>,
    seen: &mut Fingerprints,
) -> SarifResult {
    let mut location = locate::location_of(finding, part.lock);
    if let Some(prefix) = part.prefix
        && !location.path.starts_with('/')
    {
        location.path = format!("{prefix}/{}", location.path);
    }
    let mut region = Region::builder().start_line(i64::from(location.line.unwrap_or(1))).build();
    region.start_column = location.column.map(i64::from);
    // A file outside the repository (reached by a member's `#[path]`) has
    // an absolute path: its URI is a `file://` one, not under the base.
    let artifact = if location.path.starts_with('/') {
        ArtifactLocation::builder().uri(locate::file_uri(&location.path)).build()
    } else {
        ArtifactLocation::builder()
            .uri(locate::encode_path(&location.path))
            .uri_base_id(SRCROOT)
            .build()
    };
    let physical = PhysicalLocation::builder().artifact_location(artifact).region(region).build();

    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(fingerprint::KEY.to_owned(), seen.next(finding, &location));

    let mut properties = BTreeMap::new();
    properties.insert("code".to_owned(), json!(finding.code));
    if let Some(workspace) = &finding.workspace {
        properties.insert("workspace".to_owned(), json!(workspace));
    }
    if let Some(p) = &finding.package {
        properties.insert("package".to_owned(), json!(format!("{} {}", p.name, p.version)));
    }
    if let Some(scope) = finding.scope {
        properties.insert("scope".to_owned(), json!(scope.as_str()));
    }
    if finding.via.len() > 1 {
        properties.insert("via".to_owned(), json!(finding.via.join(" -> ")));
    }

    let result = SarifResult::builder()
        .rule_id(finding.rule_id().to_owned())
        .rule_index(i64::try_from(rule_index).unwrap_or(0))
        .level(level(finding.severity))
        .message(Message::builder().text(message_text(finding)).build())
        .locations(vec![SarifLocation::builder().physical_location(physical).build()])
        .partial_fingerprints(fingerprints)
        .properties(PropertyBag::builder().additional_properties(properties).build());
    match &finding.suppressed {
        Some(s) => result
            .suppressions(vec![
                Suppression::builder()
                    .kind(json!("external"))
                    .justification(format!(
                        "Accepted in secure.toml by {} until {}: {}",
                        s.owner, s.expires, s.reason
                    ))
                    .build(),
            ])
            .build(),
        None => result.build(),
    }
}

fn message_text(finding: &Finding) -> String {
    let subject = match &finding.package {
        Some(p) => format!("{} {}: ", p.name, p.version),
        None => String::new(),
    };
    let mut text = rules::sentence(&format!("{subject}{}", finding.message));
    if let Some(fix) = &finding.fix {
        text.push_str(" Fix: ");
        text.push_str(&rules::sentence(fix));
    }
    text
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    }
}

fn information_uri() -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    if repository.is_empty() {
        format!("https://crates.io/crates/{}", env!("CARGO_PKG_NAME"))
    } else {
        repository.to_owned()
    }
}

#[cfg(test)]
mod tests;
