//! The open document: the project with its undo history, the file it belongs to (if any), what
//! it was started from, and the window title with its dirty marker.

use std::path::{Path, PathBuf};

use crate::edit::History;
use crate::file::{self, Fingerprint};
use crate::model::Project;

/// A project being edited, and where it lives.
pub struct Document {
    /// Changed only through [`Document::apply`] and its siblings (`session/editing.rs`).
    pub(super) history: History,
    path: Option<PathBuf>,
    /// What an untitled project was started from, e.g. "Responsible trade in gold (sample)".
    origin: Option<String>,
    /// The file as this editor last read or wrote it: its fingerprint, and the project it held
    /// (the common base when changes made elsewhere are merged in).
    on_disk: Option<(Fingerprint, Project)>,
    /// The format version of a file written by a newer dlt-modeller: it is shown read-only and
    /// never saved over.
    pub newer_version: Option<u32>,
}

impl Document {
    /// A project from `path`, or (without a path) an untitled one; `origin` names the template
    /// an untitled project came from.
    pub fn new(project: Project, path: Option<PathBuf>, origin: Option<String>) -> Self {
        let mut doc = Self {
            history: History::new(project),
            path,
            origin,
            on_disk: None,
            newer_version: None,
        };
        doc.remember_disk();
        doc
    }

    /// Puts another project in place. The history starts over, but its revision keeps counting
    /// up, so caches keyed by revision never mistake the new project for the old one.
    pub fn replace(&mut self, project: Project, path: Option<PathBuf>, origin: Option<String>) {
        self.history.replace(project);
        self.path = path;
        self.origin = origin;
        self.newer_version = None;
        self.remember_disk();
    }

    /// Notes what the file holds now, as the project currently is (just loaded or saved).
    fn remember_disk(&mut self) {
        self.on_disk = self
            .path
            .as_deref()
            .and_then(|p| file::fingerprint(p).ok().flatten())
            .map(|fp| (fp, self.project().clone()));
    }

    /// Notes that the file now holds `project` (merged in from disk): saving will overwrite it.
    pub fn disk_holds(&mut self, project: Project) {
        if let Some(fp) = self.path.as_deref().and_then(|p| file::fingerprint(p).ok().flatten()) {
            self.on_disk = Some((fp, project));
        }
    }

    /// Whether the file changed on disk since this editor last read or wrote it.
    pub fn changed_on_disk(&self) -> bool {
        match (&self.path, &self.on_disk) {
            (Some(path), Some((known, _))) => file::fingerprint(path).ok().flatten() != Some(*known),
            _ => false,
        }
    }

    /// The project as this editor last read or wrote the file: the base of a merge.
    pub fn as_on_disk(&self) -> Option<&Project> {
        self.on_disk.as_ref().map(|(_, p)| p)
    }

    pub fn project(&self) -> &Project {
        self.history.project()
    }

    /// Increases by one with every change to the project.
    pub fn revision(&self) -> u64 {
        self.history.revision()
    }

    /// Names which edits are applied, for a save in the background.
    pub fn current_state(&self) -> u64 {
        self.history.current_state()
    }

    /// The labels of the steps Undo and Redo would take.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo_label()
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo_label()
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// The file name, or "Untitled" with the template an untitled project came from.
    pub fn display_name(&self) -> String {
        match (&self.path, &self.origin) {
            (Some(path), _) => path
                .file_name()
                .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into()),
            (None, Some(origin)) => format!("Untitled — {origin}"),
            (None, None) => "Untitled".to_string(),
        }
    }

    /// `dlt-modeller — name.ron •`: the program, the file and a dot while there are unsaved changes.
    pub fn window_title(&self) -> String {
        let dirty = if self.is_dirty() { " •" } else { "" };
        format!("dlt-modeller — {}{dirty}", self.display_name())
    }

    /// A file name to offer in the Save dialog: the current one, or one made from the title.
    pub fn suggested_file_name(&self) -> String {
        if let Some(name) = self.path.as_deref().and_then(Path::file_name) {
            return name.to_string_lossy().into_owned();
        }
        let slug = self
            .project()
            .sheet
            .title
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if slug.is_empty() {
            "use-case.ron".to_string()
        } else {
            format!("{slug}.ron")
        }
    }

    /// Records that the project was written to `path`: it now belongs there and is clean.
    pub fn saved_to(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.origin = None;
        self.newer_version = None;
        self.history.mark_saved();
        self.remember_disk();
    }

    /// Records that `written`, the project in history state `state`, was written to `path` by a
    /// save in the background; edits made since stay unsaved.
    pub fn saved_in_background(&mut self, path: PathBuf, state: u64, written: Project) {
        self.path = Some(path);
        self.origin = None;
        self.newer_version = None;
        self.history.mark_saved_at(state);
        self.disk_holds(written);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::rename_node;
    use crate::model::{Node, Position};

    #[test]
    fn the_title_names_the_file_and_marks_unsaved_changes() {
        let mut p = Project::new("Responsible trade in gold");
        p.nodes.insert("a".into(), Node::actor("Mine", Position::default()));
        let mut doc = Document::new(p, None, Some("Responsible trade in gold (sample)".into()));
        assert_eq!(
            doc.window_title(),
            "dlt-modeller — Untitled — Responsible trade in gold (sample)"
        );
        assert_eq!(doc.suggested_file_name(), "responsible-trade-in-gold.ron");
        doc.apply(rename_node(doc.project(), "a", "Refiner"));
        assert!(doc.window_title().ends_with(" •"));
        doc.saved_to(PathBuf::from("/tmp/gold.ron"));
        assert_eq!(doc.window_title(), "dlt-modeller — gold.ron");
        assert_eq!(doc.suggested_file_name(), "gold.ron");
        let revision = doc.revision();
        doc.replace(Project::new("  "), None, None);
        assert!(doc.revision() > revision && !doc.is_dirty());
        assert_eq!(doc.window_title(), "dlt-modeller — Untitled");
        assert_eq!(doc.suggested_file_name(), "use-case.ron");
    }
}
