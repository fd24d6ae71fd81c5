//! The unsafe-code table (sortable by the script) and the manifest's context:
//! owners, the threat → control matrix and the accepted risks.

use super::escape;
use crate::checks::manifest::controls::State;
use crate::report::Report;
use serde_json::Value;
use std::fmt::Write;

/// The `unsafe-code` layer's `packages` table.
pub fn unsafe_table(out: &mut String, report: &Report) {
    let Some(packages) = report.layers.iter().find_map(|l| l.details.packages.as_deref()) else {
        return;
    };
    out.push_str(
        "<section id=\"unsafe\" aria-labelledby=\"unsafe-h\"><h2 id=\"unsafe-h\">Unsafe code by package</h2>\
         <div class=\"scroll\"><table class=\"sortable\"><thead><tr>",
    );
    for (i, head) in
        ["Package", "Version", "Scope", "Status", "Blocks", "Fns", "Impls", "Other", "Undocumented"]
            .iter()
            .enumerate()
    {
        let _ = write!(out, "<th scope=\"col\" data-col=\"{i}\">{head}</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for p in packages {
        let c = &p.counts;
        let other = c.traits + c.extern_blocks + c.static_mut + c.attributes + c.in_macros;
        let status = serde_json::to_value(p.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let member = if p.workspace_member { " <span class=\"tag\">member</span>" } else { "" };
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}{member}</th><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{other}</td><td class=\"num\">{}</td></tr>",
            escape(&p.name),
            escape(&p.version),
            p.scope,
            escape(&status),
            c.blocks,
            c.functions + c.methods,
            c.impls,
            p.undocumented.map_or_else(|| "–".to_owned(), |n| n.to_string()),
        );
    }
    out.push_str("</tbody></table></div></section>\n");
}

/// The manifest's context, people, threats and accepted risks.
pub fn manifest(out: &mut String, report: &Report) {
    let Some(m) = &report.manifest else { return };
    out.push_str("<section id=\"manifest\" aria-labelledby=\"manifest-h\"><h2 id=\"manifest-h\">Security manifest</h2><dl class=\"context\">");
    let context = &m["context"];
    for (key, label) in [
        ("asset", "Asset"),
        ("criticality", "Criticality"),
        ("exposure", "Exposure"),
        ("data", "Data"),
        ("threat_actors", "Threat actors"),
    ] {
        field(out, label, &context[key]);
    }
    let people = &m["people"];
    field(out, "Security contact", &people["security_contact"]);
    field(out, "Owners", &people["owners"]);
    if let Some(roles) = people["roles"].as_object() {
        for (role, who) in roles {
            field(out, role, who);
        }
    }
    if let Some(t) = m["threat_model"].as_object() {
        field(out, "Threat model reviewed", &t["reviewed"]);
        field(out, "Threat model document", &t["document"]);
    }
    out.push_str("</dl>");
    threats(out, report, m);
    exceptions(out, m);
    out.push_str("</section>\n");
}

fn field(out: &mut String, label: &str, value: &Value) {
    let text = text(value);
    if !text.is_empty() {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(&text));
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Threats as rows, controls as columns; a threat none of whose mitigations
/// holds this run is marked.
fn threats(out: &mut String, report: &Report, m: &Value) {
    let (Some(threats), Some(controls)) = (m["threats"].as_array(), m["controls"].as_array())
    else {
        return;
    };
    if threats.is_empty() {
        return;
    }
    let states =
        report.layers.iter().find_map(|l| l.details.controls.as_deref()).unwrap_or_default();
    let state = |id: &str| states.iter().find(|c| c.id == id).map(|c| &c.state);
    out.push_str("<h3>Threats and controls</h3><div class=\"scroll\"><table class=\"matrix\"><thead><tr><th scope=\"col\">Threat</th>");
    for control in controls {
        let _ = write!(
            out,
            "<th scope=\"col\" title=\"{}\">{}</th>",
            escape(&text(&control["title"])),
            escape(&text(&control["id"]))
        );
    }
    out.push_str("</tr></thead><tbody>");
    for threat in threats {
        let mitigations: Vec<String> = threat["mitigations"]
            .as_array()
            .map(|a| a.iter().map(text).collect())
            .unwrap_or_default();
        let verified = mitigations
            .iter()
            .any(|id| matches!(state(id), Some(State::Passing | State::Attested)));
        let (class, mark) = if verified {
            ("", "")
        } else {
            (" class=\"unmitigated\"", " <span class=\"tag fail\">✘ no verified mitigation</span>")
        };
        let _ = write!(
            out,
            "<tr{class}><th scope=\"row\">{} <small>{}</small>{mark}</th>",
            escape(&text(&threat["title"])),
            escape(&text(&threat["id"]))
        );
        for control in controls {
            let id = text(&control["id"]);
            if !mitigations.contains(&id) {
                out.push_str("<td></td>");
                continue;
            }
            let cell = match state(&id) {
                Some(State::Passing) => "<span class=\"tag pass\">✔ holds</span>".to_owned(),
                Some(State::Attested) => "<span class=\"tag pass\">✔ attested</span>".to_owned(),
                Some(State::Failing(why)) => {
                    format!("<span class=\"tag fail\">✘ fails</span> {}", escape(why))
                }
                Some(State::NotMeasured(why)) => {
                    format!("<span class=\"tag unmeasured\">– not measured</span> {}", escape(why))
                }
                None => "<span class=\"tag unmeasured\">? unknown</span>".to_owned(),
            };
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

fn exceptions(out: &mut String, m: &Value) {
    let Some(exceptions) = m["exceptions"].as_array().filter(|e| !e.is_empty()) else { return };
    out.push_str(
        "<h3>Accepted risks</h3><div class=\"scroll\"><table class=\"sortable\"><thead><tr><th scope=\"col\">Accepts</th><th scope=\"col\">Package</th>\
         <th scope=\"col\">Owner</th><th scope=\"col\">Reason</th><th scope=\"col\">Expires</th><th scope=\"col\">Days left</th></tr></thead><tbody>",
    );
    for e in exceptions {
        let target = [text(&e["advisory"]), text(&e["finding"])].join(" ");
        let days = e["days_left"].as_i64().unwrap_or_default();
        let left = if e["expired"].as_bool().unwrap_or(false) {
            format!(
                "<span class=\"tag fail\">✘ expired {} ago</span>",
                crate::plural::count(days.unsigned_abs() as usize, "day", "days")
            )
        } else {
            crate::plural::count(days.unsigned_abs() as usize, "day", "days")
        };
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\" data-sort=\"{days}\">{left}</td></tr>",
            escape(target.trim()),
            escape(&text(&e["package"])),
            escape(&text(&e["owner"])),
            escape(&text(&e["reason"])),
            escape(&text(&e["expires"])),
        );
    }
    out.push_str("</tbody></table></div>");
}
