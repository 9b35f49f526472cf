//! The software rasteriser: turns egui's tessellated meshes into pixels the way egui's glow
//! painter does on a GPU, so a PNG needs neither a GPU nor a window.
//!
//! Positions are scaled by pixels-per-point and snapped to 1/256 px; a pixel is covered when its
//! centre lies inside a triangle (exact integer edge tests with a tie rule, so triangles sharing
//! an edge never blend a pixel twice). Colours and texture coordinates are interpolated at the
//! pixel centre, texels are fetched bilinearly (clamped to the edge) and everything is blended
//! as premultiplied sRGB in gamma space (`ONE, ONE_MINUS_SRC_ALPHA`), which is what the GPU does
//! with egui's vertex colours and textures. Clip rectangles are scissors rounded to whole pixels.
//!
//! The image is cut into bands of rows, drawn by as many threads as there are cores; each band
//! only visits the triangles that reach it.

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

use egui::epaint::textures::TexturesDelta;
use egui::epaint::{ClippedPrimitive, ImageData, ImageDelta, Mesh, Primitive, TextureId};
use egui::{Color32, Pos2, Rect};
use image::RgbaImage;

/// Sub-pixel steps per pixel in the coverage test.
const SUB: i64 = 256;
/// Vertex coordinates are clamped to this many sub-pixels either side of the origin, so that the
/// products in the edge tests fit in an `i64`.
const COORD_LIMIT: f32 = (1u64 << 29) as f32;
/// Rows per band: the unit of work shared among threads and of progress reports.
pub const BAND_ROWS: usize = 32;

/// Why rasterising stopped early: the progress callback asked to, or delivering a band failed.
#[derive(Debug)]
pub enum Stopped<E> {
    Cancelled,
    Failed(E),
}

/// The textures meshes sample (the font atlas and any images), as egui's texture delta for a
/// frame describes them.
#[derive(Default)]
pub struct Textures {
    map: HashMap<TextureId, Texture>,
}

struct Texture {
    width: usize,
    height: usize,
    texels: Vec<Color32>,
}

impl Textures {
    /// The textures of a first frame: applies every new texture and patch in order and consumes
    /// the delta (a fresh store has nothing to free).
    pub fn from_delta(mut delta: TexturesDelta) -> Self {
        let mut textures = Self::default();
        for (&id, deltas) in &delta.set {
            for d in deltas {
                textures.apply(id, d);
            }
        }
        delta.clear();
        textures
    }

    fn apply(&mut self, id: TextureId, delta: &ImageDelta) {
        let ImageData::Color(patch) = &delta.image;
        let [width, height] = patch.size;
        if width == 0 || height == 0 || patch.pixels.len() != width * height {
            return;
        }
        match delta.pos {
            None => {
                self.map.insert(
                    id,
                    Texture {
                        width,
                        height,
                        texels: patch.pixels.clone(),
                    },
                );
            }
            Some([x0, y0]) => {
                let Some(texture) = self.map.get_mut(&id) else { return };
                let w = width.min(texture.width.saturating_sub(x0));
                for row in 0..height.min(texture.height.saturating_sub(y0)) {
                    let to = (y0 + row) * texture.width + x0;
                    texture.texels[to..to + w].copy_from_slice(&patch.pixels[row * width..row * width + w]);
                }
            }
        }
    }
}

impl Texture {
    /// Bilinear fetch at texel coordinates (texel centres at whole numbers), clamped to the edge;
    /// premultiplied, 0–255.
    fn sample(&self, [tx, ty]: [f32; 2]) -> [f32; 4] {
        let (x0, y0) = (floor(tx), floor(ty));
        let (fx, fy) = (tx - x0, ty - y0);
        let (last_x, last_y) = (self.width - 1, self.height - 1);
        let (xa, xb) = (
            (x0.max(0.0) as usize).min(last_x),
            ((x0 + 1.0).max(0.0) as usize).min(last_x),
        );
        let (ya, yb) = (
            (y0.max(0.0) as usize).min(last_y),
            ((y0 + 1.0).max(0.0) as usize).min(last_y),
        );
        let (top, bottom) = (ya * self.width, yb * self.width);
        let p00 = self.texels[top + xa].to_array();
        let p10 = self.texels[top + xb].to_array();
        let p01 = self.texels[bottom + xa].to_array();
        let p11 = self.texels[bottom + xb].to_array();
        let mut texel = [0.0; 4];
        for c in 0..4 {
            let upper = f32::from(p00[c]) + (f32::from(p10[c]) - f32::from(p00[c])) * fx;
            let lower = f32::from(p01[c]) + (f32::from(p11[c]) - f32::from(p01[c])) * fx;
            texel[c] = upper + (lower - upper) * fy;
        }
        texel
    }
}

/// `v.floor()` for texel coordinates (well within `i32`), without the library call `floor`
/// compiles to on targets without SSE4.1.
#[inline]
fn floor(v: f32) -> f32 {
    let truncated = v as i32 as f32;
    if truncated > v { truncated - 1.0 } else { truncated }
}

/// A half-open rectangle of whole pixels.
#[derive(Clone, Copy)]
struct PixelRect {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

impl PixelRect {
    /// A clip rectangle in points as the GPU scissor sees it: rounded, inside the image.
    fn scissor(clip: Rect, pixels_per_point: f32, width: usize, height: usize) -> Self {
        let px = |v: f32, max: usize| ((v * pixels_per_point).round().max(0.0) as usize).min(max);
        let (x0, y0) = (px(clip.min.x, width), px(clip.min.y, height));
        Self {
            x0,
            y0,
            x1: px(clip.max.x, width).max(x0),
            y1: px(clip.max.y, height).max(y0),
        }
    }

    fn is_empty(&self) -> bool {
        self.x0 >= self.x1 || self.y0 >= self.y1
    }

    fn intersect(self, other: Self) -> Self {
        Self {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        }
    }
}

/// A mesh to draw with its scissor and texture.
struct Source<'a> {
    mesh: &'a Mesh,
    scissor: PixelRect,
    texture: &'a Texture,
}

/// Rasterises `primitives` (in points) into a `width` × `height` image at `pixels_per_point`,
/// starting from transparent black, and hands it over band by band. Each band's rows
/// (straight-alpha RGBA, [`BAND_ROWS`] rows or fewer at the bottom) go to `encode` on the worker
/// thread that drew them, with a scratch value of the caller's own that is kept with the band's
/// buffer (an encoder's output, say); then `deliver` gets the rows and that value of each band in
/// order, top to bottom, on the calling thread, while the other bands are drawn. Only a few bands
/// exist at a time, so the whole image is never held. `progress` gets the fraction done after
/// each band; returning `false` stops the work, as does an error from `deliver`. Paint
/// callbacks, unknown textures and malformed triangles are skipped.
pub fn rasterise<B: Default + Send, E>(
    primitives: &[ClippedPrimitive],
    textures: &Textures,
    pixels_per_point: f32,
    [width, height]: [u32; 2],
    progress: &dyn Fn(f32) -> bool,
    encode: &Encode<B>,
    deliver: &mut Deliver<B, E>,
) -> Result<(), Stopped<E>> {
    let (w, h) = (width as usize, height as usize);
    if w == 0 || h == 0 {
        return Ok(());
    }
    let sources: Vec<Source> = primitives
        .iter()
        .filter_map(|p| match &p.primitive {
            Primitive::Mesh(mesh) => Some(Source {
                mesh,
                scissor: PixelRect::scissor(p.clip_rect, pixels_per_point, w, h),
                texture: textures.map.get(&mesh.texture_id)?,
            }),
            Primitive::Callback(_) => None,
        })
        .filter(|s| !s.scissor.is_empty())
        .collect();
    let bins = bin_triangles(&sources, pixels_per_point, h);
    let draw_band = |band: usize, (rows, encoded): &mut Band<B>| {
        let y0 = band * BAND_ROWS;
        let y1 = (y0 + BAND_ROWS).min(h);
        rows.clear();
        rows.resize((y1 - y0) * w, [0; 4]);
        let band_rect = PixelRect { x0: 0, y0, x1: w, y1 };
        for &(source, first) in &bins[band] {
            let s = &sources[source as usize];
            let area = band_rect.intersect(s.scissor);
            if let Some(tri) = Triangle::new(s.mesh, first as usize, s.texture, pixels_per_point, area) {
                tri.draw(rows, w, y0, s.texture);
            }
        }
        unpremultiply(rows);
        encode(rows.as_flattened(), encoded);
    };

    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(bins.len());
    // Workers take a free buffer, then the next band (in that order, so that the band the caller
    // waits for always has a buffer), draw it and pass it on; the caller delivers bands in order
    // and hands their buffers back. A few buffers per worker let them run ahead of `deliver`.
    let (free, buffers) = mpsc::channel::<Band<B>>();
    for _ in 0..threads * 3 {
        let _ = free.send(Band::default());
    }
    let buffers = Mutex::new(buffers);
    let next_band = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let work = |drawn: mpsc::Sender<(usize, Band<B>)>| {
        while !stop.load(Ordering::Relaxed) {
            let Ok(mut rows) = buffers.lock().unwrap_or_else(|e| e.into_inner()).recv() else {
                break;
            };
            let band = next_band.fetch_add(1, Ordering::Relaxed);
            if band >= bins.len() {
                break;
            }
            draw_band(band, &mut rows);
            if drawn.send((band, rows)).is_err() {
                break;
            }
        }
    };
    let (drawn, bands) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let drawn = drawn.clone();
            scope.spawn(|| work(drawn));
        }
        drop(drawn);
        let result = deliver_in_order(&bands, bins.len(), &free, progress, deliver);
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        // Dropping the free list wakes workers waiting for a buffer, so they see `stop` or run
        // out of bands.
        drop(free);
        result
    })
}

/// What [`rasterise`] calls on a worker with each band's rows and the band's own scratch value.
pub type Encode<'a, B> = dyn Fn(&[u8], &mut B) + Sync + 'a;
/// What [`rasterise`] calls on the calling thread with each band's rows and scratch value, in
/// order.
pub type Deliver<'a, B, E> = dyn FnMut(&[u8], &B) -> Result<(), E> + 'a;

/// A band's buffers: its pixels and what `encode` made of them.
type Band<B> = (Vec<[u8; 4]>, B);

/// The caller's side of [`rasterise`]: takes drawn bands as they come, delivers them in order,
/// reports progress and recycles their buffers.
fn deliver_in_order<B, E>(
    bands: &mpsc::Receiver<(usize, Band<B>)>,
    count: usize,
    free: &mpsc::Sender<Band<B>>,
    progress: &dyn Fn(f32) -> bool,
    deliver: &mut Deliver<B, E>,
) -> Result<(), Stopped<E>> {
    let mut waiting = BTreeMap::new();
    for next in 0..count {
        let rows = loop {
            if let Some(rows) = waiting.remove(&next) {
                break rows;
            }
            let (band, rows) = bands.recv().expect("a worker draws every band until told to stop");
            waiting.insert(band, rows);
        };
        deliver(rows.0.as_flattened(), &rows.1).map_err(Stopped::Failed)?;
        let _ = free.send(rows);
        if !progress((next + 1) as f32 / count as f32) {
            return Err(Stopped::Cancelled);
        }
    }
    Ok(())
}

/// [`rasterise`] into an image held whole in memory.
pub fn rasterise_image(
    primitives: &[ClippedPrimitive],
    textures: &Textures,
    pixels_per_point: f32,
    size @ [width, height]: [u32; 2],
    progress: &dyn Fn(f32) -> bool,
) -> Result<RgbaImage, Stopped<Infallible>> {
    let mut pixels = Vec::with_capacity(width as usize * height as usize * 4);
    let keep = &mut |band: &[u8], (): &()| {
        pixels.extend_from_slice(band);
        Ok(())
    };
    rasterise(primitives, textures, pixels_per_point, size, progress, &|_, _| {}, keep)?;
    Ok(RgbaImage::from_raw(width, height, pixels).expect("the bands hold width × height pixels"))
}

/// For each band of rows, the triangles (source index, first index) that may cover it, in
/// painting order.
fn bin_triangles(sources: &[Source], pixels_per_point: f32, height: usize) -> Vec<Vec<(u32, u32)>> {
    let mut bins = vec![Vec::new(); height.div_ceil(BAND_ROWS)];
    for (i, s) in sources.iter().enumerate() {
        let vertices = &s.mesh.vertices;
        for (t, corners) in s.mesh.indices.chunks_exact(3).enumerate() {
            let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
            // Conservative: `Triangle::new` drops triangles with missing or non-finite corners.
            for v in corners.iter().filter_map(|&corner| vertices.get(corner as usize)) {
                (lo, hi) = (lo.min(v.pos.y * pixels_per_point), hi.max(v.pos.y * pixels_per_point));
            }
            if !(lo.is_finite() && hi.is_finite()) {
                continue;
            }
            let y0 = (lo.floor().max(0.0) as usize).max(s.scissor.y0);
            let y1 = (hi.ceil().max(0.0) as usize).min(s.scissor.y1);
            if y0 < y1 {
                for bin in &mut bins[y0 / BAND_ROWS..=(y1 - 1) / BAND_ROWS] {
                    bin.push((i as u32, (t * 3) as u32));
                }
            }
        }
    }
    bins
}

/// One edge of a triangle in fixed point; a pixel centre `p` is inside when
/// `dx·(p.y − ay) − dy·(p.x − ax) ≥ bias`.
struct Edge {
    ax: i64,
    ay: i64,
    dx: i64,
    dy: i64,
    /// 0 for edges that own the pixels exactly on them, 1 for the others: of two triangles
    /// sharing an edge, exactly one draws the pixels on it.
    bias: i64,
}

impl Edge {
    fn new(a: [i64; 2], b: [i64; 2]) -> Self {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let owns = dy > 0 || (dy == 0 && dx > 0);
        Self {
            ax: a[0],
            ay: a[1],
            dx,
            dy,
            bias: i64::from(!owns),
        }
    }

    /// Narrows the half-open pixel range `[lo, hi)` of row `y` to the pixels inside this edge.
    fn clip_span(&self, y: i64, lo: &mut i64, hi: &mut i64) {
        // E(x) = c − m·x for the centre of pixel x.
        let c = self.dx * (y * SUB + SUB / 2 - self.ay) - self.dy * (SUB / 2 - self.ax);
        let m = self.dy * SUB;
        if m > 0 {
            *hi = (*hi).min((c - self.bias).div_euclid(m) + 1);
        } else if m < 0 {
            *lo = (*lo).max(-(c - self.bias).div_euclid(-m));
        } else if c < self.bias {
            *hi = *lo;
        }
    }
}

/// A linear function of the pixel centre, anchored at the first vertex.
#[derive(Clone, Copy)]
struct Plane {
    at_a: f32,
    dx: f32,
    dy: f32,
}

impl Plane {
    /// The value `(dx, dy)` pixels from the first vertex.
    fn at(&self, dx: f32, dy: f32) -> f32 {
        self.at_a + self.dx * dx + self.dy * dy
    }
}

/// What a triangle paints: one opaque colour, one translucent colour, or colours and texels
/// that vary across it. Colours are premultiplied; planes of colour are scaled to 0–1 so that
/// multiplying by a 0–255 texel gives 0–255.
enum Shading {
    Opaque([u8; 4]),
    Flat([f32; 4]),
    Varying {
        colour: [Plane; 4],
        texel: Option<[Plane; 2]>,
        flat_texel: [f32; 4],
    },
}

/// A triangle ready to draw into one band.
struct Triangle {
    edges: [Edge; 3],
    /// The first vertex, in pixels: where the planes are anchored.
    origin: [f32; 2],
    /// Half-open ranges of the pixel rows and columns it may cover.
    rows: (i64, i64),
    columns: (i64, i64),
    shading: Shading,
}

impl Triangle {
    /// Sets up the triangle whose indices start at `first`, for drawing inside `area`; `None`
    /// when it covers nothing there, is degenerate or refers to vertices the mesh lacks.
    fn new(mesh: &Mesh, first: usize, texture: &Texture, pixels_per_point: f32, area: PixelRect) -> Option<Self> {
        let vertex = |k: usize| mesh.indices.get(first + k).and_then(|&i| mesh.vertices.get(i as usize));
        let (a, mut b, mut c) = (vertex(0)?, vertex(1)?, vertex(2)?);
        let scale = pixels_per_point * SUB as f32;
        let fixed = |p: Pos2| {
            let f = |v: f32| ((v * scale).clamp(-COORD_LIMIT, COORD_LIMIT) + 0.5) as i64;
            (p.x.is_finite() && p.y.is_finite()).then(|| [f(p.x), f(p.y)])
        };
        let (pa, mut pb, mut pc) = (fixed(a.pos)?, fixed(b.pos)?, fixed(c.pos)?);
        let area2 = (pb[0] - pa[0]) * (pc[1] - pa[1]) - (pb[1] - pa[1]) * (pc[0] - pa[0]);
        if area2 == 0 {
            return None;
        }
        if area2 < 0 {
            (pb, pc, b, c) = (pc, pb, c, b);
        }
        // The pixels whose centres lie within the bounding box, inside `area`.
        let first_pixel = |v: i64| (v - SUB / 2 + SUB - 1).div_euclid(SUB);
        let end_pixel = |v: i64| (v - SUB / 2).div_euclid(SUB) + 1;
        let span = |k: usize, lo: usize, hi: usize| {
            let (min, max) = (pa[k].min(pb[k]).min(pc[k]), pa[k].max(pb[k]).max(pc[k]));
            (first_pixel(min).max(lo as i64), end_pixel(max).min(hi as i64))
        };
        let (rows, columns) = (span(1, area.y0, area.y1), span(0, area.x0, area.x1));
        if rows.0 >= rows.1 || columns.0 >= columns.1 {
            return None;
        }
        let edges = [Edge::new(pa, pb), Edge::new(pb, pc), Edge::new(pc, pa)];
        let origin = [pa[0] as f32 / SUB as f32, pa[1] as f32 / SUB as f32];

        let texel_at = |uv: Pos2| [uv.x * texture.width as f32 - 0.5, uv.y * texture.height as f32 - 0.5];
        let flat_colour = b.color == a.color && c.color == a.color;
        let flat_uv = b.uv == a.uv && c.uv == a.uv;
        let flat_texel = if flat_uv {
            texture.sample(texel_at(a.uv))
        } else {
            [255.0; 4]
        };
        let shading = if flat_colour && flat_uv {
            let src = modulate(unit_colour(a.color), flat_texel);
            if src[3] >= 254.5 {
                Shading::Opaque(src.map(|c| (c + 0.5) as u8))
            } else {
                Shading::Flat(src)
            }
        } else {
            let to_pixels = |p: [i64; 2]| {
                [
                    p[0] as f32 / SUB as f32 - origin[0],
                    p[1] as f32 / SUB as f32 - origin[1],
                ]
            };
            let (e1, e2) = (to_pixels(pb), to_pixels(pc));
            let det = e1[0] * e2[1] - e1[1] * e2[0];
            let plane = |fa: f32, fb: f32, fc: f32| {
                let (d1, d2) = (fb - fa, fc - fa);
                Plane {
                    at_a: fa,
                    dx: (d1 * e2[1] - d2 * e1[1]) / det,
                    dy: (d2 * e1[0] - d1 * e2[0]) / det,
                }
            };
            let (ca, cb, cc) = (unit_colour(a.color), unit_colour(b.color), unit_colour(c.color));
            let (ta, tb, tc) = (texel_at(a.uv), texel_at(b.uv), texel_at(c.uv));
            Shading::Varying {
                colour: [0, 1, 2, 3].map(|k| plane(ca[k], cb[k], cc[k])),
                texel: (!flat_uv).then(|| [0, 1].map(|k| plane(ta[k], tb[k], tc[k]))),
                flat_texel,
            }
        };
        Some(Self {
            edges,
            origin,
            rows,
            columns,
            shading,
        })
    }

    /// Blends the triangle into `rows`, the band of the image starting at row `y0`.
    fn draw(&self, rows: &mut [[u8; 4]], width: usize, y0: usize, texture: &Texture) {
        for y in self.rows.0..self.rows.1 {
            let (mut lo, mut hi) = self.columns;
            for e in &self.edges {
                e.clip_span(y, &mut lo, &mut hi);
            }
            if lo >= hi {
                continue;
            }
            let row = (y as usize - y0) * width;
            let span = &mut rows[row + lo as usize..row + hi as usize];
            match &self.shading {
                Shading::Opaque(colour) => span.fill(*colour),
                Shading::Flat(src) => {
                    for dst in span {
                        blend(dst, src);
                    }
                }
                Shading::Varying {
                    colour,
                    texel,
                    flat_texel,
                } => {
                    let (dx, dy) = (lo as f32 + 0.5 - self.origin[0], y as f32 + 0.5 - self.origin[1]);
                    let mut col = colour.map(|p| p.at(dx, dy));
                    let step = colour.map(|p| p.dx);
                    let mut uv = texel.map(|[u, v]| ([u.at(dx, dy), v.at(dx, dy)], [u.dx, v.dx]));
                    for dst in span {
                        let t = match &mut uv {
                            Some((at, step)) => {
                                let t = texture.sample(*at);
                                at[0] += step[0];
                                at[1] += step[1];
                                t
                            }
                            None => *flat_texel,
                        };
                        blend(dst, &modulate(col, t));
                        for c in 0..4 {
                            col[c] += step[c];
                        }
                    }
                }
            }
        }
    }
}

/// A premultiplied colour as 0–1.
fn unit_colour(colour: Color32) -> [f32; 4] {
    colour.to_array().map(|c| f32::from(c) / 255.0)
}

/// A 0–1 vertex colour times a 0–255 texel, as the fragment shader multiplies them.
fn modulate(colour: [f32; 4], texel: [f32; 4]) -> [f32; 4] {
    [
        colour[0] * texel[0],
        colour[1] * texel[1],
        colour[2] * texel[2],
        colour[3] * texel[3],
    ]
}

/// `dst = src + dst·(1 − src.a)` on premultiplied 0–255 values, rounded to 8 bits.
#[inline]
fn blend(dst: &mut [u8; 4], src: &[f32; 4]) {
    let keep = 1.0 - src[3] * (1.0 / 255.0);
    *dst = [
        (src[0] + f32::from(dst[0]) * keep + 0.5) as u8,
        (src[1] + f32::from(dst[1]) * keep + 0.5) as u8,
        (src[2] + f32::from(dst[2]) * keep + 0.5) as u8,
        (src[3] + f32::from(dst[3]) * keep + 0.5) as u8,
    ];
}

/// Premultiplied to straight alpha, as PNG stores it.
fn unpremultiply(pixels: &mut [[u8; 4]]) {
    // Most pages are opaque: a quick pass over the alpha channel (whole pixels ANDed together,
    // no early exit, so it vectorises) spares them the per-pixel work.
    if pixels.iter().fold(u32::MAX, |all, px| all & u32::from_le_bytes(*px)) >> 24 == 255 {
        return;
    }
    for px in pixels {
        let a = u32::from(px[3]);
        if a != 0 && a != 255 {
            for c in &mut px[..3] {
                *c = ((u32::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::epaint::textures::TextureOptions;
    use egui::epaint::{ColorImage, Vertex, WHITE_UV};
    use egui::{Pos2, pos2};

    const TEX: TextureId = TextureId::Managed(0);

    fn textures(size: [usize; 2], texels: Vec<Color32>) -> Textures {
        let mut delta = TexturesDelta::default();
        delta.push(
            TEX,
            ImageDelta::full(ColorImage::new(size, texels), TextureOptions::LINEAR),
        );
        Textures::from_delta(delta)
    }

    fn white() -> Textures {
        textures([1, 1], vec![Color32::WHITE])
    }

    fn quad(rect: Rect, colour: Color32, uv: Rect) -> Mesh {
        let mut mesh = Mesh::with_texture(TEX);
        mesh.add_rect_with_uv(rect, uv, colour);
        mesh
    }

    fn prim(mesh: Mesh, clip: Rect) -> ClippedPrimitive {
        ClippedPrimitive {
            clip_rect: clip,
            primitive: Primitive::Mesh(mesh),
        }
    }

    fn draw(prims: &[ClippedPrimitive], textures: &Textures, ppp: f32, size: [u32; 2]) -> RgbaImage {
        rasterise_image(prims, textures, ppp, size, &|_| true).unwrap()
    }

    fn everything() -> Rect {
        Rect::EVERYTHING
    }

    fn white_uv() -> Rect {
        Rect::from_min_max(WHITE_UV, WHITE_UV)
    }

    #[test]
    fn a_solid_rect_covers_exactly_its_pixels() {
        let red = Color32::from_rgb(200, 10, 20);
        let rect = Rect::from_min_max(pos2(2.0, 3.0), pos2(7.0, 5.0));
        let img = draw(
            &[prim(quad(rect, red, white_uv()), everything())],
            &white(),
            1.0,
            [10, 8],
        );
        for (x, y, px) in img.enumerate_pixels() {
            let inside = (2..7).contains(&x) && (3..5).contains(&y);
            let expected = if inside { [200, 10, 20, 255] } else { [0, 0, 0, 0] };
            assert_eq!(px.0, expected, "pixel {x},{y}");
        }
    }

    #[test]
    fn pixels_per_point_scales_the_geometry() {
        let rect = Rect::from_min_max(pos2(1.0, 1.0), pos2(3.0, 2.0));
        let img = draw(
            &[prim(quad(rect, Color32::WHITE, white_uv()), everything())],
            &white(),
            2.0,
            [8, 8],
        );
        let covered: Vec<_> = img
            .enumerate_pixels()
            .filter(|p| p.2.0[3] == 255)
            .map(|p| (p.0, p.1))
            .collect();
        assert_eq!(covered.len(), 4 * 2);
        assert_eq!(covered.first(), Some(&(2, 2)));
        assert_eq!(covered.last(), Some(&(5, 3)));
    }

    #[test]
    fn translucent_triangles_sharing_an_edge_blend_each_pixel_once() {
        // Half-transparent white, premultiplied: every covered pixel must be blended exactly once,
        // including along the quad's diagonal and along the edge between two touching quads.
        let half = Color32::from_rgba_premultiplied(128, 128, 128, 128);
        let left = quad(Rect::from_min_max(pos2(0.0, 0.0), pos2(3.3, 7.0)), half, white_uv());
        let right = quad(Rect::from_min_max(pos2(3.3, 0.0), pos2(9.0, 7.0)), half, white_uv());
        let img = draw(
            &[prim(left, everything()), prim(right, everything())],
            &white(),
            1.0,
            [9, 7],
        );
        for px in img.pixels() {
            assert_eq!(px.0, [255, 255, 255, 128]);
        }
    }

    #[test]
    fn translucent_colours_blend_over_what_is_below() {
        let below = quad(
            Rect::from_min_max(pos2(0.0, 0.0), pos2(4.0, 4.0)),
            Color32::from_rgb(0, 0, 200),
            white_uv(),
        );
        let above = quad(
            Rect::from_min_max(pos2(0.0, 0.0), pos2(4.0, 4.0)),
            Color32::from_rgba_premultiplied(100, 0, 0, 128),
            white_uv(),
        );
        let img = draw(
            &[prim(below, everything()), prim(above, everything())],
            &white(),
            1.0,
            [4, 4],
        );
        // 100 + 0·(1 − 128/255) = 100; 200·(127/255) = 99.6 → 100.
        assert_eq!(img.get_pixel(1, 1).0, [100, 0, 100, 255]);
    }

    #[test]
    fn a_textured_quad_samples_bilinearly() {
        let (black, white) = (Color32::BLACK, Color32::WHITE);
        let tex = textures([2, 1], vec![black, white]);
        let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        let img = draw(
            &[prim(
                quad(Rect::from_min_max(Pos2::ZERO, pos2(4.0, 1.0)), white, uv),
                everything(),
            )],
            &tex,
            1.0,
            [4, 1],
        );
        // Pixel centres at u = 1/8, 3/8, 5/8, 7/8 → texel x = −0.25, 0.25, 0.75, 1.25.
        let reds: Vec<u8> = img.pixels().map(|p| p.0[0]).collect();
        assert_eq!(reds, [0, 64, 191, 255]);
        assert!(img.pixels().all(|p| p.0[3] == 255));
    }

    #[test]
    fn vertex_colours_multiply_the_texture_and_interpolate() {
        let tex = textures([1, 1], vec![Color32::from_rgb(255, 128, 0)]);
        let mut mesh = Mesh::with_texture(TEX);
        let (a, b) = (Color32::from_rgb(0, 0, 0), Color32::from_rgb(255, 255, 255));
        mesh.vertices = vec![
            Vertex {
                pos: pos2(0.0, 0.0),
                uv: WHITE_UV,
                color: a,
            },
            Vertex {
                pos: pos2(4.0, 0.0),
                uv: WHITE_UV,
                color: b,
            },
            Vertex {
                pos: pos2(4.0, 1.0),
                uv: WHITE_UV,
                color: b,
            },
            Vertex {
                pos: pos2(0.0, 1.0),
                uv: WHITE_UV,
                color: a,
            },
        ];
        mesh.indices = vec![0, 1, 2, 0, 2, 3];
        let img = draw(&[prim(mesh, everything())], &tex, 1.0, [4, 1]);
        let reds: Vec<u8> = img.pixels().map(|p| p.0[0]).collect();
        let greens: Vec<u8> = img.pixels().map(|p| p.0[1]).collect();
        assert_eq!(reds, [32, 96, 159, 223]);
        assert_eq!(greens, [16, 48, 80, 112]);
    }

    #[test]
    fn the_clip_rect_is_a_scissor_rounded_to_pixels() {
        let rect = Rect::from_min_max(Pos2::ZERO, pos2(10.0, 10.0));
        let clip = Rect::from_min_max(pos2(2.4, 3.6), pos2(5.5, 6.0));
        let img = draw(
            &[prim(quad(rect, Color32::WHITE, white_uv()), clip)],
            &white(),
            1.0,
            [10, 10],
        );
        for (x, y, px) in img.enumerate_pixels() {
            let inside = (2..6).contains(&x) && (4..6).contains(&y);
            assert_eq!(px.0[3] == 255, inside, "pixel {x},{y}");
        }
    }

    #[test]
    fn partial_texture_updates_patch_the_texture() {
        let mut delta = TexturesDelta::default();
        delta.push(
            TEX,
            ImageDelta::full(ColorImage::new([2, 2], vec![Color32::BLACK; 4]), TextureOptions::LINEAR),
        );
        let patch = ColorImage::new([1, 1], vec![Color32::WHITE]);
        delta.push(TEX, ImageDelta::partial([1, 1], patch, TextureOptions::LINEAR));
        delta.push(
            TextureId::Managed(1),
            ImageDelta::partial(
                [0, 0],
                ColorImage::new([1, 1], vec![Color32::RED]),
                TextureOptions::LINEAR,
            ),
        );
        let tex = Textures::from_delta(delta);
        assert!(
            !tex.map.contains_key(&TextureId::Managed(1)),
            "a patch of an unknown texture is ignored"
        );
        let nearest = |u, v| tex.map[&TEX].sample([u, v])[0];
        assert_eq!(
            (nearest(0.0, 0.0), nearest(1.0, 1.0), nearest(1.0, 0.0)),
            (0.0, 255.0, 0.0)
        );
    }

    #[test]
    fn triangles_spanning_many_bands_are_drawn_whole() {
        let rect = Rect::from_min_max(pos2(10.0, 10.0), pos2(290.0, 290.0));
        let img = draw(
            &[prim(quad(rect, Color32::WHITE, white_uv()), everything())],
            &white(),
            1.0,
            [300, 300],
        );
        let covered = img.pixels().filter(|p| p.0[3] == 255).count();
        assert_eq!(covered, 280 * 280);
    }

    #[test]
    fn returning_false_from_progress_cancels() {
        let rect = Rect::from_min_max(Pos2::ZERO, pos2(100.0, 1000.0));
        let prims = [prim(quad(rect, Color32::WHITE, white_uv()), everything())];
        let calls = std::cell::Cell::new(0);
        let result = rasterise_image(&prims, &white(), 1.0, [100, 1000], &|_| {
            calls.set(calls.get() + 1);
            calls.get() < 2
        });
        assert!(matches!(result, Err(Stopped::Cancelled)));
        assert_eq!(calls.get(), 2, "no report after cancelling");
        let last = std::cell::Cell::new(0.0);
        rasterise_image(&prims, &white(), 1.0, [100, 1000], &|f| {
            last.set(f32::max(last.get(), f));
            true
        })
        .unwrap();
        assert_eq!(last.get(), 1.0);
    }

    #[test]
    fn bands_are_delivered_in_order_until_delivering_fails() {
        // Each row gets a different shade, so the rows' order shows in the delivered bytes.
        let rows: Vec<ClippedPrimitive> = (0..1000)
            .map(|y| {
                let rect = Rect::from_min_max(pos2(0.0, y as f32), pos2(3.0, y as f32 + 1.0));
                let shade = Color32::from_gray((y % 251) as u8);
                prim(quad(rect, shade, white_uv()), everything())
            })
            .collect();
        let mut delivered = Vec::new();
        let encode = |band: &[u8], length: &mut usize| *length = band.len();
        let result = rasterise(
            &rows,
            &white(),
            1.0,
            [3, 1000],
            &|_| true,
            &encode,
            &mut |band, length| {
                assert_eq!(band.len(), *length, "encoded on the worker");
                delivered.push(band.len());
                if delivered.len() == 10 {
                    Err("disk full")
                } else {
                    Ok(())
                }
            },
        );
        assert!(matches!(result, Err(Stopped::Failed("disk full"))), "{result:?}");
        assert_eq!(delivered, [BAND_ROWS * 3 * 4; 10]);
        let image = draw(&rows, &white(), 1.0, [3, 1000]);
        for y in 0..1000 {
            assert_eq!(image.get_pixel(2, y).0[0], (y % 251) as u8, "row {y}");
        }
    }

    #[test]
    fn malformed_meshes_and_unknown_textures_are_skipped() {
        let mut bad = Mesh::with_texture(TEX);
        bad.vertices = vec![
            Vertex {
                pos: pos2(f32::NAN, 0.0),
                uv: WHITE_UV,
                color: Color32::WHITE
            };
            3
        ];
        bad.indices = vec![0, 1, 2, 0, 1, 7, 0];
        let mut huge = quad(
            Rect::from_min_max(pos2(-1e30, -1e30), pos2(1e30, 1e30)),
            Color32::WHITE,
            white_uv(),
        );
        huge.vertices.push(Vertex {
            pos: pos2(f32::INFINITY, 0.0),
            uv: WHITE_UV,
            color: Color32::WHITE,
        });
        let unknown = Mesh::with_texture(TextureId::User(9));
        let prims = [
            prim(bad, everything()),
            prim(unknown, everything()),
            prim(huge, everything()),
        ];
        let img = draw(&prims, &white(), 1.0, [5, 5]);
        assert!(
            img.pixels().all(|p| p.0 == [255, 255, 255, 255]),
            "the huge quad still covers everything"
        );
        assert_eq!(draw(&prims, &white(), 1.0, [0, 0]).dimensions(), (0, 0));
    }

    #[test]
    fn transparent_pixels_come_out_unpremultiplied() {
        let half_red = Color32::from_rgba_premultiplied(100, 0, 0, 128);
        let img = draw(
            &[prim(
                quad(Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0)), half_red, white_uv()),
                everything(),
            )],
            &white(),
            1.0,
            [1, 1],
        );
        assert_eq!(img.get_pixel(0, 0).0, [199, 0, 0, 128]);
    }
}
