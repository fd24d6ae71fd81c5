//! The text of the starter `secure.toml`: commented, tailored, and valid.

use super::detect::Detected;
use std::fmt::Write;

/// One starter control: id, title, the check that verifies it, and why it was included.
struct Starter {
    id: &'static str,
    title: &'static str,
    verify: &'static str,
    because: String,
}

fn controls(d: &Detected) -> Vec<Starter> {
    let mut out = vec![
        Starter {
            id: "dependency-audit",
            title: "Dependencies are audited against the RustSec advisory database on every run",
            verify: "advisories",
            because: "always available".to_owned(),
        },
        Starter {
            id: "locked-supply-chain",
            title: "Dependency sources, build scripts and the lockfile are reviewed",
            verify: "supply-chain",
            because: "always available".to_owned(),
        },
    ];
    if d.forbids_unsafe {
        out.push(Starter {
            id: "no-unsafe",
            title: "Every crate forbids unsafe code",
            verify: "forbid-unsafe",
            because: "found #![forbid(unsafe_code)] or [lints] unsafe_code = \"forbid\"".to_owned(),
        });
    } else {
        out.push(Starter {
            id: "unsafe-reviewed",
            title: "Unsafe code is documented and kept within its baseline",
            verify: "unsafe-code",
            because: "the crates do not all forbid unsafe code".to_owned(),
        });
    }
    if d.fuzzing {
        out.push(Starter {
            id: "fuzzing",
            title: "Parsers and decoders are fuzzed",
            verify: "fuzzing",
            because: "found fuzz targets".to_owned(),
        });
    }
    if let Some(ci) = &d.ci {
        out.push(Starter {
            id: "ci",
            title: "Every change is built and tested in CI",
            verify: "ci",
            because: format!("found {ci}"),
        });
    }
    if d.ci_runs_cargo_secure {
        out.push(Starter {
            id: "ci-gate",
            title: "CI runs the cargo secure gate on every change",
            verify: "ci-runs-cargo-secure",
            because: "a workflow runs cargo secure".to_owned(),
        });
    }
    if let Some(bot) = &d.update_bot {
        out.push(Starter {
            id: "dependency-updates",
            title: "A bot proposes dependency updates",
            verify: "dependency-updates",
            because: format!("found {bot}"),
        });
    }
    if d.security_md {
        out.push(Starter {
            id: "disclosure-policy",
            title: "SECURITY.md tells reporters how to disclose privately",
            verify: "security-policy",
            because: "found SECURITY.md".to_owned(),
        });
    }
    out
}

fn quoted(items: &[&str]) -> String {
    items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ")
}

/// Renders the starter manifest.
/// `extends`, when given, is the TOML of the one item of `extends`.
pub fn render(d: &Detected, today: time::Date, extends: Option<&str>) -> String {
    let controls = controls(d);
    let has = |id: &str| controls.iter().any(|c| c.id == id);
    let mut s = String::new();
    let crates =
        if d.crates.is_empty() { "this workspace".to_owned() } else { d.crates.join(", ") };
    let _ = writeln!(s, "# secure.toml: the security manifest of {crates}.");
    let _ = writeln!(
        s,
        "# cargo secure checks it against reality on every run; `cargo secure explain manifest`"
    );
    let _ = writeln!(
        s,
        "# describes the checks. Written by `cargo secure init` on {today}: review every value.\n"
    );
    let _ = writeln!(s, "version = 1");
    if let Some(policy) = extends {
        let _ = writeln!(
            s,
            "# The organisation policy: its floors apply, and this file may tighten them, never loosen them."
        );
        let _ = writeln!(s, "extends = [{policy}]");
    }
    s.push('\n');

    let _ = writeln!(s, "[context]");
    let _ = writeln!(s, "asset = \"{crates}\"  # what this is, in a few words");
    let _ = writeln!(
        s,
        "# low | medium | high | critical. GUESSED ({}): confirm it.",
        d.criticality_why
    );
    let _ = writeln!(
        s,
        "# It sets the gate: low fails on critical vulnerabilities only; medium on any vulnerability"
    );
    let _ = writeln!(
        s,
        "# or yanked crate; high also on unsound advisories, expired exceptions and a stale threat"
    );
    let _ =
        writeln!(s, "# model; critical also on unmaintained crates and an overall score below 8.");
    let _ = writeln!(s, "criticality = \"{}\"", d.criticality);
    let _ = writeln!(s, "exposure = \"internet\"  # internal | partner | internet");
    let _ = writeln!(
        s,
        "data = []  # kinds of data handled, e.g. \"personal\", \"financial\", \"credentials\""
    );
    let _ = writeln!(
        s,
        "threat-actors = [\"opportunistic attackers\", \"malicious dependency authors\"]\n"
    );

    let _ = writeln!(s, "[people]");
    match &d.contact {
        Some(contact) => {
            let _ = writeln!(s, "security-contact = \"{contact}\"  # from SECURITY.md");
        }
        None => {
            let _ = writeln!(
                s,
                "# Where to report vulnerabilities (email or https:// URL); also write it in SECURITY.md."
            );
            let _ = writeln!(s, "# security-contact = \"security@example.org\"");
        }
    }
    let _ = writeln!(s, "owners = []  # the people or team accountable for security decisions");
    let _ = writeln!(s, "# product = \"...\"\n# engineering = \"...\"\n# security = \"...\"\n");

    let _ = writeln!(s, "[threat-model]");
    let _ = writeln!(
        s,
        "# The date this starter was written. Review the threats below with the team, then set"
    );
    let _ = writeln!(s, "# the date of that review.");
    let _ = writeln!(s, "reviewed = {today}");
    let _ = writeln!(s, "review-every = \"180d\"");
    let _ = writeln!(s, "# document = \"docs/threat-model.md\"  # a path inside the repository\n");

    let _ = writeln!(
        s,
        "# Threats (STRIDE categories: spoofing, tampering, repudiation, information-disclosure,"
    );
    let _ = writeln!(
        s,
        "# denial-of-service, elevation-of-privilege); `mitigations` name controls below."
    );
    let mut vuln = vec!["dependency-audit"];
    if has("dependency-updates") {
        vuln.push("dependency-updates");
    }
    threat(
        &mut s,
        "vulnerable-dependency",
        "A dependency has a known vulnerability",
        "tampering",
        &vuln,
    );
    threat(
        &mut s,
        "malicious-dependency",
        "A dependency or its build script is malicious",
        "tampering",
        &["locked-supply-chain"],
    );
    let mut memory = vec![if has("no-unsafe") { "no-unsafe" } else { "unsafe-reviewed" }];
    if has("fuzzing") {
        memory.push("fuzzing");
    }
    threat(
        &mut s,
        "memory-unsafety",
        "Memory corruption through unsafe code",
        "elevation-of-privilege",
        &memory,
    );

    let _ = writeln!(
        s,
        "# Controls: `verify` names a check cargo secure runs itself; otherwise attest with"
    );
    let _ = writeln!(
        s,
        "# `attested-by` and `attested-on`. `cost` and `benefit` (low | medium | high) are optional."
    );
    for c in &controls {
        let _ = writeln!(s, "[[controls]]  # {}", c.because);
        let _ =
            writeln!(s, "id = \"{}\"\ntitle = \"{}\"\nverify = \"{}\"\n", c.id, c.title, c.verify);
    }
    if !d.publishable.is_empty() {
        let _ = writeln!(
            s,
            "# {} can be published: attest MFA once every owner has it turned on.",
            d.publishable.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "# [[controls]]\n# id = \"registry-mfa\"\n# title = \"MFA on crates.io and the forge for every owner\""
    );
    let _ = writeln!(s, "# attested-by = \"<who checked>\"\n# attested-on = {today}\n");

    let _ = writeln!(
        s,
        "# Stages of delivery security has reviewed, each with a date and evidence (path or URL):"
    );
    let _ = writeln!(
        s,
        "# inception, requirements, design, development, testing, deployment, operations, decommissioning."
    );
    let _ = writeln!(
        s,
        "# [lifecycle.design]\n# reviewed = {today}\n# evidence = \"docs/design-review.md\"\n"
    );

    let _ = writeln!(
        s,
        "# Accepted risks: none yet. Each names an advisory or a finding code (optionally a"
    );
    let _ =
        writeln!(s, "# package), and needs a reason, an owner and an expiry at most a year ahead.");
    let _ = writeln!(
        s,
        "# [[exceptions]]\n# advisory = \"RUSTSEC-2024-0000\"\n# reason = \"not reachable: we never call the affected function\""
    );
    let _ = writeln!(
        s,
        "# owner = \"<name>\"\n# expires = {}\n",
        today.saturating_add(time::Duration::days(90))
    );

    let _ = writeln!(s, "# Overrides of the criticality's gate defaults:");
    let _ = writeln!(
        s,
        "# [gate]\n# min-score = 7.0\n# fail-on = [\"vulnerability\", \"yanked\", \"unsound\"]"
    );
    let _ = writeln!(s, "# min-layer-score = {{ unsafe-code = 8.0 }}\n# max-db-age = \"7d\"");
    s
}

fn threat(s: &mut String, id: &str, title: &str, category: &str, mitigations: &[&str]) {
    let _ =
        writeln!(s, "[[threats]]\nid = \"{id}\"\ntitle = \"{title}\"\ncategory = \"{category}\"");
    let _ = writeln!(
        s,
        "likelihood = \"medium\"\nimpact = \"high\"\nmitigations = [{}]\n",
        quoted(mitigations)
    );
}
