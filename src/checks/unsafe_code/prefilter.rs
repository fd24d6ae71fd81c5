//! Pre-filter on a file's text: whether it may hold anything the counter
//! counts, or declare a module. A file that can do neither is not tokenized
//! at all. Each test only ever errs towards tokenizing. (Substring searches,
//! one per word, measured faster here than one Aho-Corasick pass: `mod` is
//! common inside other words.)

/// What a file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Nothing: it holds no unsafe code and declares no module.
    Nothing,
    /// Its `mod` declarations only.
    Modules,
    /// Counting (its modules are found on the way).
    Counting,
}

/// Words whose absence proves a file holds nothing the counter counts but
/// `static mut` and extern blocks (`unsafe_code`, for lint levels, is covered
/// by `unsafe`).
const TRIGGERS: [&str; 4] = ["unsafe", "no_mangle", "export_name", "link_section"];

/// What `source` needs.
pub fn need(source: &str) -> Need {
    let counting = TRIGGERS.iter().any(|w| source.contains(w))
        || followed_by(source, "static", |next| next.starts_with("mut"))
        || followed_by(source, "extern", |next| next.starts_with(['{', '"']));
    if counting {
        Need::Counting
    } else if source.match_indices("mod").any(|(at, _)| declares_module(source, at)) {
        Need::Modules
    } else {
        Need::Nothing
    }
}

/// Whether `word` occurs followed, after whitespace (or right away for `{`
/// and `"`), by what `next` accepts.
fn followed_by(source: &str, word: &str, next: impl Fn(&str) -> bool) -> bool {
    source.match_indices(word).any(|(at, _)| {
        let rest = &source[at + word.len()..];
        let trimmed = rest.trim_start();
        let separated = trimmed.len() < rest.len() || trimmed.starts_with(['{', '"']);
        separated && next(trimmed)
    })
}

/// Whether the word `mod` at `at` may start a module declaration: not inside a
/// longer word, then a name, then `;` or `{`, with whitespace between. A
/// comment anywhere in between also counts. Most files mention "mod" only
/// inside words such as "mode" or "model".
fn declares_module(source: &str, at: usize) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    if source[..at].chars().next_back().is_some_and(ident) {
        return false;
    }
    let rest = &source[at + 3..];
    let after = rest.trim_start();
    if after.starts_with('/') {
        return true;
    }
    if after.len() == rest.len() {
        return false;
    }
    let name = after.strip_prefix("r#").unwrap_or(after);
    let end = name.find(|c: char| !ident(c)).unwrap_or(name.len());
    end > 0 && name[end..].trim_start().starts_with([';', '{', '/'])
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
            "pub(crate) mod a {}",
            "#[path = \"x.rs\"]mod a;",
            "mod\n    a\n;",
            "mod r#type;",
            "mod a{}",
            "mod /* why */ a;",
            "mod a /* why */;",
            "cfg_if! { if #[cfg(unix)] { mod unix; } }",
        ] {
            assert_eq!(need(source), Need::Modules, "{source:?}");
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
            assert_eq!(need(source), Need::Nothing, "{source:?}");
        }
    }
}
