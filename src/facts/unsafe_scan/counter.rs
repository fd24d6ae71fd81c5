//! Counting one source file's unsafe code.
//!
//! Every file is tokenized by rustc's lexer and walked item by item
//! (`walk.rs`): that gives its counts, its `mod` declarations and its lint
//! levels, and is all a dependency needs. Workspace members also need to know
//! where each unsafe item is and whether a `// SAFETY:` comment documents it,
//! so their files are parsed by syn as well and a syn visitor counts them and
//! places each item. The two counts are the same (`tests/unsafe_walk.rs`
//! checks them against each other on every file of the corpus workspaces); a
//! member file syn cannot parse is reported, as rustc would reject it too.
//!
//! Neither counts the word `unsafe` in comments, doc comments, string, raw
//! string and char literals, or identifiers such as `r#unsafe` or
//! `unsafe_code`. Token streams syn does not parse (the bodies of
//! `macro_rules!` and the arguments of macro calls) are searched for the
//! `unsafe` keyword and counted apart as `in_macros`: the unsafe code there is
//! real, but how often it is used is unknown.

use super::model::{Counts, FileScan, Site, SiteKind};
use super::prefilter::{self, Need};
use super::{attrs, lexer, walk};
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit::{self, Visit};
use syn::{Attribute, ImplItem, Item, TraitItem};

/// Counts the unsafe code of `source`. `include_tests` keeps `#[cfg(test)]`
/// items; `sites` (workspace members) records where each unsafe item is, from
/// syn's tree. A file that does not parse comes back with `error` set and no
/// counts, and with the modules its tokens declare when they could be read,
/// so the rest of the crate is still counted.
pub fn scan_source(source: &str, include_tests: bool, sites: bool) -> FileScan {
    let need = prefilter::need(source);
    if need == Need::Nothing {
        return FileScan::default();
    }
    let mut scan = scan_unfiltered(source, include_tests);
    if scan.error.is_none() && sites && need == Need::Counting {
        match visit(source, include_tests) {
            Ok((counts, found)) => {
                scan.counts = counts;
                scan.sites = found;
            }
            Err(reason) => {
                scan.counts = Counts::default();
                scan.error = Some(reason);
            }
        }
    }
    scan
}

/// The item walk of `source` without the pre-filter: tokenized and walked
/// whatever its text. [`scan_source`] must give the same result whenever this
/// finds anything (checked on every corpus file and by the fuzz target).
pub fn scan_unfiltered(source: &str, include_tests: bool) -> FileScan {
    match lexer::lex(source) {
        Ok(tokens) => walk::walk(&tokens, include_tests),
        Err(reason) => FileScan { error: Some(reason), ..FileScan::default() },
    }
}

/// Parses `source` with syn and counts its unsafe code, placing each item.
fn visit(source: &str, include_tests: bool) -> Result<(Counts, Vec<Site>), String> {
    let parsed = syn::parse_file(source);
    let result = match &parsed {
        Ok(file) => {
            let lines: Vec<&str> = source.lines().collect();
            let mut visitor = Visitor {
                include_tests,
                lines: &lines,
                counts: Counts::default(),
                sites: Vec::new(),
            };
            visitor.visit_file(file);
            Ok((visitor.counts, visitor.sites))
        }
        Err(error) => {
            let at = error.span().start();
            Err(format!("does not parse at {}:{}: {error}", at.line, at.column + 1))
        }
    };
    drop(parsed);
    // Spans of every parsed file are kept in a per-thread map until this call;
    // without it, memory grows with every file of the run.
    proc_macro2::extra::invalidate_current_thread_spans();
    result
}

struct Visitor<'a> {
    include_tests: bool,
    lines: &'a [&'a str],
    counts: Counts,
    sites: Vec<Site>,
}

impl Visitor<'_> {
    fn site(&mut self, kind: SiteKind, span: proc_macro2::Span, docs: &[Attribute]) {
        let lines = self.lines;
        let start = span.start();
        let documented = match kind {
            SiteKind::Block => Some(safety_comment(lines, start.line, start.column)),
            SiteKind::Function | SiteKind::Method => {
                Some(has_safety_section(docs) || safety_comment(lines, start.line, start.column))
            }
            _ => None,
        };
        self.sites.push(Site {
            kind,
            line: u32::try_from(start.line).unwrap_or(u32::MAX),
            column: u32::try_from(start.column + 1).unwrap_or(u32::MAX),
            documented,
        });
    }

    fn skipped(&self, attrs: &[Attribute]) -> bool {
        !self.include_tests
            && attrs.iter().any(|a| attrs::is_cfg_test_text(&a.meta.to_token_stream().to_string()))
    }
}

impl<'ast> Visit<'ast> for Visitor<'_> {
    fn visit_item(&mut self, item: &'ast Item) {
        if !self.skipped(item_attrs(item)) {
            visit::visit_item(self, item);
        }
    }

    fn visit_impl_item(&mut self, item: &'ast ImplItem) {
        let attrs: &[Attribute] = match item {
            ImplItem::Const(i) => &i.attrs,
            ImplItem::Fn(i) => &i.attrs,
            ImplItem::Type(i) => &i.attrs,
            ImplItem::Macro(i) => &i.attrs,
            _ => &[],
        };
        if !self.skipped(attrs) {
            visit::visit_impl_item(self, item);
        }
    }

    fn visit_trait_item(&mut self, item: &'ast TraitItem) {
        let attrs: &[Attribute] = match item {
            TraitItem::Const(i) => &i.attrs,
            TraitItem::Fn(i) => &i.attrs,
            TraitItem::Type(i) => &i.attrs,
            TraitItem::Macro(i) => &i.attrs,
            _ => &[],
        };
        if !self.skipped(attrs) {
            visit::visit_trait_item(self, item);
        }
    }

    fn visit_expr_unsafe(&mut self, node: &'ast syn::ExprUnsafe) {
        self.counts.blocks += 1;
        self.site(SiteKind::Block, node.unsafe_token.span, &[]);
        visit::visit_expr_unsafe(self, node);
    }

    fn visit_item_fn(&mut self, node: &'ast syn::ItemFn) {
        if let Some(token) = &node.sig.unsafety {
            self.counts.functions += 1;
            self.site(SiteKind::Function, token.span, &node.attrs);
        }
        visit::visit_item_fn(self, node);
    }

    fn visit_impl_item_fn(&mut self, node: &'ast syn::ImplItemFn) {
        if let Some(token) = &node.sig.unsafety {
            self.counts.methods += 1;
            self.site(SiteKind::Method, token.span, &node.attrs);
        }
        visit::visit_impl_item_fn(self, node);
    }

    fn visit_trait_item_fn(&mut self, node: &'ast syn::TraitItemFn) {
        if let Some(token) = &node.sig.unsafety {
            self.counts.methods += 1;
            self.site(SiteKind::Method, token.span, &node.attrs);
        }
        visit::visit_trait_item_fn(self, node);
    }

    fn visit_item_impl(&mut self, node: &'ast syn::ItemImpl) {
        if let Some(token) = &node.unsafety {
            self.counts.impls += 1;
            self.site(SiteKind::Impl, token.span, &[]);
        }
        visit::visit_item_impl(self, node);
    }

    fn visit_item_trait(&mut self, node: &'ast syn::ItemTrait) {
        if let Some(token) = &node.unsafety {
            self.counts.traits += 1;
            self.site(SiteKind::Trait, token.span, &[]);
        }
        visit::visit_item_trait(self, node);
    }

    fn visit_item_foreign_mod(&mut self, node: &'ast syn::ItemForeignMod) {
        self.counts.extern_blocks += 1;
        let span = node.unsafety.as_ref().map_or(node.abi.extern_token.span, |t| t.span);
        self.site(SiteKind::ExternBlock, span, &[]);
        visit::visit_item_foreign_mod(self, node);
    }

    fn visit_item_static(&mut self, node: &'ast syn::ItemStatic) {
        if let syn::StaticMutability::Mut(token) = &node.mutability {
            self.counts.static_mut += 1;
            self.site(SiteKind::StaticMut, token.span, &[]);
        }
        visit::visit_item_static(self, node);
    }

    fn visit_foreign_item_static(&mut self, node: &'ast syn::ForeignItemStatic) {
        if let syn::StaticMutability::Mut(token) = &node.mutability {
            self.counts.static_mut += 1;
            self.site(SiteKind::StaticMut, token.span, &[]);
        }
        visit::visit_foreign_item_static(self, node);
    }

    fn visit_attribute(&mut self, attr: &'ast Attribute) {
        let path = attr.path();
        let unsafe_attr = ["no_mangle", "export_name", "link_section", "unsafe"]
            .iter()
            .any(|name| path.is_ident(name));
        if unsafe_attr {
            self.counts.attributes += 1;
            let span = path.segments.first().map_or(attr.pound_token.span, |s| s.ident.span());
            self.site(SiteKind::Attribute, span, &[]);
        }
        visit::visit_attribute(self, attr);
    }

    fn visit_macro(&mut self, node: &'ast syn::Macro) {
        self.counts.in_macros += unsafe_tokens(&node.tokens);
        visit::visit_macro(self, node);
    }
}

/// Counts the `unsafe` keywords in a token stream syn did not parse.
fn unsafe_tokens(tokens: &TokenStream) -> u64 {
    tokens
        .clone()
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(ident) => u64::from(ident == "unsafe"),
            TokenTree::Group(group) => unsafe_tokens(&group.stream()),
            _ => 0,
        })
        .sum()
}

fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// A `# Safety` section in the doc comments.
fn has_safety_section(attrs: &[Attribute]) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("doc")).any(|attr| {
        let Ok(nv) = attr.meta.require_name_value() else { return false };
        match &nv.value {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => {
                let text = s.value();
                text.trim_start().trim_start_matches('#').trim().eq_ignore_ascii_case("safety")
                    && text.trim_start().starts_with('#')
            }
            _ => false,
        }
    })
}

/// clippy's `undocumented_unsafe_blocks` convention: a `// SAFETY:` comment
/// on the lines immediately above (attributes and other comment lines may sit
/// between), or before the keyword on its own line. `line` is 1-based,
/// `column` 0-based in characters.
fn safety_comment(lines: &[&str], line: usize, column: usize) -> bool {
    let says_safety = |text: &str| text.to_ascii_lowercase().contains("safety:");
    if let Some(current) = line.checked_sub(1).and_then(|i| lines.get(i)) {
        let before: String = current.chars().take(column).collect();
        if (before.contains("//") || before.contains("/*")) && says_safety(&before) {
            return true;
        }
    }
    let mut index = line.saturating_sub(1);
    while index > 0 {
        index -= 1;
        let Some(text) = lines.get(index).map(|l| l.trim()) else { break };
        let comment = text.starts_with("//")
            || text.starts_with("/*")
            || text.starts_with('*')
            || text.ends_with("*/");
        if comment {
            if says_safety(text) {
                return true;
            }
        } else if !text.starts_with("#[") {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

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
