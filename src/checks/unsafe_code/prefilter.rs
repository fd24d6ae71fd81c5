//! Pre-filters on a file's text: whether it may hold anything the counter
//! counts, or declare a module. A file that can do neither is not tokenized
//! at all. Each test only ever errs towards tokenizing.

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

/// Whether `word`, followed by whitespace (or by `{`/`"`), is followed by what `next` accepts.
fn followed_by(source: &str, word: &str, next: impl Fn(&str) -> bool) -> bool {
    source.match_indices(word).any(|(i, w)| {
        let rest = &source[i + w.len()..];
        let trimmed = rest.trim_start();
        let separated = trimmed.len() < rest.len() || trimmed.starts_with(['{', '"']);
        separated && next(trimmed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
