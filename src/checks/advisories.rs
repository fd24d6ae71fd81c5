//! The `advisories` layer.

use super::{Check, LayerReport};
use crate::codes::CodeDoc;
use crate::context::Context;

/// The `advisories` layer.
pub struct Advisories;

impl Check for Advisories {
    fn id(&self) -> &'static str {
        "advisories"
    }
    fn title(&self) -> &'static str {
        "Advisories"
    }
    fn weight(&self) -> f64 {
        10.0
    }
    fn required(&self) -> bool {
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
