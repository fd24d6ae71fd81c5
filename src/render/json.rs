//! `--format json`: the report as pretty-printed JSON.

use crate::report::Report;

/// Serializes the report.
pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        serde_json::json!({ "error": format!("could not serialize the report: {e}") }).to_string()
    });
    text.push('\n');
    text
}
