//! No execution, even in a hostile checkout. `fixtures/hostile` arms every way
//! a checkout can make a tool run its programs, and each trap writes a
//! `MARKER-*` file if run:
//! - a build script and a proc-macro (a build would run them);
//! - `rust-toolchain.toml` with a `path` toolchain whose `cargo` and `rustc`
//!   are the checkout's (rustup's proxy would run them);
//! - `.cargo/config.toml`: rustc wrappers and `build.rustc`, `[env]
//!   LD_PRELOAD` of a library built from `trap.c` (cargo applies `[env]` to
//!   the rustc processes `cargo metadata` starts), credential providers for
//!   two registries served on loopback that answer 401 (per registry, and the
//!   global list), `net.git-fetch-with-cli`;
//! - git: `filter.*.clean` and `filter.*.process` drivers chosen by
//!   `.gitattributes`, and `core.fsmonitor`, with files whose stat changed.
//!
//! A control run of the plain tools (rustup's `cargo`, the real cargo,
//! `git status`) springs each trap, so every trap is live. Then cargo secure,
//! online and offline, every subcommand and every format, springs none, gives
//! its normal result, and leaves the checkout byte-identical. Under `strace`,
//! the only programs it starts are the trusted cargo and rustc (and
//! `/usr/bin/env` between them), by absolute path.

mod common;

use common::{copy_tree, fixture, fixture_db, git, json, missing, secure, tree};
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The traps' scripts, made executable in the copy.
const SCRIPTS: &[&str] = &[
    "wrap.sh",
    "fake-rustc.sh",
    "cred.sh",
    "cred-global.sh",
    "git-trap.sh",
    "toolchain/bin/cargo",
    "toolchain/bin/rustc",
];

/// An armed copy of the fixture.
struct Armed {
    dir: tempfile::TempDir,
    /// Whether `trap.so` could be built (a C compiler is needed).
    preload: bool,
}

impl Armed {
    fn root(&self) -> &Path {
        self.dir.path()
    }
}

/// A copy of the fixture with live traps: executable scripts, an absolute
/// toolchain path, the loopback registry's port, the `LD_PRELOAD` library,
/// and a git repository whose filters and fsmonitor are the checkout's.
fn armed() -> Armed {
    let dir = copy_tree(&fixture("hostile"));
    let root = dir.path();
    for script in SCRIPTS {
        std::fs::set_permissions(root.join(script), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
    }
    let toolchain = format!("[toolchain]\npath = \"{}\"\n", root.join("toolchain").display());
    std::fs::write(root.join("rust-toolchain.toml"), toolchain).expect("toolchain file");
    let port = common::unauthorized_registry().to_string();
    for file in [".cargo/config.toml", "Cargo.lock"] {
        let text = std::fs::read_to_string(root.join(file)).expect("read");
        std::fs::write(root.join(file), text.replace("@PORT@", &port)).expect("write");
    }
    let preload = Command::new("cc")
        .args(["-shared", "-fPIC", "-o", "trap.so", "trap.c"])
        .current_dir(root)
        .status()
        .is_ok_and(|s| s.success());
    if !preload {
        missing("a C compiler (`cc`) to build the LD_PRELOAD trap");
    }
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "hostile"]);
    std::fs::write(
        root.join(".gitattributes"),
        "*.rs filter=trapclean\ntoolchain/** filter=trapprocess\n",
    )
    .expect("attributes");
    git(root, &["add", ".gitattributes"]);
    git(root, &["commit", "-qm", "attributes"]);
    git(root, &["config", "filter.trapclean.clean", "sh ./git-trap.sh filter-clean"]);
    git(root, &["config", "filter.trapprocess.process", "sh ./git-trap.sh filter-process"]);
    git(root, &["config", "core.fsmonitor", "sh ./git-trap.sh fsmonitor"]);
    // Stat data that no longer matches the index makes git look at the files
    // again, through their filters; one of them really changed.
    let source = root.join("app/src/lib.rs");
    let mut text = std::fs::read_to_string(&source).expect("read");
    text.push_str("// changed after the commit\n");
    std::fs::write(&source, text).expect("write");
    std::thread::sleep(std::time::Duration::from_millis(20));
    // (git stops at the first failing process filter, so its file sorts last.)
    for same in ["macros/src/lib.rs", "toolchain/bin/rustc"] {
        let bytes = std::fs::read(root.join(same)).expect("read");
        std::fs::write(root.join(same), bytes).expect("rewrite");
    }
    Armed { dir, preload }
}

/// The markers the traps wrote.
fn markers(root: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if entry.file_name().to_string_lossy().starts_with("MARKER-") {
                found.insert(entry.file_name().to_string_lossy().into_owned());
            }
        }
    }
    found
}

/// The real cargo, resolved from `/` so the checkout's toolchain file does not apply.
fn real_cargo() -> PathBuf {
    let out = Command::new("rustup").args(["which", "cargo"]).current_dir("/").output();
    match out {
        Ok(out) if out.status.success() => {
            PathBuf::from(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        }
        _ => PathBuf::from(env!("CARGO")),
    }
}

/// A plain tool run in the checkout; its outcome does not matter, its traps do.
fn plain(root: &Path, program: &Path, args: &[&str], env: &[(&str, &str)]) {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(root).env_remove("RUSTUP_TOOLCHAIN").env_remove("CARGO");
    for (key, value) in env {
        cmd.env(key, value);
    }
    let _ = cmd.output();
}

#[test]
fn every_trap_is_live_when_the_plain_tools_run() {
    let armed = armed();
    let root = armed.root();
    let cargo = real_cargo();
    let rustc = cargo.with_file_name("rustc");
    let mut expected = BTreeSet::new();
    let mut spring = |program: &Path, args: &[&str], env: &[(&str, &str)], traps: &[&str]| {
        plain(root, program, args, env);
        expected.extend(traps.iter().map(|t| format!("MARKER-{t}")));
        let found = markers(root);
        for trap in traps {
            assert!(found.contains(&format!("MARKER-{trap}")), "{trap} did not spring: {found:?}");
        }
    };
    let metadata = ["metadata", "--format-version", "1"];
    // rustup's proxy obeys the toolchain file.
    spring(Path::new("cargo"), &metadata, &[], &["toolchain-cargo"]);
    // The real cargo runs the configured rustc through the wrapper.
    spring(&cargo, &metadata, &[], &["wrap.sh"]);
    // With rustc and the wrappers pinned, [env] reaches rustc and the
    // registries' 401 starts the credential providers.
    let rustc = rustc.to_string_lossy();
    let pinned = [
        ("RUSTC", rustc.as_ref()),
        ("RUSTC_WRAPPER", ""),
        ("RUSTC_WORKSPACE_WRAPPER", ""),
        ("CARGO_ENCODED_RUSTFLAGS", ""),
    ];
    // The registry without a provider of its own comes first: the global
    // providers answer for it. cargo stops there.
    let traps: &[&str] =
        if armed.preload { &["env-ld-preload", "cred-global"] } else { &["cred-global"] };
    spring(&cargo, &metadata, &pinned, traps);
    // Without that dependency, the other registry's own provider answers.
    let app = root.join("app/Cargo.toml");
    let text = std::fs::read_to_string(&app).expect("read");
    let only_private: String =
        text.lines().filter(|l| !l.starts_with("other-secret")).collect::<Vec<_>>().join("\n");
    std::fs::write(&app, only_private).expect("write");
    spring(&cargo, &metadata, &pinned, &["cred"]);
    std::fs::write(&app, text).expect("restore");
    let git_traps = ["git-filter-clean", "git-filter-process", "git-fsmonitor"];
    spring(Path::new("git"), &["status", "--porcelain"], &[], &git_traps);
    assert_eq!(markers(root), expected);
}

/// cargo secure in a worst-case environment: nothing pinned by the caller,
/// started inside the checkout as `cargo-secure` would be.
fn cargo_secure(root: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = secure();
    for var in ["RUSTUP_TOOLCHAIN", "RUSTC", "RUSTC_WRAPPER", "RUSTC_WORKSPACE_WRAPPER", "CARGO"] {
        cmd.env_remove(var);
    }
    cmd.current_dir(root).args(args).output().expect("runs")
}

fn assert_normal(output: &std::process::Output, what: &str) {
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{what}: exit {:?}, stderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn db() -> String {
    fixture_db().to_string_lossy().into_owned()
}

#[test]
fn a_scan_online_and_offline_in_every_format_springs_no_trap_and_changes_nothing() {
    let armed = armed();
    let root = armed.root();
    let before = tree(root);
    for offline in [false, true] {
        for format in ["human", "json", "sarif", "markdown", "github"] {
            let mut args = vec!["secure", "--no-cache", "--format", format, "--db", &db()]
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>();
            if offline {
                args.push("--offline".to_owned());
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let output = cargo_secure(root, &args);
            assert_normal(&output, &format!("{format}, offline {offline}"));
            assert_eq!(markers(root), BTreeSet::new(), "{format}, offline {offline}");
            if format == "json" {
                let report = json(&output);
                assert_eq!(report["workspace"]["members"].as_array().map(Vec::len), Some(2));
                let text = report.to_string();
                assert!(
                    text.contains("secret"),
                    "the registry packages are reported from Cargo.lock: {text}"
                );
            }
        }
    }
    assert_eq!(tree(root), before, "the checkout is byte-identical");
}

#[test]
fn release_reads_the_tree_without_git_and_cannot_vouch_for_a_filtered_file() {
    let armed = armed();
    let root = armed.root();
    let before = tree(root);
    for offline in [false, true] {
        let db = db();
        let mut args = vec!["secure", "release", "--format", "json", "--db", &db];
        if offline {
            args.push("--offline");
        }
        let output = cargo_secure(root, &args);
        assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(markers(root), BTreeSet::new(), "offline {offline}");
        let report = json(&output);
        let items = report["items"].as_array().expect("items");
        let clean = items.iter().find(|i| i["id"] == "clean-tree").expect("clean-tree item");
        assert_eq!(clean["done"], false);
        let detail = clean["detail"].as_str().expect("detail");
        assert!(
            detail.contains("cannot tell whether app/src/lib.rs")
                && detail.contains("filter=trapclean"),
            "{detail}"
        );
    }
    assert_eq!(tree(root), before, "the checkout is byte-identical");
}

#[test]
fn diff_reads_both_revisions_from_git_objects_and_springs_no_trap() {
    let armed = armed();
    let root = armed.root();
    let before = tree(root);
    let db = db();
    for args in [
        &["secure", "diff", "--base", "HEAD", "--offline", "--format", "json", "--db", &db][..],
        &["secure", "diff", "--base", "HEAD", "--head", "HEAD", "--no-cache", "--db", &db],
        &["secure", "diff", "--base", "HEAD", "--format", "sarif", "--db", &db],
    ] {
        let output = cargo_secure(root, args);
        let code = output.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(markers(root), BTreeSet::new(), "{args:?}");
    }
    assert_eq!(tree(root), before, "the checkout is byte-identical");
}

#[test]
fn init_baseline_fetch_and_explain_spring_no_trap() {
    let armed = armed();
    let root = armed.root();
    let cache = tempfile::tempdir().expect("tempdir");
    let db_dir = cache.path().join("advisory-db");
    for args in [
        &["secure", "init", "--offline"][..],
        &["secure", "init", "--force", "--db", &db()],
        &["secure", "baseline", "--offline"],
        &["secure", "explain", "yanked"],
        &["secure", "schema"],
    ] {
        let output = cargo_secure(root, args);
        assert!(output.status.code().is_some(), "{args:?}: {output:?}");
        assert_eq!(markers(root), BTreeSet::new(), "{args:?}");
    }
    let mut fetch = secure();
    for var in ["RUSTUP_TOOLCHAIN", "RUSTC", "CARGO"] {
        fetch.env_remove(var);
    }
    let output =
        fetch.current_dir(root).env("CARGO_SECURE_DB", &db_dir).args(["secure", "fetch"]).output();
    assert!(output.expect("runs").status.code().is_some());
    assert_eq!(markers(root), BTreeSet::new(), "fetch");
}

#[test]
fn from_outside_with_manifest_path_springs_no_trap_and_reports_the_toolchain_path() {
    let armed = armed();
    let outside = tempfile::tempdir().expect("tempdir");
    let manifest = armed.root().join("Cargo.toml");
    let mut cmd = secure();
    cmd.env_remove("CARGO").current_dir(outside.path());
    let output = cmd
        .args(["secure", "--offline", "--no-cache", "--format", "json", "--db", &db()])
        .arg("--manifest-path")
        .arg(&manifest)
        .output()
        .expect("runs");
    assert_normal(&output, "--manifest-path");
    let report = json(&output);
    let supply = common::layer(&report, "supply-chain");
    assert!(
        supply["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["code"] == "toolchain-path"),
        "the toolchain path is reported: {supply}"
    );
    assert_eq!(markers(armed.root()), BTreeSet::new());
}

/// The programs a traced run started, by the path each was executed from.
fn traced_programs(root: &Path, args: &[&str]) -> Option<BTreeSet<String>> {
    let strace = ["/usr/bin/strace", "/bin/strace"].into_iter().find(|p| Path::new(p).is_file())?;
    let log = tempfile::NamedTempFile::new().expect("log");
    let binary = assert_cmd::cargo::cargo_bin("cargo-secure");
    let status = Command::new(strace)
        .args(["-f", "-qq", "-s", "4096", "-e", "trace=execve", "-o"])
        .arg(log.path())
        .arg(&binary)
        .args(args)
        .current_dir(root)
        .env_remove("CARGO")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env("CARGO_SECURE_TODAY", "2026-11-23")
        .env("CARGO_SECURE_CACHE_DIR", std::env::temp_dir().join("cargo-secure-test-cache"))
        .output()
        .expect("strace runs");
    assert!(status.status.code().is_some());
    let text = std::fs::read_to_string(log.path()).expect("trace");
    let started = text
        .lines()
        .filter(|line| line.contains("execve(\"") && line.trim_end().ends_with("= 0"))
        .filter_map(|line| line.split("execve(\"").nth(1)?.split('"').next().map(str::to_owned))
        .filter(|program| Path::new(program) != binary)
        .collect();
    Some(started)
}

#[test]
fn traced_runs_start_only_the_trusted_cargo_and_rustc_by_absolute_path() {
    let armed = armed();
    let root = armed.root();
    let cargo = real_cargo();
    let trusted: BTreeSet<String> =
        [cargo.clone(), cargo.with_file_name("rustc"), "/usr/bin/env".into()]
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
    let db = db();
    let runs: [&[&str]; 4] = [
        &["secure", "--no-cache", "--format", "json", "--db", &db],
        &["secure", "--offline", "--no-cache", "--format", "json", "--db", &db],
        &["secure", "release", "--db", &db],
        &["secure", "diff", "--base", "HEAD", "--no-cache", "--db", &db],
    ];
    for args in runs {
        let Some(started) = traced_programs(root, args) else {
            missing("strace (`apt-get install strace`)");
            return;
        };
        let untrusted: Vec<&String> = started.difference(&trusted).collect();
        assert!(untrusted.is_empty(), "{args:?} started {untrusted:?}");
        assert!(started.contains(&cargo.to_string_lossy().into_owned()), "{args:?}: {started:?}");
    }
    assert_eq!(markers(root), BTreeSet::new());
}
