//! `secure.toml`, the repository's security manifest.

use crate::error::Result;
use crate::finding::{Finding, Suppression};
use crate::gate::{Criticality, GatePolicy};
use std::path::{Path, PathBuf};

/// The parsed and validated manifest.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Where it was read from.
    pub path: PathBuf,
    /// The asset's criticality.
    pub criticality: Criticality,
}

impl Manifest {
    /// Reads `secure.toml` at the workspace root, if there is one.
    pub fn load(_root: &Path) -> Result<Option<Manifest>> {
        Ok(None)
    }

    /// The gate policy this manifest asks for.
    pub fn policy(&self) -> GatePolicy {
        GatePolicy::for_criticality(self.criticality, "secure.toml")
    }

    /// The manifest's section of the JSON report.
    pub fn to_json(&self, _today: time::Date, policy: &GatePolicy) -> serde_json::Value {
        serde_json::json!({ "path": self.path, "gate": policy })
    }

    /// The exception that accepts `finding`, if one does and has not expired.
    pub fn suppression_for(&self, _finding: &Finding, _today: time::Date) -> Option<Suppression> {
        None
    }
}
