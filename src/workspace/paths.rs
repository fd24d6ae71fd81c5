//! Paths as reports show them: `..` and `.` resolved, relative to a base
//! with `/` separators when inside it, else absolute. A location never reads
//! `src/../x.rs` or `//tmp/x.rs` (which a SARIF reader takes for a host).

use std::path::{Component, Path, PathBuf};

/// `path` with `.` dropped and each `..` taking the component before it away,
/// without touching the file system (a `..` past the root stays at the root).
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

/// Whether `path`, normalised, lies inside `base`, normalised.
pub fn is_inside(path: &Path, base: &Path) -> bool {
    normalise(path).starts_with(normalise(base))
}

/// `path` relative to `base` with `/` separators, both normalised; a path
/// outside `base` is shown whole (absolute when `path` is).
pub fn relative(path: &Path, base: &Path) -> String {
    let path = normalise(path);
    let base = normalise(base);
    match path.strip_prefix(&base) {
        Ok(inside) => join(inside),
        Err(_) => join(&path),
    }
}

/// The components of `path` joined with `/`; an absolute path keeps one
/// leading `/`.
fn join(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::RootDir => out.push('/'),
            Component::Prefix(prefix) => out.push_str(&prefix.as_os_str().to_string_lossy()),
            other => {
                if !(out.is_empty() || out.ends_with('/')) {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_not_normalised() {
        let root = Path::new("/ws");
        assert_eq!(
            relative(Path::new("/ws/app/src/../../shared_code/x.rs"), root),
            "shared_code/x.rs"
        );
        assert_eq!(relative(Path::new("/ws/app/./src/lib.rs"), root), "app/src/lib.rs");
        assert_eq!(relative(Path::new("/ws/app/src/../shared/x.rs"), root), "app/shared/x.rs");
        assert_eq!(relative(Path::new("/tmp/outside.rs"), root), "/tmp/outside.rs");
        assert_eq!(relative(Path::new("/ws/../tmp/outside.rs"), root), "/tmp/outside.rs");
        assert_eq!(relative(Path::new("/../../x.rs"), root), "/x.rs");
        assert_eq!(relative(Path::new("a/../../b.rs"), Path::new("c")), "../b.rs");
        assert!(is_inside(Path::new("/ws/a/../b.rs"), root));
        assert!(!is_inside(Path::new("/ws/../b.rs"), root));
    }
}
