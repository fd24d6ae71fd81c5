//! The lexer: a source file as a flat list of tokens, by rustc's own lexer
//! (`ra-ap-rustc_lexer`, published from the Rust repository), without copying
//! text or allocating per token. The common ASCII tokens (identifiers,
//! whitespace, punctuation, line comments, plain strings and integers) are
//! read from bytes by `fast_path.rs`, twice as fast; `fast_path_difference`
//! holds it to rustc's lexer on every corpus file and in the fuzz target.
//!
//! Comments and whitespace are dropped, so the word `unsafe` in comments,
//! doc comments, strings, raw strings and char literals never becomes a
//! token, and `r#unsafe` is a raw identifier, not the keyword. Each opening
//! delimiter records where its group closes, so the item walk can skip or
//! enter a group in one step. A file that cannot be tokenized (an unterminated
//! comment or literal, unbalanced delimiters, brackets nested deeper than
//! [`MAX_NESTING`]) is an error with its line and column.

use super::fast_path;
use super::token::{Class, Kind};
use ra_ap_rustc_lexer::{Cursor, FrontmatterAllowed, LiteralKind, TokenKind};

/// Deepest bracket nesting accepted: the item walk and syn recurse once per
/// level, so a hostile file of 100,000 nested braces would overflow the stack.
pub const MAX_NESTING: usize = 128;

/// One token: its kind and byte range in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    /// What it is.
    pub kind: Kind,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// For [`Kind::Open`]: the index of the matching close.
    pub close: u32,
}

/// A tokenized file.
#[derive(Debug)]
pub struct Tokens<'a> {
    /// The source text.
    pub source: &'a str,
    /// Its tokens, comments and whitespace left out.
    pub toks: Vec<Tok>,
}

impl<'a> Tokens<'a> {
    /// The text of token `i`.
    pub fn text(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.source[t.start as usize..t.end as usize]
    }

    /// Whether token `i` is the identifier (not raw) `word`.
    pub fn is_word(&self, i: usize, word: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Ident) && self.text(i) == word
    }

    /// Whether token `i` is the punctuation `c`.
    pub fn is_punct(&self, i: usize, c: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Punct(c))
    }

    /// Whether token `i` opens a group delimited by `open`.
    pub fn is_open(&self, i: usize, open: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Open(open))
    }

    /// Whether token `i` is an identifier, raw or not.
    pub fn is_ident(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| matches!(t.kind, Kind::Ident | Kind::Raw))
    }

    /// The index of the close matching the open at `i`.
    pub fn close(&self, i: usize) -> usize {
        self.toks[i].close as usize
    }

    /// Whether token `i` opens a group, whatever its delimiter.
    pub fn is_group(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| matches!(t.kind, Kind::Open(_)))
    }

    /// The index after token `i`, or after its whole group when it opens one.
    pub fn after(&self, i: usize) -> usize {
        if self.is_group(i) { self.close(i) + 1 } else { i + 1 }
    }
}

/// Tokenizes a source file (a leading `#!` shebang line is dropped): the
/// common ASCII tokens from bytes (`fast_path.rs`), the rest by rustc's lexer.
pub fn lex(source: &str) -> Result<Tokens<'_>, String> {
    lex_with(source, |rest| fast_path::token(rest.as_bytes()).unwrap_or_else(|| by_rustc(rest)))
}

/// The token at the start of `rest`, by rustc's lexer: its class and length.
fn by_rustc(rest: &str) -> (Class, usize) {
    let token = Cursor::new(rest, FrontmatterAllowed::No).advance_token();
    let first = rest.as_bytes().first().copied().unwrap_or_default();
    (classify(token.kind, first), token.len as usize)
}

/// The class of a token of rustc's lexer that starts with byte `first`.
fn classify(token: TokenKind, first: u8) -> Class {
    let kind = match token {
        TokenKind::Eof | TokenKind::Whitespace | TokenKind::LineComment { .. } => {
            return Class::Skip;
        }
        TokenKind::BlockComment { terminated, .. } => {
            return if terminated {
                Class::Skip
            } else {
                Class::Broken("unterminated block comment")
            };
        }
        TokenKind::Ident | TokenKind::InvalidIdent | TokenKind::UnknownPrefix => Kind::Ident,
        TokenKind::RawIdent | TokenKind::ForcedKeywordIdent => Kind::Raw,
        TokenKind::Lifetime { .. } | TokenKind::RawLifetime | TokenKind::UnknownPrefixLifetime => {
            Kind::Lifetime
        }
        TokenKind::Literal { kind, .. } if !terminated(kind) => {
            return Class::Broken("unterminated literal");
        }
        TokenKind::Literal { .. } => Kind::Literal,
        TokenKind::GuardedStrPrefix => return Class::Guarded,
        TokenKind::OpenParen | TokenKind::OpenBracket | TokenKind::OpenBrace => Kind::Open(first),
        TokenKind::CloseParen | TokenKind::CloseBracket | TokenKind::CloseBrace => Kind::Close,
        _ => Kind::Punct(first),
    };
    Class::Keep(kind)
}

/// Tokenizes `source` with `next`, which gives the class and length of the
/// token at the start of the text it is given.
fn lex_with(
    source: &str,
    mut next: impl FnMut(&str) -> (Class, usize),
) -> Result<Tokens<'_>, String> {
    let u32_len = u32::try_from(source.len()).map_err(|_| "is over 4 GiB".to_owned())?;
    let mut toks: Vec<Tok> = Vec::with_capacity(source.len() / 5);
    let mut open: Vec<(usize, u8)> = Vec::new();
    let mut pos = ra_ap_rustc_lexer::strip_shebang(source).unwrap_or(0);
    while pos < source.len() {
        let (class, len) = next(&source[pos..]);
        let start = pos;
        pos += len;
        let kind = match class {
            Class::Skip => continue,
            Class::Broken(what) => return Err(at(source, start, what)),
            Class::Guarded => {
                pos = start + 1;
                Kind::Punct(b'#')
            }
            Class::Keep(Kind::Open(delimiter)) => {
                if open.len() >= MAX_NESTING {
                    return Err(format!(
                        "nests brackets deeper than {MAX_NESTING} levels; not parsed"
                    ));
                }
                open.push((toks.len(), delimiter));
                Kind::Open(delimiter)
            }
            Class::Keep(Kind::Close) => {
                let close = source.as_bytes()[start];
                let Some((opener, kind)) = open.pop() else {
                    return Err(at(source, start, "unmatched closing delimiter"));
                };
                let index = u32::try_from(toks.len()).unwrap_or(u32::MAX);
                if matching(kind) != close {
                    return Err(at(source, start, "mismatched closing delimiter"));
                }
                toks[opener].close = index;
                Kind::Close
            }
            Class::Keep(kind) => kind,
        };
        let end = u32::try_from(pos).unwrap_or(u32_len);
        toks.push(Tok { kind, start: start as u32, end, close: 0 });
    }
    if let Some((opener, _)) = open.pop() {
        return Err(at(source, toks[opener].start as usize, "unclosed delimiter"));
    }
    Ok(Tokens { source, toks })
}

/// Where the fast path and rustc's lexer first disagree on `source`, if
/// anywhere: at every place rustc's lexer starts a token, the fast path
/// must give the class and length rustc's token has, or leave it to rustc,
/// and the two must tokenize the file alike (or fail alike).
#[cfg(any(test, feature = "fuzzing"))]
pub fn fast_path_difference(source: &str) -> Option<String> {
    let mut first = None;
    let reference = lex_with(source, |rest| {
        let by_rustc = by_rustc(rest);
        if let Some(fast) = fast_path::token(rest.as_bytes())
            && fast != by_rustc
            && first.is_none()
        {
            let at = source.len() - rest.len();
            first = Some(format!("at byte {at}: fast path {fast:?}, rustc {by_rustc:?}"));
        }
        by_rustc
    });
    first.or_else(|| {
        let fast = lex(source);
        let same = match (&fast, &reference) {
            (Ok(a), Ok(b)) => a.toks == b.toks,
            (Err(a), Err(b)) => a == b,
            _ => false,
        };
        (!same).then(|| format!("tokens differ: fast path {fast:?}, rustc {reference:?}"))
    })
}

fn matching(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

fn terminated(kind: LiteralKind) -> bool {
    match kind {
        LiteralKind::Char { terminated }
        | LiteralKind::Byte { terminated }
        | LiteralKind::Str { terminated }
        | LiteralKind::ByteStr { terminated }
        | LiteralKind::CStr { terminated } => terminated,
        LiteralKind::RawStr { n_hashes }
        | LiteralKind::RawByteStr { n_hashes }
        | LiteralKind::RawCStr { n_hashes } => n_hashes.is_some(),
        LiteralKind::Int { .. } | LiteralKind::Float { .. } => true,
    }
}

/// `does not parse at LINE:COLUMN: what`, 1-based, column in characters.
fn at(source: &str, offset: usize, what: &str) -> String {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("does not parse at {line}:{column}: {what}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<(Kind, &str)> {
        let tokens = lex(source).expect("lexes");
        (0..tokens.toks.len()).map(|i| (tokens.toks[i].kind, tokens.text(i))).collect()
    }

    #[test]
    fn comments_strings_and_raw_identifiers_are_not_keywords() {
        let found = kinds("// unsafe\n/* /* unsafe */ */ r#unsafe \"unsafe\" r#\"unsafe\"# 'u' 'a");
        assert_eq!(
            found,
            vec![
                (Kind::Raw, "r#unsafe"),
                (Kind::Literal, "\"unsafe\""),
                (Kind::Literal, "r#\"unsafe\"#"),
                (Kind::Literal, "'u'"),
                (Kind::Lifetime, "'a"),
            ]
        );
    }

    #[test]
    fn groups_know_where_they_close() {
        let tokens = lex("#!/usr/bin/env run\nf(a[1], { b })").expect("lexes");
        assert_eq!(tokens.text(0), "f");
        assert_eq!(tokens.close(1), tokens.toks.len() - 1);
        assert_eq!(tokens.close(3), 5);
    }

    #[test]
    fn broken_files_are_errors_with_a_place() {
        assert_eq!(
            lex("fn f() {\n  )").err().as_deref(),
            Some("does not parse at 2:3: mismatched closing delimiter")
        );
        assert!(lex("/* open").is_err());
        assert!(lex("\"open").is_err());
        assert!(lex("{").is_err());
        assert!(lex("}").is_err());
        assert!(lex(&"(".repeat(MAX_NESTING + 1)).is_err());
    }

    #[test]
    fn the_fast_path_gives_rustcs_tokens() {
        let sources = [
            "fn main() { let x = 42; println!(\"{x}\\\"\"suffix); }",
            "/// outer\n//! inner\n//// plain\n// plain\n///\nr#type b'x' br\"y\" c\"z\" k#w",
            "0 00 0x1f 1.5 1e3 1u8 1_000 1..2 1.max(2) 7é é\u{2028} \"é\" \"x\"é \"\\é\"",
            "#\"x\"# ## # /* /* */ */ / 'a 'b' '\\'' \"open",
            r#""\\" x "y\"z" "\\\"" w"#,
            "naïve café_x a\u{200E}b \t\x0b\x0c\r\n x$y@z~w?v:u=t!s<r>q-p&o|n+m*l^k%j",
        ];
        for source in sources {
            assert_eq!(fast_path_difference(source), None, "{source}");
        }
    }

    #[test]
    fn guarded_string_prefixes_split_like_older_editions() {
        let found = kinds("#\"x\"");
        assert_eq!(found, vec![(Kind::Punct(b'#'), "#"), (Kind::Literal, "\"x\"")]);
    }
}
