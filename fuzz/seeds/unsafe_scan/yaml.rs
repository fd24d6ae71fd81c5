//! YAML with line numbers, for CI configuration.
//!
//! A real YAML parser (yaml-rust2's event API) builds a small tree where every
//! node keeps its line. Anchors and aliases are shared, not copied, so an alias
//! bomb costs no memory; walks are bounded by a visit budget, nesting by a depth
//! limit. Merge keys (`<<: *defaults`) are honoured by lookups.

use std::collections::HashMap;
use std::sync::Arc;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 128;
/// Most nodes a walk visits (aliases count each time they are entered).
pub const MAX_VISITS: usize = 100_000;

/// A node and where it starts.
#[derive(Debug, Clone)]
pub struct Node {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Whether a scalar was written as a block (`|` or `>`): one text line per source line.
    pub block: bool,
    /// The value, shared between an anchor and its aliases.
    pub value: Arc<Value>,
}

/// A YAML value.
#[derive(Debug)]
pub enum Value {
    /// Any scalar, as written (`true`, `3` and `on` stay strings).
    Scalar(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar text, when this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &*self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The items, when this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &*self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, when this is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &*self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under `key` in a mapping, following merge keys (`<<`) one level.
    pub fn get(&self, key: &str) -> Option<&Node> {
        let entries = self.as_map()?;
        if let Some((_, v)) = entries.iter().find(|(k, _)| k.as_str() == Some(key)) {
            return Some(v);
        }
        let merged = entries.iter().filter(|(k, _)| k.as_str() == Some("<<")).map(|(_, v)| v);
        merged
            .flat_map(|v| v.as_seq().map_or(std::slice::from_ref(v), |items| items))
            .find_map(|m| m.as_map()?.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v))
    }

    /// Every entry of a mapping, merge keys expanded one level (own keys win).
    pub fn entries(&self) -> Vec<(&Node, &Node)> {
        let Some(entries) = self.as_map() else { return Vec::new() };
        let mut out: Vec<(&Node, &Node)> =
            entries.iter().filter(|(k, _)| k.as_str() != Some("<<")).map(|(k, v)| (k, v)).collect();
        for (_, v) in entries.iter().filter(|(k, _)| k.as_str() == Some("<<")) {
            for m in v.as_seq().map_or(std::slice::from_ref(v), |items| items) {
                for (k, v) in m.as_map().unwrap_or_default() {
                    if !out.iter().any(|(own, _)| own.as_str() == k.as_str()) {
                        out.push((k, v));
                    }
                }
            }
        }
        out
    }

    /// The lines of a scalar with their line numbers (a block scalar's node starts at its first line).
    pub fn lines(&self) -> Vec<(usize, &str)> {
        let Some(text) = self.as_str() else { return Vec::new() };
        text.lines()
            .enumerate()
            .map(|(i, l)| (if self.block { self.line + i } else { self.line }, l))
            .collect()
    }

    /// Visits every scalar under this node that is a value (not a mapping key),
    /// within the visit budget. Returns false when the budget ran out.
    pub fn for_each_scalar<'a>(&'a self, mut f: impl FnMut(&'a Node)) -> bool {
        let mut stack = vec![self];
        let mut visits = 0usize;
        while let Some(node) = stack.pop() {
            visits += 1;
            if visits > MAX_VISITS {
                return false;
            }
            match &*node.value {
                Value::Scalar(_) => f(node),
                Value::Seq(items) => stack.extend(items.iter().rev()),
                Value::Map(entries) => stack.extend(entries.iter().rev().map(|(_, v)| v)),
            }
        }
        true
    }
}

/// Parses every document of `source`; the error is one line with its position.
pub fn parse(source: &str) -> Result<Vec<Node>, String> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(source);
    parser.load(&mut builder, true).map_err(|e| e.to_string())?;
    match builder.error {
        Some(error) => Err(error),
        None => Ok(builder.docs),
    }
}

/// A collection being built.
enum Frame {
    Seq { start: Marker, anchor: usize, items: Vec<Node> },
    Map { start: Marker, anchor: usize, entries: Vec<(Node, Node)>, key: Option<Node> },
}

/// Builds the tree from parser events.
#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Arc<Value>>,
    docs: Vec<Node>,
    error: Option<String>,
}

impl Builder {
    fn node(&mut self, mark: Marker, anchor: usize, block: bool, value: Arc<Value>) {
        if anchor > 0 {
            self.anchors.insert(anchor, Arc::clone(&value));
        }
        let node = Node { line: mark.line(), col: mark.col() + 1, block, value };
        match self.stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => *key = Some(node),
            },
            None => self.docs.push(node),
        }
    }

    fn open(&mut self, frame: Frame, mark: Marker) {
        if self.stack.len() >= MAX_DEPTH {
            self.error = Some(format!(
                "line {} column {}: nesting deeper than {MAX_DEPTH} levels",
                mark.line(),
                mark.col() + 1
            ));
        } else {
            self.stack.push(frame);
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match ev {
            Event::Scalar(text, style, anchor, _) => {
                let block = matches!(style, TScalarStyle::Literal | TScalarStyle::Folded);
                self.node(mark, anchor, block, Arc::new(Value::Scalar(text)));
            }
            Event::Alias(id) => {
                let value = self.anchors.get(&id).cloned();
                let value = value.unwrap_or_else(|| Arc::new(Value::Scalar(String::new())));
                self.node(mark, 0, false, value);
            }
            Event::SequenceStart(anchor, _) => {
                self.open(Frame::Seq { start: mark, anchor, items: Vec::new() }, mark)
            }
            Event::MappingStart(anchor, _) => {
                self.open(Frame::Map { start: mark, anchor, entries: Vec::new(), key: None }, mark)
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Seq { start, anchor, items }) => {
                    self.node(start, anchor, false, Arc::new(Value::Seq(items)))
                }
                Some(Frame::Map { start, anchor, entries, .. }) => {
                    self.node(start, anchor, false, Arc::new(Value::Map(entries)))
                }
                None => {}
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_block_scalars_and_merge_keys() {
        let docs = parse(
            "defaults: &d\n  runs-on: ubuntu\njobs:\n  test:\n    <<: *d\n    steps:\n      - run: |\n          cargo test\n          cargo clippy -- -D warnings\n",
        )
        .unwrap();
        let test = docs[0].get("jobs").unwrap().get("test").unwrap();
        assert_eq!(test.get("runs-on").and_then(Node::as_str), Some("ubuntu"));
        let run = test.get("steps").unwrap().as_seq().unwrap()[0].get("run").unwrap();
        assert_eq!(run.lines(), [(8, "cargo test"), (9, "cargo clippy -- -D warnings")]);
    }

    #[test]
    fn alias_bombs_are_shared_and_walks_bounded() {
        let mut doc = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 { "a".to_owned() } else { format!("a{}", i - 1) };
            doc.push_str(&format!("a{i}: &a{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let docs = parse(&doc).unwrap();
        let mut seen = 0;
        assert!(!docs[0].for_each_scalar(|_| seen += 1));
        assert!(seen <= MAX_VISITS);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let doc = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&doc).is_err());
    }
}
