//! How deeply a source file nests its brackets, measured before parsing:
//! the parser recurses once per level, so a hostile file of 100,000 nested
//! braces would overflow the stack. Comments, strings, raw strings and
//! character literals are skipped so their brackets do not count.

/// Deepest nesting parsed; real code stays far below it.
pub const MAX_NESTING: usize = 128;

/// The deepest bracket nesting of `source`, stopping early past `MAX_NESTING`.
pub fn depth(source: &str) -> usize {
    let b = source.as_bytes();
    let (mut i, mut depth, mut max) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => i = block_comment_end(b, i),
            b'"' => i = string_end(b, i + 1),
            b'r' if raw_string_start(b, i).is_some() => {
                let hashes = raw_string_start(b, i).unwrap_or(0);
                i = raw_string_end(b, i + 2 + hashes, hashes);
            }
            b'\'' => i = char_end(b, i),
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
                if max > MAX_NESTING {
                    return max;
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    max
}

/// The index of the last byte of a (nested) block comment starting at `i`.
fn block_comment_end(b: &[u8], mut i: usize) -> usize {
    let mut level = 0usize;
    while i + 1 < b.len() {
        if b[i] == b'/' && b[i + 1] == b'*' {
            level += 1;
            i += 2;
        } else if b[i] == b'*' && b[i + 1] == b'/' {
            level -= 1;
            i += 2;
            if level == 0 {
                return i - 1;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

/// The index of the closing quote of a string whose body starts at `i`.
fn string_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    i
}

/// `Some(number of #)` when a raw string (`r"`, `r#"`...) starts at `i`.
fn raw_string_start(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
        return None;
    }
    let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
    (b.get(i + 1 + hashes) == Some(&b'"')).then_some(hashes)
}

/// The index of the last byte of a raw string whose body starts at `i`.
fn raw_string_end(b: &[u8], mut i: usize, hashes: usize) -> usize {
    while i < b.len() {
        if b[i] == b'"' && b[i + 1..].iter().take(hashes).filter(|c| **c == b'#').count() == hashes
        {
            return i + hashes;
        }
        i += 1;
    }
    b.len()
}

/// The last byte of a character literal at `i`, or `i` for a lifetime.
fn char_end(b: &[u8], i: usize) -> usize {
    match (b.get(i + 1), b.get(i + 2), b.get(i + 3)) {
        (Some(b'\\'), _, _) => b[i + 2..].iter().position(|c| *c == b'\'').map_or(i, |p| i + 2 + p),
        (Some(_), Some(b'\''), _) => i + 2,
        _ => i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_comments_strings_and_chars_do_not_count() {
        assert_eq!(depth("fn f() { g([1]) }"), 3);
        assert_eq!(depth("// {{{{\n/* {{ /* {{ */ */ \"{{{\" r#\"{{\"# '{' fn f<'a>() {}"), 1);
        assert!(depth(&"{".repeat(1000)) > MAX_NESTING);
    }
}
