//! How much room the drawing of each node and each flow label takes, in diagram units: what
//! layout, hit-testing, the spatial index and export all size boxes by.

use egui::{Pos2, Vec2};

use super::geometry::{NODE_SIZE, carried_asset, label_rect};
use crate::layout::Measure;
use crate::model::{Flow, Node, Project};

/// The sizes the diagram draws at, for [`crate::layout`].
pub struct Sizes;

/// The size of a node's box.
pub fn node_size(_node: &Node) -> Vec2 {
    NODE_SIZE
}

impl Measure for Sizes {
    fn node(&self, node: &Node) -> (f32, f32) {
        let size = node_size(node);
        (size.x, size.y)
    }

    fn label(&self, project: &Project, flow: &Flow) -> (f32, f32) {
        let size = label_rect(flow, carried_asset(project, flow), Pos2::ZERO).size();
        (size.x, size.y)
    }
}
