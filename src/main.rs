//! The `cargo-secure` binary: parse, run, exit (0 pass, 1 gate failed, 2 error).
#![forbid(unsafe_code)]

use cargo_secure::app;
use cargo_secure::cli::SecureArgs;
use cargo_secure::session::Outcome;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match SecureArgs::parse_from_env() {
        Ok(args) => args,
        Err(error) => return usage_error(&error),
    };
    match app::run(args) {
        Ok(Outcome::Passed) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: {error}");
            ExitCode::from(2)
        }
    }
}

/// `--help` and `--version` print as usual; any other clap error becomes one line.
fn usage_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let text = error.render().to_string();
    let line: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("For more information") && !l.starts_with("Usage:")
        })
        .collect();
    let _ = writeln!(std::io::stderr(), "{}", line.join(" "));
    ExitCode::from(2)
}
