//! The rules of an organisation policy beyond its `[gate]` floors:
//! `[[bans]]`, `[sources]` and `[[required-controls]]`, read strictly with
//! their positions so findings can point at the policy's line.

use super::reader::{Origin, Reader, Value, get};
use super::schema::CRITICALITIES;
use crate::gate::Criticality;
use toml::de::{DeTable, DeValue};

/// One `[[bans]]` entry: a crate the organisation does not allow.
#[derive(Debug, Clone)]
pub struct Ban {
    /// The crate name.
    pub name: String,
    /// Only these versions (a semver requirement); every version when absent.
    pub versions: Option<rustsec::VersionReq>,
    /// Why, shown to the developer who meets it.
    pub reason: String,
    /// What to use instead.
    pub use_instead: Option<String>,
    /// Whether a repository's `[[exceptions]]` may accept it (`allow-exceptions = true`).
    pub allow_exceptions: bool,
    /// Where the entry is written.
    pub from: Origin,
}

impl Ban {
    /// Whether the ban names this release.
    pub fn covers(&self, name: &str, version: &rustsec::Version) -> bool {
        self.name == name && self.versions.as_ref().is_none_or(|req| req.matches(version))
    }
}

/// `[sources]`: where dependencies may come from.
#[derive(Debug, Clone)]
pub struct Sources {
    /// Allowed registries: `crates-io` or index URLs. crates.io alone when absent.
    pub registries: Vec<String>,
    /// Allowed git hosts or host/organisation prefixes (`github.com/acme`).
    pub git: Vec<String>,
    /// Where `[sources]` is written.
    pub from: Origin,
}

impl Sources {
    /// Whether a registry (`None` for crates.io, else its URL) is allowed.
    pub fn allows_registry(&self, url: Option<&str>) -> bool {
        match url {
            None => self.registries.iter().any(|r| r == "crates-io"),
            Some(url) => {
                let url = trim_registry(url);
                self.registries.iter().any(|r| trim_registry(r) == url)
            }
        }
    }

    /// Whether a git repository URL is under an allowed host or organisation.
    pub fn allows_git(&self, url: &str) -> bool {
        let repo = trim_git(url);
        self.git.iter().any(|allowed| {
            let allowed = trim_git(allowed);
            repo == allowed || repo.starts_with(&format!("{allowed}/"))
        })
    }
}

/// An index URL without its `sparse+`/`registry+` prefix and trailing `/`.
fn trim_registry(url: &str) -> &str {
    let url = url.strip_prefix("sparse+").or_else(|| url.strip_prefix("registry+")).unwrap_or(url);
    url.trim_end_matches('/')
}

/// `host/path` of a git URL, lowercase, without scheme, user, query, `.git` or `/`.
fn trim_git(url: &str) -> String {
    let url = url.strip_prefix("git+").unwrap_or(url);
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split_once('@').map_or(rest, |(_, host)| host);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest).replacen(':', "/", 1);
    let rest = rest.trim_end_matches('/');
    rest.strip_suffix(".git").unwrap_or(rest).to_lowercase()
}

/// One `[[required-controls]]` entry.
#[derive(Debug, Clone)]
pub struct RequiredControl {
    /// The control id, or the check id a control must `verify`.
    pub id: String,
    /// Required at this criticality and above.
    pub criticality: Criticality,
    /// What it is, for the message.
    pub title: Option<String>,
    /// Where the entry is written.
    pub from: Origin,
}

/// Reads `[[bans]]` entries.
pub fn bans(r: &mut Reader<'_>, file: &str, v: &Value<'_>) -> Vec<Ban> {
    const KEYS: &[&str] = &["crate", "versions", "reason", "use-instead", "allow-exceptions"];
    let mut out = Vec::new();
    for (t, at) in r.entries(v, "bans") {
        r.only_keys(t, KEYS, "[[bans]]");
        let name = required(r, t, "crate", at, "[[bans]] entry");
        let reason = required(r, t, "reason", at, "[[bans]] entry");
        let versions = get(t, "versions").and_then(|v| {
            let text = r.string(v, "`versions`")?;
            match rustsec::VersionReq::parse(&text.value) {
                Ok(req) => Some(req),
                Err(e) => {
                    r.error(
                        v.span().start,
                        format!("`versions` = \"{}\" is not a semver requirement: {e}", text.value),
                    );
                    None
                }
            }
        });
        let use_instead =
            get(t, "use-instead").and_then(|v| r.string(v, "`use-instead`")).map(|s| s.value);
        let allow_exceptions = get(t, "allow-exceptions").is_some_and(|v| boolean(r, v));
        if let (Some(name), Some(reason)) = (name, reason) {
            let from = Origin::new(file, r.pos(at));
            out.push(Ban { name, versions, reason, use_instead, allow_exceptions, from });
        }
    }
    out
}

/// Reads `[sources]`.
pub fn sources(r: &mut Reader<'_>, file: &str, v: &Value<'_>) -> Option<Sources> {
    let t = r.table(v, "[sources]")?;
    r.only_keys(t, &["registries", "git"], "[sources]");
    let list = |r: &mut Reader<'_>, key: &str| -> Vec<String> {
        get(t, key)
            .map(|v| r.strings(v, &format!("`{key}`")).into_iter().map(|s| s.value).collect())
            .unwrap_or_default()
    };
    let mut registries = list(r, "registries");
    if get(t, "registries").is_none() {
        registries.push("crates-io".to_owned());
    }
    let git = list(r, "git");
    Some(Sources { registries, git, from: Origin::new(file, r.pos(v.span().start)) })
}

/// Reads `[[required-controls]]` entries.
pub fn required_controls(r: &mut Reader<'_>, file: &str, v: &Value<'_>) -> Vec<RequiredControl> {
    let mut out = Vec::new();
    for (t, at) in r.entries(v, "required-controls") {
        r.only_keys(t, &["id", "criticality", "title"], "[[required-controls]]");
        let id = required(r, t, "id", at, "[[required-controls]] entry");
        let criticality = get(t, "criticality")
            .and_then(|v| r.word(v, "`criticality`", CRITICALITIES))
            .map_or(Criticality::Low, |w| super::schema::criticality(&w.value));
        let title = get(t, "title").and_then(|v| r.string(v, "`title`")).map(|s| s.value);
        if let Some(id) = id {
            let from = Origin::new(file, r.pos(at));
            out.push(RequiredControl { id, criticality, title, from });
        }
    }
    out
}

/// A required string key, or a `missing` problem.
fn required(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    key: &str,
    at: usize,
    what: &str,
) -> Option<String> {
    match get(t, key) {
        Some(v) => r.string(v, &format!("`{key}`")).map(|s| s.value),
        None => {
            r.missing(at, key, what);
            None
        }
    }
}

fn boolean(r: &mut Reader<'_>, v: &Value<'_>) -> bool {
    match v.get_ref() {
        DeValue::Boolean(b) => *b,
        other => {
            let found = super::reader::kind(other);
            r.error(
                v.span().start,
                format!("`allow-exceptions` must be true or false, found {found}"),
            );
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Origin, Sources};

    #[test]
    fn git_sources_match_by_host_and_organisation() {
        let from = Origin { file: "p".into(), line: 1, column: 1 };
        let s = Sources {
            registries: vec!["crates-io".into()],
            git: vec!["github.com/acme".into(), "gitlab.example.org".into()],
            from,
        };
        assert!(s.allows_git("https://github.com/acme/tool"));
        assert!(s.allows_git("https://github.com/Acme/tool.git"));
        assert!(s.allows_git("ssh://git@gitlab.example.org/x/y"));
        assert!(s.allows_git("git@github.com:acme/tool.git"));
        assert!(!s.allows_git("https://github.com/acme-evil/tool"));
        assert!(!s.allows_git("https://github.com/other/tool"));
        assert!(s.allows_registry(None));
        assert!(!s.allows_registry(Some("sparse+https://other.example/index/")));
    }
}
