//! The trusted toolchain: the `cargo` and `rustc` binaries cargo secure runs,
//! found without letting the scanned checkout choose them.
//!
//! A checkout can name programs that tools run for it: `rust-toolchain.toml`
//! with `[toolchain] path = "..."` makes the rustup proxy run that directory's
//! `bin/cargo`; `.cargo/config.toml` can set `build.rustc` and rustc wrappers.
//! So the binaries are resolved from `/` (no checkout's files are above it):
//! `$CARGO` when cargo started us (it is the real toolchain binary), else the
//! toolchain rustup picks from `/` (read from its settings on disk, or asked
//! with `rustup which cargo` when they do not say), else `cargo` on `PATH`;
//! `rustc` beside that cargo. A rustup toolchain's host triple is read from its
//! directory name (`stable-x86_64-unknown-linux-gnu`) when its `lib/rustlib`
//! confirms it; otherwise `rustc -vV` tells.
//! Cargo is then run by absolute path with `RUSTC` pointing at the trusted
//! rustc and both wrappers emptied: environment variables outrank config files.
//! Nothing here runs a program the checkout names. What stays outside our
//! control: when a user types `cargo secure` inside a checkout, rustup has
//! already chosen `cargo` (and so `$CARGO`) from that checkout before this
//! binary starts; `docs/hardening.md` says how to avoid it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The binaries to run.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// An absolute path to a real `cargo`, when one was found.
    pub cargo: Option<PathBuf>,
    /// The `rustc` beside it, when there is one.
    pub rustc: Option<PathBuf>,
    /// The host triple, when the toolchain's directory tells it.
    pub host: Option<String>,
}

/// The trusted toolchain, resolved once per run.
pub fn trusted() -> &'static Toolchain {
    static TOOLCHAIN: OnceLock<Toolchain> = OnceLock::new();
    TOOLCHAIN.get_or_init(resolve)
}

fn resolve() -> Toolchain {
    let cargo = std::env::var_os("CARGO")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute() && p.is_file())
        .or_else(rustup_default_cargo)
        .or_else(|| rustup_which("cargo"))
        .or_else(|| on_path("cargo"));
    let beside = cargo
        .as_ref()
        .map(|cargo| cargo.with_file_name(format!("rustc{}", std::env::consts::EXE_SUFFIX)));
    let rustc = beside.filter(|p| p.is_absolute() && p.is_file()).or_else(|| rustup_which("rustc"));
    let host = cargo.as_deref().and_then(toolchain_host);
    Toolchain { cargo, rustc, host }
}

/// The cargo of the toolchain rustup picks from `/`, read from its settings
/// without running rustup: `RUSTUP_TOOLCHAIN`, else an override set for `/`,
/// else the default toolchain. `None` when a toolchain file at `/` would
/// decide, or the named toolchain's cargo is not where rustup installs it
/// (a short name such as `stable`): `rustup which` then decides.
fn rustup_default_cargo() -> Option<PathBuf> {
    let home = home::rustup_home().ok()?;
    let neutral = neutral_dir();
    if ["rust-toolchain.toml", "rust-toolchain"].iter().any(|f| neutral.join(f).exists()) {
        return None;
    }
    let name = match std::env::var("RUSTUP_TOOLCHAIN") {
        Ok(name) if !name.is_empty() => name,
        _ => {
            let text = std::fs::read_to_string(home.join("settings.toml")).ok()?;
            let settings: toml::Table = text.parse().ok()?;
            let overridden = settings.get("overrides").and_then(|o| o.get(neutral.to_str()?));
            overridden.or_else(|| settings.get("default_toolchain"))?.as_str()?.to_owned()
        }
    };
    let file = format!("cargo{}", std::env::consts::EXE_SUFFIX);
    let cargo = home.join("toolchains").join(name).join("bin").join(file);
    cargo.is_file().then_some(cargo)
}

/// The host triple of the rustup toolchain `cargo` belongs to: its directory
/// is named `<channel>[-<date>]-<host>`, and `lib/rustlib/<host>` holds the
/// host's standard library.
fn toolchain_host(cargo: &Path) -> Option<String> {
    let dir = cargo.parent()?.parent()?;
    let name = dir.file_name()?.to_str()?;
    let targets = std::fs::read_dir(dir.join("lib").join("rustlib")).ok()?;
    targets
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("lib").is_dir())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .find(|triple| name.ends_with(&format!("-{triple}")))
}

/// `rustup which TOOL`, run from `/` so no `rust-toolchain.toml` of a checkout applies.
fn rustup_which(tool: &str) -> Option<PathBuf> {
    let rustup = on_path("rustup")?;
    let output =
        Command::new(rustup).args(["which", tool]).current_dir(neutral_dir()).output().ok()?;
    let path = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    (output.status.success() && path.is_absolute() && path.is_file()).then_some(path)
}

/// The first `name` on `PATH`, from absolute entries outside the workspace
/// the run starts in: a relative entry would resolve inside the checkout, and
/// an entry inside it (a `bin/` that direnv added, say) is the checkout's.
pub fn on_path(name: &str) -> Option<PathBuf> {
    on_path_outside(name, current_checkout().as_deref())
}

/// The first `name` on an absolute `PATH` entry, skipping entries (and
/// programs) inside `outside`, the scanned checkout, compared after resolving
/// symbolic links.
pub fn on_path_outside(name: &str, outside: Option<&Path>) -> Option<PathBuf> {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    let fence = outside.map(|dir| dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()));
    let inside = |path: &Path| {
        let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        fence.as_ref().is_some_and(|fence| real.starts_with(fence) || path.starts_with(fence))
    };
    std::env::split_paths(&std::env::var_os("PATH")?)
        .filter(|dir| dir.is_absolute() && !inside(dir))
        .map(|dir| dir.join(&file))
        .find(|p| p.is_file() && !inside(p))
}

/// The workspace around the current directory: the nearest directory at or
/// above it that holds a `Cargo.lock`, else a `Cargo.toml` (never `/`).
fn current_checkout() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let nearest =
        |file: &str| cwd.ancestors().find(|dir| dir.parent().is_some() && dir.join(file).is_file());
    nearest("Cargo.lock").or_else(|| nearest("Cargo.toml")).map(Path::to_path_buf)
}

/// A directory no checkout can put configuration above.
pub fn neutral_dir() -> &'static Path {
    Path::new("/")
}

/// The host target triple: from the toolchain's directory, else from the
/// trusted rustc run from the neutral directory.
pub fn host_triple() -> Option<String> {
    if let Some(host) = &trusted().host {
        return Some(host.clone());
    }
    let rustc = trusted().rustc.clone()?;
    let output = Command::new(rustc)
        .arg("-vV")
        .current_dir(neutral_dir())
        .env_remove("RUSTC_WRAPPER")
        .output()
        .ok()?;
    String::from_utf8(output.stdout)
        .ok()?
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toolchain_host_comes_from_its_name_when_its_rustlib_confirms_it() {
        let home = tempfile::tempdir().expect("tempdir");
        let toolchain = home.path().join("nightly-2026-01-02-x86_64-unknown-linux-gnu");
        for triple in ["x86_64-unknown-linux-gnu", "wasm32-unknown-unknown"] {
            std::fs::create_dir_all(toolchain.join("lib/rustlib").join(triple).join("lib"))
                .expect("rustlib");
        }
        std::fs::create_dir_all(toolchain.join("lib/rustlib/etc")).expect("etc");
        let cargo = toolchain.join("bin/cargo");
        assert_eq!(toolchain_host(&cargo).as_deref(), Some("x86_64-unknown-linux-gnu"));
        let linked = home.path().join("my-build");
        std::fs::create_dir_all(linked.join("lib/rustlib/x86_64-unknown-linux-gnu/lib"))
            .expect("rustlib");
        assert_eq!(toolchain_host(&linked.join("bin/cargo")), None);
    }
}
