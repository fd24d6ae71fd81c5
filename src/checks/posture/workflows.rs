//! Sub-checks `dangerous-workflow` and `token-permissions` for workflows in
//! the GitHub Actions schema (GitHub, Forgejo, Gitea), after OpenSSF
//! Scorecard's checks of the same names:
//!
//! - a `pull_request_target`, `workflow_run` or `issue_comment` workflow is
//!   privileged (a warning on its own); one that checks out the untrusted
//!   head (`ref: ${{ github.event.pull_request.head.sha }}`) runs a
//!   stranger's code with the repository's secrets;
//! - script injection (`injection.rs`) and four more hazards (`hazards.rs`),
//!   in workflows and composite actions;
//! - a workflow without a top-level `permissions` (and jobs without their own)
//!   or with `write-all` gets a token that can push code and releases.

use super::SubOutcome;
use super::contexts::Scope;
use super::hazards::{self, Kind};
use super::injection;
use crate::checks::posture::docs::DANGEROUS_TRIGGER;
use crate::checks::posture::docs::{
    TOKEN_PERMISSIONS_MISSING, TOKEN_PERMISSIONS_WRITE, TOKEN_PERMISSIONS_WRITE_ALL,
    UNTRUSTED_CHECKOUT,
};
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
const PRIVILEGED_TRIGGERS: &[&str] = &["pull_request_target", "workflow_run", "issue_comment"];

/// The dangerous-workflow sub-check: the built-in rules, and zizmor's
/// findings when it ran (`zizmor.rs`), one finding per place.
pub fn dangerous(ci: &Ci) -> SubOutcome {
    let mut findings = Vec::new();
    let mut workflows = 0;
    for (file, docs) in ci.workflows() {
        workflows += 1;
        for doc in docs {
            let privileged = privileged_triggers(doc);
            for trigger in privileged.iter().filter(|_| !only_labels(doc)) {
                findings.push(dangerous_trigger(&file.rel, trigger));
            }
            let kind =
                Kind { privileged: !privileged.is_empty(), release: hazards::is_release(doc) };
            let on = doc.get("on");
            let inputs: Vec<&Node> = ["workflow_call", "workflow_dispatch"]
                .iter()
                .filter_map(|t| on.and_then(|o| o.get(t)).and_then(|t| t.get("inputs")))
                .collect();
            for (_, job) in doc.get("jobs").map(Node::entries).unwrap_or_default() {
                let scope = Scope {
                    env: job.get("env").into_iter().chain(doc.get("env")).collect(),
                    matrix: job.get("strategy").and_then(|s| s.get("matrix")),
                    inputs: inputs.clone(),
                };
                let steps = injection::steps(job.get("steps"));
                findings.extend(injection::in_steps(&file.rel, &steps, &scope));
                findings.extend(hazards::in_job(&file.rel, Some(job), &steps, &scope, kind));
                if !privileged.is_empty() {
                    findings.extend(steps.iter().filter_map(|s| untrusted_checkout(&file.rel, s)));
                }
            }
        }
    }
    for (file, doc) in ci.composite_actions() {
        let scope = Scope { inputs: doc.get("inputs").into_iter().collect(), ..Scope::default() };
        let steps = injection::steps(doc.get("runs").and_then(|r| r.get("steps")));
        findings.extend(injection::in_steps(&file.rel, &steps, &scope));
        let kind = Kind { privileged: false, release: false };
        findings.extend(hazards::in_job(&file.rel, None, &steps, &scope, kind));
    }
    super::zizmor::fold(ci, DANGEROUS, &mut findings);
    if workflows == 0 && findings.is_empty() {
        return SubOutcome::new(
            SubCheck::not_applicable(
                DANGEROUS,
                "Dangerous workflow patterns",
                weight::CRITICAL,
                "no GitHub Actions workflows",
            ),
            Vec::new(),
        );
    }
    let severe = |f: &&Finding| f.severity >= Severity::Warning;
    let critical = findings.iter().filter(severe).filter(|f| CRITICAL.contains(&f.code)).count();
    let other = findings.iter().filter(severe).count() - critical;
    let score = match (critical, other) {
        (0, 0) => 10.0,
        (0, _) => 5.0,
        _ => 0.0,
    };
    let engine = super::zizmor::engine(ci);
    let summary = if critical + other == 0 {
        format!("no dangerous pattern in {} ({engine})", count(workflows, "workflow", "workflows"))
    } else {
        format!(
            "{}, {} in {} ({engine})",
            count(critical, "injection or untrusted checkout", "injections or untrusted checkouts"),
            count(other, "other hazard", "other hazards"),
            count(workflows, "workflow", "workflows")
        )
    };
    SubOutcome::new(
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

/// How many kinds of pattern the built-in rules know: untrusted checkout,
/// script injection, privileged trigger, token permissions, unpinned actions,
/// and the four of `hazards.rs`.
pub const BUILTIN_PATTERNS: usize = 9;

/// Findings that run a stranger's code with the workflow's token: the
/// sub-check scores 0; any other warning scores 5.
const CRITICAL: &[&str] = &[
    "untrusted-checkout",
    injection::CODE,
    hazards::ENV_FILE,
    "zizmor/template-injection",
    "zizmor/github-env",
];

/// Code of a privileged trigger.
pub const TRIGGER_CODE: &str = DANGEROUS_TRIGGER.code;

/// Whether the workflow's only job has one step, `actions/labeler`: the
/// blessed use of `pull_request_target`, as zizmor holds too.
fn only_labels(doc: &Node) -> bool {
    let jobs = doc.get("jobs").map(Node::entries).unwrap_or_default();
    let [(_, job)] = jobs.as_slice() else { return false };
    let steps = injection::steps(job.get("steps"));
    let [step] = steps.as_slice() else { return false };
    injection::action_of(step).as_deref() == Some("actions/labeler")
}

/// The privileged triggers of a workflow, with their nodes.
fn privileged_triggers(doc: &Node) -> Vec<(String, &Node)> {
    triggers(doc).into_iter().filter(|(t, _)| PRIVILEGED_TRIGGERS.contains(&t.as_str())).collect()
}

fn dangerous_trigger(rel: &str, (trigger, node): &(String, &Node)) -> Finding {
    Finding::new(
        &DANGEROUS_TRIGGER,
        Severity::Warning,
        format!("`{trigger}` runs with the repository's secrets and a write token on events strangers cause"),
    )
    .at(Location::at(rel, node.line as u32, node.col as u32))
    .fix("use `pull_request` (or `workflow_dispatch`) unless the workflow needs the privileges; if it does, never check out, build or interpolate what the event brings")
}

/// The token-permissions sub-check: the lowest grade over the workflows.
pub fn token_permissions(ci: &Ci) -> SubOutcome {
    let mut findings = Vec::new();
    let mut worst: Option<f64> = None;
    let (mut workflows, mut broad) = (0, 0);
    for (file, docs) in ci.workflows() {
        for doc in docs.iter().filter(|d| d.as_map().is_some()) {
            workflows += 1;
            let (mut score, finding) = permissions(&file.rel, doc);
            let jobs = jobs_writing_all(&file.rel, doc);
            if !jobs.is_empty() {
                score = score.min(5.0);
            }
            broad += usize::from(finding.is_some() || !jobs.is_empty());
            worst = Some(worst.map_or(score, |w: f64| w.min(score)));
            findings.extend(finding);
            findings.extend(jobs);
        }
    }
    if super::zizmor::fold(ci, TOKEN, &mut findings) > 0 {
        worst = worst.map(|w| w.min(5.0));
    }
    let Some(score) = worst else {
        return SubOutcome::new(
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
            of(broad, workflows, "workflow", "workflows"),
            noun(broad, "leaves", "leave")
        )
    };
    SubOutcome::new(
        SubCheck::scored(TOKEN, "Token permissions", weight::HIGH, score, summary),
        findings,
    )
}

/// The event names of a workflow's `on:` (a string, a list or a map), with their nodes.
fn triggers(doc: &Node) -> Vec<(String, &Node)> {
    let Some(on) = doc.get("on") else { return Vec::new() };
    if let Some(one) = on.as_str() {
        return vec![(one.to_owned(), on)];
    }
    if let Some(list) = on.as_seq() {
        return list.iter().filter_map(|n| Some((n.as_str()?.to_owned(), n))).collect();
    }
    on.entries().into_iter().filter_map(|(k, _)| Some((k.as_str()?.to_owned(), k))).collect()
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
        Finding::new(&UNTRUSTED_CHECKOUT, Severity::Warning, format!("a privileged workflow (pull_request_target / workflow_run) checks out untrusted code: `ref: {text}`"))
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
            let finding = Finding::new(&TOKEN_PERMISSIONS_MISSING, Severity::Warning, "no top-level `permissions`: the workflow token gets the repository's default, often read-write")
                .at(Location::at(rel, 1, 1))
                .fix("add `permissions: contents: read` at the top and grant writes per job where needed");
            (0.0, Some(finding))
        }
        Some(p) if writes_all(p) => {
            let finding = Finding::new(&TOKEN_PERMISSIONS_WRITE_ALL, Severity::Warning, "top-level `permissions` grants write access to everything")
                .at(Location::at(rel, p.line as u32, p.col as u32))
                .fix("set `permissions: contents: read` at the top and grant writes per job where needed");
            (0.0, Some(finding))
        }
        Some(p) => match p.entries().into_iter().find(|(_, v)| v.as_str() == Some("write")) {
            Some((scope, v)) => {
                let scope = scope.as_str().unwrap_or_default();
                let finding = Finding::new(
                    &TOKEN_PERMISSIONS_WRITE,
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

/// Jobs whose own `permissions` is `write-all`, broadening whatever the top grants.
fn jobs_writing_all(rel: &str, doc: &Node) -> Vec<Finding> {
    let jobs = doc.get("jobs").map(Node::entries).unwrap_or_default();
    jobs.into_iter()
        .filter_map(|(name, job)| {
            let p = job.get("permissions").filter(|p| writes_all(p))?;
            let name = name.as_str().unwrap_or_default();
            Some(
                Finding::new(&TOKEN_PERMISSIONS_WRITE_ALL, Severity::Warning, format!("job `{name}` grants its token write access to everything"))
                    .at(Location::at(rel, p.line as u32, p.col as u32))
                    .fix("list the scopes the job writes (`contents: write`, `pull-requests: write`...) instead of `write-all`"),
            )
        })
        .collect()
}

/// `write-all`, or a permissions value that is not a map or `read-all`/`{}`.
fn writes_all(p: &Node) -> bool {
    p.as_str().is_some_and(|s| s == "write-all")
}
