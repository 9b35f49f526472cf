//! PNG export: a page painted off screen at the export scale, rasterised in software, encoded.
//!
//! A file is streamed: the rasteriser hands over bands of rows as they are drawn, and each band
//! goes straight into the PNG encoder (fast deflate, Sub filter) while the next ones are drawn
//! on the other cores, so the whole image is never held in memory. An image returned in memory
//! ([`export_png`], for the clipboard and reports) is the same pixels held whole.
//!
//! Size limits: a PNG file has at most [`MAX_FILE_SIDE`] pixels per side and [`MAX_FILE_PIXELS`]
//! in all; an image in memory at most [`MAX_SIDE`] per side and [`MAX_PIXELS`] in all (400 MB of
//! RGBA). A page that would exceed them at the requested scale is drawn at the largest scale
//! that fits — text is still laid out and rasterised at that scale — and [`PngSize::scale`] says
//! which; below [`MIN_SCALE`] the export is refused as [`ExportError::TooLarge`].

use std::io::{self, Write};
use std::ops::RangeInclusive;
use std::path::Path;

use egui::Vec2;
use image::RgbaImage;

use super::headless::{self, Tessellated};
use super::page::{Page, PageOptions};
use super::raster::Stopped;
use super::{ExportError, replace_file};
use crate::model::Project;

/// The most pixels an image held in memory has per side.
pub const MAX_SIDE: u32 = 16_384;
/// The most pixels an image held in memory has in all.
pub const MAX_PIXELS: u64 = 100_000_000;
/// The most pixels a PNG file has per side.
pub const MAX_FILE_SIDE: u32 = 32_768;
/// The most pixels a PNG file has in all (16,384²; 1 GB if a viewer decodes it to RGBA).
pub const MAX_FILE_PIXELS: u64 = 268_435_456;
/// The smallest scale a page too large for the limits is reduced to.
pub const MIN_SCALE: f32 = 0.1;
/// The scales a user may ask for.
pub const SCALES: RangeInclusive<f32> = 1.0..=4.0;

/// Bytes of compressed data per IDAT chunk of a streamed file.
const CHUNK_BYTES: usize = 1 << 20;

/// The size limits of an export: in pixels per side and in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub side: u32,
    pub pixels: u64,
}

impl Limits {
    /// For an image held in memory ([`export_png`]).
    pub const IMAGE: Self = Self {
        side: MAX_SIDE,
        pixels: MAX_PIXELS,
    };
    /// For a PNG file ([`write_png`]), which is streamed.
    pub const FILE: Self = Self {
        side: MAX_FILE_SIDE,
        pixels: MAX_FILE_PIXELS,
    };
}

/// What to export as PNG: the page and its scale (pixels per point).
#[derive(Clone, Debug, PartialEq)]
pub struct PngOptions {
    pub page: PageOptions,
    /// 1 to 4.
    pub scale: f32,
}

impl Default for PngOptions {
    fn default() -> Self {
        Self {
            page: PageOptions::default(),
            scale: 1.0,
        }
    }
}

/// The size of an exported image and the scale it is drawn at (lower than requested when the
/// page would exceed the size limits).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PngSize {
    pub width: u32,
    pub height: u32,
    pub scale: f32,
}

/// The size the PNG file [`write_png`] writes for `project` will have, without drawing it.
pub fn plan_png(project: &Project, options: &PngOptions) -> Result<PngSize, ExportError> {
    plan(project, options, Limits::FILE)
}

/// The size the image [`export_png`] returns for `project` will have, without drawing it.
pub fn plan_image(project: &Project, options: &PngOptions) -> Result<PngSize, ExportError> {
    plan(project, options, Limits::IMAGE)
}

fn plan(project: &Project, options: &PngOptions, limits: Limits) -> Result<PngSize, ExportError> {
    fit(Page::new(project, &options.page)?.size, options.scale, limits)
}

/// Draws the PNG of `project` as an image in memory (within [`Limits::IMAGE`]). `progress` gets
/// the fraction done from time to time (on the calling thread); returning `false` cancels with
/// [`ExportError::Cancelled`].
pub fn export_png(
    project: &Project,
    options: &PngOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<RgbaImage, ExportError> {
    let (frame, _) = prepare(project, options, Limits::IMAGE, progress)?;
    frame.rasterise_image(progress).map_err(|_| ExportError::Cancelled)
}

/// Draws the PNG of `project` and streams it into `path` (within [`Limits::FILE`]; through a
/// temporary file, so a reader never sees half an image and cancelling leaves nothing behind);
/// returns its size. `progress` as for [`export_png`].
pub fn write_png(
    path: &Path,
    project: &Project,
    options: &PngOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<PngSize, ExportError> {
    let (frame, size) = prepare(project, options, Limits::FILE, progress)?;
    let mut cancelled = false;
    let written = replace_file(path, |out| {
        let result = stream(out, size.width, size.height, |rows| {
            frame.rasterise(progress, &mut |band| rows.write_all(band))
        });
        cancelled = matches!(result, Err(Stopped::Cancelled));
        result.map_err(|stopped| match stopped {
            Stopped::Cancelled => io::Error::other("export cancelled"),
            Stopped::Failed(e) => e,
        })
    });
    if cancelled {
        return Err(ExportError::Cancelled);
    }
    written.map(|()| size)
}

/// An image encoded as PNG.
pub fn png_bytes(image: &RgbaImage) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    let (width, height) = image.dimensions();
    stream(&mut bytes, width, height, |rows| {
        rows.write_all(image.as_raw()).map_err(Stopped::Failed)
    })
    .map_err(|e| match e {
        Stopped::Cancelled => ExportError::Cancelled,
        Stopped::Failed(e) => ExportError::Encode(e.to_string()),
    })?;
    Ok(bytes)
}

/// Encodes a `width` × `height` RGBA PNG into `out`: `rows` writes the pixels, top row first, to
/// the writer it is given, which filters and compresses them as they come. Fast compression
/// with the Sub filter: diagrams are mostly flat colour, and this is several times faster than
/// the adaptive filter for files about 10 % larger.
fn stream<W: Write>(
    out: W,
    width: u32,
    height: u32,
    rows: impl FnOnce(&mut dyn Write) -> Result<(), Stopped<io::Error>>,
) -> Result<(), Stopped<io::Error>> {
    let failed = |e: png::EncodingError| Stopped::Failed(io::Error::from(e));
    let mut encoder = png::Encoder::new(out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Sub);
    let mut writer = encoder.write_header().map_err(failed)?;
    let mut pixels = writer.stream_writer_with_size(CHUNK_BYTES).map_err(failed)?;
    rows(&mut pixels)?;
    pixels.finish().map_err(failed)?;
    writer.finish().map_err(failed)
}

/// Lays out the page, fits it into `limits`, paints and tessellates it; `progress` may cancel
/// before and after the painting.
fn prepare(
    project: &Project,
    options: &PngOptions,
    limits: Limits,
    progress: &dyn Fn(f32) -> bool,
) -> Result<(Tessellated, PngSize), ExportError> {
    let page = Page::new(project, &options.page)?;
    let size = fit(page.size, options.scale, limits)?;
    let go_on = |fraction| progress(fraction).then_some(()).ok_or(ExportError::Cancelled);
    go_on(0.0)?;
    let painted = headless::paint([size.width, size.height], size.scale, options.page.theme, |p| {
        page.draw(p)
    });
    let frame = painted.tessellate();
    go_on(0.0)?;
    Ok((frame, size))
}

/// The pixel size of a page of `points` at the requested scale, or at the largest scale within
/// `limits`.
fn fit(points: Vec2, requested: f32, limits: Limits) -> Result<PngSize, ExportError> {
    if !SCALES.contains(&requested) {
        return Err(ExportError::Scale(requested));
    }
    let pixels = |scale: f32| ((points.x * scale).ceil() as u64, (points.y * scale).ceil() as u64);
    let max_side = u64::from(limits.side);
    let fits = |(w, h): (u64, u64)| w <= max_side && h <= max_side && w * h <= limits.pixels;
    let side = limits.side as f32;
    let mut scale = requested
        .min(side / points.x)
        .min(side / points.y)
        .min((limits.pixels as f32 / (points.x * points.y)).sqrt());
    // Rounding up to whole pixels may still overshoot by one: step down until it fits.
    while !fits(pixels(scale)) && scale >= MIN_SCALE {
        scale *= 0.999;
    }
    if scale.is_nan() || scale < MIN_SCALE {
        let (width, height) = pixels(MIN_SCALE);
        return Err(ExportError::TooLarge { width, height, limits });
    }
    let (width, height) = pixels(scale);
    Ok(PngSize {
        width: width as u32,
        height: height as u32,
        scale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;

    fn area(size: PngSize) -> u64 {
        u64::from(size.width) * u64::from(size.height)
    }

    #[test]
    fn pages_within_the_limits_keep_the_requested_scale() {
        for limits in [Limits::IMAGE, Limits::FILE] {
            let size = fit(vec2(640.5, 480.0), 2.0, limits).unwrap();
            assert_eq!(
                size,
                PngSize {
                    width: 1281,
                    height: 960,
                    scale: 2.0
                }
            );
        }
    }

    #[test]
    fn larger_pages_are_reduced_to_fit() {
        for limits in [Limits::IMAGE, Limits::FILE] {
            let wide = fit(vec2(40_000.0, 100.0), 1.0, limits).unwrap();
            assert_eq!(wide.width, limits.side);
            assert!(wide.scale < 1.0 && wide.height <= 100, "{wide:?}");
            let big = fit(vec2(12_000.0, 12_000.0), 3.0, limits).unwrap();
            assert!(area(big) <= limits.pixels, "{big:?}");
            assert!(area(big) > limits.pixels * 99 / 100, "{big:?}");
        }
    }

    #[test]
    fn a_file_may_be_larger_than_an_image_in_memory() {
        // A 1,000-node diagram at 2×: about 187 Mpx and 20,000 px wide.
        let page = vec2(10_220.0, 4_588.0);
        let image = fit(page, 2.0, Limits::IMAGE).unwrap();
        assert!(image.scale < 1.5 && area(image) <= MAX_PIXELS, "{image:?}");
        let file = fit(page, 2.0, Limits::FILE).unwrap();
        assert_eq!((file.width, file.height, file.scale), (20_440, 9_176, 2.0));
    }

    #[test]
    fn huge_pages_and_bad_scales_are_refused_with_the_limit() {
        let e = fit(vec2(1e7, 10.0), 1.0, Limits::FILE).unwrap_err();
        assert!(
            matches!(
                e,
                ExportError::TooLarge {
                    width: 1_000_000,
                    height: 1,
                    limits: Limits::FILE,
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("32768 px per side"), "{e}");
        let e = fit(vec2(1e7, 10.0), 1.0, Limits::IMAGE).unwrap_err();
        assert!(e.to_string().contains("16384 px per side"), "{e}");
        assert!(matches!(
            fit(vec2(f32::INFINITY, 10.0), 1.0, Limits::FILE),
            Err(ExportError::TooLarge { .. })
        ));
        for bad in [0.5, 5.0, f32::NAN] {
            assert!(matches!(
                fit(vec2(10.0, 10.0), bad, Limits::FILE),
                Err(ExportError::Scale(_))
            ));
        }
    }
}
