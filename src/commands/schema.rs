//! `cargo secure schema [report|diff|repository]`: prints the JSON Schema of
//! the `--format json` report (of `diff --format json`, or of the
//! `--all-workspaces` repository report), generated from the very types that
//! serialize it, so the two cannot drift.

use crate::cli::SchemaKind;
use crate::diff::DiffReport;
use crate::error::Result;
use crate::report::Report;
use crate::repository::RepositoryReport;
use crate::session::{Outcome, Session};

/// Prints the schema (to `--output` when given).
pub fn run(session: &Session, of: SchemaKind) -> Result<Outcome> {
    let text = match of {
        SchemaKind::Report if session.scan.all_workspaces => repository_schema_text(),
        SchemaKind::Report => schema_text(),
        SchemaKind::Diff => diff_schema_text(),
        SchemaKind::Repository => repository_schema_text(),
    };
    session.emit(&text)?;
    Ok(Outcome::Passed)
}

/// The JSON Schema of the `--all-workspaces` JSON report.
pub fn repository_schema_text() -> String {
    let mut schema = schemars::schema_for!(RepositoryReport);
    schema.insert(
        "$id".to_owned(),
        serde_json::json!(format!(
            "https://crates.io/crates/cargo-secure/repository-report-schema-v{}.json",
            crate::report::SCHEMA_VERSION
        )),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema (draft 2020-12) of `cargo secure diff --format json`.
pub fn diff_schema_text() -> String {
    let mut schema = schemars::schema_for!(DiffReport);
    schema.insert(
        "$id".to_owned(),
        serde_json::json!(format!(
            "https://crates.io/crates/cargo-secure/diff-schema-v{}.json",
            crate::diff::SCHEMA_VERSION
        )),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema (draft 2020-12) of the JSON report, pretty-printed.
pub fn schema_text() -> String {
    let mut schema = schemars::schema_for!(Report);
    schema.insert(
        "$id".to_owned(),
        serde_json::json!(format!(
            "https://crates.io/crates/cargo-secure/report-schema-v{}.json",
            crate::report::SCHEMA_VERSION
        )),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
