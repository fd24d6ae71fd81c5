//! The advisory database loaded in parallel.
//!
//! `rustsec::Database::open` parses its ~1,200 advisory files one after the
//! other, which is most of a warm run. This index lists the same files, parses
//! them with rustsec's own `Advisory` parser on every core, applies the same
//! layout checks (file named after its id, directory named after its package,
//! collection from the path, placeholders skipped) and answers rustsec `Query`s
//! with rustsec's own `Query::matches`. Advisories are kept in path order so
//! every run lists them identically.

use rayon::prelude::*;
use rustsec::advisory::Advisory;
use rustsec::{Collection, database::Query};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Every advisory of a database directory, indexed by package name.
#[derive(Debug)]
pub struct AdvisoryIndex {
    advisories: Vec<Advisory>,
    by_package: HashMap<String, Vec<usize>>,
}

impl AdvisoryIndex {
    /// Loads the database at `path`; the error is one line naming the bad file.
    pub fn open(path: &Path) -> Result<Self, String> {
        let files = advisory_files(path)?;
        let loaded: Vec<Option<Advisory>> = files
            .par_iter()
            .map(|(file, collection)| load(file, *collection))
            .collect::<Result<_, _>>()?;
        let advisories: Vec<Advisory> = loaded.into_iter().flatten().collect();
        let mut by_package: HashMap<String, Vec<usize>> = HashMap::new();
        for (slot, advisory) in advisories.iter().enumerate() {
            by_package.entry(advisory.metadata.package.to_string()).or_default().push(slot);
        }
        Ok(AdvisoryIndex { advisories, by_package })
    }

    /// Every advisory, in path order.
    pub fn iter(&self) -> impl Iterator<Item = &Advisory> {
        self.advisories.iter()
    }

    /// The advisories for the package `name` that `query` matches.
    pub fn query(&self, name: &str, query: &Query) -> Vec<&Advisory> {
        let slots = self.by_package.get(name).map(Vec::as_slice).unwrap_or_default();
        slots.iter().map(|&slot| &self.advisories[slot]).filter(|a| query.matches(a)).collect()
    }
}

/// The advisory files under `crates/` and (when present) `rust/`, sorted.
fn advisory_files(root: &Path) -> Result<Vec<(PathBuf, Collection)>, String> {
    let mut files = Vec::new();
    for collection in Collection::all() {
        let dir = root.join(collection.as_str());
        let packages = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(_) if *collection == Collection::Rust => continue,
            Err(e) => return Err(format!("{}: {e}", dir.display())),
        };
        for package in packages {
            let package = package.map_err(|e| format!("{}: {e}", dir.display()))?;
            if !package.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let entries = std::fs::read_dir(package.path())
                .map_err(|e| format!("{}: {e}", package.path().display()))?;
            for entry in entries {
                let path = entry.map_err(|e| format!("{}: {e}", package.path().display()))?.path();
                let hidden =
                    path.file_name().and_then(|f| f.to_str()).is_some_and(|f| f.starts_with('.'));
                if !hidden {
                    files.push((path, *collection));
                }
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Parses one advisory file with rustsec's checks; `None` for placeholders.
fn load(path: &Path, collection: Collection) -> Result<Option<Advisory>, String> {
    let mut advisory =
        Advisory::load_file(path).map_err(|e| crate::workspace::one_line(&e.to_string()))?;
    let id = advisory.metadata.id.to_string();
    if path.extension().and_then(|e| e.to_str()) != Some("md") {
        return Err(format!("unexpected file extension: {}", path.display()));
    }
    let named_after_id = path.file_name().and_then(|f| f.to_str()) == Some(&format!("{id}.md"));
    if !named_after_id && !Advisory::is_draft(path) {
        return Err(format!("expected {} to be named {id}.md", path.display()));
    }
    let package_dir = path.parent().and_then(Path::file_name).and_then(|f| f.to_str());
    if package_dir != Some(advisory.metadata.package.as_str()) {
        return Err(format!("expected {id} to be in a {} directory", advisory.metadata.package));
    }
    match advisory.metadata.collection {
        Some(c) if c != collection => return Err(format!("collection mismatch for {id}")),
        Some(_) => {}
        None => advisory.metadata.collection = Some(collection),
    }
    Ok((!advisory.metadata.id.is_placeholder()).then_some(advisory))
}
