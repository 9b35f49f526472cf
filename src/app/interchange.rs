//! File › Other formats: Export draw.io…, Import draw.io or CSV…, Copy as Mermaid and Copy as
//! DOT (docs/INTERCHANGE.md). The readers and writers are `crate::interchange`'s; this file
//! asks for the file, reports the outcome in the status bar and lists what an import had to
//! guess or leave out in a window.

use std::io::Write;
use std::path::{Path, PathBuf};

use egui::Context;

use super::App;
use crate::diagram::Sizes;
use crate::interchange::{self, dot, drawio, mermaid};

/// What the Other formats menu asks for (importing goes through `Replacement::Import`, which
/// first asks about unsaved changes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exchange {
    ExportDrawio,
    CopyMermaid,
    CopyDot,
}

impl App {
    pub(super) fn exchange(&mut self, what: Exchange, ctx: &Context) {
        match what {
            Exchange::ExportDrawio => self.export_drawio(),
            Exchange::CopyMermaid => {
                ctx.copy_text(mermaid::write(self.session.doc.project()));
                self.status.info("Copied the diagram as a Mermaid flowchart.");
            }
            Exchange::CopyDot => {
                ctx.copy_text(dot::write(self.session.doc.project(), Some(&Sizes)));
                self.status
                    .info("Copied the diagram as Graphviz DOT (with positions: draw it with neato -n2).");
            }
        }
    }

    fn export_drawio(&mut self) {
        let suggested = Path::new(&self.session.doc.suggested_file_name())
            .with_extension("drawio")
            .display()
            .to_string();
        let Some(path) = self.file_dialogs.pick_save(&suggested) else {
            self.no_dialog_note("dlt-modeller export FILE --drawio OUT.drawio");
            return;
        };
        let text = drawio::write(self.session.doc.project(), &Sizes);
        match crate::file::write_atomically(&path, |f| f.write_all(text.as_bytes())) {
            Ok(()) => self.status.info(format!("Exported draw.io to {}.", path.display())),
            Err(error) => {
                self.status.error(format!("Could not export to {}.", path.display()));
                self.dialogs.show_error("Could not export", error.to_string());
            }
        }
    }

    /// Asks for a draw.io file or a CSV table and opens what it holds as an untitled project
    /// (the document was already offered for saving).
    pub(super) fn import_picked(&mut self) {
        let Some(path) = self.file_dialogs.pick_import() else {
            self.no_dialog_note("dlt-modeller import FILE -o OUT.ron");
            return;
        };
        self.import_path(&path);
    }

    /// Imports `path` (a `nodes.csv` brings the `flows.csv` beside it along).
    pub(super) fn import_path(&mut self, path: &Path) {
        let files = with_flows_table(path);
        match interchange::import_files(&files, None, None, &Sizes) {
            Ok(imported) => {
                self.install(imported.project, None, None);
                let notes = imported.notes.len();
                self.status.info(format!(
                    "Imported {} as an untitled project{}.",
                    path.display(),
                    if notes > 0 {
                        " (see what was decided or left out)"
                    } else {
                        ""
                    }
                ));
                if notes > 0 {
                    self.dialogs
                        .show_error("What the import decided or left out", imported.notes.join("\n"));
                }
            }
            Err(error) => {
                self.status.error(format!("Could not import {}.", path.display()));
                self.dialogs.show_error("Could not import the file", error.to_string());
            }
        }
    }

    fn no_dialog_note(&mut self, command: &str) {
        if !self.file_dialogs.available() {
            self.status.error(format!(
                "No file dialog on this system: use the command line, `{command}`."
            ));
        }
    }
}

/// `[path]`, or `[nodes.csv, flows.csv]` when `path` is a CSV table other than `flows.csv` with
/// a `flows.csv` beside it.
fn with_flows_table(path: &Path) -> Vec<PathBuf> {
    let flows = path.with_file_name("flows.csv");
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv && flows != path && flows.exists() {
        vec![path.to_path_buf(), flows]
    } else {
        vec![path.to_path_buf()]
    }
}
