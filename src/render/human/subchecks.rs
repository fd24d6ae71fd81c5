//! The scored sub-checks of a layer (posture, supply-chain), one line each:
//! a mark, the id, the score and what was seen. Reads the layer's `checks`
//! detail only; it displays, never decides.

use super::{Painter, WIDTH, truncate};
use crate::checks::LayerReport;
use owo_colors::Style as Paint;
use serde_json::Value;
use std::fmt::Write;

/// Whether the layer lists several sub-checks worth a table of their own.
pub(super) fn has_table(layer: &LayerReport) -> bool {
    layer.details.get("checks").and_then(Value::as_array).is_some_and(|c| c.len() > 1)
}

/// Renders one line per sub-check.
pub(super) fn render(out: &mut String, layer: &LayerReport, p: &Painter) {
    let Some(checks) = layer.details.get("checks").and_then(Value::as_array) else { return };
    for check in checks {
        let id = check["id"].as_str().unwrap_or_default();
        let status = check["status"].as_str().unwrap_or_default();
        let (mark, style) = match status {
            "pass" => ("✓", Paint::new().green()),
            "warn" => ("!", Paint::new().yellow()),
            "fail" => ("✗", Paint::new().red()),
            _ => ("·", Paint::new().dimmed()),
        };
        let score =
            check["score"].as_f64().map_or_else(|| " n/a".to_owned(), |s| format!("{s:>4.1}"));
        let summary = truncate(check["summary"].as_str().unwrap_or_default(), WIDTH - 30);
        let _ = writeln!(out, "  {} {id:<20} {score}  {}", p.paint(mark, style), p.dim(summary));
    }
}
