//! Placing the unsafe items the item walk counts in a workspace member's
//! file: the line and column of each (where syn's spans put them: the
//! `unsafe` keyword, the `extern` of a plain extern block, the `mut` of a
//! `static mut`, an attribute's name), and whether a `// SAFETY:` comment or
//! a `# Safety` doc section documents a block or an unsafe fn.
//!
//! The item walk has no syntax tree, so the doc comments of an fn are read
//! from the text between the end of the item before it and its `unsafe`
//! keyword (outer doc comments and `#[doc = "..."]`), and from the start of
//! its body (inner ones), as syn gathers an fn's attributes.
//! `tests/unsafe_walk.rs` checks every site against syn's on every file of
//! the corpus workspaces' packages, and the fuzz target on arbitrary text.

use ra_ap_rustc_lexer::{Cursor, DocStyle, FrontmatterAllowed, TokenKind};

/// Turns byte offsets of one file into lines and columns, and reads the
/// comments around them.
pub struct Placer<'a> {
    source: &'a str,
    /// The byte offset each line starts at.
    line_starts: Vec<usize>,
    /// The file's lines, as `str::lines` splits them.
    lines: Vec<&'a str>,
    /// Bytes of a leading byte-order mark, which syn strips before parsing.
    bom: usize,
}

impl<'a> Placer<'a> {
    /// A placer for `source`.
    pub fn new(source: &'a str) -> Placer<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|at| at + 1));
        let bom = if source.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        Placer { source, line_starts, lines: source.lines().collect(), bom }
    }

    /// The 1-based line and 0-based column, in characters, of byte `offset`,
    /// as proc-macro2 reports a span's start.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|start| *start <= offset);
        let start = self.line_starts[line - 1].max(if line == 1 { self.bom } else { 0 });
        let column = self.source.get(start..offset).map_or(0, |text| text.chars().count());
        (line, column)
    }

    /// Whether the item at byte `offset` has a `// SAFETY:` comment.
    pub fn safety_comment(&self, offset: usize) -> bool {
        self.safety_comment_at(self.position(offset))
    }

    /// [`Placer::safety_comment`] at a 1-based line and 0-based column.
    pub fn safety_comment_at(&self, (line, column): (usize, usize)) -> bool {
        safety_comment(&self.lines, line, column)
    }

    /// The text of the doc comments of `style` between bytes `from` and `to`.
    pub fn doc_comments(&self, from: usize, to: usize, style: DocStyle) -> Vec<&'a str> {
        let Some(region) = self.source.get(from..to) else { return Vec::new() };
        let mut found = Vec::new();
        let mut cursor = Cursor::new(region, FrontmatterAllowed::No);
        let mut at = 0usize;
        loop {
            let token = cursor.advance_token();
            let text = &region[at..at + token.len as usize];
            at += token.len as usize;
            match token.kind {
                TokenKind::Eof => break,
                TokenKind::LineComment { doc_style: Some(s) } if s == style => {
                    found.push(text[3..].trim_end_matches('\r'));
                }
                TokenKind::BlockComment { doc_style: Some(s), terminated: true }
                    if s == style && text.len() >= 5 =>
                {
                    found.push(&text[3..text.len() - 2]);
                }
                _ => {}
            }
        }
        found
    }
}

/// Whether one of an fn's doc attributes is a `# Safety` heading.
pub fn has_safety_section<'s>(docs: impl IntoIterator<Item = &'s str>) -> bool {
    docs.into_iter().any(|text| {
        text.trim_start().trim_start_matches('#').trim().eq_ignore_ascii_case("safety")
            && text.trim_start().starts_with('#')
    })
}

/// clippy's `undocumented_unsafe_blocks` convention: a `// SAFETY:` comment
/// on the lines immediately above (attributes and other comment lines may sit
/// between), or before the keyword on its own line. `line` is 1-based,
/// `column` 0-based in characters.
fn safety_comment(lines: &[&str], line: usize, column: usize) -> bool {
    let says_safety = |text: &str| text.to_ascii_lowercase().contains("safety:");
    if let Some(current) = line.checked_sub(1).and_then(|i| lines.get(i)) {
        let before: String = current.chars().take(column).collect();
        if (before.contains("//") || before.contains("/*")) && says_safety(&before) {
            return true;
        }
    }
    let mut index = line.saturating_sub(1);
    while index > 0 {
        index -= 1;
        let Some(text) = lines.get(index).map(|l| l.trim()) else { break };
        let comment = text.starts_with("//")
            || text.starts_with("/*")
            || text.starts_with('*')
            || text.ends_with("*/");
        if comment {
            if says_safety(text) {
                return true;
            }
        } else if !text.starts_with("#[") {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_from_one_and_columns_in_characters() {
        let placer = Placer::new("ab\n  é unsafe\n");
        assert_eq!(placer.position(0), (1, 0));
        assert_eq!(placer.position(3), (2, 0));
        assert_eq!(placer.position(7), (2, 3));
        let bom = Placer::new("\u{feff}unsafe {}");
        assert_eq!(bom.position(3), (1, 0));
    }

    #[test]
    fn doc_comments_of_each_style_are_read() {
        let text = "//! inner\n/// # Safety\n//// not a doc\n/** block */ /*** not */ x";
        let placer = Placer::new(text);
        let outer = placer.doc_comments(0, text.len(), DocStyle::Outer);
        assert_eq!(outer, vec![" # Safety", " block "]);
        assert_eq!(placer.doc_comments(0, text.len(), DocStyle::Inner), vec![" inner"]);
        assert!(has_safety_section(outer));
        assert!(!has_safety_section([" Safety", "# Safety of x"]));
    }

    #[test]
    fn safety_comments_above_or_before_the_keyword_document() {
        let placer = Placer::new(
            "// SAFETY: ok\n#[allow(x)]\nunsafe {}\nlet _ = /* SAFETY: y */ unsafe {};",
        );
        assert!(placer.safety_comment(26));
        let offset = "// SAFETY: ok\n#[allow(x)]\nunsafe {}\nlet _ = /* SAFETY: y */ ".len();
        assert!(placer.safety_comment(offset));
        assert!(!Placer::new("x();\nunsafe {}").safety_comment(5));
    }
}
