//! One item of `extends`, as written in `secure.toml` or a policy; resolved
//! by [`super::extends`].

use super::reader::{At, Reader, Value, get, kind};
use toml::de::DeValue;

/// One item of `extends`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extend {
    /// A file, relative to the file naming it or absolute.
    Path(String),
    /// `{ url = "https://...", sha256 = "..." }`: a policy fetched over HTTPS.
    Url {
        /// Where it is fetched from.
        url: String,
        /// The SHA-256 of its bytes, lowercase hex; unpinned when absent.
        sha256: Option<String>,
    },
}

/// Reads `extends = ["path", ...]`.
pub fn list(r: &mut Reader<'_>, v: &Value<'_>) -> Vec<At<Extend>> {
    let DeValue::Array(items) = v.get_ref() else {
        r.error(
            v.span().start,
            format!(
                "`extends` must be an array of paths and URL tables, found {}",
                kind(v.get_ref())
            ),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            if let DeValue::Table(t) = item.get_ref() {
                let value = url(r, t, item.span().start)?;
                return Some(At { value, pos: r.pos(item.span().start) });
            }
            let path = r.string(item, "each item of `extends`")?;
            Some(At { value: Extend::Path(path.value), pos: path.pos })
        })
        .collect()
}

/// `{ url = "https://...", sha256 = "<64 hex digits>" }`.
fn url(r: &mut Reader<'_>, t: &toml::de::DeTable<'_>, at: usize) -> Option<Extend> {
    r.only_keys(t, &["url", "sha256"], "an `extends` table");
    let Some(v) = get(t, "url") else {
        r.missing(at, "url", "an `extends` table");
        return None;
    };
    let url = r.string(v, "`url`")?.value;
    if !url.starts_with("https://") && !url.starts_with("http://") {
        r.error(v.span().start, format!("`url` = \"{url}\" must be an https:// URL"));
        return None;
    }
    let sha256 = match get(t, "sha256") {
        Some(v) => {
            let hex = r.string(v, "`sha256`")?.value.to_lowercase();
            if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                r.error(
                    v.span().start,
                    "`sha256` must be 64 hexadecimal digits (the SHA-256 of the policy file)",
                );
                return None;
            }
            Some(hex)
        }
        None => None,
    };
    Some(Extend::Url { url, sha256 })
}
