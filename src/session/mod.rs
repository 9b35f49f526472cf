//! The editing session under the editor, without egui: the open document (the project, its
//! undo history and the file it belongs to) and the data derived from it (the catalogue with the
//! project's own entries and the assessment report, kept up to date on a worker for big
//! projects). The editor (`app`) draws it and turns what the user does into edits on it; tests
//! drive it without a window.

mod derived;
mod document;

pub use derived::Derived;
pub use document::Document;
