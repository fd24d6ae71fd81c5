//! A package's declared licence for an SBOM: a valid SPDX expression is kept
//! as one, Cargo's legacy `MIT/Apache-2.0` is read as `MIT OR Apache-2.0`,
//! and anything else is kept as a licence name, never guessed at.

/// A declared licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Licence {
    /// A valid SPDX licence expression (strict syntax).
    Expression(String),
    /// A string that is not an SPDX expression, kept as written.
    Name(String),
}

impl Licence {
    /// Classifies a `license` field; `None` when it is absent or blank.
    pub fn of(declared: Option<&str>) -> Option<Self> {
        let text = declared?.trim();
        if text.is_empty() {
            return None;
        }
        if spdx::Expression::parse(text).is_ok() {
            return Some(Licence::Expression(text.to_owned()));
        }
        // Cargo documents `/` as the old spelling of OR; nothing else is rewritten.
        let slashes = text.split('/').map(str::trim).collect::<Vec<_>>().join(" OR ");
        if text.contains('/') && spdx::Expression::parse(&slashes).is_ok() {
            return Some(Licence::Expression(slashes));
        }
        Some(Licence::Name(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spdx_expressions_are_kept_and_other_strings_stay_names() {
        let of = |text: &str| Licence::of(Some(text));
        assert_eq!(of("MIT OR Apache-2.0"), Some(Licence::Expression("MIT OR Apache-2.0".into())));
        assert_eq!(of("MIT/Apache-2.0"), Some(Licence::Expression("MIT OR Apache-2.0".into())));
        assert_eq!(
            of("Apache-2.0 WITH LLVM-exception"),
            Some(Licence::Expression("Apache-2.0 WITH LLVM-exception".into()))
        );
        assert_eq!(of("apache"), Some(Licence::Name("apache".into())));
        assert_eq!(of("Proprietary, ask us"), Some(Licence::Name("Proprietary, ask us".into())));
        assert_eq!(of("  "), None);
        assert_eq!(Licence::of(None), None);
    }
}
