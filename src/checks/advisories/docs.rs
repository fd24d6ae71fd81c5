//! The documentation of every code the advisories layer emits.

use crate::codes::{CodeDoc, Principle};

/// `vulnerability`: A dependency has a known security vulnerability.
pub const VULNERABILITY: CodeDoc = CodeDoc {
    code: "vulnerability",
    title: "A dependency has a known security vulnerability",
    principle: Principle::Continuous,
    checks: "Every crates.io package in Cargo.lock (all platforms and features, as cargo-audit) against the RustSec advisory database; withdrawn advisories are ignored, and git, path or other-registry packages are never matched by name.",
    why: "Advisories are published after you ship: a dependency that was fine at release time can be exploitable today, so the check runs on every build. By default it fails the gate in normal and build scope; dev-only findings are warnings.",
    fix: "Apply the fix shown: `cargo update -p NAME@VERSION --precise X` when a patched release is semver-compatible, otherwise upgrade the parent that pulls the crate in. If the code path is unreachable, record an exception with an owner and an expiry in secure.toml.",
};

/// `unsound`: A dependency has an unsound API.
pub const UNSOUND: CodeDoc = CodeDoc {
    code: "unsound",
    title: "A dependency has an unsound API",
    principle: Principle::Cumulative,
    checks: "RustSec informational advisories of kind `unsound` covering a locked crates.io package.",
    why: "Unsound code lets safe Rust cause undefined behaviour; it undermines the memory-safety layer the rest of the scorecard relies on. A warning by default, an error for high-criticality assets.",
    fix: "Upgrade to a patched release (see the fix), or check that the unsound API is not used and record an exception.",
};

/// `unmaintained`: A dependency is no longer maintained.
pub const UNMAINTAINED: CodeDoc = CodeDoc {
    code: "unmaintained",
    title: "A dependency is no longer maintained",
    principle: Principle::Continuous,
    checks: "RustSec informational advisories of kind `unmaintained` covering a locked crates.io package.",
    why: "Nobody will publish a fix when the next vulnerability is found; the risk grows with time. A warning by default, an error for critical assets.",
    fix: "Move to the maintained alternative the advisory suggests, or take ownership (fork) and record an exception.",
};

/// `notice`: A RustSec notice concerns a dependency.
pub const NOTICE: CodeDoc = CodeDoc {
    code: "notice",
    title: "A RustSec notice concerns a dependency",
    principle: Principle::Collaborative,
    checks: "RustSec informational advisories of kind `notice` covering a locked crates.io package.",
    why: "Notices carry facts maintainers want every user to know (renames, compromised releases removed from crates.io). Shown as notes.",
    fix: "Read the advisory and follow its advice.",
};

/// `yanked`: A locked dependency version was yanked from crates.io.
pub const YANKED: CodeDoc = CodeDoc {
    code: "yanked",
    title: "A locked dependency version was yanked from crates.io",
    principle: Principle::Continuous,
    checks: "Every crates.io package in Cargo.lock against the crates.io sparse index (online runs only).",
    why: "Authors yank releases that are broken or dangerous; a lockfile keeps using them silently. Fails the gate in normal and build scope by default.",
    fix: "`cargo update -p NAME@VERSION` to move to a release that is not yanked.",
};

/// `advisory-db-stale`: The advisory database is older than the allowed age.
pub const ADVISORY_DB_STALE: CodeDoc = CodeDoc {
    code: "advisory-db-stale",
    title: "The advisory database is older than the allowed age",
    principle: Principle::Continuous,
    checks: "The date of the DB's last git commit (or its newest advisory when it is not a git checkout) against `max_db_age_days` (default 7, `--max-db-age`).",
    why: "An old database misses recent advisories, so a clean result means less than it seems.",
    fix: "Run `cargo secure fetch` (or update the directory given to --db).",
};

/// `advisory-db-fetch-failed`: The advisory database could not be fetched.
pub const ADVISORY_DB_FETCH_FAILED: CodeDoc = CodeDoc {
    code: "advisory-db-fetch-failed",
    title: "The advisory database could not be fetched",
    principle: Principle::Continuous,
    checks: "Whether the fetch of https://github.com/RustSec/advisory-db (online runs without --db, --offline or --no-fetch) succeeded within its time limit.",
    why: "With a local copy, the results rest on an older copy than intended (the DB age tells by how much); without one, the advisories layer is not measured.",
    fix: "Check the network or proxy and run `cargo secure fetch`; pass --no-fetch to use the local copy on purpose.",
};

/// `yanked-not-checked`: Yanked crates were not checked.
pub const YANKED_NOT_CHECKED: CodeDoc = CodeDoc {
    code: "yanked-not-checked",
    title: "Yanked crates were not checked",
    principle: Principle::Cumulative,
    checks: "Whether the crates.io index could be consulted (never with --offline).",
    why: "A check that could not run is inconclusive, never a pass: yanked releases may be locked.",
    fix: "Run online (without --offline) to check the crates.io index.",
};

/// Every code of the advisories layer.
pub static CODES: &[&CodeDoc] = &[
    &VULNERABILITY,
    &UNSOUND,
    &UNMAINTAINED,
    &NOTICE,
    &YANKED,
    &ADVISORY_DB_STALE,
    &ADVISORY_DB_FETCH_FAILED,
    &YANKED_NOT_CHECKED,
];
