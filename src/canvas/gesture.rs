//! Pointer gestures on empty canvas and drags anywhere: clicks and double-clicks the per-node
//! regions did not catch, moving nodes, box-selecting, connecting two nodes, panning, dropping a
//! new node; their feedback on screen; and cancelling them with Escape. A move is drawn while
//! dragging and applied as one edit on release, so a cancelled move leaves the history untouched.

use egui::{Color32, Key, Painter, PointerButton, Pos2, Rect, Response, Stroke, Ui, Vec2};

use super::{Action, Canvas, NewNode, Selection, Tool, grid};
use crate::diagram::{MIN_NODE_SIZE, SpatialIndex, Style, handle_point};
use crate::edit;
use crate::model::{NodeId, Position, Project};

/// A drag under way.
pub(super) enum Gesture {
    /// Moving the selected nodes: `grabbed` is where the drag began and `start` the centre of the
    /// node under it (diagram units); `offset` is how far they have moved so far.
    Move {
        grabbed: Pos2,
        start: Pos2,
        offset: Vec2,
    },
    /// A selection box from `from` to `to` (diagram units), added to `before` when `additive`;
    /// `before` is also what Escape restores.
    Select {
        from: Pos2,
        to: Pos2,
        before: Selection,
        additive: bool,
    },
    /// A new flow from a node to wherever the pointer is (diagram units).
    Connect {
        from: NodeId,
        to: Pos2,
    },
    Pan,
}

/// How far from a node's connect handle a press still grabs it (screen points).
const HANDLE_REACH: f32 = 9.0;
const HANDLE_RADIUS: f32 = 5.0;
/// Nodes shorter than this on screen show no handle (use the Connect tool instead).
const MIN_HANDLE_NODE_HEIGHT: f32 = 20.0;
/// How close to a flow's path a click hits it (screen points).
const FLOW_REACH: f32 = 6.0;

impl Canvas {
    /// Handles the background region's clicks, drags and drops.
    pub(super) fn pointer(
        &mut self,
        ui: &Ui,
        bg: &Response,
        project: &Project,
        index: &SpatialIndex,
        out: &mut Vec<Action>,
    ) {
        if bg.drag_started() {
            self.start_drag(ui, bg, project, index, out);
        }
        if bg.dragged() {
            self.continue_drag(ui, bg, project, index, out);
        }
        if bg.drag_stopped() {
            self.finish_drag(project, index, out);
        }
        let pointer = ui.input(|i| i.pointer.interact_pos());
        if let Some(pos) = pointer.filter(|_| bg.clicked() || bg.double_clicked()) {
            let hit = self.hit(index, pos);
            let at = self.view.point_to_diagram(pos);
            match (&hit, bg.double_clicked(), self.tool) {
                (Some(id), true, _) if project.nodes.contains_key(id) => self.start_rename(id),
                (None, true, Tool::AddAsset) => self.add_node(project, index, NewNode::Asset, at, out),
                (None, true, _) => self.add_node(project, index, NewNode::Actor, at, out),
                (None, false, Tool::AddActor) => self.add_node(project, index, NewNode::Actor, at, out),
                (None, false, Tool::AddAsset) => self.add_node(project, index, NewNode::Asset, at, out),
                (_, false, _) => {
                    let toggle = ui.input(|i| i.modifiers.shift || i.modifiers.command);
                    self.click(hit, toggle, out);
                }
                _ => {}
            }
        }
        if let (Some(kind), Some(pos)) = (bg.dnd_release_payload::<NewNode>(), ui.input(|i| i.pointer.hover_pos())) {
            self.add_node(project, index, *kind, self.view.point_to_diagram(pos), out);
        }
    }

    /// The node or flow under a screen point.
    fn hit(&self, index: &SpatialIndex, pos: Pos2) -> Option<String> {
        let p = self.view.point_to_diagram(pos);
        index
            .node_at(p)
            .or_else(|| index.flow_at(p, FLOW_REACH / self.view.zoom))
            .map(str::to_string)
    }

    /// The node whose connect handle is at a screen point.
    fn handle_at(&self, index: &SpatialIndex, pos: Pos2) -> Option<String> {
        if MIN_NODE_SIZE.y * self.view.zoom < MIN_HANDLE_NODE_HEIGHT {
            return None;
        }
        let p = self.view.point_to_diagram(pos);
        let near = Rect::from_center_size(p, Vec2::splat(2.0 * HANDLE_REACH / self.view.zoom));
        let nodes = index.nodes_in_rect(near);
        nodes.into_iter().rev().find_map(|id| {
            let handle = self.view.point_to_screen(handle_point(index.node_rect(id)?));
            (handle.distance(pos) <= HANDLE_REACH).then(|| id.to_string())
        })
    }

    fn start_drag(&mut self, ui: &Ui, bg: &Response, project: &Project, index: &SpatialIndex, out: &mut Vec<Action>) {
        let Some(press) = ui.input(|i| i.pointer.press_origin()) else {
            return;
        };
        let p = self.view.point_to_diagram(press);
        let space = ui.input(|i| i.key_down(Key::Space));
        let primary = bg.drag_started_by(PointerButton::Primary);
        let shift = ui.input(|i| i.modifiers.shift || i.modifiers.command);
        self.gesture = if bg.drag_started_by(PointerButton::Middle) || (primary && space) {
            Some(Gesture::Pan)
        } else if !primary {
            None
        } else if let Some(from) = self.handle_at(index, press) {
            Some(Gesture::Connect { from, to: p })
        } else if let Some(node) = index.node_at(p) {
            if self.tool == Tool::Connect {
                Some(Gesture::Connect {
                    from: node.to_string(),
                    to: p,
                })
            } else {
                if !self.selection.contains(node) {
                    let mut selection = if shift {
                        self.selection.clone()
                    } else {
                        Selection::new()
                    };
                    selection.insert(node.to_string());
                    self.selection = selection;
                    out.push(Action::SelectionChanged);
                }
                let start = project
                    .nodes
                    .get(node)
                    .map_or(p, |n| Pos2::new(n.position.x, n.position.y));
                Some(Gesture::Move {
                    grabbed: p,
                    start,
                    offset: Vec2::ZERO,
                })
            }
        } else if self.tool == Tool::Select {
            Some(Gesture::Select {
                from: p,
                to: p,
                before: self.selection.clone(),
                additive: shift,
            })
        } else {
            Some(Gesture::Pan)
        };
    }

    fn continue_drag(
        &mut self,
        ui: &Ui,
        bg: &Response,
        project: &Project,
        index: &SpatialIndex,
        out: &mut Vec<Action>,
    ) {
        let Some(pointer) = ui.input(|i| i.pointer.interact_pos()) else {
            return;
        };
        let p = self.view.point_to_diagram(pointer);
        let mut boxed = None;
        match &mut self.gesture {
            Some(Gesture::Move { grabbed, start, offset }) => {
                let target = *start + (p - *grabbed);
                let target = if self.snap { grid::snap(target) } else { target };
                *offset = target - *start;
            }
            Some(Gesture::Select {
                from,
                to,
                before,
                additive,
            }) => {
                *to = p;
                let mut selection = boxed_selection(project, index, Rect::from_two_pos(*from, p));
                if *additive {
                    selection.extend(before.iter().cloned());
                }
                boxed = Some(selection);
            }
            Some(Gesture::Connect { to, .. }) => *to = p,
            Some(Gesture::Pan) => self.view = self.view.panned(bg.drag_delta()),
            None => {}
        }
        if let Some(selection) = boxed
            && self.set_selection(selection)
        {
            out.push(Action::SelectionChanged);
        }
    }

    fn finish_drag(&mut self, project: &Project, index: &SpatialIndex, out: &mut Vec<Action>) {
        match self.gesture.take() {
            Some(Gesture::Move { offset, .. }) if offset != Vec2::ZERO => {
                let moves: Vec<(NodeId, Position)> = self
                    .selection
                    .iter()
                    .filter_map(|id| {
                        let at = project.nodes.get(id)?.position;
                        Some((id.clone(), Position::new(at.x + offset.x, at.y + offset.y)))
                    })
                    .collect();
                self.gestures_started += 1;
                let key = egui::Id::unique(("dlt-canvas-move", self.gestures_started)).value();
                out.push(Action::Apply {
                    edit: edit::move_nodes(project, &moves),
                    gesture: Some(key),
                });
                out.push(Action::EndGesture);
            }
            Some(Gesture::Connect { from, to }) => {
                if let Some(target) = index.node_at(to) {
                    self.add_flow(project, &from, target, out);
                }
            }
            _ => {}
        }
    }

    /// Cancels the gesture under way (a box selection restores the selection before it);
    /// whether there was one.
    pub(super) fn cancel_gesture(&mut self, ui: &Ui, out: &mut Vec<Action>) -> bool {
        let Some(gesture) = self.gesture.take() else {
            return false;
        };
        if let Gesture::Select { before, .. } = gesture
            && self.set_selection(before)
        {
            out.push(Action::SelectionChanged);
        }
        ui.ctx().stop_dragging();
        true
    }

    /// How far the selected nodes are being dragged (diagram units).
    pub(super) fn drag_offset(&self) -> Vec2 {
        match self.gesture {
            Some(Gesture::Move { offset, .. }) => offset,
            _ => Vec2::ZERO,
        }
    }

    /// Connect handles, the selection box, the flow being drawn and a node being dropped in
    /// (where it will land).
    pub(super) fn paint_gesture(
        &self,
        ui: &Ui,
        painter: &Painter,
        style: &Style,
        project: &Project,
        index: &SpatialIndex,
    ) {
        let view = &self.view;
        let hover = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| painter.clip_rect().contains(*p));
        let line = Stroke::new(1.5, style.selection);
        match &self.gesture {
            Some(Gesture::Select { from, to, .. }) => {
                let rect = view.rect_to_screen(Rect::from_two_pos(*from, *to));
                painter.rect_filled(rect, 0.0, style.selection.gamma_multiply(0.12));
                painter.rect_stroke(rect, 0.0, line, egui::StrokeKind::Inside);
            }
            Some(Gesture::Connect { from, to }) => {
                let Some(source) = index.node_rect(from) else { return };
                let start = view.point_to_screen(handle_point(source));
                let end = view.point_to_screen(*to);
                if let Some(target) = index
                    .node_at(*to)
                    .and_then(|id| index.node_rect(id))
                    .filter(|_| !source.contains(*to))
                {
                    painter.rect_stroke(
                        view.rect_to_screen(target).expand(3.0),
                        6.0,
                        line,
                        egui::StrokeKind::Outside,
                    );
                }
                painter.arrow(start, end - start, Stroke::new(2.0, style.selection));
            }
            Some(Gesture::Move { .. } | Gesture::Pan) => {}
            None => {
                if MIN_NODE_SIZE.y * view.zoom >= MIN_HANDLE_NODE_HEIGHT {
                    let hovered = hover.and_then(|p| {
                        self.handle_at(index, p)
                            .or_else(|| index.node_at(view.point_to_diagram(p)).map(str::to_string))
                    });
                    for id in hovered.iter().chain(self.selection.iter()) {
                        if let Some(rect) = index.node_rect(id) {
                            let at = view.point_to_screen(handle_point(rect));
                            painter.circle(at, HANDLE_RADIUS, style.background, Stroke::new(2.0, style.selection));
                        }
                    }
                }
                if let (Some(p), Some(kind)) = (hover, egui::DragAndDrop::payload::<NewNode>(ui.ctx())) {
                    let node = super::new_node(project, *kind);
                    let ghost = view.rect_to_screen(self.landing(&node, view.point_to_diagram(p), index));
                    painter.rect_stroke(ghost, 8.0, Stroke::new(1.5, Color32::GRAY), egui::StrokeKind::Inside);
                }
            }
        }
    }
}

/// The nodes wholly inside `area` (diagram units) and the flows between them.
fn boxed_selection(project: &Project, index: &SpatialIndex, area: Rect) -> Selection {
    let nodes: Selection = index
        .nodes_in_rect(area)
        .into_iter()
        .filter(|id| index.node_rect(id).is_some_and(|r| area.contains_rect(r)))
        .map(str::to_string)
        .collect();
    let flows: Vec<String> = index
        .flows_in_rect(area)
        .into_iter()
        .filter(|id| {
            project
                .flows
                .get(*id)
                .is_some_and(|f| nodes.contains(&f.from) && nodes.contains(&f.to))
        })
        .map(str::to_string)
        .collect();
    nodes.into_iter().chain(flows).collect()
}
