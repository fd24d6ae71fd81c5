//! Facts gathered before any check runs, by the only code that may touch the
//! network: the checks read them and never fetch anything themselves.
//!
//! - [`unsafe_scan`]: the unsafe code of every package, counted from its files;
//! - [`yanked`]: the crates.io index's answer on the lockfile's releases.

pub mod unsafe_scan;
pub mod yanked;
