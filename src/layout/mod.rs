//! Automatic layout of the diagram: our own layered (Sugiyama) layout in flow direction —
//! cycles, ranks, the layered graph with label and slot items, crossing reduction,
//! coordinates, each stage in its own module — "tidy" (snap to the grid and remove overlaps
//! without reordering), and the measures the tests hold layouts to (overlapping boxes, crossing
//! flows). Pure functions from a project to new node positions; the editor applies them as one
//! undoable move. How big boxes and labels are comes from the caller ([`Measure`]): the diagram
//! measures text, layout only reads sizes.

mod coords;
mod cycles;
mod graph;
mod layered;
mod layers;
mod measure;
mod order;
mod ranks;
mod simplex;
mod straight;
mod tidy;

pub use layered::{Direction, Layout, LayoutError, Route, layered, layered_with_routes};
pub use measure::{MAX_COUNTED_FLOWS, crossings, crossings_counted, crossings_text, overlaps};
pub use tidy::tidy;

use crate::model::{Flow, Node, Project};

/// The room the drawing of a project takes, in diagram units (width, height): each node's box
/// (centred on its position) and each flow's label. `diagram::Sizes` measures the real text;
/// tests may use any fixed sizes.
pub trait Measure: Sync {
    /// The size of a node's box.
    fn node(&self, node: &Node) -> (f32, f32);
    /// The size of a flow's label as drawn in full (step badge, action, carried asset).
    fn label(&self, project: &Project, flow: &Flow) -> (f32, f32);
}
