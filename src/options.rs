//! The options that change what the layers measure, and where the caches live.

use std::path::PathBuf;

/// Options that change what the layers measure.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// No network access at all.
    pub offline: bool,
    /// Include `#[cfg(test)]` code and test, bench and example targets in unsafe counts.
    pub include_tests: bool,
    /// Do not read or write the unsafe-code cache.
    pub no_cache: bool,
    /// Where the unsafe-code cache lives.
    pub cache_dir: Option<PathBuf>,
    /// Run zizmor on the workflows when it is installed.
    pub zizmor: bool,
    /// In an `--all-workspaces` run, the workspace whose run measures the
    /// repository's posture, when it is another one: this run's posture
    /// layer then says so instead of measuring it again.
    pub posture_measured_with: Option<String>,
}

/// Where cargo secure keeps its caches: `CARGO_SECURE_CACHE_DIR`, else
/// `$CARGO_HOME/cargo-secure` (never inside the scanned workspace).
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_SECURE_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    home::cargo_home().ok().map(|home| home.join("cargo-secure"))
}
