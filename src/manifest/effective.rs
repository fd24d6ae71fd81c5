//! The effective policy of a repository with the provenance of each value,
//! for `cargo secure policy`: what is in force and which file and line put it
//! there (`min-score = 8 (../platform/secure-policy.toml:4)`).

use super::Manifest;
use super::floors::Floors;
use crate::gate::{GatePolicy, PolicyRef};
use serde::Serialize;

/// Where a value comes from when no file sets it.
const DEFAULT: &str = "default";

/// One value in force.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Entry {
    /// The key (`min-score`, `fail-on`, `ban`...).
    pub key: String,
    /// The value, as text.
    pub value: String,
    /// `FILE:LINE` that sets it, or `default at criticality medium`.
    pub from: String,
}

/// The effective policy.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Effective {
    /// The organisation policies in force, bases first.
    pub policies: Vec<PolicyRef>,
    /// Every value in force, with where it comes from.
    pub entries: Vec<Entry>,
}

impl Effective {
    /// The effective policy of `manifest` (none: the defaults) under `gate`,
    /// the policy the run would apply.
    pub fn of(manifest: Option<&Manifest>, gate: &GatePolicy) -> Effective {
        let mut entries = Vec::new();
        let mut push = |key: &str, value: String, from: String| {
            entries.push(Entry { key: key.to_owned(), value, from });
        };
        let floors = manifest.and_then(|m| m.floors.as_ref());
        let default = format!("{DEFAULT} at criticality {}", gate.criticality);
        let here = |key: &str| -> Option<String> {
            let m = manifest?;
            let pos = m.gate.at.get(key)?;
            Some(format!("{}:{}", super::FILE_NAME, pos.line))
        };
        let criticality_from = match (manifest, floors.and_then(|f| f.min_criticality.as_ref())) {
            (Some(m), Some(min)) if min.value > m.criticality => min.from.to_string(),
            (Some(m), _) => format!("{}:{}", super::FILE_NAME, m.context.criticality_pos.line),
            (None, _) => format!("{DEFAULT}: no {}", super::FILE_NAME),
        };
        push("criticality", gate.criticality.to_string(), criticality_from);
        if let Some(min) = gate.min_score {
            let from = floors
                .and_then(|f| f.min_score.as_ref())
                .filter(|f| f.value >= min)
                .map(|f| f.from.to_string())
                .or_else(|| here("min-score"))
                .unwrap_or_else(|| default.clone());
            push("min-score", min.to_string(), from);
        }
        for code in &gate.fail_on {
            let from = floors
                .and_then(|f| f.fail_on.get(code))
                .map(ToString::to_string)
                .or_else(|| here("fail-on"))
                .unwrap_or_else(|| default.clone());
            push("fail-on", code.clone(), from);
        }
        let days = gate.max_db_age_days;
        let from = floors
            .and_then(|f| f.max_db_age_days.as_ref())
            .filter(|f| u64::from(f.value) == days)
            .map(|f| f.from.to_string())
            .or_else(|| here("max-db-age"))
            .unwrap_or_else(|| default.clone());
        push("max-db-age", crate::plural::count(days, "day", "days"), from);
        for (layer, min) in &gate.layer_min {
            let key = format!("min-layer-score.{layer}");
            let from = floors
                .and_then(|f| f.layer_min.get(layer))
                .filter(|f| f.value >= *min)
                .map(|f| f.from.to_string())
                .or_else(|| here(&key))
                .unwrap_or_else(|| default.clone());
            push(&key, min.to_string(), from);
        }
        if let Some(floors) = floors {
            rules(floors, &mut push);
        }
        if let Some(m) = manifest {
            for e in &m.exceptions {
                let value =
                    format!("{} until {} (owner {})", e.describe(), e.expires.value, e.owner);
                push("exception", value, format!("{}:{}", e.file(), e.pos.line));
            }
        }
        Effective { policies: gate.policies.clone(), entries }
    }
}

/// The policies' bans, sources and required controls.
fn rules(floors: &Floors, push: &mut impl FnMut(&str, String, String)) {
    for ban in &floors.bans {
        let versions = ban.versions.as_ref().map_or(String::new(), |v| format!(" {v}"));
        let instead = ban.use_instead.as_ref().map_or(String::new(), |u| format!("; use {u}"));
        let value = format!("{}{versions}: {}{instead}", ban.name, ban.reason);
        push("ban", value, ban.from.to_string());
    }
    for sources in &floors.sources {
        push("sources.registries", sources.registries.join(", "), sources.from.to_string());
        let git = if sources.git.is_empty() { "none".to_owned() } else { sources.git.join(", ") };
        push("sources.git", git, sources.from.to_string());
    }
    for rc in &floors.required_controls {
        let value = format!("{} (criticality {} and above)", rc.id, rc.criticality);
        push("required-control", value, rc.from.to_string());
    }
}
