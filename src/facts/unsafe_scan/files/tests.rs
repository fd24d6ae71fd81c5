//! Module resolution against rustc's rules, on small trees (each one also
//! checked by hand with `rustc --crate-type lib --emit=metadata`).

use super::*;

/// Writes `files` (path, text) under a new directory.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn scan(dir: &Path, sites: bool) -> PackageScan {
    let root = Root { path: dir.join("src/lib.rs"), decides_forbid: true };
    scan_package(&[root], dir, false, sites)
}

fn reasons(scan: &PackageScan) -> Vec<String> {
    scan.problems.iter().map(|p| format!("{}: {}", p.path, p.reason)).collect()
}

/// opentelemetry-proto 0.32.0's `src/proto.rs`, in short.
const TONIC: &str =
    r#"#[path = "proto/tonic"] pub mod tonic { #[path = "v1file.rs"] pub mod v1; pub mod plain; }"#;

#[test]
fn path_on_an_inline_module_in_a_non_mod_rs_file_is_resolved_as_rustc_does() {
    // TONIC, and every other combination: inline or file module, mod.rs or
    // not, `#[path]` on either, nested.
    let dir = tree(&[
        ("src/lib.rs", "mod proto; mod a; mod x;"),
        ("src/proto.rs", TONIC),
        ("src/proto/tonic/v1file.rs", ""),
        ("src/proto/tonic/plain.rs", ""),
        ("src/a/mod.rs", "pub mod b;"),
        (
            "src/a/b.rs",
            r#"pub mod inl { #[path = "other.rs"] pub mod inner; pub mod deep { pub mod d; } #[path = "q"] pub mod pq { pub mod e; } }
               #[path = "p"] pub mod pp { pub mod c; #[path = "h.rs"] pub mod h; }
               #[path = "sib.rs"] pub mod sib;
               pub mod own;"#,
        ),
        ("src/a/b/inl/other.rs", ""),
        ("src/a/b/inl/deep/d.rs", ""),
        ("src/a/b/inl/q/e.rs", ""),
        ("src/a/p/c.rs", ""),
        ("src/a/p/h.rs", ""),
        ("src/a/sib.rs", "mod beside;"),
        ("src/a/beside.rs", ""),
        ("src/a/b/own.rs", "mod leaf;"),
        ("src/a/b/own/leaf.rs", ""),
        ("src/x/mod.rs", r#"#[path = "xp"] mod xp { mod f; } mod y { #[path = "g.rs"] mod g; }"#),
        ("src/x/xp/f.rs", ""),
        ("src/x/y/g.rs", ""),
    ]);
    let found = scan(dir.path(), false);
    assert_eq!(reasons(&found), Vec::<String>::new());
    assert_eq!(found.files_scanned, 18);
}

#[test]
fn a_missing_module_file_is_named_with_its_path_attribute() {
    let dir = tree(&[("src/lib.rs", "mod proto;"), ("src/proto.rs", TONIC)]);
    let mut found = reasons(&scan(dir.path(), false));
    found.sort();
    assert_eq!(
        found,
        vec![
            "src/proto.rs: declares `mod plain;` but neither src/proto/tonic/plain.rs nor src/proto/tonic/plain/mod.rs exists",
            "src/proto.rs: declares `mod v1;` but src/proto/tonic/v1file.rs does not exist",
        ]
    );
}

#[test]
fn locations_of_files_reached_through_dotdot_or_absolute_paths_are_normalised() {
    let outside = tempfile::tempdir().unwrap();
    let far = outside.path().join("outside.rs");
    std::fs::write(&far, "pub fn f() { unsafe {} }").unwrap();
    let lib = format!(
        "#[path = \"../shared_code/x.rs\"] mod x;\n#[path = {:?}] mod far;\n#[path = \"../shared_code/gone.rs\"] mod gone;",
        far.display()
    );
    let dir = tree(&[
        ("member/src/lib.rs", &lib),
        ("member/shared_code/x.rs", "pub fn g() { unsafe {} }"),
    ]);
    let root = Root { path: dir.path().join("member/src/lib.rs"), decides_forbid: true };
    let found = scan_package(&[root], dir.path(), false, true);
    let far = relative(&far, dir.path());
    assert!(far.starts_with('/') && !far.starts_with("//"), "{far}");
    assert_eq!(found.outside, vec![far]);
    assert_eq!(
        reasons(&found),
        vec![
            "member/src/lib.rs: declares `mod gone;` but member/shared_code/gone.rs does not exist"
        ]
    );
    let mut sites: Vec<String> =
        found.sites.iter().map(|(path, _)| relative(path, dir.path())).collect();
    sites.sort();
    assert_eq!(sites[1], "member/shared_code/x.rs");
}
