//! Running `cargo metadata` safely: locked, never building, started from `/`
//! so that none of the checkout's cargo configuration applies (only where
//! packages come from is passed on, see [`super::cargo_config`]), with every
//! rustc wrapper and credential provider switched off, and with cargo's
//! scratch directory ours, never the workspace's `target/`.

use cargo_metadata::{Metadata, MetadataCommand};
use std::ffi::OsString;
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
    /// cargo's target directory while it answers (where it keeps what rustc
    /// told it about the host); `None` leaves cargo's own choice.
    #[doc(hidden)]
    pub scratch_dir: Option<PathBuf>,
}

/// Runs `cargo metadata`; `resolve` asks for the dependency graph too.
/// On failure returns cargo's message folded into one line.
pub fn metadata(
    manifest_path: Option<&Path>,
    flags: &CargoFlags,
    resolve: bool,
) -> Result<Metadata, String> {
    let toolchain = super::toolchain::trusted();
    let manifest = manifest(manifest_path)?;
    let mut command = MetadataCommand::new();
    let cargo = toolchain.cargo.as_ref().ok_or(
        "no cargo found: set CARGO, install rustup, or put cargo on an absolute PATH entry outside the workspace",
    )?;
    command.cargo_path(cargo).current_dir(super::toolchain::neutral_dir());
    command.manifest_path(&manifest);
    let cargo_home = home::cargo_home().ok();
    let start = manifest.parent().unwrap_or(&manifest);
    let passed = super::cargo_config::passed_on(start, cargo_home.as_deref());
    let mut options = vec!["--locked".to_owned()];
    for arg in &passed.args {
        options.extend(["--config".to_owned(), arg.clone()]);
    }
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
    // cargo writes what rustc told it (`.rustc_info.json`) into its target and
    // build directories: into ours, so the workspace is never written to and
    // the next run of any workspace asks rustc nothing.
    let scratch = flags.scratch_dir.as_ref().filter(|dir| std::fs::create_dir_all(dir).is_ok());
    if let Some(dir) = scratch {
        command.env("CARGO_TARGET_DIR", dir).env("CARGO_BUILD_BUILD_DIR", dir);
    }
    // A repository's `.cargo/config.toml` can name a `rustc` or a wrapper that cargo
    // would execute to learn the target; the environment outranks it. Without a
    // scratch directory of ours, the wrappers are emptied, which also keeps cargo
    // from writing its cache of rustc's answers into the workspace's target/.
    let wrapper = match scratch {
        Some(_) => pass_through(toolchain.rustc.as_deref()),
        None => OsString::new(),
    };
    for name in [
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_BUILD_RUSTC_WRAPPER",
        "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER",
    ] {
        command.env(name, &wrapper);
    }
    if let Some(rustc) = &toolchain.rustc {
        command.env("RUSTC", rustc).env("CARGO_BUILD_RUSTC", rustc);
    }
    for (name, value) in no_credentials(&passed.registries) {
        command.env(name, value);
    }
    // cargo fetches git dependencies itself rather than starting `git`.
    command.env("CARGO_NET_GIT_FETCH_WITH_CLI", "false");
    let mut metadata = command.exec().map_err(|e| describe(&e))?;
    keep_what_is_read(&mut metadata);
    Ok(metadata)
}

/// The manifest cargo is pointed at, as an absolute path: the one given, or
/// the nearest `Cargo.toml` at or above the current directory, as cargo finds it.
fn manifest(given: Option<&Path>) -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    match given {
        Some(path) => Ok(cwd.join(path)),
        None => cwd.ancestors().map(|dir| dir.join("Cargo.toml")).find(|p| p.is_file()).ok_or_else(
            || {
                format!(
                    "could not find `Cargo.toml` in `{}` or any parent directory",
                    cwd.display()
                )
            },
        ),
    }
}

/// Environment that switches every credential provider off: a registry that
/// asks for a token gets an empty one from cargo's built-in `cargo:token`, so
/// no provider program runs and no stored token is sent to a registry the
/// checkout may have renamed. cargo then reports the registry unreachable and
/// the scan goes on from `Cargo.lock`.
fn no_credentials(registries: &std::collections::BTreeSet<String>) -> Vec<(String, String)> {
    let mut env = vec![
        ("CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS".to_owned(), "cargo:token".to_owned()),
        ("CARGO_REGISTRY_CREDENTIAL_PROVIDER".to_owned(), "cargo:token".to_owned()),
        ("CARGO_REGISTRY_TOKEN".to_owned(), String::new()),
    ];
    let valid =
        |name: &&String| name.chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c));
    for name in registries.iter().filter(valid) {
        let prefix = super::cargo_config::registry_env(name);
        env.push((format!("{prefix}_CREDENTIAL_PROVIDER"), "cargo:token".to_owned()));
        env.push((format!("{prefix}_TOKEN"), String::new()));
    }
    env
}

/// The rustc wrapper cargo is given: `/usr/bin/env`, which runs the trusted
/// `rustc` it is handed and nothing else (`env RUSTC ARGS...`). An empty value
/// would switch wrappers off too, but cargo cannot fingerprint an empty
/// wrapper and then neither reads nor writes its cache of rustc's answers: three
/// rustc processes, a tenth of a second, on every run. Empty where there is no
/// `/usr/bin/env`, no trusted rustc, or a rustc path `env` would take for an
/// option or an assignment.
fn pass_through(rustc: Option<&Path>) -> OsString {
    let env = Path::new("/usr/bin/env");
    let plain = rustc.map(|r| r.to_string_lossy()).is_some_and(|r| {
        Path::new(r.as_ref()).is_absolute() && !r.contains('=') && !r.starts_with('-')
    });
    if cfg!(unix) && plain && env.is_file() { env.into() } else { OsString::new() }
}

/// Empties what no check reads (declared dependencies, features, package
/// metadata tables, descriptive fields; the authors stay, for the SBOM), so the metadata cache is a third of
/// cargo's output and a warm run parses that much less. Cold and warm runs see
/// the same trimmed value.
fn keep_what_is_read(metadata: &mut Metadata) {
    metadata.workspace_metadata = serde_json::Value::Null;
    for package in &mut metadata.packages {
        package.dependencies.clear();
        package.features.clear();
        package.metadata = serde_json::Value::Null;
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

/// Why `cargo metadata` failed, in one line: cargo's `error:` line and its
/// `Caused by:` chain. Progress (`Updating crates.io index`), lock waits
/// (`Blocking waiting for file lock`) and warnings are dropped: they hide
/// the cause and differ from run to run on the same input.
fn describe(error: &cargo_metadata::Error) -> String {
    match error {
        cargo_metadata::Error::CargoMetadata { stderr } => {
            let message = super::one_line(&cause(stderr));
            if message.is_empty() { "cargo metadata failed".to_owned() } else { message }
        }
        other => super::one_line(&other.to_string()),
    }
}

/// The lines of cargo's stderr from its first `error:` on (all of them when
/// there is none), without `error: ` prefixes, status lines and warnings
/// with their indented notes.
fn cause(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    let start = lines.iter().position(|line| line.starts_with("error:")).unwrap_or(0);
    let mut kept = Vec::new();
    let mut in_warning = false;
    for line in &lines[start..] {
        if line.starts_with("warning:") {
            in_warning = true;
            continue;
        }
        if in_warning && (line.starts_with(char::is_whitespace) || line.is_empty()) {
            continue;
        }
        in_warning = false;
        if !is_status(line) {
            kept.push(line.strip_prefix("error: ").unwrap_or(line));
        }
    }
    kept.join("\n")
}

/// A cargo status line: a capitalised word right-aligned in 12 columns
/// (`    Updating crates.io index`, `    Blocking waiting for file lock`).
/// A `Caused by:` line (`  No such file or directory`) is indented less.
fn is_status(line: &str) -> bool {
    let word = line.trim_start();
    let indent = line.len() - word.len();
    let verb = word.split(' ').next().unwrap_or("");
    verb.starts_with(|c: char| c.is_ascii_uppercase())
        && verb.chars().all(|c| c.is_ascii_alphabetic())
        && indent + verb.len() == 12
        && indent > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(stderr: &str) -> String {
        describe(&cargo_metadata::Error::CargoMetadata { stderr: stderr.to_owned() })
    }

    #[test]
    fn graph_unavailable_line_quotes_cargos_error_not_its_progress() {
        let stderr = "    Updating crates.io index\n    Blocking waiting for file lock on package cache\n\
                      warning: package `x` has a rust-version\n  = help: if you need to support older rustc\n\
                      error: failed to select a version for the requirement `foo = \"^99\"`\n\
                      candidate versions found which didn't match: 1.0.0\n";
        assert_eq!(
            folded(stderr),
            "failed to select a version for the requirement `foo = \"^99\"`: candidate versions found which didn't match: 1.0.0"
        );
        let chain = "error: failed to load manifest for workspace member `/ws/app`\n\
                     referenced by workspace at `/ws/Cargo.toml`\n\nCaused by:\n  failed to read `/ws/app/Cargo.toml`\n\n\
                     Caused by:\n  No such file or directory (os error 2)\n";
        assert_eq!(
            folded(chain),
            "failed to load manifest for workspace member `/ws/app`: referenced by workspace at `/ws/Cargo.toml`: \
             failed to read `/ws/app/Cargo.toml`: No such file or directory (os error 2)"
        );
        assert_eq!(folded("    Updating crates.io index\n"), "cargo metadata failed");
    }
}
