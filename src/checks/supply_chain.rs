//! The `supply-chain` layer.

use super::{Check, LayerReport};
use crate::codes::CodeDoc;
use crate::context::Context;

/// The `supply-chain` layer.
pub struct SupplyChain;

impl Check for SupplyChain {
    fn id(&self) -> &'static str {
        "supply-chain"
    }
    fn title(&self) -> &'static str {
        "Supply chain"
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
