//! `cargo secure explain [CODE]`: what a finding code or layer checks, why it
//! matters and how to fix it.

use crate::app::{Outcome, Session};
use crate::checks::CHECKS;
use crate::codes;
use crate::error::{Error, Result};
use std::fmt::Write;

/// Prints the explanation of `code`, or the list of every code.
pub fn run(session: &Session, code: Option<&str>) -> Result<Outcome> {
    let text = match code {
        None => list(),
        Some(code) => explain(code)?,
    };
    session.emit(&text)?;
    Ok(Outcome::Passed)
}

/// Every code, one per line, grouped by layer.
pub fn list() -> String {
    let mut out = String::new();
    for (layer, doc) in codes::all() {
        let _ = writeln!(out, "{:<28} {:<14} {}", doc.code, layer, doc.title);
    }
    out
}

/// The explanation of one code or layer.
pub fn explain(code: &str) -> Result<String> {
    let mut out = String::new();
    if let Some(check) = CHECKS.iter().find(|c| c.id() == code) {
        let _ = writeln!(
            out,
            "{} — layer `{}` (weight {})\n",
            check.title(),
            check.id(),
            check.weight()
        );
        let _ = writeln!(out, "{}\n", check.about());
        let _ = writeln!(out, "Codes:");
        for doc in check.codes() {
            let _ = writeln!(out, "  {:<28} {}", doc.code, doc.title);
        }
        return Ok(out);
    }
    let Some((layer, doc)) = codes::find(code) else {
        return Err(Error::Usage(format!(
            "no explanation for `{code}`; `cargo secure explain` lists every code"
        )));
    };
    let _ = writeln!(out, "{} — {}", doc.code, doc.title);
    let _ = writeln!(out, "layer: {layer} · principle: {}\n", doc.principle.as_str());
    let _ = writeln!(out, "What it checks\n  {}\n", doc.checks);
    let _ = writeln!(out, "Why it matters\n  {}\n", doc.why);
    let _ = writeln!(out, "How to fix\n  {}", doc.fix);
    Ok(out)
}
