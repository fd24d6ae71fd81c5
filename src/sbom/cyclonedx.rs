//! CycloneDX 1.6 JSON: typed serde models of the parts of the official schema
//! (`fixtures/sbom-schemas/bom-1.6.schema.json`) that cargo secure fills.
//! The CycloneDX project's own crate (`cyclonedx-bom` 0.8.1, its newest
//! release) models 1.3 to 1.5 only, so these are ours.

use super::inventory::{Component as Item, Inventory};
use super::licence::Licence;
use super::stamp::Stamp;
use super::vex::{self, State, Statement};
use crate::finding::Scope;
use serde::Serialize;

/// A CycloneDX document.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bom {
    /// Always `CycloneDX`.
    pub bom_format: &'static str,
    /// Always `1.6`.
    pub spec_version: &'static str,
    /// `urn:uuid:...`.
    pub serial_number: String,
    /// The document's version: 1.
    pub version: u32,
    /// When, by what, about what.
    pub metadata: Metadata,
    /// Every component but the subject.
    pub components: Vec<Component>,
    /// The dependency graph.
    pub dependencies: Vec<Dependency>,
    /// The advisories that match, with their VEX analysis.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vulnerabilities: Vec<Vulnerability>,
}

/// `metadata`.
#[derive(Debug, Serialize)]
pub struct Metadata {
    /// RFC 3339.
    pub timestamp: String,
    /// The tools that made the document: cargo secure.
    pub tools: Tools,
    /// The subject: the single member, or the workspace with its members inside.
    pub component: Component,
    /// Where the list comes from and which target it was resolved for.
    pub properties: Vec<Property>,
}

/// `metadata.tools` in its 1.5+ form.
#[derive(Debug, Serialize)]
pub struct Tools {
    /// Tools as components.
    pub components: Vec<Component>,
}

/// A component.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    /// `application` or `library`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The reference used by `dependencies` (the purl).
    #[serde(rename = "bom-ref", skip_serializing_if = "Option::is_none")]
    pub bom_ref: Option<String>,
    /// Its authors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Contact>,
    /// Name.
    pub name: String,
    /// Version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `required` or `excluded`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<&'static str>,
    /// The Cargo.lock checksum.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Hash>,
    /// The declared licence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<LicenseChoice>,
    /// Package URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// Where the source is downloaded from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub external_references: Vec<ExternalReference>,
    /// The cargo scope, for build and dev dependencies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
    /// Nested components: the members of a workspace subject.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
}

/// An `organizationalContact`.
#[derive(Debug, Serialize)]
pub struct Contact {
    /// Name.
    pub name: String,
    /// E-mail address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A hash.
#[derive(Debug, Serialize)]
pub struct Hash {
    /// `SHA-256`.
    pub alg: &'static str,
    /// Hex digest.
    pub content: String,
}

/// One entry of `licenses`: an expression, or a licence by name.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum LicenseChoice {
    /// An SPDX expression.
    Expression {
        /// The expression.
        expression: String,
    },
    /// A licence by name.
    License {
        /// The licence.
        license: NamedLicense,
    },
}

/// A licence known by name only.
#[derive(Debug, Serialize)]
pub struct NamedLicense {
    /// The declared string.
    pub name: String,
}

/// An external reference.
#[derive(Debug, Serialize)]
pub struct ExternalReference {
    /// `distribution`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The URL.
    pub url: String,
}

/// A name/value property.
#[derive(Debug, Serialize)]
pub struct Property {
    /// Namespaced name (`cargo-secure:...`).
    pub name: String,
    /// Value.
    pub value: String,
}

/// One node of the dependency graph.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dependency {
    /// The component's `bom-ref`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The `bom-ref`s it depends on.
    pub depends_on: Vec<String>,
}

/// A vulnerability with its analysis.
#[derive(Debug, Serialize)]
pub struct Vulnerability {
    /// The advisory id.
    pub id: String,
    /// RustSec.
    pub source: Source,
    /// The aliases (CVE, GHSA).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// The CVSS rating.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ratings: Vec<Rating>,
    /// The advisory's title.
    pub description: String,
    /// What to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<String>,
    /// The VEX analysis.
    pub analysis: Analysis,
    /// The affected component.
    pub affects: Vec<Affects>,
    /// The advisory kind; an exception's owner and expiry.
    pub properties: Vec<Property>,
}

/// Where a vulnerability is described.
#[derive(Debug, Serialize)]
pub struct Source {
    /// `RustSec`, `CVE`, `GHSA`.
    pub name: String,
    /// The advisory's page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Another identifier of the same vulnerability.
#[derive(Debug, Serialize)]
pub struct Reference {
    /// The alias.
    pub id: String,
    /// Its namespace.
    pub source: Source,
}

/// A CVSS rating.
#[derive(Debug, Serialize)]
pub struct Rating {
    /// Base score.
    pub score: f64,
    /// Qualitative severity.
    pub severity: String,
    /// `CVSSv31`, `CVSSv3`, `CVSSv4`, `other`.
    pub method: &'static str,
    /// The vector.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vector: Option<String>,
}

/// `analysis`.
#[derive(Debug, Serialize)]
pub struct Analysis {
    /// `exploitable`, `in_triage`, `not_affected`.
    pub state: &'static str,
    /// Why.
    pub detail: String,
}

/// An affected component.
#[derive(Debug, Serialize)]
pub struct Affects {
    /// Its `bom-ref`.
    #[serde(rename = "ref")]
    pub reference: String,
}

/// A VEX statement as a CycloneDX vulnerability.
fn vulnerability(statement: &Statement) -> Vulnerability {
    let namespace = |alias: &str| alias.split('-').next().unwrap_or("other").to_owned();
    let mut properties = vec![Property {
        name: "cargo-secure:advisory-kind".to_owned(),
        value: statement.kind.clone(),
    }];
    for (name, value) in [("owner", &statement.owner), ("expires", &statement.expires)] {
        if let Some(value) = value {
            properties.push(Property {
                name: format!("cargo-secure:exception-{name}"),
                value: value.clone(),
            });
        }
    }
    let detail = match (&statement.owner, &statement.expires) {
        (Some(owner), Some(expires)) => {
            format!("{} (accepted by {owner} until {expires})", statement.detail)
        }
        _ => statement.detail.clone(),
    };
    Vulnerability {
        id: statement.id.clone(),
        source: Source { name: "RustSec".to_owned(), url: statement.url.clone() },
        references: statement
            .aliases
            .iter()
            .map(|alias| Reference {
                id: alias.clone(),
                source: Source { name: namespace(alias), url: None },
            })
            .collect(),
        ratings: statement
            .rating
            .iter()
            .map(|r| Rating {
                score: r.score,
                severity: r.severity.clone(),
                method: vex::method(r.vector.as_deref()),
                vector: r.vector.clone(),
            })
            .collect(),
        description: statement.title.clone(),
        recommendation: (statement.state != State::NotAffected).then(|| statement.action.clone()),
        analysis: Analysis {
            state: match statement.state {
                State::Exploitable => "exploitable",
                State::InTriage => "in_triage",
                State::NotAffected => "not_affected",
            },
            detail,
        },
        affects: vec![Affects { reference: statement.affects.clone() }],
        properties,
    }
}

/// The document for `inventory` with the `statements` on it, made at `stamp`.
pub fn document(inventory: &Inventory, statements: &[Statement], stamp: &Stamp) -> Bom {
    let subject = match inventory.roots.as_slice() {
        [root] => component(root),
        roots => Component {
            kind: "application",
            bom_ref: Some(format!("workspace:{}", inventory.subject)),
            name: inventory.subject.clone(),
            components: roots.iter().map(component).collect(),
            ..bare("application", &inventory.subject)
        },
    };
    let mut properties =
        vec![Property { name: "cargo-secure:origin".to_owned(), value: inventory.origin.clone() }];
    if let Some(target) = &inventory.target {
        properties.push(Property { name: "cargo-secure:target".to_owned(), value: target.clone() });
    }
    let tool = Component {
        version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        ..bare("application", "cargo-secure")
    };
    let dependencies = inventory
        .edges
        .iter()
        .map(|(from, to)| Dependency {
            reference: from.clone(),
            depends_on: to.iter().cloned().collect(),
        })
        .collect();
    let mut bom = Bom {
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: String::new(),
        version: 1,
        metadata: Metadata {
            timestamp: stamp.timestamp(),
            tools: Tools { components: vec![tool] },
            component: subject,
            properties,
        },
        components: inventory.components.iter().map(component).collect(),
        dependencies,
        vulnerabilities: statements.iter().map(vulnerability).collect(),
    };
    let content = serde_json::to_string(&bom).unwrap_or_default();
    bom.serial_number = format!("urn:uuid:{}", stamp.uuid(&content));
    bom
}

/// The document as pretty JSON with a final newline.
pub fn render(inventory: &Inventory, statements: &[Statement], stamp: &Stamp) -> String {
    let bom = document(inventory, statements, stamp);
    let mut text = serde_json::to_string_pretty(&bom).unwrap_or_default();
    text.push('\n');
    text
}

/// A component with a type and name and nothing else.
fn bare(kind: &'static str, name: &str) -> Component {
    Component {
        kind,
        bom_ref: None,
        authors: Vec::new(),
        name: name.to_owned(),
        version: None,
        scope: None,
        hashes: Vec::new(),
        licenses: Vec::new(),
        purl: None,
        external_references: Vec::new(),
        properties: Vec::new(),
        components: Vec::new(),
    }
}

/// An inventory component in CycloneDX terms.
fn component(item: &Item) -> Component {
    let kind = if item.application { "application" } else { "library" };
    let (scope, cargo_scope) = match item.scope {
        Scope::Normal => ("required", None),
        Scope::Build => ("excluded", Some("build")),
        Scope::Dev => ("excluded", Some("dev")),
        Scope::Lockfile => ("optional", Some("lockfile")),
    };
    Component {
        bom_ref: Some(item.purl.clone()),
        authors: item.authors.iter().map(|a| contact(a)).collect(),
        version: Some(item.version.clone()),
        scope: Some(scope),
        hashes: item
            .sha256
            .iter()
            .map(|content| Hash { alg: "SHA-256", content: content.clone() })
            .collect(),
        licenses: item
            .licence
            .iter()
            .map(|licence| match licence {
                Licence::Expression(expression) => {
                    LicenseChoice::Expression { expression: expression.clone() }
                }
                Licence::Name(name) => {
                    LicenseChoice::License { license: NamedLicense { name: name.clone() } }
                }
            })
            .collect(),
        purl: Some(item.purl.clone()),
        external_references: item
            .download
            .iter()
            .map(|url| ExternalReference { kind: "distribution", url: url.clone() })
            .collect(),
        properties: cargo_scope
            .map(|value| Property {
                name: "cargo-secure:scope".to_owned(),
                value: value.to_owned(),
            })
            .into_iter()
            .collect(),
        ..bare(kind, &item.name)
    }
}

/// `Jane Doe <jane@example.com>` as a contact.
pub fn contact(author: &str) -> Contact {
    let (name, email) = split_author(author);
    Contact { name: name.to_owned(), email: email.map(str::to_owned) }
}

/// An `authors` entry's name and e-mail address.
pub fn split_author(author: &str) -> (&str, Option<&str>) {
    let author = author.trim();
    match author.rsplit_once('<') {
        Some((name, rest)) if rest.ends_with('>') && !name.trim().is_empty() => {
            (name.trim(), Some(rest.trim_end_matches('>').trim()).filter(|e| e.contains('@')))
        }
        _ => (author, None),
    }
}
