//! The stable fingerprint of a finding (SARIF's `partialFingerprints`
//! `cargoSecure/v1`): its rule, code, package name and file, with an ordinal
//! for repeats, hashed. Versions and lines are left out so that an upgrade
//! or a line shift keeps the fingerprint; `cargo secure diff` matches base
//! and head findings by it.

use crate::finding::{Finding, Location};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The key SARIF's `partialFingerprints` holds the fingerprint under.
pub const KEY: &str = "cargoSecure/v1";

/// Gives each finding of one report its fingerprint, in report order.
#[derive(Debug, Default)]
pub struct Fingerprints {
    seen: HashMap<String, usize>,
}

impl Fingerprints {
    /// The fingerprint of the next finding, shown at `location`.
    pub fn next(&mut self, finding: &Finding, location: &Location) -> String {
        let package = finding.package.as_ref().map(|p| p.name.as_str()).unwrap_or("");
        let identity =
            format!("{}|{}|{package}|{}", finding.rule_id(), finding.code, location.path);
        let ordinal = self.seen.entry(identity.clone()).and_modify(|n| *n += 1).or_insert(0);
        let digest = Sha256::digest(format!("{identity}|{ordinal}").as_bytes());
        digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
    }
}
