//! A mod.rs with a child module.

mod inner;

/// A mutable static.
pub static mut N: u8 = 0;
