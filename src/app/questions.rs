//! What the editor asks the user before it goes on, and what the user answers: the questions
//! ([`Prompt`]), the answers ([`Answer`]), and what they are about — the project that takes the
//! open one's place ([`Replacement`]), the export format ([`Format`]), what a typed path is for
//! ([`PathPurpose`]). Plain data: the dialogs draw them, the file and export windows ask them.

use std::path::PathBuf;

/// The file formats the diagram is exported in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Svg => "SVG",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// What takes the place of the open document once unsaved changes may be dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Replacement {
    Blank,
    Template(&'static str),
    /// Ask for a file, then open it.
    PickFile,
    File(PathBuf),
    /// Ask for a draw.io file or CSV table, then open what it holds as an untitled project.
    Import,
    /// Close the window.
    Quit,
}

/// Whether a typed path is for opening or saving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    Save,
    Export(Format),
}

/// A question the user has to answer before anything else happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prompt {
    /// The project has unsaved changes and is about to be replaced (or the window closed).
    Discard(Replacement),
    /// The system has no file dialog: type the path.
    Path(PathPurpose, PathBuf),
    /// Saving would overwrite a file that changed on disk since it was opened or saved.
    ChangedOnDisk(PathBuf),
}

/// What the user answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Save first; if that works, go on with the replacement.
    SaveThen(Replacement),
    Discard(Replacement),
    Open(PathBuf),
    SaveTo(PathBuf),
    ExportTo(Format, PathBuf),
    /// Answers to a file that changed on disk.
    Overwrite(PathBuf),
    Reload(PathBuf),
    SaveAsInstead,
    MergeFromDisk(PathBuf),
}
