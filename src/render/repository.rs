//! `--all-workspaces` output. Each workspace is shown as its own report would
//! be, then the repository's table (a row per workspace) and verdict (human,
//! Markdown); JSON is the repository report; SARIF is one run whose paths are
//! relative to the repository; GitHub annotations name repository paths.
//! HTML and the badge describe one workspace and are refused before the run.

use super::{Format, Style, github, human, markdown, sarif};
use crate::plural::{count, of};
use crate::repository::{RepositoryReport, WorkspaceEntry};
use owo_colors::{OwoColorize, Style as Paint};
use std::fmt::Write;

/// Renders `report` in `format` (human, json, sarif, markdown or github).
pub fn render(report: &RepositoryReport, format: Format, style: Style) -> String {
    match format {
        Format::Json => json(report),
        Format::Sarif => sarif_log(report),
        Format::Github => annotations(report),
        Format::Markdown => markdown_text(report),
        _ => human_text(report, style),
    }
}

fn json(report: &RepositoryReport) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        serde_json::json!({ "error": format!("could not serialize the report: {e}") }).to_string()
    });
    text.push('\n');
    text
}

/// The workspace's directory as a path prefix: `None` for the root.
fn prefix(entry: &WorkspaceEntry) -> Option<&str> {
    (entry.path != ".").then_some(entry.path.as_str())
}

fn sarif_log(report: &RepositoryReport) -> String {
    let locks: Vec<sarif::LockIndex> = report
        .workspaces
        .iter()
        .map(|w| match &w.report {
            Some(r) => sarif::LockIndex::load(std::path::Path::new(&r.workspace.root)),
            None => sarif::LockIndex::default(),
        })
        .collect();
    let parts: Vec<sarif::Part<'_>> = report
        .workspaces
        .iter()
        .zip(&locks)
        .filter_map(|(w, lock)| {
            let r = w.report.as_ref()?;
            Some(sarif::Part { report: r, lock, prefix: prefix(w) })
        })
        .collect();
    sarif::render_parts(&parts, &report.root)
}

fn annotations(report: &RepositoryReport) -> String {
    let mut out = String::new();
    for entry in &report.workspaces {
        match &entry.report {
            Some(r) => out.push_str(&github::annotations(r, prefix(entry))),
            None => {
                let error = entry.error.as_deref().unwrap_or_default();
                let message = format!("workspace {} could not be measured: {error}", entry.path);
                let _ = writeln!(out, "::error title=cargo secure::{}", github::data(&message));
            }
        }
    }
    let _ = writeln!(
        out,
        "::notice title={}::{}",
        github::property("cargo secure"),
        github::data(&verdict_line(report))
    );
    out
}

/// `repository gate passed: 3 workspaces` or which ones fail.
fn verdict_line(report: &RepositoryReport) -> String {
    let total = report.workspaces.len();
    if report.gate.passed {
        return format!("repository gate passed: {}", count(total, "workspace", "workspaces"));
    }
    format!(
        "repository gate failed: {} fail ({})",
        of(report.gate.failing.len(), total, "workspace", "workspaces"),
        report.gate.failing.join(", ")
    )
}

/// One row of the repository table: path, members, packages, score, gate.
fn row(entry: &WorkspaceEntry) -> [String; 5] {
    let Some(r) = &entry.report else {
        let error = entry.error.as_deref().unwrap_or_default().lines().next().unwrap_or_default();
        return [entry.path.clone(), "-".into(), "-".into(), "-".into(), format!("error: {error}")];
    };
    let score = match (r.score.overall, &r.score.grade) {
        (Some(score), Some(grade)) => format!("{score:.1} ({grade})"),
        _ => "not measured".to_owned(),
    };
    let gate = if r.gate.passed { "passed" } else { "failed" };
    [
        entry.path.clone(),
        r.workspace.members.len().to_string(),
        r.workspace.lockfile_packages.to_string(),
        score,
        gate.to_owned(),
    ]
}

fn human_text(report: &RepositoryReport, style: Style) -> String {
    let paint = |text: &str, how: Paint| {
        if style.color { text.style(how).to_string() } else { text.to_owned() }
    };
    let mut out = String::new();
    for entry in &report.workspaces {
        let heading = format!("══ workspace {} ", entry.path);
        let rule = "═".repeat(80usize.saturating_sub(heading.chars().count()));
        let _ = writeln!(out, "{}", paint(&format!("{heading}{rule}"), Paint::new().bold()));
        match &entry.report {
            Some(r) => out.push_str(&human::render(r, style)),
            None => {
                let error = entry.error.as_deref().unwrap_or_default();
                let _ = writeln!(out, "error: {error}");
            }
        }
        out.push('\n');
    }
    let total = count(report.workspaces.len(), "workspace", "workspaces");
    let _ = writeln!(
        out,
        "{}",
        paint(&format!("Repository {} · {total}", report.root), Paint::new().bold())
    );
    if !style.quiet {
        let _ = writeln!(
            out,
            "{:<40} {:>7} {:>8}  {:<10} GATE",
            "WORKSPACE", "MEMBERS", "PACKAGES", "SCORE"
        );
        for entry in &report.workspaces {
            let [path, members, packages, score, gate] = row(entry);
            let _ = writeln!(out, "{path:<40} {members:>7} {packages:>8}  {score:<10} {gate}");
        }
        for skipped in &report.skipped {
            let _ = writeln!(out, "  {} not scored: {}", skipped.path, skipped.reason);
        }
    }
    let (mark, how) = if report.gate.passed {
        ("✓", Paint::new().green().bold())
    } else {
        ("✗", Paint::new().red().bold())
    };
    let _ = writeln!(out, "\n{}", paint(&format!("{mark} {}", verdict_line(report)), how));
    out
}

fn markdown_text(report: &RepositoryReport) -> String {
    let verdict = if report.gate.passed { "✅" } else { "❌" };
    let mut out = format!("# cargo secure: repository · {verdict} {}\n\n", verdict_line(report));
    out.push_str("| workspace | members | packages | score | gate |\n|---|--:|--:|---|---|\n");
    for entry in &report.workspaces {
        let cells: Vec<String> = row(entry).iter().map(|c| markdown::escape(c)).collect();
        let _ = writeln!(out, "| `{}` | {} |", cells[0], cells[1..].join(" | "));
    }
    for skipped in &report.skipped {
        let _ = writeln!(
            out,
            "\n`{}` not scored: {}",
            markdown::escape(&skipped.path),
            markdown::escape(&skipped.reason)
        );
    }
    for entry in &report.workspaces {
        let _ = writeln!(out, "\n---\n\n# workspace `{}`\n", markdown::escape(&entry.path));
        match &entry.report {
            Some(r) => out.push_str(&markdown::render(r)),
            None => {
                let error = entry.error.as_deref().unwrap_or_default();
                let _ = writeln!(out, "could not be measured: {}", markdown::escape(error));
            }
        }
    }
    out
}
