//! The software bill of materials: the resolved graph as an [`Inventory`],
//! rendered as CycloneDX 1.6 ([`cyclonedx`]) or SPDX 2.3 ([`spdx`]) JSON
//! from typed models of the official schemas. The SBOM only renders facts
//! already gathered: it decides nothing and fetches nothing.
//!
//! - [`inventory`]: packages, licences, hashes and edges, from the workspace;
//! - [`licence`]: a declared licence as a validated SPDX expression or a name;
//! - [`stamp`]: the timestamp (`SOURCE_DATE_EPOCH`) and the serial number;
//! - [`vex`]: the matching advisories with their analysis, also as
//!   [`openvex`].

pub mod cyclonedx;
pub mod inventory;
pub mod licence;
pub mod openvex;
pub mod spdx;
pub mod stamp;
pub mod vex;

pub use inventory::{Component, Inventory};
pub use stamp::Stamp;

use crate::cli::Format;
use crate::facts::Facts;
use crate::report::Report;

/// The VEX statements of a graded report's advisories layer, for `inventory`.
pub fn statements(report: &Report, facts: &Facts, inventory: &Inventory) -> Vec<vex::Statement> {
    let findings = report.layers.iter().filter(|l| l.id == "advisories").flat_map(|l| &l.findings);
    let database = facts.db.database.as_ref();
    vex::statements(findings, inventory, |id| {
        let advisory = database?.iter().find(|a| a.metadata.id.as_str() == id)?;
        advisory.metadata.cvss.as_ref().map(ToString::to_string)
    })
}

/// `inventory` (with `statements`) in an SBOM `format`: CycloneDX, SPDX or OpenVEX.
pub fn render(
    format: Format,
    inventory: &Inventory,
    statements: &[vex::Statement],
    facts: &Facts,
    stamp: &Stamp,
) -> String {
    match format {
        Format::Spdx => spdx::render(inventory, stamp),
        Format::Openvex => openvex::render(inventory, statements, &author(facts, inventory), stamp),
        _ => cyclonedx::render(inventory, statements, stamp),
    }
}

/// Who makes the VEX statements: the manifest's security contact, else its owners.
fn author(facts: &Facts, inventory: &Inventory) -> String {
    let people = facts.manifest.as_ref().map(|m| &m.people);
    if let Some(contact) = people.and_then(|p| p.security_contact.as_ref()) {
        return contact.value.clone();
    }
    match people.map(|p| p.owners.join(", ")).filter(|o| !o.is_empty()) {
        Some(owners) => owners,
        None => format!("the maintainers of {}", inventory.subject),
    }
}
