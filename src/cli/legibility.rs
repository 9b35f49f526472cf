//! `check --diagram`: how legible each file's diagram is, one line per file, and which scripts
//! no font draws.

use std::io::Write;
use std::path::PathBuf;

use super::Outcome;
use super::fonts::FontArgs;
use crate::diagram::Legibility;
use crate::file;

/// Prints the legibility counts of every file, measured with the fonts `fonts` chooses for it
/// (a warning on `err` names what no font draws); with `strict`, a file whose diagram cuts a
/// name, overlaps a label or crosses a node makes the outcome [`Outcome::Problems`].
pub fn report(files: &[PathBuf], strict: bool, fonts: &FontArgs, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let explicit = match fonts.load(err) {
        Ok(explicit) => explicit,
        Err(outcome) => return outcome,
    };
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
        fonts.prepare(&explicit, &project, path, err);
        let legibility = Legibility::of(&project);
        let _ = writeln!(out, "{}: diagram: {legibility}", path.display());
        if strict && !legibility.is_clean() {
            outcome = outcome.max(Outcome::Problems);
        }
    }
    outcome
}
