//! The `manifest` layer.

use super::{Check, LayerReport};
use crate::codes::CodeDoc;
use crate::context::Context;

/// The `manifest` layer.
pub struct ManifestLayer;

impl Check for ManifestLayer {
    fn id(&self) -> &'static str {
        "manifest"
    }
    fn title(&self) -> &'static str {
        "Security manifest"
    }
    fn weight(&self) -> f64 {
        5.0
    }
    fn runs_last(&self) -> bool {
        true
    }
    fn about(&self) -> &'static str {
        "TODO"
    }
    fn codes(&self) -> &'static [CodeDoc] {
        &[]
    }
    fn run(&self, _ctx: &Context<'_>, _earlier: &[LayerReport]) -> LayerReport {
        LayerReport::not_measured(self, "not implemented yet")
    }
}
