//! Unsafe code between two sides, from the unsafe-code layer's per-package
//! table: each member's change in counts and its new undocumented sites;
//! each dependency whose version changed, its change in counts
//! ("hashbrown 0.14.5 → 0.15.2: +12 unsafe blocks, +3 unsafe fns"); and
//! each newly added dependency that uses unsafe code.

use super::findings::FindingDelta;
use crate::checks::unsafe_code::report::PackageDetail;
use crate::plural::count;
use crate::report::Report;
use serde::Serialize;

/// The finding code of an undocumented unsafe site.
const UNDOCUMENTED: &str = "unsafe-undocumented";

/// Unsafe code, base → head.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct UnsafeDelta {
    /// Members whose counts changed.
    pub members: Vec<UnsafeChange>,
    /// Dependencies whose version changed and whose counts changed, and new
    /// dependencies that use unsafe code.
    pub dependencies: Vec<UnsafeChange>,
    /// Undocumented unsafe sites the change introduced, file:line each.
    pub new_undocumented: Vec<UndocumentedSite>,
}

/// One package's unsafe counts on both sides.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UnsafeChange {
    /// Crate name.
    pub name: String,
    /// The base's version; absent for a new package.
    pub from: Option<String>,
    /// The head's version.
    pub to: String,
    /// Change in `unsafe` blocks.
    pub blocks: i64,
    /// Change in unsafe fns and methods.
    pub functions: i64,
    /// Change in every unsafe construct counted.
    pub total: i64,
    /// Everything counted in the head.
    pub head_total: u64,
}

/// An undocumented unsafe site the change added.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UndocumentedSite {
    /// The member.
    pub package: String,
    /// `path:line:column`, relative to the workspace root.
    pub at: String,
    /// What is missing.
    pub message: String,
}

impl UnsafeDelta {
    /// "+14 unsafe in 2 dependencies", when anything grew.
    pub fn summary(&self) -> Option<String> {
        let grew = |list: &[UnsafeChange]| {
            let grown: Vec<i64> = list.iter().map(|c| c.total).filter(|t| *t > 0).collect();
            (grown.iter().sum::<i64>(), grown.len())
        };
        let mut parts = Vec::new();
        for (list, one, many) in [
            (&self.members, "member", "members"),
            (&self.dependencies, "dependency", "dependencies"),
        ] {
            let (sum, n) = grew(list);
            if n > 0 {
                parts.push(format!("+{sum} unsafe in {}", count(n, one, many)));
            }
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// Compares the unsafe-code tables of both reports.
pub fn delta(base: &Report, head: &Report, findings: &FindingDelta) -> UnsafeDelta {
    let (before, after) = (table(base), table(head));
    let mut out = UnsafeDelta::default();
    for now in after {
        let old_versions: Vec<&PackageDetail> =
            before.iter().copied().filter(|b| b.name == now.name).collect();
        if now.workspace_member {
            let old = old_versions.first().copied();
            let change = change(old, now);
            if change.total != 0 || change.blocks != 0 || change.functions != 0 {
                out.members.push(change);
            }
            continue;
        }
        if old_versions.iter().any(|b| b.version == now.version) {
            continue;
        }
        match old_versions.as_slice() {
            [] if now.counts.total() > 0 => out.dependencies.push(change(None, now)),
            [] => {}
            [old, ..] => {
                let change = change(Some(old), now);
                if change.total != 0 {
                    out.dependencies.push(change);
                }
            }
        }
    }
    out.new_undocumented = findings
        .new
        .iter()
        .filter(|f| f.finding.code == UNDOCUMENTED)
        .filter_map(|f| {
            let at = f.finding.location.as_ref()?.to_string();
            let package = f.finding.package.as_ref().map(|p| p.name.clone()).unwrap_or_default();
            Some(UndocumentedSite { package, at, message: f.finding.message.clone() })
        })
        .collect();
    out
}

fn table(report: &Report) -> Vec<&PackageDetail> {
    report
        .layers
        .iter()
        .filter_map(|l| l.details.packages.as_ref())
        .flat_map(|packages| packages.iter())
        .collect()
}

fn change(old: Option<&PackageDetail>, new: &PackageDetail) -> UnsafeChange {
    let signed = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let (blocks, functions, total) = old.map_or((0, 0, 0), |o| {
        (o.counts.blocks, o.counts.functions + o.counts.methods, o.counts.total())
    });
    let c = &new.counts;
    UnsafeChange {
        name: new.name.clone(),
        from: old.map(|o| o.version.clone()),
        to: new.version.clone(),
        blocks: signed(c.blocks) - signed(blocks),
        functions: signed(c.functions + c.methods) - signed(functions),
        total: signed(c.total()) - signed(total),
        head_total: c.total(),
    }
}
