//! `cargo secure baseline`.

use crate::app::{Outcome, Session};
use crate::error::{Error, Result};

/// Runs the command.
pub fn run(_session: &Session) -> Result<Outcome> {
    Err(Error::Other("`cargo secure baseline` is not available yet".to_owned()))
}
