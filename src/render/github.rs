//! `--format github`: GitHub Actions workflow commands, so every finding shows
//! as an annotation on the pull request, even where code scanning is not enabled.
//!
//! Values are escaped as the runner expects: in the message `%`, `\r` and `\n`;
//! in properties also `:` and `,`.

use super::sarif::{LockIndex, location_of};
use crate::finding::{Finding, Severity};
use crate::plural::{noun, of};
use crate::report::Report;
use std::fmt::Write;

/// Renders one workflow command per unsuppressed finding, then a `::notice` summary.
pub fn render(report: &Report) -> String {
    let mut out = annotations(report, None);
    let score = match (report.score.overall, &report.score.grade) {
        (Some(score), Some(grade)) => format!("{score:.1}/10 ({grade})"),
        _ => "not measured".to_owned(),
    };
    let verdict = if report.gate.passed { "passed" } else { "failed" };
    let mut summary = format!(
        "score {score}, {} {}, gate {verdict}",
        of(report.score.layers_holding, report.score.layers_total, "layer", "layers"),
        noun(report.score.layers_holding, "holds", "hold")
    );
    for reason in &report.gate.reasons {
        let _ = write!(summary, "\n- {reason}");
    }
    if let Some(engine) = report.workflow_engine() {
        let _ = write!(summary, "\nworkflows measured by {engine}");
    }
    let _ = writeln!(out, "::notice title={}::{}", property("cargo secure"), data(&summary));
    out
}

/// One workflow command per unsuppressed finding of `report`; `prefix` is
/// the workspace's directory inside the repository, put before every
/// relative path (`--all-workspaces`).
pub fn annotations(report: &Report, prefix: Option<&str>) -> String {
    let lock = LockIndex::load(std::path::Path::new(&report.workspace.root));
    let mut out = String::new();
    for layer in &report.layers {
        for finding in layer.findings.iter().filter(|f| f.suppressed.is_none()) {
            annotation(&mut out, layer.id, finding, (&lock, prefix));
        }
    }
    out
}

/// One workflow command for `finding` of `layer`; `prefix` as in [`annotations`].
pub fn annotation(
    out: &mut String,
    layer: &str,
    finding: &Finding,
    (lock, prefix): (&LockIndex, Option<&str>),
) {
    let command = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut props = Vec::new();
    let mut location = location_of(finding, lock);
    if let Some(prefix) = prefix
        && !location.path.starts_with('/')
    {
        location.path = format!("{prefix}/{}", location.path);
    }
    props.push(format!("file={}", property(&location.path)));
    if let Some(line) = location.line {
        props.push(format!("line={line}"));
    }
    if let Some(column) = location.column {
        props.push(format!("col={column}"));
    }
    let title = match &finding.package {
        Some(p) => format!("{} ({} {}) [{layer}]", finding.rule_id(), p.name, p.version),
        None => format!("{} [{layer}]", finding.rule_id()),
    };
    props.push(format!("title={}", property(&title)));
    let mut message = finding.message.clone();
    if let Some(fix) = &finding.fix {
        let _ = write!(message, "\nfix: {fix}");
    }
    let _ = writeln!(out, "::{command} {}::{}", props.join(","), data(&message));
}

/// Escapes a command's message.
pub fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command property's value.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::unsafe_code::UNSAFE_UNDOCUMENTED;
    use crate::finding::Location;

    #[test]
    fn sample_report_renders_as_workflow_commands() {
        insta::assert_snapshot!(render(&crate::render::sample::report()));
    }

    #[test]
    fn hostile_text_cannot_inject_a_command() {
        let finding = Finding::new(
            &UNSAFE_UNDOCUMENTED,
            Severity::Error,
            "100% bad\r\n::error file=x::owned, really",
        )
        .at(Location::at("src/a,b:c%.rs", 3, 7));
        let mut out = String::new();
        annotation(&mut out, "unsafe-code", &finding, (&LockIndex::default(), None));
        assert_eq!(
            out,
            "::error file=src/a%2Cb%3Ac%25.rs,line=3,col=7,title=unsafe-undocumented [unsafe-code]::100%25 bad%0D%0A::error file=x::owned, really\n"
        );
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn properties_escape_colons_and_commas_but_data_does_not() {
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(data("a:b,c%\n"), "a:b,c%25%0A");
    }
}
