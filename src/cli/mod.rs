//! The command line: parses arguments and runs the headless subcommands. With no subcommand
//! (or just a FILE) it hands over to the editor. Output goes to the writers it is given, so the
//! tests can read it.

mod assess;
mod editor;
mod export;
mod files;
mod fonts;
mod interchange;
mod layout;
mod legibility;
mod merge;
mod rules;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalog::{self, Catalog, Section};
use crate::file;
pub use editor::refusal as editor_refusal;

/// Exit status of a subcommand: 0 clean, 1 findings or differences, 2 unreadable input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Clean = 0,
    Problems = 1,
    Unreadable = 2,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> Self {
        ExitCode::from(o as u8)
    }
}

#[derive(Parser, Debug)]
#[command(name = "dlt-modeller", version, about = "Model DLT use cases the ITU-T FG DLT way.")]
#[command(long_about = "Model DLT use cases the ITU-T FG DLT way: actors, assets and flows, \
reference-architecture components and assessment criteria.\n\nWith no subcommand, opens the editor \
(on FILE if given, else on the responsible-gold-trade sample).")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A project file to open in the editor.
    pub file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate project files and print their findings.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also report how legible each diagram is: names cut, label/node and label/label
        /// overlaps, flows across nodes, crossing flows.
        #[arg(long)]
        diagram: bool,
        /// With --diagram: exit 1 when a name is cut, a label overlaps, or a flow crosses a node.
        #[arg(long, requires = "diagram")]
        strict: bool,
        #[command(flatten)]
        fonts: fonts::FontArgs,
    },
    /// Rewrite project files in canonical form, migrating older versions. A file holding a
    /// merge-conflict block is left as it is (exit 1) unless `--drop-conflicts` is given.
    Fmt {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing; exit 1 when a file is not in canonical form.
        #[arg(long)]
        check: bool,
        /// Rewrite files that still hold a merge-conflict block, dropping the block.
        #[arg(long)]
        drop_conflicts: bool,
    },
    /// Create a new project file, blank or from a template.
    New {
        file: PathBuf,
        /// A template name (see `dlt-modeller templates`).
        #[arg(long)]
        template: Option<String>,
    },
    /// List the templates (the eight reference use cases).
    Templates,
    /// List what changed from one project to another, in plain words (exit 1 when they differ).
    Diff {
        a: PathBuf,
        b: PathBuf,
        /// Also list what changed in the assessment: ranks and scores, must-haves, open flags,
        /// coverage gaps.
        #[arg(long)]
        assessment: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: merge::DiffFormat,
    },
    /// Three-way merge by id and field; conflicts keep our side and are listed (exit 1).
    /// As a git merge driver: `dlt-modeller merge %O %A %B -o %A`.
    Merge {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        /// Where to write the result (default: standard output).
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
    /// Lay the diagram out in layers along the flows (cycles broken, crossings reduced, no
    /// overlaps), in place or into another file.
    Layout {
        file: PathBuf,
        /// Which way flows point: left to right or top to bottom.
        #[arg(long, value_enum, default_value = "lr")]
        direction: LayoutDirection,
        /// Where to write the result (default: the file itself, keeping a .bak).
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
    /// Write a synthetic project for testing and benchmarks (clusters of actors and assets,
    /// two flows per node).
    Generate {
        /// How many nodes: at most about 270,000, whose file reaches the 256 MiB a file is opened
        /// with (a bigger one is refused, nothing written).
        #[arg(long, default_value_t = 1000)]
        nodes: usize,
        /// Seed of the random choices: the same seed gives the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write it (an existing file is replaced, keeping a .bak).
        out: PathBuf,
    },
    /// Assess a project: platform ranking, coverage, regulatory topics and findings, each with
    /// its reasons (exit 1 when the model has errors).
    Assess {
        file: PathBuf,
        /// Report format.
        #[arg(long, value_enum, default_value_t)]
        format: assess::ReportFormat,
        /// Where to write the report (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Paper of the PDF report.
        #[arg(long, value_enum, default_value_t)]
        paper: assess::PaperSize,
        /// The fonts of the HTML and PDF reports' diagram and of the PDF's text.
        #[command(flatten)]
        fonts: fonts::FontArgs,
    },
    /// Draw a project's diagram as PNG and/or SVG (`--png OUT.png`, `--svg OUT.svg`), or write
    /// it for other tools: draw.io, Mermaid, Graphviz DOT, CSV tables (docs/INTERCHANGE.md).
    Export(export::ExportArgs),
    /// Make a project file from a draw.io file, CSV tables (nodes.csv [flows.csv]) or a picture
    /// exported with the project in it (docs/INTERCHANGE.md).
    Import(interchange::ImportArgs),
    /// Print the built-in catalogue, or one section of it.
    Catalog {
        #[arg(value_enum)]
        section: Option<CatalogSection>,
    },
    /// List the built-in regulatory and coverage rules, or check a rule file (docs/RULES.md).
    Rules {
        /// A rule file to check as a project's own rules: exit 0 accepted, 1 refused (with
        /// file:line:column), 2 unreadable.
        #[arg(long, value_name = "FILE")]
        check: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LayoutDirection {
    /// Left to right.
    Lr,
    /// Top to bottom.
    Tb,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum CatalogSection {
    Components,
    Criteria,
    Topics,
    Glossary,
    Platforms,
    /// The bibliography: every source the catalogue cites, with its URL.
    Sources,
}

impl From<CatalogSection> for Section {
    fn from(s: CatalogSection) -> Self {
        match s {
            CatalogSection::Components => Section::Components,
            CatalogSection::Criteria => Section::Criteria,
            CatalogSection::Topics => Section::Topics,
            CatalogSection::Glossary => Section::Glossary,
            CatalogSection::Platforms => Section::Platforms,
            CatalogSection::Sources => Section::Sources,
        }
    }
}

/// Loads a project that a command writes back, in place or elsewhere. A file written by a newer
/// dlt-modeller is refused (error, exit 2): this version would write it in its own, older format
/// — it opens read-only in the editor, and `check`, `diff`, `assess` and `export` read it.
fn load_to_rewrite(path: &Path, err: &mut dyn Write) -> Result<file::Loaded, Outcome> {
    let loaded = file::load(path).map_err(|e| {
        let _ = writeln!(err, "error: {e}");
        Outcome::Unreadable
    })?;
    if loaded.is_newer() {
        let _ = writeln!(
            err,
            "error: {}: written by a newer dlt-modeller (format version {}); this one writes version {} and \
             does not rewrite it; nothing was written. Use a newer dlt-modeller.",
            path.display(),
            loaded.version,
            file::CURRENT_VERSION
        );
        return Err(Outcome::Unreadable);
    }
    Ok(loaded)
}

/// Parses `args`; clap's own errors (and `--help`) are printed and turned into an exit code.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Cli, ExitCode> {
    Cli::try_parse_from(args).map_err(|e| {
        let _ = e.print();
        if e.use_stderr() {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        }
    })
}

/// Runs a headless subcommand.
pub fn run(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let catalog = Catalog::builtin();
    match command {
        Command::Check {
            files,
            diagram,
            strict,
            fonts,
        } => {
            let checked = files::check(&files, catalog, out, err);
            if diagram {
                checked.max(legibility::report(&files, strict, &fonts, out, err))
            } else {
                checked
            }
        }
        Command::Fmt {
            files,
            check,
            drop_conflicts,
        } => files::fmt(&files, files::FmtMode { check, drop_conflicts }, out, err),
        Command::New { file, template } => files::new(&file, template.as_deref(), out, err),
        Command::Templates => files::templates(out),
        Command::Layout {
            file,
            direction,
            out: output,
        } => layout::run(&file, direction, output.as_ref(), out, err),
        Command::Diff {
            a,
            b,
            assessment,
            format,
        } => merge::diff(&a, &b, merge::DiffOptions { assessment, format }, out, err),
        Command::Merge {
            base,
            ours,
            theirs,
            out: output,
        } => merge::merge(&base, &ours, &theirs, output.as_ref(), out, err),
        Command::Generate { nodes, seed, out: path } => files::generate(nodes, seed, &path, out, err),
        Command::Assess {
            file,
            format,
            out: to,
            paper,
            fonts,
        } => assess::assess(
            &file,
            assess::Output {
                format,
                to: to.as_deref(),
                paper,
                fonts: &fonts,
            },
            catalog,
            out,
            err,
        ),
        Command::Export(args) => export::export(&args, out, err),
        Command::Import(args) => interchange::import(&args, out, err),
        Command::Rules { check } => rules::run(check.as_deref(), out, err),
        Command::Catalog { section } => {
            let sections = match section {
                Some(s) => vec![s.into()],
                None => Section::ALL.to_vec(),
            };
            for s in sections {
                let _ = writeln!(out, "{}", catalog::listing(catalog, s));
            }
            Outcome::Clean
        }
    }
}
