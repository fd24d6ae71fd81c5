//! `cargo secure diff`'s formats: [`human`] (a one-line summary, then the
//! sections), [`markdown`] (a pull-request comment, details collapsible),
//! [`github`] (annotations for what is new), SARIF (the head's results with
//! their baseline state, in `render/sarif/baseline.rs`) and JSON (the
//! [`DiffReport`] as it is). They display; the diff gate decided.

pub mod github;
pub mod human;
pub mod markdown;

use crate::cli::Format;
use crate::diff::side::Side;
use crate::diff::{DiffFinding, DiffReport};
use crate::render::Style;
use std::path::Path;

/// Renders the diff of `base` and `head` in `format` (the command refuses
/// html and badge).
pub fn render(
    report: &DiffReport,
    base: &Side,
    head: &Side,
    format: Format,
    style: Style,
) -> String {
    match format {
        Format::Markdown => markdown::render(report),
        Format::Human => human::render(report, style),
        Format::Github => github::render(report, Path::new(&head.report.workspace.root)),
        Format::Sarif => crate::render::sarif::baseline::render(base, head),
        _ => json(report),
    }
}

/// The diff as pretty-printed JSON.
pub fn json(report: &DiffReport) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        serde_json::json!({ "error": format!("could not serialize the diff: {e}") }).to_string()
    });
    text.push('\n');
    text
}

/// `RUSTSEC-2099-0001 vulncrate 1.0.0: message`, one line, unescaped.
pub(crate) fn finding_line(f: &DiffFinding) -> String {
    let finding = &f.finding;
    let mut line = finding.rule_id().to_owned();
    if let Some(p) = &finding.package {
        line.push_str(&format!(" {} {}", p.name, p.version));
    }
    if let Some(location) = &finding.location {
        line.push_str(&format!(" at {location}"));
    }
    line.push_str(": ");
    match &finding.advisory {
        Some(advisory) => line.push_str(&advisory.title),
        None => line.push_str(&finding.message),
    }
    if finding.via.len() > 1 {
        line.push_str(&format!(" (via {})", finding.via.join(" → ")));
    }
    if let Some(fix) = &finding.fix {
        line.push_str(&format!("; fix: {fix}"));
    }
    if let Some(s) = &finding.suppressed {
        line.push_str(&format!(" [accepted by {} until {}]", s.owner, s.expires));
    }
    line
}

/// `8.7` or `–`.
pub(crate) fn score(score: Option<f64>) -> String {
    score.map_or_else(|| "–".to_owned(), |s| format!("{s:.1}"))
}

/// `+3` or `−2` or `0`.
pub(crate) fn signed(n: i64) -> String {
    match n {
        n if n > 0 => format!("+{n}"),
        n if n < 0 => format!("−{}", n.unsigned_abs()),
        _ => "0".to_owned(),
    }
}
