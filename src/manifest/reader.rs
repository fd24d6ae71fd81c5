//! A small strict reader over toml's spanned tree.
//!
//! serde stops at the first error; this reader walks `toml::de::DeTable`
//! by hand and collects every problem with its byte offset, so a user sees all
//! of them at once as `secure.toml:LINE:COL: message`.

use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

/// A 1-based line and column in `secure.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// Where a value was written: the file as shown to the user, and a position.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Origin {
    /// The file: relative to the workspace root, or absolute outside the repository.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl Origin {
    /// The origin of a position in `file`.
    pub fn new(file: &str, pos: Pos) -> Self {
        Origin { file: file.to_owned(), line: pos.line, column: pos.column }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub pos: Pos,
}

/// A spanned TOML value.
pub type Value<'i> = Spanned<DeValue<'i>>;

/// Walks the tree and collects problems.
pub struct Reader<'s> {
    text: &'s str,
    /// The byte offset of each line's start, found on the first [`Reader::pos`].
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// What the manifest may name.
    pub vocabulary: &'s super::known::Vocabulary,
    /// Every problem found: byte offset and message.
    pub errors: Vec<(usize, String)>,
}

impl<'s> Reader<'s> {
    /// A reader over TOML text that names no layer or code (positions, values).
    pub fn new(text: &'s str) -> Self {
        static NOTHING: super::known::Vocabulary =
            super::known::Vocabulary { layers: Vec::new(), codes: Vec::new() };
        Reader::naming(text, &NOTHING)
    }

    /// A reader over a security manifest, which may name what `vocabulary` holds.
    pub fn naming(text: &'s str, vocabulary: &'s super::known::Vocabulary) -> Self {
        Reader { text, line_starts: std::sync::OnceLock::new(), vocabulary, errors: Vec::new() }
    }

    /// Records a problem at a byte offset.
    pub fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.errors.push((offset, message.into()));
    }

    /// Parses the whole text as TOML, recording every syntax error; what
    /// could be read comes back all the same.
    pub fn document(&mut self) -> Spanned<DeTable<'s>> {
        let (doc, syntax) = DeTable::parse_recoverable(self.text);
        for e in syntax {
            let offset = e.span().map_or(0, |s| s.start);
            let message = e.message().trim().replace('\n', " ");
            self.error(offset, format!("invalid TOML: {message}"));
        }
        doc
    }

    /// The tables of an array of tables such as `[[threats]]`, with their
    /// offsets; anything else under `key` is a problem.
    pub fn entries<'a, 'i>(
        &mut self,
        v: &'a Value<'i>,
        key: &str,
    ) -> Vec<(&'a DeTable<'i>, usize)> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(v.span().start, format!("`{key}` must be written as [[{key}]] tables"));
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| {
                self.table(item, &format!("each [[{key}]] entry")).map(|t| (t, item.span().start))
            })
            .collect()
    }

    /// The line and column of a byte offset.
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts.get_or_init(|| {
            let newlines = self.text.match_indices('\n').map(|(i, _)| i + 1);
            std::iter::once(0).chain(newlines).collect()
        });
        // The last line start at or before the offset.
        let line = starts.partition_point(|&start| start <= offset);
        let line_start = starts[line.saturating_sub(1)];
        let column = self.text.get(line_start..offset).map_or(0, |s| s.chars().count()) + 1;
        Pos { line: to_u32(line), column: to_u32(column) }
    }

    /// Wraps a value with the position of a span.
    pub fn at<T>(&self, value: T, span: &std::ops::Range<usize>) -> At<T> {
        At { value, pos: self.pos(span.start) }
    }

    /// The value as a table, or a type error naming `what`.
    pub fn table<'a, 'i>(&mut self, value: &'a Value<'i>, what: &str) -> Option<&'a DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            other => {
                self.error(
                    value.span().start,
                    format!("{what} must be a table, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// Reports every key of `table` not in `allowed`.
    pub fn only_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], what: &str) {
        for (key, _) in table.iter() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                self.error(
                    key.span().start,
                    format!(
                        "unknown key `{}` in {what}; expected one of: {}",
                        key.get_ref(),
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    /// A string value.
    pub fn string(&mut self, value: &Value<'_>, what: &str) -> Option<At<String>> {
        match value.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                self.error(value.span().start, format!("{what} must not be empty"));
                None
            }
            DeValue::String(s) => Some(self.at(s.to_string(), &value.span())),
            other => {
                self.error(
                    value.span().start,
                    format!("{what} must be a string, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub fn word(&mut self, value: &Value<'_>, what: &str, words: &[&str]) -> Option<At<String>> {
        let text = self.string(value, what)?;
        if words.contains(&text.value.as_str()) {
            Some(text)
        } else {
            self.error(
                value.span().start,
                format!("{what} = \"{}\" is not one of: {}", text.value, words.join(", ")),
            );
            None
        }
    }

    /// A list of strings.
    pub fn strings(&mut self, value: &Value<'_>, what: &str) -> Vec<At<String>> {
        let DeValue::Array(items) = value.get_ref() else {
            let found = kind(value.get_ref());
            self.error(
                value.span().start,
                format!("{what} must be an array of strings, found {found}"),
            );
            return Vec::new();
        };
        items.iter().filter_map(|item| self.string(item, &format!("each item of {what}"))).collect()
    }

    /// A date: a TOML local date (`2026-05-01`) or a string `"2026-05-01"`.
    pub fn date(&mut self, value: &Value<'_>, what: &str) -> Option<At<time::Date>> {
        let text = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            DeValue::String(s) => s.to_string(),
            _ => String::new(),
        };
        match crate::dates::parse(&text) {
            Some(date) => Some(self.at(date, &value.span())),
            None => {
                self.error(
                    value.span().start,
                    format!(
                        "{what} must be a date like 2027-01-31, found {}",
                        shown(value.get_ref())
                    ),
                );
                None
            }
        }
    }

    /// A duration in days: `"180d"`, `"26w"`, `"6m"` (30 days), `"1y"` (365 days).
    pub fn days(&mut self, value: &Value<'_>, what: &str) -> Option<At<u32>> {
        let parsed = match value.get_ref() {
            DeValue::String(s) => super::duration::parse_days(s),
            _ => None,
        };
        match parsed {
            Some(days) => Some(self.at(days, &value.span())),
            None => {
                self.error(
                    value.span().start,
                    format!(
                        "{what} must be a duration like \"180d\", \"26w\", \"6m\" or \"1y\", found {}",
                        shown(value.get_ref())
                    ),
                );
                None
            }
        }
    }

    /// A number from `min` to `max` (integer or float).
    pub fn number(&mut self, value: &Value<'_>, what: &str, min: f64, max: f64) -> Option<At<f64>> {
        let number = match value.get_ref() {
            DeValue::Integer(i) => i.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match number {
            Some(n) if (min..=max).contains(&n) => Some(self.at(n, &value.span())),
            _ => {
                self.error(
                    value.span().start,
                    format!(
                        "{what} must be a number from {min} to {max}, found {}",
                        shown(value.get_ref())
                    ),
                );
                None
            }
        }
    }

    /// Reports a required key that is missing.
    pub fn missing(&mut self, offset: usize, key: &str, what: &str) {
        self.error(offset, format!("{what} is missing the required key `{key}`"));
    }
}

/// Looks a key up in a spanned table.
pub fn get<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Value<'i>> {
    table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

/// The TOML type of a value, for messages.
pub fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A short rendering of a scalar for messages; the type for compound values.
fn shown(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("\"{s}\""),
        DeValue::Integer(i) => i.as_str().to_owned(),
        DeValue::Float(f) => f.as_str().to_owned(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        other => kind(other).to_owned(),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters_at_every_offset() {
        let text = "a = 1\n\n[é]\nkey = \"ü→x\"\r\nlast";
        let reader = Reader::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[start..].chars().count() + 1;
            let expected = Pos { line: to_u32(line), column: to_u32(column) };
            assert_eq!(reader.pos(offset), expected, "offset {offset}");
        }
    }
}
