//! The top of the page: the overall grade, one bar per layer, the gate's
//! verdict and the policy in force, in words.

use super::{escape, icon, score};
use crate::checks::{LayerReport, Status};
use crate::plural::{noun, of};
use crate::report::Report;
use std::fmt::Write;

const ROW: usize = 34;
const LABEL: usize = 190;
const TRACK: usize = 300;

/// The scorecard section.
pub fn scorecard(out: &mut String, report: &Report) {
    let (grade, overall) = match (report.score.overall, &report.score.grade) {
        (Some(s), Some(g)) => (escape(g), format!("{s:.1} / 10")),
        _ => ("–".to_owned(), "not measured".to_owned()),
    };
    let (gate_class, gate_words) =
        if report.gate.passed { ("pass", "gate passed") } else { ("fail", "gate failed") };
    let holding = format!(
        "{} {}, {} measured",
        of(report.score.layers_holding, report.score.layers_total, "layer", "layers"),
        noun(report.score.layers_holding, "holds", "hold"),
        report.score.layers_measured
    );
    let _ = write!(
        out,
        "<section id=\"scorecard\" aria-labelledby=\"scorecard-h\"><h2 id=\"scorecard-h\">Scorecard</h2>\
         <div class=\"summary\"><div class=\"grade\" data-grade=\"{grade}\"><span class=\"letter\">{grade}</span><span>{overall}</span></div>\
         <div><p class=\"verdict {gate_class}\">{} {gate_words}</p><p id=\"holding\">{holding}</p>",
        icon(report.gate.passed)
    );
    if !report.gate.reasons.is_empty() {
        out.push_str("<ul class=\"reasons\">");
        for reason in &report.gate.reasons {
            let _ = write!(out, "<li>{}</li>", escape(reason));
        }
        out.push_str("</ul>");
    }
    out.push_str("</div></div>");
    bars(out, &report.layers, &holding);
    layer_table(out, &report.layers);
    out.push_str("<details class=\"policy\"><summary>Policy in force</summary><ul>");
    for line in report.gate.policy.describe() {
        let _ = write!(out, "<li>{}</li>", escape(&line));
    }
    out.push_str("</ul></details></section>\n");
}

/// The picture: a bar per layer on a 0–10 scale; a hatched, outlined bar
/// with the words "not measured" for a layer that could not be measured.
fn bars(out: &mut String, layers: &[LayerReport], holding: &str) {
    let height = ROW * layers.len() + 24;
    let width = LABEL + TRACK + 180;
    let _ = write!(
        out,
        "<div class=\"picture\"><svg class=\"bars\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"bars-t\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"bars-t\">Layer scores: {}</title>\
         <defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" class=\"hatch\"/></pattern></defs>",
        escape(holding)
    );
    for tick in 0..=10usize {
        let x = LABEL + TRACK * tick / 10;
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{tick}</text>",
            height - 6
        );
    }
    for (i, layer) in layers.iter().enumerate() {
        let y = i * ROW + 4;
        let (class, word) = status(layer.status);
        let _ = write!(
            out,
            "<g class=\"bar {class}\" data-layer=\"{}\"><text x=\"0\" y=\"{}\" class=\"label\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{TRACK}\" height=\"22\" rx=\"3\" class=\"track\"/>",
            escape(layer.id),
            y + 16,
            escape(layer.title)
        );
        match layer.score {
            Some(s) => {
                let w = (s.clamp(0.0, 10.0) * TRACK as f64 / 10.0).round() as usize;
                let _ = write!(
                    out,
                    "<rect x=\"{LABEL}\" y=\"{y}\" width=\"{w}\" height=\"22\" rx=\"3\" class=\"fill\"/>"
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<rect x=\"{LABEL}\" y=\"{y}\" width=\"{TRACK}\" height=\"22\" rx=\"3\" class=\"unmeasured\"/>"
                );
            }
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" class=\"value\">{}{} {word}</text></g>",
            LABEL + TRACK + 8,
            y + 16,
            layer.score.map_or_else(String::new, |s| format!("{s:.1} ")),
            symbol(layer.status)
        );
    }
    out.push_str("</svg></div>");
}

/// The same facts as a table, for screen readers and print.
fn layer_table(out: &mut String, layers: &[LayerReport]) {
    out.push_str(
        "<div class=\"scroll\"><table class=\"layers\"><caption>Layers</caption><thead><tr><th scope=\"col\">Layer</th>\
         <th scope=\"col\">Score</th><th scope=\"col\">Status</th><th scope=\"col\">Summary</th></tr></thead><tbody>",
    );
    for layer in layers {
        let (class, word) = status(layer.status);
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#layer-{id}\">{}</a> <code>{id}</code></th><td class=\"num\">{}</td>\
             <td><span class=\"tag {class}\">{} {word}</span></td><td>{}</td></tr>",
            escape(layer.title),
            score(layer.score),
            symbol(layer.status),
            escape(&layer.summary),
            id = escape(layer.id),
        );
    }
    out.push_str("</tbody></table></div>");
}

/// The CSS class and the word of a status.
pub fn status(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Pass => ("pass", "pass"),
        Status::Warn => ("warn", "warn"),
        Status::Fail => ("fail", "fail"),
        Status::NotMeasured => ("unmeasured", "not measured"),
    }
}

/// The symbol beside a status word.
pub fn symbol(status: Status) -> &'static str {
    match status {
        Status::Pass => "✔",
        Status::Warn => "⚠",
        Status::Fail => "✘",
        Status::NotMeasured => "–",
    }
}
