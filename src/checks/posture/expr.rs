//! GitHub Actions expressions (`${{ ... }}`): found in a scalar, parsed, and
//! followed to the contexts whose text can reach the expansion.
//!
//! The grammar is the documented one (literals, contexts with `.name`, `[i]`,
//! `['key']` and `.*`, function calls, `!`, comparisons, `&&`, `||`,
//! parentheses). What matters here is dataflow: `a == b`, `!a`, `contains()`
//! and friends yield booleans, so their operands never reach the text;
//! `a && b` yields `a` only when `a` is falsy (`false`, `0`, `''`, `null`,
//! harmless), so only `b` flows; `a || b`, `format()`, `join()`, `toJSON()`,
//! `fromJSON()` pass their operands through. A hand-written parser: zizmor's
//! `github-actions-expressions` crate needs a newer Rust than our MSRV.

/// An expression found in a scalar: its text and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fenced<'a> {
    /// The text between `${{` and `}}`, untrimmed.
    pub body: &'a str,
    /// Byte offset of `${{` in the scalar.
    pub offset: usize,
}

/// What can reach the expansion of an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flow {
    /// A context, as a lowercase pattern (`github.event.issue.labels.*.name`).
    Context(String),
    /// A member of a computed value (`fromJSON(x).y`, `(a || b).c`): unknown.
    Computed(String),
}

/// The `${{ ... }}` expressions of a scalar, spanning lines if they do;
/// `}}` inside a string literal does not close one.
pub fn fenced(text: &str) -> Vec<Fenced<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("${{").map(|i| i + from) {
        let body_start = start + 3;
        let bytes = text.as_bytes();
        let (mut i, mut quoted) = (body_start, false);
        let mut end = None;
        while i < bytes.len() {
            match bytes[i] {
                b'\'' => quoted = !quoted,
                b'}' if !quoted && bytes.get(i + 1) == Some(&b'}') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        let Some(end) = end else { break };
        out.push(Fenced { body: &text[body_start..end], offset: start });
        from = end + 2;
    }
    out
}

/// The contexts and computed members whose text reaches the value of `expr`;
/// `None` when it does not parse.
pub fn flows(expr: &str) -> Option<Vec<Flow>> {
    let tokens = tokens(expr)?;
    let mut parser = Parser { tokens: &tokens, at: 0, depth: 0 };
    let ast = parser.or()?;
    (parser.at == tokens.len()).then(|| {
        let mut out = Vec::new();
        ast.flows(&mut out);
        out
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Literal,
    Dot,
    Star,
    Comma,
    Open,
    Close,
    OpenIndex,
    CloseIndex,
    String(String),
    Not,
    Compare,
    And,
    Or,
}

fn tokens(expr: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let two = |next: char| chars.get(i + 1) == Some(&next);
        let (token, len) = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '.' => (Token::Dot, 1),
            '*' => (Token::Star, 1),
            ',' => (Token::Comma, 1),
            '(' => (Token::Open, 1),
            ')' => (Token::Close, 1),
            '[' => (Token::OpenIndex, 1),
            ']' => (Token::CloseIndex, 1),
            '&' if two('&') => (Token::And, 2),
            '|' if two('|') => (Token::Or, 2),
            '=' | '!' if two('=') => (Token::Compare, 2),
            '<' | '>' if two('=') => (Token::Compare, 2),
            '<' | '>' => (Token::Compare, 1),
            '!' => (Token::Not, 1),
            '\'' => {
                let mut text = String::new();
                let mut j = i + 1;
                loop {
                    match chars.get(j) {
                        None => return None,
                        Some('\'') if chars.get(j + 1) == Some(&'\'') => {
                            text.push('\'');
                            j += 2;
                        }
                        Some('\'') => break,
                        Some(&ch) => {
                            text.push(ch);
                            j += 1;
                        }
                    }
                }
                (Token::String(text), j + 1 - i)
            }
            c if c.is_ascii_digit() || c == '-' => {
                let len = chars[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
                    .count();
                (Token::Literal, len)
            }
            c if c.is_alphabetic() || c == '_' => {
                let len = chars[i..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
                    .count();
                let word: String = chars[i..i + len].iter().collect();
                let token = match word.to_ascii_lowercase().as_str() {
                    "true" | "false" | "null" | "nan" | "infinity" => Token::Literal,
                    _ => Token::Ident(word),
                };
                (token, len)
            }
            _ => return None,
        };
        out.push(token);
        i += len;
    }
    Some(out)
}

/// A parsed expression, reduced to what dataflow needs.
#[derive(Debug)]
enum Ast {
    /// A literal, or an operator yielding a boolean: nothing flows.
    Opaque,
    /// A context path.
    Context(Vec<String>),
    /// A member or index of a computed value.
    Member(Box<Ast>, String),
    /// Values of which any may be the result.
    Any(Vec<Ast>),
}

impl Ast {
    fn flows(&self, out: &mut Vec<Flow>) {
        match self {
            Ast::Opaque => {}
            Ast::Context(path) => out.push(Flow::Context(path.join(".").to_ascii_lowercase())),
            Ast::Member(base, member) => {
                let mut inner = Vec::new();
                base.flows(&mut inner);
                if !inner.is_empty() {
                    out.push(Flow::Computed(member.clone()));
                }
            }
            Ast::Any(items) => items.iter().for_each(|a| a.flows(out)),
        }
    }
}

/// Functions whose result is a boolean or a hash: nothing of their arguments flows.
const OPAQUE_FUNCTIONS: &[&str] = &[
    "contains",
    "startswith",
    "endswith",
    "hashfiles",
    "success",
    "always",
    "failure",
    "cancelled",
    "case",
];

/// Deepest nesting of parentheses, calls and `!` accepted.
const MAX_NESTING: usize = 64;

struct Parser<'t> {
    tokens: &'t [Token],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, token: &Token) -> bool {
        let hit = self.peek() == Some(token);
        self.at += usize::from(hit);
        hit
    }

    fn or(&mut self) -> Option<Ast> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return None;
        }
        let mut items = vec![self.and()?];
        while self.eat(&Token::Or) {
            items.push(self.and()?);
        }
        self.depth -= 1;
        Some(if items.len() == 1 { items.remove(0) } else { Ast::Any(items) })
    }

    fn and(&mut self) -> Option<Ast> {
        let mut last = self.compare()?;
        while self.eat(&Token::And) {
            last = self.compare()?;
        }
        Some(last)
    }

    fn compare(&mut self) -> Option<Ast> {
        let first = self.unary()?;
        if self.peek() != Some(&Token::Compare) {
            return Some(first);
        }
        while self.eat(&Token::Compare) {
            self.unary()?;
        }
        Some(Ast::Opaque)
    }

    fn unary(&mut self) -> Option<Ast> {
        if self.eat(&Token::Not) {
            // `!!!...x` is a boolean whatever x is: skip the run without recursing.
            while self.eat(&Token::Not) {}
            self.unary()?;
            return Some(Ast::Opaque);
        }
        let base = self.primary()?;
        self.postfix(base)
    }

    fn primary(&mut self) -> Option<Ast> {
        match self.peek()?.clone() {
            Token::Literal | Token::String(_) => {
                self.at += 1;
                Some(Ast::Opaque)
            }
            Token::Open => {
                self.at += 1;
                let inner = self.or()?;
                self.eat(&Token::Close).then_some(inner)
            }
            Token::Ident(name) => {
                self.at += 1;
                if self.eat(&Token::Open) {
                    let mut args = Vec::new();
                    if !self.eat(&Token::Close) {
                        loop {
                            args.push(self.or()?);
                            if self.eat(&Token::Close) {
                                break;
                            }
                            if !self.eat(&Token::Comma) {
                                return None;
                            }
                        }
                    }
                    let opaque = OPAQUE_FUNCTIONS.contains(&name.to_ascii_lowercase().as_str());
                    return Some(if opaque { Ast::Opaque } else { Ast::Any(args) });
                }
                Some(Ast::Context(vec![name]))
            }
            _ => None,
        }
    }

    /// `.name`, `.*`, `[index]` after a primary.
    fn postfix(&mut self, mut base: Ast) -> Option<Ast> {
        loop {
            let member = if self.eat(&Token::Dot) {
                let member = match self.peek()?.clone() {
                    Token::Ident(name) => name,
                    Token::Star => "*".to_owned(),
                    _ => return None,
                };
                self.at += 1;
                member
            } else if self.eat(&Token::OpenIndex) {
                let key = match self.peek()?.clone() {
                    Token::String(key) => key,
                    _ => "*".to_owned(),
                };
                // The index itself is an expression; its value selects, it does not flow.
                self.or()?;
                if !self.eat(&Token::CloseIndex) {
                    return None;
                }
                key
            } else {
                return Some(base);
            };
            base = match base {
                Ast::Context(mut path) => {
                    path.push(member);
                    Ast::Context(path)
                }
                Ast::Opaque => Ast::Opaque,
                other => Ast::Member(Box::new(other), member),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contexts(expr: &str) -> Vec<String> {
        flows(expr)
            .expect("parses")
            .into_iter()
            .map(|f| match f {
                Flow::Context(c) => c,
                Flow::Computed(m) => format!("?.{m}"),
            })
            .collect()
    }

    #[test]
    fn dataflow_follows_values_not_conditions() {
        assert_eq!(contexts("github.event.issue.title"), ["github.event.issue.title"]);
        assert_eq!(contexts("github.event.issue.title == 'x'"), Vec::<String>::new());
        assert_eq!(contexts("contains(github.event.issue.title, 'x')"), Vec::<String>::new());
        assert_eq!(contexts("format('{0}', github.head_ref)"), ["github.head_ref"]);
        assert_eq!(contexts("toJSON(github.event)"), ["github.event"]);
        assert_eq!(contexts("a.b && c.d || e.f"), ["c.d", "e.f"]);
        assert_eq!(contexts("fromJSON(inputs.x) && 'yes' || ''"), Vec::<String>::new());
        assert_eq!(contexts("labels[0].name"), ["labels.*.name"]);
        assert_eq!(contexts("a['B'].c"), ["a.b.c"]);
        assert_eq!(contexts("join(x.*.name, ', ')"), ["x.*.name"]);
        assert_eq!(contexts("(a.b || c.d).number"), ["?.number"]);
        assert_eq!(contexts("fromJson(steps.s.outputs.data).runs[0].id"), ["?.id"]);
        assert_eq!(contexts("!a.b"), Vec::<String>::new());
        assert!(flows("a.b ||").is_none());
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("{}a.b{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(flows(&deep).is_none());
        let calls = format!("{}a.b{}", "format(".repeat(100_000), ")".repeat(100_000));
        assert!(flows(&calls).is_none());
        assert!(flows(&format!("{}a.b", "!".repeat(100_000))).is_some());
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_is_refused_without_panicking(text in "\\PC{0,200}") {
            let _ = flows(&text);
            let _ = fenced(&text);
        }
    }

    #[test]
    fn fences_span_lines_and_skip_braces_in_strings() {
        let text = "echo ${{\n  a.b\n}} and ${{ format('}}{0}', c.d) }}";
        let found = fenced(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].body.trim(), "a.b");
        assert_eq!(found[1].body.trim(), "format('}}{0}', c.d)");
        assert_eq!(found[1].offset, text.find("${{ format").unwrap());
    }
}
