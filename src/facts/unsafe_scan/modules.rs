//! Module declarations: each `mod foo;` a file declares, with what its
//! attributes say about where `foo` lives (`#[path]`, per-platform
//! `cfg_attr(..., path)`) and whether it may be absent (`#[cfg(...)]`).
//! The item walk finds them among items; inside macro calls such as
//! `cfg_if! { ... mod unix; ... }` they are searched for in the tokens.

use super::attrs::{self, Attr};
use super::lexer::Tokens;

/// An out-of-line module declaration (`mod foo;`) found in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ModDecl {
    /// The module's name.
    pub name: String,
    /// The values of its `#[path = "..."]` attribute, or of the `path`s in its
    /// `#[cfg_attr(..., path = "...")]` attributes (one per platform).
    pub paths: Vec<String>,
    /// The inline modules (`mod a { mod foo; }`) around it, outermost first.
    pub inline: Vec<Inline>,
    /// Whether it carries a `#[cfg(...)]` (a missing file is then not an error).
    pub conditional: bool,
}

/// An inline module around a declaration, as rustc sees it when it looks
/// for the files of the modules declared inside.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Inline {
    /// `mod a { ... }`: its children live in a directory `a`.
    Named(String),
    /// `#[path = "p"] mod a { ... }`: its children live in the directory `p`,
    /// relative to the directory of the module around it.
    Path(String),
}

/// The declaration of the module named by token `name`, given its attributes.
pub fn decl(t: &Tokens, name: usize, attrs: &[Attr], inline: &[Inline]) -> ModDecl {
    ModDecl {
        name: t.text(name).trim_start_matches("r#").to_owned(),
        paths: attrs::paths(t, attrs),
        inline: inline.to_vec(),
        conditional: attrs.iter().any(|a| attrs::is_conditional(t, *a)),
    }
}

/// What an inline module's declaration says about where its children live.
pub fn inline_dir(decl: ModDecl) -> Inline {
    decl.paths.into_iter().next().map_or(Inline::Named(decl.name), Inline::Path)
}

/// Collects the `mod` declarations in the tokens `from..to` of a macro call.
/// Brace groups are searched too; every module found is conditional, as the
/// macro decides whether it exists.
pub fn in_macro(
    t: &Tokens,
    (from, to): (usize, usize),
    include_tests: bool,
    inline: &mut Vec<Inline>,
    out: &mut Vec<ModDecl>,
) {
    let mut attrs: Vec<Attr> = Vec::new();
    let mut i = from;
    while i < to {
        if let Some((attr, inner)) = attrs::at(t, i, to) {
            if !inner {
                attrs.push(attr);
            }
            i = attr.to + 1;
            continue;
        }
        if t.is_word(i, "mod") && i + 1 < to && t.is_ident(i + 1) {
            let skipped = !include_tests && attrs.iter().any(|a| attrs::is_cfg_test(t, *a));
            let mut next = i + 3;
            if t.is_punct(i + 2, b';') && !skipped {
                let mut found = decl(t, i + 1, &attrs, inline);
                found.conditional = true;
                out.push(found);
            } else if t.is_open(i + 2, b'{') {
                next = t.close(i + 2) + 1;
                if !skipped {
                    inline.push(inline_dir(decl(t, i + 1, &attrs, inline)));
                    in_macro(t, (i + 3, t.close(i + 2)), include_tests, inline, out);
                    inline.pop();
                }
            }
            attrs.clear();
            i = next;
            continue;
        }
        if t.is_open(i, b'{') {
            in_macro(t, (i + 1, t.close(i)), include_tests, inline, out);
            attrs.clear();
        }
        if t.is_punct(i, b';') {
            attrs.clear();
        }
        i = t.after(i);
    }
}
