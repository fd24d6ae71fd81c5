//! The default command: measure every layer, print the scorecard, gate.

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::render;
use crate::replay::Replay;
use crate::session::{Outcome, Session};
use clap::ValueEnum;
use std::time::Instant;

/// Runs the scorecard and prints it in the chosen format.
pub fn run(session: &Session) -> Result<Outcome> {
    let format = session.scan.format;
    if format.is_sbom() {
        let name = format!("{format:?}").to_lowercase();
        return Err(crate::error::Error::Usage(format!(
            "--format {name} is an SBOM format: run `cargo secure sbom --format {name}`"
        )));
    }
    if session.scan.all_workspaces {
        return every_workspace(session);
    }
    let replay = Replay::new(session);
    if let Some(kept) = replay.as_ref().and_then(Replay::lookup) {
        session.emit(&kept.text)?;
        return Ok(if kept.passed { Outcome::Passed } else { Outcome::Failed });
    }
    let (mut report, inputs) = crate::measure::measure_with(
        session,
        |_| {},
        None,
        |facts| replay.as_ref().and_then(|_| crate::replay::inputs(facts, session)),
    )?;
    let start = Instant::now();
    let text = render::render(&report, session.scan.format, session.style());
    report.timings.record("render", start.elapsed());
    if session.global.verbose > 0 {
        session.note(&report.timings.line());
    }
    session.emit(&text)?;
    if let (Some(replay), Some(inputs)) = (replay, inputs) {
        replay.keep(inputs, &text, report.gate.passed);
    }
    let outcome = if report.gate.passed { Outcome::Passed } else { Outcome::Failed };
    std::mem::forget(report);
    Ok(outcome)
}

/// `--all-workspaces`: every workspace of the repository, one report.
fn every_workspace(session: &Session) -> Result<Outcome> {
    let format = session.scan.format;
    if matches!(format, Format::Html | Format::Badge) {
        return Err(Error::Usage(format!(
            "--all-workspaces: --format {} describes one workspace; use human, json, sarif, \
             markdown or github, or run it in each workspace",
            format.to_possible_value().map(|v| v.get_name().to_owned()).unwrap_or_default()
        )));
    }
    let report = crate::repository::measure(session)?;
    session.emit(&render::repository::render(&report, format, session.style()))?;
    let outcome = if report.gate.passed { Outcome::Passed } else { Outcome::Failed };
    std::mem::forget(report);
    Ok(outcome)
}
