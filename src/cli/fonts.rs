//! The fonts of the commands that draw or measure a diagram (`export`, `check --diagram`):
//! `--font FILE` (repeatable) and `--no-system-fonts`, the fallback set chosen for the project
//! and made active, and a warning naming the scripts and names that no font can draw.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::Outcome;
use crate::diagram::fonts::{self, Fallback, FontSet};
use crate::model::Project;

#[derive(Args, Debug, Default, Clone)]
pub struct FontArgs {
    /// A font file (TrueType or OpenType) for the characters egui's fonts lack, tried before
    /// the system's fonts; may be given more than once.
    #[arg(long = "font", value_name = "FILE")]
    pub fonts: Vec<PathBuf>,
    /// Use no system font, only the built-in fonts and those given with --font.
    #[arg(long)]
    pub no_system_fonts: bool,
}

impl FontArgs {
    /// Reads the `--font` files; a file that is not a usable font is an error.
    pub fn load(&self, err: &mut dyn Write) -> Result<Vec<Fallback>, Outcome> {
        self.fonts
            .iter()
            .map(|path| {
                Fallback::load(path, 0).map_err(|e| {
                    let _ = writeln!(err, "error: {e}");
                    Outcome::Unreadable
                })
            })
            .collect()
    }

    /// Chooses and activates the fonts for `project` (what the editor would choose on this
    /// machine with the same added fonts), then warns about characters still without a glyph.
    pub fn prepare(&self, explicit: &[Fallback], project: &Project, path: &Path, err: &mut dyn Write) {
        let set = FontSet::for_chars(&fonts::project_chars(project), explicit.to_vec(), !self.no_system_fonts);
        fonts::install(set);
        warn_missing(project, path, err);
    }
}

impl FontArgs {
    /// [`Self::load`] then [`Self::prepare`]: the fonts for `project` made active, or the
    /// outcome of a `--font` file that cannot be used.
    pub fn activate(&self, project: &Project, path: &Path, err: &mut dyn Write) -> Result<(), Outcome> {
        let explicit = self.load(err)?;
        self.prepare(&explicit, project, path, err);
        Ok(())
    }
}

/// A warning naming the scripts of the characters the PDF report printed as "?" (`missing`)
/// that [`FontArgs::prepare`] has not warned of (those of the diagram's names no font draws):
/// the use-case sheet's text, say.
pub fn warn_unprinted(project: &Project, missing: &BTreeSet<char>, path: &Path, err: &mut dyn Write) {
    let (named, active) = (fonts::project_chars(project), fonts::active());
    let scripts: BTreeSet<&str> = (missing.iter())
        .filter(|&&c| !named.contains(&c) || active.draws(c))
        .map(|&c| fonts::script_of(c))
        .collect();
    if !scripts.is_empty() {
        let scripts: Vec<&str> = scripts.into_iter().collect();
        let _ = writeln!(
            err,
            "warning: {}: the report prints characters of {} as \"?\": no font has them. Install a Noto font or pass --font FILE",
            path.display(),
            scripts.join(", ")
        );
    }
}

/// One warning line per script of `project` that no active font draws.
fn warn_missing(project: &Project, path: &Path, err: &mut dyn Write) {
    for missing in fonts::missing(project, &fonts::active()) {
        let _ = writeln!(
            err,
            "warning: {}: no font for {missing}; they are drawn as boxes. Install a Noto font or pass --font FILE",
            path.display()
        );
    }
}
