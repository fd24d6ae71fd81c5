//! The resolved settings of one invocation, shared by every command: options,
//! today's date, colours, the gate policy the command line asks for, and
//! where output goes. Commands take a [`Session`] and return an [`Outcome`].

use crate::cli::{ColorChoice, Format, GlobalArgs, ScanArgs, SecureArgs};
use crate::db::DbOptions;
use crate::error::{Error, Result};
use crate::gate::{GatePolicy, Override};
use crate::manifest::Manifest;
use crate::options::ScanOptions;
use crate::render::Style;
use crate::workspace::CargoFlags;
use std::io::Write;
use std::path::Path;

/// What a successful run means for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Passed,
    /// Exit 1.
    Failed,
}

/// The resolved settings of one invocation.
#[derive(Debug, Clone)]
pub struct Session {
    /// The raw global options.
    pub global: GlobalArgs,
    /// The raw scan options.
    pub scan: ScanArgs,
    /// Flags for cargo.
    pub cargo: CargoFlags,
    /// Where the advisory DB is and whether to fetch it.
    pub db: DbOptions,
    /// What the layers measure.
    pub options: ScanOptions,
    /// Today's date.
    pub today: time::Date,
    /// Whether stdout gets colours.
    pub color: bool,
}

impl Session {
    /// Resolves colours, dates and the DB location from the arguments and environment.
    pub fn new(args: &SecureArgs) -> Result<Self> {
        let global = args.global.clone();
        let offline = global.offline || global.frozen;
        let cache_dir = if args.scan.no_cache { None } else { crate::options::default_cache_dir() };
        let scratch_dir = crate::options::default_cache_dir().map(|dir| dir.join("cargo-target"));
        let cargo = CargoFlags {
            offline,
            frozen: global.frozen,
            cache_dir: cache_dir.clone(),
            scratch_dir,
        };
        let db = DbOptions {
            explicit: global.db.clone(),
            fetch: global.db.is_none() && !offline && !args.scan.no_fetch,
            url: global.db_url.clone(),
        };
        let options = ScanOptions {
            offline,
            include_tests: args.scan.include_tests,
            no_cache: args.scan.no_cache,
            cache_dir,
            zizmor: !args.scan.no_zizmor,
            posture_measured_with: None,
        };
        let machine = args.scan.format != Format::Human || args.scan.output.is_some();
        let color = !machine && use_color(global.color);
        Ok(Session { global, scan: args.scan.clone(), cargo, db, options, today: today()?, color })
    }

    /// The style of human output.
    pub fn style(&self) -> Style {
        Style { color: self.color, quiet: self.global.quiet, verbose: self.global.verbose > 0 }
    }

    /// The gate policy: the manifest's (or the medium defaults), then the command line.
    pub fn policy(&self, manifest: Option<&Manifest>) -> Result<GatePolicy> {
        let mut policy = match manifest {
            Some(manifest) => manifest.policy(),
            None => GatePolicy::for_criticality(
                crate::gate::Criticality::Medium,
                "default: no secure.toml",
            ),
        };
        let scan = &self.scan;
        if let Some(score) = scan.fail_under {
            if !(0.0..=10.0).contains(&score) {
                return Err(Error::Usage(format!(
                    "--fail-under {score}: expected a score from 0 to 10"
                )));
            }
            policy.min_score = Some(score);
        }
        if let Some(days) = scan.max_db_age {
            policy.max_db_age_days = days;
        }
        for layer in &scan.allow_unmeasured {
            if crate::checks::by_id(layer).is_none() {
                return Err(Error::Usage(format!("--allow-unmeasured {layer}: no such layer")));
            }
            policy.allow_unmeasured.insert(layer.clone());
        }
        for (codes, how) in [
            (&scan.allow, Override::Allow),
            (&scan.warn, Override::Warn),
            (&scan.deny, Override::Deny),
        ] {
            for code in codes {
                check_rule(code)?;
                policy.overrides.insert(code.clone(), how);
            }
        }
        // The organisation's floors hold whatever the command line says.
        if let Some(floors) = manifest.and_then(|m| m.floors.as_ref()) {
            floors.apply(&mut policy);
        }
        Ok(policy)
    }

    /// Writes a rendered report to `--output` or stdout. A closed pipe is not an error.
    pub fn emit(&self, text: &str) -> Result<()> {
        emit(text, self.scan.output.as_deref())
    }

    /// A note on stderr, unless quiet.
    pub fn note(&self, message: &str) {
        if !self.global.quiet {
            let _ = writeln!(std::io::stderr(), "{message}");
        }
    }
}

/// Writes text to a file or stdout; a closed stdout (e.g. `| head`) is not an error.
pub fn emit(text: &str, output: Option<&Path>) -> Result<()> {
    if let Some(path) = output {
        return std::fs::write(path, text).map_err(|e| Error::io(path, e));
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}

fn check_rule(code: &str) -> Result<()> {
    let is_advisory = code.starts_with("RUSTSEC-");
    if is_advisory || crate::checks::find_code(code).is_some() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "unknown finding code `{code}`; `cargo secure explain` lists them"
        )))
    }
}

/// Colour decision: `--color`, then `CARGO_TERM_COLOR`, then the terminal and
/// `NO_COLOR` / `CLICOLOR_FORCE` / `FORCE_COLOR` (via the supports-color crate).
fn use_color(choice: Option<ColorChoice>) -> bool {
    let choice = choice.or_else(|| match std::env::var("CARGO_TERM_COLOR").ok()?.as_str() {
        "always" => Some(ColorChoice::Always),
        "never" => Some(ColorChoice::Never),
        _ => None,
    });
    match choice {
        Some(ColorChoice::Always) => true,
        Some(ColorChoice::Never) => false,
        _ => supports_color::on(supports_color::Stream::Stdout).is_some(),
    }
}

/// Today in UTC, or `CARGO_SECURE_TODAY` (YYYY-MM-DD) so tests are reproducible.
fn today() -> Result<time::Date> {
    match std::env::var("CARGO_SECURE_TODAY") {
        Ok(text) => crate::dates::parse(&text)
            .ok_or_else(|| Error::Usage(format!("CARGO_SECURE_TODAY={text}: expected YYYY-MM-DD"))),
        Err(_) => Ok(time::OffsetDateTime::now_utc().date()),
    }
}
