//! Forbids unsafe code at its root.
#![forbid(unsafe_code)]

/// Safe.
pub fn safe() {}
