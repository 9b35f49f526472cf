//! Exporting the diagram as images. One drawing code, two outputs: the page (whole diagram,
//! current view or selection, with an optional title block) is painted by `diagram` into epaint
//! shapes in a private, windowless egui context; for PNG those shapes are tessellated and
//! rasterised in software (no GPU), for SVG they are written out as vector elements, grouped by
//! the node, flow or label they draw.
//! See `docs/EXPORT.md`.

mod headless;
mod page;
mod png;
mod raster;
mod runs;
mod steps;
mod svg;
mod vector;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

pub use page::{MARGIN, PageOptions, Scope};
pub use png::{
    Limits, MAX_FILE_PIXELS, MAX_FILE_SIDE, MAX_PIXELS, MAX_SIDE, MIN_SCALE, PngOptions, PngSize, SCALES, export_png,
    plan_image, plan_png, png_bytes, write_png,
};

pub use steps::step_rows;
pub use vector::{report_drawing, report_pdf};

use crate::model::Project;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the scale must be between 1 and 4, not {0}")]
    Scale(f32),
    #[error("nothing to export: the selection holds no node of the project")]
    EmptySelection,
    #[error(
        "the diagram is too large to export: even at {MIN_SCALE}× it would be {width} × {height} px, over the \
         limit of {} px per side and {} pixels; move far-away nodes closer or export a selection",
        .limits.side,
        .limits.pixels
    )]
    TooLarge { width: u64, height: u64, limits: Limits },
    #[error("export cancelled")]
    Cancelled,
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// The page of `project` as an SVG document (sizes in points; text as text), carrying the whole
/// project in its `<metadata>` when `options.embed` is set.
pub fn export_svg(project: &Project, options: &PageOptions) -> Result<String, ExportError> {
    let page = page::Page::new(project, options)?;
    let pixels = [page.size.x.ceil() as u32, page.size.y.ceil() as u32];
    let painted = headless::paint(pixels, 1.0, options.theme, |p| page.draw(p, true));
    let metadata = options.embed.then(|| crate::file::picture::svg_metadata(project));
    Ok(svg::write(painted.shapes(), page.size, metadata.as_deref()))
}

/// Writes the SVG of `project` to `path` (through a temporary file).
pub fn write_svg(path: &Path, project: &Project, options: &PageOptions) -> Result<(), ExportError> {
    let svg = export_svg(project, options)?;
    replace_file(path, |out| out.write_all(svg.as_bytes()))
}

/// Writes `path` through a temporary file renamed over it once complete (no `.bak`: an export
/// is an output), so a reader never sees half a file and a failure leaves the old one.
fn replace_file(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&mut File>) -> io::Result<()>,
) -> Result<(), ExportError> {
    crate::file::write_atomically(path, |file| {
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        out.flush()
    })
    .map_err(|e| match e {
        crate::file::SaveError::Io { path, source } => ExportError::Write { path, source },
        other => ExportError::Write {
            path: path.to_owned(),
            source: io::Error::other(other.to_string()),
        },
    })
}
