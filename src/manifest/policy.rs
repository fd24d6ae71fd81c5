//! The context-aware gate: the criticality's defaults, then `[gate]` overrides.

use super::reader::{At, Reader, Value, get};
use super::schema::GateOverrides;
use crate::gate::{Criticality, GatePolicy};
use toml::de::{DeTable, DeValue};

/// The policy for a criticality with the manifest's `[gate]` overrides applied.
pub fn derive(criticality: Criticality, g: &GateOverrides) -> GatePolicy {
    let mut source = format!("{} criticality = \"{criticality}\"", super::FILE_NAME);
    if !g.is_empty() {
        source.push_str(" with [gate] overrides");
    }
    let mut policy = GatePolicy::for_criticality(criticality, source);
    if let Some(min) = g.min_score {
        policy.min_score = Some(min);
    }
    if let Some(codes) = &g.fail_on {
        policy.fail_on = codes.iter().cloned().collect();
    }
    policy.layer_min.extend(g.layer_min.iter().map(|(k, v)| (k.clone(), *v)));
    if let Some(days) = g.max_db_age_days {
        policy.max_db_age_days = u64::from(days);
    }
    policy
}

/// The keys of a manifest's `[gate]`.
pub const GATE_KEYS: &[&str] = &["min-score", "fail-on", "min-layer-score", "max-db-age"];

/// Reads `[gate]`.
pub fn gate(r: &mut Reader<'_>, t: &DeTable<'_>) -> GateOverrides {
    r.only_keys(t, GATE_KEYS, "[gate]");
    gate_values(r, t)
}

/// Reads the values of a `[gate]` table whose keys were checked by the caller.
pub fn gate_values(r: &mut Reader<'_>, t: &DeTable<'_>) -> GateOverrides {
    let mut g = GateOverrides {
        min_score: get(t, "min-score")
            .and_then(|v| r.number(v, "`min-score`", 0.0, 10.0))
            .map(|n| n.value),
        ..GateOverrides::default()
    };
    for key in GATE_KEYS {
        if let Some(v) = get(t, key) {
            g.at.insert((*key).to_owned(), r.pos(v.span().start));
        }
    }
    if let Some(v) = get(t, "fail-on") {
        let codes = r.strings(v, "`fail-on`");
        for code in &codes {
            if code.value != "critical-vulnerability" && !r.vocabulary.is_code(&code.value) {
                let at = offset_of(r, v, code);
                r.error(
                    at,
                    format!("`fail-on` names \"{}\", which is not a finding code", code.value),
                );
            }
        }
        g.fail_on = Some(codes.into_iter().map(|c| c.value).collect());
    }
    if let Some(v) = get(t, "min-layer-score")
        && let Some(layers) = r.table(v, "`min-layer-score`")
    {
        for (key, score) in layers.iter() {
            let layer = key.get_ref().to_string();
            if !r.vocabulary.is_layer(&layer) {
                r.error(
                    key.span().start,
                    format!(
                        "`min-layer-score` names `{layer}`, which is not a layer; layers: {}",
                        r.vocabulary.layer_ids().join(", ")
                    ),
                );
            } else if let Some(min) =
                r.number(score, &format!("`min-layer-score.{layer}`"), 0.0, 10.0)
            {
                g.at.insert(format!("min-layer-score.{layer}"), min.pos);
                g.layer_min.insert(layer, min.value);
            }
        }
    }
    if let Some(v) = get(t, "max-db-age") {
        g.max_db_age_days = match v.get_ref() {
            DeValue::Integer(_) => {
                r.number(v, "`max-db-age` (days)", 1.0, 3650.0).map(|d| d.value as u32)
            }
            _ => r.days(v, "`max-db-age`").map(|d| d.value),
        };
    }
    g
}

/// The offset of an array item, recovered from its position (items keep their own spans).
fn offset_of(r: &Reader<'_>, v: &Value<'_>, item: &At<String>) -> usize {
    let DeValue::Array(items) = v.get_ref() else { return v.span().start };
    items
        .iter()
        .map(|i| i.span().start)
        .find(|start| r.pos(*start) == item.pos)
        .unwrap_or(v.span().start)
}
