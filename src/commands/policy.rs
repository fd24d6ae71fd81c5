//! `cargo secure policy`: the effective security policy of the workspace,
//! every value with the file and line that sets it (secure.toml, the
//! organisation policies it extends, or the criticality's defaults).

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::facts::policy_url::PolicyFetcher;
use crate::manifest::Manifest;
use crate::manifest::effective::Effective;
use crate::render::policy;
use crate::session::{Outcome, Session};
use crate::workspace::Workspace;

/// Prints the effective policy as human text, JSON or Markdown.
pub fn run(session: &Session) -> Result<Outcome> {
    let workspace = Workspace::load(session.global.manifest_path.as_deref(), &session.cargo)?;
    let fetcher = PolicyFetcher::new(session);
    let manifest = Manifest::load(&workspace.root, &crate::checks::vocabulary(), &fetcher)?;
    let gate = session.policy(manifest.as_ref())?;
    let effective = Effective::of(manifest.as_ref(), &gate);
    let text = match session.scan.format {
        Format::Human => policy::human(&effective),
        Format::Json => policy::json(&effective),
        Format::Markdown => policy::markdown(&effective),
        other => {
            return Err(Error::Usage(format!(
                "cargo secure policy prints human, json or markdown, not {}",
                format!("{other:?}").to_lowercase()
            )));
        }
    };
    session.emit(&text)?;
    Ok(Outcome::Passed)
}
