//! `secure-policy.toml`, an organisation's security policy that repositories'
//! `secure.toml` files extend.
//!
//! Read with the same strict reader as `secure.toml` (every problem at once,
//! as `FILE:LINE:COL: message`). A policy holds floors, never defaults: what
//! it sets, a repository may tighten and never loosen (see [`super::floors`]).

use super::known::Vocabulary;
pub use super::reader::Origin;
use super::reader::{At, Reader, get};
use super::reference::{self, Extend};
use super::rules::{self, Ban, RequiredControl, Sources};
use super::schema::{CRITICALITIES, Exception, GateOverrides};
use crate::gate::Criticality;
use std::path::PathBuf;
use toml::de::DeTable;

/// The conventional file name of an organisation policy.
pub const FILE_NAME: &str = "secure-policy.toml";

/// The top-level keys of a policy file.
const TOP: &[&str] =
    &["extends", "policy", "gate", "bans", "sources", "required-controls", "exceptions"];

/// One parsed policy file.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    /// The file, canonical.
    pub path: PathBuf,
    /// The file as shown in messages and locations.
    pub shown: String,
    /// `[policy] name`.
    pub name: At<String>,
    /// `[policy] version`.
    pub version: At<String>,
    /// `extends`: the policies this one builds on.
    pub extends: Vec<At<Extend>>,
    /// `[gate] min-criticality`: the lowest criticality a repository may declare.
    pub min_criticality: Option<At<Criticality>>,
    /// `[gate]` floors (`fail-on` adds codes rather than replacing them).
    pub gate: GateOverrides,
    /// `[[bans]]`.
    pub bans: Vec<Ban>,
    /// `[sources]`.
    pub sources: Option<Sources>,
    /// `[[required-controls]]`.
    pub required_controls: Vec<RequiredControl>,
    /// `[[exceptions]]`: organisation-wide accepted risks.
    pub exceptions: Vec<Exception>,
}

impl PolicyFile {
    /// Parses policy text; `shown` names the file in every problem.
    pub fn parse(
        text: &str,
        path: PathBuf,
        shown: &str,
        vocabulary: &Vocabulary,
    ) -> Result<PolicyFile, Vec<String>> {
        let mut r = Reader::naming(text, vocabulary);
        let doc = r.document();
        let doc = doc.get_ref();
        r.only_keys(doc, TOP, FILE_NAME);
        let extends = get(doc, "extends").map(|v| reference::list(&mut r, v)).unwrap_or_default();
        let (name, version) = header(&mut r, doc);
        let (min_criticality, gate) = match get(doc, "gate") {
            Some(v) => match r.table(v, "[gate]") {
                Some(t) => gate(&mut r, t),
                None => (None, GateOverrides::default()),
            },
            None => (None, GateOverrides::default()),
        };
        let bans = get(doc, "bans").map(|v| rules::bans(&mut r, shown, v)).unwrap_or_default();
        let sources = get(doc, "sources").and_then(|v| rules::sources(&mut r, shown, v));
        let required_controls = get(doc, "required-controls")
            .map(|v| rules::required_controls(&mut r, shown, v))
            .unwrap_or_default();
        let exceptions: Vec<Exception> = match get(doc, "exceptions") {
            Some(v) => r
                .entries(v, "exceptions")
                .into_iter()
                .filter_map(|(t, at)| super::parse::exception(&mut r, t, at))
                .map(|e| Exception { file: Some(shown.to_owned()), ..e })
                .collect(),
            None => Vec::new(),
        };
        if !r.errors.is_empty() {
            return Err(super::render_in(shown, &r, Vec::new()));
        }
        match (name, version) {
            (Some(name), Some(version)) => Ok(PolicyFile {
                path,
                shown: shown.to_owned(),
                name,
                version,
                extends,
                min_criticality,
                gate,
                bans,
                sources,
                required_controls,
                exceptions,
            }),
            _ => Err(vec![format!("{shown}: [policy] needs `name` and `version`")]),
        }
    }

    /// `name version`, as reports show it.
    pub fn label(&self) -> String {
        format!("{} {}", self.name.value, self.version.value)
    }
}

/// `[policy] name` and `version`, both required.
fn header(r: &mut Reader<'_>, doc: &DeTable<'_>) -> (Option<At<String>>, Option<At<String>>) {
    let Some(v) = get(doc, "policy") else {
        r.missing(0, "[policy]", FILE_NAME);
        return (None, None);
    };
    let Some(t) = r.table(v, "[policy]") else { return (None, None) };
    r.only_keys(t, &["name", "version"], "[policy]");
    let mut field = |key: &str| {
        let found = get(t, key);
        if found.is_none() {
            r.missing(v.span().start, key, "[policy]");
        }
        found.and_then(|value| r.string(value, &format!("`{key}`")))
    };
    (field("name"), field("version"))
}

/// A policy's `[gate]`: the manifest's keys plus `min-criticality`.
fn gate(r: &mut Reader<'_>, t: &DeTable<'_>) -> (Option<At<Criticality>>, GateOverrides) {
    let mut keys = super::policy::GATE_KEYS.to_vec();
    keys.push("min-criticality");
    r.only_keys(t, &keys, "[gate]");
    let min = get(t, "min-criticality").and_then(|v| {
        let word = r.word(v, "`min-criticality`", CRITICALITIES)?;
        Some(At { value: super::schema::criticality(&word.value), pos: word.pos })
    });
    (min, super::policy::gate_values(r, t))
}
