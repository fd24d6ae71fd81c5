//! The documentation of every code the supply-chain layer emits.

use crate::codes::{CodeDoc, Principle};

/// `git-dependency-unpinned`: A git dependency follows a branch, a tag or the default branch.
pub const GIT_DEPENDENCY_UNPINNED: CodeDoc = CodeDoc {
    code: "git-dependency-unpinned",
    title: "A git dependency follows a branch, a tag or the default branch",
    principle: Principle::Continuous,
    checks: "Every git package in Cargo.lock: its source URL keeps what Cargo.toml asked for (`?branch=`, `?tag=`, `?rev=`, or nothing for the default branch). Only a `rev` that is a commit hash pins it. One finding per repository and reference, at the declaring line of Cargo.toml when there is one.",
    why: "Cargo.lock records the commit, but the next `cargo update` (or a build without the lockfile) takes whatever was pushed: whoever controls the branch or moves the tag controls your build. Git dependencies are also invisible to RustSec advisories.",
    fix: "Pin the commit (`rev = \"<full commit hash>\"`), or depend on a crates.io release.",
};

/// `foreign-registry`: A dependency comes from a registry other than crates.io.
pub const FOREIGN_REGISTRY: CodeDoc = CodeDoc {
    code: "foreign-registry",
    title: "A dependency comes from a registry other than crates.io",
    principle: Principle::Contextual,
    checks: "Every registry package in Cargo.lock whose source is not crates.io; one finding per registry.",
    why: "Another registry has its own access control and publishing rules, and a name that also exists on crates.io invites dependency confusion. RustSec advisories do not cover it.",
    fix: "Make sure the registry is one you control and trust; accept the finding with an exception in secure.toml naming its owner.",
};

/// `path-dependency-outside-workspace`: A path dependency lives outside the workspace.
pub const PATH_DEPENDENCY_OUTSIDE_WORKSPACE: CodeDoc = CodeDoc {
    code: "path-dependency-outside-workspace",
    title: "A path dependency lives outside the workspace",
    principle: Principle::Cumulative,
    checks: "Path packages (no source in Cargo.lock) that are not members and whose directory (from cargo metadata, else the `path` in Cargo.toml) is outside the workspace root.",
    why: "Code outside the repository is not reviewed, versioned or scanned with it; the build depends on whatever sits next to the checkout.",
    fix: "Move the crate into the workspace, or depend on a release or a pinned git revision.",
};

/// `build-time-code`: A dependency runs code at build time.
pub const BUILD_TIME_CODE: CodeDoc = CodeDoc {
    code: "build-time-code",
    title: "A dependency runs code at build time",
    principle: Principle::Cumulative,
    checks: "Packages of cargo metadata's graph with a build script (`custom-build` target) or a `proc-macro` target. Listed as notes, one per package; workspace crates are listed in the JSON detail only.",
    why: "Build scripts and proc-macros run with the builder's permissions during `cargo build`, `cargo check` and in editors, before any test: a compromised one steals CI secrets or signing keys. Knowing the list is the first step to reviewing it.",
    fix: "Review them (cargo-vet, crev), and drop those not needed or the features that pull them in.",
};

/// `duplicate-crate`: A crate is locked in several incompatible versions.
pub const DUPLICATE_CRATE: CodeDoc = CodeDoc {
    code: "duplicate-crate",
    title: "A crate is locked in several incompatible versions",
    principle: Principle::Continuous,
    checks: "Names in Cargo.lock present in several semver-incompatible versions (different major versions, or different minor versions before 1.0). One finding per crate, on the oldest copy.",
    why: "Every copy is code to audit and patch on its own, and the older copies are the ones that stop receiving fixes.",
    fix: "Upgrade the dependents of the older copies (`cargo tree -i NAME@VERSION` shows them) so one version remains.",
};

/// `lockfile-not-committed`: Cargo.lock is not committed.
pub const LOCKFILE_NOT_COMMITTED: CodeDoc = CodeDoc {
    code: "lockfile-not-committed",
    title: "Cargo.lock is not committed",
    principle: Principle::Continuous,
    checks: "Whether the repository walk (which honours .gitignore, without running git) lists Cargo.lock. A warning when a member has a binary target, a note for library-only workspaces.",
    why: "Without the lockfile each build resolves dependencies again, so what is built and shipped is not what was reviewed and tested.",
    fix: "Remove Cargo.lock from .gitignore and commit it.",
};

/// `ci-not-locked`: CI builds without --locked.
pub const CI_NOT_LOCKED: CodeDoc = CodeDoc {
    code: "ci-not-locked",
    title: "CI builds without --locked",
    principle: Principle::Continuous,
    checks: "Whether at least one `cargo build`, `test`, `nextest`, `run`, `check`, `clippy`, `doc` or `bench` that CI runs (workflows, CI files and the scripts they call) passes `--locked` or `--frozen`.",
    why: "Without it, CI silently updates a Cargo.lock that is out of date and tests versions nobody chose.",
    fix: "Add `--locked` to CI's cargo commands.",
};

/// `cargo-install-unlocked`: CI installs a tool with `cargo install` without --locked.
pub const CARGO_INSTALL_UNLOCKED: CodeDoc = CodeDoc {
    code: "cargo-install-unlocked",
    title: "CI installs a tool with `cargo install` without --locked",
    principle: Principle::Continuous,
    checks: "Every `cargo install` command CI runs.",
    why: "Without --locked, cargo ignores the tool's own lockfile and builds it with the newest versions of its dependencies: a compromised release anywhere in its tree runs in CI with its secrets.",
    fix: "Use `cargo install --locked --version X NAME`, or download a released binary and check its checksum.",
};

/// `toolchain-unpinned`: The Rust toolchain is not pinned.
pub const TOOLCHAIN_UNPINNED: CodeDoc = CodeDoc {
    code: "toolchain-unpinned",
    title: "The Rust toolchain is not pinned",
    principle: Principle::Continuous,
    checks: "`rust-toolchain.toml` (or the legacy `rust-toolchain`) at the workspace root names an exact release (`1.95.0`) or a dated channel (`nightly-2026-01-01`). A missing file is a warning when the workspace builds binaries, a note otherwise.",
    why: "The compiler and its standard library are part of what you ship; `stable` changes every six weeks, so two builds of the same commit differ.",
    fix: "Add rust-toolchain.toml with `[toolchain] channel = \"1.xx.y\"`, and let Dependabot or Renovate propose updates.",
};

/// `toolchain-path`: The toolchain file points at a local directory.
pub const TOOLCHAIN_PATH: CodeDoc = CodeDoc {
    code: "toolchain-path",
    title: "The toolchain file points at a local directory",
    principle: Principle::Cumulative,
    checks: "`[toolchain] path = ...` in rust-toolchain.toml.",
    why: "rustup then runs `cargo` and `rustc` from that path for anyone who builds the checkout: whoever can change the path or its contents runs code on every developer machine.",
    fix: "Name an exact release with `channel` instead.",
};

/// `rust-version-missing`: A workspace crate declares no minimum Rust version.
pub const RUST_VERSION_MISSING: CodeDoc = CodeDoc {
    code: "rust-version-missing",
    title: "A workspace crate declares no minimum Rust version",
    principle: Principle::Collaborative,
    checks: "`rust-version` under `[package]` (directly or through `workspace = true`) of each member.",
    why: "The MSRV tells users and CI which compilers are supported, and lets cargo's resolver pick dependency versions that build with it.",
    fix: "Add `rust-version = \"1.xx\"` to the member, or once to `[workspace.package]`.",
};

/// `banned-crate`: The organisation policy bans a crate in the dependency graph.
pub const BANNED_CRATE: CodeDoc = CodeDoc {
    code: "banned-crate",
    title: "The organisation policy bans a crate in the dependency graph",
    principle: Principle::Collaborative,
    checks: "Every dependency in Cargo.lock against the `[[bans]]` of the organisation policies secure.toml `extends` (the crate, and its `versions` requirement when given). The finding points at the ban in the policy and names the dependency path that pulls the crate in. Always an error.",
    why: "A security team bans a crate for a reason (a history of vulnerabilities, an unmaintained fork, a licence); one shared list stops each repository from rediscovering it.",
    fix: "Follow the ban's `use-instead`, or drop the dependency that pulls the crate in. A repository exception is possible only where the ban says `allow-exceptions = true`.",
};

/// `source-not-allowed`: A dependency comes from a source the organisation policy does not allow.
pub const SOURCE_NOT_ALLOWED: CodeDoc = CodeDoc {
    code: "source-not-allowed",
    title: "A dependency comes from a source the organisation policy does not allow",
    principle: Principle::Collaborative,
    checks: "Each dependency's source in Cargo.lock against the policy's `[sources]`: `registries` (`crates-io` or index URLs; crates.io alone when absent) and `git` (hosts or host/organisation prefixes such as `github.com/acme`). Path dependencies are left to the `sources` sub-check. Always an error.",
    why: "Every registry and git host a build reads from is someone who can change the code it compiles; the organisation decides which ones it trusts.",
    fix: "Depend on a release from an allowed registry or git host, or ask the policy's owners to add the source.",
};

/// Every code of the supply-chain layer.
pub static CODES: &[&CodeDoc] = &[
    &GIT_DEPENDENCY_UNPINNED,
    &FOREIGN_REGISTRY,
    &PATH_DEPENDENCY_OUTSIDE_WORKSPACE,
    &BUILD_TIME_CODE,
    &DUPLICATE_CRATE,
    &LOCKFILE_NOT_COMMITTED,
    &CI_NOT_LOCKED,
    &CARGO_INSTALL_UNLOCKED,
    &TOOLCHAIN_UNPINNED,
    &TOOLCHAIN_PATH,
    &RUST_VERSION_MISSING,
    &BANNED_CRATE,
    &SOURCE_NOT_ALLOWED,
];
