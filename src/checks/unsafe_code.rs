//! The `unsafe-code` layer: the counts the scanner measured
//! ([`crate::facts::unsafe_scan`]) turned into findings, a score and the
//! `packages` table.
//!
//! - `unsafe_code/baseline.rs`: `secure-baseline.toml` and budgets;
//! - `unsafe_code/report.rs`: findings, score and details.

pub mod baseline;
pub mod report;

use super::{Check, LayerReport};
use crate::codes::{CodeDoc, Principle};
use crate::context::Context;

/// The `unsafe-code` layer.
pub struct UnsafeCode;

impl Check for UnsafeCode {
    fn id(&self) -> &'static str {
        "unsafe-code"
    }
    fn title(&self) -> &'static str {
        "Unsafe code"
    }
    fn weight(&self) -> f64 {
        7.5
    }
    fn about(&self) -> &'static str {
        "Counts unsafe code by reading (never building) every file of each target of the \
workspace members and of every dependency whose source is on disk, with rustc's lexer and an \
item walk (members are also parsed with syn, to place each item): unsafe blocks, unsafe fns \
(free functions and methods), unsafe impls and traits, extern blocks, `static mut` and the \
unsafe attributes (`no_mangle`, `export_name`, `link_section`, `unsafe(...)`); `unsafe` inside \
macro token streams is counted apart (`in_macros`). Comments, strings and identifiers never \
count. A package with a file that cannot be read or tokenized (or, in a member, parsed) is \
`unknown`, never safe. Build \
scripts are counted; tests, benches, examples and `#[cfg(test)]` code only with --include-tests.\n\
\n\
Score (0-10) = 0.6 x M + 0.4 x D (M alone when there are no dependencies).\n\
M is the mean over workspace crates of: 10 if it forbids unsafe code, 8 if it holds none, \
2 + 6 x (share of its unsafe blocks and fns documented with `// SAFETY:` or `# Safety`) if it \
uses some, 0 if unknown.\n\
D is the mean over shipped (non-dev) dependencies of: 1 if it forbids or holds no unsafe code, \
1 / (1 + log10(1 + unsafe items)) if it uses some, 0 if unknown; times 10.\n\
Sub-check `forbid-unsafe`: the share of workspace crates that forbid unsafe code.\n\
The ratchet: `cargo secure baseline` records the members' counts in secure-baseline.toml; \
a crate that grows beyond it is an error."
    }
    fn codes(&self) -> &'static [&'static CodeDoc] {
        CODES
    }
    fn run(&self, ctx: &Context<'_>) -> LayerReport {
        report::build(self, ctx)
    }
}

/// `unsafe-undocumented`: Unsafe block or fn without a SAFETY comment.
pub const UNSAFE_UNDOCUMENTED: CodeDoc = CodeDoc {
    code: "unsafe-undocumented",
    title: "Unsafe block or fn without a SAFETY comment",
    principle: Principle::Collaborative,
    checks: "Every unsafe block and unsafe fn of a workspace crate has a `// SAFETY:` comment on the lines just above it (clippy's `undocumented_unsafe_blocks`), or for an unsafe fn a `# Safety` doc section.",
    why: "The comment states the invariant that makes the code sound; without it a reviewer cannot check it and a later change breaks it silently.",
    fix: "Add `// SAFETY: <why the invariants hold>` above the block, or a `# Safety` section to the fn's docs.",
};

/// `unsafe-baseline-exceeded`: A workspace crate holds more unsafe code than its baseline.
pub const UNSAFE_BASELINE_EXCEEDED: CodeDoc = CodeDoc {
    code: "unsafe-baseline-exceeded",
    title: "A workspace crate holds more unsafe code than its baseline",
    principle: Principle::Continuous,
    checks: "Each workspace crate's total unsafe count against secure-baseline.toml, written by `cargo secure baseline`.",
    why: "New unsafe code should be a deliberate, reviewed decision, not something that slips in.",
    fix: "Remove the new unsafe code, or review it and run `cargo secure baseline` to record the new counts.",
};

/// `unsafe-baseline-unreadable`: secure-baseline.toml cannot be read.
pub const UNSAFE_BASELINE_UNREADABLE: CodeDoc = CodeDoc {
    code: "unsafe-baseline-unreadable",
    title: "secure-baseline.toml cannot be read",
    principle: Principle::Continuous,
    checks: "secure-baseline.toml, when present, parses and has a version this cargo secure reads.",
    why: "A ratchet that cannot be read holds nothing back: every crate could have grown unnoticed.",
    fix: "Fix the file, or write it again with `cargo secure baseline`.",
};

/// `unsafe-budget-exceeded`: A workspace crate holds more unsafe code than its budget.
pub const UNSAFE_BUDGET_EXCEEDED: CodeDoc = CodeDoc {
    code: "unsafe-budget-exceeded",
    title: "A workspace crate holds more unsafe code than its budget",
    principle: Principle::Contextual,
    checks: "Each workspace crate's total unsafe count against its budget in secure.toml (`[unsafe] budgets = { crate = N }`).",
    why: "The budget is the amount of unsafe code the team agreed to maintain and review.",
    fix: "Remove unsafe code, or raise the budget in secure.toml with a reason.",
};

/// `unsafe-unreadable`: A package's unsafe code could not be counted.
pub const UNSAFE_UNREADABLE: CodeDoc = CodeDoc {
    code: "unsafe-unreadable",
    title: "A package's unsafe code could not be counted",
    principle: Principle::Cumulative,
    checks: "Every file of the package's targets can be read, is UTF-8, is not enormous, is not a symlink loop, and tokenizes (a workspace member's also parses).",
    why: "A package that could not be read entirely is unknown, never safe: its unsafe code is simply not visible.",
    fix: "Check the file named in the message (fix the syntax, the encoding or the link), or upgrade the dependency.",
};

/// `unsafe-not-forbidden`: A workspace crate without unsafe code does not forbid it.
pub const UNSAFE_NOT_FORBIDDEN: CodeDoc = CodeDoc {
    code: "unsafe-not-forbidden",
    title: "A workspace crate without unsafe code does not forbid it",
    principle: Principle::Cumulative,
    checks: "Workspace crates that hold no unsafe code have `#![forbid(unsafe_code)]` at their roots or `[lints.rust] unsafe_code = \"forbid\"`.",
    why: "Forbidding keeps the crate safe as it changes: the compiler rejects the first unsafe block.",
    fix: "Add `#![forbid(unsafe_code)]` to the crate root, or `[lints.rust] unsafe_code = \"forbid\"` to Cargo.toml (or the workspace's `[workspace.lints.rust]`).",
};

/// `dependency-sources-missing`: Dependency sources are not on disk.
pub const DEPENDENCY_SOURCES_MISSING: CodeDoc = CodeDoc {
    code: "dependency-sources-missing",
    title: "Dependency sources are not on disk",
    principle: Principle::Cumulative,
    checks: "The source of every package in the resolved graph is on disk, so its unsafe code can be counted. cargo secure never downloads it.",
    why: "A dependency whose source is missing cannot be measured; its unsafe code is unknown.",
    fix: "Run `cargo fetch` (with network access), then run cargo secure again.",
};

/// Every code of the unsafe-code layer.
pub static CODES: &[&CodeDoc] = &[
    &UNSAFE_UNDOCUMENTED,
    &UNSAFE_BASELINE_EXCEEDED,
    &UNSAFE_BASELINE_UNREADABLE,
    &UNSAFE_BUDGET_EXCEEDED,
    &UNSAFE_UNREADABLE,
    &UNSAFE_NOT_FORBIDDEN,
    &DEPENDENCY_SOURCES_MISSING,
];
