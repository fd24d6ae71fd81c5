//! Facts gathered before any check runs, by the only code that may touch the
//! network: the checks read them and never fetch anything themselves.
//!
//! - [`yanked`]: the crates.io index's answer on the lockfile's releases.

pub mod yanked;
