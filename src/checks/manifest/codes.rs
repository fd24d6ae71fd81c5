//! The finding codes of the `manifest` layer.

use crate::codes::{CodeDoc, Principle};

/// `no-security-contact`: secure.toml names no security contact.
pub const NO_SECURITY_CONTACT: CodeDoc = CodeDoc {
    code: "no-security-contact",
    title: "secure.toml names no security contact",
    principle: Principle::Collaborative,
    checks: "`[people] security-contact` in secure.toml.",
    why: "Whoever finds a vulnerability needs to know where to report it privately; without a named contact reports go to public issues or nowhere.",
    fix: "Add `security-contact = \"security@example.org\"` (an email or https:// URL) under `[people]`, and the same contact to SECURITY.md.",
};

/// `security-contact-mismatch`: secure.toml and SECURITY.md name different security contacts.
pub const SECURITY_CONTACT_MISMATCH: CodeDoc = CodeDoc {
    code: "security-contact-mismatch",
    title: "secure.toml and SECURITY.md name different security contacts",
    principle: Principle::Collaborative,
    checks: "Whether SECURITY.md (at the root, in .github/ or in docs/) mentions the `security-contact` of secure.toml.",
    why: "Two contacts mean one of them is stale; a reporter may write to an inbox nobody reads.",
    fix: "Make `[people] security-contact` and SECURITY.md name the same address or URL.",
};

/// `threat-model-stale`: The threat model is missing or past its review date.
pub const THREAT_MODEL_STALE: CodeDoc = CodeDoc {
    code: "threat-model-stale",
    title: "The threat model is missing or past its review date",
    principle: Principle::Continuous,
    checks: "`[threat-model] reviewed` plus `review-every` (default 365 days) against today. Fails the gate at criticality high and above.",
    why: "A threat model describes the system as it was; features, dependencies and attackers change, and an unreviewed model gives false comfort.",
    fix: "Review the threat model with the team, then set `[threat-model] reviewed` to the review date.",
};

/// `threat-unmitigated`: A threat has no mitigating control.
pub const THREAT_UNMITIGATED: CodeDoc = CodeDoc {
    code: "threat-unmitigated",
    title: "A threat has no mitigating control",
    principle: Principle::Cumulative,
    checks: "Each `[[threats]]` entry's `mitigations` list.",
    why: "A threat written down but answered by nothing is an accepted risk nobody accepted explicitly.",
    fix: "Add `mitigations = [\"<control id>\"]` naming `[[controls]]` entries, or remove the threat if it does not apply.",
};

/// `threat-attested-only`: A threat is mitigated only by attested controls.
pub const THREAT_ATTESTED_ONLY: CodeDoc = CodeDoc {
    code: "threat-attested-only",
    title: "A threat is mitigated only by attested controls",
    principle: Principle::Cumulative,
    checks: "Whether at least one of a threat's mitigations is a control cargo secure verifies itself (`verify = \"<check id>\"`).",
    why: "Attestations are promises no tool re-checks; a layer the tool measures on every run catches regressions an attestation cannot.",
    fix: "Add a control with `verify = \"<check id>\"` to the threat's mitigations where a check exists.",
};

/// `control-failing`: A control's verifying check fails.
pub const CONTROL_FAILING: CodeDoc = CodeDoc {
    code: "control-failing",
    title: "A control's verifying check fails",
    principle: Principle::Cumulative,
    checks: "The layer or sub-check named by a control's `verify`: a layer with blocking findings or below its minimum, or a sub-check with status `fail`.",
    why: "The manifest claims the control mitigates threats; while its check fails, those threats are less covered than the manifest says.",
    fix: "Fix the findings of the named layer or sub-check (they are listed in the same report).",
};

/// `control-not-measured`: A control's verifying check was not measured.
pub const CONTROL_NOT_MEASURED: CodeDoc = CodeDoc {
    code: "control-not-measured",
    title: "A control's verifying check was not measured",
    principle: Principle::Cumulative,
    checks: "The layer or sub-check named by a control's `verify`: not measured, not applicable, or absent from this run.",
    why: "A control that cannot be checked is no better than an attestation, and an unmeasured layer never counts as a pass.",
    fix: "Make the layer measurable (e.g. `cargo secure fetch` for advisories), or point the control at a check that runs.",
};

/// `attestation-stale`: An attested control is past its review period.
pub const ATTESTATION_STALE: CodeDoc = CodeDoc {
    code: "attestation-stale",
    title: "An attested control is past its review period",
    principle: Principle::Continuous,
    checks: "`attested-on` plus the control's `review-every` (else the threat model's, else 365 days) against today.",
    why: "Attestations (MFA, training, review practice) silently decay as people and settings change.",
    fix: "Re-check the control, then update `attested-on` (and `attested-by`).",
};

/// `exception-expired`: An accepted risk has expired.
pub const EXCEPTION_EXPIRED: CodeDoc = CodeDoc {
    code: "exception-expired",
    title: "An accepted risk has expired",
    principle: Principle::Continuous,
    checks: "`[[exceptions]] expires` against today. An expired exception no longer silences anything, and fails the gate at criticality high and above.",
    why: "Risk acceptance is a decision with a shelf life; past it, the team must decide again.",
    fix: "Fix the underlying finding and remove the exception, or decide again and set a new `expires` at most a year ahead.",
};

/// `exception-too-long`: An exception expires more than a year ahead.
pub const EXCEPTION_TOO_LONG: CodeDoc = CodeDoc {
    code: "exception-too-long",
    title: "An exception expires more than a year ahead",
    principle: Principle::Continuous,
    checks: "`[[exceptions]] expires` more than 365 days after today.",
    why: "Long-lived exceptions become permanent by neglect; a yearly decision keeps the risk visible.",
    fix: "Set `expires` within a year of today.",
};

/// `exception-unused`: An exception matches no finding.
pub const EXCEPTION_UNUSED: CodeDoc = CodeDoc {
    code: "exception-unused",
    title: "An exception matches no finding",
    principle: Principle::Continuous,
    checks: "Whether any finding of this run is named by the exception (same matching as silencing: advisory id, or finding code and package).",
    why: "A stale exception would silently accept the same problem if it came back; like cargo-deny's unused ignores, it should go.",
    fix: "Remove the `[[exceptions]]` entry.",
};

/// `mfa-not-attested`: No control attests multi-factor authentication for publishing.
pub const MFA_NOT_ATTESTED: CodeDoc = CodeDoc {
    code: "mfa-not-attested",
    title: "No control attests multi-factor authentication for publishing",
    principle: Principle::Contextual,
    checks: "At criticality medium and above, with a publishable member crate: an attested control whose id or title mentions MFA, 2FA, two-factor or multi-factor.",
    why: "A stolen crates.io or forge account publishes malware to every user; no tool can see whether owners use MFA, so the team must attest it.",
    fix: "Turn on MFA for every crate owner and forge admin, then add an attested `[[controls]]` entry (the finding prints the TOML).",
};

/// `lifecycle-stale`: No delivery stage had a security review in the last year.
pub const LIFECYCLE_STALE: CodeDoc = CodeDoc {
    code: "lifecycle-stale",
    title: "No delivery stage had a security review in the last year",
    principle: Principle::Continuous,
    checks: "`[lifecycle.<stage>] reviewed` dates: at least one within 365 days of today.",
    why: "Security belongs in every stage of delivery, not only in code; a year without a review of any stage means the practice lapsed.",
    fix: "Review a stage (design, deployment, operations...) and record `reviewed` and `evidence` under `[lifecycle.<stage>]`.",
};

/// `policy-loosened`: secure.toml (or a policy down the chain) is weaker than an organisation policy.
pub const POLICY_LOOSENED: CodeDoc = CodeDoc {
    code: "policy-loosened",
    title: "secure.toml is weaker than the organisation policy it extends",
    principle: Principle::Collaborative,
    checks: "Every value of secure.toml's `[context] criticality` and `[gate]` (and of each policy in the `extends` chain) against the floors of the policies it extends: a criticality below `min-criticality`, a `min-score` or `min-layer-score` below the policy's, a `max-db-age` above it. Always an error: the policy's floor applies whatever the repository says.",
    why: "An organisation policy is a shared standard; a repository that quietly sets a weaker value would pass a gate the security team thinks it fails. The finding names both files and lines so whoever reads the report sees which standard is loosened, and where.",
    fix: "Remove the weaker value from secure.toml (the policy's floor applies), or raise it to at least the floor; a policy change belongs in the policy's own repository.",
};

/// `required-control-missing`: A control the organisation policy requires is not declared.
pub const REQUIRED_CONTROL_MISSING: CodeDoc = CodeDoc {
    code: "required-control-missing",
    title: "A control the organisation policy requires is not declared",
    principle: Principle::Contextual,
    checks: "Each `[[required-controls]]` entry of the organisation policies secure.toml `extends` whose `criticality` is at or below the repository's: secure.toml must declare a `[[controls]]` entry with that `id`, or one that `verify`s that check id. Whether it holds is then control-failing's, attestation-stale's and control-not-measured's job. Always an error.",
    why: "The security team decides which controls every repository at a criticality must have (MFA on crates.io, cargo secure in CI, fuzzing); a repository that does not declare one has not taken it on.",
    fix: "Add a `[[controls]]` entry with the required id, verified by a check (`verify = \"<check id>\"`) or attested (`attested-by`, `attested-on`).",
};

/// `policy-unpinned`: secure.toml extends a policy URL without a `sha256`.
pub const POLICY_UNPINNED: CodeDoc = CodeDoc {
    code: "policy-unpinned",
    title: "secure.toml extends a policy URL without a sha256",
    principle: Principle::Cumulative,
    checks: "Each `{ url = ... }` item of `extends` (in secure.toml or a policy it extends) without `sha256`.",
    why: "Whoever controls the server (or its certificate) then decides the repository's gate: an unpinned policy can be loosened, or emptied, without a change to the repository. A pinned one changes only when the repository agrees to the new hash.",
    fix: "Add `sha256 = \"<hex>\"` to the item: `cargo secure init --extends URL` prints a pinned item, or hash the file with `sha256sum`.",
};

/// Every code the layer can emit.
pub static CODES: &[&CodeDoc] = &[
    &NO_SECURITY_CONTACT,
    &SECURITY_CONTACT_MISMATCH,
    &THREAT_MODEL_STALE,
    &THREAT_UNMITIGATED,
    &THREAT_ATTESTED_ONLY,
    &CONTROL_FAILING,
    &CONTROL_NOT_MEASURED,
    &ATTESTATION_STALE,
    &EXCEPTION_EXPIRED,
    &EXCEPTION_TOO_LONG,
    &EXCEPTION_UNUSED,
    &MFA_NOT_ATTESTED,
    &LIFECYCLE_STALE,
    &POLICY_LOOSENED,
    &REQUIRED_CONTROL_MISSING,
    &POLICY_UNPINNED,
];
