//! SPDX 2.3 JSON: typed serde models of the parts of the official schema
//! (`fixtures/sbom-schemas/spdx-2.3.schema.json`) that cargo secure fills.
//! A declared licence that is not an SPDX expression becomes a
//! `LicenseRef-` with the declared string as its extracted text.

use super::cyclonedx::split_author;
use super::inventory::{Component, Inventory};
use super::licence::Licence;
use super::stamp::Stamp;
use crate::finding::Scope;
use serde::Serialize;
use std::collections::HashMap;

/// An SPDX document.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// `SPDX-2.3`.
    pub spdx_version: &'static str,
    /// `CC0-1.0`, as the specification requires.
    pub data_license: &'static str,
    /// `SPDXRef-DOCUMENT`.
    #[serde(rename = "SPDXID")]
    pub spdx_id: &'static str,
    /// The subject's name.
    pub name: String,
    /// A unique URI for this document.
    pub document_namespace: String,
    /// When and by what.
    pub creation_info: CreationInfo,
    /// Where the list comes from and which target it was resolved for.
    pub comment: String,
    /// Every package, roots first.
    pub packages: Vec<Package>,
    /// DESCRIBES (document → roots) and the dependency edges.
    pub relationships: Vec<Relationship>,
    /// The declared licences that are not SPDX expressions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub has_extracted_licensing_infos: Vec<ExtractedLicence>,
}

/// `creationInfo`.
#[derive(Debug, Serialize)]
pub struct CreationInfo {
    /// `YYYY-MM-DDThh:mm:ssZ`.
    pub created: String,
    /// `Tool: cargo-secure-VERSION`.
    pub creators: Vec<String>,
}

/// A package.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    /// `SPDXRef-...`.
    #[serde(rename = "SPDXID")]
    pub spdx_id: String,
    /// Name.
    pub name: String,
    /// Version.
    pub version_info: String,
    /// A URL or `NOASSERTION`.
    pub download_location: String,
    /// Never: cargo secure lists packages, not their files.
    pub files_analyzed: bool,
    /// The Cargo.lock checksum.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checksums: Vec<Checksum>,
    /// Always `NOASSERTION`: cargo secure concludes nothing about licences.
    pub license_concluded: &'static str,
    /// The declared licence, or `NOASSERTION`.
    pub license_declared: String,
    /// Always `NOASSERTION`.
    pub copyright_text: &'static str,
    /// `Person: NAME (EMAIL)` of the first author, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub originator: Option<String>,
    /// `APPLICATION` or `LIBRARY`.
    pub primary_package_purpose: &'static str,
    /// The purl.
    pub external_refs: Vec<ExternalRef>,
    /// The cargo scope of a build or dev dependency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A checksum.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Checksum {
    /// `SHA256`.
    pub algorithm: &'static str,
    /// Hex digest.
    pub checksum_value: String,
}

/// An external reference (the purl).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalRef {
    /// `PACKAGE-MANAGER`.
    pub reference_category: &'static str,
    /// `purl`.
    pub reference_type: &'static str,
    /// The purl.
    pub reference_locator: String,
}

/// A relationship.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Relationship {
    /// From.
    pub spdx_element_id: String,
    /// `DESCRIBES`, `DEPENDS_ON`.
    pub relationship_type: &'static str,
    /// To.
    pub related_spdx_element: String,
}

/// A licence that is not on the SPDX list, as declared.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtractedLicence {
    /// `LicenseRef-N`.
    pub license_id: String,
    /// The declared string.
    pub extracted_text: String,
    /// The declared string.
    pub name: String,
}

/// The document for `inventory`, made at `stamp`.
pub fn document(inventory: &Inventory, stamp: &Stamp) -> Document {
    let mut ids: HashMap<&str, String> = HashMap::new();
    let mut extracted: Vec<ExtractedLicence> = Vec::new();
    let mut packages = Vec::new();
    for (index, item) in inventory.all().enumerate() {
        let id = format!(
            "SPDXRef-Package-{}",
            sanitise(&format!("{}-{}-{index}", item.name, item.version))
        );
        ids.insert(item.purl.as_str(), id.clone());
        packages.push(package(item, id, &mut extracted));
    }
    let mut relationships: Vec<Relationship> = inventory
        .roots
        .iter()
        .filter_map(|root| ids.get(root.purl.as_str()))
        .map(|id| Relationship {
            spdx_element_id: "SPDXRef-DOCUMENT".to_owned(),
            relationship_type: "DESCRIBES",
            related_spdx_element: id.clone(),
        })
        .collect();
    for (from, to) in &inventory.edges {
        let Some(from) = ids.get(from.as_str()) else { continue };
        for to in to.iter().filter_map(|to| ids.get(to.as_str())) {
            relationships.push(Relationship {
                spdx_element_id: from.clone(),
                relationship_type: "DEPENDS_ON",
                related_spdx_element: to.clone(),
            });
        }
    }
    let mut comment = format!("Packages from {}", inventory.origin);
    if let Some(target) = &inventory.target {
        comment.push_str(&format!("; target {target}"));
    }
    let mut document = Document {
        spdx_version: "SPDX-2.3",
        data_license: "CC0-1.0",
        spdx_id: "SPDXRef-DOCUMENT",
        name: inventory.subject.clone(),
        document_namespace: String::new(),
        creation_info: CreationInfo {
            created: stamp.timestamp(),
            creators: vec![format!("Tool: cargo-secure-{}", env!("CARGO_PKG_VERSION"))],
        },
        comment,
        packages,
        relationships,
        has_extracted_licensing_infos: extracted,
    };
    let content = serde_json::to_string(&document).unwrap_or_default();
    document.document_namespace = format!(
        "https://spdx.org/spdxdocs/cargo-secure/{}-{}",
        sanitise(&inventory.subject),
        stamp.uuid(&content)
    );
    document
}

/// The document as pretty JSON with a final newline.
pub fn render(inventory: &Inventory, stamp: &Stamp) -> String {
    let mut text = serde_json::to_string_pretty(&document(inventory, stamp)).unwrap_or_default();
    text.push('\n');
    text
}

/// One inventory component as an SPDX package.
fn package(item: &Component, spdx_id: String, extracted: &mut Vec<ExtractedLicence>) -> Package {
    let license_declared = match &item.licence {
        None => "NOASSERTION".to_owned(),
        Some(Licence::Expression(expression)) => expression.clone(),
        Some(Licence::Name(name)) => match extracted.iter().find(|e| &e.extracted_text == name) {
            Some(known) => known.license_id.clone(),
            None => {
                let license_id = format!("LicenseRef-declared-{}", extracted.len() + 1);
                extracted.push(ExtractedLicence {
                    license_id: license_id.clone(),
                    extracted_text: name.clone(),
                    name: name.clone(),
                });
                license_id
            }
        },
    };
    let originator = item.authors.first().map(|author| match split_author(author) {
        (name, Some(email)) => format!("Person: {name} ({email})"),
        (name, None) => format!("Person: {name}"),
    });
    let comment = match item.scope {
        Scope::Normal => None,
        Scope::Build => Some("cargo scope: build (runs on the build machine only)"),
        Scope::Dev => Some("cargo scope: dev (tests, examples and benches only)"),
        Scope::Lockfile => Some("cargo scope: lockfile (outside the resolved graph)"),
    };
    Package {
        spdx_id,
        name: item.name.clone(),
        version_info: item.version.clone(),
        download_location: item.download.clone().unwrap_or_else(|| "NOASSERTION".to_owned()),
        files_analyzed: false,
        checksums: item
            .sha256
            .iter()
            .map(|value| Checksum { algorithm: "SHA256", checksum_value: value.clone() })
            .collect(),
        license_concluded: "NOASSERTION",
        license_declared,
        copyright_text: "NOASSERTION",
        originator,
        primary_package_purpose: if item.application { "APPLICATION" } else { "LIBRARY" },
        external_refs: vec![ExternalRef {
            reference_category: "PACKAGE-MANAGER",
            reference_type: "purl",
            reference_locator: item.purl.clone(),
        }],
        comment: comment.map(str::to_owned),
    }
}

/// Letters, digits, `.` and `-` only, as an SPDX identifier allows.
fn sanitise(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '-' })
        .collect()
}
