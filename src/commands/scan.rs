//! The default command: measure every layer, print the scorecard, gate.

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::render;
use crate::replay::Replay;
use crate::session::{Outcome, Session};
use clap::ValueEnum;
use std::path::PathBuf;
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
    replayed(session, |keep| {
        let (mut report, inputs) = crate::measure::measure_with(
            session,
            |_| {},
            None,
            |facts| keep.then(|| crate::replay::inputs(facts, session)).flatten(),
        )?;
        let start = Instant::now();
        let text = render::render(&report, session.scan.format, session.style());
        report.timings.record("render", start.elapsed());
        if session.global.verbose > 0 {
            session.note(&report.timings.line());
        }
        let passed = report.gate.passed;
        std::mem::forget(report);
        Ok(Measured { text, passed, inputs })
    })
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
    replayed(session, |keep| {
        let (report, inputs) = crate::repository::measure(session, keep)?;
        let text = render::repository::render(&report, format, session.style());
        let passed = report.gate.passed;
        std::mem::forget(report);
        Ok(Measured { text, passed, inputs })
    })
}

/// A rendered scorecard, its verdict, and the paths it depends on when it
/// may be replayed.
struct Measured {
    text: String,
    passed: bool,
    inputs: Option<Vec<PathBuf>>,
}

/// Prints the kept scorecard when nothing it depends on changed; otherwise
/// `measure`s (told whether to find the paths the run depends on), prints,
/// and keeps what it printed when it may be replayed.
fn replayed(session: &Session, measure: impl FnOnce(bool) -> Result<Measured>) -> Result<Outcome> {
    let replay = Replay::new(session);
    let outcome = |passed| if passed { Outcome::Passed } else { Outcome::Failed };
    if let Some(kept) = replay.as_ref().and_then(Replay::lookup) {
        session.emit(&kept.text)?;
        return Ok(outcome(kept.passed));
    }
    let Measured { text, passed, inputs } = measure(replay.is_some())?;
    session.emit(&text)?;
    if let (Some(replay), Some(inputs)) = (replay, inputs) {
        replay.keep(inputs, &text, passed);
    }
    Ok(outcome(passed))
}
