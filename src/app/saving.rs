//! Saving big projects without freezing the window: File › Save hands a big project to a
//! [`Saving`] worker while the status bar shows a progress bar and editing goes on. Closing the
//! window during a save waits for it to finish.

use std::path::PathBuf;
use std::time::Duration;

use egui::{Context, ProgressBar, ViewportCommand};

use super::App;
use crate::session::{BACKGROUND_FROM_NODES, SaveMode, Saving};

impl App {
    /// Writes the project to `path` on a worker thread when it is big and `mode` allows it, else
    /// at once. True when saved or when the save has started.
    pub(super) fn save_to(&mut self, path: PathBuf, mode: SaveMode) -> bool {
        if mode == SaveMode::Wait || self.session.doc.project().nodes.len() < BACKGROUND_FROM_NODES {
            return self.save_now(path);
        }
        if self.session.saving.is_some() {
            self.status.info("Still saving; save again once it is done.");
            return false;
        }
        let (project, state) = (self.session.doc.project().clone(), self.session.doc.current_state());
        self.status.info(format!("Saving {}…", path.display()));
        self.session.saving = Some(Saving::start(path, project, state, self.session.document_serial));
        true
    }

    /// While a save runs in the background: its progress in the status bar, and its result once
    /// it is done.
    pub(super) fn saving_ui(&mut self, ctx: &Context) {
        let Some(saving) = &self.session.saving else { return };
        let Some((written, result)) = saving.poll() else {
            let seconds = saving.elapsed().as_secs_f32();
            egui::Area::new(egui::Id::unique("saving-progress"))
                .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -36.0])
                .show(ctx, |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.label(format!("Saving… {seconds:.1} s"));
                        ui.add(ProgressBar::new(0.0).animate(true).desired_width(160.0));
                    });
                });
            ctx.request_repaint_after(Duration::from_millis(50));
            return;
        };
        let Some(saving) = self.session.saving.take() else {
            return;
        };
        match result {
            Ok(()) if saving.document() == self.session.document_serial => {
                self.session
                    .doc
                    .saved_in_background(saving.path().to_path_buf(), saving.state(), written);
                self.recent.push(saving.path().to_path_buf());
                self.status.info(format!("Saved {}.", self.session.doc.display_name()));
            }
            Ok(()) => self.status.info(format!("Saved {}.", saving.path().display())),
            Err(error) => {
                self.status
                    .error("The project was not saved; your changes are still here.");
                self.dialogs.show_error("Could not save the project", error.to_string());
            }
        }
        if saving.close_after {
            self.close_confirmed = !self.session.doc.is_dirty();
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }
}
