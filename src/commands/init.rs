//! `cargo secure init`: writes a commented starter `secure.toml` tailored to
//! the workspace, and refuses to overwrite one without `--force`.

mod detect;
mod starter;

use crate::error::{Error, Result};
use crate::manifest::{FILE_NAME, Manifest};
use crate::session::{Outcome, Session};
use crate::workspace::Workspace;

/// Runs the command.
pub fn run(session: &Session, force: bool) -> Result<Outcome> {
    let workspace = Workspace::load(session.global.manifest_path.as_deref(), &session.cargo)?;
    let path = workspace.root.join(FILE_NAME);
    if path.exists() && !force {
        return Err(Error::Usage(format!(
            "{} already exists; cargo secure init will not overwrite it (pass --force to replace it)",
            path.display()
        )));
    }
    let found = detect::Detected::scan(&workspace);
    let text = starter::render(&found, session.today);
    if let Err(problems) =
        Manifest::parse(&text, &workspace.root, path.clone(), &crate::checks::vocabulary())
    {
        return Err(Error::Other(format!(
            "the starter manifest does not validate (a bug in cargo secure): {}",
            problems.join("; ")
        )));
    }
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    session.note(&format!(
        "wrote {}: confirm the guessed criticality ({}), the contact and the threats, then commit it",
        path.display(),
        found.criticality
    ));
    Ok(Outcome::Passed)
}
