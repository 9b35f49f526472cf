//! Opening and saving: the file-dialog seam (native dialogs in the program, preset answers in
//! tests), the recent-files list, dropped files, and the rule that unsaved changes are never
//! thrown away without asking. A file that cannot be read leaves the open project untouched; a
//! save that fails says why and keeps the edits.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::App;
use super::questions::{PathPurpose, Prompt, Replacement};
use crate::model::Project;
use crate::session::SaveMode;
use crate::{file, templates};

/// Where the editor asks the user for a file name.
pub trait FileDialogs {
    /// A project file to open, or `None` when the user cancels.
    fn pick_open(&mut self) -> Option<PathBuf>;
    /// Where to save, starting from `suggested` (a file name: a project, or an exported `.png` or
    /// `.svg`), or `None` when the user cancels.
    fn pick_save(&mut self, suggested: &str) -> Option<PathBuf>;
    /// A draw.io file or a CSV table to import, or `None` when the user cancels.
    fn pick_import(&mut self) -> Option<PathBuf> {
        self.pick_open()
    }
    /// False once it is clear the system has no file dialog to show; the editor then asks for
    /// a path in a window of its own.
    fn available(&self) -> bool {
        true
    }
}

/// The system's file dialogs (through the XDG desktop portal on Linux).
#[derive(Default)]
pub struct NativeDialogs {
    unavailable: bool,
}

/// A dialog that answers faster than a person can click had nothing to show.
const TOO_FAST_FOR_A_PERSON: Duration = Duration::from_millis(150);

impl NativeDialogs {
    fn ask(&mut self, pick: impl FnOnce() -> Option<PathBuf>) -> Option<PathBuf> {
        let started = Instant::now();
        let answer = pick();
        if answer.is_none() && started.elapsed() < TOO_FAST_FOR_A_PERSON {
            self.unavailable = true;
        }
        answer
    }
}

fn project_dialog() -> rfd::FileDialog {
    rfd::FileDialog::new()
        .add_filter("dlt-modeller project", &["ron"])
        .add_filter("Picture carrying a project", &["png", "svg"])
}

/// The Save dialog for `suggested`: an exported image (.png, .svg) gets its own title and filter.
fn save_dialog(suggested: &str) -> rfd::FileDialog {
    let (title, kind, extension) = match Path::new(suggested).extension().and_then(|e| e.to_str()) {
        Some("png") => ("Export PNG", "PNG image", "png"),
        Some("svg") => ("Export SVG", "SVG drawing", "svg"),
        Some("drawio") => ("Export draw.io", "draw.io diagram", "drawio"),
        _ => return project_dialog().set_title("Save project as"),
    };
    rfd::FileDialog::new().add_filter(kind, &[extension]).set_title(title)
}

impl FileDialogs for NativeDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        self.ask(|| project_dialog().set_title("Open project").pick_file())
    }

    fn pick_save(&mut self, suggested: &str) -> Option<PathBuf> {
        self.ask(|| save_dialog(suggested).set_file_name(suggested).save_file())
    }

    fn pick_import(&mut self) -> Option<PathBuf> {
        let dialog = rfd::FileDialog::new()
            .add_filter("draw.io diagram", &["drawio", "xml"])
            .add_filter("CSV table (nodes.csv; flows.csv beside it)", &["csv"])
            .set_title("Import");
        self.ask(|| dialog.pick_file())
    }

    fn available(&self) -> bool {
        !self.unavailable
    }
}

/// Dialogs that give preset answers in order, then cancel: the tests' stand-in.
#[derive(Default)]
pub struct PresetDialogs {
    open: VecDeque<PathBuf>,
    save: VecDeque<PathBuf>,
    missing: bool,
}

impl PresetDialogs {
    pub fn new() -> Self {
        Self::default()
    }

    /// The next Open dialog answers `path`.
    pub fn then_open(mut self, path: impl Into<PathBuf>) -> Self {
        self.open.push_back(path.into());
        self
    }

    /// The next Save dialog answers `path`.
    pub fn then_save(mut self, path: impl Into<PathBuf>) -> Self {
        self.save.push_back(path.into());
        self
    }

    /// Like a system without a file dialog: every dialog cancels at once.
    pub fn missing() -> Self {
        Self {
            missing: true,
            ..Self::default()
        }
    }
}

impl FileDialogs for PresetDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        self.open.pop_front()
    }

    fn pick_save(&mut self, _suggested: &str) -> Option<PathBuf> {
        self.save.pop_front()
    }

    fn available(&self) -> bool {
        !self.missing
    }
}

/// The files opened or saved last, newest first, kept across runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecentFiles(Vec<PathBuf>);

impl RecentFiles {
    const MAX: usize = 10;
    const STORAGE_KEY: &str = "recent_files";

    pub fn new(paths: Vec<PathBuf>) -> Self {
        let mut recent = Self::default();
        for path in paths.into_iter().rev() {
            recent.push(path);
        }
        recent
    }

    pub fn paths(&self) -> &[PathBuf] {
        &self.0
    }

    /// Puts `path` first, once.
    pub fn push(&mut self, path: PathBuf) {
        self.0.retain(|p| p != &path);
        self.0.insert(0, path);
        self.0.truncate(Self::MAX);
    }

    pub fn remove(&mut self, path: &Path) {
        self.0.retain(|p| p != path);
    }

    pub fn load(storage: &dyn eframe::Storage) -> Self {
        Self::new(eframe::get_value(storage, Self::STORAGE_KEY).unwrap_or_default())
    }

    pub fn store(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Self::STORAGE_KEY, &self.0);
    }
}

impl App {
    /// Replaces the document, first asking Save / Discard / Cancel if it has unsaved changes.
    pub(super) fn request(&mut self, replacement: Replacement, ctx: &egui::Context) {
        if self.session.doc.is_dirty() {
            self.dialogs.prompt = Some(Prompt::Discard(replacement));
        } else {
            self.replace(replacement, ctx);
        }
    }

    /// Replaces the document without asking.
    pub(super) fn replace(&mut self, replacement: Replacement, ctx: &egui::Context) {
        match replacement {
            Replacement::Blank => {
                self.install(Project::new("Untitled use case"), None, None);
                self.status
                    .info("New blank project. Pick Actor in the toolbar, then click on the canvas.");
            }
            Replacement::Template(key) => {
                let Some(template) = templates::find(key) else { return };
                let origin = format!("{} (sample)", template.title);
                self.install(template.project(), None, Some(origin));
                self.status.info(format!(
                    "New project from the sample “{}”. Save it to keep it.",
                    template.title
                ));
            }
            Replacement::PickFile => match self.file_dialogs.pick_open() {
                Some(path) => self.open_path(&path),
                None if !self.file_dialogs.available() => {
                    self.dialogs.prompt = Some(Prompt::Path(PathPurpose::Open, self.default_folder()));
                }
                None => {}
            },
            Replacement::File(path) => self.open_path(&path),
            Replacement::Import => self.import_picked(),
            Replacement::Quit => {
                if let Some(saving) = &mut self.session.saving {
                    saving.close_after = true;
                    return self.status.info("Closing once the save is done.");
                }
                self.close_confirmed = true;
                if let Some(recovery) = &mut self.session.recovery {
                    recovery.close();
                }
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Installs what reading the project file `path` gave. If it could not be read, the error is
    /// shown and nothing changes.
    pub(super) fn finish_open(&mut self, path: &Path, result: Result<file::Loaded, file::LoadError>) {
        match result {
            Ok(loaded) if loaded.from_picture => {
                // A picture is never saved over: its project opens as an untitled copy.
                self.install(loaded.project, None, None);
                self.recent.push(path.to_path_buf());
                self.status.info(format!(
                    "Opened the project carried by {} as an untitled copy; the picture stays as it is.",
                    path.display()
                ));
            }
            Ok(loaded) => {
                let newer = loaded.is_newer().then_some(loaded.version);
                self.install(loaded.project, Some(path.to_path_buf()), None);
                self.session.doc.newer_version = newer;
                self.recent.push(path.to_path_buf());
                let name = self.session.doc.display_name();
                if newer.is_some() {
                    self.status
                        .info(format!("Opened {name} read-only: a newer dlt-modeller wrote it."));
                } else if loaded.version < file::CURRENT_VERSION {
                    self.status.info(format!(
                        "Opened {name}, written in format version {}; saving writes version {}.",
                        loaded.version,
                        file::CURRENT_VERSION
                    ));
                } else {
                    self.status.info(format!("Opened {name}."));
                }
            }
            Err(error) => {
                if !path.exists() {
                    self.recent.remove(path);
                }
                self.status.error(format!("Could not open {}.", path.display()));
                self.dialogs.show_error("Could not open the file", error.to_string());
            }
        }
    }

    /// Saves to the document's file, or asks where when it has none. True when saved.
    /// Saves to the project's file (asking where first for an untitled one). If the file
    /// changed on disk since it was opened or saved, asks before overwriting. True when saved.
    pub(super) fn save(&mut self, mode: SaveMode) -> bool {
        if let Some(version) = self.session.doc.newer_version {
            self.status
                .error("Not saved over the file: a newer dlt-modeller wrote it.");
            self.dialogs.show_error(
                "This file is read-only here",
                format!(
                    "It was written by a newer dlt-modeller (format version {version}); this one writes version {}. \
                     Saving over it could lose what the newer version keeps there. Use File › Save As… to keep \
                     your changes in another file.",
                    file::CURRENT_VERSION
                ),
            );
            return false;
        }
        match self.session.doc.path().map(Path::to_path_buf) {
            Some(path) if self.session.doc.changed_on_disk() => {
                self.dialogs.prompt = Some(Prompt::ChangedOnDisk(path));
                false
            }
            Some(path) => self.save_to(path, mode),
            None => self.save_as(mode),
        }
    }

    /// Merges what changed on disk into the project, as one undoable step; conflicts keep
    /// this side and are listed. Saving afterwards overwrites the file without asking again.
    pub(super) fn merge_from_disk(&mut self, path: &Path) {
        let theirs = match file::load(path) {
            Ok(loaded) => loaded.project,
            Err(error) => {
                return self
                    .dialogs
                    .show_error("Could not read the file to merge", error.to_string());
            }
        };
        let base = self.session.doc.as_on_disk().cloned().unwrap_or_else(|| theirs.clone());
        let merged = crate::merge::merge(&base, self.session.doc.project(), &theirs);
        let edit = crate::edit::replace_project(self.session.doc.project(), &merged.project, "Merge changes from disk");
        self.apply_edit(edit, None);
        self.session.doc.disk_holds(theirs);
        if merged.conflicts.is_empty() {
            self.status
                .info("Merged the changes on disk into yours. Save to write the result.");
        } else {
            let list: Vec<String> = merged.conflicts.iter().map(ToString::to_string).collect();
            self.status
                .info("Merged, with conflicts: your version was kept where both sides changed a value.");
            self.dialogs
                .show_error("Merged with conflicts (your version kept)", list.join("\n"));
        }
    }

    /// Asks where to save, then saves there. True when saved.
    pub(super) fn save_as(&mut self, mode: SaveMode) -> bool {
        let suggested = self.session.doc.suggested_file_name();
        match self.file_dialogs.pick_save(&suggested) {
            Some(path) => self.save_to(with_project_extension(path), mode),
            None => {
                if !self.file_dialogs.available() {
                    let folder = self.default_folder();
                    self.dialogs.prompt = Some(Prompt::Path(PathPurpose::Save, folder.join(suggested)));
                }
                false
            }
        }
    }

    /// Writes the project to `path` now. On failure the edits stay and the reason is shown.
    pub(super) fn save_now(&mut self, path: PathBuf) -> bool {
        match file::save(&path, self.session.doc.project()) {
            Ok(()) => {
                self.session.doc.saved_to(path.clone());
                self.recent.push(path);
                self.status.info(format!("Saved {}.", self.session.doc.display_name()));
                true
            }
            Err(error) => {
                self.status
                    .error("The project was not saved; your changes are still here.");
                self.dialogs.show_error("Could not save the project", error.to_string());
                false
            }
        }
    }

    /// Opens a `.ron` file dropped on the window (asking first about unsaved changes).
    pub(super) fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        let Some(first) = dropped.first() else { return };
        if dropped.len() > 1 {
            self.status.info("Several files were dropped; opening the first one.");
        }
        self.request(Replacement::File(first.clone()), ctx);
    }

    /// The folder of the open file, else the working folder.
    pub(super) fn default_folder(&self) -> PathBuf {
        self.session
            .doc
            .path()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }
}

/// `name` becomes `name.ron`; a name that already has an extension keeps it.
fn with_project_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("ron")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_keep_the_newest_first_once_and_at_most_ten() {
        let mut recent = RecentFiles::default();
        for i in 0..12 {
            recent.push(PathBuf::from(format!("/p/{i}.ron")));
        }
        recent.push(PathBuf::from("/p/5.ron"));
        assert_eq!(recent.paths().len(), 10);
        assert_eq!(recent.paths()[0], PathBuf::from("/p/5.ron"));
        assert_eq!(recent.paths()[1], PathBuf::from("/p/11.ron"));
        assert_eq!(recent.paths().iter().filter(|p| p.ends_with("5.ron")).count(), 1);
        recent.remove(Path::new("/p/5.ron"));
        assert_eq!(recent.paths()[0], PathBuf::from("/p/11.ron"));
        assert_eq!(RecentFiles::new(recent.paths().to_vec()), recent);
    }

    #[test]
    fn saved_files_get_the_project_extension_when_they_have_none() {
        assert_eq!(with_project_extension("/a/b".into()), PathBuf::from("/a/b.ron"));
        assert_eq!(with_project_extension("/a/b.txt".into()), PathBuf::from("/a/b.txt"));
    }

    #[test]
    fn preset_dialogs_answer_in_order_then_cancel() {
        let mut d = PresetDialogs::new().then_open("/a.ron").then_save("/b.ron");
        assert_eq!(d.pick_open(), Some(PathBuf::from("/a.ron")));
        assert_eq!(d.pick_open(), None);
        assert_eq!(d.pick_save("x.ron"), Some(PathBuf::from("/b.ron")));
        assert_eq!(d.pick_save("x.ron"), None);
        assert!(d.available());
    }
}
