//! The default command: measure every layer, print the scorecard, gate.

use crate::error::Result;
use crate::render;
use crate::session::{Outcome, Session};
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
    let mut report = crate::measure::measure(session, |_| {})?;
    let start = Instant::now();
    let text = render::render(&report, session.scan.format, session.style());
    report.timings.record("render", start.elapsed());
    if session.global.verbose > 0 {
        session.note(&report.timings.line());
    }
    session.emit(&text)?;
    let outcome = if report.gate.passed { Outcome::Passed } else { Outcome::Failed };
    std::mem::forget(report);
    Ok(outcome)
}
