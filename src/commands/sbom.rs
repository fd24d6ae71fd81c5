//! `cargo secure sbom`: the bill of materials of the workspace's resolved
//! graph for the host, as CycloneDX 1.6 (the default, with the matching
//! advisories and their VEX analysis), SPDX 2.3, or the OpenVEX statements
//! alone. The facts are gathered and graded as for a scan; the SBOM only
//! renders them, and its exit code is 0 whatever the gate says.

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::facts::Facts;
use crate::report::Report;
use crate::sbom::{Inventory, Stamp, cyclonedx, openvex, spdx, vex};
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
    let statements = statements(&report, &facts, &inventory);
    let text = match format {
        Format::Spdx => spdx::render(&inventory, &stamp),
        Format::Openvex => {
            if statements.is_empty() {
                session.note("no advisory matches the SBOM's components: the OpenVEX document has no statement");
            }
            openvex::render(&inventory, &statements, &author(&facts, &inventory), &stamp)
        }
        _ => cyclonedx::render(&inventory, &statements, &stamp),
    };
    session.emit(&text)?;
    std::mem::forget((report, facts));
    Ok(Outcome::Passed)
}

/// The VEX statements of the advisories layer's findings.
fn statements(report: &Report, facts: &Facts, inventory: &Inventory) -> Vec<vex::Statement> {
    let findings = report.layers.iter().filter(|l| l.id == "advisories").flat_map(|l| &l.findings);
    let database = facts.db.database.as_ref();
    vex::statements(findings, inventory, |id| {
        let advisory = database?.iter().find(|a| a.metadata.id.as_str() == id)?;
        advisory.metadata.cvss.as_ref().map(ToString::to_string)
    })
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
