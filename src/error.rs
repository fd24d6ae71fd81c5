//! The library's error type: every way a run can fail before a scorecard exists.
//!
//! Each variant renders as one line a user can act on; `main` prints it after
//! `error: ` and exits with code 2.

use std::path::PathBuf;

/// Everything that stops cargo secure from producing a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `cargo metadata` could not read the workspace at all.
    #[error("{0}")]
    NotAWorkspace(String),
    /// The workspace has no `Cargo.lock`.
    #[error(
        "no Cargo.lock in {0}: cargo secure audits the locked dependency graph and never writes one; run `cargo generate-lockfile` first"
    )]
    MissingLockfile(PathBuf),
    /// `Cargo.lock` exists but cannot be parsed.
    #[error("{path}: malformed Cargo.lock: {reason}")]
    MalformedLockfile {
        /// The lockfile.
        path: PathBuf,
        /// What the parser said.
        reason: String,
    },
    /// `--db` points at something that is not an advisory database.
    #[error("advisory database at {path} cannot be used: {reason}")]
    AdvisoryDb {
        /// The directory.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// `secure.toml` is invalid; each problem is one `file:line:col: message` line.
    #[error("{}", .0.join("\n"))]
    Manifest(Vec<String>),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A command-line value is not usable.
    #[error("{0}")]
    Usage(String),
    /// Anything else, already phrased for a user.
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
