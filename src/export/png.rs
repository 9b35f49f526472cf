//! PNG export: a page painted off screen at the export scale, rasterised in software, encoded.
//!
//! Size limits: an image has at most [`MAX_SIDE`] pixels per side and [`MAX_PIXELS`] pixels in
//! all (400 MB of RGBA). A page that would exceed them at the requested scale is exported at
//! the largest scale that fits — text is still laid out and rasterised at that scale — and
//! [`PngSize::scale`] says which; below [`MIN_SCALE`] the export is refused as
//! [`ExportError::TooLarge`].

use std::io::{self, Write};
use std::ops::RangeInclusive;
use std::path::Path;

use egui::Vec2;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ImageEncoder, RgbaImage};

use super::page::{Page, PageOptions};
use super::{ExportError, headless, replace_file};
use crate::model::Project;

/// The most pixels an exported image has per side.
pub const MAX_SIDE: u32 = 16_384;
/// The most pixels an exported image has in all.
pub const MAX_PIXELS: u64 = 100_000_000;
/// The smallest scale a page too large for the limits is reduced to.
pub const MIN_SCALE: f32 = 0.1;
/// The scales a user may ask for.
pub const SCALES: RangeInclusive<f32> = 1.0..=4.0;

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

/// The size the PNG of `project` will have, without drawing it.
pub fn plan_png(project: &Project, options: &PngOptions) -> Result<PngSize, ExportError> {
    fit(Page::new(project, &options.page)?.size, options.scale)
}

/// Draws the PNG of `project`. `progress` gets the fraction done from time to time (on the
/// calling thread); returning `false` cancels with [`ExportError::Cancelled`].
pub fn export_png(
    project: &Project,
    options: &PngOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<RgbaImage, ExportError> {
    render(project, options, progress).map(|(image, _)| image)
}

/// Draws the PNG of `project` and writes it to `path` (through a temporary file, so a reader
/// never sees half an image); returns its size.
pub fn write_png(
    path: &Path,
    project: &Project,
    options: &PngOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<PngSize, ExportError> {
    let (image, size) = render(project, options, progress)?;
    replace_file(path, |out| encode(&image, out).map_err(io::Error::other))?;
    Ok(size)
}

/// An image encoded as PNG.
pub fn png_bytes(image: &RgbaImage) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    encode(image, &mut bytes).map_err(|e| ExportError::Encode(e.to_string()))?;
    Ok(bytes)
}

/// Encodes as PNG with fast compression and the Sub filter: diagrams are mostly flat colour,
/// and this is several times faster than the adaptive filter for files about 10 % larger.
fn encode(image: &RgbaImage, out: impl Write) -> image::ImageResult<()> {
    let (width, height) = image.dimensions();
    PngEncoder::new_with_quality(out, CompressionType::Fast, FilterType::Sub).write_image(
        image.as_raw(),
        width,
        height,
        image::ExtendedColorType::Rgba8,
    )
}

fn render(
    project: &Project,
    options: &PngOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<(RgbaImage, PngSize), ExportError> {
    let page = Page::new(project, &options.page)?;
    let size = fit(page.size, options.scale)?;
    if !progress(0.0) {
        return Err(ExportError::Cancelled);
    }
    let painted = headless::paint([size.width, size.height], size.scale, options.page.theme, |p| {
        page.draw(p)
    });
    let image = painted.rasterise(progress).map_err(|_| ExportError::Cancelled)?;
    Ok((image, size))
}

/// The pixel size of a page of `points` at the requested scale, or at the largest scale within
/// the limits.
fn fit(points: Vec2, requested: f32) -> Result<PngSize, ExportError> {
    if !SCALES.contains(&requested) {
        return Err(ExportError::Scale(requested));
    }
    let pixels = |scale: f32| ((points.x * scale).ceil() as u64, (points.y * scale).ceil() as u64);
    let fits = |(w, h): (u64, u64)| w <= u64::from(MAX_SIDE) && h <= u64::from(MAX_SIDE) && w * h <= MAX_PIXELS;
    let side = MAX_SIDE as f32;
    let mut scale = requested
        .min(side / points.x)
        .min(side / points.y)
        .min((MAX_PIXELS as f32 / (points.x * points.y)).sqrt());
    // Rounding up to whole pixels may still overshoot by one: step down until it fits.
    while !fits(pixels(scale)) && scale >= MIN_SCALE {
        scale *= 0.999;
    }
    if scale.is_nan() || scale < MIN_SCALE {
        let (width, height) = pixels(MIN_SCALE);
        return Err(ExportError::TooLarge { width, height });
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

    #[test]
    fn pages_within_the_limits_keep_the_requested_scale() {
        let size = fit(vec2(640.5, 480.0), 2.0).unwrap();
        assert_eq!(
            size,
            PngSize {
                width: 1281,
                height: 960,
                scale: 2.0
            }
        );
    }

    #[test]
    fn larger_pages_are_reduced_to_fit() {
        let wide = fit(vec2(20_000.0, 100.0), 1.0).unwrap();
        assert_eq!(wide.width, MAX_SIDE);
        assert!(wide.scale < 1.0 && wide.height <= 82);
        let big = fit(vec2(12_000.0, 12_000.0), 3.0).unwrap();
        assert!(u64::from(big.width) * u64::from(big.height) <= MAX_PIXELS, "{big:?}");
        assert!(
            u64::from(big.width) * u64::from(big.height) > MAX_PIXELS * 99 / 100,
            "{big:?}"
        );
    }

    #[test]
    fn huge_pages_and_bad_scales_are_refused_with_the_limit() {
        let e = fit(vec2(1e7, 10.0), 1.0).unwrap_err();
        assert!(
            matches!(
                e,
                ExportError::TooLarge {
                    width: 1_000_000,
                    height: 1
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("16384"), "{e}");
        assert!(matches!(
            fit(vec2(f32::INFINITY, 10.0), 1.0),
            Err(ExportError::TooLarge { .. })
        ));
        for bad in [0.5, 5.0, f32::NAN] {
            assert!(matches!(fit(vec2(10.0, 10.0), bad), Err(ExportError::Scale(_))));
        }
    }
}
