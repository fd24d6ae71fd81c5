//! The advisory database, listed at once and parsed on demand in parallel.
//!
//! `rustsec::Database::open` reads and parses its ~1,200 advisory files one
//! after the other, which is most of a warm run, although a workspace's
//! `Cargo.lock` names only a few hundred crates and RustSec covers a fraction
//! of them. This index lists the files (one directory read per crate), then
//! parses only the files it is asked for — the crates in the lockfile, and the
//! most recent ids when the database's date must come from its advisories —
//! with rustsec's own `Advisory` parser on every core. It applies rustsec's
//! layout checks (file named after its id, directory named after its package,
//! collection from the path, placeholders skipped) and answers rustsec
//! `Query`s with rustsec's own `Query::matches`. Parsed advisories are kept in
//! path order so every run lists them identically.

use rayon::prelude::*;
use rustsec::advisory::Advisory;
use rustsec::{Collection, database::Query};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The id of a placeholder or draft advisory, never loaded.
const PLACEHOLDER: &str = "RUSTSEC-0000-0000";

/// One advisory file found by listing the database.
#[derive(Debug)]
struct AdvisoryFile {
    path: PathBuf,
    collection: Collection,
    /// The directory it is in: the package it covers.
    package: String,
    /// Its file name without `.md`: the advisory id.
    id: String,
}

/// The advisory files of a database directory and those parsed so far.
#[derive(Debug)]
pub struct AdvisoryIndex {
    files: Vec<AdvisoryFile>,
    /// Every directory listed to find them.
    dirs: Vec<PathBuf>,
    /// Parsed advisories with the slot of their file, in path order.
    advisories: Vec<(usize, Advisory)>,
    by_package: HashMap<String, Vec<usize>>,
    parsed: HashSet<usize>,
}

impl AdvisoryIndex {
    /// Lists the database at `path` without parsing it; the error is one line.
    pub fn open(path: &Path) -> Result<Self, String> {
        let (files, dirs) = advisory_files(path)?;
        Ok(AdvisoryIndex {
            files,
            dirs,
            advisories: Vec::new(),
            by_package: HashMap::new(),
            parsed: HashSet::new(),
        })
    }

    /// Parses every advisory; the error is one line naming the bad file.
    pub fn parse_all(&mut self) -> Result<(), String> {
        self.parse_where(|_, _| true)
    }

    /// Parses the advisories of the crates named in `packages`, and the
    /// `newest` most recent advisory ids (for the database's date).
    pub fn parse_for<'a>(
        &mut self,
        packages: impl IntoIterator<Item = &'a str>,
        newest: usize,
    ) -> Result<(), String> {
        let names: HashSet<&str> = packages.into_iter().collect();
        let mut by_id: Vec<usize> = (0..self.files.len()).collect();
        by_id.sort_by_cached_key(|slot| std::cmp::Reverse(id_order(&self.files[*slot].id)));
        let recent: HashSet<usize> = by_id.into_iter().take(newest).collect();
        self.parse_where(|slot, file| {
            recent.contains(&slot)
                || (file.collection == Collection::Crates && names.contains(file.package.as_str()))
        })
    }

    fn parse_where(&mut self, wanted: impl Fn(usize, &AdvisoryFile) -> bool) -> Result<(), String> {
        let slots: Vec<usize> = (0..self.files.len())
            .filter(|slot| !self.parsed.contains(slot) && wanted(*slot, &self.files[*slot]))
            .collect();
        let loaded: Vec<(usize, Option<Advisory>)> = slots
            .par_iter()
            .map(|&slot| load(&self.files[slot]).map(|advisory| (slot, advisory)))
            .collect::<Result<_, _>>()?;
        self.parsed.extend(slots);
        let fresh = loaded.into_iter().filter_map(|(slot, a)| a.map(|a| (slot, a)));
        self.advisories.extend(fresh);
        self.advisories.sort_by_key(|(slot, _)| *slot);
        self.by_package.clear();
        for (at, (_, advisory)) in self.advisories.iter().enumerate() {
            self.by_package.entry(advisory.metadata.package.to_string()).or_default().push(at);
        }
        Ok(())
    }

    /// What this index has read so far: every directory it listed and every
    /// advisory file it parsed (for `crate::replay`).
    pub fn read(&self) -> Vec<PathBuf> {
        let mut read = self.dirs.clone();
        let mut parsed: Vec<usize> = self.parsed.iter().copied().collect();
        parsed.sort_unstable();
        read.extend(parsed.into_iter().map(|slot| self.files[slot].path.clone()));
        read
    }

    /// How many advisories the database holds (parsed or not).
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the database holds no advisory at all.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every advisory parsed so far, in path order.
    pub fn iter(&self) -> impl Iterator<Item = &Advisory> {
        self.advisories.iter().map(|(_, advisory)| advisory)
    }

    /// The advisories for the package `name` that `query` matches (among
    /// those parsed: ask [`Self::parse_for`] for the package first).
    pub fn query(&self, name: &str, query: &Query) -> Vec<&Advisory> {
        let slots = self.by_package.get(name).map(Vec::as_slice).unwrap_or_default();
        slots.iter().map(|&at| &self.advisories[at].1).filter(|a| query.matches(a)).collect()
    }
}

/// `RUSTSEC-2024-0012` as `(2024, 12)`, for ordering ids by recency.
fn id_order(id: &str) -> (u32, u32) {
    let mut parts = id.rsplit('-').filter_map(|p| p.parse::<u32>().ok());
    let number = parts.next().unwrap_or(0);
    (parts.next().unwrap_or(0), number)
}

/// The advisory files under `crates/` and (when present) `rust/`, sorted,
/// placeholders left out; and the directories listed to find them.
fn advisory_files(root: &Path) -> Result<(Vec<AdvisoryFile>, Vec<PathBuf>), String> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for collection in Collection::all() {
        let dir = root.join(collection.as_str());
        dirs.push(dir.clone());
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
            dirs.push(package.path());
            for entry in entries {
                let path = entry.map_err(|e| format!("{}: {e}", package.path().display()))?.path();
                let name = path.file_name().map(|f| f.to_string_lossy().into_owned());
                let name = name.unwrap_or_default();
                if name.starts_with('.') {
                    continue;
                }
                let Some(id) = name.strip_suffix(".md") else {
                    return Err(format!("unexpected file extension: {}", path.display()));
                };
                if id == PLACEHOLDER || Advisory::is_draft(&path) {
                    continue;
                }
                files.push(AdvisoryFile {
                    id: id.to_owned(),
                    package: package.file_name().to_string_lossy().into_owned(),
                    collection: *collection,
                    path,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    dirs.sort();
    Ok((files, dirs))
}

/// Parses one advisory file with rustsec's checks; `None` for placeholders.
fn load(file: &AdvisoryFile) -> Result<Option<Advisory>, String> {
    let (path, collection) = (file.path.as_path(), file.collection);
    let mut advisory =
        Advisory::load_file(path).map_err(|e| crate::workspace::one_line(&e.to_string()))?;
    let id = advisory.metadata.id.to_string();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> AdvisoryIndex {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/advisory-db");
        AdvisoryIndex::open(&root).expect("fixture DB lists")
    }

    fn ids(index: &AdvisoryIndex) -> Vec<String> {
        index.iter().map(|a| a.metadata.id.to_string()).collect()
    }

    #[test]
    fn listing_parses_nothing_and_counts_everything() {
        let index = fixture();
        assert!(index.iter().next().is_none());
        assert_eq!(index.len(), index.files.len());
        assert!(index.len() >= 6);
    }

    #[test]
    fn only_the_named_crates_and_the_newest_ids_are_parsed() {
        let mut index = fixture();
        index.parse_for(["vulncrate"], 0).expect("parses");
        assert!(index.iter().all(|a| a.metadata.package.as_str() == "vulncrate"));
        assert!(!ids(&index).is_empty());

        let mut newest = fixture();
        newest.parse_for([], 1).expect("parses");
        let highest = newest.files.iter().map(|f| id_order(&f.id)).max().expect("files");
        assert_eq!(
            newest.iter().map(|a| id_order(a.metadata.id.as_str())).collect::<Vec<_>>(),
            [highest]
        );
    }

    #[test]
    fn parsing_more_keeps_path_order_and_parses_each_file_once() {
        let mut step = fixture();
        step.parse_for(["vulncrate"], 0).expect("parses");
        step.parse_for(["abandoned", "vulncrate"], 0).expect("parses");
        step.parse_all().expect("parses");
        let mut all = fixture();
        all.parse_all().expect("parses");
        assert_eq!(ids(&step), ids(&all));
    }
}
