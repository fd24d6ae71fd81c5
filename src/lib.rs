//! cargo-secure: a layered security scorecard for Rust workspaces.
//!
//! `cargo secure` reads the workspace through `cargo metadata` and `Cargo.lock`
//! (never building it), runs each layer of the scorecard, grades the findings
//! against a context-aware gate, and renders the result for people (terminal,
//! Markdown) and machines (JSON, SARIF, GitHub annotations).
//!
//! - [`workspace`]: the facts about the workspace and its dependency graph.
//! - [`checks`]: the `Check` trait and the layers, one file each.
//! - [`finding`]: the one `Finding` type; [`codes`]: what each code means.
//! - [`gate`] and [`scorecard`]: severities, scores and the verdict.
//! - [`report`] and [`render`]: the report value and its formats; [`sbom`]: the
//!   bill of materials (CycloneDX, SPDX) and VEX of the same facts.
//! - [`cli`], [`app`] and [`commands`]: the command line; [`replay`]: a warm
//!   run's scorecard printed again when none of its inputs changed.
#![forbid(unsafe_code)]

pub mod app;
pub mod checklist;
pub mod checks;
pub mod cli;
pub mod codes;
pub mod commands;
pub mod context;
pub mod dates;
pub mod db;
pub mod diff;
pub mod error;
pub mod facts;
pub mod finding;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod gate;
pub mod identity;
pub mod manifest;
pub mod measure;
pub mod options;
pub mod plural;
pub mod progress;
pub mod render;
pub mod replay;
pub mod repo;
pub mod report;
pub mod repository;
pub mod sbom;
pub mod scorecard;
pub mod session;
pub mod timings;
pub mod workspace;

pub use error::{Error, Result};
