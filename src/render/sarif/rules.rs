//! SARIF rules: one per finding code, or per advisory id for advisory findings,
//! described from the code's `CodeDoc` or from the advisory.

use crate::checks;
use crate::codes::{CodeDoc, Principle};
use crate::finding::{AdvisoryRef, Finding, Severity};
use serde_json::json;
use serde_sarif::sarif::{
    MultiformatMessageString, PropertyBag, ReportingConfiguration, ReportingDescriptor,
};
use std::collections::BTreeMap;

/// What a rule is built from: the first finding seen with its id and the layer.
pub struct RuleSource<'a> {
    /// The rule id (finding code or advisory id).
    pub id: String,
    /// The layer that emitted it.
    pub layer: &'a str,
    /// A finding with this rule id.
    pub finding: &'a Finding,
    /// The most severe level among the rule's results.
    pub severity: Severity,
}

/// Builds the SARIF rule.
pub fn descriptor(source: &RuleSource<'_>) -> ReportingDescriptor {
    let finding = source.finding;
    let text = match &finding.advisory {
        Some(advisory) => advisory_text(advisory, finding),
        None => code_text(finding.code, source.layer),
    };
    let security_severity = finding
        .advisory
        .as_ref()
        .and_then(|a| a.cvss_score)
        .map_or_else(|| severity_score(source.severity).to_owned(), |s| format!("{s:.1}"));
    let mut tags = vec!["security".to_owned(), source.layer.to_owned()];
    if let Some(advisory) = &finding.advisory {
        tags.push(advisory.kind.clone());
    } else if let Some((_, doc)) = checks::find_code(finding.code) {
        tags.push(doc.principle.as_str().to_owned());
    }
    tags.dedup();
    let mut extra = BTreeMap::new();
    extra.insert("security-severity".to_owned(), json!(security_severity));
    extra.insert("precision".to_owned(), json!("very-high"));
    let properties = PropertyBag::builder().tags(tags).additional_properties(extra).build();
    let configuration =
        ReportingConfiguration::builder().level(json!(level(source.severity))).build();
    let rule = ReportingDescriptor::builder()
        .id(source.id.clone())
        .name(text.name)
        .short_description(message(&text.short, None))
        .full_description(message(&text.full, None))
        .help(message(&text.help, Some(text.help_markdown)))
        .default_configuration(configuration)
        .properties(properties);
    match text.help_uri {
        Some(uri) => rule.help_uri(uri).build(),
        None => rule.build(),
    }
}

struct RuleText {
    name: String,
    short: String,
    full: String,
    help: String,
    help_markdown: String,
    help_uri: Option<String>,
}

fn code_text(code: &str, layer: &str) -> RuleText {
    let doc = checks::find_code(code).map(|(_, doc)| *doc);
    let CodeDoc { title, checks, why, fix, .. } = doc.unwrap_or(CodeDoc {
        code: "",
        title: "",
        principle: Principle::Cumulative,
        checks: "",
        why: "",
        fix: "",
    });
    let or = |text: &str, default: String| if text.is_empty() { default } else { text.to_owned() };
    let title = or(title, format!("cargo-secure `{code}` finding from the {layer} layer"));
    let checks = or(checks, format!("The {layer} layer of cargo-secure reports `{code}`."));
    let why = or(why, String::new());
    let fix = or(fix, format!("Run `cargo secure explain {code}` for details."));
    let full = [sentence(&checks), sentence(&why)].join(" ").trim().to_owned();
    let help_markdown = format!(
        "**What it checks.** {}\n\n**Why it matters.** {}\n\n**How to fix.** {}\n\nRun `cargo secure explain {code}` for more.",
        sentence(&checks),
        sentence(if why.is_empty() {
            "It weakens one layer of the workspace's security"
        } else {
            &why
        }),
        sentence(&fix)
    );
    RuleText {
        name: rule_name(code),
        short: sentence(&title),
        full,
        help: format!("{} Run `cargo secure explain {code}` for more.", sentence(&fix)),
        help_markdown,
        help_uri: None,
    }
}

fn advisory_text(advisory: &AdvisoryRef, finding: &Finding) -> RuleText {
    let package = finding.package.as_ref().map(|p| p.name.as_str()).unwrap_or("a dependency");
    let url = advisory
        .url
        .clone()
        .unwrap_or_else(|| format!("https://rustsec.org/advisories/{}.html", advisory.id));
    let aliases = if advisory.aliases.is_empty() {
        String::new()
    } else {
        format!(" Also known as {}.", advisory.aliases.join(", "))
    };
    let patched = if advisory.patched.is_empty() {
        "No patched version is available: remove the dependency or replace it.".to_owned()
    } else {
        format!("Upgrade {package} to a patched version ({}).", advisory.patched.join(", "))
    };
    let full = format!(
        "{} ({} advisory {} for the {package} crate).{aliases}",
        sentence(&advisory.title).trim_end_matches('.'),
        advisory.kind,
        advisory.id
    );
    RuleText {
        name: advisory_name(&advisory.kind),
        short: sentence(&format!("{package}: {}", advisory.title)),
        full,
        help: format!("{patched} See {url}"),
        help_markdown: format!(
            "**{}** ([{}]({url})){aliases}\n\n{patched}\n\nRun `cargo secure explain {}` for the full advisory.",
            markdown_text(&advisory.title),
            advisory.id,
            advisory.id
        ),
        help_uri: Some(url),
    }
}

/// `unsafe-undocumented` -> `UnsafeUndocumented`; a one-word code gets `Finding` appended
/// so the name never equals the id (SARIF1001).
pub fn rule_name(code: &str) -> String {
    let pascal: String = code
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
            })
        })
        .collect();
    if pascal.eq_ignore_ascii_case(code) { format!("{pascal}Finding") } else { pascal }
}

fn advisory_name(kind: &str) -> String {
    match kind {
        "vulnerability" => "VulnerableDependency".to_owned(),
        "unmaintained" => "UnmaintainedDependency".to_owned(),
        "unsound" => "UnsoundDependency".to_owned(),
        "notice" => "DependencyNotice".to_owned(),
        "yanked" => "YankedDependency".to_owned(),
        other => format!("{}Advisory", rule_name(other).trim_end_matches("Finding")),
    }
}

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    severity.as_str()
}

/// GitHub's `security-severity` when there is no CVSS score: high, medium or low.
fn severity_score(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "7.5",
        Severity::Warning => "5.0",
        Severity::Note => "2.0",
    }
}

fn message(text: &str, markdown: Option<String>) -> MultiformatMessageString {
    let builder = MultiformatMessageString::builder().text(text.to_owned());
    match markdown {
        Some(markdown) => builder.markdown(markdown).build(),
        None => builder.build(),
    }
}

/// Ends a non-empty text with a period (SARIF2001 wants messages to end with one).
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() || text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// Escapes the characters Markdown would interpret.
fn markdown_text(text: &str) -> String {
    crate::render::markdown::escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case_and_never_equal_the_id() {
        assert_eq!(rule_name("unsafe-undocumented"), "UnsafeUndocumented");
        assert_eq!(rule_name("yanked"), "YankedFinding");
        assert_eq!(advisory_name("vulnerability"), "VulnerableDependency");
    }

    #[test]
    fn sentences_end_with_one_period() {
        assert_eq!(sentence("a"), "a.");
        assert_eq!(sentence("a."), "a.");
        assert_eq!(sentence(""), "");
    }
}
