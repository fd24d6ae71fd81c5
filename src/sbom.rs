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
