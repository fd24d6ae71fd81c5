//! The scanned checkout's cargo configuration, read as data and never handed
//! to cargo whole.
//!
//! cargo reads `.cargo/config.toml` from its working directory and every
//! directory above it, and much of what it finds there runs programs: `[env]`
//! reaches the rustc processes `cargo metadata` starts (`LD_PRELOAD` loads a
//! library of the checkout's into them), `[build] rustflags` are passed to
//! that rustc, credential providers run when a registry asks for a token,
//! `[net] git-fetch-with-cli` starts `git`. So cargo secure runs cargo from
//! `/`, where it reads only the user's own `$CARGO_HOME/config.toml`, and
//! passes on with `--config` just the keys that say where packages come from:
//! `[source]` replacement (vendoring, mirrors) and `[registries.NAME]`
//! `index`/`protocol` (alternative registries that `Cargo.toml` names). Those
//! are paths and URLs, so the graph stays the one a build would see.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How deep `include` chains are followed.
const MAX_INCLUDE_DEPTH: usize = 8;
/// Config files larger than this are skipped (cargo would read them; we do not
/// need their package sources to be right to stay safe).
const MAX_FILE_BYTES: u64 = 1 << 20;

/// `[source.NAME]` keys passed on: where a replacement source is.
const SOURCE_KEYS: &[&str] =
    &["replace-with", "directory", "local-registry", "registry", "git", "branch", "tag", "rev"];
/// The keys among them that hold a path relative to the configuration.
const PATH_KEYS: &[&str] = &["directory", "local-registry"];
/// `[registries.NAME]` keys passed on.
const REGISTRY_KEYS: &[&str] = &["index", "protocol"];

/// What cargo is told of the checkout's configuration.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PassedOn {
    /// `--config KEY=VALUE` arguments, in a stable order.
    pub args: Vec<String>,
    /// Every registry name cargo can know of, whose credential provider must
    /// be switched off: the ones passed on, the user's own and the ones the
    /// environment defines (`CARGO_REGISTRIES_NAME_INDEX`).
    pub registries: BTreeSet<String>,
}

/// Reads the configuration cargo would read when started in `start` (the
/// directory of the scanned manifest), except `$CARGO_HOME`'s, which cargo
/// still reads itself.
pub fn passed_on(start: &Path, cargo_home: Option<&Path>) -> PassedOn {
    let home_files: Vec<PathBuf> = cargo_home
        .map(|home| vec![home.join("config.toml"), home.join("config")])
        .unwrap_or_default();
    let mut values = BTreeMap::new();
    // Farthest first, so a nearer directory's value wins, as in cargo.
    let dirs: Vec<&Path> = start.ancestors().collect();
    for dir in dirs.into_iter().rev() {
        if let Some(file) = config_file(&dir.join(".cargo")).filter(|f| !home_files.contains(f)) {
            read_into(&file, 0, &mut values);
        }
    }
    let mut home_values = BTreeMap::new();
    for file in home_files.iter().filter(|f| f.is_file()) {
        read_into(file, 0, &mut home_values);
    }
    let mut registries: BTreeSet<String> =
        registry_names(&values).chain(registry_names(&home_values)).collect();
    registries.extend(std::env::vars_os().filter_map(|(key, _)| {
        let key = key.into_string().ok()?;
        let name = key.strip_prefix("CARGO_REGISTRIES_")?.strip_suffix("_INDEX")?;
        Some(name.to_ascii_lowercase())
    }));
    let args = values
        .into_iter()
        .map(|((table, name, key), value)| format!("{table}.{}.{key}={value}", toml_key(&name)))
        .collect();
    PassedOn { args, registries }
}

/// The environment variable prefix cargo uses for registry `name`.
pub fn registry_env(name: &str) -> String {
    let upper: String =
        name.chars().map(|c| if c == '-' { '_' } else { c.to_ascii_uppercase() }).collect();
    format!("CARGO_REGISTRIES_{upper}")
}

/// The config file of a `.cargo` directory: cargo prefers the legacy `config`
/// when both exist.
fn config_file(dot_cargo: &Path) -> Option<PathBuf> {
    ["config", "config.toml"].iter().map(|name| dot_cargo.join(name)).find(|p| p.is_file())
}

type Values = BTreeMap<(String, String, String), String>;

fn registry_names(values: &Values) -> impl Iterator<Item = String> + '_ {
    values.keys().filter(|(table, ..)| table == "registries").map(|(_, name, _)| name.clone())
}

/// Reads the passed-on keys of `file` (and what it includes) into `values`;
/// the file's own values win over its includes'.
fn read_into(file: &Path, depth: usize, values: &mut Values) {
    let Some(table) = read_table(file) else { return };
    let base = file.parent().unwrap_or(Path::new("/"));
    if depth < MAX_INCLUDE_DEPTH {
        for include in includes(&table) {
            read_into(&base.join(include), depth + 1, values);
        }
    }
    // Paths are relative to the directory holding `.cargo/`.
    let relative_to = base.parent().unwrap_or(base);
    for (section, keys) in [("source", SOURCE_KEYS), ("registries", REGISTRY_KEYS)] {
        let Some(entries) = table.get(section).and_then(toml::Value::as_table) else { continue };
        for (name, entry) in entries {
            let Some(entry) = entry.as_table() else { continue };
            for key in keys.iter().copied() {
                let Some(text) = entry.get(key).and_then(toml::Value::as_str) else { continue };
                let value = if PATH_KEYS.contains(&key) {
                    relative_to.join(text).to_string_lossy().into_owned()
                } else {
                    text.to_owned()
                };
                let quoted = toml::Value::String(value).to_string();
                values.insert((section.to_owned(), name.clone(), key.to_owned()), quoted);
            }
        }
    }
}

fn read_table(file: &Path) -> Option<toml::Table> {
    let size = std::fs::metadata(file).ok()?.len();
    if size > MAX_FILE_BYTES {
        return None;
    }
    std::fs::read_to_string(file).ok()?.parse().ok()
}

/// The files an `include` key names: a string, or an array of strings and
/// `{ path = "..." }` tables.
fn includes(table: &toml::Table) -> Vec<String> {
    let one = |value: &toml::Value| match value {
        toml::Value::String(path) => Some(path.clone()),
        toml::Value::Table(t) => t.get("path").and_then(toml::Value::as_str).map(str::to_owned),
        _ => None,
    };
    match table.get("include") {
        Some(toml::Value::Array(items)) => items.iter().filter_map(one).collect(),
        Some(value) => one(value).into_iter().collect(),
        None => Vec::new(),
    }
}

/// A TOML key segment: bare when it can be, quoted otherwise.
fn toml_key(name: &str) -> String {
    let bare =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { name.to_owned() } else { toml::Value::String(name.to_owned()).to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    #[test]
    fn only_where_packages_come_from_is_passed_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(
            &root.join(".cargo/config.toml"),
            r#"
            include = ["more.toml", { path = "missing.toml", optional = true }]
            [env]
            LD_PRELOAD = { value = "trap.so", relative = true, force = true }
            [build]
            rustflags = ["-Zcodegen-backend=trap.so"]
            rustc-wrapper = "./wrap.sh"
            [net]
            git-fetch-with-cli = true
            [source.crates-io]
            replace-with = "vendored"
            [source.vendored]
            directory = "vendor"
            [registries.private]
            index = "sparse+https://example.org/index/"
            credential-provider = ["./cred.sh"]
            "#,
        );
        write(
            &root.join(".cargo/more.toml"),
            "[source.vendored]\ndirectory = \"overridden\"\n[registries.\"odd name\"]\nindex = \"x\"\n",
        );
        write(&root.join("ws/.cargo/config"), "[registries.private]\nprotocol = \"sparse\"\n");
        let passed = passed_on(&root.join("ws"), None);
        let vendor = root.join("vendor").to_string_lossy().into_owned();
        assert_eq!(
            passed.args,
            [
                "registries.\"odd name\".index=\"x\"".to_owned(),
                "registries.private.index=\"sparse+https://example.org/index/\"".to_owned(),
                "registries.private.protocol=\"sparse\"".to_owned(),
                "source.crates-io.replace-with=\"vendored\"".to_owned(),
                format!("source.vendored.directory={}", toml::Value::String(vendor)),
            ]
        );
        assert!(passed.registries.contains("private") && passed.registries.contains("odd name"));
    }

    #[test]
    fn registry_names_become_cargo_environment_prefixes() {
        assert_eq!(registry_env("my-private_reg"), "CARGO_REGISTRIES_MY_PRIVATE_REG");
    }
}
