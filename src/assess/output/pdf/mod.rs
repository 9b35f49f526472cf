//! The report as a print-ready PDF (A4 or US Letter): a title page from the use-case sheet, a
//! table of contents, a one-page executive summary, the diagram as vector graphics on a page of
//! its own (scaled to fit, landscape when wider than tall) with the step list, then the ranking
//! with its explanations and sensitivity, requirements, scores, coverage matrix, regulatory
//! checklist, findings and the full references. Text is real text in embedded, subset fonts, so
//! it can be selected and searched; every page after the title has a page number, and the
//! contents and the PDF outline link to the sections. Written with `krilla`; the diagram comes
//! in as a plain [`Drawing`] so this module knows no GUI types.

mod drawing;
mod fonts;
mod layout;
mod render;
mod sections;

pub use drawing::{Drawing, Item, PathItem, Rgba, Segment, TextItem};

use crate::assess::report::Report;
use crate::model::UseCaseSheet;

/// The paper the report is printed on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height of a portrait page, in points.
    pub fn size(self) -> [f32; 2] {
        match self {
            Paper::A4 => [595.28, 841.89],
            Paper::Letter => [612.0, 792.0],
        }
    }
}

/// Everything the PDF report shows.
pub struct PdfReport<'a> {
    pub report: &'a Report,
    /// The use-case sheet, for the title page.
    pub sheet: &'a UseCaseSheet,
    /// The diagram, when it could be drawn.
    pub diagram: Option<&'a Drawing>,
    /// The step list under the diagram: step, from → to, action, asset.
    pub steps: &'a [[String; 4]],
    pub paper: Paper,
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the report's fonts cannot be read")]
    Fonts,
    #[error("cannot write the PDF: {0}")]
    Write(String),
}

/// The report as the bytes of a PDF file.
pub fn pdf(input: &PdfReport) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts::Fonts::new().ok_or(PdfError::Fonts)?;
    let laid_out = sections::lay_out(input, &fonts);
    render::render(input, &fonts, &laid_out)
}
