//! Does not parse.

pub unsafe fn oops( {
