//! The diff as a pull-request comment (`gh pr comment --body-file`): the
//! verdict and the summary line, the gate's reasons, then each section that
//! has lines in a collapsible `<details>` (open when it holds something the
//! change introduces that blocks), so a small change fits on one screen.

use super::human::sections;
use super::score;
use crate::diff::DiffReport;
use crate::render::markdown::escape;
use std::fmt::Write;

/// Renders the diff.
pub fn render(report: &DiffReport) -> String {
    let diff = &report.diff;
    let verdict = if diff.gate.passed { "✅ diff gate passed" } else { "❌ diff gate failed" };
    let grade =
        |g: &Option<String>| g.as_deref().map(|g| format!(" ({})", escape(g))).unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## cargo secure diff: {verdict} · score {}{} → {}{}\n",
        score(diff.base.score),
        grade(&diff.base.grade),
        score(diff.head.score),
        grade(&diff.head.grade)
    );
    let _ = writeln!(out, "{}\n", escape(&diff.summary));
    for reason in &diff.gate.reasons {
        let _ = writeln!(out, "- **{}**", escape(reason));
    }
    if !diff.gate.reasons.is_empty() {
        out.push('\n');
    }
    let blocking = !diff.gate.passed;
    for (title, lines) in sections(diff) {
        if lines.is_empty() {
            continue;
        }
        let open = blocking && matches!(title, "Advisories" | "Other findings");
        let _ = writeln!(
            out,
            "<details{}><summary>{} ({})</summary>\n",
            if open { " open" } else { "" },
            escape(title),
            lines.len()
        );
        for line in lines {
            let _ = writeln!(out, "- {}", escape(&line));
        }
        out.push_str("\n</details>\n\n");
    }
    let _ = writeln!(
        out,
        "<sub>cargo secure {} · base {} → head {} · `cargo secure explain CODE` for any code</sub>",
        escape(&report.tool.version),
        escape(&diff.base.rev),
        escape(&diff.head.rev)
    );
    out
}
