//! Sub-check `binary-artifacts`: executables, libraries and object files
//! checked into the repository cannot be reviewed and may not match their
//! source. Files are recognised by their first bytes (ELF, PE, Mach-O,
//! ar archives, WebAssembly, Java classes) and by extension; only files whose
//! extension is not a known text or media type are opened, so the scan stays
//! fast on large repositories. `.gitignore`d build output is not listed.

use super::SubOutcome;
use crate::checks::posture::docs::BINARY_ARTIFACT;
use crate::checks::subcheck::{SubCheck, weight};
use crate::finding::{Finding, Location, Severity};
use crate::plural::count;
use crate::repo::{Repo, RepoFile};

/// Sub-check id.
pub const ID: &str = "binary-artifacts";
const TITLE: &str = "No binary artifacts";
const BINARY_EXTENSIONS: &[&str] = &[
    "exe", "dll", "so", "dylib", "o", "obj", "a", "lib", "class", "jar", "pyc", "wasm", "rlib",
    "bin",
];
/// Extensions never opened: source, text and media.
const TEXT_EXTENSIONS: &[&str] = &[
    "rs",
    "toml",
    "lock",
    "md",
    "txt",
    "json",
    "yml",
    "yaml",
    "html",
    "css",
    "js",
    "ts",
    "py",
    "sh",
    "c",
    "h",
    "cc",
    "cpp",
    "hpp",
    "go",
    "java",
    "rb",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "ico",
    "snap",
    "csv",
    "xml",
    "in",
    "cfg",
    "ini",
    "rst",
    "adoc",
    "gitignore",
    "gitattributes",
    "ron",
    "proto",
    "sql",
    "diff",
    "patch",
];
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x7fELF", "ELF executable or library"),
    (b"MZ", "Windows PE executable"),
    (b"\xfe\xed\xfa\xce", "Mach-O binary"),
    (b"\xfe\xed\xfa\xcf", "Mach-O binary"),
    (b"\xce\xfa\xed\xfe", "Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "Mach-O binary"),
    (b"\xca\xfe\xba\xbe", "Mach-O universal binary or Java class"),
    (b"!<arch>\n", "static library (ar archive)"),
    (b"\0asm", "WebAssembly module"),
];

/// Lists the binary artifacts.
pub fn check(repo: &Repo) -> SubOutcome {
    let mut findings = Vec::new();
    for file in &repo.files {
        if let Some(kind) = kind(repo, file) {
            findings.push(
                Finding::new(&BINARY_ARTIFACT, Severity::Warning, format!("{} is a checked-in {kind}", file.rel))
                    .at(Location::file(&file.rel))
                    .fix("build it from source in CI instead, or document where it comes from and accept it in secure.toml"),
            );
        }
    }
    let score = (10.0 - findings.len() as f64).max(0.0);
    let summary = match findings.len() {
        0 => format!("no binary artifacts among {}", count(repo.files.len(), "file", "files")),
        n => format!("{} checked in", count(n, "binary artifact", "binary artifacts")),
    };
    SubOutcome::new(SubCheck::scored(ID, TITLE, weight::HIGH, score, summary), findings)
}

/// What kind of binary the file is, if it is one.
fn kind(repo: &Repo, file: &RepoFile) -> Option<&'static str> {
    let name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if let Some(ext) = &ext {
        if TEXT_EXTENSIONS.contains(&ext.as_str()) {
            return None;
        }
        if BINARY_EXTENSIONS.contains(&ext.as_str()) && file.size > 0 {
            return Some("binary file (by extension)");
        }
    }
    if file.size < 4 {
        return None;
    }
    let head = repo.read_head(file, 8).ok()?;
    MAGIC.iter().find(|(magic, _)| head.starts_with(magic)).map(|(_, kind)| *kind).filter(|kind| {
        // `MZ` alone is common text; require the PE layout's size at least.
        *kind != "Windows PE executable" || file.size >= 64
    })
}
