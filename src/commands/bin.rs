//! `cargo secure bin PATH…`: what was really shipped. The dependency list
//! `cargo auditable` embedded in each binary is matched against the advisory
//! database by the advisories layer itself, graded by the same gate (and
//! `secure.toml` exceptions), and printed in any format; the SBOM formats
//! give the binaries' bill of materials. A binary without embedded data
//! leaves the layer not measured, which fails the gate: never a pass.

use crate::error::Result;
use crate::sbom::{self, Inventory, Stamp};
use crate::session::{Outcome, Session};
use std::path::PathBuf;

/// Audits the binaries at `paths`.
pub fn run(session: &Session, paths: &[PathBuf]) -> Result<Outcome> {
    let format = session.scan.format;
    let stamp = if format.is_sbom() { Some(Stamp::from_env()?) } else { None };
    let (report, facts, binaries) = crate::measure::measure_binaries(session, paths, |_| {})?;
    let text = match stamp {
        Some(stamp) => {
            let mut inventory = Inventory::of_workspace(&facts.workspace, true);
            let names: Vec<String> = binaries
                .iter()
                .map(|b| b.path.file_name().unwrap_or_default().to_string_lossy().into_owned())
                .collect();
            inventory.subject = names.join(", ");
            inventory.origin =
                "the dependency lists cargo auditable embedded in the binaries".into();
            // A binary's root package is the program itself.
            for root in &mut inventory.roots {
                root.application = true;
            }
            let statements = sbom::statements(&report, &facts, &inventory);
            sbom::render(format, &inventory, &statements, &facts, &stamp)
        }
        None => crate::render::render(&report, format, session.style()),
    };
    session.emit(&text)?;
    let outcome = if report.gate.passed { Outcome::Passed } else { Outcome::Failed };
    std::mem::forget((report, facts));
    Ok(outcome)
}
