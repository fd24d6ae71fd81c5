//! Counting one source file's unsafe code.
//!
//! Every file is tokenized by rustc's lexer and walked item by item
//! (`walk.rs`): that gives its counts, its `mod` declarations and its lint
//! levels, and, for workspace members, where each unsafe item is and whether
//! a `// SAFETY:` comment documents it (`sites.rs`). Each file is tokenized
//! once and no syntax tree is built. The counts and sites are those of a syn
//! visitor over syn's full parse (`syn_oracle.rs`): `tests/unsafe_walk.rs`
//! checks them against each other on every file of the corpus workspaces'
//! packages, and the fuzz target on arbitrary text.
//!
//! Neither counts the word `unsafe` in comments, doc comments, string, raw
//! string and char literals, or identifiers such as `r#unsafe` or
//! `unsafe_code`. Token streams that are not parsed (the bodies of
//! `macro_rules!` and the arguments of macro calls) are searched for the
//! `unsafe` keyword and counted apart as `in_macros`: the unsafe code there is
//! real, but how often it is used is unknown.

use super::model::FileScan;
use super::prefilter::{self, Need};
use super::{lexer, walk};

/// Counts the unsafe code of `source`. `include_tests` keeps `#[cfg(test)]`
/// items; `sites` (workspace members) records where each unsafe item is. A
/// file that cannot be tokenized comes back with `error` set and no counts.
pub fn scan_source(source: &str, include_tests: bool, sites: bool) -> FileScan {
    if prefilter::need(source) == Need::Nothing {
        return FileScan::default();
    }
    walk_source(source, include_tests, sites)
}

/// The item walk of `source` without the pre-filter: tokenized and walked
/// whatever its text. [`scan_source`] must give the same result whenever this
/// finds anything (checked on every corpus file and by the fuzz target).
pub fn scan_unfiltered(source: &str, include_tests: bool) -> FileScan {
    walk_source(source, include_tests, false)
}

fn walk_source(source: &str, include_tests: bool, sites: bool) -> FileScan {
    match lexer::lex(source) {
        Ok(tokens) => walk::walk(&tokens, include_tests, sites),
        Err(reason) => FileScan { error: Some(reason), ..FileScan::default() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::unsafe_scan::model::Counts;

    fn counts(source: &str) -> Counts {
        let scan = scan_source(source, false, false);
        assert_eq!(scan.error, None);
        scan.counts
    }

    #[test]
    fn traps_are_not_counted() {
        let c = counts(
            r####"
            // unsafe { }
            /// unsafe fn in a doc comment
            /* unsafe impl */
            fn f() -> &'static str { let _c = 'u'; let r#unsafe = 1; let _ = r#unsafe; "unsafe {" }
            const S: &str = r#"unsafe {"#;
            #[allow(unsafe_code)]
            fn g() {}
            "####,
        );
        assert_eq!(c, Counts::default());
    }

    #[test]
    fn every_kind_is_counted() {
        let c = counts(
            r#"
            unsafe fn a() { unsafe { unsafe { } } }
            struct S;
            impl S { unsafe fn m(&self) {} }
            unsafe trait T { unsafe fn n(); }
            unsafe impl Send for S {}
            extern "C" { static mut X: i32; }
            unsafe extern "C" { fn y(); }
            static mut Z: u8 = 0;
            #[no_mangle] pub extern "C" fn e() {}
            #[unsafe(no_mangle)] pub extern "C" fn f() {}
            #[export_name = "h"] #[link_section = ".x"] pub fn h() {}
            macro_rules! m { () => { unsafe { 1 } } }
            fn k() { println!("{}", unsafe { 2 }); }
            "#,
        );
        let expected = Counts {
            blocks: 2,
            functions: 1,
            methods: 2,
            impls: 1,
            traits: 1,
            extern_blocks: 2,
            static_mut: 2,
            attributes: 4,
            in_macros: 2,
        };
        assert_eq!(c, expected);
    }

    #[test]
    fn cfg_test_items_are_skipped_unless_asked() {
        let source = "#[cfg(test)] mod t { fn f() { unsafe {} } } #[cfg(test)] mod u;";
        assert_eq!(counts(source).blocks, 0);
        let scan = scan_source(source, true, false);
        assert_eq!(scan.counts.blocks, 1);
        assert_eq!(scan.mods.len(), 1);
    }

    #[test]
    fn safety_comments_document_blocks_and_fns() {
        let source = "fn f() {\n    // SAFETY: fine\n    unsafe {}\n    unsafe {}\n}\n/// # Safety\n/// x\npub unsafe fn g() {}\npub unsafe fn h() {}\n";
        let scan = scan_source(source, false, true);
        let documented: Vec<_> = scan.sites.iter().map(|s| (s.line, s.documented)).collect();
        assert_eq!(
            documented,
            vec![(3, Some(true)), (4, Some(false)), (8, Some(true)), (9, Some(false))]
        );
    }

    #[test]
    fn forbid_at_the_root_is_seen() {
        let scan = scan_source("#![forbid(unsafe_code)]\nfn main() {}", false, false);
        assert!(scan.forbids && scan.denies);
        let scan = scan_source("#![cfg_attr(not(test), deny(unsafe_code))]", false, false);
        assert!(!scan.forbids && scan.denies);
    }

    #[test]
    fn parse_errors_are_reported() {
        let scan = scan_source("unsafe fn (\n} mod next;", false, false);
        assert!(scan.error.is_some());
    }
}
