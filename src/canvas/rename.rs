//! Renaming a node in place: a text field over the node, its text selected so typing replaces
//! it. Enter (or clicking elsewhere) keeps the new name as one Rename edit; Escape cancels.

use egui::text::CCursorRange;
use egui::text_edit::TextEditState;
use egui::{FontId, Key, Rect, TextEdit, Ui, vec2};

use super::{Action, Canvas};
use crate::diagram::node_rect;
use crate::edit;
use crate::model::{NodeId, Project};

/// The name font at 100 % zoom, and the smallest and largest it gets while editing.
const FONT: f32 = 14.0;
const MIN_FONT: f32 = 12.0;
const MAX_FONT: f32 = 28.0;
/// The narrowest the text field gets (screen points).
const MIN_WIDTH: f32 = 160.0;

/// A rename under way.
pub(super) struct Rename {
    pub id: NodeId,
    text: String,
    started: bool,
}

impl Rename {
    pub fn new(id: NodeId) -> Self {
        Self {
            id,
            text: String::new(),
            started: false,
        }
    }
}

impl Canvas {
    pub(super) fn rename_ui(&mut self, ui: &mut Ui, project: &Project, out: &mut Vec<Action>) {
        let Some(rename) = &mut self.rename else { return };
        let Some(node) = project.nodes.get(&rename.id) else {
            // A node added this frame is not in the project until the app applies the edit.
            if !out.iter().any(|a| matches!(a, Action::Apply { .. })) {
                self.rename = None;
            }
            return;
        };
        let id = ui.scope_id().with(("dlt-canvas-rename", &rename.id));
        if !rename.started {
            // Wait until the click that asked for the rename is over: a click lands on no
            // widget of the field yet, which would take the focus straight away again.
            if ui.input(|i| i.pointer.any_pressed() || i.pointer.any_released()) {
                return;
            }
            rename.started = true;
            rename.text = node.name.clone();
            let mut state = TextEditState::load(ui.ctx(), id).unwrap_or_default();
            state
                .cursor
                .set_char_range(Some(CCursorRange::select_all_str(&rename.text)));
            state.store(ui.ctx(), id);
            ui.memory_mut(|m| m.request_focus(id));
        }
        let font = (FONT * self.view.zoom).clamp(MIN_FONT, MAX_FONT);
        let node_box = self.view.rect_to_screen(node_rect(node));
        let width = node_box.width().max(MIN_WIDTH);
        let field = Rect::from_center_size(node_box.center(), vec2(width, font + 12.0));
        let edit = TextEdit::singleline(&mut rename.text)
            .id(id)
            .font(FontId::proportional(font))
            .hint_text("Node name");
        let response = ui.put(field, edit.desired_width(width));
        if response.lost_focus() {
            let keep = !ui.input(|i| i.key_pressed(Key::Escape));
            let name = rename.text.trim();
            if keep && !name.is_empty() && name != node.name {
                out.push(Action::Apply {
                    edit: edit::rename_node(project, &rename.id, name),
                    gesture: None,
                });
            }
            self.rename = None;
        }
    }
}
