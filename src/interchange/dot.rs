//! Graphviz DOT out. Each node is a node under its own id (quoted), labelled with its name:
//! actors rounded boxes, assets hexagons; each flow an edge labelled `step. action`. With
//! positions, every node has `pos="x,y!"` in points (y turned upwards, as Graphviz counts) and
//! its box's size, so `neato -n2` draws our layout; without, `dot` lays it out from left to
//! right.

use std::fmt::Write;

use super::step_label;
use crate::layout::Measure;
use crate::model::Project;

/// Points per inch: Graphviz gives node sizes in inches.
const POINTS_PER_INCH: f32 = 72.0;

/// The DOT graph of `project`; with `positions`, each node pinned at its place and size
/// (`measure` gives the size) for `neato -n2`.
pub fn write(project: &Project, positions: Option<&dyn Measure>) -> String {
    let mut out = format!("digraph {} {{\n", quoted(&project.sheet.title));
    out.push_str("    graph [rankdir=LR, splines=true, overlap=false];\n");
    out.push_str("    node [fontname=\"Helvetica\", fontsize=11, style=\"filled\"];\n");
    out.push_str("    edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (id, node) in &project.nodes {
        let shape = if node.is_asset() {
            "shape=hexagon, fillcolor=\"#fff2cc\", color=\"#d6b656\""
        } else {
            "shape=box, style=\"rounded,filled\", fillcolor=\"#dae8fc\", color=\"#6c8ebf\""
        };
        let _ = write!(out, "    {} [label={}, {shape}", quoted(id), quoted(&node.name));
        if let Some(measure) = positions {
            let (w, h) = measure.node(node);
            let _ = write!(
                out,
                ", pos=\"{},{}!\", width={}, height={}, fixedsize=true",
                node.position.x,
                // `0.0 -`: no "-0" for a node on the axis.
                0.0 - node.position.y,
                w / POINTS_PER_INCH,
                h / POINTS_PER_INCH
            );
        }
        out.push_str("];\n");
    }
    for flow in super::flows_by_step(project) {
        let _ = writeln!(
            out,
            "    {} -> {} [label={}];",
            quoted(&flow.from),
            quoted(&flow.to),
            quoted(&step_label(flow))
        );
    }
    out.push_str("}\n");
    out
}

/// A DOT double-quoted string: `"` and `\` escaped, line breaks as `\n`.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Flow, Node, Position};

    struct Fixed;
    impl Measure for Fixed {
        fn node(&self, _: &Node) -> (f32, f32) {
            (144.0, 36.0)
        }
        fn label(&self, _: &Project, _: &Flow) -> (f32, f32) {
            (0.0, 0.0)
        }
    }

    #[test]
    fn nodes_are_pinned_with_y_upwards_and_text_is_escaped() {
        let mut p = Project::new("A \"b\"");
        p.nodes
            .insert("a-1".into(), Node::actor("x\\y", Position::new(10.0, 20.0)));
        p.flows.insert("f".into(), Flow::new("a-1", "a-1", 1, "loops"));
        let dot = write(&p, Some(&Fixed));
        assert!(dot.starts_with("digraph \"A \\\"b\\\"\" {\n"), "{dot}");
        assert!(dot.contains("\"a-1\" [label=\"x\\\\y\", shape=box"), "{dot}");
        assert!(
            dot.contains("pos=\"10,-20!\", width=2, height=0.5, fixedsize=true"),
            "{dot}"
        );
        assert!(dot.contains("\"a-1\" -> \"a-1\" [label=\"1. loops\"];"), "{dot}");
        assert!(!write(&p, None).contains("pos="));
    }
}
