//! The outline (left panel): actors, assets and flows as lists with a filter. Clicking an entry
//! selects it and centres the canvas on it, so this is also the keyboard and screen-reader path
//! through the diagram. Only the rows in view are laid out, and the rows are rebuilt only when
//! the project, the filter or a section's open state changes, so thousands of nodes stay fast.

use std::collections::BTreeSet;

use egui::{Label, Response, RichText, Role, Sense, TextEdit, Ui, WidgetInfo, vec2};

use super::Action;
use crate::model::{Flow, Node, Project};

/// The three lists, in display order.
const SECTIONS: [&str; 3] = ["Actors", "Assets", "Flows"];

/// One line of the outline.
#[derive(Clone, Debug, PartialEq)]
enum Row {
    Header { section: usize, title: String },
    Empty(&'static str),
    Entry { id: String, text: String, tip: String },
}

/// What the rows were built from.
#[derive(Clone, Debug, PartialEq)]
struct RowsKey {
    revision: u64,
    needle: String,
    closed: [bool; 3],
}

/// The outline's own state: the filter text, which sections are closed, and the rows.
#[derive(Default)]
pub struct Outline {
    filter: String,
    focus_filter: bool,
    closed: [bool; 3],
    rows: Option<(RowsKey, Vec<Row>)>,
}

impl Outline {
    /// Puts the keyboard in the filter field on the next frame.
    pub fn focus_filter(&mut self) {
        self.focus_filter = true;
    }

    /// `revision` is the history's revision of `project`: the rows are rebuilt when it changes.
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, revision: u64, selection: &BTreeSet<String>) -> Vec<Action> {
        let mut actions = Vec::new();
        ui.heading("Outline");
        let filter = ui
            .add(
                TextEdit::singleline(&mut self.filter)
                    .hint_text("Filter by name or action")
                    .desired_width(f32::INFINITY),
            )
            .accessible_name("Filter the outline");
        if std::mem::take(&mut self.focus_filter) {
            filter.request_focus();
        }
        ui.add_space(4.0);
        let key = RowsKey {
            revision,
            needle: self.filter.trim().to_lowercase(),
            closed: self.closed,
        };
        if self.rows.as_ref().is_none_or(|(built, _)| *built != key) {
            let rows = rows(project, &key.needle, key.closed);
            self.rows = Some((key, rows));
        }
        let Some((_, rows)) = &self.rows else { return actions };
        let row_height = ui.spacing().interact_size.y;
        let mut toggled = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, row_height, rows.len(), |ui, range| {
                // One line per entry; the tool tip has the whole text.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                for row in &rows[range] {
                    match row {
                        Row::Header { section, title } => {
                            if header(ui, title, !self.closed[*section], row_height).clicked() {
                                toggled = Some(*section);
                            }
                        }
                        Row::Empty(text) => {
                            indented(ui, |ui| ui.label(RichText::new(*text).weak()));
                        }
                        Row::Entry { id, text, tip } => {
                            let text = entry_text(text);
                            let response = indented(ui, |ui| ui.selectable_label(selection.contains(id), text));
                            let response = if tip.is_empty() {
                                response
                            } else {
                                response.on_hover_text(tip)
                            };
                            if response.clicked() {
                                actions.push(click(id.clone(), selection, ui.input(|i| i.modifiers)));
                            }
                        }
                    }
                }
            });
        if let Some(section) = toggled {
            self.closed[section] = !self.closed[section];
        }
        actions
    }
}

/// A row under a section header, indented like the contents of a collapsing header.
fn indented(ui: &mut Ui, row: impl FnOnce(&mut Ui) -> Response) -> Response {
    ui.horizontal(|ui| {
        ui.add_space(ui.spacing().indent);
        row(ui)
    })
    .inner
}

/// A section header: a disclosure triangle and the title, clickable as one.
fn header(ui: &mut Ui, title: &str, open: bool, height: f32) -> Response {
    ui.horizontal(|ui| {
        let (_, icon) = ui.allocate_exact_size(vec2(ui.spacing().indent, height), Sense::click());
        let (mut triangle, _) = ui.spacing().icon_rectangles(icon.rect);
        triangle.set_center(icon.rect.center());
        egui::collapsing_header::paint_default_icon(
            ui,
            if open { 1.0 } else { 0.0 },
            &icon.clone().with_new_rect(triangle),
        );
        let label = ui.add(Label::new(RichText::new(title).strong()).sense(Sense::click()));
        label.widget_info(|| WidgetInfo::labeled(Role::DisclosureTriangle, true, title));
        icon | label
    })
    .inner
}

/// The rows for the sections, filtered by `needle` (lower case), closed sections without entries.
fn rows(project: &Project, needle: &str, closed: [bool; 3]) -> Vec<Row> {
    let nodes = |actor: bool| {
        let mut entries: Vec<Row> = project
            .nodes
            .iter()
            .filter(|(_, n)| n.is_actor() == actor && node_matches(n, needle))
            .map(|(id, n)| Row::Entry {
                id: id.clone(),
                text: n.name.clone(),
                tip: n.description.clone(),
            })
            .collect();
        entries.sort_by_cached_key(|row| match row {
            Row::Entry { id, text, .. } => (text.to_lowercase(), id.clone()),
            _ => Default::default(),
        });
        entries
    };
    let mut flows: Vec<(&String, &Flow)> = project.flows.iter().collect();
    flows.sort_by_key(|(id, f)| (f.step, *id));
    let flows = flows
        .into_iter()
        .map(|(id, f)| (id, flow_text(project, f)))
        .filter(|(_, text)| needle.is_empty() || text.to_lowercase().contains(needle))
        .map(|(id, text)| Row::Entry {
            id: id.clone(),
            tip: text.clone(),
            text,
        })
        .collect();
    let mut rows = Vec::new();
    for (section, entries) in [nodes(true), nodes(false), flows].into_iter().enumerate() {
        rows.push(Row::Header {
            section,
            title: format!("{} ({})", SECTIONS[section], entries.len()),
        });
        if closed[section] {
            continue;
        }
        if entries.is_empty() {
            rows.push(Row::Empty(if needle.is_empty() { "None yet" } else { "No match" }));
        }
        rows.extend(entries);
    }
    rows
}

/// A plain click selects and reveals; Ctrl or Shift adds to or removes from the selection.
fn click(id: String, selection: &BTreeSet<String>, modifiers: egui::Modifiers) -> Action {
    if modifiers.command || modifiers.shift {
        let mut selection = selection.clone();
        if !selection.remove(&id) {
            selection.insert(id);
        }
        Action::Select(selection)
    } else {
        Action::Reveal(id)
    }
}

/// How a node without a name is shown (its finding still warns about it).
pub const UNNAMED: &str = "(unnamed)";

/// An entry's text; a node without a name reads "(unnamed)" in italics rather than a blank row.
fn entry_text(text: &str) -> RichText {
    if text.trim().is_empty() {
        RichText::new(UNNAMED).italics()
    } else {
        RichText::new(text)
    }
}

fn node_name(project: &Project, id: &str) -> String {
    match project.nodes.get(id) {
        Some(node) if node.name.trim().is_empty() => UNNAMED.to_string(),
        Some(node) => node.name.clone(),
        None => format!("missing “{id}”"),
    }
}

/// "2 · Mine to Refiner: sells gold".
pub fn flow_text(project: &Project, flow: &Flow) -> String {
    format!(
        "{} · {} to {}: {}",
        flow.step,
        node_name(project, &flow.from),
        node_name(project, &flow.to),
        flow.action
    )
}

fn node_matches(node: &Node, needle: &str) -> bool {
    needle.is_empty()
        || [
            node.name.as_str(),
            node.description.as_str(),
            node.organisation().unwrap_or_default(),
        ]
        .iter()
        .any(|t| t.to_lowercase().contains(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Position;

    fn project() -> Project {
        let mut p = Project::new("t");
        p.nodes.insert("b".into(), Node::actor("Refiner", Position::default()));
        p.nodes.insert("a".into(), Node::actor("Mine", Position::default()));
        p.flows.insert("f".into(), Flow::new("a", "b", 2, "sells gold"));
        p
    }

    fn entries(rows: &[Row]) -> Vec<&str> {
        rows.iter()
            .filter_map(|r| match r {
                Row::Entry { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn rows_list_names_in_order_and_flows_by_step() {
        let rows = rows(&project(), "", [false; 3]);
        assert_eq!(entries(&rows), ["Mine", "Refiner", "2 · Mine to Refiner: sells gold"]);
        assert!(rows.contains(&Row::Empty("None yet")), "no assets");
        let closed = super::rows(&project(), "", [true, false, false]);
        assert_eq!(entries(&closed), ["2 · Mine to Refiner: sells gold"]);
        assert!(matches!(&closed[0], Row::Header { title, .. } if title == "Actors (2)"));
    }

    #[test]
    fn the_filter_finds_nodes_and_flows_by_their_words() {
        assert_eq!(
            entries(&rows(&project(), "min", [false; 3])),
            ["Mine", "2 · Mine to Refiner: sells gold"]
        );
        assert_eq!(
            entries(&rows(&project(), "gold", [false; 3])),
            ["2 · Mine to Refiner: sells gold"]
        );
        assert!(rows(&project(), "vault", [false; 3]).contains(&Row::Empty("No match")));
    }

    #[test]
    fn modifier_clicks_toggle_and_plain_clicks_reveal() {
        let sel: BTreeSet<String> = ["a".to_string()].into();
        let ctrl = egui::Modifiers {
            command: true,
            ctrl: true,
            ..Default::default()
        };
        assert!(matches!(click("b".into(), &sel, ctrl), Action::Select(s) if s.len() == 2));
        assert!(matches!(click("a".into(), &sel, ctrl), Action::Select(s) if s.is_empty()));
        assert!(matches!(click("b".into(), &sel, egui::Modifiers::NONE), Action::Reveal(id) if id == "b"));
    }
}
