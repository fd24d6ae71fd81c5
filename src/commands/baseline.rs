//! `cargo secure baseline`: records the workspace crates' unsafe counts in
//! `secure-baseline.toml` at the workspace root (the unsafe-code ratchet).
//! Only the members are scanned; dependencies do not enter the baseline.

use crate::checks::unsafe_code::baseline::{Baseline, FILE};
use crate::checks::unsafe_code::report;
use crate::error::{Error, Result};
use crate::facts::unsafe_scan::ahead::Ahead;
use crate::facts::unsafe_scan::scan;
use crate::progress::Progress;
use crate::session::{Outcome, Session};
use crate::workspace::Workspace;

/// Runs the command.
pub fn run(session: &Session) -> Result<Outcome> {
    let workspace = Workspace::load(session.global.manifest_path.as_deref(), &session.cargo)?;
    let (units, _) = scan::units(&workspace);
    let members: Vec<scan::Unit> = units.into_iter().filter(|u| u.member).collect();
    let progress = Progress::new(session.global.quiet);
    let nothing_ahead = Ahead::default();
    let (scanned, _) =
        scan::scan_all(&workspace, &session.options, &progress, members, &nothing_ahead);
    let unreadable: Vec<String> = scanned
        .iter()
        .flat_map(|s| s.scan.problems.iter().map(|p| format!("{} {}", p.path, p.reason)))
        .collect();
    if !unreadable.is_empty() {
        return Err(Error::Other(format!(
            "cannot record a baseline while files cannot be counted: {}",
            unreadable.join("; ")
        )));
    }
    let crates = report::member_unsafe(&workspace.root, &scanned);
    let baseline = Baseline::record(&crates);
    let text = baseline.to_toml().map_err(Error::Other)?;
    let path = workspace.root.join(FILE);
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    let total: u64 = crates.iter().map(|c| c.counts.total()).sum();
    session.note(&format!(
        "wrote {} ({} workspace crate{}, {total} unsafe item{})",
        path.display(),
        crates.len(),
        if crates.len() == 1 { "" } else { "s" },
        if total == 1 { "" } else { "s" }
    ));
    Ok(Outcome::Passed)
}
