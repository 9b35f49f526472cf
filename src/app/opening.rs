//! Opening big files without freezing the window: a big file is read by an [`Opening`] worker
//! while a modal window shows what is happening, for how long, and offers Cancel; the result is
//! installed by the same code as a small file's.

use std::path::Path;
use std::time::Duration;

use egui::{Context, Id, Modal, ProgressBar};

use super::App;
use crate::file;
use crate::session::{BACKGROUND_FROM_BYTES, Opened, Opening};

/// Draws the progress window of `opening`; true when the user cancelled.
fn progress_window(opening: &Opening, ctx: &Context) -> bool {
    let path = opening.path();
    let name = path
        .file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
    let seconds = opening.elapsed().as_secs_f32();
    Modal::new(Id::unique("opening-file"))
        .show(ctx, |ui| {
            ui.heading(format!("Opening {name}"));
            ui.label(format!(
                "Reading and checking {:.1} MB… {seconds:.1} s",
                opening.bytes() as f64 / 1e6
            ));
            ui.add(ProgressBar::new(0.0).animate(true).desired_width(320.0))
                .on_hover_text("The window stays usable; the project appears when it is read");
            ui.button("Cancel")
                .on_hover_text("Stop opening; the current project stays")
                .clicked()
        })
        .inner
}

impl App {
    /// Opens `path`: at once when it is small, else on a worker thread.
    pub(super) fn open_path(&mut self, path: &Path) {
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if bytes >= BACKGROUND_FROM_BYTES {
            self.session.opening = Some(Opening::start(path, bytes));
            self.status.info(format!("Opening {}…", path.display()));
        } else {
            self.finish_open(path, file::load(path));
        }
    }

    /// While a file is being opened in the background: the progress window, and the project
    /// once it is read.
    pub(super) fn opening_ui(&mut self, ctx: &Context) {
        let Some(opening) = &self.session.opening else { return };
        if let Some(result) = opening.poll() {
            let path = opening.path().to_path_buf();
            self.session.opening = None;
            match result {
                Ok(Opened { loaded, index, copy }) => {
                    self.finish_open(&path, Ok(loaded));
                    if self.path() == Some(path.as_path()) {
                        self.canvas.adopt_index(self.session.doc.revision(), index, copy);
                    }
                }
                Err(error) => self.finish_open(&path, Err(error)),
            }
            return;
        }
        if progress_window(opening, ctx) {
            self.status.info(format!("Did not open {}.", opening.path().display()));
            self.session.opening = None;
            return;
        }
        ctx.request_repaint_after(Duration::from_millis(50));
    }
}
