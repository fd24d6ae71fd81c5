//! Four more workflow hazards, the most common after script injection in
//! zizmor's measurements, counted toward `dangerous-workflow`:
//!
//! - a release workflow (`release`, a tag push, a `release*` branch push, or
//!   a job with a publishing step) restoring a cache, which pull-request
//!   workflows of the same repository can write (cache poisoning);
//! - `actions/checkout` leaving the token in `.git/config`
//!   (`persist-credentials` not `false`), a warning when the job also uploads
//!   an artifact that may carry it (artipacked);
//! - a container image without a digest (`container:`, `services:`,
//!   `uses: docker://`);
//! - a script writing to `$GITHUB_ENV` or `$GITHUB_PATH` what a stranger
//!   controls, or anything in a privileged workflow: the next steps run with it.

use super::contexts::{self, Risk, Scope};
use super::injection;
use crate::checks::posture::docs::CHECKOUT_PERSISTS_CREDENTIALS;
use crate::checks::posture::docs::CONTAINER_IMAGE_NOT_PINNED;
use crate::checks::posture::docs::WORKFLOW_CACHE_POISONING;
use crate::checks::posture::docs::WORKFLOW_ENV_FILE_WRITE;
use crate::finding::{Finding, Location, Severity};
use crate::repo::yaml::Node;

/// Code of a cache restored in a release workflow.
pub const CACHE: &str = WORKFLOW_CACHE_POISONING.code;
/// Code of a checkout that keeps its credentials.
pub const ARTIPACKED: &str = CHECKOUT_PERSISTS_CREDENTIALS.code;
/// Code of a container image without a digest.
pub const IMAGE: &str = CONTAINER_IMAGE_NOT_PINNED.code;
/// Code of a write to `$GITHUB_ENV` / `$GITHUB_PATH`.
pub const ENV_FILE: &str = WORKFLOW_ENV_FILE_WRITE.code;

/// Caching actions: (owner/repo, the input that turns the cache on or off, on by default).
const CACHING: &[(&str, &str, bool)] = &[
    ("actions/cache", "lookup-only", true),
    ("swatinem/rust-cache", "", true),
    ("actions/setup-go", "cache", true),
    ("actions/setup-java", "cache", false),
    ("actions/setup-node", "cache", false),
    ("actions/setup-python", "cache", false),
    ("actions/setup-dotnet", "cache", false),
    ("astral-sh/setup-uv", "enable-cache", true),
    ("mozilla-actions/sccache-action", "", true),
    ("pyo3/maturin-action", "sccache", false),
    ("docker/build-push-action", "cache-from", false),
];

/// Actions that publish what the job built.
const PUBLISHERS: &[&str] = &[
    "softprops/action-gh-release",
    "ncipollo/release-action",
    "pypa/gh-action-pypi-publish",
    "rust-lang/crates-io-auth-action",
    "goreleaser/goreleaser-action",
    "katyo/publish-crates",
];
/// Commands that publish what the job built.
const PUBLISHING_COMMANDS: &[&str] =
    &["cargo publish", "npm publish", "twine upload", "gh release create", "docker push"];

/// What a workflow is, for the rules that depend on it.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// Triggered by `pull_request_target`, `workflow_run` or `issue_comment`.
    pub privileged: bool,
    /// Triggered by a release, a tag push or a release-branch push.
    pub release: bool,
}

/// Whether a workflow publishes releases, by its triggers.
pub fn is_release(doc: &Node) -> bool {
    let Some(on) = doc.get("on") else { return false };
    let named = |name: &str| {
        on.as_str() == Some(name)
            || on.as_seq().is_some_and(|s| s.iter().any(|t| t.as_str() == Some(name)))
            || on.get(name).is_some()
    };
    let push = on.get("push");
    let tags = push.is_some_and(|p| p.get("tags").is_some());
    let branches = push.and_then(|p| p.get("branches")).and_then(Node::as_seq).unwrap_or_default();
    let release_branch = branches
        .iter()
        .any(|b| b.as_str().is_some_and(|b| b.to_ascii_lowercase().contains("release")));
    named("release") || tags || release_branch
}

/// The hazards of one job (or composite action) in `scope`.
pub fn in_job<'a>(
    rel: &str,
    job: Option<&'a Node>,
    steps: &[&'a Node],
    scope: &Scope<'a>,
    kind: Kind,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(job) = job {
        out.extend(images(rel, job, scope.matrix));
    }
    let publishes = steps.iter().any(|s| {
        injection::action_of(s).is_some_and(|a| PUBLISHERS.contains(&a.as_str()))
            || s.get("run")
                .and_then(Node::as_str)
                .is_some_and(|r| PUBLISHING_COMMANDS.iter().any(|c| r.contains(c)))
    });
    let uploads = steps
        .iter()
        .any(|s| injection::action_of(s).is_some_and(|a| a == "actions/upload-artifact"));
    for step in steps {
        let action = injection::action_of(step);
        let uses = step.get("uses");
        if let Some(image) = uses.and_then(Node::as_str).and_then(|u| u.strip_prefix("docker://")) {
            out.extend(unpinned_image(rel, uses.unwrap_or(step), image));
        }
        if let Some(action) = action.as_deref() {
            if kind.release || publishes {
                out.extend(cache(rel, step, action));
            }
            if action == "actions/checkout" {
                out.extend(checkout(rel, step, uploads));
            }
        }
        let mut inner = scope.clone();
        if let Some(env) = step.get("env") {
            inner.env.insert(0, env);
        }
        if let Some(run) = step.get("run") {
            out.extend(env_file(rel, run, &inner, kind.privileged));
        }
    }
    out
}

fn cache(rel: &str, step: &Node, action: &str) -> Option<Finding> {
    let &(_, input, default) = CACHING.iter().find(|(name, _, _)| *name == action)?;
    let value = step.get("with").and_then(|w| w.get(input)).and_then(Node::as_str);
    let on = match (action, value) {
        ("actions/cache", Some(v)) => v != "true",
        (_, None) => default,
        (_, Some(v)) => !matches!(v.trim(), "" | "false"),
    };
    let node = step.get("uses")?;
    on.then(|| {
        Finding::new(&WORKFLOW_CACHE_POISONING, Severity::Warning, format!("`{action}` restores a cache in a release workflow: a pull request's workflow can write that cache, and the release is built from it"))
            .at(Location::at(rel, node.line as u32, node.col as u32))
            .fix("turn the cache off in release workflows (for example `cache: false`, or no `actions/cache` step)")
    })
}

fn checkout(rel: &str, step: &Node, uploads: bool) -> Option<Finding> {
    let persist = step.get("with").and_then(|w| w.get("persist-credentials"));
    if persist.and_then(Node::as_str).is_some_and(|v| v == "false") {
        return None;
    }
    let node = step.get("uses")?;
    let (severity, tail) = if uploads {
        (Severity::Warning, "and this job uploads an artifact that may include it")
    } else {
        (Severity::Note, "where later steps and anything they run can read it")
    };
    Some(
        Finding::new(
            &CHECKOUT_PERSISTS_CREDENTIALS,
            severity,
            format!("`actions/checkout` keeps the token in .git/config {tail}"),
        )
        .at(Location::at(rel, node.line as u32, node.col as u32))
        .fix("add `with: persist-credentials: false` to the checkout step"),
    )
}

/// The `container:` and `services.*` images of a job; `${{ matrix.x }}`
/// stands for each value the matrix gives `x`, reported at the image.
fn images(rel: &str, job: &Node, matrix: Option<&Node>) -> Vec<Finding> {
    let mut nodes: Vec<&Node> = Vec::new();
    nodes.extend(job.get("container").and_then(image_of));
    for (_, service) in job.get("services").map(Node::entries).unwrap_or_default() {
        nodes.extend(image_of(service));
    }
    let mut out = Vec::new();
    for node in nodes {
        let Some(text) = node.as_str() else { continue };
        let name = text.trim().strip_prefix("${{").and_then(|t| t.strip_suffix("}}"));
        let name = name.and_then(|t| t.trim().strip_prefix("matrix.")).map(str::trim);
        let images: Vec<&str> = match (name, matrix) {
            (Some(name), Some(matrix)) => contexts::matrix_values(matrix, name)
                .into_iter()
                .flat_map(|v| v.as_seq().map_or_else(|| vec![v], |s| s.iter().collect()))
                .filter_map(Node::as_str)
                .collect(),
            _ => vec![text],
        };
        // One finding per place: the worst image the place can stand for.
        let worst =
            images.iter().filter_map(|i| unpinned_image(rel, node, i)).max_by_key(|f| f.severity);
        out.extend(worst);
    }
    out
}

/// A `container:`/service value's image: the string itself or its `image:`.
fn image_of(node: &Node) -> Option<&Node> {
    if node.as_str().is_some() { Some(node) } else { node.get("image") }
}

fn unpinned_image(rel: &str, node: &Node, image: &str) -> Option<Finding> {
    if image.contains("@sha256:") || image.contains("${{") || image.trim().is_empty() {
        return None;
    }
    let name = image.rsplit('/').next().unwrap_or(image);
    let tag = name.split_once(':').map(|(_, t)| t);
    let severity =
        if matches!(tag, None | Some("latest")) { Severity::Warning } else { Severity::Note };
    Some(
        Finding::new(&CONTAINER_IMAGE_NOT_PINNED, severity, format!("container image `{image}` is not pinned to a digest: whoever controls the tag chooses what runs"))
            .at(Location::at(rel, node.line as u32, node.col as u32))
            .fix("pin the image by digest: `image: name:tag@sha256:<digest>`"),
    )
}

/// Lines of a script writing to `$GITHUB_ENV` or `$GITHUB_PATH`.
fn env_file(rel: &str, run: &Node, scope: &Scope<'_>, privileged: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for (line, text) in run.lines() {
        let Some(file) = ["GITHUB_ENV", "GITHUB_PATH"].into_iter().find(|f| text.contains(f))
        else {
            continue;
        };
        let untrusted = expression_risk(text, scope) || variable_risk(text, scope);
        if !(untrusted || privileged) {
            continue;
        }
        let why = if untrusted {
            "a value a stranger controls"
        } else {
            "in a workflow that runs on strangers' events"
        };
        out.push(
            Finding::new(&WORKFLOW_ENV_FILE_WRITE, Severity::Warning, format!("the script writes to ${file} {why}: every later step of the job runs with it (LD_PRELOAD, PATH, NODE_OPTIONS...)"))
                .at(Location::at(rel, line as u32, 1))
                .fix("do not write untrusted data to $GITHUB_ENV or $GITHUB_PATH; pass it as a step output or an `env:` value instead"),
        );
    }
    out
}

fn expression_risk(text: &str, scope: &Scope<'_>) -> bool {
    super::expr::fenced(text)
        .iter()
        .any(|f| contexts::expression_risk(f.body, scope).is_some_and(|(r, _)| r == Risk::Yes))
}

/// Whether the line reads `$NAME`/`${NAME}` for an `env` value a stranger controls.
fn variable_risk(text: &str, scope: &Scope<'_>) -> bool {
    text.split('$').skip(1).any(|rest| {
        let name: String = rest
            .trim_start_matches('{')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        !name.is_empty()
            && !name.starts_with("GITHUB_")
            && scope.env.iter().any(|env| env.get(&name).is_some())
            && contexts::risk(&super::expr::Flow::Context(format!("env.{name}")), scope)
                .is_some_and(|(r, _)| r == Risk::Yes)
    })
}
