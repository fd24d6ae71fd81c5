//! The scored sub-checks of a layer (posture, supply-chain), one line each:
//! a mark, the id, the score and what was seen. Reads the layer's `checks`
//! detail only; it displays, never decides.

use super::{Painter, WIDTH, truncate};
use crate::checks::LayerReport;
use crate::checks::subcheck::SubStatus;
use owo_colors::Style as Paint;
use std::fmt::Write;

/// Whether the layer lists several sub-checks worth a table of their own.
pub(super) fn has_table(layer: &LayerReport) -> bool {
    layer.details.checks.as_ref().is_some_and(|c| c.len() > 1)
}

/// Renders one line per sub-check.
pub(super) fn render(out: &mut String, layer: &LayerReport, p: &Painter) {
    let Some(checks) = &layer.details.checks else { return };
    for check in checks {
        let id = check.id;
        let (mark, style) = match check.status {
            SubStatus::Pass => ("✓", Paint::new().green()),
            SubStatus::Warn => ("!", Paint::new().yellow()),
            SubStatus::Fail => ("✗", Paint::new().red()),
            SubStatus::NotApplicable => ("·", Paint::new().dimmed()),
        };
        let score = check.score.map_or_else(|| " n/a".to_owned(), |s| format!("{s:>4.1}"));
        let summary = truncate(&check.summary, WIDTH - 30);
        let _ = writeln!(out, "  {} {id:<20} {score}  {}", p.paint(mark, style), p.dim(summary));
    }
}
