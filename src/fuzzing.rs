//! Entry points for the cargo-fuzz targets in `fuzz/` and the regression
//! test that replays their findings (`tests/fuzz_regressions.rs`). Each runs
//! a reader on arbitrary input; the requirement is that it returns, and for
//! the unsafe scanner that its two counters agree, that its pre-filter
//! never skips a file the walk finds something in, and that the lexer's fast
//! path tokenizes as rustc's lexer does.

use crate::checks::posture::{ci, pinned, workflows};
use crate::facts::unsafe_scan::counter::{scan_source, scan_unfiltered};
use crate::facts::unsafe_scan::syn_oracle;
use crate::repo::ci::{Ci, cargo_calls};

/// The workflow reader and every workflow check on one file's text.
#[doc(hidden)]
pub fn workflow(text: &str) {
    let ci_facts = Ci::from_workflow(".github/workflows/fuzz.yml", text);
    for command in &ci_facts.commands {
        let _ = cargo_calls(&command.text);
    }
    let _ = workflows::dangerous(&ci_facts);
    let _ = workflows::token_permissions(&ci_facts);
    let _ = pinned::check(&ci_facts);
    let _ = ci::check(&ci_facts);
}

/// The unsafe scanner on one file's text, both ways (the item walk the tool
/// counts with, and syn's parse and visitor, its reference), with and without
/// test code. Panics when syn understands every part of the text and the two
/// count or place differently, or when the pre-filter skips what the walk finds.
#[doc(hidden)]
pub fn unsafe_scan(source: &str) {
    if let Some(difference) = fast_path_difference(source) {
        panic!("the lexer's fast path and rustc's lexer differ: {difference}");
    }
    let understood = understood_by_syn(source);
    for include_tests in [false, true] {
        let walked = scan_source(source, include_tests, false);
        if understood
            && let Comparison::Differs(difference) = compare_with_syn(source, include_tests)
        {
            panic!("the item walk and syn differ: {difference}");
        }
        let unfiltered = scan_unfiltered(source, include_tests);
        if unfiltered.error.is_none() {
            assert_eq!(walked, unfiltered, "the pre-filter skipped what the walk finds");
        }
    }
}

/// Where the lexer's byte-level fast path first gives another token than
/// rustc's lexer on `source`, if anywhere.
#[doc(hidden)]
pub fn fast_path_difference(source: &str) -> Option<String> {
    crate::facts::unsafe_scan::lexer::fast_path_difference(source)
}

/// How the item walk's counts and sites compare with syn's on one text.
#[doc(hidden)]
#[derive(Debug, PartialEq, Eq)]
pub enum Comparison {
    /// syn rejects the text (the walk counts such files alone).
    Rejected,
    /// The same counts and sites.
    Same,
    /// The first difference.
    Differs(String),
}

/// Compares the item walk's counts and sites with syn's on `source`.
#[doc(hidden)]
pub fn compare_with_syn(source: &str, include_tests: bool) -> Comparison {
    let Ok((counts, mut sites)) = syn_oracle::visit(source, include_tests) else {
        return Comparison::Rejected;
    };
    sites.sort_by_key(|s| (s.line, s.column));
    let walked = scan_source(source, include_tests, true);
    if walked.counts != counts {
        return Comparison::Differs(format!("counts: syn {counts:?}, walk {:?}", walked.counts));
    }
    // proc-macro2 keeps no span locations in a build for fuzzing (every
    // line is 0): there only the kinds of the sites can be compared; the
    // places are compared on every corpus file (`tests/unsafe_walk.rs`).
    if sites.iter().any(|s| s.line == 0) {
        let kinds = |found: &[crate::facts::unsafe_scan::model::Site]| {
            let mut kinds: Vec<String> = found.iter().map(|s| format!("{:?}", s.kind)).collect();
            kinds.sort();
            kinds
        };
        let (syn, walk) = (kinds(&sites), kinds(&walked.sites));
        return if syn == walk {
            Comparison::Same
        } else {
            Comparison::Differs(format!("site kinds: syn {syn:?}, walk {walk:?}"))
        };
    }
    match sites.iter().zip(&walked.sites).find(|(a, b)| a != b) {
        Some((syn, walk)) => Comparison::Differs(format!("site: syn {syn:?}, walk {walk:?}")),
        None if sites.len() != walked.sites.len() => {
            Comparison::Differs(format!("sites: syn {}, walk {}", sites.len(), walked.sites.len()))
        }
        None => Comparison::Same,
    }
}

/// Whether syn parses the text into a tree without verbatim parts: syn keeps
/// some code rustc rejects (`static mut N = 0;`, with no type) or that it
/// does not model (`impl !Send for T {}`) as opaque tokens, which its visitor
/// does not enter, so only fully understood text can be compared.
fn understood_by_syn(source: &str) -> bool {
    use syn::visit::{self, Visit};
    struct Verbatim(bool);
    /// One `visit_*` per node type with a `Verbatim` variant: note it, walk on.
    macro_rules! notes_verbatim {
        ($($visit:ident: $node:ident),* $(,)?) => {
            impl<'ast> Visit<'ast> for Verbatim {
                $(fn $visit(&mut self, node: &'ast syn::$node) {
                    self.0 |= matches!(node, syn::$node::Verbatim(_));
                    visit::$visit(self, node);
                })*
            }
        };
    }
    notes_verbatim!(
        visit_item: Item,
        visit_impl_item: ImplItem,
        visit_trait_item: TraitItem,
        visit_foreign_item: ForeignItem,
        visit_expr: Expr,
        visit_type: Type,
        visit_pat: Pat,
        visit_type_param_bound: TypeParamBound,
    );
    let Ok(file) = syn::parse_file(source) else { return false };
    let mut found = Verbatim(false);
    found.visit_file(&file);
    drop(file);
    proc_macro2::extra::invalidate_current_thread_spans();
    !found.0
}
