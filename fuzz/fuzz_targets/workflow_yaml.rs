//! Fuzzes the workflow reader: YAML parsing, scalar walks and cargo-command extraction.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        cargo_secure::fuzzing::workflow(text);
    }
});
