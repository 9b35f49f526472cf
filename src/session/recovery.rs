//! Never losing work: while the project has unsaved changes, a recovery copy is written into
//! the recovery folder every 30 seconds at most (never over the project); the copy goes when
//! the project is clean again or the window closes on purpose (and none is written after that).
//! The session holds its lock in the recovery folder for its life, so other windows leave its
//! copy alone; copies left by a crashed editor are offered for restoring or discarding. The
//! files and the schedule are `file::RecoveryStore` and `file::Autosave`; the editor brings the
//! clock and the window. A big project's copy is written on a worker thread (writing 100,000
//! nodes takes about a second).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use super::Document;
use crate::file::{Autosave, Recovered, RecoveryStore, SaveError, SessionLock};
use crate::model::Project;

/// What the user chose in the "Recovered work" window.
pub enum Choice {
    /// Open this copy as the (unsaved) project; it belonged to this file, if any.
    Restore(Box<Project>, Option<PathBuf>),
    /// The copy could not be read; it stays on disk and in the list.
    Failed(String),
}

/// Autosave of this editor session and the copies found at start.
pub struct Recovery {
    store: RecoveryStore,
    session: String,
    /// Tells other sessions this one is running; `None` when the folder could not be written
    /// (copies then fail to be written too, and say so).
    _lock: Option<SessionLock>,
    /// The window is closing on purpose: no copy is written any more.
    closed: bool,
    autosave: Autosave,
    /// Whether this session's copy exists on disk.
    written: bool,
    /// Copies left by earlier sessions, still waiting for an answer.
    offered: Vec<Recovered>,
    /// A copy being written on a worker thread.
    writing: Option<Receiver<Result<PathBuf, SaveError>>>,
}

/// Projects with at least this many nodes get their recovery copy written on a worker thread.
use super::BACKGROUND_FROM_NODES;

impl Recovery {
    /// Autosave into `store`, offering what earlier sessions left there; `now` is the time since
    /// the Unix epoch, which names this session's copy.
    pub fn new(store: RecoveryStore, interval: Duration, now: Duration) -> Self {
        let session = format!("session-{}-{}", std::process::id(), now.as_nanos() % 1_000_000);
        let lock = store.lock_session(&session).ok();
        let offered = store.list();
        Self {
            store,
            session,
            _lock: lock,
            closed: false,
            autosave: Autosave::every(interval),
            written: false,
            offered,
            writing: None,
        }
    }

    /// Once a frame: writes a copy when one is due, removes it once the project is clean.
    /// Returns an error message when writing failed (it is retried at the next frame).
    pub fn tick(&mut self, doc: &Document, now: Duration) -> Option<String> {
        if self.closed {
            return None;
        }
        if let Some(writing) = &self.writing {
            match writing.try_recv() {
                Ok(result) => {
                    self.writing = None;
                    if let Some(problem) = self.wrote(result) {
                        return Some(problem);
                    }
                }
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => self.writing = None,
            }
        }
        if !doc.is_dirty() {
            if self.written {
                self.discard();
            }
            return None;
        }
        if !self.autosave.due(now, true, doc.revision()) {
            return None;
        }
        if doc.project().nodes.len() >= BACKGROUND_FROM_NODES {
            let (tx, rx) = channel();
            let (store, session) = (self.store.clone(), self.session.clone());
            let (original, project) = (doc.path().map(PathBuf::from), doc.project().clone());
            std::thread::spawn(move || {
                let _ = tx.send(store.write(&session, original.as_deref(), &project, now));
            });
            self.writing = Some(rx);
            return None;
        }
        let result = self.store.write(&self.session, doc.path(), doc.project(), now);
        self.wrote(result)
    }

    /// Takes note of a finished write; the message when it failed.
    fn wrote(&mut self, result: Result<PathBuf, SaveError>) -> Option<String> {
        match result {
            Ok(_) => {
                self.written = true;
                None
            }
            Err(e) => {
                self.autosave.failed();
                Some(format!("Could not write the recovery copy: {e}"))
            }
        }
    }

    /// Writes copies at most every `interval` from now on.
    pub fn set_interval(&mut self, interval: Duration) {
        self.autosave.interval = interval;
    }

    /// The user closed the window on purpose (saved, or chose to discard): no copy stays, and
    /// none is written in the frames the window still draws while it closes.
    pub fn close(&mut self) {
        self.discard();
        self.closed = true;
    }

    /// Removes this session's copy, once a copy being written has landed.
    fn discard(&mut self) {
        // A copy still being written would land after the removal: wait for it first.
        if let Some(writing) = self.writing.take() {
            let _ = writing.recv();
        }
        self.store.discard(&self.session);
        self.written = false;
        self.autosave.reset();
    }

    /// The copies earlier sessions left, waiting for an answer.
    pub fn offered(&self) -> &[Recovered] {
        &self.offered
    }

    /// The user's answer for the offered copy `i`: restore it (then its project, or why it could
    /// not be read: it then stays offered and on disk) or discard it.
    pub fn answer(&mut self, i: usize, restore: bool) -> Option<Choice> {
        if i >= self.offered.len() {
            return None;
        }
        let found = self.offered.remove(i);
        let mut choice = None;
        if restore {
            match self.store.load(&found) {
                Ok(project) => choice = Some(Choice::Restore(Box::new(project), found.original.clone())),
                Err(e) => {
                    // Keep the copy on disk: it may still be opened by hand.
                    self.offered.insert(i, found);
                    return Some(Choice::Failed(e.to_string()));
                }
            }
        }
        self.store.remove(&found);
        choice
    }
}

#[cfg(test)]
mod tests {
    use std::time::{SystemTime, UNIX_EPOCH};

    use super::*;
    use crate::edit::rename_node;

    fn now() -> Duration {
        SystemTime::now().duration_since(UNIX_EPOCH).unwrap()
    }

    #[test]
    fn a_big_projects_copy_is_written_in_the_background_and_removed_when_clean() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path());
        let mut recovery = Recovery::new(store.clone(), Duration::from_secs(30), Duration::ZERO);
        let mut doc = Document::new(crate::generate::generate(BACKGROUND_FROM_NODES, 2), None, None);
        let id = doc.project().nodes.keys().next().unwrap().clone();
        doc.apply(rename_node(doc.project(), &id, "Renamed"));
        let start = now();
        assert_eq!(recovery.tick(&doc, start), None);
        assert!(recovery.writing.is_some(), "a big project's copy goes to a worker");
        let waited = std::time::Instant::now();
        while !recovery.written {
            assert!(waited.elapsed() < Duration::from_secs(60), "the copy never landed");
            std::thread::sleep(Duration::from_millis(20));
            assert_eq!(recovery.tick(&doc, start), None);
        }
        assert!(store.list().is_empty(), "a running session's copy is not offered");
        let copies = recovery_copies(dir.path());
        assert_eq!(copies.len(), 1);
        assert_eq!(&crate::file::load(&copies[0]).unwrap().project, doc.project());

        doc.undo();
        assert_eq!(recovery.tick(&doc, start), None);
        assert!(recovery_copies(dir.path()).is_empty(), "a clean project keeps no copy");
    }

    fn recovery_copies(dir: &std::path::Path) -> Vec<PathBuf> {
        let files = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path());
        files.filter(|p| p.extension().is_some_and(|x| x == "ron")).collect()
    }

    fn closing_leaves_no_copy(nodes: usize) {
        let dir = tempfile::tempdir().unwrap();
        let mut recovery = Recovery::new(RecoveryStore::new(dir.path()), Duration::from_secs(30), Duration::ZERO);
        let mut doc = Document::new(crate::generate::generate(nodes, 2), None, None);
        let id = doc.project().nodes.keys().next().unwrap().clone();
        doc.apply(rename_node(doc.project(), &id, "Renamed"));
        let start = now();
        assert_eq!(
            recovery.tick(&doc, start),
            None,
            "a copy is due and written, or started"
        );
        recovery.close();
        for frame in 0..3 {
            assert_eq!(recovery.tick(&doc, start + Duration::from_secs(frame)), None);
        }
        assert_eq!(recovery_copies(dir.path()), Vec::<PathBuf>::new());
    }

    #[test]
    fn closing_on_purpose_leaves_no_copy_even_with_one_due_or_being_written() {
        closing_leaves_no_copy(5);
        closing_leaves_no_copy(BACKGROUND_FROM_NODES);
    }
}
