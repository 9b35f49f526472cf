//! The `layout` subcommand: the layered auto-layout applied to a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{LayoutDirection, Outcome};
use crate::diagram::Sizes;
use crate::layout::{self, Direction};
use crate::{edit, file};

pub fn run(
    path: &Path,
    direction: LayoutDirection,
    output: Option<&PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let project = match super::load_to_rewrite(path, err) {
        Ok(l) if l.from_picture && output.is_none() => {
            let _ = writeln!(
                err,
                "error: {}: a picture is never rewritten; write the laid-out project elsewhere with -o FILE.ron",
                path.display()
            );
            return Outcome::Unreadable;
        }
        Ok(l) => l.project,
        Err(outcome) => return outcome,
    };
    // Boxes are measured with the fonts the editor and `export` would use for this project.
    super::fonts::FontArgs::default().prepare(&[], &project, path, err);
    let direction = match direction {
        LayoutDirection::Lr => Direction::LeftRight,
        LayoutDirection::Tb => Direction::TopBottom,
    };
    let mut history = edit::History::new(project);
    let before = layout::crossings_text(history.project());
    let moves = match layout::layered(history.project(), None, direction, &Sizes) {
        Ok(moves) => moves,
        Err(e) => {
            let _ = writeln!(err, "error: {}: {e}", path.display());
            return Outcome::Problems;
        }
    };
    history.apply(edit::move_nodes(history.project(), &moves));
    let target = output.map_or(path, PathBuf::as_path);
    if let Err(e) = file::save(target, history.project()) {
        let _ = writeln!(err, "error: {e}");
        return Outcome::Unreadable;
    }
    let _ = writeln!(
        out,
        "laid out {} nodes into {}: {} (before: {before}), {} overlapping nodes",
        moves.len(),
        target.display(),
        layout::crossings_text(history.project()),
        layout::overlaps(history.project(), &Sizes)
    );
    Outcome::Clean
}
