//! The reference the item walk is checked against: syn's full parse of a
//! file and a syn visitor that counts and places its unsafe code. The tool
//! itself never runs it (the walk gives the same counts and sites from the
//! tokens alone, at a fraction of the cost); `tests/unsafe_walk.rs` compares
//! the two on every corpus file and the fuzz target on arbitrary text.

use super::model::{Counts, Site, SiteKind};
use super::sites::Placer;
use super::{attrs, lexer};
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit::{self, Visit};
use syn::{Attribute, ImplItem, Item, TraitItem};

/// Parses `source` with syn and counts its unsafe code, placing each item.
///
/// A file the lexer rejects is not given to syn: one nested deeper than
/// [`lexer::MAX_NESTING`] would overflow the stack of syn's recursive parse.
pub fn visit(source: &str, include_tests: bool) -> Result<(Counts, Vec<Site>), String> {
    lexer::lex(source)?;
    let parsed = syn::parse_file(source);
    let result = match &parsed {
        Ok(file) => {
            let mut visitor = Visitor {
                include_tests,
                placer: Placer::new(source),
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
    placer: Placer<'a>,
    counts: Counts,
    sites: Vec<Site>,
}

impl Visitor<'_> {
    fn site(&mut self, kind: SiteKind, span: proc_macro2::Span, docs: &[Attribute]) {
        let start = span.start();
        let at = (start.line, start.column);
        let documented = match kind {
            SiteKind::Block => Some(self.placer.safety_comment_at(at)),
            SiteKind::Function | SiteKind::Method => {
                Some(has_safety_section(docs) || self.placer.safety_comment_at(at))
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
