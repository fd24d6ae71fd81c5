//! A concrete fix for an advisory finding.
//!
//! When a patched release is semver-compatible with the locked version,
//! `cargo update -p NAME@CUR --precise X` moves to it without touching any
//! manifest. Otherwise the requirement must change somewhere: in the member's
//! `Cargo.toml` for a direct dependency, else in the parent that pulls it in.

use crate::workspace::PackageFacts;
use rustsec::semver::{Comparator, Op, Prerelease, Version, VersionReq};

/// The fix for `package` given an advisory's patched requirements; `None`
/// when nothing is patched.
pub fn hint(package: &PackageFacts, patched: &[VersionReq]) -> Option<String> {
    if patched.is_empty() {
        return None;
    }
    let current = &package.version;
    let compatible = patched
        .iter()
        .filter_map(lowest_match)
        .filter(|candidate| candidate > current && compatible(current, candidate))
        .min();
    if let Some(version) = compatible {
        return Some(format!(
            "cargo update -p {}@{} --precise {version}",
            package.name, package.version
        ));
    }
    let wanted = requirements(patched);
    let name = &package.name;
    Some(match package.via.len() {
        0 | 1 => format!("upgrade {name} to a patched release ({wanted})"),
        2 => format!(
            "upgrade {name} in {}'s Cargo.toml to a patched release ({wanted}); it is not semver-compatible with {}",
            package.via[0], package.version
        ),
        len => format!(
            "upgrade {} (it pulls in {name} {}; patched: {wanted}, not semver-compatible)",
            package.via[len - 2],
            package.version
        ),
    })
}

/// The patched requirements as one phrase: `>= 1.2.3 or ^0.9.4`.
pub fn requirements(patched: &[VersionReq]) -> String {
    patched.iter().map(ToString::to_string).collect::<Vec<_>>().join(" or ")
}

/// Whether cargo treats `candidate` as a compatible update of `current`
/// (same major; same minor below 1.0; same patch below 0.1).
fn compatible(current: &Version, candidate: &Version) -> bool {
    match (current.major, current.minor) {
        (0, 0) => candidate.major == 0 && candidate.minor == 0 && candidate.patch == current.patch,
        (0, minor) => candidate.major == 0 && candidate.minor == minor,
        (major, _) => candidate.major == major,
    }
}

/// The lowest version a requirement accepts, when it has a lower bound.
fn lowest_match(req: &VersionReq) -> Option<Version> {
    let lowest = req.comparators.iter().filter_map(lower_bound).max()?;
    req.matches(&lowest).then_some(lowest)
}

fn lower_bound(comparator: &Comparator) -> Option<Version> {
    let (major, minor, patch) =
        (comparator.major, comparator.minor.unwrap_or(0), comparator.patch.unwrap_or(0));
    let mut version = match comparator.op {
        Op::Less | Op::LessEq => return None,
        Op::Greater => match (comparator.minor, comparator.patch) {
            (Some(_), Some(_)) => Version::new(major, minor, patch + 1),
            (Some(_), None) => Version::new(major, minor + 1, 0),
            _ => Version::new(major + 1, 0, 0),
        },
        _ => Version::new(major, minor, patch),
    };
    if comparator.op != Op::Greater {
        version.pre = comparator.pre.clone();
    } else {
        version.pre = Prerelease::EMPTY;
    }
    Some(version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Scope;
    use crate::workspace::SourceKind;

    fn package(name: &str, version: &str, via: &[&str]) -> PackageFacts {
        PackageFacts {
            name: name.to_owned(),
            version: version.parse().expect("version"),
            source: SourceKind::CratesIo,
            checksum: None,
            member: false,
            scope: Scope::Normal,
            via: via.iter().map(|s| (*s).to_owned()).collect(),
            id: None,
            manifest_path: None,
            targets: Vec::new(),
        }
    }

    fn reqs(list: &[&str]) -> Vec<VersionReq> {
        list.iter().map(|r| r.parse().expect("req")).collect()
    }

    #[test]
    fn compatible_patch_uses_cargo_update_precise() {
        let p = package("smallvec", "0.6.10", &["app", "smallvec"]);
        assert_eq!(
            hint(&p, &reqs(&[">= 0.6.13, < 1.0.0", ">= 1.6.1"])).as_deref(),
            Some("cargo update -p smallvec@0.6.10 --precise 0.6.13")
        );
        let p = package("time", "0.1.43", &["app", "chrono", "time"]);
        assert_eq!(
            hint(&p, &reqs(&["^0.1.45", ">= 0.2.23"])).as_deref(),
            Some("cargo update -p time@0.1.43 --precise 0.1.45")
        );
    }

    #[test]
    fn incompatible_patch_names_the_parent() {
        let p = package("smallvec", "0.2.1", &["app", "tokio", "smallvec"]);
        assert_eq!(
            hint(&p, &reqs(&[">= 0.6.13"])).as_deref(),
            Some(
                "upgrade tokio (it pulls in smallvec 0.2.1; patched: >=0.6.13, not semver-compatible)"
            )
        );
        let p = package("old", "0.1.0", &["app", "old"]);
        assert!(
            hint(&p, &reqs(&[">= 0.2.0"]))
                .is_some_and(|h| h.starts_with("upgrade old in app's Cargo.toml"))
        );
    }

    #[test]
    fn nothing_patched_means_no_fix() {
        assert_eq!(hint(&package("a", "1.0.0", &["app", "a"]), &[]), None);
    }
}
