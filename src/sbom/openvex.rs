//! OpenVEX 0.2.0 JSON (`fixtures/sbom-schemas/openvex-0.2.0.schema.json`):
//! one statement per matching advisory and component, the products being the
//! root components that depend on the affected package, as their subcomponent.

use super::inventory::Inventory;
use super::stamp::Stamp;
use super::vex::{State, Statement};
use serde::Serialize;

/// An OpenVEX document.
#[derive(Debug, Serialize)]
pub struct Document {
    /// The OpenVEX context IRI.
    #[serde(rename = "@context")]
    pub context: &'static str,
    /// `urn:uuid:...`.
    #[serde(rename = "@id")]
    pub id: String,
    /// Who stands behind the statements: the manifest's security contact, or
    /// the subject's name when there is none.
    pub author: String,
    /// When.
    pub timestamp: String,
    /// 1.
    pub version: u32,
    /// cargo secure and its version.
    pub tooling: String,
    /// The statements.
    pub statements: Vec<VexStatement>,
}

/// One statement.
#[derive(Debug, Serialize)]
pub struct VexStatement {
    /// The advisory.
    pub vulnerability: Vulnerability,
    /// The products (roots) with the affected package as a subcomponent.
    pub products: Vec<Product>,
    /// `affected`, `under_investigation`, `not_affected`.
    pub status: &'static str,
    /// Owner and expiry of an exception, or the gate's verdict.
    pub status_notes: String,
    /// The exception's reason, for `not_affected`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact_statement: Option<String>,
    /// What to do, for `affected`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_statement: Option<String>,
}

/// `vulnerability`.
#[derive(Debug, Serialize)]
pub struct Vulnerability {
    /// The advisory's page.
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `RUSTSEC-YYYY-NNNN`.
    pub name: String,
    /// The title.
    pub description: String,
    /// CVE and GHSA ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A product or subcomponent, by purl.
#[derive(Debug, Serialize)]
pub struct Product {
    /// The purl.
    #[serde(rename = "@id")]
    pub id: String,
    /// The purl again, as an identifier.
    pub identifiers: Identifiers,
    /// The affected package inside a product.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subcomponents: Vec<Product>,
}

/// `identifiers`.
#[derive(Debug, Serialize)]
pub struct Identifiers {
    /// The purl.
    pub purl: String,
}

fn product(purl: &str, subcomponents: Vec<Product>) -> Product {
    Product {
        id: purl.to_owned(),
        identifiers: Identifiers { purl: purl.to_owned() },
        subcomponents,
    }
}

/// The document for `statements` on `inventory`'s roots, by `author`, made at `stamp`.
pub fn document(
    inventory: &Inventory,
    statements: &[Statement],
    author: &str,
    stamp: &Stamp,
) -> Document {
    let statements = statements
        .iter()
        .map(|s| {
            let products = inventory
                .roots_reaching(&s.affects)
                .into_iter()
                .map(|root| {
                    let inside = (root.purl != s.affects).then(|| product(&s.affects, Vec::new()));
                    product(&root.purl, inside.into_iter().collect())
                })
                .collect();
            let (status, status_notes) = match s.state {
                State::NotAffected => (
                    "not_affected",
                    format!(
                        "accepted in secure.toml by {} until {}",
                        s.owner.as_deref().unwrap_or("(no owner)"),
                        s.expires.as_deref().unwrap_or("(no date)")
                    ),
                ),
                State::Exploitable => ("affected", s.detail.clone()),
                State::InTriage => ("under_investigation", s.detail.clone()),
            };
            VexStatement {
                vulnerability: Vulnerability {
                    id: s.url.clone(),
                    name: s.id.clone(),
                    description: s.title.clone(),
                    aliases: s.aliases.clone(),
                },
                products,
                status,
                status_notes,
                impact_statement: (s.state == State::NotAffected).then(|| s.detail.clone()),
                action_statement: (s.state == State::Exploitable).then(|| s.action.clone()),
            }
        })
        .collect();
    let mut document = Document {
        context: "https://openvex.dev/ns/v0.2.0",
        id: String::new(),
        author: author.to_owned(),
        timestamp: stamp.timestamp(),
        version: 1,
        tooling: format!("cargo-secure {}", env!("CARGO_PKG_VERSION")),
        statements,
    };
    let content = serde_json::to_string(&document).unwrap_or_default();
    document.id = format!("urn:uuid:{}", stamp.uuid(&content));
    document
}

/// The document as pretty JSON with a final newline.
pub fn render(
    inventory: &Inventory,
    statements: &[Statement],
    author: &str,
    stamp: &Stamp,
) -> String {
    let document = document(inventory, statements, author, stamp);
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
