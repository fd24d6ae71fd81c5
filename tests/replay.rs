//! A warm run whose inputs are all unchanged prints the kept scorecard
//! without measuring (`src/replay.rs`), and any change to what the facts
//! read measures again. Each test keeps a run, replaces the kept text with
//! a marker (so a replay is visible), changes one input, and checks that
//! the marker is not printed and that the output is what a run without any
//! cache prints.

mod common;

use std::path::{Path, PathBuf};

const MARKER: &str = "{\"replayed\": true}\n";

/// A workspace with a member, a path dependency, a workflow and an ignored
/// `SECURITY.md` (read all the same), beside a copy of the fixture advisory
/// database.
struct Repo {
    _dir: tempfile::TempDir,
    ws: PathBuf,
    db: PathBuf,
    cache: PathBuf,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().expect("tempdir");
        let ws = dir.path().join("ws");
        let write = |rel: &str, text: &str| {
            let path = ws.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write("Cargo.toml", "[workspace]\nmembers = [\"app\"]\nresolver = \"2\"\n");
        write(
            "app/Cargo.toml",
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dependencies]\nhelper = { path = \"../helper\" }\n",
        );
        write("app/src/lib.rs", "pub fn app() {}\n");
        write(
            "helper/Cargo.toml",
            "[package]\nname = \"helper\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        );
        write("helper/src/lib.rs", "pub fn helper() {}\n");
        write(
            "Cargo.lock",
            "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n\
             dependencies = [\n \"helper\",\n]\n\n[[package]]\nname = \"helper\"\nversion = \"0.1.0\"\n",
        );
        write(".gitignore", "/target\nSECURITY.md\n");
        write("SECURITY.md", "# Security policy\n");
        write(
            ".github/workflows/ci.yml",
            "on: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo test --locked\n",
        );
        let db = dir.path().join("advisory-db");
        common::copy_into(&common::fixture_db(), &db);
        let cache = dir.path().join("cache");
        Repo { _dir: dir, ws, db, cache }
    }

    /// The JSON scorecard of an offline run, with extra arguments and variables.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let mut cmd = common::secure();
        for (name, value) in env {
            cmd.env(name, value);
        }
        let output = cmd
            .env("CARGO_SECURE_CACHE_DIR", &self.cache)
            .env("CARGO_SECURE_NO_ZIZMOR", "1")
            .args(["secure", "--offline", "--no-zizmor", "--format", "json", "--db"])
            .arg(&self.db)
            .arg("--manifest-path")
            .arg(self.ws.join("Cargo.toml"))
            .args(args)
            .output()
            .expect("runs");
        assert!(output.status.code().is_some_and(|c| c < 2), "{output:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    }

    /// Keeps a run of the settled repository and replaces its text with the
    /// marker; checks that the next run replays it.
    fn keep_with_marker(&self) {
        self.keep_with_marker_for(&[]);
    }

    /// [`Repo::keep_with_marker`] for a run with `args`.
    fn keep_with_marker_for(&self, args: &[&str]) {
        common::settle(&self.ws);
        common::settle(&self.db);
        let measured = self.run(args, &[]);
        let entry = kept_entry(&self.cache).expect("the run was kept");
        let kept = std::fs::read_to_string(&entry).expect("entry");
        let (header, rest) = kept.split_once('\n').expect("a header line");
        let paths: usize = serde_json::from_str::<serde_json::Value>(header).expect("JSON")["paths"]
            .as_u64()
            .expect("the length of the paths") as usize;
        assert_eq!(&rest[paths..], measured, "the kept text is what was printed");
        let tampered = format!("{header}\n{}{MARKER}", &rest[..paths]);
        std::fs::write(&entry, tampered).expect("tamper");
        assert_eq!(self.run(args, &[]), MARKER, "an unchanged run is replayed");
    }

    /// After `change`, the run measures again: it prints what a run without
    /// any cache prints, not the kept text.
    fn measures_again_after(&self, what: &str, change: impl FnOnce(&Repo)) {
        self.measures_again_with(&[], what, change);
    }

    /// [`Repo::measures_again_after`] for a run with `args`.
    fn measures_again_with(&self, args: &[&str], what: &str, change: impl FnOnce(&Repo)) {
        std::fs::remove_dir_all(self.cache.join("runs")).ok();
        self.keep_with_marker_for(args);
        change(self);
        let warm = self.run(args, &[]);
        assert_ne!(warm, MARKER, "{what}: the kept scorecard was replayed");
        let fresh = self.run(&[args, &["--no-cache"]].concat(), &[]);
        assert_eq!(warm, fresh, "{what}: differs from a fresh run");
    }
}

/// The one kept run under `cache`.
fn kept_entry(cache: &Path) -> Option<PathBuf> {
    let entries: Vec<PathBuf> = std::fs::read_dir(cache.join("runs"))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_none())
        .collect();
    (entries.len() == 1).then(|| entries[0].clone())
}

fn append(path: &Path, text: &str) {
    let mut content = std::fs::read_to_string(path).expect("read");
    content.push_str(text);
    std::fs::write(path, content).expect("write");
}

#[test]
fn an_edited_member_or_path_dependency_source_is_measured_again() {
    let repo = Repo::new();
    repo.measures_again_after("member source", |r| {
        append(&r.ws.join("app/src/lib.rs"), "pub fn raw() { unsafe {} }\n");
    });
    repo.measures_again_after("path dependency source", |r| {
        append(&r.ws.join("helper/src/lib.rs"), "pub unsafe fn raw() {}\n");
    });
    repo.measures_again_after("member manifest", |r| {
        append(&r.ws.join("app/Cargo.toml"), "\n[lints.rust]\nunsafe_code = \"forbid\"\n");
    });
}

#[test]
fn an_edited_or_added_workflow_and_a_new_manifest_are_measured_again() {
    let repo = Repo::new();
    repo.measures_again_after("workflow edit", |r| {
        append(
            &r.ws.join(".github/workflows/ci.yml"),
            "      - run: echo \"${{ github.event.issue.title }}\"\n",
        );
    });
    repo.measures_again_after("new workflow", |r| {
        std::fs::write(
            r.ws.join(".github/workflows/new.yml"),
            "on: pull_request_target\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n",
        )
        .expect("write");
    });
    repo.measures_again_after("secure.toml", |r| {
        std::fs::write(
            r.ws.join("secure.toml"),
            "version = 1\n\n[context]\nasset = \"a tool\"\ncriticality = \"low\"\n\n\
             [people]\nsecurity-contact = \"https://example.invalid/security\"\n",
        )
        .expect("write");
    });
    repo.measures_again_after("an ignored SECURITY.md edited in place", |r| {
        append(&r.ws.join("SECURITY.md"), "Report to security@example.com\n");
    });
}

#[test]
fn a_changed_advisory_database_is_measured_again() {
    let repo = Repo::new();
    repo.measures_again_after("new advisory", |r| {
        let from = r.db.join("crates/vulncrate/RUSTSEC-2099-0001.md");
        let text = std::fs::read_to_string(&from).expect("advisory");
        let dir = r.db.join("crates/helper");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(
            dir.join("RUSTSEC-2099-0099.md"),
            text.replace("RUSTSEC-2099-0001", "RUSTSEC-2099-0099")
                .replace("\"vulncrate\"", "\"helper\""),
        )
        .expect("write");
    });
    repo.measures_again_after("edited advisory", |r| {
        append(&r.db.join("crates/vulncrate/RUSTSEC-2099-0001.md"), "\nMore details.\n");
    });
}

#[test]
fn another_invocation_date_or_environment_is_not_replayed() {
    let repo = Repo::new();
    repo.keep_with_marker();
    let other_date = repo.run(&[], &[("CARGO_SECURE_TODAY", "2027-06-01")]);
    assert_ne!(other_date, MARKER, "another day");
    assert_ne!(repo.run(&[], &[("RUSTFLAGS", "-Dwarnings")]), MARKER, "another environment");
    assert_ne!(repo.run(&["--include-tests"], &[]), MARKER, "other arguments");
    let verbose = repo.run(&["-v"], &[]);
    assert_ne!(verbose, MARKER, "-v measures, to time what it measures");
    let slots = std::fs::read_dir(repo.cache.join("runs")).expect("runs").count();
    assert_eq!(slots, 2, "one kept run per command line, whatever the environment");
}

#[test]
fn all_workspaces_are_replayed_together_and_a_change_in_any_measures_again() {
    let repo = Repo::new();
    let write = |rel: &str, text: &str| {
        let path = repo.ws.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "tools/Cargo.toml",
        "[package]\nname = \"tools\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    );
    write("tools/src/main.rs", "fn main() {}\n");
    write(
        "tools/Cargo.lock",
        "version = 4\n\n[[package]]\nname = \"tools\"\nversion = \"0.1.0\"\n",
    );
    write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"app\"]\nexclude = [\"tools\"]\nresolver = \"2\"\n",
    );
    let every = ["--all-workspaces"];
    repo.measures_again_with(&every, "the second workspace's source", |r| {
        append(&r.ws.join("tools/src/main.rs"), "unsafe fn raw() {}\n");
    });
    repo.measures_again_with(&every, "a new workspace", |r| {
        let extra = r.ws.join("extra");
        std::fs::create_dir_all(extra.join("src")).expect("mkdir");
        std::fs::write(
            extra.join("Cargo.toml"),
            "[package]\nname = \"extra\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
        )
        .expect("write");
        std::fs::write(extra.join("src/lib.rs"), "").expect("write");
        std::fs::write(
            extra.join("Cargo.lock"),
            "version = 4\n\n[[package]]\nname = \"extra\"\nversion = \"0.1.0\"\n",
        )
        .expect("write");
    });
}
