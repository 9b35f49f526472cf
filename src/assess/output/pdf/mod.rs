//! The report as a print-ready PDF (A4 or US Letter): a title page from the use-case sheet, a
//! table of contents, a one-page executive summary, the diagram as vector graphics on a page of
//! its own (scaled to fit, landscape when wider than tall) with the step list, then the ranking
//! with its explanations and sensitivity, requirements, scores, coverage matrix, regulatory
//! checklist, findings and the full references. Text is real text in embedded, subset fonts, so
//! it can be selected and searched; every page after the title has a page number, and the
//! contents and the PDF outline link to the sections. Written with `krilla`; the diagram comes
//! in as a plain [`Drawing`] and the fonts for other scripts as plain bytes ([`FontFile`]), so
//! this module knows no GUI types; names in any script the fonts cover are printed, right-to-left
//! ones in visual order and shaped, and characters no font has are counted ([`PdfFile::missing`]).

mod drawing;
mod fonts;
mod layout;
mod render;
mod sections;

pub use drawing::{Drawing, Item, PathItem, Rgba, Segment, TextItem};
pub use fonts::FontFile;

use std::collections::BTreeSet;

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
    /// Fonts for the characters the built-in ones lack (the diagram's fallback fonts), in the
    /// order they are tried.
    pub fonts: &'a [FontFile],
}

/// A PDF report made.
#[derive(Debug)]
pub struct PdfFile {
    pub bytes: Vec<u8>,
    /// The characters no font has, printed as "?".
    pub missing: BTreeSet<char>,
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the report's fonts cannot be read")]
    Fonts,
    #[error("cannot write the PDF: {0}")]
    Write(String),
}

/// The report as a PDF file.
pub fn pdf(input: &PdfReport) -> Result<PdfFile, PdfError> {
    let fonts = fonts::Fonts::new(input.fonts).ok_or(PdfError::Fonts)?;
    let laid_out = sections::lay_out(input, &fonts);
    let bytes = render::render(input, &fonts, &laid_out)?;
    Ok(PdfFile {
        bytes,
        missing: fonts.missing(),
    })
}
