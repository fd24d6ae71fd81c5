//! `cargo secure fetch`: update the advisory database and say what happened.
//!
//! Exit 0 when there is a usable copy afterwards (fresh, or the old one when
//! the fetch failed); exit 2 when the fetch failed and there is no copy.

use crate::db::{self, AdvisoryIndex, DbOptions};
use crate::error::{Error, Result};
use crate::session::{Outcome, Session};

/// Runs the command.
pub fn run(session: &Session) -> Result<Outcome> {
    let options = &session.db;
    if let Some(path) = &options.explicit {
        let mut opened = db::open(options)?;
        opened.date()?;
        let count = opened.database.as_ref().map_or(0, AdvisoryIndex::len);
        return report(
            session,
            &format!(
                "--db {} is used as it is and never fetched into ({count} advisories{})",
                path.display(),
                updated(&opened)
            ),
        );
    }
    if session.options.offline {
        let mut opened = db::open(&DbOptions { fetch: false, ..options.clone() })?;
        opened.date()?;
        return match opened.database {
            Some(database) => report(
                session,
                &format!(
                    "offline: not fetching; using {} ({}{})",
                    opened.path.display(),
                    crate::plural::count(database.len(), "advisory", "advisories"),
                    updated_date(opened.updated)
                ),
            ),
            None => Err(Error::Other(format!(
                "offline and no advisory database at {}",
                opened.path.display()
            ))),
        };
    }
    let mut loaded = db::load(&DbOptions { fetch: true, ..options.clone() })?;
    loaded.date()?;
    let path = loaded.path.display();
    match (&loaded.database, &loaded.fetch_note) {
        (Some(database), None) => report(
            session,
            &format!(
                "fetched the RustSec advisory database into {path} ({}{})",
                crate::plural::count(database.len(), "advisory", "advisories"),
                updated(&loaded)
            ),
        ),
        (Some(database), Some(note)) => report(
            session,
            &format!(
                "{note}; using the existing copy at {path} ({}{})",
                crate::plural::count(database.len(), "advisory", "advisories"),
                updated(&loaded)
            ),
        ),
        (None, _) => Err(Error::Other(
            loaded.missing_reason.unwrap_or_else(|| format!("no advisory database at {path}")),
        )),
    }
}

fn updated(db: &db::AdvisoryDb) -> String {
    updated_date(db.updated)
}

fn updated_date(date: Option<time::Date>) -> String {
    date.map_or_else(String::new, |d| format!(", updated {d}"))
}

fn report(session: &Session, line: &str) -> Result<Outcome> {
    if !session.global.quiet {
        crate::session::emit(&format!("{line}\n"), None)?;
    }
    Ok(Outcome::Passed)
}
