//! The findings, grouped by layer in the scorecard's order (each layer's
//! findings already sorted most severe first), with the filter form the
//! script enables, and the explanation of every code the page shows.

use super::escape;
use crate::finding::Finding;
use crate::plural::count;
use crate::report::Report;
use std::collections::BTreeSet;
use std::fmt::Write;

/// The findings section.
pub fn section(out: &mut String, report: &Report) {
    let total: usize = report.layers.iter().map(|l| l.findings.len()).sum();
    let accepted: usize =
        report.layers.iter().flat_map(|l| &l.findings).filter(|f| f.suppressed.is_some()).count();
    let _ = write!(
        out,
        "<section id=\"findings\" aria-labelledby=\"findings-h\"><h2 id=\"findings-h\">Findings</h2>\
         <p id=\"findings-count\" data-count=\"{total}\">{}, {accepted} accepted</p>",
        count(total, "finding", "findings")
    );
    filters(out, report);
    for layer in &report.layers {
        let (class, word) = super::picture::status(layer.status);
        let _ = write!(
            out,
            "<section class=\"layer\" id=\"layer-{id}\"><h3>{} <span class=\"tag {class}\">{} {word}</span></h3>",
            escape(layer.title),
            super::picture::symbol(layer.status),
            id = escape(layer.id),
        );
        if let Some(reason) = &layer.not_measured_reason {
            let _ = write!(out, "<p class=\"reason\">Not measured: {}</p>", escape(reason));
        }
        if layer.findings.is_empty() {
            out.push_str("<p>No findings.</p></section>");
            continue;
        }
        out.push_str("<ol class=\"findings\">");
        for finding in &layer.findings {
            item(out, layer.id, finding);
        }
        out.push_str("</ol></section>");
    }
    out.push_str("</section>\n");
}

/// The filter form; hidden until the script shows it (without JavaScript
/// every finding is listed).
fn filters(out: &mut String, report: &Report) {
    out.push_str("<form id=\"filters\" hidden><fieldset><legend>Filter findings</legend>");
    let layers: Vec<(String, String)> =
        report.layers.iter().map(|l| (l.id.to_owned(), l.title.to_owned())).collect();
    select(out, "layer", "Layer", &layers);
    let severities: Vec<(String, String)> =
        ["error", "warning", "note"].iter().map(|s| ((*s).to_owned(), (*s).to_owned())).collect();
    select(out, "severity", "Severity", &severities);
    let scopes: BTreeSet<&str> = report
        .layers
        .iter()
        .flat_map(|l| &l.findings)
        .filter_map(|f| f.scope)
        .map(|s| s.as_str())
        .collect();
    let mut scopes: Vec<(String, String)> =
        scopes.into_iter().map(|s| (s.to_owned(), s.to_owned())).collect();
    scopes.push(("none".to_owned(), "no dependency".to_owned()));
    select(out, "scope", "Scope", &scopes);
    let accepted = [("no", "open"), ("yes", "accepted")].map(|(v, t)| (v.to_owned(), t.to_owned()));
    select(out, "accepted", "Accepted", &accepted);
    out.push_str(
        "<label>Search <input type=\"search\" name=\"q\" autocomplete=\"off\"></label>\
         <output id=\"shown\" aria-live=\"polite\"></output></fieldset></form>",
    );
}

fn select(out: &mut String, name: &str, label: &str, options: &[(String, String)]) {
    let _ = write!(out, "<label>{label} <select name=\"{name}\"><option value=\"\">all</option>");
    for (value, text) in options {
        let _ = write!(out, "<option value=\"{}\">{}</option>", escape(value), escape(text));
    }
    out.push_str("</select></label>");
}

fn item(out: &mut String, layer: &str, f: &Finding) {
    let scope = f.scope.map_or("none", |s| s.as_str());
    let accepted = if f.suppressed.is_some() { "yes" } else { "no" };
    let severity = f.severity.as_str();
    let _ = write!(
        out,
        "<li class=\"finding {severity}\" data-layer=\"{}\" data-severity=\"{severity}\" data-scope=\"{scope}\" data-accepted=\"{accepted}\">\
         <p class=\"head\"><span class=\"tag {severity}\">{} {severity}</span> ",
        escape(layer),
        severity_symbol(severity)
    );
    if let Some(a) = &f.advisory {
        match &a.url {
            Some(url) if url.starts_with("https://") => {
                let _ = write!(
                    out,
                    "<a href=\"{}\" rel=\"noreferrer\">{}</a> ",
                    escape(url),
                    escape(&a.id)
                );
            }
            _ => {
                let _ = write!(out, "<b>{}</b> ", escape(&a.id));
            }
        }
    }
    if let Some(p) = &f.package {
        let _ = write!(out, "<b>{}</b> {} ", escape(&p.name), escape(&p.version));
    }
    let _ = write!(out, "<span class=\"message\">{}</span>", escape(&f.message));
    if f.suppressed.is_some() {
        out.push_str(" <span class=\"tag accepted\">✓ accepted</span>");
    }
    out.push_str("</p><dl>");
    let _ = write!(
        out,
        "<dt>Code</dt><dd><code>{code}</code> · <a href=\"#code-{code}\">explain</a></dd>",
        code = escape(f.code)
    );
    if let Some(location) = &f.location {
        let _ =
            write!(out, "<dt>Location</dt><dd><code>{}</code></dd>", escape(&location.to_string()));
    }
    if let Some(a) = &f.advisory {
        let facts = super::super::advisory_facts(a).join(" · ");
        let _ = write!(out, "<dt>Advisory</dt><dd>{}</dd>", escape(&facts));
    }
    if !f.via.is_empty() {
        let _ = write!(
            out,
            "<dt>Path</dt><dd>{} <span class=\"scope\">({scope})</span></dd>",
            escape(&f.via.join(" → "))
        );
    }
    if let Some(fix) = &f.fix {
        let _ = write!(out, "<dt>Fix</dt><dd><code class=\"fix\">{}</code></dd>", escape(fix));
    }
    if let Some(s) = &f.suppressed {
        let _ = write!(
            out,
            "<dt>Accepted</dt><dd>by {} until {}: {}</dd>",
            escape(&s.owner),
            escape(&s.expires),
            escape(&s.reason)
        );
    }
    out.push_str("</dl></li>");
}

fn severity_symbol(severity: &str) -> &'static str {
    match severity {
        "error" => "✘",
        "warning" => "⚠",
        _ => "ℹ",
    }
}

/// What `cargo secure explain CODE` says, for every code on the page.
pub fn codes(out: &mut String, report: &Report) {
    let shown: BTreeSet<&str> =
        report.layers.iter().flat_map(|l| &l.findings).map(|f| f.code).collect();
    if shown.is_empty() {
        return;
    }
    out.push_str("<section id=\"codes\" aria-labelledby=\"codes-h\"><h2 id=\"codes-h\">What the codes mean</h2>");
    for code in shown {
        let Some((layer, doc)) = crate::checks::find_code(code) else { continue };
        let _ = write!(
            out,
            "<details id=\"code-{code}\"><summary><code>{code}</code> — {}</summary><dl>\
             <dt>Layer</dt><dd>{}</dd><dt>Checks</dt><dd>{}</dd><dt>Why</dt><dd>{}</dd><dt>Fix</dt><dd>{}</dd></dl></details>",
            escape(doc.title),
            escape(layer),
            escape(doc.checks),
            escape(doc.why),
            escape(doc.fix),
            code = escape(code),
        );
    }
    out.push_str("</section>\n");
}
