//! Fuzzes the secure.toml parser: any text yields a manifest or error lines, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let root = std::path::Path::new("/nonexistent/fuzz");
        let _ = cargo_secure::manifest::Manifest::parse(text, root, root.join("secure.toml"), &cargo_secure::checks::vocabulary());
    }
});
