//! The diff for a terminal or a CI log: the summary line and the verdict
//! first, then one section per kind of change, each only when it has lines.

use super::{finding_line, score, signed};
use crate::diff::{Diff, DiffReport};
use crate::render::Style;
use owo_colors::OwoColorize;
use std::fmt::Write;

/// Renders the diff.
pub fn render(report: &DiffReport, style: Style) -> String {
    let diff = &report.diff;
    let mut out = String::new();
    let commit = |c: &Option<String>| c.as_ref().map(|c| format!(" ({})", &c[..c.len().min(12)]));
    let _ = writeln!(
        out,
        "cargo secure diff: {}{} → {}{}",
        diff.base.rev,
        commit(&diff.base.commit).unwrap_or_default(),
        diff.head.rev,
        commit(&diff.head.commit).unwrap_or_default()
    );
    let _ = writeln!(out, "{}", diff.summary);
    verdict(&mut out, diff, style);
    if style.quiet {
        return out;
    }
    for (title, lines) in sections(diff) {
        if lines.is_empty() {
            continue;
        }
        let title = if style.color { title.bold().to_string() } else { title.to_owned() };
        let _ = writeln!(out, "\n{title}");
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

fn verdict(out: &mut String, diff: &Diff, style: Style) {
    let gate = &diff.gate;
    let word = if gate.passed { "diff gate passed" } else { "diff gate failed" };
    let word = match (style.color, gate.passed) {
        (true, true) => word.green().bold().to_string(),
        (true, false) => word.red().bold().to_string(),
        _ => word.to_owned(),
    };
    let _ = writeln!(out, "{word}");
    for reason in &gate.reasons {
        let _ = writeln!(out, "  - {reason}");
    }
    if gate.existing_blocking > 0 && !gate.fail_on_existing {
        let _ = writeln!(
            out,
            "  ({} blocking before the change too; --fail-on-existing fails on them)",
            crate::plural::count(gate.existing_blocking, "finding was", "findings were")
        );
    }
}

/// Every section with its lines.
pub(crate) fn sections(diff: &Diff) -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("Packages", packages(diff)),
        ("Advisories", advisories(diff)),
        ("Pre-existing advisories", pre_existing(diff)),
        ("Unsafe code", unsafe_code(diff)),
        ("Build-time code", build_time(diff)),
        ("Manifest", manifest(diff)),
        ("Other findings", findings(diff)),
        ("Layers", layers(diff)),
    ]
}

fn packages(diff: &Diff) -> Vec<String> {
    let p = &diff.packages;
    let mut lines = Vec::new();
    for a in &p.added {
        lines.push(format!(
            "+ {} {} ({}, {}) via {}",
            a.name,
            a.version,
            a.source,
            a.scope,
            a.via.join(" → ")
        ));
    }
    for r in &p.removed {
        lines.push(format!("− {} {}", r.name, r.version));
    }
    for c in &p.changed {
        let mut line = format!("~ {} {} → {} ({}", c.name, c.from, c.to, c.change.as_str());
        if c.semver_major {
            line.push_str(", semver-major");
        }
        line.push(')');
        if c.from_source != c.to_source {
            line.push_str(&format!(": {} → {}", c.from_source, c.to_source));
        }
        lines.push(line);
    }
    lines
}

fn advisories(diff: &Diff) -> Vec<String> {
    let a = &diff.advisories;
    let mut lines: Vec<String> =
        a.new.iter().map(|f| format!("new {}: {}", f.finding.severity, finding_line(f))).collect();
    lines.extend(a.fixed.iter().map(|f| format!("fixed: {}", finding_line(f))));
    lines
}

/// The advisories on both sides: not the change's doing.
fn pre_existing(diff: &Diff) -> Vec<String> {
    let unchanged = &diff.advisories.unchanged;
    unchanged.iter().map(|f| format!("{}: {}", f.finding.severity, finding_line(f))).collect()
}

fn unsafe_code(diff: &Diff) -> Vec<String> {
    let u = &diff.unsafe_code;
    let mut lines = Vec::new();
    for (kind, list) in [("member", &u.members), ("dependency", &u.dependencies)] {
        for c in list {
            let versions = match &c.from {
                Some(from) if *from != c.to => format!("{from} → {}", c.to),
                Some(_) => c.to.clone(),
                None => format!("{} (new)", c.to),
            };
            lines.push(format!(
                "{kind} {} {versions}: {} unsafe ({} blocks, {} fns), {} in all",
                c.name,
                signed(c.total),
                signed(c.blocks),
                signed(c.functions),
                c.head_total
            ));
        }
    }
    for site in &u.new_undocumented {
        lines.push(format!("new undocumented: {} ({}): {}", site.at, site.package, site.message));
    }
    lines
}

fn build_time(diff: &Diff) -> Vec<String> {
    diff.build_time
        .added
        .iter()
        .map(|b| {
            let whose =
                if b.member { "member".to_owned() } else { format!("via {}", b.via.join(" → ")) };
            format!("+ {} {} {}: {} ({})", b.kinds.join(" and "), b.name, b.version, b.scope, whose)
        })
        .collect()
}

fn manifest(diff: &Diff) -> Vec<String> {
    let m = &diff.manifest;
    let mut lines = Vec::new();
    if let Some(c) = &m.criticality {
        let note = if c.lowered { " (lowered: the gate is more lenient)" } else { "" };
        lines.push(format!("criticality {} → {}{note}", c.from, c.to));
    }
    let describe = |e: &crate::diff::manifest_delta::Exception| {
        let package = e.package.as_ref().map(|p| format!(" for {p}")).unwrap_or_default();
        format!(
            "{}{package} by {} until {}: {}",
            e.accepts.join(", "),
            e.owner,
            e.expires,
            e.reason
        )
    };
    lines.extend(m.exceptions_added.iter().map(|e| format!("exception added: {}", describe(e))));
    lines
        .extend(m.exceptions_removed.iter().map(|e| format!("exception removed: {}", describe(e))));
    lines.extend(
        m.exceptions_extended.iter().map(|e| {
            format!("exception extended from {}: {}", e.expired_on, describe(&e.exception))
        }),
    );
    lines
}

fn findings(diff: &Diff) -> Vec<String> {
    let f = &diff.findings;
    let mut lines: Vec<String> = f
        .new
        .iter()
        .map(|n| format!("new {} [{}]: {}", n.finding.severity, n.layer, finding_line(n)))
        .collect();
    lines.extend(f.fixed.iter().map(|n| format!("fixed [{}]: {}", n.layer, finding_line(n))));
    if f.unchanged > 0 && !lines.is_empty() {
        lines.push(crate::plural::count(f.unchanged, "finding unchanged", "findings unchanged"));
    }
    lines
}

fn layers(diff: &Diff) -> Vec<String> {
    let mut lines: Vec<String> = diff
        .layers
        .iter()
        .filter(|l| l.base_score != l.head_score || l.base_status != l.head_status)
        .map(|l| {
            format!(
                "{:<14} {} → {} ({} → {})",
                l.id,
                score(l.base_score),
                score(l.head_score),
                l.base_status,
                l.head_status
            )
        })
        .collect();
    let grade = |g: &Option<String>| g.clone().unwrap_or_else(|| "–".to_owned());
    lines.push(format!(
        "{:<14} {} → {} ({} → {})",
        "overall",
        score(diff.base.score),
        score(diff.head.score),
        grade(&diff.base.grade),
        grade(&diff.head.grade)
    ));
    lines
}
