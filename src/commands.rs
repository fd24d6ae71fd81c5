//! One module per subcommand; `scan` is the default run.

pub mod baseline;
pub mod bin;
pub mod diff;
pub mod explain;
pub mod fetch;
pub mod init;
pub mod policy;
pub mod release;
pub mod sbom;
pub mod scan;
pub mod schema;
