//! What a token is to the item walk: its [`Kind`], and the [`Class`] the
//! lexer gives each token of the source, whether rustc's lexer read it
//! (`lexer.rs`) or the fast path did (`fast_path.rs`).

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword.
    Ident,
    /// A raw identifier (`r#type`): never a keyword.
    Raw,
    /// A lifetime or label (`'a`, `'static`).
    Lifetime,
    /// A literal: number, char, string, byte string, raw string.
    Literal,
    /// One punctuation character.
    Punct(u8),
    /// An opening `(`, `[` or `{`; `close` is the index of its closing token.
    Open(u8),
    /// A closing `)`, `]` or `}`.
    Close,
}

/// What the lexer makes of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Whitespace or a comment: dropped.
    Skip,
    /// A token of this kind (an `Open`'s close is found later).
    Keep(Kind),
    /// `#"` or `##`, reserved in edition 2024: its `#` alone, as older
    /// editions read it, and lexing goes on after that `#`.
    Guarded,
    /// Not a token: an unterminated comment or literal.
    Broken(&'static str),
}
