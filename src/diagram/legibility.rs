//! How legible a drawing is, measured on what the diagram draws: names, captions and flow labels
//! cut short, flow labels over node boxes or over each other, flows drawn across a node they do
//! not start or end at, and pairs of crossing flows (straight centre-to-centre segments, as
//! `layout::crossings` counts them). What `dlt-modeller check --diagram` prints and the tests
//! hold every sample to.

use std::fmt;

use super::geometry::carried_asset;
use super::index::SpatialIndex;
use super::labels::overlap;
use super::sizes::{LabelText, NodeText};
use crate::model::Project;

/// Overlaps smaller than this (square diagram units) are rounding, not overlaps.
const MIN_OVERLAP: f32 = 0.5;
/// A flow counts as crossing a box when it passes this far inside it (diagram units).
const MIN_DEPTH: f32 = 0.5;

/// The legibility counts of one drawing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Legibility {
    /// Node names and captions, and flow labels, drawn cut short with "…".
    pub names_cut: usize,
    /// Pairs of a flow label and a node box that overlap.
    pub label_node_overlaps: usize,
    /// Pairs of flow labels that overlap.
    pub label_label_overlaps: usize,
    /// Flows drawn across the box of a node they do not start or end at.
    pub flows_across_nodes: usize,
    /// Pairs of flows whose straight centre-to-centre segments cross; not counted for projects
    /// of more than `layout::MAX_COUNTED_FLOWS` flows.
    pub crossings: Option<usize>,
}

impl Legibility {
    /// Measures the drawing of `project`.
    pub fn of(project: &Project) -> Self {
        let index = SpatialIndex::build(project);
        let nodes = index.nodes();
        let flows = index.flows();
        let names_cut = project.nodes.values().filter(|n| NodeText::new(n).cut()).count()
            + flows
                .iter()
                .filter(|f| {
                    project
                        .flows
                        .get(&f.id)
                        .is_some_and(|flow| LabelText::new(flow, carried_asset(project, flow), f.label_form).cut())
                })
                .count();
        let mut label_node_overlaps = 0;
        let mut label_label_overlaps = 0;
        let mut flows_across_nodes = 0;
        for (i, flow) in flows.iter().enumerate() {
            label_node_overlaps += index
                .visible_nodes(flow.label)
                .into_iter()
                .filter(|&n| overlap(nodes[n].rect, flow.label) > MIN_OVERLAP)
                .count();
            label_label_overlaps += index
                .visible_flows(flow.label)
                .into_iter()
                .filter(|&j| j > i && overlap(flows[j].label, flow.label) > MIN_OVERLAP)
                .count();
            let across = index
                .visible_nodes(flow.path.bounding_rect())
                .into_iter()
                .any(|n| n != flow.from && n != flow.to && flow.path.passes_through(nodes[n].rect.shrink(MIN_DEPTH)));
            flows_across_nodes += usize::from(across);
        }
        Self {
            names_cut,
            label_node_overlaps,
            label_label_overlaps,
            flows_across_nodes,
            crossings: crate::layout::crossings_counted(project),
        }
    }

    /// Whether nothing is cut, covered or crossed over (crossing flows aside: some graphs cannot
    /// be drawn without them).
    pub fn is_clean(&self) -> bool {
        self.names_cut == 0
            && self.label_node_overlaps == 0
            && self.label_label_overlaps == 0
            && self.flows_across_nodes == 0
    }
}

impl fmt::Display for Legibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} names cut, {} label/node overlaps, {} label/label overlaps, {} flows across nodes, ",
            self.names_cut, self.label_node_overlaps, self.label_label_overlaps, self.flows_across_nodes,
        )?;
        match self.crossings {
            Some(n) => write!(f, "{n} crossings"),
            None => write!(
                f,
                "crossings not counted (over {} flows)",
                crate::layout::MAX_COUNTED_FLOWS
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Flow, Node, Position};

    #[test]
    fn a_flow_through_a_node_and_labels_on_top_of_each_other_are_counted() {
        let mut p = Project::new("t");
        for (id, x, y) in [("a", 0.0, 0.0), ("b", 400.0, 0.0), ("c", 800.0, 0.0)] {
            p.nodes.insert(id.into(), Node::actor(id, Position::new(x, y)));
        }
        p.flows.insert("f".into(), Flow::new("c", "a", 1, "goes back"));
        let clean = Legibility::of(&p);
        assert_eq!(clean.flows_across_nodes, 0, "routed around b: {clean}");
        assert!(clean.is_clean(), "{clean}");
        p.nodes.get_mut("b").unwrap().name = "word ".repeat(100);
        assert_eq!(
            Legibility::of(&p).names_cut,
            1,
            "a name too long for three lines is cut"
        );
        // A flow between two boxes inside a third cannot get out of it.
        p.nodes
            .insert("big".into(), Node::actor("big", Position::new(2000.0, 0.0)));
        p.nodes
            .insert("in1".into(), Node::actor("1", Position::new(1990.0, 0.0)));
        p.nodes
            .insert("in2".into(), Node::actor("2", Position::new(2010.0, 0.0)));
        p.flows.insert("g".into(), Flow::new("in1", "in2", 2, "inside"));
        let crowded = Legibility::of(&p);
        assert!(crowded.flows_across_nodes > 0 && !crowded.is_clean(), "{crowded}");
    }
}
