//! Sub-check `pinned-actions`: every action a workflow uses is pinned to a
//! full commit hash. A tag (`@v4`) or branch can be moved by whoever controls
//! the action's repository; a hash cannot. As OpenSSF Scorecard does, GitHub's
//! own actions count too; local actions (`./...`) and `docker://` images
//! pinned by digest are pinned.

use super::SubOutcome;
use crate::checks::posture::docs::ACTION_NOT_PINNED;
use crate::checks::subcheck::{SubCheck, weight};
use crate::finding::{Finding, Location, Severity};
use crate::plural::of;
use crate::repo::ci::Ci;
use crate::repo::yaml::Node;

/// Sub-check id.
pub const ID: &str = "pinned-actions";
const TITLE: &str = "Actions pinned to a commit";

/// Counts pinned and unpinned `uses:`.
pub fn check(ci: &Ci) -> SubOutcome {
    let mut total = 0usize;
    let mut findings = Vec::new();
    for (file, docs) in ci.workflows() {
        for node in docs.iter().flat_map(uses) {
            let Some(target) = node.as_str() else { continue };
            total += 1;
            if !is_pinned(target) {
                findings.push(
                    Finding::new(&ACTION_NOT_PINNED, Severity::Warning, format!("`{target}` is not pinned to a commit hash"))
                        .at(Location::at(&file.rel, node.line as u32, node.col as u32))
                        .fix("pin the full 40-character commit hash and keep the tag as a comment: `uses: owner/repo@<sha> # v1.2.3`"),
                );
            }
        }
    }
    if total == 0 {
        return SubOutcome::new(
            SubCheck::not_applicable(
                ID,
                TITLE,
                weight::MEDIUM,
                "no GitHub Actions workflow uses an action",
            ),
            Vec::new(),
        );
    }
    let pinned = total - findings.len();
    let mut score = 10.0 * pinned as f64 / total as f64;
    if super::zizmor::fold(ci, ID, &mut findings) > 0 {
        score = score.min(5.0);
    }
    SubOutcome::new(
        SubCheck::scored(
            ID,
            TITLE,
            weight::MEDIUM,
            score,
            format!("{} pinned to a commit hash", of(pinned, total, "action", "actions")),
        ),
        findings,
    )
}

/// Every `uses:` value of a workflow: steps' actions and reusable workflows.
fn uses(doc: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    for (_, job) in doc.get("jobs").map(Node::entries).unwrap_or_default() {
        out.extend(job.get("uses"));
        for step in job.get("steps").and_then(Node::as_seq).unwrap_or_default() {
            out.extend(step.get("uses"));
        }
    }
    out
}

/// Whether a `uses:` value is immutable.
pub fn is_pinned(target: &str) -> bool {
    if target.starts_with("./") {
        return true;
    }
    if let Some(image) = target.strip_prefix("docker://") {
        return image.contains("@sha256:");
    }
    target
        .rsplit_once('@')
        .is_some_and(|(_, r)| r.len() == 40 && r.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_pinned;

    #[test]
    fn only_hashes_digests_and_local_actions_are_pinned() {
        assert!(is_pinned("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"));
        assert!(!is_pinned("actions/checkout@v4"));
        assert!(!is_pinned("actions/checkout@main"));
        assert!(is_pinned("./.github/actions/setup"));
        assert!(!is_pinned("docker://alpine:3"));
        assert!(is_pinned("docker://alpine@sha256:abc"));
    }
}
