//! File › Export report (PDF)…: the assessment report as a print-ready PDF on A4 paper, with
//! the diagram as vector graphics (see `docs/REPORTS.md`). Written at once, through a temporary
//! file; the command line's `assess --format pdf` makes the same file.

use std::io::Write;
use std::path::Path;

use crate::assess::output::pdf::Paper;
use crate::export;

impl super::App {
    pub(super) fn export_report(&mut self) {
        let suggested = Path::new(&self.session.doc.suggested_file_name())
            .with_extension("pdf")
            .display()
            .to_string();
        let Some(path) = self.file_dialogs.pick_save(&suggested) else {
            if !self.file_dialogs.available() {
                self.dialogs.show_error(
                    "No file dialog",
                    "This system shows no file dialog; use `dlt-modeller assess FILE --format pdf --out REPORT.pdf`.",
                );
            }
            return;
        };
        let path = if path.extension().is_none() {
            path.with_extension("pdf")
        } else {
            path
        };
        let written = export::report_pdf(self.session.doc.project(), self.session.derived.report(), Paper::A4)
            .map_err(|e| e.to_string())
            .and_then(|pdf| {
                crate::file::write_atomically(&path, |f| f.write_all(&pdf.bytes))
                    .map(|()| pdf.missing.len())
                    .map_err(|e| e.to_string())
            });
        match written {
            Ok(0) => self.status.info(format!("Report written to {}", path.display())),
            Ok(missing) => self.status.info(format!(
                "Report written to {}; {missing} characters have no font and are printed as “?” (View › Fonts…)",
                path.display()
            )),
            Err(why) => self.dialogs.show_error("Could not write the report", why),
        }
    }
}
