//! One good file with one unsafe block, one that does not parse, one that is not UTF-8.

mod bad;
mod latin1;

pub fn ok() {
    unsafe {}
}
