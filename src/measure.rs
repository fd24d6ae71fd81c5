//! One measured run: the facts gathered, every layer run on them, the layers
//! graded by the gate, and the report built. The scan, release and diff
//! commands start here.

use crate::error::Result;
use crate::facts;
use crate::gate::GatePolicy;
use crate::progress::Progress;
use crate::report::Report;
use crate::scorecard;
use crate::session::Session;

/// Gathers the facts, runs every layer and grades them. `adjust` may tighten
/// the policy (the release gate does).
pub fn measure(session: &Session, adjust: impl FnOnce(&mut GatePolicy)) -> Result<Report> {
    measure_with(session, adjust, None, |_| ()).map(|(report, ())| report)
}

/// [`measure`] with an advisory database already opened (see
/// [`facts::gather_with`]), also returning what `keep` takes from the facts
/// (`diff` keeps the package list and the database) before they are let go.
pub fn measure_with<T>(
    session: &Session,
    adjust: impl FnOnce(&mut GatePolicy),
    opened: Option<crate::db::AdvisoryDb>,
    keep: impl FnOnce(&mut facts::Facts) -> T,
) -> Result<(Report, T)> {
    let mut facts = facts::gather_with(session, adjust, opened)?;
    let progress = Progress::new(session.global.quiet);
    let ctx = facts.context(&progress);
    let scorecard = scorecard::run(&ctx, &facts.policy);
    let manifest_json = facts.manifest.as_ref().map(|m| m.to_json(facts.today, &facts.policy));
    let mut report = Report::new(&facts.workspace, scorecard, facts.today, manifest_json);
    let kept = keep(&mut facts);
    let mut timings = std::mem::take(&mut facts.timings);
    timings.append(std::mem::take(&mut report.timings));
    report.timings = timings;
    // One run per process: the process ends once the report is printed, and
    // freeing these graphs node by node is wasted work (7% of a warm run on
    // nushell's 500 packages), so the operating system reclaims them instead.
    std::mem::forget(facts);
    Ok((report, kept))
}
