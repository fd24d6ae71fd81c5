//! Fuzzes the unsafe scanner (lexer, item walk, syn parse and visitor) on
//! arbitrary source text: it must return, and the item walk must count what
//! syn counts wherever syn parses the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        cargo_secure::fuzzing::unsafe_scan(source);
    }
});
