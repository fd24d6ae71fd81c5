//! `cargo secure sbom`: the bill of materials of the workspace's resolved
//! graph for the host, as CycloneDX 1.6 (the default) or SPDX 2.3 JSON. The
//! facts are gathered as for a scan; the SBOM only renders them.

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::sbom::{Inventory, Stamp, cyclonedx, spdx};
use crate::session::{Outcome, Session};

/// Prints the SBOM of the workspace.
pub fn run(session: &Session, include_dev: bool) -> Result<Outcome> {
    let format = match session.scan.format {
        Format::Human | Format::Cyclonedx => Format::Cyclonedx,
        Format::Spdx => Format::Spdx,
        other => {
            let name = format!("{other:?}").to_lowercase();
            return Err(Error::Usage(format!(
                "sbom prints --format cyclonedx (the default) or spdx, not --format {name}"
            )));
        }
    };
    let stamp = Stamp::from_env()?;
    let facts = crate::facts::gather(session, |_| {})?;
    let inventory = Inventory::of_workspace(&facts.workspace, include_dev);
    let text = match format {
        Format::Spdx => spdx::render(&inventory, &stamp),
        _ => cyclonedx::render(&inventory, &stamp),
    };
    session.emit(&text)?;
    std::mem::forget(facts);
    Ok(Outcome::Passed)
}
