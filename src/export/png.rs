//! PNG export: a page painted off screen at the export scale, rasterised in software, encoded.
//!
//! A file is streamed: the worker thread that draws a band of rows also filters (Sub) and
//! compresses it (`fdeflate`) into a self-contained piece of the image's deflate stream, and
//! the calling thread writes the pieces in order as IDAT chunks while the next bands are drawn,
//! so the whole image is never held in memory and both drawing and compressing use every core. An image returned in memory
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
use super::raster::{BAND_ROWS, Stopped};
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
/// returns its size. With `options.page.embed` the file carries the whole project in an `iTXt`
/// chunk after the header (`file::picture`). `progress` as for [`export_png`].
pub fn write_png(
    path: &Path,
    project: &Project,
    options: &PngOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<PngSize, ExportError> {
    let (frame, size) = prepare(project, options, Limits::FILE, progress)?;
    let width = size.width as usize;
    let mut cancelled = false;
    let embedded = options.page.embed.then(|| crate::file::picture::png_chunk(project));
    let written = replace_file(path, |out| {
        let mut png = Encoder::new(out, size.width, size.height)?;
        if let Some(data) = &embedded {
            write_chunk(&mut png.out, b"iTXt", &[data])?;
        }
        let encode = |rows: &[u8], piece: &mut Piece| piece.encode(rows, width);
        match frame.rasterise(progress, &encode, &mut |_, piece| png.push(piece)) {
            Ok(()) => png.finish(),
            Err(Stopped::Cancelled) => {
                cancelled = true;
                Err(io::Error::other("export cancelled"))
            }
            Err(Stopped::Failed(e)) => Err(e),
        }
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
    let stride = width as usize * 4;
    let encoded = Encoder::new(&mut bytes, width, height).and_then(|mut png| {
        let mut piece = Piece::default();
        for band in image.as_raw().chunks(BAND_ROWS * stride) {
            piece.encode(band, width as usize);
            png.push(&piece)?;
        }
        png.finish()
    });
    encoded.map_err(|e| ExportError::Encode(e.to_string()))?;
    Ok(bytes)
}

/// The PNG file signature.
const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
/// The zlib header `fdeflate` writes: deflate, 32 KiB window, fastest compression.
const ZLIB_HEADER: [u8; 2] = [0x78, 0x01];
/// An empty stored block marked final, ending the deflate stream after the last piece.
const FINAL_BLOCK: [u8; 5] = [0x01, 0x00, 0x00, 0xff, 0xff];
/// The modulus of Adler-32.
const ADLER_MOD: u64 = 65_521;

/// A band of rows encoded on its own, on the worker that drew it: Sub-filtered (diagrams are
/// mostly flat colour, and this is several times faster than the adaptive filter for files
/// about 10 % larger) and compressed by `fdeflate` into a piece of the image's deflate stream.
/// A piece is one non-final block ending on a byte boundary (an empty stored block, as a zlib
/// "sync flush" makes) and refers to nothing before it, so pieces concatenate into one stream;
/// the Adler-32 checksums of the pieces' filtered bytes combine into the stream's.
#[derive(Default)]
struct Piece {
    filtered: Vec<u8>,
    /// `fdeflate`'s zlib stream made into the piece (see [`Piece::close`]); its header is
    /// skipped.
    zlib: Vec<u8>,
    adler: u32,
    /// How many filtered bytes the piece holds.
    len: u64,
}

impl Piece {
    /// Filters and compresses `rows` (RGBA, `width` pixels per row, at least one).
    fn encode(&mut self, rows: &[u8], width: usize) {
        let stride = width * 4;
        // Every byte is written below: no need to clear what the last band left.
        self.filtered.resize(rows.len() / stride * (stride + 1), 0);
        for (row, out) in rows
            .chunks_exact(stride)
            .zip(self.filtered.chunks_exact_mut(stride + 1))
        {
            // Sub: each byte minus the same channel of the pixel to its left.
            out[0] = 1;
            out[1..5].copy_from_slice(&row[..4]);
            for ((out, &byte), &left) in out[5..].iter_mut().zip(&row[4..]).zip(row) {
                *out = byte.wrapping_sub(left);
            }
        }
        self.len = self.filtered.len() as u64;
        self.zlib.clear();
        let mut deflate = fdeflate::Compressor::new(&mut self.zlib).expect("writing to memory");
        deflate.write_data(&self.filtered).expect("writing to memory");
        deflate.finish().expect("writing to memory");
        self.adler = self.close();
    }

    /// Turns `fdeflate`'s zlib stream in `zlib` into a piece and returns its checksum. The
    /// stream is the zlib header, one block marked final (its first bit, the lowest of the
    /// byte after the header), the end-of-block code, zero bits up to a byte boundary, and the
    /// Adler-32. The block is marked not final, and an empty stored block brings the stream to
    /// a byte boundary: its three header bits go into the padding if it has room for them, else
    /// into one more byte. The end-of-block code's last bit is a one, so the padding is the
    /// leading zeros of the last byte.
    fn close(&mut self) -> u32 {
        let zlib = &mut self.zlib;
        let end = zlib.len() - 4;
        let adler = u32::from_be_bytes(zlib[end..].try_into().expect("four bytes"));
        zlib.truncate(end);
        debug_assert!(zlib[..2] == ZLIB_HEADER && zlib[2] & 1 == 1, "fdeflate's stream layout");
        zlib[2] &= !1;
        let last = *zlib.last().expect("fdeflate writes a block");
        debug_assert_ne!(last, 0, "the end-of-block code ends with a one");
        if last.leading_zeros() < 3 {
            zlib.push(0);
        }
        zlib.extend_from_slice(&[0x00, 0x00, 0xff, 0xff]);
        adler
    }

    /// The piece of the deflate stream.
    fn deflated(&self) -> &[u8] {
        &self.zlib[ZLIB_HEADER.len()..]
    }
}

/// The Adler-32 of two byte strings one after the other, from their checksums and the second
/// one's length.
fn adler32_combine(first: u32, second: u32, second_len: u64) -> u32 {
    let n = second_len % ADLER_MOD;
    let (a1, b1) = (u64::from(first & 0xffff), u64::from(first >> 16));
    let (a2, b2) = (u64::from(second & 0xffff), u64::from(second >> 16));
    let a = (a1 + a2 + ADLER_MOD - 1) % ADLER_MOD;
    let b = (b1 + b2 + n * ((a1 + ADLER_MOD - 1) % ADLER_MOD)) % ADLER_MOD;
    (b << 16 | a) as u32
}

/// Writes a PNG file piece by piece: the signature and header, an IDAT chunk per [`Piece`] (the
/// first one opens the zlib stream), and at the end the final block, the checksum and IEND.
struct Encoder<W> {
    out: W,
    /// The zlib header until the first chunk has carried it.
    header: &'static [u8],
    /// The Adler-32 of the pieces so far (1 is that of nothing).
    adler: u32,
}

impl<W: Write> Encoder<W> {
    /// Writes the signature and the header of a `width` × `height` RGBA image, 8 bits per channel.
    fn new(mut out: W, width: u32, height: u32) -> io::Result<Self> {
        if width == 0 || height == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a PNG has at least one pixel",
            ));
        }
        out.write_all(&SIGNATURE)?;
        let mut header = [0; 13];
        header[..4].copy_from_slice(&width.to_be_bytes());
        header[4..8].copy_from_slice(&height.to_be_bytes());
        // Bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace.
        header[8..].copy_from_slice(&[8, 6, 0, 0, 0]);
        write_chunk(&mut out, b"IHDR", &[&header])?;
        Ok(Self {
            out,
            header: &ZLIB_HEADER,
            adler: 1,
        })
    }

    /// Writes the next band's piece.
    fn push(&mut self, piece: &Piece) -> io::Result<()> {
        self.adler = adler32_combine(self.adler, piece.adler, piece.len);
        write_chunk(
            &mut self.out,
            b"IDAT",
            &[std::mem::take(&mut self.header), piece.deflated()],
        )
    }

    /// Ends the image.
    fn finish(mut self) -> io::Result<()> {
        let adler = self.adler.to_be_bytes();
        write_chunk(&mut self.out, b"IDAT", &[self.header, &FINAL_BLOCK, &adler])?;
        write_chunk(&mut self.out, b"IEND", &[])
    }
}

/// Writes a chunk of type `kind` whose data is `parts` one after the other.
fn write_chunk(out: &mut impl Write, kind: &[u8; 4], parts: &[&[u8]]) -> io::Result<()> {
    let len: usize = parts.iter().map(|part| part.len()).sum();
    let len = u32::try_from(len).map_err(|_| io::Error::other("a PNG chunk over 4 GB"))?;
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    out.write_all(&len.to_be_bytes())?;
    out.write_all(kind)?;
    for part in parts {
        crc.update(part);
        out.write_all(part)?;
    }
    out.write_all(&crc.finalize().to_be_bytes())
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
        page.draw(p, false)
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

    /// Adler-32 byte by byte, as the zlib format defines it.
    fn adler32(bytes: &[u8]) -> u32 {
        let (mut a, mut b) = (1u64, 0u64);
        for &byte in bytes {
            a = (a + u64::from(byte)) % ADLER_MOD;
            b = (b + a) % ADLER_MOD;
        }
        (b << 16 | a) as u32
    }

    #[test]
    fn checksums_of_pieces_combine_into_the_whole() {
        let bytes: Vec<u8> = (0..200_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        for split in [0, 1, 5_552, 65_521, 100_000, 200_000] {
            let (first, second) = bytes.split_at(split);
            let combined = adler32_combine(adler32(first), adler32(second), second.len() as u64);
            assert_eq!(combined, adler32(&bytes), "split at {split}");
        }
    }

    #[test]
    fn pieces_decode_to_the_same_pixels() {
        // Flat areas, runs and noise, at widths and heights that end pieces at every bit position.
        let mut seed = 1u32;
        for (width, height) in [(1, 1), (3, 31), (17, 33), (100, 70), (257, 97)] {
            let image = RgbaImage::from_fn(width, height, |x, y| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let noise = (seed >> 24) as u8;
                match (x / 7 + y / 5) % 4 {
                    0 => image::Rgba([255, 255, 255, 255]),
                    1 => image::Rgba([noise, 0, noise / 2, 255]),
                    2 => image::Rgba([0, 0, 0, 0]),
                    _ => image::Rgba([x as u8, y as u8, noise, noise]),
                }
            });
            let decoded = image::load_from_memory(&png_bytes(&image).unwrap())
                .unwrap()
                .into_rgba8();
            assert!(decoded == image, "{width} × {height}");
        }
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
