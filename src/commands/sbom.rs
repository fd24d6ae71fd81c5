//! `cargo secure sbom`: the bill of materials of the workspace's resolved
//! graph for the host, as CycloneDX 1.6 (the default, with the matching
//! advisories and their VEX analysis), SPDX 2.3, or the OpenVEX statements
//! alone. The facts are gathered and graded as for a scan; the SBOM only
//! renders them, and its exit code is 0 whatever the gate says.

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::sbom::{self, Inventory, Stamp};
use crate::session::{Outcome, Session};

/// Prints the SBOM (or the VEX) of the workspace.
pub fn run(session: &Session, include_dev: bool) -> Result<Outcome> {
    let format = match session.scan.format {
        Format::Human | Format::Cyclonedx => Format::Cyclonedx,
        format @ (Format::Spdx | Format::Openvex) => format,
        other => {
            let name = format!("{other:?}").to_lowercase();
            return Err(Error::Usage(format!(
                "sbom prints --format cyclonedx (the default), spdx or openvex, not --format {name}"
            )));
        }
    };
    let stamp = Stamp::from_env()?;
    let (report, facts) = crate::measure::measure_with_facts(session, |_| {})?;
    let inventory = Inventory::of_workspace(&facts.workspace, include_dev);
    let statements = sbom::statements(&report, &facts, &inventory);
    if format == Format::Openvex && statements.is_empty() {
        session.note(
            "no advisory matches the SBOM's components: the OpenVEX document has no statement",
        );
    }
    session.emit(&sbom::render(format, &inventory, &statements, &facts, &stamp))?;
    std::mem::forget((report, facts));
    Ok(Outcome::Passed)
}
