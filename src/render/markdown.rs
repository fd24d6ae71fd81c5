//! `--format markdown`: a report to paste into a pull-request comment or a
//! release ticket: verdict, scorecard table, gate policy, then the findings of
//! each layer in a collapsible `<details>` section.

use crate::checks::LayerReport;
use crate::checks::subcheck::SubCheck;
use crate::finding::Finding;
use crate::plural::{count, noun, of};
use crate::report::Report;
use std::fmt::Write;

/// Renders the report.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    title(&mut out, report);
    table(&mut out, report);
    policy(&mut out, report);
    for layer in &report.layers {
        layer_section(&mut out, layer);
    }
    let _ = writeln!(
        out,
        "\n<sub>cargo secure {} · {} · run `cargo secure explain CODE` for any code</sub>",
        escape(&report.tool.version),
        escape(&report.date)
    );
    out
}

fn title(out: &mut String, report: &Report) {
    let score = match (report.score.overall, &report.score.grade) {
        (Some(score), Some(grade)) => format!("{score:.1}/10 ({})", escape(grade)),
        _ => "not measured".to_owned(),
    };
    let verdict = if report.gate.passed { "✅ gate passed" } else { "❌ gate failed" };
    let _ = writeln!(out, "## cargo secure: {score} · {verdict}\n");
    let _ = writeln!(
        out,
        "{} {}, {} measured · {} · {}\n",
        of(report.score.layers_holding, report.score.layers_total, "layer", "layers"),
        noun(report.score.layers_holding, "holds", "hold"),
        report.score.layers_measured,
        count(report.workspace.members.len(), "member", "members"),
        count(report.workspace.lockfile_packages, "locked package", "locked packages"),
    );
    for reason in &report.gate.reasons {
        let _ = writeln!(out, "- {}", escape(reason));
    }
    if !report.gate.reasons.is_empty() {
        out.push('\n');
    }
}

fn table(out: &mut String, report: &Report) {
    out.push_str("| Layer | Score | Status | Summary |\n|---|---:|---|---|\n");
    for layer in &report.layers {
        let score = layer.score.map_or_else(|| "–".to_owned(), |s| format!("{s:.1}"));
        let _ = writeln!(
            out,
            "| {} (`{}`) | {score} | {} | {} |",
            escape(layer.title),
            layer.id,
            status(layer),
            escape(&layer.summary)
        );
    }
    out.push('\n');
}

fn status(layer: &LayerReport) -> &'static str {
    match layer.status {
        crate::checks::Status::Pass => "✅ pass",
        crate::checks::Status::Warn => "⚠️ warn",
        crate::checks::Status::Fail => "❌ fail",
        crate::checks::Status::NotMeasured => "➖ not measured",
    }
}

fn policy(out: &mut String, report: &Report) {
    out.push_str("<details><summary>Gate policy</summary>\n\n");
    for line in report.gate.policy.describe() {
        let _ = writeln!(out, "- {}", escape(&line));
    }
    out.push_str("\n</details>\n");
}

fn layer_section(out: &mut String, layer: &LayerReport) {
    let checks = sub_checks(layer);
    if layer.findings.is_empty() && checks.is_empty() {
        return;
    }
    let open = layer.findings.iter().filter(|f| f.suppressed.is_none()).count();
    let accepted = layer.findings.len() - open;
    let mut counts = count(open, "finding", "findings");
    if accepted > 0 {
        let _ = write!(counts, ", {accepted} accepted");
    }
    let _ = writeln!(
        out,
        "\n<details><summary><b>{}</b> (<code>{}</code>): {counts}</summary>\n",
        escape(layer.title),
        layer.id
    );
    if !checks.is_empty() {
        out.push_str("| Check | Score | Status | Seen |\n|---|---:|---|---|\n");
        for check in checks {
            let score = check.score.map_or_else(|| "n/a".to_owned(), |s| format!("{s:.1}"));
            let _ = writeln!(
                out,
                "| `{}` | {score} | {} | {} |",
                escape(check.id),
                escape(check.status.as_str()),
                escape(&check.summary)
            );
        }
        out.push('\n');
    }
    for finding in &layer.findings {
        finding_item(out, finding);
    }
    out.push_str("\n</details>\n");
}

/// The layer's scored sub-checks, when it has several.
fn sub_checks(layer: &LayerReport) -> &[SubCheck] {
    match layer.details.checks.as_deref() {
        Some(checks) if checks.len() > 1 => checks,
        _ => &[],
    }
}

fn finding_item(out: &mut String, f: &Finding) {
    let subject = match &f.package {
        Some(p) => format!("**{}** {}: ", escape(&p.name), escape(&p.version)),
        None => String::new(),
    };
    let rule = match &f.advisory {
        Some(a) => match &a.url {
            Some(url) => format!("[{}]({})", escape(&a.id), url_escape(url)),
            None => escape(&a.id),
        },
        None => format!("`{}`", f.code),
    };
    let _ = writeln!(out, "- **{}** {rule} {subject}{}", f.severity, escape(&f.message));
    if let Some(location) = &f.location {
        let _ = writeln!(out, "  - at `{}`", code_span(&location.to_string()));
    }
    if let Some(a) = &f.advisory {
        let facts: Vec<String> = super::advisory_facts(a).iter().map(|f| escape(f)).collect();
        let _ = writeln!(out, "  - {}", facts.join(" · "));
    }
    if f.via.len() > 1 {
        let scope = f.scope.map(|s| format!(" ({s})")).unwrap_or_default();
        let _ = writeln!(out, "  - via {}{scope}", escape(&f.via.join(" → ")));
    }
    if let Some(fix) = &f.fix {
        let _ = writeln!(out, "  - fix: {}", escape(fix));
    }
    if let Some(s) = &f.suppressed {
        let _ = writeln!(
            out,
            "  - accepted by {} until {}: {}",
            escape(&s.owner),
            escape(&s.expires),
            escape(&s.reason)
        );
    }
}

/// Escapes the characters Markdown or HTML would interpret, and folds line
/// breaks so a finding stays one list item.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if let Some(entity) = super::entity(c) {
            out.push_str(entity);
            continue;
        }
        match c {
            '|' => out.push_str("&#124;"),
            '\r' => {}
            '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Text inside a code span: backticks and line breaks cannot close or break it.
fn code_span(text: &str) -> String {
    text.replace('`', "'").replace(['\r', '\n'], " ").replace('|', "&#124;")
}

fn url_escape(url: &str) -> String {
    url.replace('(', "%28").replace(')', "%29").replace(' ', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_report_renders_as_markdown() {
        insta::assert_snapshot!(render(&crate::render::sample::report()));
    }

    #[test]
    fn finding_text_cannot_inject_markdown_or_html() {
        let escaped = escape("<script>x</script> | *a* [l](u)\n# h");
        assert_eq!(escaped, "&lt;script&gt;x&lt;/script&gt; &#124; \\*a\\* \\[l\\](u) \\# h");
    }
}
