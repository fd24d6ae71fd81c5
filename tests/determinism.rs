//! A cold run (`--no-cache`), the run that fills the caches and a warm run
//! give identical JSON: stable ordering everywhere (layers, findings,
//! packages, sub-checks) and caches that answer exactly what a cold run
//! measures. On a fixture with findings in every layer, on the largest
//! corpus workspace when `../shared` is present, and (ignored unless asked
//! for) on a real complete checkout such as deno's.

mod common;

use common::{fixture, fixture_db, root, secure};
use std::path::Path;

/// The JSON of a cold run, of the run that fills a new cache, and of a warm run.
fn cold_filling_warm(dir: &Path, db: &Path) -> [Vec<u8>; 3] {
    let cache = tempfile::tempdir().expect("cache");
    let run = |cached: bool| {
        let mut cmd = secure();
        cmd.current_dir(dir).env("CARGO_SECURE_CACHE_DIR", cache.path());
        cmd.args(["secure", "--offline", "--format", "json", "--db"]).arg(db);
        if !cached {
            cmd.arg("--no-cache");
        }
        let output = cmd.output().expect("runs");
        assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
        output.stdout
    };
    [run(false), run(true), run(true)]
}

fn assert_identical([cold, filling, warm]: [Vec<u8>; 3]) {
    assert!(!cold.is_empty());
    assert!(cold == filling, "the run that fills the caches differs from a cold run");
    assert!(cold == warm, "a warm run differs from a cold run");
}

#[test]
fn a_fixture_reports_identically_twice() {
    assert_identical(cold_filling_warm(&fixture("posture/bad"), &fixture_db()));
}

#[test]
fn the_largest_corpus_workspace_reports_identically_twice() {
    let case = root().join("../shared/corpus/nushell-0.31.0");
    if !case.is_dir() {
        common::missing(&format!("{} is absent", case.display()));
        return;
    }
    assert_identical(cold_filling_warm(&case, &root().join("../shared/advisory-db")));
}

/// `benches/scale.sh` says how to make the deno 2.9.5 checkout; any real
/// checkout with its dependencies fetched does.
#[test]
#[ignore = "needs a real checkout: CARGO_SECURE_SCALE_CHECKOUT=DIR cargo test --test determinism -- --ignored"]
fn a_real_checkout_reports_identically_cold_and_warm() {
    let Some(checkout) = std::env::var_os("CARGO_SECURE_SCALE_CHECKOUT") else {
        panic!(
            "set CARGO_SECURE_SCALE_CHECKOUT to a checkout (benches/scale.sh says how to make deno's)"
        );
    };
    let db = root().join("../shared/advisory-db");
    assert_identical(cold_filling_warm(Path::new(&checkout), &db));
}
