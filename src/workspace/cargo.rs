//! Running `cargo metadata` safely: locked, never building, and with every
//! rustc wrapper the scanned repository could configure switched off.

use cargo_metadata::{Metadata, MetadataCommand};
use std::path::{Path, PathBuf};

/// Flags passed through to cargo.
#[derive(Debug, Clone, Default)]
pub struct CargoFlags {
    /// `--offline`: no network access at all.
    pub offline: bool,
    /// `--frozen`: `--locked` and `--offline`.
    pub frozen: bool,
    /// Where to cache resolved metadata; `None` disables the cache.
    #[doc(hidden)]
    pub cache_dir: Option<PathBuf>,
}

/// Runs `cargo metadata`; `resolve` asks for the dependency graph too.
/// On failure returns cargo's message folded into one line.
pub fn metadata(
    manifest_path: Option<&Path>,
    flags: &CargoFlags,
    resolve: bool,
) -> Result<Metadata, String> {
    let toolchain = super::toolchain::trusted();
    let mut command = MetadataCommand::new();
    command.cargo_path(&toolchain.cargo);
    if let Some(path) = manifest_path {
        command.manifest_path(path);
    }
    let mut options = vec!["--locked".to_owned()];
    if resolve {
        // Resolve for the host only: cargo then needs (and, offline, finds) just
        // the sources this machine would build; other platforms' packages stay
        // known from Cargo.lock with `Scope::Lockfile`.
        if let Some(host) = super::toolchain::host_triple() {
            options.extend(["--filter-platform".to_owned(), host]);
        }
    } else {
        command.no_deps();
    }
    if flags.offline || flags.frozen {
        options.push("--offline".to_owned());
    }
    if flags.frozen {
        options.push("--frozen".to_owned());
    }
    command.other_options(options);
    // A repository's `.cargo/config.toml` can name a `rustc` or a wrapper that cargo
    // would execute to learn the target; the environment outranks it.
    command
        .env("RUSTC_WRAPPER", "")
        .env("RUSTC_WORKSPACE_WRAPPER", "")
        .env("CARGO_BUILD_RUSTC_WRAPPER", "")
        .env("CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER", "");
    if let Some(rustc) = &toolchain.rustc {
        command.env("RUSTC", rustc).env("CARGO_BUILD_RUSTC", rustc);
    }
    let mut metadata = command.exec().map_err(|e| describe(&e))?;
    keep_what_is_read(&mut metadata);
    Ok(metadata)
}

/// Empties what no check reads (declared dependencies, features, package
/// metadata tables, descriptive fields), so the metadata cache is a third of
/// cargo's output and a warm run parses that much less. Cold and warm runs see
/// the same trimmed value.
fn keep_what_is_read(metadata: &mut Metadata) {
    metadata.workspace_metadata = serde_json::Value::Null;
    for package in &mut metadata.packages {
        package.dependencies.clear();
        package.features.clear();
        package.metadata = serde_json::Value::Null;
        package.authors.clear();
        package.categories.clear();
        package.keywords.clear();
        package.description = None;
        package.readme = None;
        package.repository = None;
        package.homepage = None;
        package.documentation = None;
        for target in &mut package.targets {
            target.required_features.clear();
        }
    }
    if let Some(resolve) = &mut metadata.resolve {
        for node in &mut resolve.nodes {
            node.dependencies.clear();
            node.features.clear();
        }
    }
}

fn describe(error: &cargo_metadata::Error) -> String {
    match error {
        cargo_metadata::Error::CargoMetadata { stderr } => {
            let text: Vec<&str> = stderr
                .lines()
                .map(|line| line.trim_start_matches("error: ").trim())
                .filter(|line| !line.is_empty() && !line.starts_with("warning:"))
                .collect();
            let mut message = super::one_line(&text.join("\n"));
            if message.is_empty() {
                message = "cargo metadata failed".to_owned();
            }
            message
        }
        other => super::one_line(&other.to_string()),
    }
}
