//! Reached through #[path]. unsafe impl in a comment.

/// No safety section.
pub unsafe fn renamed() {}
