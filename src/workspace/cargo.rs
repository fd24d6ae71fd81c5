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
    let mut command = MetadataCommand::new();
    if let Some(path) = manifest_path {
        command.manifest_path(path);
    }
    let mut options = vec!["--locked".to_owned()];
    if resolve {
        // Resolve for the host only: cargo then needs (and, offline, finds) just
        // the sources this machine would build; other platforms' packages stay
        // known from Cargo.lock with `Scope::Lockfile`.
        if let Some(host) = host_triple() {
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
    // would execute to learn the target; the environment overrides it.
    command.env("RUSTC_WRAPPER", "").env("RUSTC_WORKSPACE_WRAPPER", "");
    if let Some(rustc) = toolchain_rustc() {
        command.env("RUSTC", rustc);
    }
    command.exec().map_err(|e| describe(&e))
}

/// The host target triple, from `rustc -vV` (the toolchain's own rustc).
fn host_triple() -> Option<String> {
    let rustc = toolchain_rustc().unwrap_or_else(|| PathBuf::from("rustc"));
    let output =
        std::process::Command::new(rustc).arg("-vV").env_remove("RUSTC_WRAPPER").output().ok()?;
    String::from_utf8(output.stdout)
        .ok()?
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_owned)
}

/// The `rustc` that sits beside the `cargo` running us, if any.
fn toolchain_rustc() -> Option<PathBuf> {
    let cargo = std::env::var_os("CARGO")?;
    let candidate =
        Path::new(&cargo).with_file_name(format!("rustc{}", std::env::consts::EXE_SUFFIX));
    candidate.is_file().then_some(candidate)
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
