//! `check --diagram`: how legible each file's diagram is, one line per file.

use std::io::Write;
use std::path::PathBuf;

use super::Outcome;
use crate::diagram::Legibility;
use crate::file;

/// Prints the legibility counts of every file; with `strict`, a file whose diagram cuts a name,
/// overlaps a label or crosses a node makes the outcome [`Outcome::Problems`].
pub fn report(files: &[PathBuf], strict: bool, out: &mut dyn Write) -> Outcome {
    let mut outcome = Outcome::Clean;
    for path in files {
        let project = match file::load(path) {
            Ok(loaded) => loaded.project,
            // `check` has said why already.
            Err(_) => {
                outcome = outcome.max(Outcome::Unreadable);
                continue;
            }
        };
        let legibility = Legibility::of(&project);
        let _ = writeln!(out, "{}: diagram: {legibility}", path.display());
        if strict && !legibility.is_clean() {
            outcome = outcome.max(Outcome::Problems);
        }
    }
    outcome
}
