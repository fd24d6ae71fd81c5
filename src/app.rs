//! The command line's dispatcher: resolves the session once and hands it to
//! the command. Commands depend on [`crate::session`], never on each other.

use crate::cli::{Command, SecureArgs};
use crate::commands;
use crate::error::{Error, Result};
use crate::session::{Outcome, Session};

/// Stack size of the worker threads that parse sources.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Runs a parsed command line.
pub fn run(args: SecureArgs) -> Result<Outcome> {
    // The parser recurses once per nesting level; sources nest at most
    // `lexer::MAX_NESTING` deep before they are parsed, and this stack holds
    // that depth even in debug builds. Failing to set it (a pool already
    // built, in tests) leaves rayon's default.
    let _ = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK).build_global();
    let session = Session::new(&args)?;
    let repository_wide = matches!(args.command, None | Some(Command::Schema { .. }));
    if args.scan.all_workspaces && !repository_wide {
        return Err(Error::Usage(
            "--all-workspaces scores the repository: use it without a command (or with `schema`)"
                .to_owned(),
        ));
    }
    match args.command {
        None => commands::scan::run(&session),
        Some(Command::Fetch) => commands::fetch::run(&session),
        Some(Command::Init { force, extends }) => {
            commands::init::run(&session, force, extends.as_deref())
        }
        Some(Command::Policy) => commands::policy::run(&session),
        Some(Command::Baseline) => commands::baseline::run(&session),
        Some(Command::Release { binary }) => commands::release::run(&session, &binary),
        Some(Command::Explain { code }) => commands::explain::run(&session, code.as_deref()),
        Some(Command::Schema { of }) => commands::schema::run(&session, of),
        Some(Command::Diff(diff)) => commands::diff::run(&session, &diff),
        Some(Command::Sbom { include_dev }) => commands::sbom::run(&session, include_dev),
        Some(Command::Bin { paths }) => commands::bin::run(&session, &paths),
    }
}
