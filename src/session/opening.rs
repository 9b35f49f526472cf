//! A file read on a worker thread: from [`BACKGROUND_FROM_BYTES`] on, the editor reads, parses
//! and checks the file there, and the worker also builds the canvas's spatial index, so the
//! first frame does not stall on it (for a big project its first look, with a copy of the
//! project to find the routes from: [`crate::canvas::Canvas::adopt_index`]).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use crate::diagram::SpatialIndex;
use crate::file::{self, LoadError, Loaded};
use crate::model::Project;

/// What the worker hands back, or why it failed.
pub type Read = Result<Opened, LoadError>;

/// A file read: its project, the spatial index of its first frame, and, when that is only a
/// first look ([`SpatialIndex::first_look`]), a copy of the project to find its routes from.
pub struct Opened {
    pub loaded: Loaded,
    pub index: SpatialIndex,
    pub copy: Option<Project>,
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
    pub fn poll(&self) -> Option<Read> {
        match self.done.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(LoadError::whole("the reading stopped unexpectedly"))),
        }
    }

    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its size in bytes.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// How long it has been reading.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}
