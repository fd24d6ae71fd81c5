//! Depends on a registry crate whose source is not on disk.
#![forbid(unsafe_code)]
