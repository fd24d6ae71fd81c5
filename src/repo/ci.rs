//! CI configuration: which systems are set up, and the commands they run.
//!
//! YAML-based systems are parsed with the marked YAML reader; every scalar
//! value line is a candidate command, so `run:`, `script:`, `commands:` and
//! friends all count without a per-system schema. Scripts a CI file invokes by
//! path (`./ci/test.sh`, `.ci/run`, `make ci`) are read one level deep, so a
//! pipeline that delegates to a script is still understood. Action
//! definitions (`action.yml`, `action.yaml`) anywhere in the repository are
//! parsed too, for the composite actions' scripts; zizmor's findings, when it
//! ran, are kept beside them (`zizmor.rs`).

use super::yaml::{self, Node};
use super::{Repo, RepoFile};

/// A CI configuration file.
#[derive(Debug)]
pub struct CiFile {
    /// The CI system (`GitHub Actions`, `GitLab CI`...).
    pub system: &'static str,
    /// Path relative to the repository root.
    pub rel: String,
    /// The parsed documents of a YAML file, or why it could not be read;
    /// `None` for non-YAML files (Jenkinsfile, scripts).
    pub yaml: Option<Result<Vec<Node>, String>>,
    /// Whether it follows the GitHub Actions workflow schema (GitHub, Forgejo, Gitea).
    pub actions_schema: bool,
}

/// One command line run by CI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The file the line is in.
    pub rel: String,
    /// 1-based line.
    pub line: usize,
    /// The text of the line, trimmed.
    pub text: String,
}

/// The CI of a repository.
#[derive(Debug, Default)]
pub struct Ci {
    /// The CI configuration files found.
    pub files: Vec<CiFile>,
    /// Every command line, including those of scripts CI invokes.
    pub commands: Vec<Command>,
    /// Files that could not be read, with why.
    pub unreadable: Vec<(String, String)>,
    /// Action definitions (`action.yml`, `action.yaml`) anywhere in the repository.
    pub actions: Vec<CiFile>,
    /// zizmor's findings, when it is installed and ran.
    pub zizmor: super::zizmor::Zizmor,
}

/// A `cargo` invocation found in a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoCall<'a> {
    /// The subcommand (`test`, `clippy`, `secure`...).
    pub sub: String,
    /// The words after the subcommand, up to the end of the shell command.
    pub args: Vec<&'a str>,
}

/// Where CI systems keep their configuration: (system, exact file or `dir/`, YAML?).
const LOCATIONS: &[(&str, &str, bool)] = &[
    ("GitHub Actions", ".github/workflows/", true),
    ("Forgejo Actions", ".forgejo/workflows/", true),
    ("Gitea Actions", ".gitea/workflows/", true),
    ("GitLab CI", ".gitlab-ci.yml", true),
    ("CircleCI", ".circleci/config.yml", true),
    ("Travis CI", ".travis.yml", true),
    ("Azure Pipelines", "azure-pipelines.yml", true),
    ("Azure Pipelines", ".azure-pipelines/", true),
    ("Bitbucket Pipelines", "bitbucket-pipelines.yml", true),
    ("Buildkite", ".buildkite/pipeline.yml", true),
    ("Drone", ".drone.yml", true),
    ("Woodpecker", ".woodpecker.yml", true),
    ("Woodpecker", ".woodpecker/", true),
    ("Cirrus CI", ".cirrus.yml", true),
    ("AppVeyor", "appveyor.yml", true),
    ("AppVeyor", ".appveyor.yml", true),
    ("SourceHut builds", ".build.yml", true),
    ("SourceHut builds", ".builds/", true),
    ("Jenkins", "Jenkinsfile", false),
    ("CI scripts", ".ci/", false),
];

impl Ci {
    /// Whether the repository has anything zizmor reads (it fails on a
    /// repository without): GitHub workflows, action definitions, Dependabot.
    pub fn has_zizmor_inputs(&self, repo: &super::Repo) -> bool {
        let github = self.files.iter().any(|f| f.rel.starts_with(".github/workflows/"));
        let dependabot = [".github/dependabot.yml", ".github/dependabot.yaml"];
        github || !self.actions.is_empty() || dependabot.iter().any(|f| repo.has(f))
    }

    /// Finds the CI configuration of `repo` and the commands it runs.
    pub fn scan(repo: &Repo) -> Ci {
        let mut ci = Ci::default();
        for file in config_files(repo) {
            let (system, yaml_kind) = file.1;
            let rel = file.0.rel.clone();
            let text = match repo.read_text(file.0) {
                Ok(text) => text,
                Err(why) => {
                    ci.unreadable.push((rel.clone(), why.to_string()));
                    ci.files.push(CiFile {
                        system,
                        rel,
                        yaml: yaml_kind.then(|| Err(why.to_string())),
                        actions_schema: false,
                    });
                    continue;
                }
            };
            let actions_schema = rel.contains("/workflows/");
            let parsed = yaml_kind.then(|| yaml::parse(&text));
            match &parsed {
                Some(Ok(docs)) => ci.commands.extend(yaml_commands(&rel, docs)),
                Some(Err(_)) => {}
                None => ci.commands.extend(script_commands(&rel, &text)),
            }
            ci.files.push(CiFile { system, rel, yaml: parsed, actions_schema });
        }
        ci.follow_scripts(repo);
        ci.actions = action_files(repo);
        ci
    }

    /// The CI of a single GitHub Actions workflow file (for fuzzing and tests).
    pub fn from_workflow(rel: &str, text: &str) -> Ci {
        let parsed = yaml::parse(text);
        let commands = parsed.as_ref().map(|docs| yaml_commands(rel, docs)).unwrap_or_default();
        let file = CiFile {
            system: "GitHub Actions",
            rel: rel.to_owned(),
            yaml: Some(parsed),
            actions_schema: true,
        };
        Ci { files: vec![file], commands, ..Ci::default() }
    }

    /// The distinct CI systems found, in a stable order.
    pub fn systems(&self) -> Vec<&'static str> {
        let mut systems: Vec<&'static str> = self.files.iter().map(|f| f.system).collect();
        systems.dedup();
        systems
    }

    /// The workflows that follow the GitHub Actions schema, parsed.
    pub fn workflows(&self) -> impl Iterator<Item = (&CiFile, &[Node])> {
        self.files.iter().filter(|f| f.actions_schema).filter_map(|f| match &f.yaml {
            Some(Ok(docs)) => Some((f, docs.as_slice())),
            _ => None,
        })
    }

    /// The composite actions (`runs.using: composite`), parsed.
    pub fn composite_actions(&self) -> impl Iterator<Item = (&CiFile, &Node)> {
        self.actions.iter().filter_map(|f| match &f.yaml {
            Some(Ok(docs)) => docs
                .iter()
                .find(|d| {
                    let using = d.get("runs").and_then(|r| r.get("using"));
                    using.and_then(Node::as_str) == Some("composite")
                })
                .map(|d| (f, d)),
            _ => None,
        })
    }

    /// The first command running `cargo SUB` for one of `subs` whose arguments satisfy `args_ok`.
    pub fn find_cargo(&self, subs: &[&str], args_ok: impl Fn(&[&str]) -> bool) -> Option<&Command> {
        self.commands.iter().find(|c| {
            cargo_calls(&c.text)
                .iter()
                .any(|call| subs.contains(&call.sub.as_str()) && args_ok(&call.args))
        })
    }

    /// Reads, one level deep, the scripts and make/just targets CI commands invoke.
    fn follow_scripts(&mut self, repo: &Repo) {
        let mut seen: Vec<String> = self.files.iter().map(|f| f.rel.clone()).collect();
        let mut found = Vec::new();
        for command in &self.commands {
            for rel in invoked_files(repo, &command.text) {
                if !seen.contains(&rel) {
                    seen.push(rel.clone());
                    found.push(rel);
                }
            }
        }
        for rel in found {
            let Some(file) = repo.file(&rel) else { continue };
            match repo.read_text(file) {
                Ok(text) => self.commands.extend(script_commands(&rel, &text)),
                Err(why) => self.unreadable.push((rel, why.to_string())),
            }
        }
    }
}

/// The CI configuration files of `repo` with their system and whether they are YAML.
fn config_files(repo: &Repo) -> Vec<(&RepoFile, (&'static str, bool))> {
    let mut out = Vec::new();
    for &(system, place, is_yaml) in LOCATIONS {
        if let Some(dir) = place.strip_suffix('/') {
            for file in repo.files_in(dir) {
                let yamlish = file.rel.ends_with(".yml") || file.rel.ends_with(".yaml");
                if yamlish == is_yaml {
                    out.push((file, (system, is_yaml)));
                }
            }
        } else if let Some(file) = repo.file(place) {
            out.push((file, (system, is_yaml)));
        }
    }
    out
}

/// The action definitions of the repository, parsed (unreadable ones kept with why).
fn action_files(repo: &Repo) -> Vec<CiFile> {
    let named = |rel: &str| {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        name == "action.yml" || name == "action.yaml"
    };
    let files = repo.files.iter().filter(|f| named(&f.rel));
    files
        .map(|file| CiFile {
            system: "GitHub Actions",
            rel: file.rel.clone(),
            yaml: Some(
                repo.read_text(file).map_err(|e| e.to_string()).and_then(|t| yaml::parse(&t)),
            ),
            actions_schema: false,
        })
        .collect()
}

/// Every line of every scalar value in the YAML documents.
fn yaml_commands(rel: &str, docs: &[Node]) -> Vec<Command> {
    let mut out = Vec::new();
    for doc in docs {
        doc.for_each_scalar(|node| {
            for (line, text) in node.lines() {
                let text = text.trim();
                if !text.is_empty() {
                    out.push(Command { rel: rel.to_owned(), line, text: text.to_owned() });
                }
            }
        });
    }
    out
}

/// The non-empty, non-comment lines of a script.
fn script_commands(rel: &str, text: &str) -> Vec<Command> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#') && !l.starts_with("//"))
        .map(|(line, text)| Command { rel: rel.to_owned(), line, text: text.to_owned() })
        .collect()
}

/// The repository files a command line invokes: paths that exist, and the
/// Makefile or justfile behind `make`/`just`.
fn invoked_files(repo: &Repo, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in words(text) {
        let word = word.trim_matches(|c| c == '"' || c == '\'');
        let rel = word.trim_start_matches("./");
        if rel.is_empty() || rel.starts_with('/') || rel.starts_with("..") {
            continue;
        }
        if rel.contains('/') || rel.contains('.') {
            if repo.has(rel) && !rel.ends_with(".rs") && !rel.ends_with(".toml") {
                out.push(rel.to_owned());
            }
        } else if word == "make" {
            out.extend(
                ["Makefile", "makefile", "GNUmakefile"]
                    .iter()
                    .filter(|f| repo.has(f))
                    .map(|f| f.to_string()),
            );
        } else if word == "just" {
            out.extend(
                ["justfile", "Justfile", ".justfile"]
                    .iter()
                    .filter(|f| repo.has(f))
                    .map(|f| f.to_string()),
            );
        }
    }
    out
}

/// Shell words, split on whitespace and command separators.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')' | '`'))
        .filter(|w| !w.is_empty())
}

/// The `cargo` invocations of one command line (`cargo +nightly test --locked`,
/// `cargo hack test`, `$HOME/.cargo/bin/cargo clippy`...).
pub fn cargo_calls(text: &str) -> Vec<CargoCall<'_>> {
    let mut out = Vec::new();
    // Every word it recognises holds one of these; most lines hold neither.
    if !(text.contains("cargo") || text.contains("cross")) {
        return out;
    }
    for segment in text.split(['&', ';', '|']) {
        let mut ws = segment.split_whitespace().map(|w| w.trim_matches(|c| c == '"' || c == '\''));
        while let Some(w) = ws.next() {
            let base = w.rsplit('/').next().unwrap_or(w);
            let is_cargo = base == "cargo" || base == "cross";
            let is_plugin = base.starts_with("cargo-");
            if !(is_cargo || is_plugin) {
                continue;
            }
            let rest: Vec<&str> = ws.by_ref().collect();
            let mut sub =
                if is_plugin { Some(base.trim_start_matches("cargo-").to_owned()) } else { None };
            let mut args = Vec::new();
            for word in rest {
                let wrapper = sub
                    .as_deref()
                    .is_some_and(|s| matches!(s, "hack" | "llvm-cov" | "careful" | "miri"));
                let wrapped = matches!(word, "test" | "nextest" | "check" | "clippy" | "build");
                if sub.is_none() && word.starts_with('+') {
                    continue;
                }
                if (sub.is_none() && !word.starts_with('-')) || (wrapper && wrapped) {
                    sub = Some(word.to_owned());
                } else {
                    args.push(word);
                }
            }
            if let Some(sub) = sub {
                out.push(CargoCall { sub, args });
            }
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Repo) {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let repo = Repo::scan(dir.path());
        (dir, repo)
    }

    #[test]
    fn cargo_calls_are_found_through_toolchains_and_wrappers() {
        let calls = cargo_calls("cargo +nightly test --locked && cargo hack clippy -- -D warnings");
        assert_eq!(calls[0].sub, "test");
        assert_eq!(calls[0].args, ["--locked"]);
        assert_eq!(calls[1].sub, "clippy");
        assert!(calls[1].args.contains(&"warnings"));
        assert_eq!(cargo_calls("cargo-deny check")[0].sub, "deny");
        assert_eq!(cargo_calls("./target/debug/cargo-secure secure --offline")[0].sub, "secure");
        assert!(cargo_calls("echo hello").is_empty());
    }

    #[test]
    fn workflows_and_the_scripts_they_invoke_give_commands() {
        let (_dir, repo) = repo_with(&[
            (
                ".github/workflows/ci.yml",
                "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./ci/test.sh\n",
            ),
            ("ci/test.sh", "#!/bin/sh\ncargo test --locked\n"),
            (".gitlab-ci.yml", "test:\n  script:\n    - cargo clippy -- -D warnings\n"),
        ]);
        let ci = Ci::scan(&repo);
        assert_eq!(ci.systems(), ["GitHub Actions", "GitLab CI"]);
        let test = ci.find_cargo(&["test"], |a| a.contains(&"--locked")).unwrap();
        assert_eq!((test.rel.as_str(), test.line), ("ci/test.sh", 2));
        let clippy = ci.find_cargo(&["clippy"], |_| true).unwrap();
        assert_eq!((clippy.rel.as_str(), clippy.line), (".gitlab-ci.yml", 3));
        assert_eq!(ci.workflows().count(), 1);
    }
}
