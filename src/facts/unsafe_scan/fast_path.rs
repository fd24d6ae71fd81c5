//! The common tokens of Rust source, lexed from bytes: what the lexer makes
//! of them through rustc's lexer (`ra-ap-rustc_lexer`), without decoding
//! characters or going through rustc's token kinds.
//!
//! Most of a source file is ASCII identifiers, whitespace, punctuation, line
//! comments, plain strings and decimal integers. For those, [`token`] gives
//! exactly the class and length that `lexer.rs` gets from
//! `Cursor::advance_token` at the same place; anything else (a block comment,
//! a char or lifetime, a raw or prefixed literal, a float, a non-ASCII byte
//! where it could change the token) is left to rustc's lexer, by answering
//! `None`. `lexer.rs` checks the two against each other on every corpus file
//! and in the fuzz target.

use super::token::{Class, Kind};

/// The class and length in bytes of the token at the start of `rest`, when
/// it is one of the common ASCII forms; `None` leaves it to rustc's lexer.
#[inline(always)]
pub fn token(rest: &[u8]) -> Option<(Class, usize)> {
    let first = *rest.first()?;
    let kind = match first {
        b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
            let len = ident_len(rest);
            // `r#`, `b"`, `br#`, `c"`, `k#`, `x'`...: a prefix, rustc's to decide;
            // a non-ASCII byte may continue the identifier.
            let plain =
                ascii_after(rest, len) && !matches!(rest.get(len), Some(b'#' | b'"' | b'\''));
            return plain.then_some((Class::Keep(Kind::Ident), len));
        }
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => {
            let len = rest.iter().position(|b| !is_whitespace(*b)).unwrap_or(rest.len());
            // A non-ASCII whitespace character may continue the run.
            return ascii_after(rest, len).then_some((Class::Skip, len));
        }
        b'0'..=b'9' => return integer(rest),
        b'"' => return string(rest),
        b'/' => match rest.get(1) {
            Some(b'/') => return Some((Class::Skip, line_end(rest))),
            Some(b'*') => return None,
            _ => Kind::Punct(first),
        },
        // `#"` and `##`: a guarded string prefix.
        b'#' if matches!(rest.get(1), Some(b'"' | b'#')) => return None,
        b'(' | b'[' | b'{' => Kind::Open(first),
        b')' | b']' | b'}' => Kind::Close,
        b'#' | b';' | b',' | b'.' | b'@' | b'~' | b'?' | b':' | b'$' | b'=' | b'!' | b'<'
        | b'>' | b'-' | b'&' | b'|' | b'+' | b'*' | b'^' | b'%' => Kind::Punct(first),
        _ => return None,
    };
    Some((Class::Keep(kind), 1))
}

/// rustc's whitespace among ASCII bytes.
fn is_whitespace(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

fn is_ident_byte(b: u8) -> bool {
    IDENT[usize::from(b)]
}

/// The bytes that continue an ASCII identifier, by value.
static IDENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// The length of the ASCII identifier characters at the start of `rest`.
fn ident_len(rest: &[u8]) -> usize {
    rest.iter().position(|b| !is_ident_byte(*b)).unwrap_or(rest.len())
}

/// Whether the byte at `at` is ASCII or the end of the text.
fn ascii_after(rest: &[u8], at: usize) -> bool {
    rest.get(at).is_none_or(u8::is_ascii)
}

/// The length of a `//` comment: up to the end of the line.
fn line_end(rest: &[u8]) -> usize {
    memchr::memchr(b'\n', rest).unwrap_or(rest.len())
}

/// A decimal integer with no suffix, `.`, exponent or `_`.
fn integer(rest: &[u8]) -> Option<(Class, usize)> {
    let len = rest.iter().position(|b| !b.is_ascii_digit()).unwrap_or(rest.len());
    if !ascii_after(rest, len) || rest.get(len).is_some_and(|b| is_ident_byte(*b) || *b == b'.') {
        return None;
    }
    Some((Class::Keep(Kind::Literal), len))
}

/// A terminated `"..."` string, with its ASCII suffix if any.
fn string(rest: &[u8]) -> Option<(Class, usize)> {
    let mut at = 1;
    let end = loop {
        let found = at + memchr::memchr2(b'"', b'\\', rest.get(at..)?)?;
        if rest[found] == b'"' {
            break found + 1;
        }
        // rustc skips the escaped character only after `\\` and `\"`.
        at = if matches!(rest.get(found + 1), Some(b'\\' | b'"')) { found + 2 } else { found + 1 };
    };
    let suffix = match rest.get(end) {
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => ident_len(&rest[end..]),
        _ => 0,
    };
    if !ascii_after(rest, end + suffix) {
        return None;
    }
    Some((Class::Keep(Kind::Literal), end + suffix))
}
