//! The item walk: counts a file's unsafe code from its tokens, as the syn
//! visitor counts it from the syntax tree, without building the tree.
//!
//! Each group of tokens is walked knowing what it is the body of: the file or
//! a module (items), an impl or trait (items whose `unsafe fn`s are methods),
//! an extern block (foreign items), a block (statements, some of them items),
//! or anything else. That decides the two things syn's tree decides: whether an
//! `unsafe fn` is a function, a method or neither, and which `#[cfg(test)]`
//! code is an item to leave out. What is counted:
//! - `unsafe {` a block; `unsafe fn name`, `unsafe extern "C" fn name` a
//!   function or method (`unsafe fn(` is a pointer type); `unsafe impl`,
//!   `unsafe trait`, `unsafe auto trait`; `extern {` and `extern "ABI" {`;
//!   `static mut`; `#[no_mangle]`, `#[export_name]`, `#[link_section]`,
//!   `#[unsafe(...)]`;
//! - inside a macro call or `macro_rules!` body, only the `unsafe` keywords,
//!   as `in_macros`.
//!
//! The same walk collects the `mod` declarations and the file's lint levels,
//! and, for workspace members, places each counted item (`sites.rs`).
//! `tests/unsafe_walk.rs` checks it against the syn visitor on every file of
//! the corpus workspaces.

use super::attrs::{self, Attr};
use super::lexer::Tokens;
use super::model::{FileScan, Site, SiteKind};
use super::modules;
use super::sites::{self, Placer};
use super::token::Kind;
use ra_ap_rustc_lexer::DocStyle;
use std::cell::OnceCell;

/// What a group of tokens is the body of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    /// The file or a module: items.
    Module,
    /// An impl or a trait: items; `unsafe fn`s are methods.
    Impl,
    /// An extern block: foreign items, never skipped, no unsafe fns.
    Extern,
    /// A block: statements, of which some are items.
    Block,
    /// A struct, enum or union body, parentheses, brackets: no items.
    Plain,
}

/// Counts the unsafe code of a tokenized file, finds its modules and lint
/// levels; `sites` places each counted item too.
pub fn walk(t: &Tokens, include_tests: bool, sites: bool) -> FileScan {
    // Built at the first site: most files of a member have none.
    let placer = sites.then(OnceCell::new);
    let mut walker =
        Walker { t, include_tests, scan: FileScan::default(), inline: Vec::new(), placer };
    walker.group((0, t.toks.len()), Body::Module, true);
    walker.scan.sites.sort_by_key(|s| (s.line, s.column));
    walker.scan
}

struct Walker<'t, 'a> {
    t: &'t Tokens<'a>,
    include_tests: bool,
    scan: FileScan,
    inline: Vec<modules::Inline>,
    placer: Option<OnceCell<Placer<'a>>>,
}

/// The state of one group's walk between tokens.
struct Pending {
    /// Outer attributes of the coming item.
    attrs: Vec<Attr>,
    /// The tokens that name its unsafe attributes, counted once the item is kept.
    unsafe_attrs: Vec<usize>,
    /// Whether the item they belong to was looked at.
    decided: bool,
    /// The group that is the body of the item being read, and what it holds.
    body: Option<(usize, Body)>,
    /// Whether the next token starts an item or statement.
    item_start: bool,
    /// The byte where the text of the coming item starts: the end of what
    /// came before it (its doc comments lie after).
    boundary: usize,
}

impl Pending {
    /// The next token starts an item or statement; `end` is where the one
    /// before it ended.
    fn next_item(&mut self, end: u32) {
        self.item_start = true;
        self.attrs.clear();
        self.boundary = end as usize;
    }
}

impl<'a> Walker<'_, 'a> {
    /// Walks the tokens `from..to` of a group that is the body of `kind`.
    fn group(&mut self, (from, to): (usize, usize), kind: Body, file: bool) {
        let t = self.t;
        let boundary = match from.checked_sub(1) {
            Some(open) if !file => t.toks[open].end as usize,
            _ => ra_ap_rustc_lexer::strip_shebang(t.source).unwrap_or(0),
        };
        let mut p = Pending {
            attrs: Vec::new(),
            unsafe_attrs: Vec::new(),
            decided: true,
            body: None,
            item_start: true,
            boundary,
        };
        let mut i = from;
        while i < to {
            if let Some(next) = self.attribute(i, to, &mut p, file) {
                i = next;
                continue;
            }
            if !p.decided {
                p.decided = true;
                if self.skips(&p.attrs, i, kind) {
                    i = item_end(t, i, to);
                    p.unsafe_attrs.clear();
                    p.body = None;
                    p.next_item(t.toks[i - 1].end);
                    continue;
                }
                self.unsafe_attributes(std::mem::take(&mut p.unsafe_attrs));
            }
            let item_start = std::mem::take(&mut p.item_start);
            i = match t.toks[i].kind {
                Kind::Open(delimiter) => {
                    let inner = match p.body.take_if(|(at, _)| *at == i) {
                        Some((_, body)) => body,
                        _ if delimiter == b'{' => Body::Block,
                        _ => Body::Plain,
                    };
                    self.group((i + 1, t.close(i)), inner, false);
                    if delimiter == b'{' {
                        p.next_item(t.toks[t.close(i)].end);
                    }
                    t.close(i) + 1
                }
                Kind::Punct(b';') => {
                    p.next_item(t.toks[i].end);
                    i + 1
                }
                Kind::Ident | Kind::Raw => self.word(i, to, kind, item_start, &mut p),
                _ => i + 1,
            };
        }
        self.unsafe_attributes(p.unsafe_attrs);
    }

    /// Counts the unsafe attributes named by these tokens.
    fn unsafe_attributes(&mut self, names: Vec<usize>) {
        self.scan.counts.attributes += names.len() as u64;
        for name in names {
            self.place(SiteKind::Attribute, name, false);
        }
    }

    /// Records where the item whose span starts at token `i` is, when sites
    /// are asked for. `docs` (fns) says whether its doc attributes hold a
    /// `# Safety` section.
    fn place(&mut self, kind: SiteKind, i: usize, docs: bool) {
        let Some(placer) = self.placer() else { return };
        let offset = self.t.toks[i].start as usize;
        let (line, column) = placer.position(offset);
        let documented = match kind {
            SiteKind::Block => Some(placer.safety_comment(offset)),
            SiteKind::Function | SiteKind::Method => Some(docs || placer.safety_comment(offset)),
            _ => None,
        };
        self.scan.sites.push(Site {
            kind,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
            documented,
        });
    }

    /// The placer, when sites are asked for.
    fn placer(&self) -> Option<&Placer<'a>> {
        let source = self.t.source;
        self.placer.as_ref().map(|cell| cell.get_or_init(|| Placer::new(source)))
    }

    /// Whether the doc attributes of the unsafe fn whose `unsafe` is token
    /// `i` hold a `# Safety` section, as syn gathers them: the outer ones
    /// (doc comments after the item before it, `#[doc = "..."]`) and the
    /// inner ones at the start of its body.
    fn fn_has_safety_section(&self, placer: &Placer, i: usize, to: usize, p: &Pending) -> bool {
        let t = self.t;
        let start = t.toks[i].start as usize;
        let outer = placer.doc_comments(p.boundary, start, DocStyle::Outer);
        let attributes: Vec<String> = p.attrs.iter().filter_map(|a| attrs::doc(t, *a)).collect();
        if sites::has_safety_section(outer.into_iter().chain(attributes.iter().map(String::as_str)))
        {
            return true;
        }
        let Some(fn_word) = (i + 1..to).find(|k| t.is_word(*k, "fn")) else { return false };
        let Some(body) = body_of(t, fn_word, to) else { return false };
        let mut first = body + 1;
        let mut inner = Vec::new();
        while let Some((attr, true)) = attrs::at(t, first, t.close(body)) {
            inner.extend(attrs::doc(t, attr));
            first = attr.to + 1;
        }
        let comments = placer.doc_comments(
            t.toks[body].end as usize,
            t.toks[first].start as usize,
            DocStyle::Inner,
        );
        sites::has_safety_section(comments.into_iter().chain(inner.iter().map(String::as_str)))
    }

    /// Reads the attribute at `i`, if one starts there; returns what follows it.
    fn attribute(&mut self, i: usize, to: usize, p: &mut Pending, file: bool) -> Option<usize> {
        let t = self.t;
        let (attr, inner) = attrs::at(t, i, to)?;
        let unsafe_attr = attrs::is_unsafe(t, attr).then_some(attr.from);
        if inner {
            self.unsafe_attributes(unsafe_attr.into_iter().collect());
            if file {
                let (forbids, denies) = attrs::lint_level(t, attr);
                self.scan.forbids |= forbids;
                self.scan.denies |= forbids || denies;
            }
        } else {
            if p.decided {
                p.attrs.clear();
                p.decided = false;
            }
            p.attrs.push(attr);
            p.unsafe_attrs.extend(unsafe_attr);
        }
        Some(attr.to + 1)
    }

    /// Whether the item at `i`, carrying `attrs`, is test-only code to leave out.
    fn skips(&self, attrs: &[Attr], i: usize, kind: Body) -> bool {
        let test_only = || attrs.iter().any(|a| attrs::is_cfg_test(self.t, *a));
        let item = match kind {
            Body::Module | Body::Impl => true,
            Body::Block => statement_is_item(self.t, i),
            Body::Extern | Body::Plain => false,
        };
        !self.include_tests && item && test_only()
    }

    /// Handles the identifier at `i`; returns the index to go on from.
    fn word(
        &mut self,
        i: usize,
        to: usize,
        kind: Body,
        item_start: bool,
        p: &mut Pending,
    ) -> usize {
        let t = self.t;
        if let Some(group) = macro_group(t, i, to) {
            self.macro_call(group, t.is_word(i, "macro_rules"));
            if t.is_open(group, b'{') {
                p.item_start = true;
                p.boundary = t.toks[t.close(group)].end as usize;
            }
            return t.close(group) + 1;
        }
        if t.toks[i].kind == Kind::Raw {
            return i + 1;
        }
        match t.text(i) {
            "unsafe" => {
                p.item_start = item_start;
                if t.is_open(i + 1, b'{') {
                    self.scan.counts.blocks += 1;
                    self.place(SiteKind::Block, i, false);
                } else if t.is_word(i + 1, "impl") {
                    self.scan.counts.impls += 1;
                    self.place(SiteKind::Impl, i, false);
                } else if t.is_word(i + 1, "trait")
                    || t.is_word(i + 1, "auto") && t.is_word(i + 2, "trait")
                {
                    self.scan.counts.traits += 1;
                    self.place(SiteKind::Trait, i, false);
                } else if names_a_function(t, i + 1) && kind != Body::Extern {
                    let site = if kind == Body::Impl {
                        self.scan.counts.methods += 1;
                        SiteKind::Method
                    } else {
                        self.scan.counts.functions += 1;
                        SiteKind::Function
                    };
                    let docs = self
                        .placer()
                        .is_some_and(|placer| self.fn_has_safety_section(placer, i, to, p));
                    self.place(site, i, docs);
                }
            }
            "pub" => {
                p.item_start = item_start;
                if t.is_open(i + 1, b'(') {
                    return t.close(i + 1) + 1;
                }
            }
            "default" | "auto" => p.item_start = item_start,
            "static" if t.is_word(i + 1, "mut") => {
                self.scan.counts.static_mut += 1;
                self.place(SiteKind::StaticMut, i + 1, false);
            }
            "extern" => {
                let open = if t.toks.get(i + 1).is_some_and(|n| n.kind == Kind::Literal) {
                    i + 2
                } else {
                    i + 1
                };
                if t.is_open(open, b'{') {
                    self.scan.counts.extern_blocks += 1;
                    p.body = Some((open, Body::Extern));
                    let unsafe_extern = i > 0 && t.is_word(i - 1, "unsafe");
                    self.place(SiteKind::ExternBlock, if unsafe_extern { i - 1 } else { i }, false);
                }
            }
            "impl" if item_start => p.body = body_of(t, i, to).map(|b| (b, Body::Impl)),
            "trait" => p.body = body_of(t, i, to).map(|b| (b, Body::Impl)),
            "struct" | "enum" => p.body = body_of(t, i, to).map(|b| (b, Body::Plain)),
            "union" if t.is_ident(i + 1) => p.body = body_of(t, i, to).map(|b| (b, Body::Plain)),
            "mod" if t.is_ident(i + 1) => return self.module(i, p),
            _ => {}
        }
        i + 1
    }

    /// `mod name;` or `mod name { ... }` at `i`; returns what follows it.
    fn module(&mut self, i: usize, p: &mut Pending) -> usize {
        let t = self.t;
        let decl = modules::decl(t, i + 1, &p.attrs, &self.inline);
        if t.is_punct(i + 2, b';') {
            self.scan.mods.push(decl);
            return i + 2;
        }
        if !t.is_open(i + 2, b'{') {
            return i + 2;
        }
        self.inline.push(modules::inline_dir(decl));
        self.group((i + 3, t.close(i + 2)), Body::Module, false);
        self.inline.pop();
        p.next_item(t.toks[t.close(i + 2)].end);
        t.close(i + 2) + 1
    }

    /// A macro call's (or `macro_rules!` body's) group at `group`: its `unsafe`
    /// keywords count as `in_macros`, and a call may declare modules.
    fn macro_call(&mut self, group: usize, rules: bool) {
        let t = self.t;
        let range = (group + 1, t.close(group));
        self.scan.counts.in_macros +=
            (range.0..range.1).filter(|k| t.is_word(*k, "unsafe")).count() as u64;
        if !rules {
            let mut inline = self.inline.clone();
            modules::in_macro(t, range, self.include_tests, &mut inline, &mut self.scan.mods);
        }
    }
}

/// The group of a macro call at `i` (`path!(...)`, `name! ident { ... }`).
fn macro_group(t: &Tokens, i: usize, to: usize) -> Option<usize> {
    if !t.is_punct(i + 1, b'!') || t.toks[i].kind == Kind::Ident && is_keyword(t.text(i)) {
        return None;
    }
    let group = if t.is_ident(i + 2) { i + 3 } else { i + 2 };
    (group < to && t.is_group(group)).then_some(group)
}

/// Whether `fn name` (after an optional `extern "ABI"`) starts at `i`.
fn names_a_function(t: &Tokens, mut i: usize) -> bool {
    if t.is_word(i, "extern") {
        i += 1;
        if t.toks.get(i).is_some_and(|n| n.kind == Kind::Literal) {
            i += 1;
        }
    }
    t.is_word(i, "fn") && t.is_ident(i + 1)
}

/// The body (`{`) of the item whose keyword is at `i`, before any `;`.
fn body_of(t: &Tokens, i: usize, to: usize) -> Option<usize> {
    match header_end(t, i + 1, to) {
        Some(end) if t.is_open(end, b'{') => Some(end),
        _ => None,
    }
}

/// The first `{` or `;` from `i` outside the item's generics (`<...>`), whose
/// `>` is not the end of an `->` or `=>`.
fn header_end(t: &Tokens, mut i: usize, to: usize) -> Option<usize> {
    let mut angle = 0usize;
    while i < to {
        match t.toks[i].kind {
            Kind::Punct(b'<') => angle += 1,
            Kind::Punct(b'>') if !arrow_head(t, i) => angle = angle.saturating_sub(1),
            Kind::Punct(b';') if angle == 0 => return Some(i),
            Kind::Open(b'{') if angle == 0 => return Some(i),
            Kind::Open(_) => i = t.close(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether the `>` at `i` is the end of `->` or `=>`.
fn arrow_head(t: &Tokens, i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| t.toks[p]) else { return false };
    prev.end == t.toks[i].start && matches!(prev.kind, Kind::Punct(b'-' | b'='))
}

/// The index after the item starting at `i` (attributes already read).
fn item_end(t: &Tokens, i: usize, to: usize) -> usize {
    let mut j = i;
    if t.is_word(j, "pub") {
        j += 1;
        if t.is_open(j, b'(') {
            j = t.close(j) + 1;
        }
    }
    let ends_with_semicolon = t.is_word(j, "use")
        || t.is_word(j, "type")
        || t.is_word(j, "static")
        || t.is_word(j, "const") && !is_fn_qualifier(t, j + 1)
        || t.is_word(j, "extern") && t.is_word(j + 1, "crate");
    if ends_with_semicolon {
        while j < to && !t.is_punct(j, b';') {
            j = t.after(j);
        }
        return (j + 1).min(to);
    }
    match header_end(t, j, to) {
        Some(end) if t.is_open(end, b'{') => t.close(end) + 1,
        Some(end) => end + 1,
        None => to,
    }
}

fn is_fn_qualifier(t: &Tokens, i: usize) -> bool {
    ["fn", "unsafe", "async", "extern"].iter().any(|w| t.is_word(i, w))
}

/// Whether the statement at `i` is an item, as syn decides (`parse_stmt`).
fn statement_is_item(t: &Tokens, i: usize) -> bool {
    let w = |k: usize, word: &str| t.is_word(k, word);
    let path_end = path_end(t, i);
    if path_end > i && t.is_punct(path_end, b'!') && t.is_ident(path_end + 1) {
        return true;
    }
    let Some(word) = (t.toks[i].kind == Kind::Ident).then(|| t.text(i)) else { return false };
    match word {
        "pub" | "extern" | "use" | "fn" | "mod" | "type" | "struct" | "enum" | "trait" | "impl"
        | "macro" => true,
        "crate" => !(t.is_punct(i + 1, b':') && t.is_punct(i + 2, b':')),
        "static" => {
            w(i + 1, "mut")
                || t.toks.get(i + 1).is_some_and(|n| n.kind == Kind::Ident)
                    && !is_keyword(t.text(i + 1))
                    && !(w(i + 1, "async") && (w(i + 2, "move") || t.is_punct(i + 2, b'|')))
        }
        "const" => {
            !(t.is_open(i + 1, b'{')
                || w(i + 1, "static")
                || w(i + 1, "async")
                    && !(w(i + 2, "unsafe") || w(i + 2, "extern") || w(i + 2, "fn"))
                || w(i + 1, "move")
                || t.is_punct(i + 1, b'|'))
        }
        "unsafe" => !t.is_open(i + 1, b'{'),
        "async" => w(i + 1, "unsafe") || w(i + 1, "extern") || w(i + 1, "fn"),
        "union" => t.is_ident(i + 1) && !is_keyword(t.text(i + 1)),
        "auto" => w(i + 1, "trait"),
        "default" => w(i + 1, "unsafe") || w(i + 1, "impl"),
        _ => false,
    }
}

/// The index after a path (`a::b::c`, `::a`) starting at `i`, or `i`.
fn path_end(t: &Tokens, i: usize) -> usize {
    let colons = |k: usize| t.is_punct(k, b':') && t.is_punct(k + 1, b':');
    let mut j = if colons(i) { i + 2 } else { i };
    while t.is_ident(j) {
        j += 1;
        if !colons(j) {
            return j;
        }
        j += 2;
    }
    i
}

/// Rust's strict and reserved keywords (2018 and later), but for `try`, which
/// edition-2015 code calls as a macro (`try!(...)`).
fn is_keyword(word: &str) -> bool {
    const KEYWORDS: [&str; 50] = [
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
        "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
        "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe",
        "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do",
        "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield",
    ];
    KEYWORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::super::counter::scan_source;
    use super::super::model::Counts;
    use super::super::model::FileScan;
    use super::super::modules::Inline;
    use super::super::syn_oracle;

    /// The walk's counts and sites, checked against the syn visitor's.
    fn walked(source: &str, include_tests: bool) -> FileScan {
        let walked = scan_source(source, include_tests, true);
        let (counts, mut sites) = syn_oracle::visit(source, include_tests).expect("syn parses");
        sites.sort_by_key(|s| (s.line, s.column));
        assert_eq!(walked.counts, counts, "syn and the walk differ on {source}");
        assert_eq!(walked.sites, sites, "syn and the walk place differently in {source}");
        walked
    }

    #[test]
    fn sites_and_safety_docs_are_where_syn_puts_them() {
        let source = r##"
            /// Reads it.
            ///
            /// # Safety
            /// The pointer is valid.
            #[inline]
            pub unsafe fn read(p: *const u8) -> u8 { unsafe { *p } }
            #[doc = "# Safety"]
            unsafe fn attr_doc() {}
            /** # Safety */
            unsafe fn block_doc() {}
            unsafe fn inner_doc() {
                //! # Safety
                // SAFETY: the caller said so
                unsafe {}
            }
            struct S;
            impl S {
                /// # Safety
                pub(crate) unsafe extern "C" fn m(&self) {}
                unsafe fn undocumented(&self) {}
            }
            unsafe extern "C" { static mut X: u8; }
            extern "C" { fn e(); }
            unsafe impl Send for S {}
            #[unsafe(no_mangle)] pub extern "C" fn f() {}
        "##;
        let scan = walked(source, false);
        let documented: Vec<Option<bool>> = scan.sites.iter().map(|s| s.documented).collect();
        assert_eq!(
            documented,
            vec![
                Some(true),
                Some(false),
                Some(true),
                Some(true),
                Some(true),
                Some(true),
                Some(true),
                Some(false),
                None,
                None,
                None,
                None,
                None
            ]
        );
    }

    #[test]
    fn unsafe_fns_are_functions_methods_or_types_by_where_they_are() {
        let source = r#"
            struct S;
            impl S { unsafe fn m(&self) { unsafe fn inner() {} } }
            trait T { unsafe fn t(); fn d() { unsafe fn g() {} } }
            fn f() -> impl Fn() { unsafe fn nested() {} || () }
            impl<F: Fn() -> u8> T for Vec<F> where F: Clone { unsafe fn t() {} }
            type P = unsafe fn(u8);
            type Q = unsafe extern "C" fn() -> u8;
            extern "C" { fn ext(); static mut E: u8; }
        "#;
        let counts = walked(source, false).counts;
        let expected = Counts {
            functions: 3,
            methods: 3,
            extern_blocks: 1,
            static_mut: 1,
            ..Counts::default()
        };
        assert_eq!(counts, expected);
    }

    #[test]
    fn cfg_test_leaves_out_items_not_statements_or_fields() {
        let source = r#"
            fn f() {
                #[cfg(test)] let _x = unsafe { 1 };
                #[cfg(test)] fn g() { unsafe {} }
                #[cfg(test)] unsafe {}
            }
            struct F { #[cfg(test)] pub a: [u8; unsafe { 1 }] }
            #[no_mangle] #[cfg(test)] pub extern "C" fn h() {}
            #[cfg(test)] impl F { unsafe fn m() {} }
            impl F { #[cfg(test)] unsafe fn n() {} unsafe fn o() {} }
            #[cfg(all(test, unix))] const C: u8 = if true { 1 } else { unsafe { 2 } };
        "#;
        let without = walked(source, false).counts;
        assert_eq!(without, Counts { blocks: 3, methods: 1, ..Counts::default() });
        let with = walked(source, true).counts;
        assert_eq!(with, Counts { blocks: 5, methods: 3, attributes: 1, ..Counts::default() });
    }

    #[test]
    fn macros_hold_their_unsafe_apart_and_negations_are_not_macros() {
        let source = r#"
            macro_rules! m { () => { unsafe {} } }
            fn f(x: bool) -> bool { if !(x) { return !(x) } m!(); println!("{}", unsafe { 1 }); x }
            fn never() -> ! { loop { unsafe {} } }
            fn flag(done: bool) { while !done { unsafe {} } }
        "#;
        let counts = walked(source, false).counts;
        assert_eq!(counts, Counts { blocks: 2, in_macros: 2, ..Counts::default() });
    }

    #[test]
    fn modules_are_found_among_items_and_in_macro_calls() {
        let source = r#"
            #[path = "p.rs"] mod q;
            pub(crate) mod a { mod b; }
            unix!(pub mod unix;);
            cfg_if::cfg_if! { if #[cfg(windows)] { mod windows; } }
            #[cfg(test)] mod t;
            macro_rules! decl { () => { mod never; } }
            fn body() { #[cfg(feature = "x")] mod inner; }
        "#;
        let mods = walked(source, false).mods;
        let found: Vec<(&str, Vec<String>, Vec<Inline>, bool)> = mods
            .iter()
            .map(|m| (m.name.as_str(), m.paths.clone(), m.inline.clone(), m.conditional))
            .collect();
        assert_eq!(
            found,
            vec![
                ("q", vec!["p.rs".to_owned()], vec![], false),
                ("b", vec![], vec![Inline::Named("a".to_owned())], false),
                ("unix", vec![], vec![], true),
                ("windows", vec![], vec![], true),
                ("inner", vec![], vec![], true),
            ]
        );
    }
}
