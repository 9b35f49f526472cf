//! Form rows shared by the inspector and the use-case sheet: each shows one value of the
//! project, labelled for screen readers, and turns a change into an [`Action`]. Typing in one
//! field, or dragging one slider, is one undo step (a gesture keyed by the widget's id).

use egui::{ComboBox, Response, TextEdit, Ui};

use super::Action;
use crate::edit::Edit;

/// Where form rows put their actions.
pub struct Form<'a> {
    pub actions: &'a mut Vec<Action>,
    /// Salts widget ids, so fields of different nodes never share focus or undo steps.
    pub salt: &'a str,
}

impl Form<'_> {
    /// Records a change of the widget `response` as part of its gesture.
    pub fn gesture(&mut self, response: &Response, edit: Edit) {
        self.actions.push(Action::Gesture(edit, response.id.value()));
    }

    /// Ends the widget's gesture when the user leaves it.
    fn end_when_left(&mut self, response: &Response) {
        if response.lost_focus() || response.drag_stopped() {
            self.actions.push(Action::EndGesture);
        }
    }

    /// A labelled text field (`rows` > 1: multi-line). `make` turns the new text into the edit.
    pub fn text(&mut self, ui: &mut Ui, label: &str, value: &str, rows: usize, make: impl FnOnce(String) -> Edit) {
        self.text_with_hint(ui, label, value, rows, "", make);
    }

    pub fn text_with_hint(
        &mut self,
        ui: &mut Ui,
        label: &str,
        value: &str,
        rows: usize,
        hint: &str,
        make: impl FnOnce(String) -> Edit,
    ) {
        let label_response = ui.label(label);
        let mut text = value.to_string();
        let edit = if rows > 1 {
            TextEdit::multiline(&mut text).desired_rows(rows)
        } else {
            TextEdit::singleline(&mut text)
        };
        let response = ui
            .add(
                edit.id_salt((self.salt, label))
                    .hint_text(hint.to_string())
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label_response.id);
        if response.changed() {
            self.gesture(&response, make(text));
        }
        self.end_when_left(&response);
        ui.end_row();
    }

    /// A list of short texts edited one per line. While the field has the keyboard, the raw text
    /// (with its blank lines) is kept, so pressing Enter starts a new item.
    pub fn lines(&mut self, ui: &mut Ui, label: &str, items: &[String], make: impl FnOnce(Vec<String>) -> Edit) {
        let label_response = ui.label(label).on_hover_text("One per line");
        let id = ui.make_persistent_id((self.salt, label));
        let mut text = ui
            .data(|d| d.get_temp::<String>(id))
            .unwrap_or_else(|| items.join("\n"));
        let response = ui
            .add(
                TextEdit::multiline(&mut text)
                    .id(id.with("field"))
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label_response.id);
        if response.has_focus() {
            ui.data_mut(|d| d.insert_temp(id, text.clone()));
        } else {
            ui.data_mut(|d| d.remove::<String>(id));
        }
        if response.changed() {
            let items = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect();
            self.gesture(&response, make(items));
        }
        self.end_when_left(&response);
        ui.end_row();
    }

    /// A labelled drop-down of `options`. `make` turns the choice into the edit.
    pub fn choice<T: Copy + PartialEq>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        current: T,
        options: &[T],
        name: impl Fn(T) -> String,
        make: impl FnOnce(T) -> Edit,
    ) {
        let label_response = ui.label(label);
        let mut chosen = current;
        ComboBox::from_id_salt((self.salt, label))
            .selected_text(name(current))
            .width(ui.available_width().min(240.0))
            .show_ui(ui, |ui| {
                for &option in options {
                    ui.selectable_value(&mut chosen, option, name(option));
                }
            })
            .response
            .labelled_by(label_response.id);
        if chosen != current {
            self.actions.push(Action::Apply(make(chosen)));
        }
        ui.end_row();
    }

    /// A labelled check box; returns it, so callers can give it a longer accessible name.
    pub fn flag(
        &mut self,
        ui: &mut Ui,
        label: &str,
        value: bool,
        tip: &str,
        make: impl FnOnce(bool) -> Edit,
    ) -> Response {
        ui.label("");
        let mut checked = value;
        let mut response = ui.checkbox(&mut checked, label);
        if !tip.is_empty() {
            response = response.on_hover_text(tip);
        }
        if checked != value {
            self.actions.push(Action::Apply(make(checked)));
        }
        ui.end_row();
        response
    }
}

/// A two-column grid for form rows.
pub fn grid<R>(ui: &mut Ui, id: &str, rows: impl FnOnce(&mut Ui) -> R) -> R {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([8.0, 6.0])
        .min_col_width(90.0)
        .show(ui, rows)
        .inner
}
