//! The ratchet: `secure-baseline.toml` at the workspace root records each
//! workspace crate's unsafe counts and where its unsafe items were; a later run
//! reports every crate whose total grew (`unsafe-baseline-exceeded`) and the
//! per-crate budgets a security manifest may declare (`unsafe-budget-exceeded`).

use crate::checks::unsafe_code::{UNSAFE_BASELINE_EXCEEDED, UNSAFE_BUDGET_EXCEEDED};
use crate::codes::CodeDoc;
use crate::facts::unsafe_scan::model::{Counts, Site};
use crate::finding::{Finding, Location, Severity};
use crate::plural::count;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The baseline's file name, at the workspace root.
pub const FILE: &str = "secure-baseline.toml";

/// A workspace crate's unsafe code as the layer measured it.
#[derive(Debug, Clone)]
pub struct CrateUnsafe {
    /// Crate name.
    pub name: String,
    /// Crate version.
    pub version: String,
    /// Its counts.
    pub counts: Counts,
    /// Its unsafe items, as (path relative to the workspace root, site), sorted.
    pub sites: Vec<(String, Site)>,
}

/// The contents of `secure-baseline.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// Per workspace crate.
    #[serde(default)]
    pub crates: BTreeMap<String, CrateBaseline>,
}

/// One crate's recorded unsafe code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateBaseline {
    /// Its counts when the baseline was written.
    pub counts: Counts,
    /// `path:line` of each unsafe item then, to tell which items are new.
    #[serde(default)]
    pub sites: Vec<String>,
}

impl Baseline {
    /// Records the given crates.
    pub fn record(crates: &[CrateUnsafe]) -> Self {
        let crates = crates
            .iter()
            .map(|c| {
                let sites = c.sites.iter().map(|(path, s)| format!("{path}:{}", s.line)).collect();
                (c.name.clone(), CrateBaseline { counts: c.counts, sites })
            })
            .collect();
        Baseline { version: 1, crates }
    }

    /// The file's text.
    pub fn to_toml(&self) -> Result<String, String> {
        let body = toml::to_string(self).map_err(|e| e.to_string())?;
        Ok(format!(
            "# Unsafe-code baseline written by `cargo secure baseline`; commit it.\n\
             # `cargo secure` fails when a workspace crate's unsafe count grows beyond it.\n\
             # Run `cargo secure baseline` again to accept new unsafe code.\n\n{body}"
        ))
    }

    /// Reads the baseline at the workspace root: `Ok(None)` when there is none.
    pub fn load(root: &Path) -> Result<Option<Baseline>, String> {
        let path = root.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{FILE}: {e}")),
        };
        let baseline: Baseline = toml::from_str(&text).map_err(|e| {
            let (line, col) = e.span().map_or((1, 1), |span| line_col(&text, span.start));
            format!("{FILE}:{line}:{col}: {}", e.message())
        })?;
        if baseline.version != 1 {
            return Err(format!("{FILE}: unsupported version {}", baseline.version));
        }
        Ok(Some(baseline))
    }

    /// One `unsafe-baseline-exceeded` finding per crate whose total grew.
    pub fn exceeded(&self, crates: &[CrateUnsafe]) -> Vec<Finding> {
        crates
            .iter()
            .filter_map(|c| {
                let recorded = self.crates.get(&c.name);
                let before = recorded.map(|r| r.counts).unwrap_or_default();
                let known: BTreeSet<&str> = recorded
                    .map(|r| r.sites.iter().map(String::as_str).collect())
                    .unwrap_or_default();
                grew(c, &before, &known, &UNSAFE_BASELINE_EXCEEDED, FILE)
            })
            .collect()
    }
}

/// Per-crate budgets (`[unsafe] budgets` in the security manifest): one
/// `unsafe-budget-exceeded` finding per crate whose total unsafe count is
/// above its budget. Crates without a budget are not checked.
pub fn over_budget(crates: &[CrateUnsafe], budgets: &BTreeMap<String, u64>) -> Vec<Finding> {
    crates
        .iter()
        .filter_map(|c| {
            let budget = *budgets.get(&c.name)?;
            (c.counts.total() > budget).then(|| {
                let first = c.sites.first();
                let mut finding = Finding::new(
                    &UNSAFE_BUDGET_EXCEEDED,
                    Severity::Error,
                    format!(
                        "{} has {}, over its budget of {budget} (+{})",
                        c.name,
                        count(c.counts.total(), "unsafe item", "unsafe items"),
                        c.counts.total() - budget
                    ),
                )
                .package(&c.name, &c.version)
                .fix("remove unsafe code or raise the budget in secure.toml with a reason");
                if let Some((path, site)) = first {
                    finding = finding.at(Location::at(path.clone(), site.line, site.column));
                }
                finding
            })
        })
        .collect()
}

fn grew(
    c: &CrateUnsafe,
    before: &Counts,
    known: &BTreeSet<&str>,
    code: &'static CodeDoc,
    file: &str,
) -> Option<Finding> {
    let (now, was) = (c.counts.total(), before.total());
    if now <= was {
        return None;
    }
    let kinds: Vec<String> =
        c.counts.growth(before).iter().map(|(kind, n)| format!("{kind} +{n}")).collect();
    let new: Vec<&(String, Site)> = c
        .sites
        .iter()
        .filter(|(path, site)| !known.contains(format!("{path}:{}", site.line).as_str()))
        .collect();
    let shown: Vec<String> = new
        .iter()
        .take(5)
        .map(|(path, s)| format!("{} at {path}:{}:{}", s.kind.describe(), s.line, s.column))
        .collect();
    let mut message = format!(
        "{} has {}, {} more than {file} allows ({was}): {}",
        c.name,
        count(now, "unsafe item", "unsafe items"),
        now - was,
        kinds.join(", ")
    );
    if !shown.is_empty() {
        message.push_str(&format!("; new: {}", shown.join(", ")));
        if new.len() > shown.len() {
            message.push_str(&format!(" and {} more", new.len() - shown.len()));
        }
    }
    let mut finding = Finding::new(code, Severity::Error, message)
        .package(&c.name, &c.version)
        .fix("document and justify the new unsafe code, then run `cargo secure baseline` to accept it, or remove it");
    if let Some((path, site)) = new.first().copied().or(c.sites.first()) {
        finding = finding.at(Location::at(path.clone(), site.line, site.column));
    }
    Some(finding)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
