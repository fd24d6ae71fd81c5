//! The bad-input matrix (listed in docs/hardening.md): hostile or broken
//! versions of every input cargo secure reads. Each row ends in its
//! documented outcome — exit 2 with one clear stderr line, or a report (exit
//! 0 or 1) carrying a specific finding — within a hang guard, and never a
//! panic. Big and binary inputs are generated at run time.

mod common;

use common::{fixture, fixture_db};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a row must produce.
enum Expect {
    /// Exit 2, one stderr line containing the phrase.
    Error(&'static str),
    /// A report whose JSON contains the finding code (or other text).
    Report(&'static str),
    /// Any report (exit 0 or 1): the input is not ours to judge.
    Completes,
}

/// One row: a name, how to break the workspace, extra arguments, the outcome.
struct Row {
    name: &'static str,
    setup: fn(&Path),
    args: fn(&Path) -> Vec<String>,
    expect: Expect,
}

const HANG_GUARD: Duration = Duration::from_secs(120);

fn none(_: &Path) -> Vec<String> {
    Vec::new()
}
fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}
fn binary() -> Vec<u8> {
    (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 0x80).collect()
}
fn lock(root: &Path, text: &str) {
    write(root, "Cargo.lock", text);
}
fn workflow(root: &Path, bytes: impl AsRef<[u8]>) {
    write(root, ".github/workflows/ci.yml", bytes);
}
fn manifest(root: &Path, text: &str) {
    write(root, "secure.toml", text);
}
/// A `secure-policy.toml` under `policy/`, and a manifest extending it.
fn policy(root: &Path, text: &str) {
    write(root, "policy/secure-policy.toml", text);
    manifest(root, &format!("extends = [\"policy/secure-policy.toml\"]\n{MANIFEST_HEAD}"));
}
const POLICY_HEAD: &str = "[policy]\nname = \"acme\"\nversion = \"1\"\n";
const MANIFEST_HEAD: &str = "version = 1\n[context]\nasset = \"x\"\ncriticality = \"medium\"\n";

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "Cargo.toml truncated",
            setup: |r| write(r, "Cargo.toml", "[workspace]\n[package]\nname = \"posture-good"),
            args: none,
            expect: Expect::Error("Cargo.toml"),
        },
        Row {
            name: "Cargo.toml binary",
            setup: |r| write(r, "Cargo.toml", binary()),
            args: none,
            expect: Expect::Error("Cargo.toml"),
        },
        Row {
            name: "Cargo.toml neither package nor workspace",
            setup: |r| write(r, "Cargo.toml", "[dependencies]\n"),
            args: none,
            expect: Expect::Error("Cargo.toml"),
        },
        Row {
            name: "--manifest-path to nothing",
            setup: |_| {},
            args: |r| {
                vec!["--manifest-path".into(), r.join("nope/Cargo.toml").display().to_string()]
            },
            expect: Expect::Error(""),
        },
        Row {
            name: "secure-policy.toml malformed (file:line:column)",
            setup: |r| policy(r, "[policy]\nname = \"acme\"\nversion = \n"),
            args: none,
            expect: Expect::Error("secure-policy.toml:3:"),
        },
        Row {
            name: "secure-policy.toml binary",
            setup: |r| {
                policy(r, "");
                write(r, "policy/secure-policy.toml", binary());
            },
            args: none,
            expect: Expect::Error("not valid UTF-8"),
        },
        Row {
            name: "secure-policy.toml of 2 MiB",
            setup: |r| policy(r, &format!("{POLICY_HEAD}# {}\n", "x".repeat(2 << 20))),
            args: none,
            expect: Expect::Error("KiB limit"),
        },
        Row {
            name: "secure-policy.toml without [policy]",
            setup: |r| policy(r, "[gate]\nmin-score = 8\n"),
            args: none,
            expect: Expect::Error(
                "secure-policy.toml:1:1: secure-policy.toml is missing the required key `[policy]`",
            ),
        },
        Row {
            name: "secure-policy.toml with an unknown key",
            setup: |r| policy(r, &format!("{POLICY_HEAD}[gate]\nmin-scor = 8\n")),
            args: none,
            expect: Expect::Error("secure-policy.toml:5:1: unknown key `min-scor`"),
        },
        Row {
            name: "secure-policy.toml with a criticality that is not one",
            setup: |r| policy(r, &format!("{POLICY_HEAD}[gate]\nmin-criticality = \"urgent\"\n")),
            args: none,
            expect: Expect::Error("secure-policy.toml:5:19:"),
        },
        Row {
            name: "secure-policy.toml extending itself",
            setup: |r| policy(r, &format!("extends = [\"secure-policy.toml\"]\n{POLICY_HEAD}")),
            args: none,
            expect: Expect::Error("makes a cycle"),
        },
        Row {
            name: "secure-policy.toml ban without a reason",
            setup: |r| policy(r, &format!("{POLICY_HEAD}[[bans]]\ncrate = \"openssl\"\n")),
            args: none,
            expect: Expect::Error(
                "secure-policy.toml:4:1: [[bans]] entry is missing the required key `reason`",
            ),
        },
        Row {
            name: "secure-policy.toml ban with versions that are not semver",
            setup: |r| {
                policy(
                    r,
                    &format!(
                        "{POLICY_HEAD}[[bans]]\ncrate = \"a\"\nreason = \"r\"\nversions = \"one\"\n"
                    ),
                )
            },
            args: none,
            expect: Expect::Error(
                "secure-policy.toml:7:12: `versions` = \"one\" is not a semver requirement",
            ),
        },
        Row {
            name: "secure-policy.toml [sources] not a table",
            setup: |r| policy(r, &format!("sources = [\"crates-io\"]\n{POLICY_HEAD}")),
            args: none,
            expect: Expect::Error("secure-policy.toml:1:11: [sources] must be a table"),
        },
        Row {
            name: "secure-policy.toml required control at no criticality",
            setup: |r| {
                policy(
                    r,
                    &format!(
                        "{POLICY_HEAD}[[required-controls]]\nid = \"fuzzing\"\ncriticality = \"max\"\n"
                    ),
                )
            },
            args: none,
            expect: Expect::Error("secure-policy.toml:6:15: `criticality` = \"max\" is not one of"),
        },
        Row {
            name: "secure-policy.toml exception without an owner",
            setup: |r| {
                policy(
                    r,
                    &format!(
                        "{POLICY_HEAD}[[exceptions]]\nfinding = \"yanked\"\nreason = \"r\"\nexpires = 2027-01-01\n"
                    ),
                )
            },
            args: none,
            expect: Expect::Error("[[exceptions]] entry is missing the required key `owner`"),
        },
        Row {
            name: "extends naming no file",
            setup: |r| manifest(r, &format!("extends = [\"policy/nope.toml\"]\n{MANIFEST_HEAD}")),
            args: none,
            expect: Expect::Error("secure.toml:1:12: extends = \"policy/nope.toml\": cannot read"),
        },
        Row {
            name: "extends leaving the repository",
            setup: |r| {
                manifest(r, &format!("extends = [\"../secure-policy.toml\"]\n{MANIFEST_HEAD}"))
            },
            args: none,
            expect: Expect::Error("leaves the repository"),
        },
        Row {
            name: "extends URL with a sha256 that is not one",
            setup: |r| {
                manifest(
                    r,
                    &format!(
                        "extends = [{{ url = \"https://p.invalid/p.toml\", sha256 = \"abc\" }}]\n{MANIFEST_HEAD}"
                    ),
                )
            },
            args: none,
            expect: Expect::Error("secure.toml:1:57: `sha256` must be 64 hexadecimal digits"),
        },
        Row {
            name: "extends table with an unknown key",
            setup: |r| {
                manifest(
                    r,
                    &format!(
                        "extends = [{{ url = \"https://p.invalid/p.toml\", path = \"p.toml\" }}]\n{MANIFEST_HEAD}"
                    ),
                )
            },
            args: none,
            expect: Expect::Error("unknown key `path` in an `extends` table"),
        },
        Row {
            name: "extends URL that is not http(s)",
            setup: |r| {
                manifest(
                    r,
                    &format!("extends = [{{ url = \"file:///etc/p.toml\" }}]\n{MANIFEST_HEAD}"),
                )
            },
            args: none,
            expect: Expect::Error("must be an https:// URL"),
        },
        Row {
            name: "extends URL offline and not cached",
            setup: |r| {
                manifest(
                    r,
                    &format!(
                        "extends = [{{ url = \"https://p.invalid/p.toml\" }}]\n{MANIFEST_HEAD}"
                    ),
                )
            },
            args: none,
            expect: Expect::Error("not in the cache"),
        },
        Row {
            name: "extends not an array",
            setup: |r| manifest(r, &format!("extends = 3\n{MANIFEST_HEAD}")),
            args: none,
            expect: Expect::Error("secure.toml:1:11: `extends` must be an array"),
        },
        Row {
            name: "--manifest-path to a directory",
            setup: |_| {},
            args: |r| vec!["--manifest-path".into(), r.join("src").display().to_string()],
            expect: Expect::Error(""),
        },
        Row {
            name: "--manifest-path to a non-manifest file",
            setup: |_| {},
            args: |r| vec!["--manifest-path".into(), r.join("SECURITY.md").display().to_string()],
            expect: Expect::Error(""),
        },
        Row {
            name: "Cargo.lock missing",
            setup: |r| std::fs::remove_file(r.join("Cargo.lock")).expect("rm"),
            args: none,
            expect: Expect::Error("generate-lockfile"),
        },
        Row {
            name: "Cargo.lock v1 truncated",
            setup: |r| lock(r, "[[package]]\nname = \"posture-good\"\nversion = "),
            args: none,
            expect: Expect::Error("Cargo.lock"),
        },
        Row {
            name: "Cargo.lock v2 without versions",
            setup: |r| lock(r, "version = 2\n[[package]]\nname = \"posture-good\"\n"),
            args: none,
            expect: Expect::Error("Cargo.lock"),
        },
        Row {
            name: "Cargo.lock v3 binary",
            setup: |r| {
                lock(
                    r,
                    [b"version = 3\n".as_slice(), &binary()]
                        .concat()
                        .iter()
                        .map(|b| *b as char)
                        .collect::<String>()
                        .as_str(),
                )
            },
            args: none,
            expect: Expect::Error("Cargo.lock"),
        },
        Row {
            name: "Cargo.lock v4 unknown format 99",
            setup: |r| {
                lock(r, "version = 99\n[[package]]\nname = \"posture-good\"\nversion = \"0.1.0\"\n")
            },
            args: none,
            expect: Expect::Error("Cargo.lock"),
        },
        Row {
            name: "Cargo.lock non-UTF-8",
            setup: |r| write(r, "Cargo.lock", binary()),
            args: none,
            expect: Expect::Error("Cargo.lock"),
        },
        Row {
            name: "secure.toml malformed (file:line:column)",
            setup: |r| manifest(r, &format!("{MANIFEST_HEAD}exposure = \n")),
            args: none,
            expect: Expect::Error("secure.toml:5:"),
        },
        Row {
            name: "secure.toml binary",
            setup: |r| write(r, "secure.toml", binary()),
            args: none,
            expect: Expect::Error("secure.toml"),
        },
        Row {
            name: "secure.toml of 2 MiB",
            setup: |r| manifest(r, &format!("{MANIFEST_HEAD}# {}\n", "x".repeat(2 << 20))),
            args: none,
            expect: Expect::Error("limit"),
        },
        Row {
            name: "secure.toml document escaping the repository",
            setup: |r| {
                manifest(
                    r,
                    &format!(
                        "{MANIFEST_HEAD}[threat-model]\nreviewed = 2026-11-01\ndocument = \"../../etc/passwd\"\n"
                    ),
                )
            },
            args: none,
            expect: Expect::Error("secure.toml"),
        },
        Row {
            name: "secure.toml absolute document path",
            setup: |r| {
                manifest(
                    r,
                    &format!(
                        "{MANIFEST_HEAD}[threat-model]\nreviewed = 2026-11-01\ndocument = \"/etc/passwd\"\n"
                    ),
                )
            },
            args: none,
            expect: Expect::Error("secure.toml"),
        },
        Row {
            name: "advisory DB missing",
            setup: |_| {},
            args: |r| vec!["--db".into(), r.join("no-db").display().to_string()],
            expect: Expect::Error("no such directory"),
        },
        Row {
            name: "advisory DB path is a file",
            setup: |_| {},
            args: |r| vec!["--db".into(), r.join("SECURITY.md").display().to_string()],
            expect: Expect::Error(""),
        },
        Row {
            name: "advisory DB with a corrupt advisory",
            setup: |r| {
                copy_dir(&fixture_db(), &r.join("db"));
                write(r, "db/crates/bad/RUSTSEC-2099-0001.md", binary());
            },
            args: |r| vec!["--db".into(), r.join("db").display().to_string()],
            expect: Expect::Error("advisory"),
        },
        Row {
            name: "source file non-UTF-8",
            setup: |r| write(r, "src/lib.rs", b"//! x\nfn f() { let s = \"\xff\xfe\"; }\n"),
            args: none,
            expect: Expect::Report("unsafe-unreadable"),
        },
        Row {
            name: "source file binary",
            setup: |r| write(r, "src/lib.rs", binary()),
            args: none,
            expect: Expect::Report("unsafe-unreadable"),
        },
        Row {
            name: "source file truncated",
            setup: |r| write(r, "src/lib.rs", "//! x\npub fn f() { unsafe { "),
            args: none,
            expect: Expect::Report("unsafe-unreadable"),
        },
        Row {
            name: "source file of 100 MB on one line",
            setup: |r| write(r, "src/lib.rs", vec![b'a'; 100 << 20]),
            args: none,
            expect: Expect::Report("unsafe-unreadable"),
        },
        Row {
            name: "module file is a named pipe",
            setup: |r| {
                write(r, "src/lib.rs", "//! x\nmod pipe;\n");
                // Where mkfifo is missing the module is missing: reported too.
                let _ = Command::new("mkfifo").arg(r.join("src/pipe.rs")).status();
            },
            args: none,
            expect: Expect::Report("unsafe-unreadable"),
        },
        Row {
            name: "source nested 100,000 braces deep",
            setup: |r| {
                write(
                    r,
                    "src/lib.rs",
                    format!("fn f() {}unsafe {{}}{}", "{".repeat(100_000), "}".repeat(100_001)),
                )
            },
            args: none,
            expect: Expect::Report("unsafe-unreadable"),
        },
        Row {
            name: "mod cycle through #[path]",
            setup: |r| {
                write(r, "src/lib.rs", "//! x\nmod a;\n");
                write(r, "src/a.rs", "#[path = \"lib.rs\"]\nmod again;\n");
            },
            args: none,
            expect: Expect::Completes,
        },
        Row {
            name: "member #[path] to files outside the repository",
            setup: |r| {
                let far = r.parent().expect("parent").join("far.rs");
                write(r, "../near.rs", "pub fn n() { unsafe {} }\n");
                write(r, "../far.rs", "pub fn f() { unsafe {} }\n");
                let lib = format!(
                    "//! x\n#[path = \"../../near.rs\"] mod near;\n#[path = {far:?}] mod far;\n"
                );
                write(r, "src/lib.rs", lib);
            },
            args: none,
            expect: Expect::Report("counts 2 files outside the repository"),
        },
        Row {
            name: "symlink loop in the sources",
            setup: |r| {
                let _ = std::os::unix::fs::symlink(r.join("src"), r.join("src/loop"));
                write(r, "src/lib.rs", "//! x\nmod r#loop;\n");
            },
            args: none,
            expect: Expect::Completes,
        },
        Row {
            name: "workspace path with spaces and unicode",
            setup: |_| {},
            args: none,
            expect: Expect::Report("\"posture\""),
        },
        Row {
            name: "workflow binary",
            setup: |r| workflow(r, binary()),
            args: none,
            expect: Expect::Report("ci-config-unreadable"),
        },
        Row {
            name: "workflow of 2 MiB",
            setup: |r| workflow(r, format!("on: push\n# {}\n", "x".repeat(2 << 20))),
            args: none,
            expect: Expect::Report("ci-config-unreadable"),
        },
        Row {
            name: "workflow nested 10,000 deep",
            setup: |r| workflow(r, format!("{}{}", "[".repeat(10_000), "]".repeat(10_000))),
            args: none,
            expect: Expect::Report("ci-config-unreadable"),
        },
        Row {
            name: "workflow alias bomb (billion laughs)",
            setup: |r| workflow(r, laughs()),
            args: none,
            expect: Expect::Completes,
        },
        Row {
            name: "workflow not YAML",
            setup: |r| workflow(r, "jobs: [\n  - {\n"),
            args: none,
            expect: Expect::Report("ci-config-unreadable"),
        },
        Row {
            name: "SECURITY.md binary",
            setup: |r| write(r, "SECURITY.md", binary()),
            args: none,
            expect: Expect::Report("security-policy-incomplete"),
        },
        Row {
            name: "SECURITY.md of 2 MiB",
            setup: |r| write(r, "SECURITY.md", "a".repeat(2 << 20)),
            args: none,
            expect: Expect::Report("security-policy-incomplete"),
        },
        Row {
            name: "dependabot.yml malformed",
            setup: |r| write(r, ".github/dependabot.yml", "updates: [\n"),
            args: none,
            expect: Expect::Report("dependabot-without-cargo"),
        },
        Row {
            name: "rust-toolchain.toml binary",
            setup: |r| write(r, "rust-toolchain.toml", binary()),
            args: none,
            expect: Expect::Completes,
        },
    ]
}

fn laughs() -> String {
    let mut doc = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        doc.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    doc.push_str("jobs:\n  x:\n    steps:\n      - run: *a9\n");
    doc
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Runs the binary with a hang guard; returns (exit code, stdout, stderr).
fn run(cwd: &Path, args: &[String]) -> (Option<i32>, String, String) {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let (out, err) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("cargo-secure"))
        .current_dir(cwd)
        .env("CARGO_SECURE_TODAY", "2026-11-23")
        .env("CARGO_SECURE_CACHE_DIR", out_dir.path().join("cache"))
        .args(["secure", "--offline", "--format", "json"])
        .args(args)
        .stdout(Stdio::from(std::fs::File::create(&out).expect("out")))
        .stderr(Stdio::from(std::fs::File::create(&err).expect("err")))
        .spawn()
        .expect("spawns");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > HANG_GUARD {
            let _ = child.kill();
            panic!("no result within {HANG_GUARD:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read =
        |p: &PathBuf| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    (status.code(), read(&out), read(&err))
}

#[test]
fn every_bad_input_has_its_documented_outcome() {
    let rows = rows();
    assert!(rows.len() >= 30, "the matrix lists {} rows", rows.len());
    let mut failures = Vec::new();
    for row in rows {
        let parent = tempfile::tempdir().expect("tempdir");
        let root = parent.path().join("wörk space ✓");
        common::copy_into(&fixture("posture/good"), &root);
        (row.setup)(&root);
        let mut args = (row.args)(&root);
        if !args.iter().any(|a| a == "--db") {
            args.extend(["--db".to_owned(), fixture_db().display().to_string()]);
        }
        let (code, stdout, stderr) = run(&root, &args);
        let problem = if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
            Some(format!("panicked: {stderr}"))
        } else {
            match row.expect {
                Expect::Error(phrase) => {
                    let lines = stderr.trim_end().lines().count();
                    (code != Some(2) || lines != 1 || !stderr.contains(phrase)).then(|| {
                        format!(
                            "expected exit 2 and one line with {phrase:?}, got {code:?}: {stderr}"
                        )
                    })
                }
                Expect::Report(text) => (!matches!(code, Some(0 | 1)) || !stdout.contains(text))
                    .then(|| format!("expected a report with {text:?}, got {code:?}: {stderr}")),
                Expect::Completes => (!matches!(code, Some(0 | 1)))
                    .then(|| format!("expected a report, got {code:?}: {stderr}")),
            }
        };
        if let Some(problem) = problem {
            failures.push(format!("{}: {problem}", row.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
