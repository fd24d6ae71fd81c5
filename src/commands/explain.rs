//! `cargo secure explain [CODE]`: what a finding code or layer checks, why it
//! matters and how to fix it.

use crate::checks::CHECKS;
use crate::db::AdvisoryDb;
use crate::error::{Error, Result};
use crate::session::{Outcome, Session};
use std::fmt::Write;

/// Prints the explanation of `code`, or the list of every code.
pub fn run(session: &Session, code: Option<&str>) -> Result<Outcome> {
    let text = match code {
        None => list(),
        Some(code) if is_advisory_id(code) => {
            advisory(&crate::db::opened_in_full(&session.db)?, code)?
        }
        Some(code) => explain(code)?,
    };
    session.emit(&text)?;
    Ok(Outcome::Passed)
}

/// Whether `code` names an advisory (a RUSTSEC id or one of its CVE/GHSA aliases).
pub fn is_advisory_id(code: &str) -> bool {
    ["RUSTSEC-", "CVE-", "GHSA-"].iter().any(|prefix| code.starts_with(prefix))
}

/// The advisory `id` from the database: title, description, versions, aliases, URL.
pub fn advisory(db: &AdvisoryDb, id: &str) -> Result<String> {
    let Some(database) = &db.database else {
        return Err(Error::Usage(format!(
            "cannot explain {id}: {}",
            db.missing_reason.as_deref().unwrap_or("no advisory database")
        )));
    };
    let found = database.iter().find(|a| {
        a.metadata.id.as_str() == id || a.metadata.aliases.iter().any(|alias| alias.as_str() == id)
    });
    let Some(advisory) = found else {
        return Err(Error::Usage(format!(
            "{id} is not in the advisory database at {}; run `cargo secure fetch` to update it",
            db.path.display()
        )));
    };
    let meta = &advisory.metadata;
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", meta.id, meta.title);
    let kind = meta
        .informational
        .as_ref()
        .map_or_else(|| "vulnerability".to_owned(), |i| i.as_str().to_owned());
    let _ = writeln!(out, "crate: {} · kind: {kind} · date: {}", meta.package, meta.date.as_str());
    if let Some(cvss) = &meta.cvss {
        let _ = writeln!(out, "CVSS: {:.1} {} ({cvss})", cvss.score(), cvss.severity());
    }
    if let Some(withdrawn) = &meta.withdrawn {
        let _ = writeln!(out, "withdrawn: {}", withdrawn.as_str());
    }
    let _ = writeln!(out, "\n{}\n", meta.description.trim());
    let list = |reqs: &[rustsec::VersionReq]| {
        if reqs.is_empty() {
            "none".to_owned()
        } else {
            reqs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        }
    };
    let _ = writeln!(out, "Patched versions: {}", list(advisory.versions.patched()));
    let _ = writeln!(out, "Unaffected versions: {}", list(advisory.versions.unaffected()));
    let affected =
        advisory.versions.patched().is_empty() && advisory.versions.unaffected().is_empty();
    let _ = writeln!(
        out,
        "Affected versions: {}",
        if affected {
            "all".to_owned()
        } else {
            "every version that is neither patched nor unaffected".to_owned()
        }
    );
    if let Some(functions) =
        advisory.affected.as_ref().map(|a| &a.functions).filter(|f| !f.is_empty())
    {
        let names: Vec<String> = functions.keys().map(ToString::to_string).collect();
        let _ = writeln!(out, "Affected functions: {}", names.join(", "));
    }
    if !meta.aliases.is_empty() {
        let aliases: Vec<&str> = meta.aliases.iter().map(|a| a.as_str()).collect();
        let _ = writeln!(out, "Aliases: {}", aliases.join(", "));
    }
    let url = meta.url.as_ref().map_or_else(
        || format!("https://rustsec.org/advisories/{}.html", meta.id),
        ToString::to_string,
    );
    let _ = writeln!(out, "URL: {url}");
    Ok(out)
}

/// Every code, one per line, grouped by layer.
pub fn list() -> String {
    let mut out = String::new();
    for (layer, doc) in crate::checks::codes() {
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
    let Some((layer, doc)) = crate::checks::find_code(code) else {
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
