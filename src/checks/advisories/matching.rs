//! Matching lockfile packages against the RustSec database, as cargo-audit does:
//! every `[[package]]` of `Cargo.lock` from crates.io, every non-withdrawn
//! advisory of the `crates` collection whose versions cover it.

use super::docs;
use crate::codes::CodeDoc;
use crate::db::AdvisoryIndex;
use crate::workspace::{PackageFacts, Workspace};
use rustsec::advisory::{Advisory, Informational};
use rustsec::database::Query;

/// What an advisory says about a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A security vulnerability.
    Vulnerability,
    /// Unsound API: undefined behaviour reachable from safe code.
    Unsound,
    /// The crate is no longer maintained.
    Unmaintained,
    /// Something users should know (e.g. a crate was renamed or compromised and removed).
    Notice,
}

impl Kind {
    /// The finding code (also the advisory kind in JSON).
    pub fn code(self) -> &'static CodeDoc {
        match self {
            Kind::Vulnerability => &docs::VULNERABILITY,
            Kind::Unsound => &docs::UNSOUND,
            Kind::Unmaintained => &docs::UNMAINTAINED,
            Kind::Notice => &docs::NOTICE,
        }
    }

    /// The kind of an advisory; `None` for informational kinds cargo-audit does
    /// not report either (`informational = "other-thing"`).
    fn of(advisory: &Advisory) -> Option<Self> {
        match &advisory.metadata.informational {
            None => Some(Kind::Vulnerability),
            Some(Informational::Unsound) => Some(Kind::Unsound),
            Some(Informational::Unmaintained) => Some(Kind::Unmaintained),
            Some(Informational::Notice) => Some(Kind::Notice),
            Some(_) => None,
        }
    }
}

/// One advisory that covers one lockfile package.
#[derive(Debug)]
pub struct Match<'a> {
    /// The advisory.
    pub advisory: &'a Advisory,
    /// The package it covers.
    pub package: &'a PackageFacts,
    /// What kind of problem it is.
    pub kind: Kind,
}

/// Every advisory covering a crates.io package of the lockfile, in lockfile order.
pub fn matches<'a>(database: &'a AdvisoryIndex, workspace: &'a Workspace) -> Vec<Match<'a>> {
    let mut found = Vec::new();
    // `packages` holds one entry per lockfile package, in lockfile order.
    for (locked, package) in workspace.lockfile.packages.iter().zip(&workspace.packages) {
        // Only crates.io packages: a git, path or other-registry package that
        // shares a name with a RustSec crate is a different crate.
        if !locked.source.as_ref().is_some_and(rustsec::SourceId::is_default_registry) {
            continue;
        }
        let query =
            Query::new().collection(rustsec::Collection::Crates).withdrawn(false).package(locked);
        for advisory in database.query(locked.name.as_str(), &query) {
            if let Some(kind) = Kind::of(advisory) {
                found.push(Match { advisory, package, kind });
            }
        }
    }
    found
}
