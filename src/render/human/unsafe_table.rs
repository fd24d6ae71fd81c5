//! The `unsafe-code` layer's tables: the workspace crates, then the
//! dependencies with the most unsafe code, then the one-line total. Reads the
//! layer's `packages` detail only; it displays, never decides.

use super::Painter;
use crate::checks::LayerReport;
use crate::checks::unsafe_code::report::PackageDetail;
use crate::facts::unsafe_scan::model::UnsafeStatus;
use crate::finding::Scope;
use owo_colors::Style as Paint;
use std::fmt::Write;

/// How many dependencies the table lists.
const TOP: usize = 10;

/// Renders the tables when the layer carries a `packages` detail.
pub(super) fn render(out: &mut String, layer: &LayerReport, p: &Painter) {
    let Some(packages) = &layer.details.packages else { return };
    let (members, deps): (Vec<&PackageDetail>, Vec<&PackageDetail>) =
        packages.iter().partition(|pkg| pkg.workspace_member);
    let _ = writeln!(
        out,
        "  {}",
        p.bold(format!(
            "{:<24} {:<10} {:>6} {:>5} {:>6} {:>6} {:>6} {:>6}",
            "CRATE", "STATUS", "BLOCKS", "FNS", "IMPLS", "OTHER", "TOTAL", "UNDOC"
        ))
    );
    for pkg in &members {
        row(out, pkg, p, true);
    }
    let mut top: Vec<&&PackageDetail> =
        deps.iter().filter(|d| d.counts.total() > 0 || d.status == UnsafeStatus::Unknown).collect();
    top.sort_by_key(|d| (std::cmp::Reverse(d.counts.total()), d.name.clone()));
    if !top.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            p.dim(format!(
                "top dependencies by unsafe count ({} with unsafe or unknown):",
                top.len()
            ))
        );
        for pkg in top.iter().take(TOP) {
            row(out, pkg, p, false);
        }
    }
    let _ =
        writeln!(out, "  {}  {}", layer.summary, p.dim("(✓ forbids  · none  ● uses  ? unknown)"));
    out.push('\n');
}

fn row(out: &mut String, pkg: &PackageDetail, p: &Painter, member: bool) {
    let c = &pkg.counts;
    let (symbol, status, style) = match pkg.status {
        UnsafeStatus::Forbids => ("✓", "forbids", Paint::new().green()),
        UnsafeStatus::None => ("·", "none", Paint::new().green()),
        UnsafeStatus::Uses => ("●", "uses", Paint::new().yellow()),
        UnsafeStatus::Unknown => ("?", "unknown", Paint::new().red().bold()),
    };
    let mut name = format!("{} {}", pkg.name, pkg.version);
    if !member && pkg.scope != Scope::Normal {
        name.push_str(&format!(" ({})", pkg.scope.as_str()));
    }
    let fns = c.functions + c.methods;
    let impls = c.impls + c.traits;
    let other = c.extern_blocks + c.static_mut + c.attributes + c.in_macros;
    let undoc = pkg.undocumented.map_or_else(|| "-".to_owned(), |n| n.to_string());
    let label = p.paint(format!("{symbol} {status:<8}"), style);
    let _ = writeln!(
        out,
        "  {:<24} {label} {:>6} {:>5} {:>6} {:>6} {:>6} {:>6}",
        super::truncate(&name, 24),
        c.blocks,
        fns,
        impls,
        other,
        c.total(),
        undoc
    );
}
