//! Merging organisation policies: each policy's `[gate]` values are floors;
//! the strictest of the chain is in force, with the place it was written.
//! A repository (or a policy further down the chain) may tighten a floor and
//! never loosen it: a weaker value is a [`Loosening`] naming both places, and
//! the floor applies anyway.

use super::org::{Origin, PolicyFile};
use super::reader::Pos;
use super::rules::{Ban, RequiredControl, Sources};
use super::schema::{Exception, ExceptionTarget, GateOverrides};
use crate::gate::{Criticality, GatePolicy, PolicyRef};
use std::collections::BTreeMap;
use std::fmt::Display;

/// A value with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub from: Origin,
}

/// The floors in force: the strictest value of every policy in the chain.
#[derive(Debug, Clone, Default)]
pub struct Floors {
    /// The policies read, bases first.
    pub policies: Vec<PolicyRef>,
    /// The lowest criticality a repository may declare.
    pub min_criticality: Option<Sourced<Criticality>>,
    /// The lowest overall score any repository may pass with.
    pub min_score: Option<Sourced<f64>>,
    /// Finding codes that always fail the gate, whatever `fail-on` says.
    pub fail_on: BTreeMap<String, Origin>,
    /// The oldest advisory DB (in days) accepted without a warning.
    pub max_db_age_days: Option<Sourced<u32>>,
    /// The lowest score per layer.
    pub layer_min: BTreeMap<String, Sourced<f64>>,
    /// Crates no repository may depend on.
    pub bans: Vec<Ban>,
    /// Where dependencies may come from: every policy's `[sources]` must allow a source.
    pub sources: Vec<Sources>,
    /// Controls a repository must declare, from some criticality up.
    pub required_controls: Vec<RequiredControl>,
    /// Organisation-wide accepted risks.
    pub exceptions: Vec<Exception>,
}

/// A value weaker than the floor in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Loosening {
    /// The key (`min-score`, `criticality`, `min-layer-score.advisories`...).
    pub key: String,
    /// Where the weaker value is written.
    pub here: Origin,
    /// Where the floor is written.
    pub floor: Origin,
    /// One line naming both.
    pub message: String,
}

/// Whether `new` is stricter than `old` for a key.
type Stricter<T> = fn(&T, &T) -> bool;

fn higher<T: PartialOrd>(new: &T, old: &T) -> bool {
    new > old
}

fn lower<T: PartialOrd>(new: &T, old: &T) -> bool {
    new < old
}

/// Merges a chain of policies (bases first) into the floors in force, with
/// every policy value weaker than the floor it met.
pub fn merge(files: &[PolicyFile]) -> (Floors, Vec<Loosening>) {
    let mut floors = Floors::default();
    let mut loosened = Vec::new();
    for file in files {
        let origin = |pos: Pos| Origin::new(&file.shown, pos);
        floors.policies.push(PolicyRef {
            name: file.name.value.clone(),
            version: file.version.value.clone(),
            path: file.shown.clone(),
        });
        if let Some(min) = &file.min_criticality {
            let here = Sourced { value: min.value, from: origin(min.pos) };
            tighten(&mut floors.min_criticality, here, "min-criticality", higher, &mut loosened);
        }
        let g = &file.gate;
        let at = |key: &str| origin(g.at.get(key).copied().unwrap_or_default());
        if let Some(min) = g.min_score {
            let here = Sourced { value: min, from: at("min-score") };
            tighten(&mut floors.min_score, here, "min-score", higher, &mut loosened);
        }
        if let Some(days) = g.max_db_age_days {
            let here = Sourced { value: days, from: at("max-db-age") };
            tighten(&mut floors.max_db_age_days, here, "max-db-age", lower, &mut loosened);
        }
        for (layer, min) in &g.layer_min {
            let key = format!("min-layer-score.{layer}");
            let here = Sourced { value: *min, from: at(&key) };
            let mut current = floors.layer_min.remove(layer);
            tighten(&mut current, here, &key, higher, &mut loosened);
            floors.layer_min.extend(current.map(|c| (layer.clone(), c)));
        }
        for code in g.fail_on.iter().flatten() {
            floors.fail_on.entry(code.clone()).or_insert_with(|| at("fail-on"));
        }
        floors.bans.extend(file.bans.iter().cloned());
        floors.sources.extend(file.sources.iter().cloned());
        floors.required_controls.extend(file.required_controls.iter().cloned());
        floors.exceptions.extend(file.exceptions.iter().cloned());
    }
    (floors, loosened)
}

/// Keeps the stricter of the floor and `here`; a weaker `here` is a loosening.
fn tighten<T: PartialOrd + Display + Clone>(
    floor: &mut Option<Sourced<T>>,
    here: Sourced<T>,
    key: &str,
    stricter: Stricter<T>,
    loosened: &mut Vec<Loosening>,
) {
    match floor {
        Some(old) if stricter(&old.value, &here.value) => {
            loosened.push(loosening(key, &here, old));
        }
        Some(old) if !stricter(&here.value, &old.value) => {}
        _ => *floor = Some(here),
    }
}

fn loosening<T: Display>(key: &str, here: &Sourced<T>, floor: &Sourced<T>) -> Loosening {
    Loosening {
        key: key.to_owned(),
        here: here.from.clone(),
        floor: floor.from.clone(),
        message: format!(
            "{} sets {key} = {}, weaker than the policy's {} at {}; the policy's value applies",
            here.from, here.value, floor.value, floor.from
        ),
    }
}

/// The manifest's values that are weaker than the floors, as loosenings.
pub fn check(
    file: &str,
    criticality: (Criticality, Pos),
    gate: &GateOverrides,
    floors: &Floors,
) -> Vec<Loosening> {
    let mut out = Vec::new();
    let mut compare = |key: &str, here: Sourced<String>, weaker: bool, floor: Sourced<String>| {
        if weaker {
            out.push(loosening(key, &here, &floor));
        }
    };
    let origin = |key: &str| Origin::new(file, gate.at.get(key).copied().unwrap_or_default());
    if let Some(min) = &floors.min_criticality {
        let here =
            Sourced { value: criticality.0.to_string(), from: Origin::new(file, criticality.1) };
        compare("criticality", here, criticality.0 < min.value, text(min));
    }
    if let (Some(value), Some(min)) = (gate.min_score, &floors.min_score) {
        let here = Sourced { value: value.to_string(), from: origin("min-score") };
        compare("min-score", here, value < min.value, text(min));
    }
    if let (Some(days), Some(max)) = (gate.max_db_age_days, &floors.max_db_age_days) {
        let here = Sourced { value: days.to_string(), from: origin("max-db-age") };
        compare("max-db-age", here, days > max.value, text(max));
    }
    for (layer, value) in &gate.layer_min {
        let key = format!("min-layer-score.{layer}");
        if let Some(min) = floors.layer_min.get(layer) {
            let here = Sourced { value: value.to_string(), from: origin(&key) };
            compare(&key, here, *value < min.value, text(min));
        }
    }
    out
}

/// The finding codes only an organisation policy may accept: a repository's
/// exception for one is a loosening (unless the ban allows it).
pub const POLICY_CODES: &[&str] =
    &["banned-crate", "source-not-allowed", "required-control-missing"];

/// The repository exceptions that accept what a policy requires: each is a
/// loosening, and is dropped so the policy applies. Returns the exceptions kept.
pub fn exceptions(
    exceptions: Vec<Exception>,
    floors: &Floors,
    loosened: &mut Vec<Loosening>,
) -> Vec<Exception> {
    let mut kept = Vec::new();
    for e in exceptions {
        let ExceptionTarget::Finding(code) = &e.target else {
            kept.push(e);
            continue;
        };
        let package = e.package.as_deref().map(|p| p.split('@').next().unwrap_or(p));
        let bans: Vec<&Ban> =
            floors.bans.iter().filter(|b| package.is_none_or(|p| p == b.name)).collect();
        let floor = match code.as_str() {
            "banned-crate" if !bans.is_empty() && bans.iter().all(|b| b.allow_exceptions) => None,
            "banned-crate" => bans.first().map(|b| b.from.clone()),
            "source-not-allowed" => floors.sources.first().map(|s| s.from.clone()),
            "required-control-missing" => floors.required_controls.first().map(|c| c.from.clone()),
            _ => None,
        };
        let Some(floor) = floor else {
            kept.push(e);
            continue;
        };
        let here = Origin::new(e.file(), e.pos);
        loosened.push(Loosening {
            key: "[[exceptions]]".to_owned(),
            message: format!(
                "{here} accepts {}, which the policy at {floor} requires without repository exceptions; the policy applies",
                e.describe()
            ),
            here,
            floor,
        });
    }
    kept
}

/// A floor with its value as text, for messages.
fn text<T: Display>(s: &Sourced<T>) -> Sourced<String> {
    Sourced { value: s.value.to_string(), from: s.from.clone() }
}

impl Floors {
    /// The criticality in force: the manifest's, raised to the floor.
    pub fn criticality(&self, declared: Criticality) -> Criticality {
        self.min_criticality.as_ref().map_or(declared, |min| declared.max(min.value))
    }

    /// Raises `policy` to the floors: the last step of every policy, after the
    /// manifest and the command line.
    pub fn apply(&self, policy: &mut GatePolicy) {
        if let Some(min) = &self.min_score {
            policy.min_score = Some(policy.min_score.map_or(min.value, |s| s.max(min.value)));
        }
        policy.fail_on.extend(self.fail_on.keys().cloned());
        if let Some(days) = &self.max_db_age_days {
            policy.max_db_age_days = policy.max_db_age_days.min(u64::from(days.value));
        }
        for (layer, min) in &self.layer_min {
            let slot = policy.layer_min.entry(layer.clone()).or_insert(min.value);
            *slot = slot.max(min.value);
        }
        policy.policies.clone_from(&self.policies);
    }
}

#[cfg(test)]
mod tests {
    use super::{check, merge};
    use crate::gate::Criticality;
    use crate::manifest::org::PolicyFile;
    use crate::manifest::reader::Pos;
    use crate::manifest::schema::GateOverrides;
    use std::path::PathBuf;

    fn policy(shown: &str, gate: &str) -> PolicyFile {
        let text = format!("[policy]\nname = \"{shown}\"\nversion = \"1\"\n[gate]\n{gate}");
        PolicyFile::parse(&text, PathBuf::from(shown), shown, &crate::checks::vocabulary())
            .expect("valid policy")
    }

    #[test]
    fn the_strictest_floor_of_the_chain_is_kept_with_its_origin() {
        let base = policy("base.toml", "min-score = 7\nmax-db-age = \"14d\"\n");
        let team = policy("team.toml", "min-score = 8\nmax-db-age = \"30d\"\n");
        let (floors, loosened) = merge(&[base, team]);
        let min = floors.min_score.expect("min-score");
        assert_eq!((min.value, min.from.to_string()), (8.0, "team.toml:5".to_owned()));
        let age = floors.max_db_age_days.expect("max-db-age");
        assert_eq!((age.value, age.from.to_string()), (14, "base.toml:6".to_owned()));
        assert_eq!(loosened.len(), 1, "team loosens max-db-age: {loosened:?}");
        assert_eq!(loosened[0].here.to_string(), "team.toml:6");
        assert_eq!(loosened[0].floor.to_string(), "base.toml:6");
    }

    #[test]
    fn a_manifest_below_a_floor_is_a_loosening_and_an_equal_one_is_not() {
        let (floors, _) = merge(&[policy("p.toml", "min-criticality = \"high\"\nmin-score = 8\n")]);
        let at = Pos { line: 3, column: 1 };
        let mut gate = GateOverrides { min_score: Some(8.0), ..GateOverrides::default() };
        gate.at.insert("min-score".into(), at);
        assert!(check("secure.toml", (Criticality::High, at), &gate, &floors).is_empty());
        gate.min_score = Some(7.5);
        let found = check("secure.toml", (Criticality::Medium, at), &gate, &floors);
        let keys: Vec<&str> = found.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(keys, ["criticality", "min-score"]);
        assert_eq!(floors.criticality(Criticality::Low), Criticality::High);
    }
}
