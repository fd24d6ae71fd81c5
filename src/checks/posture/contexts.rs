//! How far a stranger controls a context that reaches a script, after zizmor's
//! `template-injection` audit: the webhook fields GitHub documents come from
//! zizmor's table (`data/context-capabilities.csv`, MIT, see `data/README.md`);
//! `inputs.*`, `env.*` and `matrix.*` are followed to where they are set.

use super::expr::{self, Flow};
use crate::repo::yaml::Node;
use std::collections::HashMap;
use std::sync::OnceLock;

/// How sure we are that a stranger writes the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Risk {
    /// Maybe: a value we cannot follow (a step output, a computed member, an unknown context).
    Maybe,
    /// Yes: a field of the event, an input, a dynamic matrix, or an `env` set from one.
    Yes,
}

/// Where an expression sits: the `env` maps from the innermost out, the job's
/// matrix and the declared inputs.
#[derive(Debug, Default, Clone)]
pub struct Scope<'a> {
    /// `env` maps, step first, then job, then workflow.
    pub env: Vec<&'a Node>,
    /// `strategy.matrix` of the job.
    pub matrix: Option<&'a Node>,
    /// Declared inputs (`on.workflow_call.inputs`, `on.workflow_dispatch.inputs`, an action's `inputs`).
    pub inputs: Vec<&'a Node>,
}

/// How deep `env` values are followed into other `env` values.
const MAX_DEPTH: usize = 4;

/// The risk of one flow, with the context it names; `None` when it is safe.
pub fn risk(flow: &Flow, scope: &Scope<'_>) -> Option<(Risk, String)> {
    risk_at(flow, scope, 0)
}

/// The worst risk of the flows of one expression body.
pub fn expression_risk(body: &str, scope: &Scope<'_>) -> Option<(Risk, String)> {
    expression_risk_at(body, scope, 0)
}

fn expression_risk_at(body: &str, scope: &Scope<'_>, depth: usize) -> Option<(Risk, String)> {
    let Some(flows) = expr::flows(body) else {
        return Some((Risk::Maybe, body.trim().to_owned()));
    };
    flows.iter().filter_map(|f| risk_at(f, scope, depth)).max_by_key(|(r, _)| *r)
}

fn risk_at(flow: &Flow, scope: &Scope<'_>, depth: usize) -> Option<(Risk, String)> {
    // `env` and matrix values may name each other (or themselves): stop following.
    if depth > MAX_DEPTH {
        return Some((Risk::Maybe, "set from itself or too deep to follow".to_owned()));
    }
    let path = match flow {
        Flow::Computed(member) => return Some((Risk::Maybe, format!("(...).{member}"))),
        Flow::Context(path) => path.as_str(),
    };
    let named = |risk| Some((risk, path.to_owned()));
    match capability(path) {
        Some(Capability::Fixed) => return None,
        Some(_) => return named(Risk::Yes),
        None => {}
    }
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        ["secrets", ..] => None,
        ["needs", _, "result"] | ["steps", _, "outcome" | "conclusion"] => None,
        ["inputs", name] => match input_type(scope, name) {
            Some(kind)
                if matches!(kind.as_str(), "boolean" | "number" | "choice" | "environment") =>
            {
                None
            }
            Some(_) => named(Risk::Yes),
            None => named(Risk::Maybe),
        },
        ["env", name] => {
            env_risk(scope, name, depth).map(|(r, via)| (r, format!("{path} ({via})")))
        }
        ["matrix", name, ..] => matrix_risk(scope, name, depth).map(|r| (r, path.to_owned())),
        ["github", ..] => named(Risk::Yes),
        _ => named(Risk::Maybe),
    }
}

/// The declared type of an input (`string` when it has none); `None` when undeclared.
fn input_type(scope: &Scope<'_>, name: &str) -> Option<String> {
    scope.inputs.iter().find_map(|inputs| {
        let (_, input) = inputs
            .entries()
            .into_iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(name)))?;
        Some(input.get("type").and_then(Node::as_str).unwrap_or("string").to_ascii_lowercase())
    })
}

/// An `env` value set from an expression: what it is set from.
fn env_risk(scope: &Scope<'_>, name: &str, depth: usize) -> Option<(Risk, String)> {
    let found = scope.env.iter().enumerate().find_map(|(at, env)| {
        env.entries()
            .into_iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(name)))
            .map(|(_, v)| (at, v))
    });
    let Some((at, value)) = found else {
        return Some((Risk::Maybe, "set at run time or elsewhere".to_owned()));
    };
    let text = value.as_str()?;
    if depth >= MAX_DEPTH {
        return expr::fenced(text).first().map(|_| (Risk::Maybe, "set from env".to_owned()));
    }
    let outer = Scope { env: scope.env[at + 1..].to_vec(), ..scope.clone() };
    let worst = expr::fenced(text)
        .iter()
        .filter_map(|f| expression_risk_at(f.body, &outer, depth + 1))
        .max_by_key(|(r, _)| *r)?;
    Some((worst.0, format!("set from {}", worst.1)))
}

/// A matrix value that is not a plain value written in the workflow.
fn matrix_risk(scope: &Scope<'_>, name: &str, depth: usize) -> Option<Risk> {
    let matrix = scope.matrix?;
    if let Some(text) = matrix.as_str() {
        return expr::fenced(text)
            .iter()
            .map(|f| expression_risk_at(f.body, scope, depth + 1).map_or(Risk::Maybe, |r| r.0))
            .max();
    }
    let mut worst = None;
    for value in matrix_values(matrix, name) {
        value.for_each_scalar(|scalar| {
            for fence in expr::fenced(scalar.as_str().unwrap_or_default()) {
                let risk =
                    expression_risk_at(fence.body, scope, depth + 1).map_or(Risk::Maybe, |r| r.0);
                worst = worst.max(Some(risk));
            }
        });
    }
    worst
}

/// The values a static matrix gives `name`: its own list and the `include` entries.
pub fn matrix_values<'a>(matrix: &'a Node, name: &str) -> Vec<&'a Node> {
    let mut values: Vec<&Node> = Vec::new();
    for (key, value) in matrix.entries() {
        match key.as_str() {
            Some("include") => values.extend(
                value.as_seq().unwrap_or_default().iter().filter_map(|item| item.get(name)),
            ),
            Some(k) if k.eq_ignore_ascii_case(name) => values.push(value),
            _ => {}
        }
    }
    values
}

/// zizmor's three capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capability {
    Arbitrary,
    Structured,
    Fixed,
}

/// The capability of a context pattern, trying `*` for each segment from the end.
fn capability(path: &str) -> Option<Capability> {
    static TABLE: OnceLock<HashMap<&'static str, Capability>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        include_str!("data/context-capabilities.csv")
            .lines()
            .filter_map(|line| {
                let (pattern, kind) = line.split_once(',')?;
                let kind = match kind.trim() {
                    "arbitrary" => Capability::Arbitrary,
                    "structured" => Capability::Structured,
                    "fixed" => Capability::Fixed,
                    _ => return None,
                };
                Some((pattern, kind))
            })
            .collect()
    });
    if let Some(found) = table.get(path) {
        return Some(*found);
    }
    // `github.event.client_payload.x` falls under `github.event.client_payload.*`.
    let mut parts: Vec<&str> = path.split('.').collect();
    while parts.len() > 2 {
        parts.pop();
        let wildcard = format!("{}.*", parts.join("."));
        if let Some(Capability::Arbitrary) = table.get(wildcard.as_str()) {
            return Some(Capability::Arbitrary);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(path: &str) -> Option<Risk> {
        risk(&Flow::Context(path.to_owned()), &Scope::default()).map(|r| r.0)
    }

    #[test]
    fn documented_fields_and_heuristics() {
        assert_eq!(of("github.event.issue.title"), Some(Risk::Yes));
        assert_eq!(of("github.event.pull_request.head.sha"), None);
        assert_eq!(of("github.event.client_payload.anything"), Some(Risk::Yes));
        assert_eq!(of("github.head_ref"), Some(Risk::Yes));
        assert_eq!(of("github.sha"), None);
        assert_eq!(of("secrets.token"), None);
        assert_eq!(of("runner.os"), None);
        assert_eq!(of("steps.build.outputs.path"), Some(Risk::Maybe));
        assert_eq!(of("steps.build.outcome"), None);
    }

    #[test]
    fn values_that_name_themselves_end() {
        let docs = crate::repo::yaml::parse(
            "env: { A: '${{ env.B }}', B: '${{ env.A }}' }\nmatrix: { m: ['${{ matrix.m }}'] }\n",
        )
        .unwrap();
        let doc = &docs[0];
        let scope = Scope {
            env: vec![doc.get("env").unwrap()],
            matrix: doc.get("matrix"),
            inputs: Vec::new(),
        };
        for path in ["env.a", "matrix.m"] {
            let risk = risk(&Flow::Context(path.to_owned()), &scope).map(|r| r.0);
            assert_eq!(risk, Some(Risk::Maybe), "{path}");
        }
    }
}
