//! What an attribute says, read from the tokens between its brackets: whether
//! it is one of the unsafe attributes, whether it limits an item to tests,
//! which lint level it sets for `unsafe_code`, and the file a `mod` is read
//! from (`#[path]`, `#[cfg_attr(..., path = "...")]`).

use super::lexer::Tokens;
use super::token::Kind;

/// The tokens between an attribute's brackets: `from..to`, `to` being the
/// index of the closing `]`.
#[derive(Debug, Clone, Copy)]
pub struct Attr {
    /// First token inside the brackets.
    pub from: usize,
    /// The closing bracket.
    pub to: usize,
}

/// The attribute starting at `i` (`#[...]`, or `#![...]` when the flag
/// says inner) before `to`, if one does.
pub fn at(t: &Tokens, i: usize, to: usize) -> Option<(Attr, bool)> {
    if !t.is_punct(i, b'#') {
        return None;
    }
    let inner = t.is_punct(i + 1, b'!');
    let open = if inner { i + 2 } else { i + 1 };
    (open < to && t.is_open(open, b'['))
        .then(|| (Attr { from: open + 1, to: t.close(open) }, inner))
}

/// The attributes counted as unsafe: a one-word path, as syn's `is_ident`.
const UNSAFE_ATTRIBUTES: [&str; 4] = ["no_mangle", "export_name", "link_section", "unsafe"];

/// `#[no_mangle]`, `#[export_name = ...]`, `#[link_section = ...]` or `#[unsafe(...)]`.
pub fn is_unsafe(t: &Tokens, a: Attr) -> bool {
    a.from < a.to
        && t.toks[a.from].kind == Kind::Ident
        && UNSAFE_ATTRIBUTES.contains(&t.text(a.from))
        && !t.is_punct(a.from + 1, b':')
}

/// `cfg(test)` or `cfg(all(..., test, ...))`.
pub fn is_cfg_test(t: &Tokens, a: Attr) -> bool {
    let Some(args) = list_of(t, a, "cfg") else { return false };
    let inner = Attr { from: args + 1, to: t.close(args) };
    let words = inner.to - inner.from;
    if words == 1 {
        return t.is_word(inner.from, "test");
    }
    match list_of(t, inner, "all") {
        Some(all) => top_level(t, all).any(|i| t.is_word(i, "test")),
        None => false,
    }
}

/// [`is_cfg_test`] on an attribute's text (`cfg (test)`), as syn prints it.
#[cfg(any(test, feature = "fuzzing"))]
pub fn is_cfg_test_text(meta: &str) -> bool {
    match super::lexer::lex(meta) {
        Ok(t) => is_cfg_test(&t, Attr { from: 0, to: t.toks.len() }),
        Err(_) => false,
    }
}

/// `(forbids, denies)` unsafe code: `forbid(unsafe_code)`, `deny(unsafe_code)`,
/// also under `cfg_attr(...)`.
pub fn lint_level(t: &Tokens, a: Attr) -> (bool, bool) {
    for level in ["forbid", "deny"] {
        if let Some(args) = list_of(t, a, level) {
            let names = top_level(t, args).any(|i| t.is_word(i, "unsafe_code"));
            return (names && level == "forbid", names && level == "deny");
        }
    }
    match list_of(t, a, "cfg_attr") {
        Some(args) => (lint_in(t, args, "forbid"), lint_in(t, args, "deny")),
        None => (false, false),
    }
}

/// Whether `level(... unsafe_code ...)` appears among the group's top-level tokens.
fn lint_in(t: &Tokens, group: usize, level: &str) -> bool {
    top_level(t, group).any(|i| {
        t.is_word(i, level)
            && t.toks[i + 1].kind == Kind::Open(b'(')
            && top_level(t, i + 1).any(|j| t.is_word(j, "unsafe_code"))
    })
}

/// Whether the attribute's first word is `cfg` or `cfg_attr`.
pub fn is_conditional(t: &Tokens, a: Attr) -> bool {
    a.from < a.to && (t.is_word(a.from, "cfg") || t.is_word(a.from, "cfg_attr"))
}

/// The `path = "..."` values of `#[path]` and of `#[cfg_attr(..., path = "...")]`.
pub fn paths(t: &Tokens, attrs: &[Attr]) -> Vec<String> {
    let mut found = Vec::new();
    for a in attrs {
        if a.from < a.to && t.is_word(a.from, "path") {
            found.extend(value_after(t, a.from));
        } else if let Some(args) = list_of(t, *a, "cfg_attr") {
            for i in top_level(t, args).filter(|i| t.is_word(*i, "path")) {
                found.extend(value_after(t, i));
            }
        }
    }
    found
}

/// The text of `doc = "..."`, as syn reads a doc attribute's value.
pub fn doc(t: &Tokens, a: Attr) -> Option<String> {
    (a.from + 3 == a.to && t.is_word(a.from, "doc")).then(|| value_after(t, a.from)).flatten()
}

/// The string after `word =`.
fn value_after(t: &Tokens, word: usize) -> Option<String> {
    if !t.is_punct(word + 1, b'=') || t.toks.get(word + 2)?.kind != Kind::Literal {
        return None;
    }
    let value = syn::parse_str::<syn::LitStr>(t.text(word + 2)).ok().map(|s| s.value());
    proc_macro2::extra::invalidate_current_thread_spans();
    value
}

/// The index of the group in `name(...)` when the attribute is exactly that.
fn list_of(t: &Tokens, a: Attr, name: &str) -> Option<usize> {
    let open = a.from + 1;
    let whole = a.from < a.to && t.is_word(a.from, name) && open < a.to;
    (whole && t.is_group(open) && t.close(open) + 1 == a.to).then_some(open)
}

/// The indexes of the tokens directly inside the group opened at `open`.
fn top_level<'t>(t: &'t Tokens, open: usize) -> impl Iterator<Item = usize> + 't {
    let end = t.close(open);
    let mut i = open + 1;
    std::iter::from_fn(move || {
        if i >= end {
            return None;
        }
        let at = i;
        i = t.after(at);
        Some(at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(t: &Tokens) -> Attr {
        Attr { from: 0, to: t.toks.len() }
    }

    fn check<T>(meta: &str, f: impl Fn(&Tokens, Attr) -> T) -> T {
        let t = super::super::lexer::lex(meta).expect("lexes");
        f(&t, whole(&t))
    }

    #[test]
    fn unsafe_attributes_are_one_word_paths() {
        for meta in
            ["no_mangle", "export_name = \"x\"", "link_section = \".s\"", "unsafe(no_mangle)"]
        {
            assert!(check(meta, is_unsafe), "{meta}");
        }
        for meta in
            ["no_mangle::x", "cfg_attr(x, no_mangle)", "r#unsafe(no_mangle)", "doc = \"no_mangle\""]
        {
            assert!(!check(meta, is_unsafe), "{meta}");
        }
    }

    #[test]
    fn cfg_test_is_test_alone_or_under_all() {
        assert!(is_cfg_test_text("cfg(test)"));
        assert!(is_cfg_test_text("cfg (all (unix , test))"));
        for meta in
            ["cfg(not(test))", "cfg(any(test, unix))", "cfg(unix)", "cfg(test, unix)", "test"]
        {
            assert!(!is_cfg_test_text(meta), "{meta}");
        }
    }

    #[test]
    fn lint_levels_are_read_directly_and_under_cfg_attr() {
        assert_eq!(check("forbid(unsafe_code)", lint_level), (true, false));
        assert_eq!(check("deny(missing_docs, unsafe_code)", lint_level), (false, true));
        assert_eq!(check("cfg_attr(not(test), forbid(unsafe_code))", lint_level), (true, false));
        assert_eq!(check("allow(unsafe_code)", lint_level), (false, false));
        assert_eq!(check("forbid(unsafe_op_in_unsafe_fn)", lint_level), (false, false));
    }

    #[test]
    fn paths_come_from_path_and_cfg_attr() {
        let t = super::super::lexer::lex("path = \"a\\\\b.rs\" cfg_attr(unix, path = r\"u.rs\")")
            .expect("lexes");
        let attrs = [Attr { from: 0, to: 3 }, Attr { from: 3, to: t.toks.len() }];
        assert_eq!(paths(&t, &attrs), vec!["a\\b.rs".to_owned(), "u.rs".to_owned()]);
    }
}
