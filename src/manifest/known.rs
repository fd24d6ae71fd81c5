//! The ids a manifest may name: layers, sub-checks and finding codes. The
//! layers and their codes come from the check registry as a [`Vocabulary`]
//! (`checks::vocabulary()`), so the manifest never depends on the layers that
//! read it.

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

/// The layers and finding codes of this build.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Every layer id, the manifest's own included.
    pub layers: Vec<&'static str>,
    /// Every finding code a layer emits.
    pub codes: Vec<&'static str>,
}

impl Vocabulary {
    /// Whether `id` is a layer.
    pub fn is_layer(&self, id: &str) -> bool {
        self.layers.contains(&id)
    }

    /// Every layer id except the manifest's own.
    pub fn layer_ids(&self) -> Vec<&'static str> {
        self.layers.iter().copied().filter(|id| *id != "manifest").collect()
    }

    /// Every id a control's `verify` may name.
    pub fn verify_ids(&self) -> Vec<&'static str> {
        let mut ids = self.layer_ids();
        ids.extend_from_slice(SUB_CHECKS);
        ids
    }

    /// Whether `code` is a finding code some layer emits.
    pub fn is_code(&self, code: &str) -> bool {
        self.codes.contains(&code)
    }
}
