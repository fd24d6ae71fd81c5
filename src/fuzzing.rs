//! Entry points for the cargo-fuzz targets in `fuzz/` and the regression
//! test that replays their findings (`tests/fuzz_regressions.rs`). Each runs
//! a reader on arbitrary input; the only requirement is that it returns.

use crate::checks::posture::{ci, pinned, workflows};
use crate::repo::ci::{Ci, cargo_calls};

/// The workflow reader and every workflow check on one file's text.
#[doc(hidden)]
pub fn workflow(text: &str) {
    let ci_facts = Ci::from_workflow(".github/workflows/fuzz.yml", text);
    for command in &ci_facts.commands {
        let _ = cargo_calls(&command.text);
    }
    let _ = workflows::dangerous(&ci_facts);
    let _ = workflows::token_permissions(&ci_facts);
    let _ = pinned::check(&ci_facts);
    let _ = ci::check(&ci_facts);
}
