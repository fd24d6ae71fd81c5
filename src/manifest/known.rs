//! The ids a manifest may name: layers, sub-checks and finding codes.
//!
//! Layers built by other areas document their codes in their own `codes()`;
//! the agreed names are also listed here so a manifest stays valid whichever
//! layers a build carries.

use crate::checks::CHECKS;

/// Sub-check ids the layers report under their `checks` detail.
pub const SUB_CHECKS: &[&str] = &[
    "forbid-unsafe",
    "security-policy",
    "ci",
    "ci-runs-cargo-secure",
    "dangerous-workflow",
    "token-permissions",
    "pinned-actions",
    "dependency-updates",
    "fuzzing",
    "lints",
    "binary-artifacts",
    "license",
    "sources",
    "build-time-code",
    "duplicates",
    "lockfile",
    "toolchain",
];

/// Finding codes agreed between the layers.
const AGREED_CODES: &[&str] = &[
    "vulnerability",
    "unmaintained",
    "unsound",
    "notice",
    "yanked",
    "advisory-db-stale",
    "advisory-db-fetch-failed",
    "yanked-not-checked",
    "unsafe-undocumented",
    "unsafe-baseline-exceeded",
    "unsafe-budget-exceeded",
    "unsafe-unreadable",
    "unsafe-not-forbidden",
    "dependency-sources-missing",
];

/// Every layer id except the manifest's own.
pub fn layer_ids() -> Vec<&'static str> {
    CHECKS.iter().map(|c| c.id()).filter(|id| *id != "manifest").collect()
}

/// Every id a control's `verify` may name.
pub fn verify_ids() -> Vec<&'static str> {
    let mut ids = layer_ids();
    ids.extend_from_slice(SUB_CHECKS);
    ids
}

/// Whether `code` is a finding code some layer emits.
pub fn is_code(code: &str) -> bool {
    AGREED_CODES.contains(&code) || crate::codes::find(code).is_some()
}
