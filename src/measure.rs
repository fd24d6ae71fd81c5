//! One measured run: the facts gathered, every layer run on them, the layers
//! graded by the gate, and the report built. The scan and release commands
//! both start here.

use crate::error::Result;
use crate::facts::{self, Facts};
use crate::gate::GatePolicy;
use crate::progress::Progress;
use crate::report::Report;
use crate::scorecard;
use crate::session::Session;

/// Gathers the facts, runs every layer and grades them. `adjust` may tighten
/// the policy (the release gate does).
pub fn measure(session: &Session, adjust: impl FnOnce(&mut GatePolicy)) -> Result<Report> {
    let (report, facts) = measure_with_facts(session, adjust)?;
    // One run per process: the process ends once the report is printed, and
    // freeing these graphs node by node is wasted work (7% of a warm run on
    // nushell's 500 packages), so the operating system reclaims them instead.
    std::mem::forget(facts);
    Ok(report)
}

/// [`measure`], keeping the facts for a command that renders them too (`sbom`).
pub fn measure_with_facts(
    session: &Session,
    adjust: impl FnOnce(&mut GatePolicy),
) -> Result<(Report, Facts)> {
    let mut facts = facts::gather(session, adjust)?;
    let progress = Progress::new(session.global.quiet);
    let ctx = facts.context(&progress);
    let scorecard = scorecard::run(&ctx, &facts.policy);
    let manifest_json = facts.manifest.as_ref().map(|m| m.to_json(facts.today, &facts.policy));
    let mut report = Report::new(&facts.workspace, scorecard, facts.today, manifest_json);
    let mut timings = std::mem::take(&mut facts.timings);
    timings.append(std::mem::take(&mut report.timings));
    report.timings = timings;
    Ok((report, facts))
}
