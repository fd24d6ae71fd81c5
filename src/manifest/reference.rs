//! One item of `extends`, as written in `secure.toml` or a policy; resolved
//! by [`super::extends`].

use super::reader::{At, Reader, Value, kind};
use toml::de::DeValue;

/// One item of `extends`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extend {
    /// A file, relative to the file naming it or absolute.
    Path(String),
}

impl std::fmt::Display for Extend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Extend::Path(path) => write!(f, "\"{path}\""),
        }
    }
}

/// Reads `extends = ["path", ...]`.
pub fn list(r: &mut Reader<'_>, v: &Value<'_>) -> Vec<At<Extend>> {
    let DeValue::Array(items) = v.get_ref() else {
        r.error(
            v.span().start,
            format!("`extends` must be an array of paths, found {}", kind(v.get_ref())),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let path = r.string(item, "each item of `extends`")?;
            Some(At { value: Extend::Path(path.value), pos: path.pos })
        })
        .collect()
}
