//! Latin-1: café
pub fn latin() {}
