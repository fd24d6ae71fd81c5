//! The command line: `cargo secure [OPTIONS] [COMMAND]`, clap derive, parsed in
//! the cargo-subcommand convention (`enum Cargo { Secure(..) }`).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;

/// The `cargo` entry point; cargo runs us as `cargo-secure secure ...`.
#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo", styles = clap::builder::Styles::styled())]
pub enum Cargo {
    /// A layered security scorecard for a Rust workspace.
    Secure(SecureArgs),
}

/// `cargo secure`: with no command, measures every layer and prints the scorecard.
#[derive(Debug, Args)]
#[command(
    version,
    about = "A layered security scorecard for a Rust workspace: RustSec advisories, unsafe code, supply chain, repository posture and the security manifest.",
    after_help = "Exit codes: 0 the gate passed, 1 the gate failed, 2 error.\nRun `cargo secure explain CODE` for any finding code or RUSTSEC id."
)]
pub struct SecureArgs {
    /// What to do; with none, run the scorecard.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Options of the scorecard run.
    #[command(flatten)]
    pub scan: ScanArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch or update the RustSec advisory database.
    Fetch,
    /// Write a starter secure.toml tailored to this workspace.
    Init {
        /// Overwrite an existing secure.toml.
        #[arg(long)]
        force: bool,
        /// The organisation policy (secure-policy.toml) the manifest extends: a
        /// path, or an https:// URL (pinned to the SHA-256 it serves now).
        #[arg(long, value_name = "PATH-OR-URL")]
        extends: Option<String>,
    },
    /// Print the effective security policy: every value in force and the file and line that sets it.
    Policy,
    /// Record the workspace crates' current unsafe counts as the ratchet baseline.
    Baseline,
    /// Run the stricter release gate and print a Markdown (or JSON, or HTML) checklist.
    Release {
        /// A release binary built with `cargo auditable build`: adds the item
        /// "the release binary's embedded dependencies have no blocking
        /// advisories" (repeatable).
        #[arg(long, value_name = "PATH")]
        binary: Vec<PathBuf>,
    },
    /// Explain a finding code, a layer or a RUSTSEC advisory id.
    Explain {
        /// A finding code (e.g. `vulnerability`), a layer id, or `RUSTSEC-YYYY-NNNN`; none lists every code.
        code: Option<String>,
    },
    /// Print the JSON Schema of the `--format json` output.
    Schema {
        /// Whose output: the scorecard's (`report`, the default), `diff`'s, or the
        /// `--all-workspaces` repository report's.
        #[arg(value_enum, default_value_t = SchemaKind::Report)]
        of: SchemaKind,
    },
    /// Print the software bill of materials of the resolved graph: CycloneDX 1.6
    /// (the default, with the matching advisories and their VEX analysis),
    /// SPDX 2.3 (`--format spdx`) or the OpenVEX statements alone (`--format openvex`).
    Sbom {
        /// Include the dev-only dependencies (CycloneDX scope `excluded`).
        #[arg(long)]
        include_dev: bool,
    },
    /// Audit compiled binaries: the dependency list `cargo auditable` embedded in
    /// each, against the advisory database, with the advisories layer's findings
    /// and gate (or, with `--format cyclonedx|spdx|openvex`, their SBOM).
    Bin {
        /// The binaries.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// What a change adds, layer by layer: the pull-request gate.
    ///
    /// Measures the base revision (read from git objects, never checked out)
    /// and the head (the working tree by default) exactly as a normal run,
    /// then shows packages, advisories, unsafe code, build-time code and
    /// findings new and fixed. Fails only on what the change introduces that
    /// the head's gate blocks, or on a score drop over --max-score-drop.
    Diff(DiffArgs),
}

/// `cargo secure diff`'s options.
#[derive(Debug, Args, Clone)]
pub struct DiffArgs {
    /// The base revision (default: the merge-base of HEAD and
    /// `origin/$GITHUB_BASE_REF` when set, else of origin/HEAD, origin/main,
    /// origin/master, main or master).
    #[arg(long, value_name = "REV", conflicts_with = "base_report")]
    pub base: Option<String>,
    /// The head revision (default: the working tree).
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,
    /// Compare against a JSON report saved earlier (`--format json`) instead of a revision.
    #[arg(long, value_name = "FILE")]
    pub base_report: Option<PathBuf>,
    /// Fail when the overall score drops by more than SCORE.
    #[arg(long, value_name = "SCORE", default_value_t = 0.5)]
    pub max_score_drop: f64,
    /// Fail on everything the head's full gate blocks, not only on what the change introduces.
    #[arg(long)]
    pub fail_on_existing: bool,
}

/// Options shared by every command.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Path to the workspace's Cargo.toml (default: search up from the current
    /// directory). A member's Cargo.toml selects its workspace: the whole
    /// workspace is scanned, as `cargo metadata` and `cargo audit` see it,
    /// and the report's header names the member.
    #[arg(long, global = true, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
    /// Never touch the network: no DB fetch, no yanked check, no download.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Require Cargo.lock to be up to date (always on: cargo secure never writes Cargo.lock).
    #[arg(long, global = true)]
    pub locked: bool,
    /// `--locked` and `--offline`.
    #[arg(long, global = true)]
    pub frozen: bool,
    /// The advisory database directory, used as it is and never fetched into.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Where the advisory database is fetched from (a mirror of the RustSec
    /// repository); the default is RustSec's own.
    #[arg(long, global = true, value_name = "URL", env = "CARGO_SECURE_DB_URL")]
    pub db_url: Option<String>,
    /// Fetch organisation policies (`extends` URLs) over plain HTTP from any
    /// host; without it only HTTPS, or HTTP to a loopback address, is used.
    #[arg(long, global = true)]
    pub allow_http_policy: bool,
    /// When to use colours (also CARGO_TERM_COLOR, NO_COLOR, CLICOLOR_FORCE).
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
    /// More detail: timings and the policy on stderr.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only the verdict; no progress bars or notes.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// Options of a scorecard run (and of `release`).
#[derive(Debug, Args, Clone)]
pub struct ScanArgs {
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of stdout.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Count unsafe code in tests, benches, examples and `#[cfg(test)]` items too.
    #[arg(long, global = true)]
    pub include_tests: bool,
    /// Do not use or update the unsafe-code cache.
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// Do not run zizmor on the workflows even when it is installed (the built-in rules still run).
    #[arg(long, global = true)]
    pub no_zizmor: bool,
    /// Do not fetch the advisory database before the run.
    #[arg(long, global = true)]
    pub no_fetch: bool,
    /// Fail the gate when the overall score is below SCORE.
    #[arg(long, global = true, value_name = "SCORE")]
    pub fail_under: Option<f64>,
    /// Treat a finding code or advisory id as an error (repeatable).
    #[arg(short = 'D', long = "deny", global = true, value_name = "CODE")]
    pub deny: Vec<String>,
    /// Treat a finding code or advisory id as a warning (repeatable).
    #[arg(short = 'W', long = "warn", global = true, value_name = "CODE")]
    pub warn: Vec<String>,
    /// Drop a finding code or advisory id from the report (repeatable).
    #[arg(short = 'A', long = "allow", global = true, value_name = "CODE")]
    pub allow: Vec<String>,
    /// Warn when the advisory database is older than DAYS (default 7).
    #[arg(long, global = true, value_name = "DAYS")]
    pub max_db_age: Option<u64>,
    /// Score every Cargo workspace of the repository (each Cargo.lock with its
    /// Cargo.toml, .gitignore honoured) and print one repository scorecard;
    /// the repository's posture is measured once.
    #[arg(long, global = true)]
    pub all_workspaces: bool,
    /// With --all-workspaces, leave out the workspaces whose directory
    /// (relative to the repository) matches GLOB, e.g. `fixtures/**` (repeatable).
    #[arg(long, global = true, value_name = "GLOB", requires = "all_workspaces")]
    pub exclude_workspace: Vec<String>,
    /// Let LAYER be unmeasured without failing the gate (repeatable).
    #[arg(long, global = true, value_name = "LAYER")]
    pub allow_unmeasured: Vec<String>,
}

/// Which JSON output `cargo secure schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The scorecard's `--format json` (and `release --format json`'s report).
    Report,
    /// `cargo secure diff --format json`.
    Diff,
    /// `cargo secure --all-workspaces --format json` (also `schema --all-workspaces`).
    Repository,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Coloured scorecard for a terminal or a CI log.
    Human,
    /// The stable JSON report (`cargo secure schema` describes it).
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// A Markdown report for a PR comment or a release ticket.
    Markdown,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One self-contained HTML page: the scorecard as a picture, the findings with filters.
    Html,
    /// An SVG README badge ("cargo secure | A 9.1").
    Badge,
    /// CycloneDX 1.6 JSON (`sbom`, `bin`).
    Cyclonedx,
    /// SPDX 2.3 JSON (`sbom`, `bin`).
    Spdx,
    /// OpenVEX JSON: the advisories' VEX statements (`sbom`, `bin`).
    Openvex,
}

impl Format {
    /// Whether this is one of the SBOM formats, which only `sbom` and `bin` print.
    pub fn is_sbom(self) -> bool {
        matches!(self, Format::Cyclonedx | Format::Spdx | Format::Openvex)
    }
}

impl SecureArgs {
    /// Parses the process arguments, accepting both `cargo secure ...` and
    /// `cargo-secure ...` (where `secure` is missing and is inserted).
    pub fn parse_from_env() -> Result<Self, clap::Error> {
        Self::parse_from(std::env::args_os())
    }

    /// Parses an argument list whose first item is the program name.
    pub fn parse_from<I: IntoIterator<Item = OsString>>(args: I) -> Result<Self, clap::Error> {
        let mut args: Vec<OsString> = args.into_iter().collect();
        if args.get(1).is_none_or(|a| a != "secure") {
            args.insert(1.min(args.len()), OsString::from("secure"));
        }
        let Cargo::Secure(secure) = Cargo::try_parse_from(args)?;
        Ok(secure)
    }
}
