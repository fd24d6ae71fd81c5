//! Reads each section of `secure.toml` into the schema, collecting every problem.

use super::reader::{Reader, Value, get};
use super::schema::*;
use crate::gate::Criticality;
use toml::de::{DeTable, DeValue};

/// Everything read from the file, before cross-references are checked.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    /// `version`.
    pub version: i64,
    /// `[context]`.
    pub context: AssetContext,
    /// `[people]`.
    pub people: People,
    /// `[threat-model]`.
    pub threat_model: Option<ThreatModel>,
    /// `[[threats]]`.
    pub threats: Vec<Threat>,
    /// `[[controls]]`.
    pub controls: Vec<Control>,
    /// `[[exceptions]]`.
    pub exceptions: Vec<Exception>,
    /// `[lifecycle]` stages, in the order of [`STAGES`].
    pub lifecycle: Vec<Stage>,
    /// `[gate]`.
    pub gate: GateOverrides,
    /// `[unsafe] budgets`: each workspace crate's most unsafe items.
    pub unsafe_budgets: std::collections::BTreeMap<String, u64>,
    /// `extends`: the organisation policies named.
    pub extends: Vec<super::reader::At<super::reference::Extend>>,
    /// `document` and `evidence` paths with their offsets, checked against the root later.
    pub paths: Vec<(usize, String, &'static str)>,
}

const TOP: &[&str] = &[
    "version",
    "extends",
    "context",
    "people",
    "threat-model",
    "threats",
    "controls",
    "exceptions",
    "lifecycle",
    "gate",
    "unsafe",
];

/// Reads the document's top-level table.
pub fn sections(r: &mut Reader<'_>, doc: &DeTable<'_>) -> Sections {
    r.only_keys(doc, TOP, "secure.toml");
    let mut s = Sections::default();
    match get(doc, "version") {
        None => r.missing(0, "version", "secure.toml"),
        Some(v) => match v.get_ref() {
            DeValue::Integer(i) if i.as_str() == "1" => s.version = 1,
            _ => r.error(
                v.span().start,
                "`version` must be 1 (the only schema version this cargo secure reads)",
            ),
        },
    }
    if let Some(v) = get(doc, "extends") {
        s.extends = super::reference::list(r, v);
    }
    match get(doc, "context") {
        None => r.missing(0, "[context]", "secure.toml"),
        Some(v) => {
            if let Some(t) = r.table(v, "[context]") {
                s.context = context(r, t, v.span().start);
            }
        }
    }
    if let Some(v) = get(doc, "people")
        && let Some(t) = r.table(v, "[people]")
    {
        s.people = people(r, t, v);
    }
    if let Some(v) = get(doc, "threat-model")
        && let Some(t) = r.table(v, "[threat-model]")
    {
        s.threat_model = threat_model(r, t, v.span().start, &mut s.paths);
    }
    s.threats =
        entries(r, doc, "threats").into_iter().filter_map(|(t, at)| threat(r, t, at)).collect();
    s.controls =
        entries(r, doc, "controls").into_iter().filter_map(|(t, at)| control(r, t, at)).collect();
    s.exceptions = entries(r, doc, "exceptions")
        .into_iter()
        .filter_map(|(t, at)| exception(r, t, at))
        .collect();
    if let Some(v) = get(doc, "lifecycle")
        && let Some(t) = r.table(v, "[lifecycle]")
    {
        s.lifecycle = lifecycle(r, t, &mut s.paths);
    }
    if let Some(v) = get(doc, "gate")
        && let Some(t) = r.table(v, "[gate]")
    {
        s.gate = super::policy::gate(r, t);
    }
    if let Some(v) = get(doc, "unsafe")
        && let Some(t) = r.table(v, "[unsafe]")
    {
        s.unsafe_budgets = unsafe_budgets(r, t);
    }
    s
}

/// `[unsafe] budgets = { crate = N }`: whole numbers of unsafe items.
fn unsafe_budgets(r: &mut Reader<'_>, t: &DeTable<'_>) -> std::collections::BTreeMap<String, u64> {
    r.only_keys(t, &["budgets"], "[unsafe]");
    let mut budgets = std::collections::BTreeMap::new();
    let Some(v) = get(t, "budgets") else { return budgets };
    let Some(table) = r.table(v, "`[unsafe] budgets`") else { return budgets };
    for (key, value) in table.iter() {
        let name = key.get_ref().to_string();
        let what = format!("`budgets.{name}` (unsafe items)");
        let whole = matches!(value.get_ref(), DeValue::Integer(_));
        match r.number(value, &what, 0.0, 1e9) {
            Some(n) if whole => {
                budgets.insert(name, n.value as u64);
            }
            Some(_) => r.error(value.span().start, format!("{what} must be a whole number")),
            None => {}
        }
    }
    budgets
}

/// The tables of an array of tables such as `[[threats]]`.
fn entries<'a, 'i>(
    r: &mut Reader<'_>,
    doc: &'a DeTable<'i>,
    key: &str,
) -> Vec<(&'a DeTable<'i>, usize)> {
    get(doc, key).map(|v| r.entries(v, key)).unwrap_or_default()
}

/// A required key, or a `missing` problem.
fn required<'a, 'i>(
    r: &mut Reader<'_>,
    t: &'a DeTable<'i>,
    key: &str,
    at: usize,
    what: &str,
) -> Option<&'a Value<'i>> {
    let found = get(t, key);
    if found.is_none() {
        r.missing(at, key, what);
    }
    found
}

fn context(r: &mut Reader<'_>, t: &DeTable<'_>, at: usize) -> AssetContext {
    const KEYS: &[&str] = &["asset", "criticality", "exposure", "data", "threat-actors"];
    r.only_keys(t, KEYS, "[context]");
    let mut c = AssetContext::default();
    if let Some(v) = required(r, t, "asset", at, "[context]") {
        c.asset = r.string(v, "`asset`").map(|a| a.value).unwrap_or_default();
    }
    if let Some(v) = required(r, t, "criticality", at, "[context]") {
        c.criticality_pos = r.pos(v.span().start);
        c.criticality = match r.word(v, "`criticality`", CRITICALITIES).map(|w| w.value).as_deref()
        {
            Some("low") => Criticality::Low,
            Some("high") => Criticality::High,
            Some("critical") => Criticality::Critical,
            _ => Criticality::Medium,
        };
    }
    if let Some(v) = get(t, "exposure") {
        c.exposure = r.word(v, "`exposure`", EXPOSURES).map(|w| w.value);
    }
    if let Some(v) = get(t, "data") {
        c.data = r.strings(v, "`data`").into_iter().map(|s| s.value).collect();
    }
    if let Some(v) = get(t, "threat-actors") {
        c.threat_actors = r.strings(v, "`threat-actors`").into_iter().map(|s| s.value).collect();
    }
    c
}

fn people(r: &mut Reader<'_>, t: &DeTable<'_>, v: &Value<'_>) -> People {
    const KEYS: &[&str] = &["security-contact", "owners", "product", "engineering", "security"];
    r.only_keys(t, KEYS, "[people]");
    let mut p = People { pos: r.pos(v.span().start), ..People::default() };
    if let Some(v) = get(t, "security-contact") {
        p.security_contact = r.string(v, "`security-contact`");
        if let Some(contact) = &p.security_contact
            && !contact.value.contains('@')
            && !contact.value.starts_with("https://")
        {
            r.error(
                v.span().start,
                "`security-contact` must be an email address or an https:// URL",
            );
        }
    }
    if let Some(v) = get(t, "owners") {
        p.owners = r.strings(v, "`owners`").into_iter().map(|s| s.value).collect();
    }
    for role in ["product", "engineering", "security"] {
        if let Some(v) = get(t, role)
            && let Some(name) = r.string(v, &format!("`{role}`"))
        {
            p.roles.insert(role.to_owned(), name.value);
        }
    }
    p
}

fn threat_model(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    at: usize,
    paths: &mut Vec<(usize, String, &'static str)>,
) -> Option<ThreatModel> {
    r.only_keys(t, &["reviewed", "review-every", "document"], "[threat-model]");
    let reviewed =
        required(r, t, "reviewed", at, "[threat-model]").and_then(|v| r.date(v, "`reviewed`"));
    let review_every = match get(t, "review-every") {
        Some(v) => r.days(v, "`review-every`").map(|d| d.value),
        None => Some(DEFAULT_REVIEW_DAYS),
    };
    let document = get(t, "document").and_then(|v| {
        let doc = r.string(v, "`document`")?;
        paths.push((v.span().start, doc.value.clone(), "`document`"));
        Some(doc.value)
    });
    Some(ThreatModel { reviewed: reviewed?, review_every: review_every?, document })
}

fn threat(r: &mut Reader<'_>, t: &DeTable<'_>, at: usize) -> Option<Threat> {
    const KEYS: &[&str] = &["id", "title", "category", "likelihood", "impact", "mitigations"];
    r.only_keys(t, KEYS, "[[threats]]");
    let what = "[[threats]] entry";
    let id = required(r, t, "id", at, what).and_then(|v| r.string(v, "`id`"));
    let title = required(r, t, "title", at, what).and_then(|v| r.string(v, "`title`"));
    let category = required(r, t, "category", at, what)
        .and_then(|v| r.word(v, "`category` (a STRIDE category)", STRIDE));
    let likelihood = get(t, "likelihood").and_then(|v| r.word(v, "`likelihood`", LEVELS));
    let impact = get(t, "impact").and_then(|v| r.word(v, "`impact`", LEVELS));
    let mitigations =
        get(t, "mitigations").map(|v| r.strings(v, "`mitigations`")).unwrap_or_default();
    Some(Threat {
        id: id?,
        title: title.map(|t| t.value).unwrap_or_default(),
        category: category.map(|c| c.value).unwrap_or_default(),
        likelihood: likelihood.map(|w| w.value),
        impact: impact.map(|w| w.value),
        mitigations,
    })
}

fn control(r: &mut Reader<'_>, t: &DeTable<'_>, at: usize) -> Option<Control> {
    const KEYS: &[&str] =
        &["id", "title", "verify", "attested-by", "attested-on", "review-every", "cost", "benefit"];
    r.only_keys(t, KEYS, "[[controls]]");
    let what = "[[controls]] entry";
    let id = required(r, t, "id", at, what).and_then(|v| r.string(v, "`id`"));
    let title = required(r, t, "title", at, what).and_then(|v| r.string(v, "`title`"));
    let verify = get(t, "verify").and_then(|v| r.string(v, "`verify`"));
    let by = get(t, "attested-by").and_then(|v| r.string(v, "`attested-by`"));
    let on = get(t, "attested-on").and_then(|v| r.date(v, "`attested-on`"));
    let has = |k| get(t, k).is_some();
    let evidence = match (has("verify"), has("attested-by"), has("attested-on")) {
        (true, false, false) => Some(Evidence::Verify(verify?.value)),
        (false, true, true) => Some(Evidence::Attested { by: by?.value, on: on? }),
        (false, false, false) => {
            r.error(at, "[[controls]] entry needs either `verify = \"<check id>\"` or `attested-by` and `attested-on`");
            None
        }
        (true, _, _) => {
            r.error(at, "[[controls]] entry has both `verify` and an attestation; a control is either verified by a check or attested");
            None
        }
        (false, true, false) => {
            r.missing(at, "attested-on", what);
            None
        }
        (false, false, true) => {
            r.missing(at, "attested-by", what);
            None
        }
    };
    let review_every = get(t, "review-every").and_then(|v| r.days(v, "`review-every`"));
    let cost = get(t, "cost").and_then(|v| r.word(v, "`cost`", LEVELS));
    let benefit = get(t, "benefit").and_then(|v| r.word(v, "`benefit`", LEVELS));
    // A control with other problems is kept, so threats naming it are not reported as dangling.
    Some(Control {
        id: id?,
        title: title.map(|t| t.value).unwrap_or_default(),
        evidence: evidence.unwrap_or(Evidence::Verify(String::new())),
        cost: cost.map(|w| w.value),
        benefit: benefit.map(|w| w.value),
        review_every: review_every.map(|d| d.value),
    })
}

/// One `[[exceptions]]` entry (of `secure.toml` or a policy).
pub fn exception(r: &mut Reader<'_>, t: &DeTable<'_>, at: usize) -> Option<Exception> {
    const KEYS: &[&str] = &["advisory", "finding", "package", "reason", "owner", "expires"];
    r.only_keys(t, KEYS, "[[exceptions]]");
    let what = "[[exceptions]] entry";
    let advisory = get(t, "advisory").and_then(|v| r.string(v, "`advisory`").map(|s| (v, s)));
    let finding = get(t, "finding").and_then(|v| r.string(v, "`finding`").map(|s| (v, s)));
    let target = match (get(t, "advisory").is_some(), get(t, "finding").is_some()) {
        (true, true) => {
            r.error(at, "[[exceptions]] entry names both `advisory` and `finding`; an exception silences exactly one thing");
            None
        }
        (false, false) => {
            r.error(at, "[[exceptions]] entry needs `advisory = \"RUSTSEC-YYYY-NNNN\"` or `finding = \"<code>\"`");
            None
        }
        _ => match (advisory, finding) {
            (Some((v, id)), _) => advisory_id(r, v, id.value).map(ExceptionTarget::Advisory),
            (_, Some((v, code))) => finding_code(r, v, code.value).map(ExceptionTarget::Finding),
            _ => None,
        },
    };
    let package = get(t, "package").and_then(|v| r.string(v, "`package`"));
    let reason = required(r, t, "reason", at, what).and_then(|v| r.string(v, "`reason`"));
    let owner = required(r, t, "owner", at, what).and_then(|v| r.string(v, "`owner`"));
    let expires = required(r, t, "expires", at, what).and_then(|v| r.date(v, "`expires`"));
    Some(Exception {
        target: target?,
        package: package.map(|p| p.value),
        reason: reason?.value,
        owner: owner?.value,
        expires: expires?,
        pos: r.pos(at),
        file: None,
    })
}

fn advisory_id(r: &mut Reader<'_>, v: &Value<'_>, id: String) -> Option<String> {
    let parts: Vec<&str> = id.split('-').collect();
    let well_formed = parts.len() == 3
        && parts[0] == "RUSTSEC"
        && parts[1].len() == 4
        && parts[2].len() == 4
        && parts[1..].iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    if well_formed {
        Some(id)
    } else {
        r.error(
            v.span().start,
            format!("`advisory` = \"{id}\" is not a RustSec id like RUSTSEC-2024-0001"),
        );
        None
    }
}

fn finding_code(r: &mut Reader<'_>, v: &Value<'_>, code: String) -> Option<String> {
    if code.starts_with("policy-") {
        r.error(
            v.span().start,
            format!(
                "`finding` = \"{code}\": a repository cannot accept a loosening of its organisation policy"
            ),
        );
        None
    } else if code.starts_with("exception-") {
        r.error(
            v.span().start,
            format!(
                "`finding` = \"{code}\": an exception cannot silence the exceptions' own findings"
            ),
        );
        None
    } else if r.vocabulary.is_code(&code) {
        Some(code)
    } else {
        r.error(
            v.span().start,
            format!(
                "`finding` = \"{code}\" is not a finding code; `cargo secure explain` lists them"
            ),
        );
        None
    }
}

fn lifecycle(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    paths: &mut Vec<(usize, String, &'static str)>,
) -> Vec<Stage> {
    r.only_keys(t, STAGES, "[lifecycle]");
    let mut stages = Vec::new();
    for name in STAGES {
        let Some(v) = get(t, name) else { continue };
        let what = format!("[lifecycle.{name}]");
        let Some(st) = r.table(v, &what) else { continue };
        r.only_keys(st, &["reviewed", "evidence"], &what);
        let reviewed = get(st, "reviewed").and_then(|d| r.date(d, "`reviewed`"));
        let evidence = get(st, "evidence").and_then(|e| {
            let text = r.string(e, "`evidence`")?;
            if !text.value.starts_with("https://") && !text.value.starts_with("http://") {
                paths.push((e.span().start, text.value.clone(), "`evidence`"));
            }
            Some(text.value)
        });
        stages.push(Stage { name: (*name).to_owned(), reviewed, evidence });
    }
    stages
}
