//! Script injection: a `${{ }}` expression a stranger controls, pasted into a
//! script before it runs. Sinks are `run:` (any shell, PowerShell included)
//! and the script inputs of known actions (`actions/github-script`'s
//! `script`, CodeQL's and zizmor's list); workflows and composite actions
//! (`action.yml` anywhere) alike, `parallel:` steps included. Values are
//! followed through `env` at workflow, job and step level, through the matrix
//! and the declared inputs (`contexts.rs`).

use super::contexts::{self, Risk, Scope};
use super::expr;
use crate::checks::posture::docs::WORKFLOW_SCRIPT_INJECTION;
use crate::finding::{Finding, Location, Severity};
use crate::repo::yaml::Node;

/// Code of a script injection.
pub const CODE: &str = WORKFLOW_SCRIPT_INJECTION.code;

/// Actions whose inputs are run as code: (owner/repo, inputs).
const SINKS: &[(&str, &[&str])] = &[
    ("8398a7/action-slack", &["custom_payload"]),
    ("actions/github-script", &["script"]),
    ("appleboy/ssh-action", &["script"]),
    ("azure/cli", &["inlinescript"]),
    ("azure/powershell", &["inlinescript"]),
    ("devorbitus/yq-action-output", &["cmd"]),
    ("gautamkrishnar/blog-post-workflow", &["item_exec"]),
    (
        "imjohnbo/issue-bot",
        &["body", "linked-comments-previous-issue-text", "linked-comments-new-issue-text"],
    ),
    ("lucasbento/auto-close-issues", &["issue-close-message"]),
    ("mikefarah/yq", &["cmd"]),
    ("roots/issue-closer-action", &["issue-close-message", "pr-close-message"]),
    ("sergeysova/jq-action", &["cmd"]),
    ("skitionek/notify-microsoft-teams", &["overwrite"]),
    ("tibdex/backport", &["body_template", "head_template", "labels_template", "title_template"]),
    ("amadevus/pwsh-script", &["script"]),
    ("jannekem/run-python-script-action", &["script"]),
    ("cardinalby/js-eval-action", &["expression"]),
    ("addnab/docker-run-action", &["options", "run"]),
];

/// The steps of a job or a composite action, `parallel:` groups flattened.
pub fn steps(steps: Option<&Node>) -> Vec<&Node> {
    let mut out = Vec::new();
    for step in steps.and_then(Node::as_seq).unwrap_or_default() {
        match step.get("parallel").and_then(Node::as_seq) {
            Some(group) => out.extend(group.iter()),
            None => out.push(step),
        }
    }
    out
}

/// The `owner/repo` of a step's `uses:`, lowercase.
pub fn action_of(step: &Node) -> Option<String> {
    let uses = step.get("uses")?.as_str()?;
    let name = uses.split('@').next()?;
    let mut parts = name.split('/');
    Some(format!("{}/{}", parts.next()?, parts.next()?).to_ascii_lowercase())
}

/// The scripts of a step: `run:` and the script inputs of known actions.
fn scripts(step: &Node) -> Vec<&Node> {
    let mut out: Vec<&Node> = step.get("run").into_iter().collect();
    let action = action_of(step);
    let sink = SINKS.iter().find(|(name, _)| Some(*name) == action.as_deref());
    if let (Some((_, inputs)), Some(with)) = (sink, step.get("with")) {
        let named = |k: &str| inputs.contains(&k.to_ascii_lowercase().as_str());
        out.extend(
            with.entries()
                .into_iter()
                .filter(|(k, _)| k.as_str().is_some_and(named))
                .map(|(_, v)| v),
        );
    }
    out
}

/// The injections in the steps of one job (or composite action) in `scope`.
pub fn in_steps<'a>(rel: &str, steps: &[&'a Node], scope: &Scope<'a>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for step in steps {
        let mut inner = scope.clone();
        if let Some(env) = step.get("env") {
            inner.env.insert(0, env);
        }
        for script in scripts(step) {
            for finding in in_script(rel, script, &inner) {
                if !out.iter().any(|f| f.location == finding.location) {
                    out.push(finding);
                }
            }
        }
    }
    out
}

/// The injections of one script.
fn in_script(rel: &str, script: &Node, scope: &Scope<'_>) -> Vec<Finding> {
    let Some(text) = script.as_str() else { return Vec::new() };
    let mut out = Vec::new();
    for fence in expr::fenced(text) {
        let Some((risk, context)) = contexts::expression_risk(fence.body, scope) else {
            continue;
        };
        let (line, column) = place(script, text, fence.offset);
        let shown = fence.body.split_whitespace().collect::<Vec<_>>().join(" ");
        let (severity, how) = match risk {
            Risk::Yes => (Severity::Warning, "whoever writes it can run commands"),
            Risk::Maybe => {
                (Severity::Note, "its value may come from outside; check where it is set")
            }
        };
        out.push(
            Finding::new(
                &WORKFLOW_SCRIPT_INJECTION,
                severity,
                format!("`${{{{ {shown} }}}}` is pasted into a script (`{context}`): {how}"),
            )
            .at(Location::at(rel, line, column))
            .fix(format!(
                "pass it through an environment variable: `env: VALUE: ${{{{ {shown} }}}}` and use \"$VALUE\" in the script"
            )),
        );
    }
    out
}

/// The line and column of byte `offset` of a scalar's text.
fn place(node: &Node, text: &str, offset: usize) -> (u32, u32) {
    if !node.block {
        return (node.line as u32, node.col as u32);
    }
    let before = &text[..offset];
    let line = node.line + before.matches('\n').count();
    let in_line = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line as u32, (node.col + in_line) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::yaml;

    #[test]
    fn a_block_expression_is_placed_on_its_own_line() {
        let docs = yaml::parse("run: |\n  echo a\n  echo ${{ github.head_ref }}\n").unwrap();
        let run = docs[0].get("run").unwrap();
        let text = run.as_str().unwrap();
        assert_eq!(place(run, text, text.find("${{").unwrap()).0, 3);
    }
}
