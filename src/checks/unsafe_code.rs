//! The `unsafe-code` layer.

use super::{Check, LayerReport};
use crate::codes::CodeDoc;
use crate::context::Context;

/// The `unsafe-code` layer.
pub struct UnsafeCode;

impl Check for UnsafeCode {
    fn id(&self) -> &'static str {
        "unsafe-code"
    }
    fn title(&self) -> &'static str {
        "Unsafe code"
    }
    fn weight(&self) -> f64 {
        7.5
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
