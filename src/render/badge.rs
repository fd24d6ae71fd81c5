//! `--format badge`: an SVG badge in the style of README badges
//! ("cargo secure | A 9.1"), coloured by grade, red "gate failed" when the
//! gate fails. The same report gives the same bytes.

use crate::report::Report;

const LABEL: &str = "cargo secure";

/// Renders the badge.
pub fn render(report: &Report) -> String {
    let grade = match (report.score.overall, &report.score.grade) {
        (Some(score), Some(grade)) => Some(format!("{grade} {score:.1}")),
        _ => None,
    };
    let (message, colour) = match (&grade, report.gate.passed) {
        (Some(g), false) => (format!("{g} · gate failed"), "#cf222e"),
        (None, false) => ("gate failed".to_owned(), "#cf222e"),
        (Some(g), true) => (g.clone(), colour(report.score.grade.as_deref())),
        (None, true) => ("not measured".to_owned(), "#57606a"),
    };
    let message = super::html::escape(&message);
    let left = width(LABEL);
    let right = width(&message);
    let total = left + right;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{total}\" height=\"20\" role=\"img\" aria-label=\"{LABEL}: {message}\">\
<title>{LABEL}: {message}</title>\
<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>\
<clipPath id=\"r\"><rect width=\"{total}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>\
<g clip-path=\"url(#r)\"><rect width=\"{left}\" height=\"20\" fill=\"#555\"/><rect x=\"{left}\" width=\"{right}\" height=\"20\" fill=\"{colour}\"/><rect width=\"{total}\" height=\"20\" fill=\"url(#s)\"/></g>\
<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">\
<text x=\"{lx}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">{LABEL}</text><text x=\"{lx}\" y=\"14\">{LABEL}</text>\
<text x=\"{rx}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">{message}</text><text x=\"{rx}\" y=\"14\">{message}</text></g></svg>\n",
        lx = left / 2,
        rx = left + right / 2,
    )
}

/// The colour of a grade, dark enough for white text.
fn colour(grade: Option<&str>) -> &'static str {
    match grade {
        Some("A") => "#1a7f37",
        Some("B") => "#4d7c0f",
        Some("C") => "#9a6700",
        Some("D") => "#bc4c00",
        _ => "#cf222e",
    }
}

/// A fixed estimate of the text's width at Verdana 11px, plus padding, so
/// the badge does not depend on the fonts of the machine that renders it.
fn width(text: &str) -> usize {
    let chars = text.chars().count();
    chars * 7 + 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_badge_shows_the_grade_and_is_deterministic() {
        let report = crate::render::sample::report();
        let badge = render(&report);
        assert_eq!(badge, render(&report));
        assert!(badge.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(badge.contains("cargo secure"));
    }

    #[test]
    fn a_failed_gate_is_red_and_says_so() {
        let mut report = crate::render::sample::report();
        report.gate.passed = false;
        let badge = render(&report);
        assert!(badge.contains("gate failed"));
        assert!(badge.contains("#cf222e"));
    }
}
