//! One measured run: the facts gathered, every layer run on them, the layers
//! graded by the gate, and the report built. The scan, release, diff, sbom
//! and bin commands start here.

use crate::checks::advisories::Advisories;
use crate::checks::{Check, LayerReport};
use crate::error::Result;
use crate::facts::binary::Binary;
use crate::facts::{self, Facts};
use crate::gate::GatePolicy;
use crate::progress::Progress;
use crate::report::Report;
use crate::scorecard;
use crate::session::Session;
use std::path::PathBuf;

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
    keep: impl FnOnce(&mut Facts) -> T,
) -> Result<(Report, T)> {
    let (report, mut facts) = scored(session, adjust, opened)?;
    let kept = keep(&mut facts);
    // One run per process: the process ends once the report is printed, and
    // freeing these graphs node by node is wasted work (7% of a warm run on
    // nushell's 500 packages), so the operating system reclaims them instead.
    std::mem::forget(facts);
    Ok((report, kept))
}

/// [`measure`], keeping the facts for a command that renders them too (`sbom`).
pub fn measure_with_facts(
    session: &Session,
    adjust: impl FnOnce(&mut GatePolicy),
) -> Result<(Report, Facts)> {
    scored(session, adjust, None)
}

/// The facts gathered, every layer run and graded, the report built.
fn scored(
    session: &Session,
    adjust: impl FnOnce(&mut GatePolicy),
    opened: Option<crate::db::AdvisoryDb>,
) -> Result<(Report, Facts)> {
    let mut facts = facts::gather_with(session, adjust, opened)?;
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

/// The advisories layer on the dependency lists `cargo auditable` embedded in
/// the binaries at `paths`, graded by the gate. A binary without such a list
/// leaves the layer not measured (the others keep their findings), so the
/// gate fails unless `--allow-unmeasured advisories`: never a pass.
pub fn measure_binaries(
    session: &Session,
    paths: &[PathBuf],
    adjust: impl FnOnce(&mut GatePolicy),
) -> Result<(Report, Facts, Vec<Binary>)> {
    let (facts, binaries) = facts::binary::gather(session, paths, adjust)?;
    let progress = Progress::new(session.global.quiet);
    let ctx = facts.context(&progress);
    let mut layer = Advisories.run(&ctx);
    let missing: Vec<&str> =
        binaries.iter().filter_map(|b| b.embedded.as_ref().err().map(String::as_str)).collect();
    if !missing.is_empty() {
        let findings = std::mem::take(&mut layer.findings);
        let details = std::mem::take(&mut layer.details);
        layer = LayerReport::not_measured(&Advisories, missing.join("; "))
            .with_findings(findings)
            .with_details(details);
    }
    let scorecard =
        scorecard::grade(vec![layer], facts.manifest.as_ref(), facts.today, &facts.policy);
    let manifest_json = facts.manifest.as_ref().map(|m| m.to_json(facts.today, &facts.policy));
    let report = Report::new(&facts.workspace, scorecard, facts.today, manifest_json);
    Ok((report, facts, binaries))
}
