//! A save on a worker thread: from [`BACKGROUND_FROM_NODES`] nodes on, the editor writes a copy
//! of the project there (the same atomic save, with its `.bak`) while editing goes on; edits
//! made meanwhile stay unsaved.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

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
    /// Starts writing `project` (history state `state` of document `document`) to `path`.
    pub fn start(path: PathBuf, project: Project, state: u64, document: u64) -> Self {
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

    /// The project written and the outcome, once the worker has finished (a worker that died
    /// counts as an error).
    pub fn poll(&self) -> Option<(Project, Result<(), SaveError>)> {
        match self.done.try_recv() {
            Ok(done) => Some(done),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some((
                Project::default(),
                Err(SaveError::Io {
                    path: self.path.clone(),
                    source: std::io::Error::other("the saving stopped unexpectedly"),
                }),
            )),
        }
    }

    /// Where it writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The history state it writes.
    pub fn state(&self) -> u64 {
        self.state
    }

    /// The document it writes (a serial number the editor gives each project it opens).
    pub fn document(&self) -> u64 {
        self.document
    }

    /// How long it has been running.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}
