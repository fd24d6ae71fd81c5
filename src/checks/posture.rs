//! The `posture` layer: how the team builds and delivers, the local half of
//! OpenSSF Scorecard made for Rust. Ten scored sub-checks, each reading files
//! of the repository (and zizmor's findings, gathered before the checks run):
//!
//! - `posture/policy.rs`: SECURITY.md with a contact and disclosure wording;
//! - `posture/ci.rs`: CI exists, runs the tests and a security scan;
//! - `posture/workflows.rs`: dangerous workflow patterns and token permissions
//!   (`expr.rs`, `contexts.rs`, `injection.rs`, `hazards.rs`; zizmor's
//!   findings from `zizmor.rs`, the one place the layer reads a tool's output);
//! - `posture/pinned.rs`: actions pinned to commit hashes;
//! - `posture/updates.rs`: Dependabot or Renovate;
//! - `posture/fuzzing.rs`: fuzz targets, property tests;
//! - `posture/lints.rs`: unsafe_code denied, clippy -D warnings in CI;
//! - `posture/binaries.rs`: checked-in binaries, by magic bytes;
//! - `posture/license.rs`: licence file and `license` in publishable crates;
//! - `posture/docs.rs`: the finding codes.

pub mod binaries;
pub mod ci;
pub mod contexts;
pub mod docs;
pub mod expr;
pub mod fuzzing;
pub mod hazards;
pub mod injection;
pub mod license;
pub mod lints;
pub mod pinned;
pub mod policy;
pub mod updates;
pub mod workflows;
pub mod zizmor;

use super::subcheck::{self, SubCheck, SubOutcome, SubStatus};
use super::{Check, LayerReport};
use crate::codes::CodeDoc;
use crate::context::Context;
use std::sync::LazyLock;

/// The `posture` layer.
pub struct Posture;

impl Check for Posture {
    fn id(&self) -> &'static str {
        "posture"
    }
    fn title(&self) -> &'static str {
        "Repository posture"
    }
    fn weight(&self) -> f64 {
        5.0
    }
    fn about(&self) -> &'static str {
        "How the repository is built and delivered, read from its files (the walk honours \
.gitignore, skips .git and target, never runs git, caps every read at 1 MiB); nothing is fetched \
or run. Ten sub-checks after OpenSSF Scorecard, each scored 0-10 with Scorecard's risk weights; \
one that does not apply is not applicable, never a pass. The layer score is the weighted mean of \
the applicable ones.\n\
\n\
security-policy (medium, 5): SECURITY.md at the root, .github/ or docs/ (4), with an email or URL \
(3) and disclosure wording (3).\n\
ci (high, 7.5): CI configured (5: GitHub Actions, Forgejo, Gitea, GitLab, CircleCI, Travis, Azure, \
Bitbucket, Buildkite, Drone, Woodpecker, Cirrus, AppVeyor, SourceHut, Jenkins, .ci/ scripts), \
running cargo test or nextest (3) and cargo secure, cargo-audit or cargo-deny (2); scripts and \
make/just targets CI invokes are read one level deep.\n\
dangerous-workflow (critical, 10): 0 for script injection (`${{ }}` expressions parsed and \
followed through env, inputs and the matrix to fields strangers write, in run: and known script \
inputs, in workflows and composite actions), an untrusted write to $GITHUB_ENV/$GITHUB_PATH, or a \
checkout of the untrusted head under pull_request_target/workflow_run/issue_comment; 5 for such a \
trigger alone, a cache in a release workflow, a checkout keeping its token beside an upload or an \
unpinned container image; else 10. With zizmor installed (on PATH outside the repository, or \
CARGO_SECURE_ZIZMOR; --no-zizmor turns it off), its findings join as zizmor/<audit>.\n\
token-permissions (high, 7.5): the worst workflow: 0 without top-level permissions (unless every \
job has its own) or with write-all, 5 with a top-level write scope or a job's own write-all, else \
10.\n\
pinned-actions (medium, 5): 10 x the share of `uses:` pinned to a commit hash.\n\
dependency-updates (high, 7.5): Renovate or Dependabot with cargo 10, Dependabot without cargo 5.\n\
fuzzing (medium, 5): a cargo-fuzz/afl/honggfuzz/bolero target 10, property tests only 5.\n\
lints (medium, 5): 5 x the share of workspace crates denying unsafe_code, plus 5 when CI runs \
clippy with -D warnings.\n\
binary-artifacts (high, 7.5): 10 minus 1 per checked-in executable, library or object file \
(recognised by magic bytes).\n\
license (low, 2.5): a licence file at the root (5) and `license` in every publishable crate (5)."
    }
    fn codes(&self) -> &'static [&'static CodeDoc] {
        static ALL: LazyLock<Vec<&'static CodeDoc>> = LazyLock::new(|| {
            let integration = [&zizmor::ZIZMOR_OTHER, &zizmor::ZIZMOR_FAILED];
            docs::CODES.iter().copied().chain(zizmor::AUDITS).chain(integration).collect()
        });
        ALL.as_slice()
    }
    fn run(&self, ctx: &Context<'_>) -> LayerReport {
        if let Some(other) = &ctx.options.posture_measured_with {
            let reason = format!("measured once for the repository, with workspace `{other}`");
            return LayerReport::not_measured(self, reason);
        }
        let (ws, repo, ci_facts) = (ctx.workspace, ctx.repo, ctx.ci);
        let outcomes = [
            policy::check(repo),
            ci::check(ci_facts),
            workflows::dangerous(ci_facts),
            workflows::token_permissions(ci_facts),
            pinned::check(ci_facts),
            updates::check(repo),
            fuzzing::check(ws, repo),
            lints::check(ws, ci_facts),
            binaries::check(repo),
            license::check(ws, repo),
        ];
        let subs: Vec<SubCheck> = outcomes.iter().map(|o| o.sub.clone()).collect();
        let mut evidence = subcheck::evidence(&subs);
        if repo.truncated {
            evidence
                .push(format!("the repository walk stopped at {} files", crate::repo::MAX_FILES));
        }
        let findings: Vec<_> = outcomes.into_iter().flat_map(|o| o.findings).collect();
        let report = match subcheck::layer_score(&subs) {
            Some(score) => LayerReport::measured(self, score, summary(&subs), findings),
            None => LayerReport::not_measured(self, "no sub-check applies").with_findings(findings),
        };
        let workflow_engine = ci_facts.workflows().next().map(|_| zizmor::engine(ci_facts));
        let details =
            crate::checks::Details { checks: Some(subs), workflow_engine, ..Default::default() };
        report.with_evidence(evidence).with_details(details)
    }
}

/// `all N sub-checks pass`, or the ones that do not with their scores.
pub(crate) fn summary(subs: &[SubCheck]) -> String {
    let short: Vec<String> = subs
        .iter()
        .filter(|s| !matches!(s.status, SubStatus::Pass | SubStatus::NotApplicable))
        .map(|s| format!("{} {}/10", s.id, subcheck::short(s.score.unwrap_or_default())))
        .collect();
    if short.is_empty() {
        let applicable = subs.iter().filter(|s| s.score.is_some()).count();
        crate::plural::all_pass(applicable, "applicable sub-check", "applicable sub-checks")
    } else {
        short.join(", ")
    }
}
