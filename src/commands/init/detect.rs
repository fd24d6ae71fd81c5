//! What `init` can see for itself: CI, fuzz targets, `forbid(unsafe_code)`,
//! dependency update bots, SECURITY.md and its contact.

use crate::checks::manifest::contact;
use crate::gate::Criticality;
use crate::workspace::Workspace;
use std::path::Path;

/// Words in crate names that suggest a high-stakes asset.
const SENSITIVE: &[&str] = &[
    "crypt", "auth", "tls", "ssl", "password", "secret", "payment", "wallet", "token", "signing",
    "vault",
];

/// The facts the starter manifest is tailored to.
#[derive(Debug, Clone)]
pub struct Detected {
    /// Member crate names.
    pub crates: Vec<String>,
    /// Names of the publishable members.
    pub publishable: Vec<String>,
    /// The guessed criticality.
    pub criticality: Criticality,
    /// Why it was guessed so.
    pub criticality_why: String,
    /// The contact SECURITY.md names, if any.
    pub contact: Option<String>,
    /// Whether a SECURITY.md exists.
    pub security_md: bool,
    /// CI configuration found, if any.
    pub ci: Option<String>,
    /// Whether a CI workflow runs cargo secure.
    pub ci_runs_cargo_secure: bool,
    /// Whether fuzz targets exist.
    pub fuzzing: bool,
    /// Whether every member forbids unsafe code.
    pub forbids_unsafe: bool,
    /// Dependabot or Renovate configuration found, if any.
    pub update_bot: Option<String>,
}

impl Detected {
    /// Looks at the workspace without running anything.
    pub fn scan(ws: &Workspace) -> Self {
        let root = &ws.root;
        let crates: Vec<String> = ws.members.iter().map(|m| m.name.clone()).collect();
        let sensitive =
            crates.iter().find(|c| SENSITIVE.iter().any(|w| c.to_lowercase().contains(w)));
        let (criticality, criticality_why) = match sensitive {
            Some(name) => {
                (Criticality::High, format!("the crate name `{name}` suggests sensitive duties"))
            }
            None => (Criticality::Medium, "the default; nothing suggested otherwise".to_owned()),
        };
        let policy = contact::security_md(root);
        let workflows = read_dir_texts(&root.join(".github/workflows"));
        let ci = if !workflows.is_empty() {
            Some(".github/workflows".to_owned())
        } else {
            [".gitlab-ci.yml", ".circleci/config.yml", "azure-pipelines.yml", ".woodpecker.yml"]
                .iter()
                .find(|p| root.join(p).is_file())
                .map(|p| (*p).to_owned())
        };
        let ci_runs_cargo_secure =
            workflows.iter().any(|t| t.contains("cargo secure") || t.contains("cargo-secure"));
        let root_manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
        let forbids_unsafe = !ws.members.is_empty()
            && ws
                .members
                .iter()
                .all(|m| forbids(m, root_manifest.contains("unsafe_code = \"forbid\"")));
        let fuzzing = root.join("fuzz/fuzz_targets").is_dir()
            || ws.members.iter().any(|m| {
                m.targets
                    .iter()
                    .any(|t| t.src_path.components().any(|c| c.as_os_str() == "fuzz_targets"))
            });
        let update_bot = [
            ".github/dependabot.yml",
            ".github/dependabot.yaml",
            "renovate.json",
            ".github/renovate.json",
        ]
        .iter()
        .find(|p| root.join(p).is_file())
        .map(|p| (*p).to_owned());
        Detected {
            publishable: ws
                .members
                .iter()
                .filter(|m| m.publishable)
                .map(|m| m.name.clone())
                .collect(),
            crates,
            criticality,
            criticality_why,
            contact: policy
                .as_ref()
                .and_then(|(_, text)| contact::contacts_in(text).into_iter().next()),
            security_md: policy.is_some(),
            ci,
            ci_runs_cargo_secure,
            fuzzing,
            forbids_unsafe,
            update_bot,
        }
    }
}

/// Whether a member forbids unsafe code, by `[lints]` or by attribute in every target root.
fn forbids(member: &crate::workspace::Member, workspace_forbids: bool) -> bool {
    let manifest = std::fs::read_to_string(&member.manifest_path).unwrap_or_default();
    let by_lints = manifest.contains("unsafe_code = \"forbid\"")
        || (workspace_forbids
            && manifest.contains("[lints]")
            && manifest.contains("workspace = true"));
    by_lints
        || member.targets.iter().filter(|t| !t.is_test_like() && !t.is_build_script()).all(|t| {
            std::fs::read_to_string(&t.src_path)
                .is_ok_and(|s| s.contains("#![forbid(unsafe_code)]"))
        })
}

fn read_dir_texts(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}
