//! `--format html`: one self-contained page a person opens in a browser. The
//! scorecard as a picture at the top (grade, one bar per layer, the gate in
//! words), then the findings grouped by layer with filters, the unsafe-code
//! table, the manifest's context and the explanation of every code shown.
//!
//! Nothing is fetched: the CSS and the script are inline, and the
//! Content-Security-Policy allows exactly those two by their SHA-256 hash.
//! Every string from the report goes through `escape`.

mod findings;
mod picture;
mod tables;

use crate::checklist::Checklist;
use crate::report::Report;
use sha2::{Digest, Sha256};
use std::fmt::Write;

const STYLE: &str = include_str!("html/style.css");
const SCRIPT: &str = include_str!("html/script.js");

/// Renders the report as a page.
pub fn render(report: &Report) -> String {
    let name = report.workspace.members.first().map_or("workspace", |m| m.name.as_str());
    let grade = match (report.score.overall, &report.score.grade) {
        (Some(score), Some(grade)) => format!("{grade} {score:.1}"),
        _ => "not measured".to_owned(),
    };
    let mut body = String::new();
    picture::scorecard(&mut body, report);
    findings::section(&mut body, report);
    tables::unsafe_table(&mut body, report);
    tables::manifest(&mut body, report);
    findings::codes(&mut body, report);
    let footer = format!(
        "cargo secure {} · {} · {}",
        escape(&report.tool.version),
        escape(&report.date),
        escape(&report.workspace.root)
    );
    document(&format!("cargo secure: {name} — {grade}"), &body, &footer)
}

/// Renders a release checklist as a page.
pub fn checklist(checklist: &Checklist, tool_version: &str) -> String {
    let version = checklist.version.as_deref().unwrap_or("(unknown version)");
    let open = checklist.open();
    let verdict = checklist.verdict();
    let mut body = String::new();
    let class = if open == 0 { "pass" } else { "fail" };
    let _ = write!(
        body,
        "<section><h2 class=\"verdict {class}\">{} Release checklist for {}: {verdict}</h2><ul class=\"checklist\">",
        icon(open == 0),
        escape(version)
    );
    for item in &checklist.items {
        let (class, word) = if item.done { ("pass", "done") } else { ("fail", "open") };
        let _ = write!(
            body,
            "<li class=\"{class}\" id=\"item-{}\"><span class=\"tag {class}\">{} {word}</span> <b>{}</b> — {}</li>",
            escape(item.id),
            icon(item.done),
            escape(item.title),
            escape(&item.detail)
        );
    }
    body.push_str("</ul></section>");
    let footer = format!("cargo secure {} release", escape(tool_version));
    document(&format!("Release checklist for {version}: {verdict}"), &body, &footer)
}

/// A check mark or a cross: colour is never the only signal.
fn icon(ok: bool) -> &'static str {
    if ok { "✔" } else { "✘" }
}

/// The page around `body`, with the policy that allows only what it inlines.
fn document(title: &str, body: &str, footer: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + SCRIPT.len() + 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">", csp());
    out.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<header><h1>{}</h1></header>\n<main>", escape(title));
    out.push_str(body);
    let _ = writeln!(out, "\n</main>\n<footer>{footer}</footer>");
    let _ = writeln!(out, "<script>{SCRIPT}</script>\n</body>\n</html>");
    out
}

/// `default-src 'none'`, plus the inline style and script by their hashes.
fn csp() -> String {
    format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; img-src data:; base-uri 'none'; form-action 'none'",
        hash(STYLE),
        hash(SCRIPT)
    )
}

fn hash(text: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(text.as_bytes())))
}

/// Standard base64 with padding, for the CSP hashes.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Escapes text for HTML content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match (c, super::entity(c)) {
            (_, Some(entity)) => out.push_str(entity),
            ('\'', None) => out.push_str("&#39;"),
            (_, None) => out.push(c),
        }
    }
    out
}

/// A score with one decimal, or a dash when not measured.
fn score(score: Option<f64>) -> String {
    score.map_or_else(|| "–".to_owned(), |s| format!("{s:.1}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_text_and_attributes() {
        assert_eq!(
            escape("<script>'a' & \"b\"</script>"),
            "&lt;script&gt;&#39;a&#39; &amp; &quot;b&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn hostile_finding_text_stays_text() {
        let mut report = crate::render::sample::report();
        let finding =
            report.layers.iter_mut().find_map(|l| l.findings.first_mut()).expect("a finding");
        finding.message = "<script>alert('x')</script><img src=x onerror=alert(1)>".to_owned();
        finding.fix = Some("\"><script>alert(2)</script>".to_owned());
        let html = render(&report);
        assert!(html.contains(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
        ));
        assert!(html.contains("&quot;&gt;&lt;script&gt;alert(2)"));
        assert_eq!(html.matches("<script>").count(), 1);
        assert!(!html.contains("<img"));
    }

    #[test]
    fn the_csp_allows_exactly_the_inline_style_and_script() {
        let html = render(&crate::render::sample::report());
        assert!(html.contains(&format!("style-src '{}'", hash(STYLE))));
        assert!(html.contains(&format!("script-src '{}'", hash(SCRIPT))));
        assert!(html.contains(&format!("<script>{SCRIPT}</script>")));
        assert_eq!(html, render(&crate::render::sample::report()), "deterministic");
    }

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
