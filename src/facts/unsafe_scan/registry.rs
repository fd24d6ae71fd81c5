//! Locating crates.io sources when cargo metadata could not resolve the graph
//! (for instance `--offline` with another platform's dependencies not
//! downloaded): the unpacked sources under `$CARGO_HOME/registry/src/*/` are
//! still read, with targets inferred as cargo does (`[lib] path` or
//! `src/lib.rs`, `[[bin]] path` or `src/main.rs`, `build` or `build.rs`).

use crate::workspace::Target;
use std::path::{Path, PathBuf};

/// The unpacked registry source directories (`$CARGO_HOME/registry/src/*`).
pub fn source_dirs() -> Vec<PathBuf> {
    let Ok(home) = home::cargo_home() else { return Vec::new() };
    let Ok(entries) = std::fs::read_dir(home.join("registry").join("src")) else {
        return Vec::new();
    };
    entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect()
}

/// The manifest and inferred targets of `name-version`, if its source is unpacked.
pub fn locate(dirs: &[PathBuf], name: &str, version: &str) -> Option<(PathBuf, Vec<Target>)> {
    let (manifest, table) = manifest(dirs, name, version)?;
    let targets = targets(name, &manifest, &table);
    Some((manifest, targets))
}

/// The path and parsed contents of `name-version`'s Cargo.toml, if its source is unpacked.
pub fn manifest(dirs: &[PathBuf], name: &str, version: &str) -> Option<(PathBuf, toml::Table)> {
    let dir = dirs.iter().map(|d| d.join(format!("{name}-{version}"))).find(|d| d.is_dir())?;
    let manifest = dir.join("Cargo.toml");
    let table: toml::Table = std::fs::read_to_string(&manifest).ok()?.parse().ok()?;
    Some((manifest, table))
}

/// The targets cargo infers from a package's manifest (`[lib] path` or
/// `src/lib.rs`, `[[bin]] path` or `src/main.rs`, `build` or `build.rs`).
pub fn targets(name: &str, manifest: &Path, table: &toml::Table) -> Vec<Target> {
    let dir = manifest.parent().unwrap_or(manifest);
    let mut targets = Vec::new();
    let mut add = |kind: &str, path: PathBuf| {
        if path.is_file() {
            targets.push(Target {
                name: name.to_owned(),
                kinds: vec![kind.to_owned()],
                src_path: path,
            });
        }
    };
    let lib = table.get("lib").and_then(|l| l.get("path")).and_then(toml::Value::as_str);
    add("lib", dir.join(lib.unwrap_or("src/lib.rs")));
    let bins: Vec<&str> = table
        .get("bin")
        .and_then(toml::Value::as_array)
        .map(|bins| bins.iter().filter_map(|b| b.get("path")?.as_str()).collect())
        .unwrap_or_default();
    if bins.is_empty() {
        add("bin", dir.join("src/main.rs"));
    }
    for bin in bins {
        add("bin", dir.join(bin));
    }
    match table.get("package").and_then(|p| p.get("build")) {
        Some(toml::Value::String(build)) => add("custom-build", dir.join(build)),
        Some(toml::Value::Boolean(false)) => {}
        _ => add("custom-build", dir.join("build.rs")),
    }
    targets
}
