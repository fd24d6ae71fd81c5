//! Every layer summary that puts a count before a noun, with counts 0, 1
//! and 2: "1 advisory matches concern packages" was the bug.

use super::subcheck::SubCheck;
use crate::finding::{Finding, Severity};

/// Fails when a 1 is followed by a plural noun, or a 0 or 2 by a singular one.
fn agrees(text: &str) {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == '(').collect();
    for pair in words.windows(2) {
        let noun = pair[1].trim_end_matches([',', ';', ')', ':']);
        if pair[0] == "1" {
            let plural = ["packages", "matches", "vulnerabilities", "notices", "sub-checks"];
            assert!(!plural.contains(&noun), "{text}");
        } else if pair[0] == "0" || pair[0] == "2" {
            let singular = ["package", "match", "vulnerability", "notice", "sub-check"];
            assert!(!singular.contains(&noun), "{text}");
        }
    }
}

fn findings(code: &'static crate::codes::CodeDoc, n: usize) -> Vec<Finding> {
    (0..n).map(|_| Finding::new(code, Severity::Warning, "x")).collect()
}

fn passing(n: usize) -> Vec<SubCheck> {
    (0..n).map(|_| SubCheck::scored("sub", "Sub", 1.0, 10.0, "ok")).collect()
}

#[test]
fn one_advisory_matches_concern_packages_is_pluralised() {
    assert_eq!(
        super::advisories::outside_resolve_line(1),
        "1 advisory match concerns a package outside cargo metadata's default resolve (scope `lockfile`)"
    );
    assert!(
        super::advisories::outside_resolve_line(2)
            .starts_with("2 advisory matches concern packages ")
    );
    for n in 0..=2 {
        agrees(&super::advisories::outside_resolve_line(n));
        agrees(&super::advisories::summary(&[], n));
        agrees(&super::advisories::summary(
            &findings(&super::advisories::docs::VULNERABILITY, n),
            7,
        ));
        agrees(&super::advisories::summary(&findings(&super::advisories::docs::NOTICE, n), 7));
        agrees(&super::unsafe_code::report::summary(n, n, 0));
        agrees(&super::unsafe_code::report::summary(0, n, n));
        agrees(&super::supply_chain::summary(&passing(n)));
        agrees(&super::posture::summary(&passing(n)));
    }
    assert_eq!(super::advisories::summary(&[], 1), "no advisories for 1 crates.io package");
    assert_eq!(
        super::unsafe_code::report::summary(1, 1, 0),
        "1 of 1 package contains no unsafe code"
    );
    assert_eq!(
        super::unsafe_code::report::summary(0, 2, 0),
        "0 of 2 packages contain no unsafe code"
    );
    assert_eq!(super::posture::summary(&passing(1)), "the 1 applicable sub-check passes");
}
