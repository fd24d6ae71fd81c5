//! The `supply-chain` layer: what the build pulls in and runs. Five scored
//! sub-checks, each reading files only (no network, nothing built or run):
//!
//! - `supply_chain/sources.rs`: git, other-registry and outside path dependencies;
//! - `supply_chain/build_time.rs`: build scripts and proc-macros;
//! - `supply_chain/duplicates.rs`: crates locked in incompatible versions;
//! - `supply_chain/lockfile.rs`: Cargo.lock committed, CI building `--locked`;
//! - `supply_chain/toolchain.rs`: rust-toolchain.toml pinned, `rust-version` declared;
//! - `supply_chain/declared.rs`: where the manifests declare each dependency;
//! - `supply_chain/policy.rs`: the organisation policy's bans and allowed sources;
//! - `supply_chain/docs.rs`: the finding codes.

pub mod build_time;
pub mod declared;
pub mod docs;
pub mod duplicates;
pub mod lockfile;
pub mod policy;
pub mod sources;
pub mod toolchain;

use super::subcheck::{self, SubCheck, SubStatus};
use super::{Check, LayerReport};
use crate::checks::Details;
use crate::codes::CodeDoc;
use crate::context::Context;

/// The `supply-chain` layer.
pub struct SupplyChain;

pub use super::subcheck::SubOutcome;

impl Check for SupplyChain {
    fn id(&self) -> &'static str {
        "supply-chain"
    }
    fn title(&self) -> &'static str {
        "Supply chain"
    }
    fn weight(&self) -> f64 {
        7.5
    }
    fn about(&self) -> &'static str {
        "What the build pulls in and runs, from Cargo.toml, Cargo.lock, cargo metadata, \
rust-toolchain.toml, .gitignore and the CI files; nothing is fetched, built or run. Five \
sub-checks, each scored 0-10 with a risk weight; one that does not apply is not applicable, \
never a pass. The layer score is the weighted mean of the applicable ones.\n\
\n\
sources (high, 7.5): 10 minus 3 per git repository followed by branch or default branch, 2 per \
repository followed by tag, 2 per registry other than crates.io, 2 per path dependency outside \
the workspace root. A git `rev` that is a commit hash is pinned.\n\
build-time-code (medium, 5): the dependencies with a build script or a proc-macro (from cargo \
metadata; not applicable when the graph cannot be resolved). Up to 20 cost nothing; each \
doubling beyond costs 2.5 (40: 7.5, 80: 5, 160: 2.5).\n\
duplicates (low, 2.5): 10 minus 0.5 per percent of surplus copies (crates locked in several \
semver-incompatible versions) among the dependencies.\n\
lockfile (medium, 5): Cargo.lock committed (6 points, when a member builds a binary; judged from \
.gitignore, never by running git) and CI building with --locked or --frozen (4 points, when CI \
runs cargo), as a share of the applicable points, minus 1 per `cargo install` without --locked \
in CI (at most 3). Not applicable to a library-only workspace whose CI does not build it.\n\
toolchain (low, 2.5): 10 for a rust-toolchain.toml naming an exact release or a dated channel; \
0 for a `path` toolchain; otherwise partial credit for `rust-version` in the members \
(5 x their share when the workspace builds binaries, 10 x their share for libraries).\n\
\n\
With an organisation policy (secure.toml `extends`), every dependency is also checked against \
its `[[bans]]` (banned-crate) and `[sources]` (source-not-allowed): errors that fail the gate \
without changing the score."
    }
    fn codes(&self) -> &'static [&'static CodeDoc] {
        docs::CODES
    }
    fn run(&self, ctx: &Context<'_>) -> LayerReport {
        let ws = ctx.workspace;
        let locator = ctx.locator;
        let manifests = declared::manifests(ws);
        let outcomes = [
            sources::check(ws, &manifests, locator),
            build_time::check(ws, locator),
            duplicates::check(ws, locator),
            lockfile::check(ctx),
            toolchain::check(ctx, &manifests),
        ];
        let subs: Vec<SubCheck> = outcomes.iter().map(|o| o.sub.clone()).collect();
        let evidence = subcheck::evidence(&subs);
        let mut findings = Vec::new();
        let mut details = Details::default();
        for outcome in outcomes {
            findings.extend(outcome.findings);
            details.merge(outcome.details);
        }
        if let Some(floors) = ctx.manifest.and_then(|m| m.floors.as_ref()) {
            findings.extend(policy::findings(ws, floors));
        }
        let report = match subcheck::layer_score(&subs) {
            Some(score) => LayerReport::measured(self, score, summary(&subs), findings),
            None => LayerReport::not_measured(self, "no sub-check applies").with_findings(findings),
        };
        details.checks = Some(subs);
        report.with_evidence(evidence).with_details(details)
    }
}

/// `all 5 sub-checks pass`, or the ones that do not with their scores.
pub(crate) fn summary(subs: &[SubCheck]) -> String {
    let short: Vec<String> = subs
        .iter()
        .filter(|s| s.status != SubStatus::Pass)
        .map(|s| match s.score {
            Some(score) => format!("{} {}/10", s.id, super::subcheck::short(score)),
            None => format!("{} n/a", s.id),
        })
        .collect();
    if short.is_empty() {
        crate::plural::all_pass(subs.len(), "sub-check", "sub-checks")
    } else {
        short.join(", ")
    }
}
