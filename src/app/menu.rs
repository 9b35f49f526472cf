//! The menu bar (File, Edit, Insert, View, Help) and the toolbar under it. Items take their
//! labels, shortcuts and help from the command table, so the menus and the keys agree.

use std::path::PathBuf;

use egui::{Button, ThemePreference, Ui};

use super::Action;
use super::compare::CompareWith;
use super::interchange::Exchange;
use super::questions::Replacement;
use super::shortcuts::Command;
use crate::canvas::{NewNode, Tool};
use crate::templates;

/// What the menus need to know to enable and label their items.
pub struct MenuState<'a> {
    pub undo: Option<&'a str>,
    pub redo: Option<&'a str>,
    pub has_selection: bool,
    pub has_nodes_selected: bool,
    pub can_paste: bool,
    pub recent: &'a [PathBuf],
    /// An export is under way (one at a time).
    pub exporting: bool,
    /// The project has a file (to compare with, or with its `.bak`).
    pub has_path: bool,
}

/// View settings the menus change directly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewOptions {
    pub theme: ThemePreference,
    pub show_outline: bool,
    pub show_side_panel: bool,
    pub grid: bool,
    pub snap: bool,
    /// Seconds between recovery copies of unsaved changes, at most.
    pub autosave_secs: u32,
}

impl Default for ViewOptions {
    fn default() -> Self {
        Self {
            theme: ThemePreference::System,
            show_outline: true,
            show_side_panel: true,
            grid: true,
            snap: true,
            autosave_secs: 30,
        }
    }
}

/// What the menu bar returns: what the user asked for, and the help of the item under the
/// pointer, which the status bar shows (a tool tip would cover the next item).
#[derive(Default)]
pub struct MenuOutput {
    pub actions: Vec<Action>,
    pub hint: Option<String>,
}

impl MenuOutput {
    /// A plain menu button that asks for `action` and explains itself in the status bar.
    fn button(&mut self, ui: &mut Ui, label: &str, hint: impl Into<String>, action: impl FnOnce() -> Action) {
        let response = ui.button(label);
        if response.hovered() {
            self.hint = Some(hint.into());
        }
        if response.clicked() {
            self.actions.push(action());
        }
    }

    /// A menu item for a command: its label, its shortcut on the right, its help in the status bar.
    fn command(&mut self, ui: &mut Ui, command: Command, enabled: bool) {
        self.command_labelled(ui, command, command.label(), enabled);
    }

    fn command_labelled(&mut self, ui: &mut Ui, command: Command, label: &str, enabled: bool) {
        let button = Button::new(label).shortcut_text(command.shortcut_text(ui.ctx()));
        let response = ui.add_enabled(enabled, button);
        if response.hovered() {
            self.hint = Some(command.help().to_string());
        }
        if response.clicked() {
            self.actions.push(Action::Run(command));
        }
    }
}

/// The menu bar.
pub fn menu_bar(ui: &mut Ui, state: &MenuState, view: &mut ViewOptions) -> MenuOutput {
    let mut out = MenuOutput::default();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu(ui, state, &mut out));
        ui.menu_button("Edit", |ui| edit_menu(ui, state, &mut out));
        ui.menu_button("Insert", |ui| {
            out.command(ui, Command::InsertActor, true);
            out.command(ui, Command::InsertAsset, true);
        });
        ui.menu_button("View", |ui| view_menu(ui, view, &mut out));
        ui.menu_button("Help", |ui| {
            out.command(ui, Command::Glossary, true);
            out.command(ui, Command::Shortcuts, true);
            out.button(ui, "About dlt-modeller", "Version, sources and licence.", || {
                Action::About
            });
        });
    });
    out
}

fn file_menu(ui: &mut Ui, state: &MenuState, out: &mut MenuOutput) {
    out.command_labelled(ui, Command::New, "New blank project", true);
    ui.menu_button("New from template", |ui| {
        for template in templates::all() {
            let hint = format!("A copy of the sample: {}.", template.description);
            out.button(ui, &template.title, hint, || {
                Action::Replace(Replacement::Template(template.key))
            });
        }
    });
    out.command(ui, Command::Open, true);
    ui.add_enabled_ui(!state.recent.is_empty(), |ui| {
        ui.menu_button("Open Recent", |ui| {
            for path in state.recent {
                let name = path
                    .file_name()
                    .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
                out.button(ui, &name, path.display().to_string(), || {
                    Action::Replace(Replacement::File(path.clone()))
                });
            }
        });
    });
    ui.separator();
    out.command(ui, Command::Save, true);
    out.command(ui, Command::SaveAs, true);
    ui.separator();
    for command in [Command::ExportPng, Command::ExportSvg, Command::CopyImage] {
        out.command(ui, command, !state.exporting);
    }
    out.button(
        ui,
        "Export report (PDF)…",
        "The assessment report as a print-ready PDF.",
        || Action::ExportReport,
    );
    ui.separator();
    compare_items(ui, state, out);
    ui.menu_button("Other formats", |ui| other_formats_menu(ui, out));
    ui.separator();
    out.command(ui, Command::Quit, true);
}

/// Compare with another file, the saved file or its backup.
fn compare_items(ui: &mut Ui, state: &MenuState, out: &mut MenuOutput) {
    out.button(
        ui,
        "Compare with…",
        "What changed from another version: model and assessment.",
        || Action::Compare(CompareWith::Pick),
    );
    ui.add_enabled_ui(state.has_path, |ui| {
        out.button(
            ui,
            "Compare with the saved file",
            "What changed since the last save.",
            || Action::Compare(CompareWith::Saved),
        );
        out.button(
            ui,
            "Compare with the backup (.bak)",
            "What changed since the save before the last.",
            || Action::Compare(CompareWith::Backup),
        );
    });
}

/// draw.io, Mermaid and Graphviz (docs/INTERCHANGE.md).
fn other_formats_menu(ui: &mut Ui, out: &mut MenuOutput) {
    let exchange = |what| move || Action::Exchange(what);
    out.button(
        ui,
        "Export draw.io…",
        "The diagram as a draw.io file that keeps ids and kinds.",
        exchange(Exchange::ExportDrawio),
    );
    out.button(
        ui,
        "Import draw.io or CSV…",
        "A draw.io file or nodes.csv (with flows.csv beside it) as a new untitled project.",
        || Action::Replace(Replacement::Import),
    );
    out.button(
        ui,
        "Copy as Mermaid",
        "A Mermaid flowchart of the diagram, for a wiki or Markdown.",
        exchange(Exchange::CopyMermaid),
    );
    out.button(
        ui,
        "Copy as DOT",
        "A Graphviz graph with the nodes at their places (neato -n2).",
        exchange(Exchange::CopyDot),
    );
}

fn edit_menu(ui: &mut Ui, state: &MenuState, out: &mut MenuOutput) {
    let undo = state.undo.map_or_else(|| "Undo".to_string(), |l| format!("Undo {l}"));
    let redo = state.redo.map_or_else(|| "Redo".to_string(), |l| format!("Redo {l}"));
    out.command_labelled(ui, Command::Undo, &undo, state.undo.is_some());
    out.command_labelled(ui, Command::Redo, &redo, state.redo.is_some());
    ui.separator();
    out.command(ui, Command::Cut, state.has_nodes_selected);
    out.command(ui, Command::Copy, state.has_nodes_selected);
    out.command(ui, Command::Paste, state.can_paste);
    out.command(ui, Command::Duplicate, state.has_nodes_selected);
    out.command(ui, Command::Delete, state.has_selection);
    ui.separator();
    out.command(ui, Command::SelectAll, true);
    out.command(ui, Command::Rename, state.has_nodes_selected);
    out.command(ui, Command::Find, true);
    ui.separator();
    for command in [Command::LayoutLeftRight, Command::LayoutTopBottom, Command::Tidy] {
        out.command(ui, command, true);
    }
    ui.separator();
    out.command(ui, Command::ProjectCatalogue, true);
}

fn view_menu(ui: &mut Ui, view: &mut ViewOptions, out: &mut MenuOutput) {
    for command in [Command::ZoomIn, Command::ZoomOut, Command::ZoomFit, Command::Zoom100] {
        out.command(ui, command, true);
    }
    ui.separator();
    ui.checkbox(&mut view.grid, "Grid");
    ui.checkbox(&mut view.snap, "Snap to grid");
    ui.separator();
    ui.checkbox(&mut view.show_outline, "Outline panel");
    ui.checkbox(&mut view.show_side_panel, "Inspector panel");
    ui.separator();
    ui.add(egui::Slider::new(&mut view.autosave_secs, 10..=600).text("s between recovery copies"))
        .on_hover_text("While there are unsaved changes, a recovery copy is written at most this often");
    ui.separator();
    ui.label("Theme");
    ui.radio_value(&mut view.theme, ThemePreference::System, "Follow the system");
    ui.radio_value(&mut view.theme, ThemePreference::Light, "Light");
    ui.radio_value(&mut view.theme, ThemePreference::Dark, "Dark");
    ui.separator();
    out.button(
        ui,
        "Fonts…",
        "Fonts for names in scripts egui's own fonts lack: those in use, and your own.",
        || Action::Fonts,
    );
}

/// The toolbar: the canvas tools (Actor and Asset can also be dragged onto the canvas), undo and
/// redo, and zoom.
pub fn toolbar(ui: &mut Ui, state: &MenuState, tool: Tool, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        for (command, this, text, payload) in [
            (Command::ToolSelect, Tool::Select, "Select", None),
            (Command::ToolActor, Tool::AddActor, "Actor", Some(NewNode::Actor)),
            (Command::ToolAsset, Tool::AddAsset, "Asset", Some(NewNode::Asset)),
            (Command::ToolConnect, Tool::Connect, "Connect", None),
        ] {
            let mut tip = format!(
                "{} ({})\n{}",
                command.label(),
                command.shortcut_text(ui.ctx()),
                command.help()
            );
            let mut response = ui.selectable_label(tool == this, text);
            if let Some(payload) = payload {
                tip.push_str(" Or drag it onto the canvas.");
                response = response.interact(egui::Sense::drag());
                response.dnd_set_drag_payload(payload);
            }
            if response.on_hover_text(tip).clicked() {
                actions.push(Action::Run(command));
            }
        }
        ui.separator();
        for (command, enabled) in [
            (Command::Undo, state.undo.is_some()),
            (Command::Redo, state.redo.is_some()),
        ] {
            let tip = format!("{} ({})", command.help(), command.shortcut_text(ui.ctx()));
            let response = ui.add_enabled(enabled, Button::new(command.label()));
            if response.on_hover_text(&tip).on_disabled_hover_text(&tip).clicked() {
                actions.push(Action::Run(command));
            }
        }
        ui.separator();
        for (command, text) in [
            (Command::ZoomOut, "−"),
            (Command::ZoomIn, "+"),
            (Command::ZoomFit, "Fit"),
        ] {
            let tip = format!("{} ({})", command.label(), command.shortcut_text(ui.ctx()));
            let response = ui.button(text).accessible_name(command.label()).on_hover_text(tip);
            if response.clicked() {
                actions.push(Action::Run(command));
            }
        }
    });
}
