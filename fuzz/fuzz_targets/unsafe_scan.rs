//! Fuzzes the unsafe scanner (lexer, parser, counter) on arbitrary source text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        let _ = cargo_secure::checks::unsafe_code::counter::scan_source(source, false, true);
        let _ = cargo_secure::checks::unsafe_code::counter::scan_source(source, true, false);
    }
});
