//! `--format github`.

use crate::report::Report;

/// Renders the report.
pub fn render(report: &Report) -> String {
    super::json::render(report)
}
