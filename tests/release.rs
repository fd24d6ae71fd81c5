//! `cargo secure release`: the Markdown checklist, its JSON and HTML forms, `--output`
//! and the exit code, on a copy of `fixtures/outputs/basic` made a git repository.

mod common;

use common::{copy_into, git};
use std::path::Path;

fn workspace(commit: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_into(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/outputs/basic"), dir.path());
    if commit {
        git(dir.path(), &["init", "-q"]);
        git(dir.path(), &["add", "-A"]);
        git(dir.path(), &["commit", "-qm", "fixture"]);
    }
    dir
}

fn release(dir: &Path, args: &[&str]) -> std::process::Output {
    common::secure()
        .args(["secure", "release", "--offline", "--color", "never", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(args)
        .env("CARGO_SECURE_DB", dir.join("no-db"))
        .env("CARGO_SECURE_TODAY", "2026-11-23")
        .output()
        .expect("runs")
}

#[test]
fn release_prints_a_markdown_checklist_and_fails_while_items_are_open() {
    let dir = workspace(true);
    let out = release(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let dir_text = dir.path().display().to_string();
    insta::assert_snapshot!(
        text.replace(env!("CARGO_PKG_VERSION"), "[VERSION]").replace(&dir_text, "[DIR]")
    );
    assert!(text.contains("- [x] CHANGELOG.md has an entry for the version"));
    assert!(text.contains("- [x] Working tree clean"));
    assert!(text.contains("- [ ] Every layer measured"));
}

#[test]
fn a_dirty_tree_and_a_missing_changelog_entry_are_open_items() {
    let dir = workspace(true);
    std::fs::write(dir.path().join("CHANGELOG.md"), "# Changelog\n\n## [1.1.0]\n").expect("write");
    let text = String::from_utf8(release(dir.path(), &[]).stdout).expect("utf-8");
    assert!(
        text.contains("- [ ] CHANGELOG.md has an entry for the version — no `## [1.2.0]` heading"),
        "{text}"
    );
    assert!(text.contains("- [ ] Working tree clean — 1 uncommitted change"), "{text}");
}

#[test]
fn outside_a_git_repository_the_clean_tree_item_is_open_with_the_reason() {
    let dir = workspace(false);
    let out = release(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let item =
        list["items"].as_array().expect("items").iter().find(|i| i["id"] == "clean-tree").cloned();
    let item = item.expect("clean-tree item");
    assert_eq!(item["done"], false);
    assert!(
        item["detail"].as_str().is_some_and(|d| d.contains("not a clean git checkout")),
        "{item}"
    );
    assert_eq!(list["version"], "1.2.0");
    assert_eq!(list["passed"], false);
}

#[test]
fn release_writes_to_output() {
    let dir = workspace(true);
    let file = tempfile::tempdir().expect("tempdir");
    let path = file.path().join("release.md");
    let out = release(dir.path(), &["--output", path.to_str().expect("utf-8 path")]);
    assert!(out.stdout.is_empty());
    assert!(
        std::fs::read_to_string(path)
            .expect("written")
            .starts_with("## Release checklist for 1.2.0")
    );
}

#[test]
fn release_refuses_formats_it_cannot_print() {
    let dir = workspace(true);
    for format in ["sarif", "github", "badge"] {
        let out = release(dir.path(), &["--format", format]);
        let line = common::one_line_error(&out);
        assert!(line.contains(&format!("not --format {format}")), "{line}");
    }
}

#[test]
fn release_prints_the_checklist_as_an_html_page() {
    let dir = workspace(true);
    let out = release(dir.path(), &["--format", "html"]);
    assert_eq!(out.status.code(), Some(1));
    let html = String::from_utf8(out.stdout).expect("utf-8");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("<li class=\"pass\" id=\"item-"), "a done item");
    assert!(html.contains("<li class=\"fail\" id=\"item-"), "an open item");
    assert!(html.contains("✘ open</span> <b>Every layer measured</b>"));
}
