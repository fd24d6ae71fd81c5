//! Token-level helpers: finding `mod` declarations without a full parse.
//!
//! Used three ways: for files that cannot hold unsafe code (no `unsafe`,
//! `extern`, `static mut` or unsafe attribute anywhere in the text, so only
//! their modules matter and a full parse would be wasted), inside macro calls
//! such as `cfg_if! { ... mod unix; ... }` that syn leaves unparsed, and for
//! files syn cannot parse (edition-2015 syntax), so their modules are still
//! followed while the package is reported unknown.

use super::counter::ModDecl;
use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// Words whose absence proves a file holds nothing the counter counts
/// (`unsafe_code` is covered by `unsafe`).
const TRIGGERS: &[&str] = &["unsafe", "no_mangle", "export_name", "link_section"];

/// Whether the text may hold something the counter counts (or a lint level)
/// other than extern blocks. Only ever errs towards a full parse.
pub fn may_hold_unsafe(source: &str) -> bool {
    TRIGGERS.iter().any(|w| source.contains(w))
        || followed_by(source, "static", |rest| rest.starts_with("mut"))
}

/// Whether the text may declare a module (`mod name;` or `mod name {`): the
/// word `mod`, then a name, then `;` or `{`, with whitespace between. A comment
/// anywhere in between also counts. Only ever errs towards lexing the file;
/// most files mention "mod" only inside words such as "mode" or "model".
pub fn may_declare_module(source: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    source.match_indices("mod").any(|(i, _)| {
        if source[..i].chars().next_back().is_some_and(ident) {
            return false;
        }
        let rest = &source[i + 3..];
        let after = rest.trim_start();
        if after.len() == rest.len() && !after.starts_with('/') {
            return false;
        }
        let name = after.strip_prefix("r#").unwrap_or(after);
        let end = name.find(|c: char| !ident(c)).unwrap_or(name.len());
        if after.starts_with('/') {
            return true;
        }
        end > 0 && name[end..].trim_start().starts_with([';', '{', '/'])
    })
}

/// Whether the text may hold an extern block (`extern {` or `extern "C" {`,
/// not `extern crate`).
pub fn may_hold_extern_block(source: &str) -> bool {
    followed_by(source, "extern", |rest| rest.starts_with('{') || rest.starts_with('"'))
}

/// Counts extern blocks in tokens as syn would: outside macro invocations and
/// (unless `include_tests`) outside `#[cfg(test)]` items. Used for files whose
/// only unsafe-related items are extern blocks (bindings such as web-sys and
/// winapi), which would otherwise need a full parse.
pub fn extern_blocks(tokens: TokenStream, include_tests: bool) -> u64 {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut count = 0;
    let mut test_only = false;
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                if let Some(TokenTree::Group(g)) = trees.get(i + 1)
                    && g.delimiter() == Delimiter::Bracket
                {
                    test_only |= !include_tests && is_cfg_test(&g.stream());
                    i += 2;
                    continue;
                }
            }
            // A macro invocation or definition: `name! (...)`, `macro_rules! name { ... }`.
            TokenTree::Punct(p) if p.as_char() == '!' => {
                let mut j = i + 1;
                if matches!(trees.get(j), Some(TokenTree::Ident(_))) {
                    j += 1;
                }
                if matches!(trees.get(j), Some(TokenTree::Group(_))) {
                    i = j + 1;
                    continue;
                }
            }
            TokenTree::Ident(id) if id == "extern" => {
                let mut j = i + 1;
                if matches!(trees.get(j), Some(TokenTree::Literal(_))) {
                    j += 1;
                }
                if let Some(TokenTree::Group(g)) = trees.get(j)
                    && g.delimiter() == Delimiter::Brace
                {
                    count += u64::from(!test_only);
                    test_only = false;
                    i = j + 1;
                    continue;
                }
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                if !test_only {
                    count += extern_blocks(g.stream(), include_tests);
                }
                test_only = false;
            }
            TokenTree::Punct(p) if p.as_char() == ';' => test_only = false,
            _ => {}
        }
        i += 1;
    }
    count
}

/// Whether `word`, followed by whitespace (or by `{`/`"`), is followed by what `next` accepts.
fn followed_by(source: &str, word: &str, next: impl Fn(&str) -> bool) -> bool {
    source.match_indices(word).any(|(i, w)| {
        let rest = &source[i + w.len()..];
        let trimmed = rest.trim_start();
        let separated = trimmed.len() < rest.len() || trimmed.starts_with(['{', '"']);
        separated && next(trimmed)
    })
}

/// Lexes a file into tokens (a leading `#!` shebang line is dropped).
pub fn lex(source: &str) -> Result<TokenStream, String> {
    let body = if source.starts_with("#!") && !source.starts_with("#![") {
        source.find('\n').map_or("", |i| &source[i..])
    } else {
        source
    };
    let result = body.parse::<TokenStream>().map_err(|e| {
        let at = e.span().start();
        format!("cannot be tokenized at {}:{}: {e}", at.line, at.column + 1)
    });
    proc_macro2::extra::invalidate_current_thread_spans();
    result
}

/// Collects the `mod` declarations in a token stream. `inline` holds the
/// directories of the enclosing inline modules.
/// Modules found inside macro bodies (`in_macro`) are conditional: a missing
/// file is then not an error.
pub fn mod_decls(
    tokens: TokenStream,
    include_tests: bool,
    in_macro: bool,
    inline: &mut Vec<String>,
    out: &mut Vec<ModDecl>,
) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut attrs: Vec<TokenStream> = Vec::new();
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                let bang =
                    matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                let at = if bang { i + 2 } else { i + 1 };
                if let Some(TokenTree::Group(g)) = trees.get(at)
                    && g.delimiter() == Delimiter::Bracket
                {
                    if !bang {
                        attrs.push(g.stream());
                    }
                    i = at + 1;
                    continue;
                }
            }
            TokenTree::Ident(id) if id == "mod" => {
                if let Some(TokenTree::Ident(name)) = trees.get(i + 1) {
                    let name = name.to_string().trim_start_matches("r#").to_owned();
                    let skipped = !include_tests && attrs.iter().any(is_cfg_test);
                    match trees.get(i + 2) {
                        Some(TokenTree::Punct(p)) if p.as_char() == ';' && !skipped => {
                            let mut found = decl(name, &attrs, inline);
                            found.conditional |= in_macro;
                            out.push(found);
                        }
                        Some(TokenTree::Group(g))
                            if g.delimiter() == Delimiter::Brace && !skipped =>
                        {
                            let dir = paths(&attrs).into_iter().next().unwrap_or(name);
                            inline.push(dir);
                            mod_decls(g.stream(), include_tests, in_macro, inline, out);
                            inline.pop();
                        }
                        _ => {}
                    }
                    attrs.clear();
                    i += 3;
                    continue;
                }
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                // Macro bodies such as `cfg_if! { ... }` may declare modules.
                mod_decls(g.stream(), include_tests, true, inline, out);
                attrs.clear();
            }
            TokenTree::Punct(p) if p.as_char() == ';' => attrs.clear(),
            _ => {}
        }
        i += 1;
    }
}

/// Builds a declaration from its attributes' meta tokens.
pub fn decl(name: String, attrs: &[TokenStream], inline: &[String]) -> ModDecl {
    ModDecl {
        name,
        paths: paths(attrs),
        inline: inline.to_vec(),
        conditional: attrs.iter().any(|a| {
            matches!(a.clone().into_iter().next(), Some(TokenTree::Ident(i)) if i == "cfg" || i == "cfg_attr")
        }),
    }
}

/// `cfg(test)` or `cfg(all(test, ...))`.
pub fn is_cfg_test(meta: &TokenStream) -> bool {
    let trees: Vec<TokenTree> = meta.clone().into_iter().collect();
    let [TokenTree::Ident(cfg), TokenTree::Group(args)] = trees.as_slice() else { return false };
    if cfg != "cfg" {
        return false;
    }
    let inner: Vec<TokenTree> = args.stream().into_iter().collect();
    match inner.as_slice() {
        [TokenTree::Ident(t)] => t == "test",
        [TokenTree::Ident(all), TokenTree::Group(g)] if all == "all" => {
            g.stream().into_iter().any(|t| matches!(t, TokenTree::Ident(i) if i == "test"))
        }
        _ => false,
    }
}

/// The `path = "..."` values of `#[path]` and of `#[cfg_attr(..., path = "...")]`
/// (every platform's file is followed).
fn paths(attrs: &[TokenStream]) -> Vec<String> {
    let mut found = Vec::new();
    for meta in attrs {
        let trees: Vec<TokenTree> = meta.clone().into_iter().collect();
        match trees.first() {
            Some(TokenTree::Ident(i)) if i == "path" => found.extend(value_after_path(&trees)),
            Some(TokenTree::Ident(i)) if i == "cfg_attr" => {
                if let Some(TokenTree::Group(g)) = trees.get(1) {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    for (j, t) in inner.iter().enumerate() {
                        if matches!(t, TokenTree::Ident(p) if p == "path") {
                            found.extend(value_after_path(&inner[j..]));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    found
}

fn value_after_path(trees: &[TokenTree]) -> Option<String> {
    match trees {
        [_, TokenTree::Punct(eq), TokenTree::Literal(lit), ..] if eq.as_char() == '=' => {
            syn::parse2::<syn::LitStr>(TokenTree::Literal(lit.clone()).into())
                .ok()
                .map(|s| s.value())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mods(source: &str) -> Vec<ModDecl> {
        let mut out = Vec::new();
        mod_decls(lex(source).unwrap_or_default(), false, false, &mut Vec::new(), &mut out);
        out
    }

    #[test]
    fn finds_plain_path_cfg_attr_inline_and_cfg_if_modules() {
        let found = mods(
            "mod a;\n#[path = \"x.rs\"] pub(crate) mod b;\n#[cfg_attr(unix, path = \"u.rs\")]\n#[cfg_attr(windows, path = \"w.rs\")] mod c;\nmod d { mod e; }\ncfg_if! { if #[cfg(unix)] { mod f; } }\n#[cfg(test)] mod t;\nmod r#async;",
        );
        let names: Vec<(&str, Vec<String>, Vec<String>)> =
            found.iter().map(|m| (m.name.as_str(), m.paths.clone(), m.inline.clone())).collect();
        assert_eq!(
            names,
            vec![
                ("a", vec![], vec![]),
                ("b", vec!["x.rs".to_owned()], vec![]),
                ("c", vec!["u.rs".to_owned(), "w.rs".to_owned()], vec![]),
                ("e", vec![], vec!["d".to_owned()]),
                ("f", vec![], vec![]),
                ("async", vec![], vec![]),
            ]
        );
    }

    #[test]
    fn static_mut_is_a_trigger_but_static_alone_is_not() {
        assert!(may_hold_unsafe("static  mut X: u8 = 0;"));
        assert!(may_hold_extern_block("extern \"C\" { fn f(); }"));
        assert!(may_hold_extern_block("extern{}"));
        assert!(!may_hold_extern_block("extern crate libc; pub extern fn f() {}"));
        assert!(!may_hold_unsafe(
            "extern crate libc; static X: &'static str = \"\"; fn mutate() {}"
        ));
    }
}

#[cfg(test)]
mod extern_tests {
    use super::*;

    #[test]
    fn extern_blocks_are_counted_from_tokens_like_syn_does() {
        let source = "extern crate libc;\nextern \"C\" { fn a(); }\nextern { fn b(); }\npub extern \"C\" fn c() {}\nmod m { extern \"system\" { fn d(); } }\nfoo! { extern \"C\" { fn e(); } }\nmacro_rules! x { () => { extern {} } }\n#[cfg(test)]\nmod t { extern {} }\nfn f() { extern \"C\" { fn g(); } }\n";
        let tokens = lex(source).unwrap_or_default();
        assert_eq!(extern_blocks(tokens.clone(), false), 4);
        assert_eq!(extern_blocks(tokens, true), 5);
        // The same file, parsed by syn (a comment naming `unsafe` forces the full parse).
        let parsed = format!("// unsafe\n{source}");
        let scan = super::super::counter::scan_source(&parsed, false, false);
        assert_eq!(scan.error, None);
        assert_eq!(scan.counts.extern_blocks, 4);
    }
}

#[cfg(test)]
mod module_word_tests {
    use super::may_declare_module;

    #[test]
    fn module_declarations_are_seen_in_every_spacing() {
        for source in [
            "mod a;",
            "pub mod a;",
            "pub(crate) mod a {}",
            "#[path = \"x.rs\"]mod a;",
            "mod\n    a\n;",
            "mod r#type;",
            "mod a{}",
            "mod /* why */ a;",
            "mod a /* why */;",
            "cfg_if! { if #[cfg(unix)] { mod unix; } }",
        ] {
            assert!(may_declare_module(source), "{source:?}");
        }
    }

    #[test]
    fn words_containing_mod_are_not_declarations() {
        for source in [
            "let mode = 1;",
            "// the model module",
            "fn modify() {}",
            "use crate::mod_a;",
            "let x = mod_count;",
            "mod",
            "mod a = 1",
        ] {
            assert!(!may_declare_module(source), "{source:?}");
        }
    }
}
