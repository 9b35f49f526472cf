//! Marks around what the painter draws for one node, flow or flow label, so that an exporter
//! can tell which shapes show what (the SVG's `<g class="node">`, `<g class="flow">` and
//! `<g class="flow-label">` groups). A mark is a paint callback whose payload is a [`Mark`]:
//! it draws nothing, and a renderer that does not know it leaves it out. Painted only when
//! [`Decorations::marks`](super::Decorations) asks for them (never on screen or in a PNG).

use std::sync::Arc;

use egui::epaint::PaintCallback;
use egui::{Painter, Rect, Shape};

use crate::model::Node;

/// The start or the end of what is drawn for one item of the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A node: its id, whether it is an actor (else an asset), and its whole name.
    Node { id: String, actor: bool, name: String },
    /// A flow's line and arrowhead: its id and the ids of the nodes it goes from and to.
    Flow { id: String, from: String, to: String },
    /// A flow's label: the flow's id.
    Label { id: String },
    /// The end of the item begun last.
    End,
}

impl Mark {
    pub fn node(id: &str, node: &Node) -> Self {
        Mark::Node {
            id: id.to_owned(),
            actor: node.is_actor(),
            name: node.name.clone(),
        }
    }

    pub fn flow(id: &str, from: &str, to: &str) -> Self {
        Mark::Flow {
            id: id.to_owned(),
            from: from.to_owned(),
            to: to.to_owned(),
        }
    }

    pub fn label(id: &str) -> Self {
        Mark::Label { id: id.to_owned() }
    }

    /// The mark `shape` carries, if it is one.
    pub fn of(shape: &Shape) -> Option<&Mark> {
        match shape {
            Shape::Callback(callback) => callback.callback.downcast_ref(),
            _ => None,
        }
    }

    /// The mark as a shape: a callback on an empty rectangle, which draws nothing.
    pub fn into_shape(self) -> Shape {
        Shape::Callback(PaintCallback {
            rect: Rect::ZERO,
            callback: Arc::new(self),
        })
    }
}

/// Runs `draw`, between the mark `begin` makes and [`Mark::End`] when `marked`.
pub(super) fn around(painter: &Painter, marked: bool, begin: impl FnOnce() -> Mark, draw: impl FnOnce()) {
    if marked {
        painter.add(begin().into_shape());
    }
    draw();
    if marked {
        painter.add(Mark::End.into_shape());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Position;

    #[test]
    fn a_mark_comes_back_from_its_shape_and_other_shapes_carry_none() {
        let mark = Mark::node("a-1", &Node::asset("Gold bar", Position::default()));
        let shape = mark.clone().into_shape();
        assert_eq!(Mark::of(&shape), Some(&mark));
        assert_eq!(
            mark,
            Mark::Node {
                id: "a-1".into(),
                actor: false,
                name: "Gold bar".into()
            }
        );
        assert_eq!(Mark::of(&Shape::Noop), None);
        let foreign = Shape::Callback(PaintCallback {
            rect: Rect::ZERO,
            callback: Arc::new(7_u32),
        });
        assert_eq!(Mark::of(&foreign), None);
    }
}
