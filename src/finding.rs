//! The one `Finding` type every check produces, and the small value types it carries.
//!
//! Checks fill findings with facts; the gate (in `gate.rs`) decides the final
//! severity; renderers only display them.

use crate::codes::CodeDoc;
use serde::Serialize;
use std::fmt;

/// How serious a finding is. Ordered from least to most severe.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: shown, never fails the gate.
    Note,
    /// Worth fixing; does not fail the gate on its own.
    Warning,
    /// Fails the gate unless an exception in `secure.toml` accepts it.
    Error,
}

impl Severity {
    /// The lowercase word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a file of the workspace, relative to the workspace root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Location {
    /// Path relative to the workspace root, with `/` separators.
    pub path: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl Location {
    /// A location at a line and column of a file.
    pub fn at(path: impl Into<String>, line: u32, column: u32) -> Self {
        Location { path: path.into(), line: Some(line), column: Some(column) }
    }

    /// A location naming a whole file.
    pub fn file(path: impl Into<String>) -> Self {
        Location { path: path.into(), line: None, column: None }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// The package a finding is about.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
pub struct PackageRef {
    /// Crate name.
    pub name: String,
    /// Exact version from `Cargo.lock`.
    pub version: String,
}

/// How a dependency is reached from the workspace members.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Compiled into the shipped artifacts.
    Normal,
    /// Only reachable through build-dependencies: runs on the build machine.
    Build,
    /// Only reachable through dev-dependencies: tests, examples, benches.
    Dev,
    /// Present in `Cargo.lock` but outside cargo metadata's default resolve
    /// (another platform or a feature not enabled by default).
    Lockfile,
}

impl Scope {
    /// The kebab-case word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Normal => "normal",
            Scope::Build => "build",
            Scope::Dev => "dev",
            Scope::Lockfile => "lockfile",
        }
    }

    /// Whether code in this scope ends up in, or runs while producing, the shipped artifacts.
    pub fn ships(self) -> bool {
        matches!(self, Scope::Normal | Scope::Build | Scope::Lockfile)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The RustSec advisory behind a finding.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct AdvisoryRef {
    /// `RUSTSEC-YYYY-NNNN`.
    pub id: String,
    /// `vulnerability`, `unmaintained`, `unsound`, `notice` or `yanked`.
    pub kind: String,
    /// Other identifiers (CVE, GHSA).
    pub aliases: Vec<String>,
    /// Version requirements that fix it.
    pub patched: Vec<String>,
    /// Where to read more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The advisory's title.
    pub title: String,
    /// CVSS base score, when the advisory has a CVSS vector.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvss_score: Option<f64>,
    /// CVSS qualitative rating (`none`, `low`, `medium`, `high`, `critical`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvss_severity: Option<String>,
}

/// An accepted risk from `secure.toml` that silences a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Suppression {
    /// Who accepted the risk.
    pub owner: String,
    /// Why it is accepted.
    pub reason: String,
    /// Until when (YYYY-MM-DD).
    pub expires: String,
}

/// One fact a check found worth telling.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Finding {
    /// Stable kebab-case code; `cargo secure explain CODE` documents it.
    pub code: &'static str,
    /// Final severity after the gate's policy and `--deny/--warn/--allow`.
    pub severity: Severity,
    /// One line a person can act on.
    pub message: String,
    /// Where, when the finding has a place in a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The package concerned, for dependency findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<PackageRef>,
    /// The advisory, for advisory findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advisory: Option<AdvisoryRef>,
    /// Shortest dependency path from a workspace member, member first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// How the package is reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// A concrete way to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Set when an exception in `secure.toml` accepts this finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppression>,
    /// The workspace it belongs to (its directory relative to the
    /// repository, `.` for the root), in an `--all-workspaces` report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
}

impl Finding {
    /// A new finding with a code (its documentation, declared beside the
    /// logic that emits it), a default severity and a message.
    pub fn new(code: &'static CodeDoc, severity: Severity, message: impl Into<String>) -> Self {
        Finding {
            code: code.code,
            severity,
            message: message.into(),
            location: None,
            package: None,
            advisory: None,
            via: Vec::new(),
            scope: None,
            fix: None,
            suppressed: None,
            workspace: None,
        }
    }

    /// Sets the location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the package.
    pub fn package(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.package = Some(PackageRef { name: name.into(), version: version.into() });
        self
    }

    /// Sets the fix hint.
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// Sets the dependency path and scope.
    pub fn reached(mut self, via: Vec<String>, scope: Scope) -> Self {
        self.via = via;
        self.scope = Some(scope);
        self
    }

    /// Whether this finding counts against the gate (an unsuppressed error).
    pub fn is_blocking(&self) -> bool {
        self.severity == Severity::Error && self.suppressed.is_none()
    }

    /// The identifier an exception or an override names: the advisory id when there is one.
    pub fn rule_id(&self) -> &str {
        self.advisory.as_ref().map_or(self.code, |a| a.id.as_str())
    }
}
