//! `secure.toml`, the repository's security manifest.
//!
//! Parsed in two steps, like cargo-deny's config: toml's spanned tree is read
//! by hand (`reader`, `parse`), then cross-references are checked
//! (`validate`). Every problem is reported at once as
//! `secure.toml:LINE:COL: message`.

pub mod duration;
pub mod effective;
pub mod exceptions;
pub mod extends;
pub mod floors;
pub mod known;
pub mod org;
pub mod parse;
pub mod policy;
pub mod reader;
pub mod reference;
pub mod rules;
pub mod schema;
pub mod validate;

pub use known::Vocabulary;

use crate::error::{Error, Result};
use crate::finding::{Finding, Suppression};
use crate::gate::{Criticality, GatePolicy};
use reader::Reader;
use schema::{AssetContext, Control, Exception, GateOverrides, People, Stage, Threat, ThreatModel};
use std::path::{Path, PathBuf};

/// The manifest's file name at the workspace root.
pub const FILE_NAME: &str = "secure.toml";

/// The parsed and validated manifest.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Where it was read from.
    pub path: PathBuf,
    /// The asset's criticality.
    pub criticality: Criticality,
    /// `[context]`.
    pub context: AssetContext,
    /// `[people]`.
    pub people: People,
    /// `[threat-model]`, when there is one.
    pub threat_model: Option<ThreatModel>,
    /// `[[threats]]`.
    pub threats: Vec<Threat>,
    /// `[[controls]]`.
    pub controls: Vec<Control>,
    /// `[[exceptions]]`.
    pub exceptions: Vec<Exception>,
    /// `[lifecycle]` stages that appear in the file.
    pub lifecycle: Vec<Stage>,
    /// Whether `[lifecycle]` appears at all.
    pub has_lifecycle: bool,
    /// `[gate]`.
    pub gate: GateOverrides,
    /// `[unsafe] budgets`: each listed workspace crate's most unsafe items.
    pub unsafe_budgets: std::collections::BTreeMap<String, u64>,
    /// `extends`: the organisation policies named.
    pub extends: Vec<reader::At<extends::Extend>>,
    /// The floors of the organisation policies, once `extends` is resolved.
    pub floors: Option<floors::Floors>,
    /// Values weaker than a policy's floor, in the manifest or down the chain.
    pub loosened: Vec<floors::Loosening>,
    /// Policy URLs named without a `sha256`, with where they are named.
    pub unpinned: Vec<(reader::Origin, String)>,
}

/// The largest `secure.toml` read; a real one is a few kilobytes.
const MAX_BYTES: u64 = 1024 * 1024;

impl Manifest {
    /// Reads `secure.toml` at the workspace root, if there is one; `vocabulary`
    /// is what it may name (`checks::vocabulary()`).
    pub fn load(
        root: &Path,
        vocabulary: &Vocabulary,
        fetch: &dyn extends::Fetch,
    ) -> Result<Option<Manifest>> {
        let path = root.join(FILE_NAME);
        if !path.is_file() {
            return Ok(None);
        }
        let size = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?.len();
        if size > MAX_BYTES {
            return Err(Error::Manifest(vec![format!(
                "{}: {size} bytes, over the {} KiB limit for a security manifest",
                path.display(),
                MAX_BYTES / 1024
            )]));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let mut manifest =
            Manifest::parse(&text, root, path, vocabulary).map_err(Error::Manifest)?;
        manifest.resolve(root, vocabulary, fetch)?;
        Ok(Some(manifest))
    }

    /// Reads the policies `extends` names (from the workspace at `root`) and applies their floors.
    pub fn resolve(
        &mut self,
        root: &Path,
        vocabulary: &Vocabulary,
        fetch: &dyn extends::Fetch,
    ) -> Result<()> {
        if self.extends.is_empty() {
            return Ok(());
        }
        let repository = extends::repository_root(root);
        let place = extends::Place { workspace: root, repository: &repository };
        let resolved = extends::resolve(&place, FILE_NAME, root, &self.extends, vocabulary, fetch)
            .map_err(Error::Manifest)?;
        self.extend(&resolved.files);
        self.unpinned = resolved.unpinned;
        Ok(())
    }

    /// Applies the floors of `files` (bases first), recording every loosening.
    pub fn extend(&mut self, files: &[org::PolicyFile]) {
        let (merged, mut loosened) = floors::merge(files);
        let declared = (self.criticality, self.context.criticality_pos);
        loosened.extend(floors::check(FILE_NAME, declared, &self.gate, &merged));
        let own = std::mem::take(&mut self.exceptions);
        self.exceptions = floors::exceptions(own, &merged, &mut loosened);
        self.exceptions.extend(merged.exceptions.iter().cloned());
        self.loosened = loosened;
        self.floors = Some(merged);
    }

    /// Parses and validates manifest text; `root` anchors `document` and `evidence` paths.
    /// On failure, every problem as a `secure.toml:LINE:COL: message` line.
    pub fn parse(
        text: &str,
        root: &Path,
        path: PathBuf,
        vocabulary: &Vocabulary,
    ) -> Result<Manifest, Vec<String>> {
        let mut r = Reader::naming(text, vocabulary);
        let doc = r.document();
        let sections = parse::sections(&mut r, doc.get_ref());
        let mut late = validate::problems(&sections, vocabulary);
        for (offset, rel, what) in &sections.paths {
            if !validate::stays_inside(rel) || escapes_by_link(root, rel) {
                late.push((
                    r.pos(*offset),
                    format!("{what} = \"{rel}\" leaves the repository; use a path inside it"),
                ));
            }
        }
        if !r.errors.is_empty() || !late.is_empty() {
            return Err(render_in(FILE_NAME, &r, late));
        }
        let has_lifecycle = reader::get(doc.get_ref(), "lifecycle").is_some();
        Ok(Manifest {
            path,
            criticality: sections.context.criticality,
            context: sections.context,
            people: sections.people,
            threat_model: sections.threat_model,
            threats: sections.threats,
            controls: sections.controls,
            exceptions: sections.exceptions,
            lifecycle: sections.lifecycle,
            has_lifecycle,
            gate: sections.gate,
            unsafe_budgets: sections.unsafe_budgets,
            extends: sections.extends,
            floors: None,
            loosened: Vec::new(),
            unpinned: Vec::new(),
        })
    }

    /// The gate policy this manifest asks for: the criticality's defaults, then `[gate]`.
    pub fn policy(&self) -> GatePolicy {
        let Some(floors) = &self.floors else {
            return policy::derive(self.criticality, &self.gate);
        };
        let criticality = floors.criticality(self.criticality);
        let mut gate = policy::derive(criticality, &self.gate);
        if let Some(min) =
            floors.min_criticality.as_ref().filter(|_| criticality > self.criticality)
        {
            gate.source = format!(
                "raised from {FILE_NAME} criticality = \"{}\" to the policy's min-criticality at {}",
                self.criticality, min.from
            );
        }
        floors.apply(&mut gate);
        gate
    }

    /// The manifest's section of the JSON report.
    pub fn to_json(&self, today: time::Date, policy: &GatePolicy) -> serde_json::Value {
        exceptions::manifest_json(self, today, policy)
    }

    /// The exception that accepts `finding`, if one does and has not expired.
    pub fn suppression_for(&self, finding: &Finding, today: time::Date) -> Option<Suppression> {
        self.exceptions
            .iter()
            .find(|e| exceptions::matches(e, finding) && e.expires.value >= today)
            .map(|e| Suppression {
                owner: e.owner.clone(),
                reason: e.reason.clone(),
                expires: e.expires.value.to_string(),
            })
    }
}

/// Whether an existing path resolves (through links) outside the root.
fn escapes_by_link(root: &Path, rel: &str) -> bool {
    let (Ok(root), Ok(target)) = (root.canonicalize(), root.join(rel).canonicalize()) else {
        return false;
    };
    !target.starts_with(root)
}

/// Sorts problems by position and formats them as `FILE:LINE:COL: message`.
pub(crate) fn render_in(
    file: &str,
    r: &Reader<'_>,
    late: Vec<(reader::Pos, String)>,
) -> Vec<String> {
    let mut all: Vec<(reader::Pos, String)> =
        r.errors.iter().map(|(offset, m)| (r.pos(*offset), m.clone())).chain(late).collect();
    let syntax: Vec<reader::Pos> =
        all.iter().filter(|(_, m)| m.starts_with("invalid TOML")).map(|(p, _)| *p).collect();
    all.retain(|(p, m)| m.starts_with("invalid TOML") || !syntax.contains(p));
    all.sort_by(|a, b| (a.0.line, a.0.column, &a.1).cmp(&(b.0.line, b.0.column, &b.1)));
    all.dedup();
    all.into_iter().map(|(p, m)| format!("{file}:{}:{}: {m}", p.line, p.column)).collect()
}
