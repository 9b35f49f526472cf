//! Saving big projects without freezing the window: from [`BACKGROUND_FROM_NODES`] nodes on,
//! File › Save writes a copy of the project on a worker thread (the same atomic save, with its
//! `.bak`) while the status bar shows a progress bar and editing goes on; edits made meanwhile
//! stay unsaved. Closing the window during a save waits for it to finish.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use egui::{Context, ProgressBar, ViewportCommand};

use super::App;
use crate::file::{self, SaveError};
use crate::model::Project;

/// Projects with at least this many nodes are saved in the background (writing one takes more
/// than a frame's time).
pub const BACKGROUND_FROM_NODES: usize = 4_000;

/// Whether a save may run in the background or must be done when the call returns (a save
/// before closing or opening another file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveMode {
    Background,
    Wait,
}

/// A save running on a worker thread.
pub struct Saving {
    path: PathBuf,
    /// The history state written, and which document it belongs to.
    state: u64,
    document: u64,
    started: Instant,
    /// Close the window once the save is done.
    pub close_after: bool,
    done: Receiver<(Project, Result<(), SaveError>)>,
}

impl Saving {
    fn start(path: PathBuf, project: Project, state: u64, document: u64) -> Self {
        let (tx, done) = channel();
        let worker_path = path.clone();
        std::thread::spawn(move || {
            let result = file::save(&worker_path, &project);
            let _ = tx.send((project, result));
        });
        Self {
            path,
            state,
            document,
            started: Instant::now(),
            close_after: false,
            done,
        }
    }
}

impl App {
    /// Writes the project to `path` on a worker thread when it is big and `mode` allows it, else
    /// at once. True when saved or when the save has started.
    pub(super) fn save_to(&mut self, path: PathBuf, mode: SaveMode) -> bool {
        if mode == SaveMode::Wait || self.doc.project().nodes.len() < BACKGROUND_FROM_NODES {
            return self.save_now(path);
        }
        if self.saving.is_some() {
            self.status.info("Still saving; save again once it is done.");
            return false;
        }
        let (project, state) = (self.doc.project().clone(), self.doc.history.current_state());
        self.status.info(format!("Saving {}…", path.display()));
        self.saving = Some(Saving::start(path, project, state, self.document_serial));
        true
    }

    /// While a save runs in the background: its progress in the status bar, and its result once
    /// it is done.
    pub(super) fn saving_ui(&mut self, ctx: &Context) {
        let Some(saving) = &self.saving else { return };
        let (written, result) = match saving.done.try_recv() {
            Ok(done) => done,
            Err(TryRecvError::Empty) => {
                let seconds = saving.started.elapsed().as_secs_f32();
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
            }
            Err(TryRecvError::Disconnected) => (
                Project::default(),
                Err(SaveError::Io {
                    path: saving.path.clone(),
                    source: std::io::Error::other("the saving stopped unexpectedly"),
                }),
            ),
        };
        let Some(saving) = self.saving.take() else { return };
        match result {
            Ok(()) if saving.document == self.document_serial => {
                self.doc.saved_in_background(saving.path.clone(), saving.state, written);
                self.recent.push(saving.path);
                self.status.info(format!("Saved {}.", self.doc.display_name()));
            }
            Ok(()) => self.status.info(format!("Saved {}.", saving.path.display())),
            Err(error) => {
                self.status
                    .error("The project was not saved; your changes are still here.");
                self.dialogs.show_error("Could not save the project", error.to_string());
            }
        }
        if saving.close_after {
            self.close_confirmed = !self.doc.is_dirty();
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }
}
