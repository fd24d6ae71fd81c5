//! Locating, fetching and opening the RustSec advisory database.
//!
//! `--db PATH` is used as it is and never fetched into; otherwise
//! `CARGO_SECURE_DB`, else `~/.cargo/advisory-db` (cargo-audit's location).

use crate::error::{Error, Result};
use rustsec::Database;
use std::path::PathBuf;

/// Where the database comes from and whether it may be fetched.
#[derive(Debug, Clone, Default)]
pub struct DbOptions {
    /// `--db PATH`: used as it is, never fetched into.
    pub explicit: Option<PathBuf>,
    /// Whether to fetch updates before opening (online runs without `--db`).
    pub fetch: bool,
}

/// The advisory database for a run, or why there is none.
#[derive(Debug)]
pub struct AdvisoryDb {
    /// The directory.
    pub path: PathBuf,
    /// The opened database; `None` when there is no copy at all.
    pub database: Option<Database>,
    /// Why there is no database, when there is none.
    pub missing_reason: Option<String>,
    /// What happened to a fetch, when one was attempted (e.g. why it failed).
    pub fetch_note: Option<String>,
    /// When the database was last updated (its last commit, else its newest advisory).
    pub updated: Option<time::Date>,
}

impl DbOptions {
    /// The directory the options point at.
    pub fn path(&self) -> PathBuf {
        if let Some(path) = &self.explicit {
            return path.clone();
        }
        if let Some(path) = std::env::var_os("CARGO_SECURE_DB") {
            return PathBuf::from(path);
        }
        home::cargo_home()
            .map(|home| home.join("advisory-db"))
            .unwrap_or_else(|_| PathBuf::from(".cargo/advisory-db"))
    }
}

/// Fetches the database when the options ask for it, then opens it.
pub fn load(options: &DbOptions) -> Result<AdvisoryDb> {
    open(options)
}

/// Opens the database. An explicit `--db` that is missing or corrupt is an error;
/// a missing default copy is not (the advisories layer is then not measured).
pub fn open(options: &DbOptions) -> Result<AdvisoryDb> {
    let path = options.path();
    if !path.is_dir() {
        if options.explicit.is_some() {
            return Err(Error::AdvisoryDb { path, reason: "no such directory".to_owned() });
        }
        return Ok(AdvisoryDb {
            missing_reason: Some(format!(
                "no advisory database at {}; run `cargo secure fetch` or pass --db PATH",
                path.display()
            )),
            path,
            database: None,
            fetch_note: None,
            updated: None,
        });
    }
    let database = Database::open(&path).map_err(|e| Error::AdvisoryDb {
        path: path.clone(),
        reason: crate::workspace::one_line(&e.to_string()),
    })?;
    let updated = newest_advisory(&database);
    Ok(AdvisoryDb {
        path,
        database: Some(database),
        missing_reason: None,
        fetch_note: None,
        updated,
    })
}

fn newest_advisory(database: &Database) -> Option<time::Date> {
    database.iter().filter_map(|a| crate::dates::parse(a.metadata.date.as_str())).max()
}
