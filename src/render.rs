//! Output formats. Renderers turn a finished `Report` into text; they never
//! decide anything (severities, scores and the gate are already settled).

pub mod badge;
pub mod diff;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod policy;
pub mod repository;
#[cfg(test)]
pub(crate) mod sample;
pub mod sarif;

pub use crate::cli::Format;
use crate::report::Report;

/// How the human renderer should look.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Only the verdict.
    pub quiet: bool,
    /// Include evidence and suppressed findings.
    pub verbose: bool,
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format, style: Style) -> String {
    match format {
        Format::Human => human::render(report, style),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Markdown => markdown::render(report),
        Format::Github => github::render(report),
        Format::Html => html::render(report),
        Format::Badge => badge::render(report),
        // The scorecard commands refuse the SBOM formats before measuring.
        Format::Cyclonedx | Format::Spdx | Format::Openvex => json::render(report),
    }
}

/// The advisory's title, CVSS and aliases, unescaped, one fact each.
pub(crate) fn advisory_facts(a: &crate::finding::AdvisoryRef) -> Vec<String> {
    let mut facts = vec![a.title.clone()];
    if let (Some(score), Some(severity)) = (a.cvss_score, &a.cvss_severity) {
        facts.push(format!("CVSS {score:.1} {severity}"));
    }
    if !a.aliases.is_empty() {
        facts.push(a.aliases.join(", "));
    }
    facts
}

/// The entity of a character HTML (and so Markdown) would interpret.
pub(crate) fn entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        _ => None,
    }
}
