//! The editing session under the editor, without egui: the open document (the project, its
//! undo history and the file it belongs to), the data derived from it (the catalogue with the
//! project's own entries and the assessment report, kept up to date on a worker for big
//! projects), the workers that open and save a big project in the background, and the recovery
//! copies autosave writes. The editor (`app`) draws it and turns what the user does into edits
//! on it; tests drive it without a window.

mod derived;
mod document;
mod editing;
mod opening;
mod recovery;
mod saving;

pub use derived::Derived;
pub use document::Document;
pub use editing::Applied;
pub use opening::{BACKGROUND_FROM_BYTES, Opened, Opening, Read};
pub use recovery::{Choice, Recovery};
pub use saving::{BACKGROUND_FROM_NODES, SaveMode, Saving};

/// Everything the editor edits and keeps in step with it, outside the window.
pub struct Session {
    pub doc: Document,
    pub derived: Derived,
    /// Autosave into recovery copies, and copies a crashed editor left.
    pub recovery: Option<Recovery>,
    /// A big file being read in the background.
    pub opening: Option<Opening>,
    /// A big project being written in the background.
    pub saving: Option<Saving>,
    /// Counts the documents installed, so a background save knows whether its document is
    /// still the one shown.
    pub document_serial: u64,
}

impl Session {
    /// A session on `doc`, assessed at once, with autosave into `recovery` when given.
    pub fn new(doc: Document, recovery: Option<Recovery>) -> Self {
        Self {
            derived: Derived::new(doc.project(), doc.revision()),
            doc,
            recovery,
            opening: None,
            saving: None,
            document_serial: 0,
        }
    }
}
