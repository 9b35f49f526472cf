//! Accessible regions for what the canvas paints: every node and flow in view gets a clickable
//! region with a stable id (made from its own id) and a name — "Actor: Mine", "Asset: Gold bar",
//! "Flow 3: Mine → Refiner: registers lot" — so screen readers and tests find and click them.
//! Zoomed far out, or with too much in view, the canvas hit-tests by position alone.

use egui::{Id, Rect, Response, Role, Sense, Ui, WidgetInfo};

use crate::diagram::{MIN_NODE_SIZE, SpatialIndex, View};
use crate::model::{Flow, Node, Project};

/// At most this many regions in a frame.
const MAX_REGIONS: usize = 1500;
/// Nodes shorter than this on screen get no region.
const MIN_NODE_HEIGHT: f32 = 12.0;

/// A region per flow and node in `clip`, flows first so that nodes are on top; with the id of
/// what each stands for. A region's name is written only when asked for (a screen reader, a
/// click): most frames ask for none.
pub(super) fn regions<'a>(
    ui: &Ui,
    canvas: Id,
    project: &Project,
    index: &'a SpatialIndex,
    view: &View,
    clip: Rect,
) -> Vec<(&'a str, Response)> {
    if MIN_NODE_SIZE.y * view.zoom < MIN_NODE_HEIGHT {
        return Vec::new();
    }
    let area = view.rect_to_diagram(clip);
    let (flows, nodes) = (index.flow_labels_in_rect(area), index.nodes_in_rect(area));
    if flows.len() + nodes.len() > MAX_REGIONS {
        return Vec::new();
    }
    let flows = flows
        .into_iter()
        .filter_map(|(id, label)| Some((id, label, Named::Flow(project.flows.get(id)?))));
    let nodes = nodes
        .into_iter()
        .filter_map(|id| Some((id, index.node_rect(id)?, Named::Node(project.nodes.get(id)?))));
    let mut out = Vec::new();
    for (id, rect, named) in flows.chain(nodes) {
        let response = ui.interact(view.rect_to_screen(rect), canvas.with(id), Sense::click());
        response.widget_info(|| WidgetInfo::labeled(Role::Button, true, named.name(project)));
        out.push((id, response));
    }
    out
}

/// What a region stands for.
enum Named<'a> {
    Flow(&'a Flow),
    Node(&'a Node),
}

impl Named<'_> {
    /// Its accessible name.
    fn name(&self, project: &Project) -> String {
        match self {
            Named::Flow(flow) => flow_name(project, flow),
            Named::Node(node) => {
                let kind = if node.is_actor() { "Actor" } else { "Asset" };
                format!("{kind}: {}", node.name)
            }
        }
    }
}

/// "Flow 3: Mine → Refiner: registers lot".
fn flow_name(project: &Project, flow: &Flow) -> String {
    let name = |id: &str| project.nodes.get(id).map_or(id.to_string(), |n| n.name.clone());
    format!(
        "Flow {}: {} → {}: {}",
        flow.step,
        name(&flow.from),
        name(&flow.to),
        flow.action
    )
}
