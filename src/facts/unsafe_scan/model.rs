//! The values the unsafe-code layer computes: counts, sites and per-package results.

use super::modules::ModDecl;
use serde::{Deserialize, Serialize};

/// How much unsafe code a file, a crate or a package holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// `unsafe { ... }` blocks (nested blocks count each).
    pub blocks: u64,
    /// Free `unsafe fn`s.
    pub functions: u64,
    /// `unsafe fn`s in impls and traits.
    pub methods: u64,
    /// `unsafe impl`s.
    pub impls: u64,
    /// `unsafe trait`s.
    pub traits: u64,
    /// `extern` blocks, `unsafe extern` included.
    pub extern_blocks: u64,
    /// `static mut` items.
    pub static_mut: u64,
    /// `#[no_mangle]`, `#[export_name]`, `#[link_section]` and `#[unsafe(...)]`.
    pub attributes: u64,
    /// `unsafe` keywords in macro token streams (`macro_rules!` bodies, macro calls).
    pub in_macros: u64,
}

impl Counts {
    /// Adds another count to this one.
    pub fn add(&mut self, other: &Counts) {
        self.blocks += other.blocks;
        self.functions += other.functions;
        self.methods += other.methods;
        self.impls += other.impls;
        self.traits += other.traits;
        self.extern_blocks += other.extern_blocks;
        self.static_mut += other.static_mut;
        self.attributes += other.attributes;
        self.in_macros += other.in_macros;
    }

    /// Every counted item, `in_macros` included.
    pub fn total(&self) -> u64 {
        self.blocks
            + self.functions
            + self.methods
            + self.impls
            + self.traits
            + self.extern_blocks
            + self.static_mut
            + self.attributes
            + self.in_macros
    }

    /// `(kind, this - before)` for each kind that grew.
    pub fn growth(&self, before: &Counts) -> Vec<(&'static str, u64)> {
        self.named()
            .into_iter()
            .zip(before.named())
            .filter(|((_, now), (_, was))| now > was)
            .map(|((name, now), (_, was))| (name, now - was))
            .collect()
    }

    fn named(&self) -> [(&'static str, u64); 9] {
        [
            ("blocks", self.blocks),
            ("functions", self.functions),
            ("methods", self.methods),
            ("impls", self.impls),
            ("traits", self.traits),
            ("extern_blocks", self.extern_blocks),
            ("static_mut", self.static_mut),
            ("attributes", self.attributes),
            ("in_macros", self.in_macros),
        ]
    }
}

/// What kind of unsafe item a site is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SiteKind {
    /// An unsafe block.
    Block,
    /// A free unsafe fn.
    Function,
    /// An unsafe method.
    Method,
    /// An unsafe impl.
    Impl,
    /// An unsafe trait.
    Trait,
    /// An extern block.
    ExternBlock,
    /// A `static mut`.
    StaticMut,
    /// An unsafe attribute.
    Attribute,
}

impl SiteKind {
    /// Words for messages.
    pub fn describe(self) -> &'static str {
        match self {
            SiteKind::Block => "unsafe block",
            SiteKind::Function => "unsafe fn",
            SiteKind::Method => "unsafe method",
            SiteKind::Impl => "unsafe impl",
            SiteKind::Trait => "unsafe trait",
            SiteKind::ExternBlock => "extern block",
            SiteKind::StaticMut => "static mut",
            SiteKind::Attribute => "unsafe attribute",
        }
    }
}

/// Where one unsafe item is in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// What it is.
    pub kind: SiteKind,
    /// 1-based line of its `unsafe` keyword (or attribute name).
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// For blocks and fns: whether a `// SAFETY:` comment or `# Safety` section documents it.
    pub documented: Option<bool>,
}

/// A file that could not be counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file (relative to the workspace root for members, to the package otherwise).
    pub path: String,
    /// Why it could not be counted.
    pub reason: String,
}

/// The result of scanning one package.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PackageScan {
    /// Its unsafe code.
    pub counts: Counts,
    /// Files counted.
    pub files_scanned: u64,
    /// Files that could not be counted (the package is then unknown).
    pub problems: Vec<Problem>,
    /// Whether it forbids unsafe code (crate roots or `[lints]`).
    pub forbids: bool,
    /// Whether it denies (or forbids) unsafe code.
    pub denies: bool,
    /// Sites per file (absolute path), for workspace members only.
    #[serde(skip)]
    pub sites: Vec<(std::path::PathBuf, Site)>,
    /// The counted files that lie outside the repository (workspace members
    /// only, which a `#[path]` can send anywhere), as reports show them.
    #[serde(skip)]
    pub outside: Vec<String>,
}

/// The verdict on one package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnsafeStatus {
    /// Forbids unsafe code.
    Forbids,
    /// Holds no unsafe code.
    None,
    /// Holds unsafe code.
    Uses,
    /// Could not be read entirely: never counted as safe.
    Unknown,
}

impl UnsafeStatus {
    /// The verdict for a scan.
    pub fn of(scan: &PackageScan) -> UnsafeStatus {
        if !scan.problems.is_empty() {
            UnsafeStatus::Unknown
        } else if scan.forbids && scan.counts.total() == 0 {
            UnsafeStatus::Forbids
        } else if scan.counts.total() == 0 {
            UnsafeStatus::None
        } else {
            UnsafeStatus::Uses
        }
    }
}

/// What one file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileScan {
    /// The unsafe code in the file.
    pub counts: Counts,
    /// Where each unsafe item is (collected only when asked for).
    pub sites: Vec<Site>,
    /// The out-of-line modules it declares.
    pub mods: Vec<ModDecl>,
    /// Whether its inner attributes forbid unsafe code (`#![forbid(unsafe_code)]`).
    pub forbids: bool,
    /// Whether its inner attributes deny or forbid unsafe code.
    pub denies: bool,
    /// Why the file could not be parsed; its modules are still followed when
    /// its tokens could be read.
    pub error: Option<String>,
}
