//! The interchange side of the command line: `export --drawio/--mermaid/--dot/--csv` and the
//! `import` subcommand (draw.io, CSV tables, or a picture carrying a project → a project
//! file). See docs/INTERCHANGE.md.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::Outcome;
use crate::diagram::Sizes;
use crate::file::{self, LoadError};
use crate::interchange::{self, Imported, csv, dot, drawio, mermaid};
use crate::model::Project;

/// The interchange outputs of `export`.
#[derive(Args, Debug, Default)]
pub struct InterchangeOut {
    /// Write a draw.io file here (one page; ids and kinds kept in the shapes' data).
    #[arg(long, value_name = "OUT.drawio")]
    pub drawio: Option<PathBuf>,
    /// Write a Mermaid `flowchart LR` block here.
    #[arg(long, value_name = "OUT.mmd")]
    pub mermaid: Option<PathBuf>,
    /// Write a Graphviz DOT graph here, nodes pinned at their places (`neato -n2 -Tsvg`).
    #[arg(long, value_name = "OUT.dot")]
    pub dot: Option<PathBuf>,
    /// With --dot: leave the places out, for `dot -Tsvg` to lay the graph out itself.
    #[arg(long, requires = "dot")]
    pub dot_layout: bool,
    /// Write nodes.csv and flows.csv into this folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
}

/// `import`: another tool's file made into a project file.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A draw.io file; or nodes.csv and, optionally, flows.csv; or a PNG or SVG exported with
    /// the project in it.
    #[arg(required = true, num_args = 1..=2, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The project file to write (an existing one is replaced, keeping a .bak).
    #[arg(short = 'o', long = "out", value_name = "OUT.ron")]
    pub out: PathBuf,
    /// draw.io: a shape whose style contains this text is an asset (e.g. `shape=cylinder3`),
    /// unless its data says otherwise.
    #[arg(long, value_name = "STYLE")]
    pub assets: Option<String>,
    /// The project's title (default: the first file's name).
    #[arg(long)]
    pub title: Option<String>,
}

/// Writes the interchange files `args` asks for; 2 when one could not be written.
pub fn export(args: &InterchangeOut, project: &Project, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let mut outcome = Outcome::Clean;
    let mut written = |path: &Path, text: &str| match write_text(path, text) {
        Ok(()) => {
            let _ = writeln!(out, "wrote {}", path.display());
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            outcome = Outcome::Unreadable;
        }
    };
    if let Some(path) = &args.drawio {
        written(path, &drawio::write(project, &Sizes));
    }
    if let Some(path) = &args.mermaid {
        written(path, &mermaid::write(project));
    }
    if let Some(path) = &args.dot {
        let positions = (!args.dot_layout).then_some(&Sizes as &dyn crate::layout::Measure);
        written(path, &dot::write(project, positions));
    }
    if let Some(dir) = &args.csv {
        if let Err(e) = std::fs::create_dir_all(dir) {
            let _ = writeln!(err, "error: cannot make the folder {}: {e}", dir.display());
            return Outcome::Unreadable;
        }
        written(&dir.join("nodes.csv"), &csv::write_nodes(project));
        written(&dir.join("flows.csv"), &csv::write_flows(project));
    }
    outcome
}

fn write_text(path: &Path, text: &str) -> Result<(), file::SaveError> {
    file::write_atomically(path, |f| f.write_all(text.as_bytes()))
}

/// Runs `import`: reads, reports what it had to decide or leave out, writes the project.
pub fn import(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let imported = match read(args) {
        Ok(imported) => imported,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return Outcome::Unreadable;
        }
    };
    for note in &imported.notes {
        let _ = writeln!(out, "note: {note}");
    }
    if let Err(e) = file::save(&args.out, &imported.project) {
        let _ = writeln!(err, "error: {e}");
        return Outcome::Unreadable;
    }
    let _ = writeln!(
        out,
        "wrote {} ({} nodes, {} flows)",
        args.out.display(),
        imported.project.nodes.len(),
        imported.project.flows.len()
    );
    Outcome::Clean
}

/// Reads the files of `args` (see [`interchange::import_files`]).
fn read(args: &ImportArgs) -> Result<Imported, LoadError> {
    interchange::import_files(&args.files, args.title.as_deref(), args.assets.as_deref(), &Sizes)
}
