//! `cargo secure init`.

use crate::app::{Outcome, Session};
use crate::error::{Error, Result};

/// Runs the command.
pub fn run(_session: &Session, _force: bool) -> Result<Outcome> {
    Err(Error::Other("`cargo secure init` is not available yet".to_owned()))
}
