//! Sub-checks `dangerous-workflow` and `token-permissions` for workflows in
//! the GitHub Actions schema (GitHub, Forgejo, Gitea), after OpenSSF
//! Scorecard's checks of the same names:
//!
//! - a `pull_request_target` or `workflow_run` workflow that checks out the
//!   untrusted head (`ref: ${{ github.event.pull_request.head.sha }}`) runs a
//!   stranger's code with the repository's secrets;
//! - `${{ github.event.issue.title }}` and the like in a `run:` script (or an
//!   `actions/github-script` script) is script injection: the text is pasted
//!   into the shell before it runs;
//! - a workflow without a top-level `permissions` (and jobs without their own)
//!   or with `write-all` gets a token that can push code and releases.

use super::Outcome;
use crate::checks::subcheck::{SubCheck, weight};
use crate::finding::{Finding, Location, Severity};
use crate::plural::{count, noun, of};
use crate::repo::ci::Ci;
use crate::repo::yaml::Node;

/// Sub-check ids.
pub const DANGEROUS: &str = "dangerous-workflow";
/// Sub-check id of the token permissions check.
pub const TOKEN: &str = "token-permissions";
/// Triggers that run with secrets on events from strangers.
const PRIVILEGED_TRIGGERS: &[&str] = &["pull_request_target", "workflow_run"];
/// Expressions a stranger controls (`github.event.<...>.<field>`).
const UNTRUSTED_FIELDS: &[&str] = &[
    "title",
    "body",
    "ref",
    "label",
    "message",
    "name",
    "email",
    "page_name",
    "default_branch",
    "head_branch",
];

/// The dangerous-workflow sub-check.
pub fn dangerous(ci: &Ci) -> Outcome {
    let mut findings = Vec::new();
    let mut workflows = 0;
    for (file, docs) in ci.workflows() {
        workflows += 1;
        for doc in docs {
            let privileged =
                triggers(doc).iter().any(|t| PRIVILEGED_TRIGGERS.contains(&t.as_str()));
            for (_, job) in doc.get("jobs").map(Node::entries).unwrap_or_default() {
                for step in job.get("steps").and_then(Node::as_seq).unwrap_or_default() {
                    findings.extend(injections(&file.rel, step));
                    if privileged {
                        findings.extend(untrusted_checkout(&file.rel, step));
                    }
                }
            }
        }
    }
    if workflows == 0 {
        return Outcome::new(
            SubCheck::not_applicable(
                DANGEROUS,
                "Dangerous workflow patterns",
                weight::CRITICAL,
                "no GitHub Actions workflows",
            ),
            Vec::new(),
        );
    }
    let score = if findings.is_empty() { 10.0 } else { 0.0 };
    let summary = if findings.is_empty() {
        format!(
            "no untrusted checkout or script injection in {}",
            count(workflows, "workflow", "workflows")
        )
    } else {
        format!(
            "{} in {}",
            count(findings.len(), "dangerous pattern", "dangerous patterns"),
            count(workflows, "workflow", "workflows")
        )
    };
    Outcome::new(
        SubCheck::scored(
            DANGEROUS,
            "Dangerous workflow patterns",
            weight::CRITICAL,
            score,
            summary,
        ),
        findings,
    )
}

/// The token-permissions sub-check: the lowest grade over the workflows.
pub fn token_permissions(ci: &Ci) -> Outcome {
    let mut findings = Vec::new();
    let mut worst: Option<f64> = None;
    let mut workflows = 0;
    for (file, docs) in ci.workflows() {
        for doc in docs.iter().filter(|d| d.as_map().is_some()) {
            workflows += 1;
            let (score, finding) = permissions(&file.rel, doc);
            worst = Some(worst.map_or(score, |w: f64| w.min(score)));
            findings.extend(finding);
        }
    }
    let Some(score) = worst else {
        return Outcome::new(
            SubCheck::not_applicable(
                TOKEN,
                "Token permissions",
                weight::HIGH,
                "no GitHub Actions workflows",
            ),
            Vec::new(),
        );
    };
    let summary = if findings.is_empty() {
        format!(
            "{} read-only or job-scoped token permissions",
            count(workflows, "workflow declares", "workflows declare")
        )
    } else {
        format!(
            "{} {} the token broader than needed",
            of(findings.len(), workflows, "workflow", "workflows"),
            noun(findings.len(), "leaves", "leave")
        )
    };
    Outcome::new(
        SubCheck::scored(TOKEN, "Token permissions", weight::HIGH, score, summary),
        findings,
    )
}

/// The event names of a workflow's `on:` (a string, a list or a map).
fn triggers(doc: &Node) -> Vec<String> {
    let Some(on) = doc.get("on") else { return Vec::new() };
    if let Some(one) = on.as_str() {
        return vec![one.to_owned()];
    }
    if let Some(list) = on.as_seq() {
        return list.iter().filter_map(Node::as_str).map(str::to_owned).collect();
    }
    on.entries().iter().filter_map(|(k, _)| k.as_str()).map(str::to_owned).collect()
}

/// `${{ ... }}` expressions a stranger controls in a step's script.
fn injections(rel: &str, step: &Node) -> Vec<Finding> {
    let mut scripts: Vec<&Node> = step.get("run").into_iter().collect();
    let uses = step.get("uses").and_then(Node::as_str).unwrap_or_default();
    if uses.starts_with("actions/github-script") {
        scripts.extend(step.get("with").and_then(|w| w.get("script")));
    }
    let mut out = Vec::new();
    for script in scripts {
        for (line, text) in script.lines() {
            for expr in expressions(text) {
                if is_untrusted(expr) {
                    out.push(
                        Finding::new("workflow-script-injection", Severity::Warning, format!("`${{{{ {expr} }}}}` is pasted into a script: whoever writes it can run commands"))
                            .at(Location::at(rel, line as u32, 1))
                            .fix(format!("pass it through an environment variable: `env: VALUE: ${{{{ {expr} }}}}` and use \"$VALUE\" in the script")),
                    );
                }
            }
        }
    }
    out
}

/// The expressions inside `${{ }}` on one line.
fn expressions(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let after = &rest[start + 3..];
        let Some(end) = after.find("}}") else { break };
        out.push(after[..end].trim());
        rest = &after[end + 2..];
    }
    out
}

/// Whether an expression reads a field a stranger controls.
pub fn is_untrusted(expr: &str) -> bool {
    expr.split(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '*'))).any(|word| {
        word == "github.head_ref"
            || (word.starts_with("github.event.")
                && word.rsplit('.').next().is_some_and(|last| UNTRUSTED_FIELDS.contains(&last)))
    })
}

/// A checkout of the untrusted head in a privileged workflow.
fn untrusted_checkout(rel: &str, step: &Node) -> Option<Finding> {
    let uses = step.get("uses")?.as_str()?;
    if !uses.starts_with("actions/checkout") {
        return None;
    }
    let reference = step.get("with")?.get("ref")?;
    let text = reference.as_str()?;
    let untrusted = [
        "github.event.pull_request.head",
        "github.head_ref",
        "github.event.workflow_run.head",
        "refs/pull/",
    ]
    .iter()
    .any(|p| text.contains(p));
    untrusted.then(|| {
        Finding::new("untrusted-checkout", Severity::Warning, format!("a privileged workflow (pull_request_target / workflow_run) checks out untrusted code: `ref: {text}`"))
            .at(Location::at(rel, reference.line as u32, reference.col as u32))
            .fix("use the `pull_request` trigger for building untrusted code, or keep the privileged job from running anything it checked out")
    })
}

/// The grade of one workflow's permissions, and the finding when it falls short.
fn permissions(rel: &str, doc: &Node) -> (f64, Option<Finding>) {
    let jobs = doc.get("jobs").map(Node::entries).unwrap_or_default();
    match doc.get("permissions") {
        None => {
            if !jobs.is_empty()
                && jobs.iter().all(|(_, j)| j.get("permissions").is_some_and(|p| !writes_all(p)))
            {
                return (10.0, None);
            }
            let finding = Finding::new("token-permissions-missing", Severity::Warning, "no top-level `permissions`: the workflow token gets the repository's default, often read-write")
                .at(Location::at(rel, 1, 1))
                .fix("add `permissions: contents: read` at the top and grant writes per job where needed");
            (0.0, Some(finding))
        }
        Some(p) if writes_all(p) => {
            let finding = Finding::new("token-permissions-write-all", Severity::Warning, "top-level `permissions` grants write access to everything")
                .at(Location::at(rel, p.line as u32, p.col as u32))
                .fix("set `permissions: contents: read` at the top and grant writes per job where needed");
            (0.0, Some(finding))
        }
        Some(p) => match p.entries().into_iter().find(|(_, v)| v.as_str() == Some("write")) {
            Some((scope, v)) => {
                let scope = scope.as_str().unwrap_or_default();
                let finding = Finding::new(
                    "token-permissions-write",
                    Severity::Note,
                    format!("top-level `permissions` grants `{scope}: write` to every job"),
                )
                .at(Location::at(rel, v.line as u32, v.col as u32))
                .fix("move write permissions to the jobs that need them");
                (5.0, Some(finding))
            }
            None => (10.0, None),
        },
    }
}

/// `write-all`, or a permissions value that is not a map or `read-all`/`{}`.
fn writes_all(p: &Node) -> bool {
    p.as_str().is_some_and(|s| s == "write-all")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_expressions_are_recognised() {
        assert!(is_untrusted("github.event.issue.title"));
        assert!(is_untrusted("github.event.pull_request.head.ref"));
        assert!(is_untrusted("github.head_ref"));
        assert!(is_untrusted("toJSON(github.event.comment.body)"));
        assert!(!is_untrusted("matrix.os"));
        assert!(!is_untrusted("github.event.pull_request.number"));
        assert!(!is_untrusted("github.sha"));
    }
}
