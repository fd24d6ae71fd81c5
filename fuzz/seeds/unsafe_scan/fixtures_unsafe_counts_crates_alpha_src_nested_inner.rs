//! A documented block.

pub fn h() {
    // SAFETY: nothing to uphold
    unsafe {}
}
