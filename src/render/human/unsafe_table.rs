//! The `unsafe-code` layer's tables: the workspace crates, then the
//! dependencies with the most unsafe code, then the one-line total. Reads the
//! layer's `packages` detail only; it displays, never decides.

use super::Painter;
use crate::checks::LayerReport;
use owo_colors::Style as Paint;
use serde_json::Value;
use std::fmt::Write;

/// How many dependencies the table lists.
const TOP: usize = 10;

/// Renders the tables when the layer carries a `packages` detail.
pub(super) fn render(out: &mut String, layer: &LayerReport, p: &Painter) {
    let Some(packages) = layer.details.get("packages").and_then(Value::as_array) else { return };
    let (members, deps): (Vec<&Value>, Vec<&Value>) =
        packages.iter().partition(|pkg| pkg["workspace_member"] == true);
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
    let mut top: Vec<&&Value> =
        deps.iter().filter(|d| total(d) > 0 || d["status"] == "unknown").collect();
    top.sort_by_key(|d| (std::cmp::Reverse(total(d)), d["name"].as_str().unwrap_or("").to_owned()));
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

fn total(pkg: &Value) -> u64 {
    pkg["counts"].as_object().map_or(0, |c| c.values().filter_map(Value::as_u64).sum())
}

fn row(out: &mut String, pkg: &Value, p: &Painter, member: bool) {
    let count = |k: &str| pkg["counts"][k].as_u64().unwrap_or(0);
    let status = pkg["status"].as_str().unwrap_or("unknown");
    let (symbol, style) = match status {
        "forbids" => ("✓", Paint::new().green()),
        "none" => ("·", Paint::new().green()),
        "uses" => ("●", Paint::new().yellow()),
        _ => ("?", Paint::new().red().bold()),
    };
    let mut name = format!(
        "{} {}",
        pkg["name"].as_str().unwrap_or("?"),
        pkg["version"].as_str().unwrap_or("")
    );
    if !member {
        let scope = pkg["scope"].as_str().unwrap_or("normal");
        if scope != "normal" {
            name.push_str(&format!(" ({scope})"));
        }
    }
    let fns = count("functions") + count("methods");
    let impls = count("impls") + count("traits");
    let other =
        count("extern_blocks") + count("static_mut") + count("attributes") + count("in_macros");
    let undoc = pkg["undocumented"].as_u64().map_or_else(|| "-".to_owned(), |n| n.to_string());
    let label = p.paint(format!("{symbol} {status:<8}"), style);
    let _ = writeln!(
        out,
        "  {:<24} {label} {:>6} {:>5} {:>6} {:>6} {:>6} {:>6}",
        super::truncate(&name, 24),
        count("blocks"),
        fns,
        impls,
        other,
        total(pkg),
        undoc
    );
}
