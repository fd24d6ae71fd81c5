//! `cargo secure schema`: prints the JSON Schema of the `--format json` report,
//! generated from the very types that serialize it, so the two cannot drift;
//! with `--all-workspaces`, that of the repository report.

use crate::error::Result;
use crate::report::Report;
use crate::repository::RepositoryReport;
use crate::session::{Outcome, Session};

/// Prints the schema (to `--output` when given).
pub fn run(session: &Session) -> Result<Outcome> {
    let text = if session.scan.all_workspaces { repository_schema_text() } else { schema_text() };
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
