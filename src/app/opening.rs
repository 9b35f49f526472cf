//! Opening big files without freezing the window: a file of [`BACKGROUND_FROM_BYTES`] or more
//! is read and parsed on a worker thread while a modal window shows what is happening, for how
//! long, and offers Cancel; the result is installed by the same code as a small file's. The
//! worker also builds the canvas's spatial index, so the first frame does not stall on it (for
//! a big project its first look, the routes following from a copy, see
//! [`crate::canvas::Canvas::adopt_index`]).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use egui::{Context, Id, Modal, ProgressBar};

use super::App;
use crate::diagram::SpatialIndex;
use crate::file::{self, LoadError, Loaded};
use crate::model::Project;

/// What the worker hands back, or why it failed.
type Read = Result<Opened, LoadError>;

/// A file read: its project, the spatial index of its first frame, and, when that is only a
/// first look ([`SpatialIndex::first_look`]), a copy of the project to find its routes from.
struct Opened {
    loaded: Loaded,
    index: SpatialIndex,
    copy: Option<Project>,
}

impl Opened {
    /// Indexes `loaded` for its first frame, copying it meanwhile when the index is only a
    /// first look.
    fn index(loaded: Loaded) -> Self {
        let project = &loaded.project;
        let (index, copy) = std::thread::scope(|s| {
            let copy = SpatialIndex::routed_later(project).then(|| s.spawn(|| project.clone()));
            let index = SpatialIndex::first_look(project);
            (index, copy.and_then(|c| c.join().ok()))
        });
        Self { loaded, index, copy }
    }
}

/// Files at least this large open in the background (about 4,000 nodes; they parse in more
/// than a frame's time).
pub const BACKGROUND_FROM_BYTES: u64 = 4_000_000;

/// A file being read on a worker thread.
pub struct Opening {
    path: PathBuf,
    bytes: u64,
    started: Instant,
    done: Receiver<Read>,
}

impl Opening {
    /// Starts reading `path` (`bytes` long) on a worker thread.
    pub fn start(path: &Path, bytes: u64) -> Self {
        let (tx, done) = channel();
        let worker_path = path.to_path_buf();
        std::thread::spawn(move || {
            let read = file::load(&worker_path).map(Opened::index);
            let _ = tx.send(read);
        });
        Self {
            path: path.to_path_buf(),
            bytes,
            started: Instant::now(),
            done,
        }
    }

    /// The result once the worker has finished (a worker that died counts as an error).
    fn poll(&self) -> Option<Read> {
        match self.done.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(LoadError::whole("the reading stopped unexpectedly"))),
        }
    }

    /// Draws the progress window; true when the user cancelled.
    fn ui(&self, ctx: &Context) -> bool {
        let name = self
            .path
            .file_name()
            .map_or_else(|| self.path.display().to_string(), |n| n.to_string_lossy().into());
        let seconds = self.started.elapsed().as_secs_f32();
        Modal::new(Id::unique("opening-file"))
            .show(ctx, |ui| {
                ui.heading(format!("Opening {name}"));
                ui.label(format!(
                    "Reading and checking {:.1} MB… {seconds:.1} s",
                    self.bytes as f64 / 1e6
                ));
                ui.add(ProgressBar::new(0.0).animate(true).desired_width(320.0))
                    .on_hover_text("The window stays usable; the project appears when it is read");
                ui.button("Cancel")
                    .on_hover_text("Stop opening; the current project stays")
                    .clicked()
            })
            .inner
    }
}

impl App {
    /// Opens `path`: at once when it is small, else on a worker thread.
    pub(super) fn open_path(&mut self, path: &Path) {
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if bytes >= BACKGROUND_FROM_BYTES {
            self.opening = Some(Opening::start(path, bytes));
            self.status.info(format!("Opening {}…", path.display()));
        } else {
            self.finish_open(path, file::load(path));
        }
    }

    /// While a file is being opened in the background: the progress window, and the project
    /// once it is read.
    pub(super) fn opening_ui(&mut self, ctx: &Context) {
        let Some(opening) = &self.opening else { return };
        if let Some(result) = opening.poll() {
            let path = opening.path.clone();
            self.opening = None;
            match result {
                Ok(Opened { loaded, index, copy }) => {
                    self.finish_open(&path, Ok(loaded));
                    if self.path() == Some(path.as_path()) {
                        self.canvas.adopt_index(self.doc.history.revision(), index, copy);
                    }
                }
                Err(error) => self.finish_open(&path, Err(error)),
            }
            return;
        }
        if opening.ui(ctx) {
            self.status.info(format!("Did not open {}.", opening.path.display()));
            self.opening = None;
            return;
        }
        ctx.request_repaint_after(Duration::from_millis(50));
    }
}
