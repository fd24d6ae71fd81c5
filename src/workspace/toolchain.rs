//! The trusted toolchain: the `cargo` and `rustc` binaries cargo secure runs,
//! found without letting the scanned checkout choose them.
//!
//! A checkout can name programs that tools run for it: `rust-toolchain.toml`
//! with `[toolchain] path = "..."` makes the rustup proxy run that directory's
//! `bin/cargo`; `.cargo/config.toml` can set `build.rustc` and rustc wrappers.
//! So the binaries are resolved from `/` (no checkout's files are above it):
//! `$CARGO` when cargo started us (it is the real toolchain binary), else
//! `rustup which cargo`, else `cargo` on `PATH`; `rustc` beside that cargo.
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
    /// An absolute path to a real `cargo`, or `cargo` when none was found.
    pub cargo: PathBuf,
    /// The `rustc` beside it, when there is one.
    pub rustc: Option<PathBuf>,
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
        .or_else(|| rustup_which("cargo"))
        .or_else(|| on_path("cargo"))
        .unwrap_or_else(|| PathBuf::from("cargo"));
    let beside = cargo.with_file_name(format!("rustc{}", std::env::consts::EXE_SUFFIX));
    let rustc =
        Some(beside).filter(|p| p.is_absolute() && p.is_file()).or_else(|| rustup_which("rustc"));
    Toolchain { cargo, rustc }
}

/// `rustup which TOOL`, run from `/` so no `rust-toolchain.toml` of a checkout applies.
fn rustup_which(tool: &str) -> Option<PathBuf> {
    let rustup = on_path("rustup")?;
    let output =
        Command::new(rustup).args(["which", tool]).current_dir(neutral_dir()).output().ok()?;
    let path = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    (output.status.success() && path.is_absolute() && path.is_file()).then_some(path)
}

/// The first `name` on `PATH` (absolute entries only: a relative entry would
/// resolve inside the checkout).
fn on_path(name: &str) -> Option<PathBuf> {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&std::env::var_os("PATH")?)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(&file))
        .find(|p| p.is_file())
}

/// A directory no checkout can put configuration above.
pub fn neutral_dir() -> &'static Path {
    Path::new("/")
}

/// The host target triple, from the trusted rustc run from the neutral directory.
pub fn host_triple() -> Option<String> {
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
