//! The report value every renderer displays: the scorecard plus who produced it
//! and about what. Its JSON form is the documented, stable `--format json`
//! schema (`schema_version` 1; `cargo secure schema` prints it).

use crate::checks::LayerReport;
use crate::scorecard::{GateOutcome, OverallScore, Scorecard};
use crate::workspace::Workspace;
use serde::Serialize;

/// Bumped only on breaking changes to the JSON output.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole result of a run.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Report {
    /// Version of this schema.
    pub schema_version: u32,
    /// The tool that produced the report.
    pub tool: Tool,
    /// The date the report describes (UTC, YYYY-MM-DD).
    pub date: String,
    /// The workspace audited.
    pub workspace: WorkspaceInfo,
    /// Overall score and grade.
    pub score: OverallScore,
    /// The gate's verdict and the policy in force.
    pub gate: GateOutcome,
    /// Every layer, measured or not.
    pub layers: Vec<LayerReport>,
    /// The security manifest's context, thresholds and exceptions, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifest: Option<serde_json::Value>,
    /// How long each stage took (stderr with `-v`; never serialised).
    #[serde(skip)]
    #[schemars(skip)]
    pub timings: crate::timings::Timings,
}

/// Tool name and version.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Tool {
    /// `cargo-secure`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The workspace audited.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WorkspaceInfo {
    /// Absolute path of the workspace root.
    pub root: String,
    /// The workspace members.
    pub members: Vec<MemberInfo>,
    /// Number of `[[package]]` entries in Cargo.lock.
    pub lockfile_packages: usize,
    /// Why cargo metadata could not resolve the graph, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolve_error: Option<String>,
    /// The member `--manifest-path` named, when it is not the root manifest;
    /// the whole workspace was scanned all the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entered_member: Option<String>,
}

/// A workspace member.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MemberInfo {
    /// Package name.
    pub name: String,
    /// Package version.
    pub version: String,
}

impl Report {
    /// Which engine measured the workflows (the posture layer's
    /// `workflow_engine` detail), when the repository has workflows.
    pub fn workflow_engine(&self) -> Option<&str> {
        let posture = self.layers.iter().find(|l| l.id == "posture")?;
        posture.details.workflow_engine.as_deref()
    }

    /// Assembles the report.
    pub fn new(
        workspace: &Workspace,
        scorecard: Scorecard,
        today: time::Date,
        manifest: Option<serde_json::Value>,
    ) -> Self {
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: env!("CARGO_PKG_NAME").to_owned(),
                version: env!("CARGO_PKG_VERSION").to_owned(),
            },
            date: today.to_string(),
            workspace: WorkspaceInfo {
                root: workspace.root.display().to_string(),
                members: workspace
                    .members
                    .iter()
                    .map(|m| MemberInfo { name: m.name.clone(), version: m.version.clone() })
                    .collect(),
                lockfile_packages: workspace.packages.len(),
                resolve_error: workspace.resolve_error.clone(),
                entered_member: workspace.entered_member.clone(),
            },
            score: scorecard.score,
            gate: scorecard.gate,
            layers: scorecard.layers,
            timings: scorecard.timings,
            manifest,
        }
    }
}
