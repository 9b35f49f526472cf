//! The editor's dialogs: the Save / Discard / Cancel prompt before unsaved changes would be
//! lost, the error window (file, line, column and what went wrong), a path prompt for systems
//! without a file dialog, and the Keyboard shortcuts and About windows.

use std::path::PathBuf;

use egui::{Context, Id, Key, Modal, RichText, TextEdit, Window};

use super::windows::within_central_area;

use super::questions::{Answer, PathPurpose, Prompt, Replacement};
use super::shortcuts::Command;

/// Something that went wrong, shown until the user closes it.
struct ErrorReport {
    title: String,
    detail: String,
}

/// The state of every dialog.
#[derive(Default)]
pub struct Dialogs {
    pub prompt: Option<Prompt>,
    error: Option<ErrorReport>,
    /// The text of the path prompt while the user types it.
    path_text: Option<String>,
    pub shortcuts_open: bool,
    pub about_open: bool,
}

/// What the mouse and the canvas's own keys do, for the Keyboard shortcuts window.
const GESTURES: [(&str, &str); 11] = [
    (
        "Click a node or flow",
        "Select it; Shift+click or Ctrl+click adds it to the selection or takes it out",
    ),
    (
        "Drag a node",
        "Move it (and the other selected nodes); one drag is one undo step",
    ),
    ("Drag on empty canvas", "Select the nodes inside the box"),
    (
        "Drag a node's round handle",
        "Draw a flow to the node where you let go (any node with the Connect tool)",
    ),
    (
        "Double-click a node, or F2",
        "Rename it on the canvas: Enter keeps the name, Esc cancels",
    ),
    (
        "Double-click empty canvas",
        "Add an actor there (an asset with the Asset tool)",
    ),
    ("Drag Actor or Asset from the toolbar", "Add one where you drop it"),
    ("Middle-drag, Space+drag, arrow keys", "Pan the view"),
    ("Ctrl+wheel, pinch, + and -", "Zoom"),
    (
        "Esc",
        "Cancel the drag or rename under way; else go back to Select; else clear the selection",
    ),
    ("Drop a .ron file on the window", "Open it"),
];

impl Dialogs {
    /// Shows an error until the user closes it.
    pub fn show_error(&mut self, title: impl Into<String>, detail: impl Into<String>) {
        self.error = Some(ErrorReport {
            title: title.into(),
            detail: detail.into(),
        });
    }

    /// The error on screen, if any: its title and detail.
    pub fn error(&self) -> Option<(&str, &str)> {
        self.error.as_ref().map(|e| (e.title.as_str(), e.detail.as_str()))
    }

    /// While a modal dialog is up, the rest of the editor does not take keys.
    pub fn is_modal_open(&self) -> bool {
        self.prompt.is_some() || self.error.is_some()
    }

    /// Draws whichever dialogs are open; returns the answer to a prompt when one is given.
    pub fn show(&mut self, ctx: &Context) -> Option<Answer> {
        self.show_shortcuts(ctx);
        self.show_about(ctx);
        if let Some(error) = &self.error {
            let response = Modal::new(Id::unique("error-dialog")).show(ctx, |ui| {
                ui.set_max_width(560.0);
                ui.heading(&error.title);
                ui.add_space(6.0);
                ui.label(RichText::new(&error.detail).monospace());
                ui.add_space(6.0);
                ui.label("Nothing was changed.");
                ui.add_space(8.0);
                ui.button("OK").clicked()
            });
            if response.inner || response.should_close() {
                self.error = None;
            }
            return None;
        }
        let answer = match self.prompt.clone()? {
            Prompt::Discard(replacement) => self.show_discard(ctx, replacement),
            Prompt::Path(purpose, suggested) => self.show_path(ctx, purpose, suggested),
            Prompt::ChangedOnDisk(path) => self.show_changed(ctx, path),
        };
        if answer.is_some() {
            self.path_text = None;
        }
        answer.flatten()
    }

    /// `Some(None)` when the prompt was dismissed without an answer.
    fn show_discard(&mut self, ctx: &Context, replacement: Replacement) -> Option<Option<Answer>> {
        let question = match replacement {
            Replacement::Quit => "Save your changes before closing?",
            _ => "Save your changes first?",
        };
        let choices = vec![
            (
                "Save",
                "Save the project, then go on",
                Answer::SaveThen(replacement.clone()),
            ),
            (
                "Discard changes",
                "Go on and lose the unsaved changes",
                Answer::Discard(replacement),
            ),
        ];
        let text = "The project has changes that are not saved. If you discard them, they are lost.";
        self.ask(ctx, "discard-prompt", question, text, choices, "Keep editing")
    }

    /// Merge / Overwrite / Reload / Save as, when the file changed on disk.
    fn show_changed(&mut self, ctx: &Context, path: PathBuf) -> Option<Option<Answer>> {
        let text = format!(
            "{} was changed by another program since you opened or saved it. What should happen?",
            path.display()
        );
        let choices = vec![
            (
                "Merge",
                "Bring the changes on disk into yours, by node and field; then save",
                Answer::MergeFromDisk(path.clone()),
            ),
            (
                "Overwrite",
                "Save your version over the file; the changes on disk are lost (the old file stays as .bak)",
                Answer::Overwrite(path.clone()),
            ),
            (
                "Reload",
                "Open the file as it is on disk; your unsaved changes are lost",
                Answer::Reload(path),
            ),
            ("Save as…", "Save your version to another file", Answer::SaveAsInstead),
        ];
        self.ask(
            ctx,
            "changed-prompt",
            "The file changed on disk",
            &text,
            choices,
            "Keep editing; nothing is saved",
        )
    }

    /// A modal question with one button per answer and Cancel; `Some(None)` when cancelled.
    fn ask(
        &mut self,
        ctx: &Context,
        id: &str,
        heading: &str,
        text: &str,
        choices: Vec<(&str, &str, Answer)>,
        cancel_tip: &str,
    ) -> Option<Option<Answer>> {
        let response = Modal::new(Id::unique(id)).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading(heading);
            ui.add_space(4.0);
            ui.label(text);
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                for (label, tip, answer) in choices {
                    if ui.button(label).on_hover_text(tip).clicked() {
                        return Some(Some(answer));
                    }
                }
                ui.button("Cancel").on_hover_text(cancel_tip).clicked().then_some(None)
            })
            .inner
        });
        let close = response.should_close();
        let answer = response.inner.or(close.then_some(None));
        if answer.is_some() {
            self.prompt = None;
        }
        answer
    }

    fn show_path(&mut self, ctx: &Context, purpose: PathPurpose, suggested: PathBuf) -> Option<Option<Answer>> {
        let first_frame = self.path_text.is_none();
        let text = self.path_text.get_or_insert_with(|| suggested.display().to_string());
        let (title, verb) = match purpose {
            PathPurpose::Open => ("Open a project file".to_owned(), "Open"),
            PathPurpose::Save => ("Save the project as".to_owned(), "Save"),
            PathPurpose::Export(format) => (format!("Export the diagram as {}", format.name()), "Export"),
        };
        let response = Modal::new(Id::unique("path-prompt")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading(&title);
            ui.label("This system shows no file dialog. Type the path of the file:");
            let label = ui.label("Path");
            let field = ui
                .add(TextEdit::singleline(text).desired_width(520.0))
                .labelled_by(label.id);
            if first_frame {
                field.request_focus();
            }
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let confirmed = ui.button(verb).clicked() || entered;
                let path = PathBuf::from(text.trim());
                if confirmed && !path.as_os_str().is_empty() {
                    return Some(Some(match purpose {
                        PathPurpose::Open => Answer::Open(path),
                        PathPurpose::Save => Answer::SaveTo(path),
                        PathPurpose::Export(format) => Answer::ExportTo(format, path),
                    }));
                }
                ui.button("Cancel").clicked().then_some(None)
            })
            .inner
        });
        let close = response.should_close();
        let answer = response.inner.or(close.then_some(None));
        if answer.is_some() {
            self.prompt = None;
        }
        answer
    }

    fn show_shortcuts(&mut self, ctx: &Context) {
        within_central_area(ctx, Window::new("Keyboard shortcuts"))
            .open(&mut self.shortcuts_open)
            .default_size([600.0, 620.0])
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    egui::Grid::new("shortcut-table")
                        .num_columns(2)
                        .striped(true)
                        .spacing([16.0, 4.0])
                        .show(ui, |ui| {
                            for command in Command::ALL {
                                ui.strong(command.all_shortcuts_text(ctx));
                                ui.add(egui::Label::new(command.help()).wrap());
                                ui.end_row();
                            }
                        });
                    ui.add_space(8.0);
                    ui.heading("Mouse");
                    egui::Grid::new("gesture-table")
                        .num_columns(2)
                        .striped(true)
                        .spacing([16.0, 4.0])
                        .show(ui, |ui| {
                            for (gesture, effect) in GESTURES {
                                ui.strong(gesture);
                                ui.add(egui::Label::new(effect).wrap());
                                ui.end_row();
                            }
                        });
                });
            });
    }

    fn show_about(&mut self, ctx: &Context) {
        within_central_area(ctx, Window::new("About dlt-modeller"))
            .open(&mut self.about_open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.heading(format!("dlt-modeller {}", env!("CARGO_PKG_VERSION")));
                ui.label(env!("CARGO_PKG_DESCRIPTION"));
                ui.add_space(6.0);
                ui.label(
                    "Vocabulary and catalogue follow the ITU-T Focus Group on DLT (2017–2019): D3.1 reference \
                 architecture, D3.3 assessment criteria, D4.1 regulatory framework, and the later F.751.x \
                 Recommendations and ISO 23257.",
                );
                ui.add_space(6.0);
                let catalog = crate::catalog::Catalog::builtin();
                ui.label(format!(
                    "Catalogue {} of {}: {} platform profiles, {} sources (listed by `dlt-modeller catalog \
                     sources` and in docs/SOURCES.md).",
                    catalog.edition.version,
                    catalog.edition.date,
                    catalog.platforms.len(),
                    catalog.sources.len()
                ));
                ui.add_space(6.0);
                ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
            });
    }
}
