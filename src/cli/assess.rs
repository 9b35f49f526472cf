//! The `assess` subcommand: assesses a project file and prints or writes the report as text,
//! Markdown, CSV, JSON or HTML. Exit 0 when the model has no error findings, 1 when it has,
//! 2 when the file cannot be read or the report cannot be written.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;

use super::Outcome;
use crate::assess::{self, output};
use crate::catalog::Catalog;
use crate::file;
use crate::model::Severity;

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
}

/// Assesses `path` and writes the report to `to`, or to `out` when `to` is `None`.
pub fn assess(
    path: &Path,
    format: ReportFormat,
    to: Option<&Path>,
    catalog: &Catalog,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let project = match file::load(path) {
        Ok(loaded) => loaded.project,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return Outcome::Unreadable;
        }
    };
    let report = assess::assess(&project, &catalog.with_project(&project));
    let text = match format {
        ReportFormat::Text => output::text(&report),
        ReportFormat::Md => output::markdown(&report),
        ReportFormat::Csv => output::csv(&report),
        ReportFormat::Json => output::json(&report),
        // The diagram is embedded once the PNG exporter can draw a project headlessly.
        ReportFormat::Html => output::html(&report, None),
    };
    let written = match to {
        Some(target) => file::write_atomically(target, |f| f.write_all(text.as_bytes())).map_err(|e| e.to_string()),
        None => out.write_all(text.as_bytes()).map_err(|e| e.to_string()),
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
