//! The `assess` subcommand: assesses a project file and prints or writes the report as text,
//! Markdown, CSV, JSON, HTML or PDF. Exit 0 when the model has no error findings, 1 when it has,
//! 2 when the file cannot be read or the report cannot be written. The HTML report embeds the
//! whole diagram as a PNG (1×, light colours); the HTML and PDF reports draw names in other
//! scripts with the fonts `export` chooses (`--font`, `--no-system-fonts`).

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;

use super::Outcome;
use crate::assess::output::pdf::Paper;
use crate::assess::{self, output};
use crate::catalog::Catalog;
use crate::export::{self, PngOptions};
use crate::file;
use crate::model::{Project, Severity};

/// The report formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Plain text for a terminal.
    #[default]
    Text,
    /// Markdown with tables.
    Md,
    /// One CSV table, one row per number.
    Csv,
    /// Every number with its explanation.
    Json,
    /// A self-contained HTML page.
    Html,
    /// A print-ready PDF report (title page, contents, executive summary, vector diagram, …).
    Pdf,
}

/// The paper of the PDF report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum PaperSize {
    #[default]
    A4,
    Letter,
}

impl From<PaperSize> for Paper {
    fn from(paper: PaperSize) -> Self {
        match paper {
            PaperSize::A4 => Paper::A4,
            PaperSize::Letter => Paper::Letter,
        }
    }
}

/// Where and how `assess` writes its report.
#[derive(Clone, Copy, Debug)]
pub struct Output<'a> {
    pub format: ReportFormat,
    /// The file to write (standard output when `None`).
    pub to: Option<&'a Path>,
    pub paper: PaperSize,
    pub fonts: &'a super::fonts::FontArgs,
}

/// Assesses `path` and writes the report to `output.to`, or to `out` when that is `None`.
pub fn assess(path: &Path, output: Output, catalog: &Catalog, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let project = match file::load(path) {
        Ok(loaded) => loaded.project,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return Outcome::Unreadable;
        }
    };
    let report = assess::assess(&project, &catalog.with_project(&project));
    let bytes = match output.format {
        ReportFormat::Text => output::text(&report).into_bytes(),
        ReportFormat::Md => output::markdown(&report).into_bytes(),
        ReportFormat::Csv => output::csv(&report).into_bytes(),
        ReportFormat::Json => output::json(&report).into_bytes(),
        ReportFormat::Html => {
            // The diagram is drawn with the fonts `export` would choose for this project.
            if let Err(outcome) = output.fonts.activate(&project, path, err) {
                return outcome;
            }
            let png = diagram_png(&project, err);
            let steps = export::step_rows(&project);
            let extras = output::HtmlExtras {
                sheet: Some(&project.sheet),
                diagram_png: png.as_deref(),
                steps: &steps,
            };
            output::html_with(&report, &extras).into_bytes()
        }
        ReportFormat::Pdf => {
            if let Err(outcome) = output.fonts.activate(&project, path, err) {
                return outcome;
            }
            match export::report_pdf(&project, &report, output.paper.into()) {
                Ok(written) => {
                    super::fonts::warn_unprinted(&project, &written.missing, path, err);
                    written.bytes
                }
                Err(e) => {
                    let _ = writeln!(err, "error: {e}");
                    return Outcome::Unreadable;
                }
            }
        }
    };
    let written = match output.to {
        Some(target) => file::write_atomically(target, |f| f.write_all(&bytes)).map_err(|e| e.to_string()),
        None => out.write_all(&bytes).map_err(|e| e.to_string()),
    };
    if let Err(e) = written {
        let _ = writeln!(err, "error: {e}");
        return Outcome::Unreadable;
    }
    if report.findings.iter().any(|f| f.severity == Severity::Error) {
        Outcome::Problems
    } else {
        Outcome::Clean
    }
}

/// The whole diagram as a PNG at 1× in light colours, for the HTML report; `None`, with a
/// warning on `err`, when it cannot be drawn.
fn diagram_png(project: &Project, err: &mut dyn Write) -> Option<Vec<u8>> {
    match embeddable_png(project) {
        Ok(bytes) => Some(bytes),
        Err(why) => {
            let _ = writeln!(err, "warning: the report has no diagram: {why}");
            None
        }
    }
}

/// The PNG bytes, unless the diagram is over the exporter's size limits at 1× (drawn smaller,
/// it would still make a report of a hundred megabytes or more).
fn embeddable_png(project: &Project) -> Result<Vec<u8>, String> {
    let options = PngOptions::default();
    let size = export::plan_image(project, &options).map_err(|e| e.to_string())?;
    if size.scale < options.scale {
        return Err(format!(
            "at 1× it is over the export size limits (`dlt-modeller export --png` draws it at {:.2}×, \
             {} × {} px)",
            size.scale, size.width, size.height
        ));
    }
    let image = export::export_png(project, &options, &|_| true).map_err(|e| e.to_string())?;
    export::png_bytes(&image).map_err(|e| e.to_string())
}
