//! The `posture` layer.

use super::{Check, LayerReport};
use crate::codes::CodeDoc;
use crate::context::Context;

/// The `posture` layer.
pub struct Posture;

impl Check for Posture {
    fn id(&self) -> &'static str {
        "posture"
    }
    fn title(&self) -> &'static str {
        "Repository posture"
    }
    fn weight(&self) -> f64 {
        5.0
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
