//! `--format human`: the scorecard table, then the findings by layer, then the
//! verdict. The only module that colours; readable at 80 columns and in CI logs.

mod subchecks;
mod unsafe_table;

use super::Style;
use crate::checks::{LayerReport, Status};
use crate::finding::{Finding, Severity};
use crate::plural::{count, noun, of};
use crate::report::Report;
use owo_colors::{OwoColorize, Style as Paint};
use std::fmt::Write;

const WIDTH: usize = 80;

/// Renders the report for a terminal.
pub fn render(report: &Report, style: Style) -> String {
    let p = Painter(style.color);
    let mut out = String::new();
    if !style.quiet {
        header(&mut out, report, style.verbose, &p);
        table(&mut out, report, &p);
        totals(&mut out, report, &p);
        for layer in &report.layers {
            layer_section(&mut out, layer, style, &p);
        }
    }
    verdict(&mut out, report, &p);
    out
}

struct Painter(bool);

impl Painter {
    fn paint(&self, text: impl std::fmt::Display, style: Paint) -> String {
        if self.0 { text.style(style).to_string() } else { text.to_string() }
    }
    fn bold(&self, text: impl std::fmt::Display) -> String {
        self.paint(text, Paint::new().bold())
    }
    fn dim(&self, text: impl std::fmt::Display) -> String {
        self.paint(text, Paint::new().dimmed())
    }
    fn status(&self, status: Status) -> String {
        let (word, style) = match status {
            Status::Pass => ("pass", Paint::new().green().bold()),
            Status::Warn => ("warn", Paint::new().yellow().bold()),
            Status::Fail => ("FAIL", Paint::new().red().bold()),
            Status::NotMeasured => ("not measured", Paint::new().magenta()),
        };
        self.paint(format!("{word:<12}"), style)
    }
    fn severity(&self, severity: Severity) -> String {
        let style = match severity {
            Severity::Error => Paint::new().red().bold(),
            Severity::Warning => Paint::new().yellow().bold(),
            Severity::Note => Paint::new().cyan(),
        };
        self.paint(severity, style)
    }
}

/// The run's header; `-v` shows why the graph is unavailable in full.
fn header(out: &mut String, report: &Report, verbose: bool, p: &Painter) {
    let ws = &report.workspace;
    let _ = writeln!(
        out,
        "{} {} {}",
        p.bold(format!("cargo secure {}", report.tool.version)),
        p.dim("·"),
        match &ws.entered_member {
            Some(member) =>
                format!("member {member} of workspace {} (the whole workspace is scanned)", ws.root),
            None => ws.root.clone(),
        }
    );
    let _ = writeln!(
        out,
        "{}, {}, {}",
        count(ws.members.len(), "member", "members"),
        count(ws.lockfile_packages, "locked package", "locked packages"),
        report.date
    );
    if let Some(reason) = &ws.resolve_error {
        let line = format!("dependency graph unavailable (Cargo.lock only): {reason}");
        let line = if verbose { line } else { truncate(&line, WIDTH) };
        let _ = writeln!(out, "{}", p.paint(line, Paint::new().yellow()));
    }
    out.push('\n');
}

fn table(out: &mut String, report: &Report, p: &Painter) {
    let _ = writeln!(
        out,
        "{}",
        p.bold(format!("{:<14} {:>5}  {:<12} {}", "LAYER", "SCORE", "STATUS", "SUMMARY"))
    );
    for layer in &report.layers {
        let score = layer.score.map_or_else(|| "-".to_owned(), |s| format!("{s:.1}"));
        let summary = truncate(&layer.summary, WIDTH - 36);
        let _ =
            writeln!(out, "{:<14} {:>5}  {} {}", layer.id, score, p.status(layer.status), summary);
    }
}

fn totals(out: &mut String, report: &Report, p: &Painter) {
    let s = &report.score;
    let overall = match (s.overall, &s.grade) {
        (Some(score), Some(grade)) => format!("{score:.1}/10 ({grade})"),
        _ => "not measured".to_owned(),
    };
    let unmeasured = s.layers_total - s.layers_measured;
    let _ = writeln!(
        out,
        "\n{} {}  {} {} {}{}",
        p.bold("Overall"),
        p.bold(overall),
        p.dim("·"),
        of(s.layers_holding, s.layers_total, "layer", "layers"),
        noun(s.layers_holding, "holds", "hold"),
        if unmeasured > 0 { format!(", {unmeasured} not measured") } else { String::new() }
    );
    let policy = report.gate.policy.describe();
    let _ = writeln!(out, "{}", p.dim(format!("Gate: {}", policy.join("; "))));
}

fn layer_section(out: &mut String, layer: &LayerReport, style: Style, p: &Painter) {
    let shown: Vec<&Finding> =
        layer.findings.iter().filter(|f| style.verbose || f.suppressed.is_none()).collect();
    let has_table = layer.details.packages.is_some();
    let has_checks = subchecks::has_table(layer);
    if shown.is_empty() && !style.verbose && !has_table && !has_checks {
        return;
    }
    let title = format!("── {} ({}) ", layer.title, layer.id);
    let rule = "─".repeat(WIDTH.saturating_sub(title.chars().count()));
    let _ = writeln!(out, "\n{}", p.bold(format!("{title}{rule}")));
    if style.verbose {
        for line in &layer.evidence {
            let _ = writeln!(out, "  {}", p.dim(line));
        }
    }
    if has_table {
        unsafe_table::render(out, layer, p);
    }
    if has_checks {
        subchecks::render(out, layer, p);
    }
    if let Some(engine) = &layer.details.workflow_engine {
        let _ = writeln!(out, "  {}", p.dim(format!("workflows measured by {engine}")));
    }
    for finding in shown {
        finding_lines(out, finding, p);
    }
    let hidden = layer.findings.iter().filter(|f| f.suppressed.is_some()).count();
    if hidden > 0 && !style.verbose {
        let _ = writeln!(
            out,
            "  {}",
            p.dim(format!("{hidden} accepted by exceptions in secure.toml (-v to show)"))
        );
    }
}

fn finding_lines(out: &mut String, f: &Finding, p: &Painter) {
    let label = match &f.advisory {
        Some(a) => format!("{}[{}]", p.severity(f.severity), a.id),
        None => format!("{}[{}]", p.severity(f.severity), f.code),
    };
    let subject = match &f.package {
        Some(pkg) => format!("{} {}: ", p.bold(&pkg.name), pkg.version),
        None => String::new(),
    };
    let _ = writeln!(out, "{label} {subject}{}", f.message);
    if let Some(location) = &f.location {
        let _ = writeln!(out, "  {} {location}", p.dim("-->"));
    }
    if let Some(a) = &f.advisory {
        let mut facts = Vec::new();
        if let (Some(score), Some(sev)) = (a.cvss_score, &a.cvss_severity) {
            facts.push(format!("CVSS {score:.1} {sev}"));
        }
        if !a.aliases.is_empty() {
            facts.push(a.aliases.join(", "));
        }
        if !facts.is_empty() {
            let _ = writeln!(out, "  {}", p.dim(facts.join(" · ")));
        }
    }
    if !f.via.is_empty() && f.via.len() > 1 {
        let scope = f.scope.map(|s| format!(" ({s})")).unwrap_or_default();
        let _ = writeln!(out, "  via {}{scope}", f.via.join(" -> "));
    }
    if let Some(fix) = &f.fix {
        // Multi-line fixes are TOML to paste; indenting keeps them readable and valid.
        let fix = fix.replace('\n', "\n       ");
        let _ = writeln!(out, "  {} {fix}", p.paint("fix:", Paint::new().green()));
    }
    if let Some(s) = &f.suppressed {
        let _ = writeln!(
            out,
            "  {}",
            p.dim(format!("accepted by {} until {}: {}", s.owner, s.expires, s.reason))
        );
    }
}

fn verdict(out: &mut String, report: &Report, p: &Painter) {
    out.push('\n');
    if report.gate.passed {
        let _ = writeln!(out, "{}", p.paint("✓ gate passed", Paint::new().green().bold()));
        return;
    }
    let _ = writeln!(out, "{}", p.paint("✗ gate failed", Paint::new().red().bold()));
    for reason in &report.gate.reasons {
        let _ = writeln!(out, "  - {reason}");
    }
}

/// Cuts `text` to `width` characters, ending with `…` when cut.
fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unavailable_graph_reason_is_shown_in_full_with_verbose() {
        let mut report = crate::render::sample::report();
        let cause =
            format!("failed to load manifest for workspace member `app`: {}", "x".repeat(100));
        report.workspace.resolve_error = Some(cause.clone());
        let short = render(&report, Style::default());
        let line = short.lines().find(|l| l.starts_with("dependency graph")).unwrap();
        assert!(line.ends_with('…') && line.contains("failed to load manifest"), "{line}");
        let full = render(&report, Style { verbose: true, ..Style::default() });
        assert!(
            full.contains(&format!("dependency graph unavailable (Cargo.lock only): {cause}\n"))
        );
    }
}
