//! Cross-references: duplicate ids, dangling mitigations, unknown check ids,
//! and paths that would leave the repository.

use super::parse::Sections;
use super::reader::{At, Pos};
use super::schema::Evidence;
use std::collections::BTreeMap;
use std::path::{Component, Path};

/// Every cross-reference problem, with its position.
pub fn problems(s: &Sections, vocabulary: &super::known::Vocabulary) -> Vec<(Pos, String)> {
    let mut out = Vec::new();
    duplicates(s.threats.iter().map(|t| &t.id), "threat", &mut out);
    duplicates(s.controls.iter().map(|c| &c.id), "control", &mut out);
    let controls: Vec<&str> = s.controls.iter().map(|c| c.id.value.as_str()).collect();
    for threat in &s.threats {
        for m in &threat.mitigations {
            if !controls.contains(&m.value.as_str()) {
                out.push((
                    m.pos,
                    format!(
                        "threat `{}` names the control `{}`, which no [[controls]] entry defines",
                        threat.id.value, m.value
                    ),
                ));
            }
        }
    }
    let known = vocabulary.verify_ids();
    for control in &s.controls {
        if let Evidence::Verify(id) = &control.evidence
            && !id.is_empty()
            && !known.contains(&id.as_str())
        {
            out.push((
                control.id.pos,
                format!(
                    "control `{}` verifies with `{id}`, which is not a check cargo secure runs; known: {}",
                    control.id.value,
                    known.join(", ")
                ),
            ));
        }
    }
    out
}

fn duplicates<'a>(
    ids: impl Iterator<Item = &'a At<String>>,
    what: &str,
    out: &mut Vec<(Pos, String)>,
) {
    let mut seen: BTreeMap<&str, Pos> = BTreeMap::new();
    for id in ids {
        if let Some(first) = seen.get(id.value.as_str()) {
            out.push((
                id.pos,
                format!(
                    "duplicate {what} id `{}` (first defined at line {})",
                    id.value, first.line
                ),
            ));
        } else {
            seen.insert(&id.value, id.pos);
        }
    }
}

/// Whether a relative path stays inside the repository (checked lexically,
/// so it works for files that do not exist yet).
pub fn stays_inside(path: &str) -> bool {
    let mut depth: i32 = 0;
    for component in Path::new(path).components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    !path.starts_with('/') && !path.starts_with('\\')
}

#[cfg(test)]
mod tests {
    use super::stays_inside;

    #[test]
    fn paths_that_leave_the_repository_are_caught() {
        assert!(stays_inside("docs/threat-model.md"));
        assert!(stays_inside("docs/../SECURITY.md"));
        assert!(!stays_inside("../elsewhere.md"));
        assert!(!stays_inside("docs/../../x"));
        assert!(!stays_inside("/etc/passwd"));
    }
}
