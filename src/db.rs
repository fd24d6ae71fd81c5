//! Locating, fetching and opening the RustSec advisory database.
//!
//! `--db PATH` is used as it is and never fetched into; otherwise
//! `CARGO_SECURE_DB`, else `~/.cargo/advisory-db` (cargo-audit's location).
//! A failed fetch is not fatal: the existing copy, if any, is used and the
//! reason kept, so the advisories layer can say so.

mod git;
mod index;

use crate::error::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use git::FETCH_TIMEOUT;
pub use index::AdvisoryIndex;

/// Where the database comes from and whether it may be fetched.
#[derive(Debug, Clone, Default)]
pub struct DbOptions {
    /// `--db PATH`: used as it is, never fetched into.
    pub explicit: Option<PathBuf>,
    /// Whether to fetch updates before opening (online runs without `--db`).
    pub fetch: bool,
    /// Where to fetch from: `--db-url`, else RustSec's repository.
    pub url: Option<String>,
}

/// The advisory database for a run, or why there is none.
#[derive(Debug)]
pub struct AdvisoryDb {
    /// The directory.
    pub path: PathBuf,
    /// The opened database; `None` when there is no copy at all.
    pub database: Option<AdvisoryIndex>,
    /// Why there is no database, when there is none.
    pub missing_reason: Option<String>,
    /// What happened to a fetch, when one was attempted (e.g. why it failed).
    pub fetch_note: Option<String>,
    /// When the database was last updated (its last commit, else its newest advisory).
    pub updated: Option<time::Date>,
    /// Whether a fetch succeeded during this run.
    pub fetched: bool,
    /// Whether the directory was named with `--db` (a corrupt one is then an error).
    pub explicit: bool,
}

/// How many of the most recent advisory ids are parsed to date a database
/// that has no git history (a snapshot passed with `--db`).
const NEWEST_FOR_DATE: usize = 32;

/// The `db` detail of the advisories layer.
#[derive(Debug, Clone, Serialize)]
pub struct DbInfo {
    /// The directory.
    pub path: String,
    /// Last update (YYYY-MM-DD), when known.
    pub updated: Option<String>,
    /// Days from `updated` to today, when known.
    pub age_days: Option<i64>,
    /// Whether a fetch succeeded during this run.
    pub fetched: bool,
    /// Why a fetch failed, or why none was attempted when one was expected.
    pub fetch_note: Option<String>,
}

impl DbOptions {
    /// The directory the options point at.
    pub fn path(&self) -> PathBuf {
        if let Some(path) = &self.explicit {
            return path.clone();
        }
        // Empty is unset, as cargo treats its own variables.
        if let Some(path) = std::env::var_os("CARGO_SECURE_DB").filter(|p| !p.is_empty()) {
            return PathBuf::from(path);
        }
        home::cargo_home()
            .map(|home| home.join("advisory-db"))
            .unwrap_or_else(|_| PathBuf::from(".cargo/advisory-db"))
    }
}

impl AdvisoryDb {
    /// Parses the advisories of the crates named in `packages` (the lockfile's),
    /// and, when the database has no git history to date it, its most recent ids.
    pub fn parse_for<'a>(&mut self, packages: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let newest = if self.updated.is_none() { NEWEST_FOR_DATE } else { 0 };
        self.parse(|index| index.parse_for(packages, newest))
    }

    /// Parses just enough to date the database (its newest advisories, when
    /// it has no git history).
    pub fn date(&mut self) -> Result<()> {
        self.parse_for([])
    }

    /// Parses every advisory (to look one up by alias, say).
    pub fn parse_all(&mut self) -> Result<()> {
        self.parse(AdvisoryIndex::parse_all)
    }

    /// Runs a parse; a bad file is an error for `--db`, and makes the default
    /// copy count as missing (the advisories layer is then not measured).
    fn parse(
        &mut self,
        parse: impl FnOnce(&mut AdvisoryIndex) -> Result<(), String>,
    ) -> Result<()> {
        let Some(index) = &mut self.database else { return Ok(()) };
        if let Err(reason) = parse(index) {
            return self.unreadable(reason);
        }
        if self.updated.is_none() {
            self.updated = newest_advisory(index);
        }
        Ok(())
    }

    fn unreadable(&mut self, reason: String) -> Result<()> {
        if self.explicit {
            return Err(Error::AdvisoryDb {
                path: self.path.clone(),
                reason: format!("not a RustSec advisory database ({reason})"),
            });
        }
        self.missing_reason = Some(format!(
            "the advisory database at {} is unreadable: {reason}",
            self.path.display()
        ));
        self.database = None;
        Ok(())
    }

    /// Days from the last update to `today`.
    pub fn age_days(&self, today: time::Date) -> Option<i64> {
        self.updated.map(|updated| crate::dates::days_between(updated, today))
    }

    /// The facts shown in the layer's `db` detail.
    pub fn info(&self, today: time::Date) -> DbInfo {
        DbInfo {
            path: self.path.display().to_string(),
            updated: self.updated.map(|d| d.to_string()),
            age_days: self.age_days(today),
            fetched: self.fetched,
            fetch_note: self.fetch_note.clone(),
        }
    }
}

/// Fetches the database when the options ask for it, then opens it.
pub fn load(options: &DbOptions) -> Result<AdvisoryDb> {
    load_with_timeout(options, FETCH_TIMEOUT)
}

/// [`load`] with a bound on how long the fetch may take.
pub fn load_with_timeout(options: &DbOptions, timeout: Duration) -> Result<AdvisoryDb> {
    let mut fetch_note = None;
    let mut fetched = false;
    if options.fetch && options.explicit.is_none() {
        let url = options.url.as_deref().unwrap_or(git::DEFAULT_URL);
        match git::fetch(url, &options.path(), timeout) {
            Ok(()) => fetched = true,
            Err(reason) => fetch_note = Some(reason),
        }
    }
    let mut db = open(options)?;
    db.fetched = fetched;
    if let (Some(reason), Some(note)) = (&mut db.missing_reason, &fetch_note) {
        *reason = format!("{reason} (fetching it failed: {note})");
    }
    db.fetch_note = fetch_note;
    Ok(db)
}

/// Opens (lists) the database; its advisories are parsed by
/// [`AdvisoryDb::parse_for`] or [`AdvisoryDb::parse_all`]. An explicit `--db`
/// that is missing or corrupt is an error; a missing or unreadable default copy
/// is not (the advisories layer is then not measured).
pub fn open(options: &DbOptions) -> Result<AdvisoryDb> {
    let path = options.path();
    let explicit = options.explicit.is_some();
    let mut db = AdvisoryDb {
        path,
        database: None,
        missing_reason: None,
        fetch_note: None,
        updated: None,
        fetched: false,
        explicit,
    };
    if !db.path.is_dir() {
        if explicit {
            return Err(Error::AdvisoryDb {
                path: db.path,
                reason: "no such directory".to_owned(),
            });
        }
        db.missing_reason = Some(format!(
            "no advisory database at {}; run `cargo secure fetch` or pass --db PATH",
            db.path.display()
        ));
        return Ok(db);
    }
    match AdvisoryIndex::open(&db.path) {
        Ok(database) => {
            db.updated = git::last_commit(&db.path);
            db.database = Some(database);
        }
        Err(reason) => db.unreadable(reason)?,
    }
    Ok(db)
}

/// Opens the database and parses every advisory.
pub fn opened_in_full(options: &DbOptions) -> Result<AdvisoryDb> {
    let mut db = open(options)?;
    db.parse_all()?;
    Ok(db)
}

/// Whether `path` holds a copy of the database (without parsing it).
pub fn exists(path: &Path) -> bool {
    path.join("crates").is_dir()
}

fn newest_advisory(database: &AdvisoryIndex) -> Option<time::Date> {
    database.iter().filter_map(|a| crate::dates::parse(a.metadata.date.as_str())).max()
}
