//! `cargo secure init`: writes a commented starter `secure.toml` tailored to
//! the workspace, and refuses to overwrite one without `--force`.

mod detect;
mod starter;

use crate::error::{Error, Result};
use crate::manifest::extends::Fetch;
use crate::manifest::{FILE_NAME, Manifest};
use crate::session::{Outcome, Session};
use crate::workspace::Workspace;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The TOML of the `extends` item for a policy named on the command line: a
/// URL pinned to the SHA-256 of what it serves now, or a path (given relative
/// to the current directory) written relative to the workspace inside the
/// repository, absolute outside it.
fn extends_item(root: &Path, given: &str, fetcher: &dyn Fetch) -> Result<String> {
    let quoted = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    if given.starts_with("https://") || given.starts_with("http://") {
        let text =
            fetcher.fetch(given, None).map_err(|e| Error::Usage(format!("--extends {e}")))?;
        let sha256: String =
            Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        return Ok(format!("{{ url = {}, sha256 = \"{sha256}\" }}", quoted(given)));
    }
    let path = Path::new(given)
        .canonicalize()
        .map_err(|e| Error::Usage(format!("--extends {given}: {e}")))?;
    let repository = crate::manifest::extends::repository_root(root);
    let place = crate::manifest::extends::Place { workspace: root, repository: &repository };
    Ok(quoted(&crate::manifest::extends::shown(&place, &path)))
}

/// Runs the command; `extends` names the organisation policy the manifest extends.
pub fn run(session: &Session, force: bool, extends: Option<&str>) -> Result<Outcome> {
    let workspace = Workspace::load(session.global.manifest_path.as_deref(), &session.cargo)?;
    let path = workspace.root.join(FILE_NAME);
    if path.exists() && !force {
        return Err(Error::Usage(format!(
            "{} already exists; cargo secure init will not overwrite it (pass --force to replace it)",
            path.display()
        )));
    }
    let mut found = detect::Detected::scan(&workspace);
    let fetcher = crate::facts::policy_url::PolicyFetcher::new(session);
    let extends =
        extends.map(|given| extends_item(&workspace.root, given, &fetcher)).transpose()?;
    let vocabulary = crate::checks::vocabulary();
    let mut text = starter::render(&found, session.today, extends.as_deref());
    let mut manifest = match Manifest::parse(&text, &workspace.root, path.clone(), &vocabulary) {
        Ok(manifest) => manifest,
        Err(problems) => {
            return Err(Error::Other(format!(
                "the starter manifest does not validate (a bug in cargo secure): {}",
                problems.join("; ")
            )));
        }
    };
    manifest.resolve(&workspace.root, &vocabulary, &fetcher)?;
    // Start at the policy's floor rather than with a loosening.
    if let Some(min) = manifest.floors.as_ref().and_then(|f| f.min_criticality.as_ref())
        && min.value > found.criticality
    {
        found.criticality = min.value;
        found.criticality_why =
            format!("the organisation policy's min-criticality at {}", min.from);
        text = starter::render(&found, session.today, extends.as_deref());
    }
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    session.note(&format!(
        "wrote {}: confirm the guessed criticality ({}), the contact and the threats, then commit it",
        path.display(),
        found.criticality
    ));
    Ok(Outcome::Passed)
}
