//! The `export` subcommand: draws a project file's diagram as PNG and/or SVG (carrying the
//! project unless `--no-embed`), and writes the interchange formats (`cli/interchange.rs`).
//! Exit 0 when every file is written, 2 when the project cannot be read or an export fails (the
//! message says why).

use std::io::Write;
use std::path::PathBuf;

use clap::{ArgGroup, Args, ValueEnum};

use super::Outcome;
use crate::export::{self, PageOptions, PngOptions, SCALES, Scope};
use crate::file;

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("output").required(true).multiple(true)
    .args(["png", "svg", "drawio", "mermaid", "dot", "csv"])))]
pub struct ExportArgs {
    /// The project file.
    pub file: PathBuf,
    /// Write the diagram as a PNG image here.
    #[arg(long, value_name = "OUT.png")]
    pub png: Option<PathBuf>,
    /// Write the diagram as an SVG drawing here.
    #[arg(long, value_name = "OUT.svg")]
    pub svg: Option<PathBuf>,
    /// Pixels per point in the PNG, 1 to 4 (text is rasterised at that scale).
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale)]
    pub scale: f32,
    #[arg(long, value_enum, default_value_t)]
    pub theme: ExportTheme,
    /// Leave the background transparent.
    #[arg(long)]
    pub transparent: bool,
    /// Add a title block: the use-case title and a legend of node kinds.
    #[arg(long)]
    pub title: bool,
    /// Add a step list under the diagram: every flow by step, with its ends, action and asset.
    #[arg(long)]
    pub steps: bool,
    #[command(flatten)]
    pub fonts: super::fonts::FontArgs,
    /// Do not carry the project inside the PNG or SVG (by default it is embedded, and the
    /// picture opens as a project).
    #[arg(long)]
    pub no_embed: bool,
    #[command(flatten)]
    pub interchange: super::interchange::InterchangeOut,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ExportTheme {
    #[default]
    Light,
    Dark,
}

fn parse_scale(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(scale) if SCALES.contains(&scale) => Ok(scale),
        _ => Err(format!("expected a number from {} to {}", SCALES.start(), SCALES.end())),
    }
}

pub fn export(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let project = match file::load(&args.file) {
        Ok(loaded) => loaded.project,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return Outcome::Unreadable;
        }
    };
    match args.fonts.load(err) {
        Ok(explicit) => args.fonts.prepare(&explicit, &project, &args.file, err),
        Err(outcome) => return outcome,
    }
    let page = PageOptions {
        scope: Scope::Whole,
        theme: match args.theme {
            ExportTheme::Light => egui::Theme::Light,
            ExportTheme::Dark => egui::Theme::Dark,
        },
        transparent: args.transparent,
        title_block: args.title,
        steps: args.steps,
        embed: !args.no_embed,
    };
    let mut outcome = super::interchange::export(&args.interchange, &project, out, err);
    if let Some(path) = &args.png {
        let options = PngOptions {
            page: page.clone(),
            scale: args.scale,
        };
        match export::write_png(path, &project, &options, &|_| true) {
            Ok(size) => {
                let _ = writeln!(out, "wrote {} ({} × {} px)", path.display(), size.width, size.height);
                if size.scale < args.scale {
                    let _ = writeln!(
                        err,
                        "note: drawn at {:.2}× instead of {}× to stay within {} px per side and {} pixels",
                        size.scale,
                        args.scale,
                        export::MAX_FILE_SIDE,
                        export::MAX_FILE_PIXELS
                    );
                }
            }
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                outcome = Outcome::Unreadable;
            }
        }
    }
    if let Some(path) = &args.svg {
        match export::write_svg(path, &project, &page) {
            Ok(()) => {
                let _ = writeln!(out, "wrote {}", path.display());
            }
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                outcome = Outcome::Unreadable;
            }
        }
    }
    outcome
}
