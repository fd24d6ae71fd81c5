//! Pre-filter on a file's text: whether it may hold anything the counter
//! counts, or declare an out-of-line module (`mod name;`). A file that can do
//! neither is not tokenized at all: an inline `mod tests { ... }` with no
//! unsafe code and no `mod name;` inside yields nothing. Each test only ever
//! errs towards tokenizing. Words are found with `memchr`'s SIMD substring
//! search, one pass per word (measured faster here than one Aho-Corasick
//! pass: `mod` is common inside other words); whitespace and identifier
//! characters are rustc's own.

use memchr::memmem::Finder;
use ra_ap_rustc_lexer::{is_id_continue, is_whitespace};
use std::sync::LazyLock;

/// What a file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Nothing: it holds no unsafe code and declares no out-of-line module.
    Nothing,
    /// Its `mod` declarations only.
    Modules,
    /// Counting (its modules are found on the way).
    Counting,
}

/// Words whose absence proves a file holds nothing the counter counts but
/// `static mut` and extern blocks (`unsafe_code`, for lint levels, is covered
/// by `unsafe`).
static TRIGGERS: LazyLock<[Finder<'static>; 4]> =
    LazyLock::new(|| ["unsafe", "no_mangle", "export_name", "link_section"].map(Finder::new));
static STATIC: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("static"));
static EXTERN: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("extern"));
static MOD: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("mod"));

/// What `source` needs.
pub fn need(source: &str) -> Need {
    let counting = TRIGGERS.iter().any(|word| word.find(source.as_bytes()).is_some())
        || followed_by(source, &STATIC, |next| next.starts_with("mut"))
        || followed_by(source, &EXTERN, |next| next.starts_with(['{', '"']));
    if counting {
        Need::Counting
    } else if MOD.find_iter(source.as_bytes()).any(|at| declares_module(source, at)) {
        Need::Modules
    } else {
        Need::Nothing
    }
}

/// Whether `word` occurs followed, after whitespace (or right away for `{`
/// and `"`), by what `next` accepts.
fn followed_by(source: &str, word: &Finder<'_>, next: impl Fn(&str) -> bool) -> bool {
    let len = word.needle().len();
    word.find_iter(source.as_bytes()).any(|at| {
        let rest = &source[at + len..];
        let trimmed = rest.trim_start_matches(is_whitespace);
        let separated = trimmed.len() < rest.len() || trimmed.starts_with(['{', '"']);
        separated && next(trimmed)
    })
}

/// Whether the word `mod` at `at` may start an out-of-line module
/// declaration: not inside a longer word, then a name, then `;`, with
/// whitespace between. A comment anywhere in between also counts. Most files
/// mention "mod" only inside words such as "mode" or "model", or declare
/// inline modules only.
fn declares_module(source: &str, at: usize) -> bool {
    if source[..at].chars().next_back().is_some_and(is_id_continue) {
        return false;
    }
    let rest = &source[at + 3..];
    let after = rest.trim_start_matches(is_whitespace);
    if after.starts_with('/') {
        return true;
    }
    if after.len() == rest.len() {
        return false;
    }
    let name = after.strip_prefix("r#").unwrap_or(after);
    let end = name.find(|c: char| !is_id_continue(c)).unwrap_or(name.len());
    end > 0 && name[end..].trim_start_matches(is_whitespace).starts_with([';', '/'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_words_static_mut_and_extern_blocks_need_counting() {
        for source in [
            "unsafe {}",
            "#![forbid(unsafe_code)]",
            "#[no_mangle]",
            "static  mut X: u8 = 0;",
            "static\u{200e}mut X: u8 = 0;",
            "extern \"C\" { fn f(); }",
            "extern{}",
            "mod a; fn f() { unsafe {} }",
        ] {
            assert_eq!(need(source), Need::Counting, "{source:?}");
        }
        let plain =
            "extern crate libc; static X: &'static str = \"\"; fn mutate() {} pub extern fn f() {}";
        assert_eq!(need(plain), Need::Nothing);
    }

    #[test]
    fn module_declarations_are_seen_in_every_spacing() {
        for source in [
            "mod a;",
            "pub mod a;",
            "pub(crate) mod a;",
            "#[path = \"x.rs\"]mod a;",
            "mod\n    a\n;",
            "mod r#type;",
            "mod\u{200e}a;",
            "mod caf\u{e9}\u{301};",
            "mod /* why */ a;",
            "mod a /* why */;",
            "mod a { mod b; }",
            "cfg_if! { if #[cfg(unix)] { mod unix; } }",
        ] {
            assert_eq!(need(source), Need::Modules, "{source:?}");
        }
    }

    #[test]
    fn words_containing_mod_and_inline_modules_are_not_declarations() {
        for source in [
            "let mode = 1;",
            "// the model module",
            "fn modify() {}",
            "use crate::mod_a;",
            "let x = mod_count;",
            "mod",
            "mod a = 1",
            "mod tests { fn f() {} }",
            "#[cfg(test)] mod a{}",
        ] {
            assert_eq!(need(source), Need::Nothing, "{source:?}");
        }
    }
}
