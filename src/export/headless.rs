//! Painting off screen: one frame of a private egui context whose screen is the exported image,
//! at the export's pixels-per-point, so text is laid out and its glyphs rasterised at the final
//! resolution (crisp at every scale), with the active fonts (egui's and the fallbacks). The
//! frame's shapes feed the SVG writer; tessellated, with the frame's textures (the font atlas),
//! they feed the software rasteriser.

use std::convert::Infallible;

use egui::epaint::{ClippedPrimitive, ClippedShape};
use egui::{Context, LayerId, Painter, Pos2, RawInput, Rect, Theme, ViewportId, vec2};
use image::RgbaImage;

use super::raster::{self, Deliver, Encode, Stopped, Textures};

/// Widest font atlas the private context may grow; glyphs for any diagram fit easily.
const MAX_ATLAS_SIDE: usize = 8192;

/// One frame painted off screen: its shapes (in points) and the textures they use.
pub struct Painted {
    ctx: Context,
    shapes: Vec<ClippedShape>,
    textures: Textures,
    size: [u32; 2],
    pixels_per_point: f32,
}

/// Paints one frame on a `size` pixel screen at `pixels_per_point`: `draw` gets a painter
/// covering the whole screen, whose rectangle is in points (`size / pixels_per_point`).
pub fn paint(size: [u32; 2], pixels_per_point: f32, theme: Theme, draw: impl FnOnce(&Painter)) -> Painted {
    let ctx = Context::default();
    ctx.set_theme(theme);
    let fonts = crate::diagram::fonts::active();
    if !fonts.is_empty() {
        ctx.set_fonts(fonts.definitions());
    }
    let screen = Rect::from_min_size(Pos2::ZERO, vec2(size[0] as f32, size[1] as f32) / pixels_per_point);
    let mut input = RawInput {
        screen_rect: Some(screen),
        max_texture_side: Some(MAX_ATLAS_SIDE),
        ..RawInput::default()
    };
    input
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .native_pixels_per_point = Some(pixels_per_point);
    let mut draw = Some(draw);
    let output = ctx.run_pass(input, |ctx| {
        // A pass may be repeated when egui asks for it; the drawing is the same, so once is enough.
        if let Some(draw) = draw.take() {
            draw(&ctx.layer_painter(LayerId::background()));
        }
    });
    let pixels_per_point = output.pixels_per_point;
    Painted {
        textures: Textures::from_delta(output.textures_delta),
        shapes: output.shapes,
        ctx,
        size,
        pixels_per_point,
    }
}

impl Painted {
    /// The frame's shapes, in paint order, in points.
    pub fn shapes(&self) -> &[ClippedShape] {
        &self.shapes
    }

    /// Tessellates the frame into meshes for the rasteriser.
    pub fn tessellate(self) -> Tessellated {
        Tessellated {
            primitives: self.ctx.tessellate(self.shapes, self.pixels_per_point),
            textures: self.textures,
            size: self.size,
            pixels_per_point: self.pixels_per_point,
        }
    }
}

/// A frame's meshes and textures, ready to rasterise.
pub struct Tessellated {
    primitives: Vec<ClippedPrimitive>,
    textures: Textures,
    size: [u32; 2],
    pixels_per_point: f32,
}

impl Tessellated {
    /// Rasterises the frame band by band (see [`raster::rasterise`] for `progress`, `encode` and
    /// `deliver`).
    pub fn rasterise<B: Default + Send, E>(
        &self,
        progress: &dyn Fn(f32) -> bool,
        encode: &Encode<B>,
        deliver: &mut Deliver<B, E>,
    ) -> Result<(), Stopped<E>> {
        let (primitives, textures) = (&self.primitives, &self.textures);
        raster::rasterise(
            primitives,
            textures,
            self.pixels_per_point,
            self.size,
            progress,
            encode,
            deliver,
        )
    }

    /// Rasterises the frame into an image held whole in memory.
    pub fn rasterise_image(&self, progress: &dyn Fn(f32) -> bool) -> Result<RgbaImage, Stopped<Infallible>> {
        let (primitives, textures) = (&self.primitives, &self.textures);
        raster::rasterise_image(primitives, textures, self.pixels_per_point, self.size, progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::Mark;
    use egui::{Align2, Color32, FontId, Stroke, pos2};

    fn rasterised(size: [u32; 2], ppp: f32, draw: impl FnOnce(&Painter)) -> RgbaImage {
        paint(size, ppp, Theme::Light, draw)
            .tessellate()
            .rasterise_image(&|_| true)
            .unwrap()
    }

    /// Columns that hold at least one pixel darker than mid-grey.
    fn ink_columns(img: &RgbaImage) -> Vec<u32> {
        (0..img.width())
            .filter(|&x| (0..img.height()).any(|y| img.get_pixel(x, y).0[0] < 128))
            .collect()
    }

    #[test]
    fn the_painter_covers_the_screen_in_points() {
        let mut clip = Rect::NOTHING;
        let painted = paint([300, 200], 2.0, Theme::Light, |p| clip = p.clip_rect());
        assert_eq!(clip, Rect::from_min_size(Pos2::ZERO, vec2(150.0, 100.0)));
        assert!(painted.shapes().is_empty());
    }

    #[test]
    fn shapes_are_rasterised_at_the_scale() {
        let img = rasterised([40, 40], 2.0, |p| {
            p.rect_filled(Rect::from_min_max(pos2(5.0, 5.0), pos2(10.0, 10.0)), 0.0, Color32::RED);
        });
        assert_eq!(img.dimensions(), (40, 40));
        assert_eq!(img.get_pixel(10, 10).0, [255, 0, 0, 255]);
        assert_eq!(img.get_pixel(19, 19).0, [255, 0, 0, 255]);
        assert_eq!(img.get_pixel(21, 21).0[3], 0);
        assert_eq!(img.get_pixel(8, 8).0[3], 0);
    }

    #[test]
    fn text_is_drawn_with_glyphs_from_the_font_atlas() {
        let white_page = |p: &Painter| {
            p.rect_filled(p.clip_rect(), 0.0, Color32::WHITE);
            p.text(
                pos2(4.0, 4.0),
                Align2::LEFT_TOP,
                "Gold",
                FontId::proportional(14.0),
                Color32::BLACK,
            );
        };
        let one = rasterised([60, 24], 1.0, white_page);
        let two = rasterised([120, 48], 2.0, white_page);
        let (ink1, ink2) = (ink_columns(&one), ink_columns(&two));
        assert!(ink1.len() > 10, "the text leaves ink: {ink1:?}");
        // Glyphs are rasterised at 2×, not upscaled: the text spans twice the width (±2 px)…
        let span = |ink: &[u32]| ink.last().unwrap() - ink.first().unwrap();
        assert!(
            span(&ink2).abs_diff(2 * span(&ink1)) <= 2,
            "{} vs {}",
            span(&ink2),
            span(&ink1)
        );
        // …and its strokes stay sharp: some pixels are fully black at both scales.
        let darkest = |img: &RgbaImage| img.pixels().map(|p| p.0[0]).min().unwrap();
        assert!(
            darkest(&one) < 40 && darkest(&two) < 20,
            "{} {}",
            darkest(&one),
            darkest(&two)
        );
    }

    #[test]
    fn marks_are_left_out_of_the_picture() {
        let square = |p: &Painter| {
            p.rect_filled(Rect::from_min_max(pos2(5.0, 5.0), pos2(15.0, 15.0)), 0.0, Color32::RED);
        };
        let plain = rasterised([20, 20], 2.0, square);
        let marked = rasterised([20, 20], 2.0, |p| {
            p.add(Mark::label("f").into_shape());
            square(p);
            p.add(Mark::End.into_shape());
        });
        assert_eq!(plain, marked);
    }

    #[test]
    fn lines_are_crisp_or_antialiased_like_egui_draws_them() {
        let img = rasterised([20, 20], 1.0, |p| {
            p.line_segment([pos2(2.0, 10.0), pos2(18.0, 10.0)], Stroke::new(1.0, Color32::BLACK));
            p.line_segment([pos2(2.0, 2.0), pos2(18.0, 7.0)], Stroke::new(1.0, Color32::BLACK));
        });
        // egui snaps a thin horizontal line onto a row of pixel centres: one solid row.
        let alpha = |x, y| img.get_pixel(x, y).0[3];
        assert_eq!((alpha(10, 9), alpha(10, 10), alpha(10, 11)), (0, 255, 0));
        // A slanted one is feathered: partly covered pixels on its edges.
        let partial = (0..20)
            .flat_map(|x| (0..9).map(move |y| (x, y)))
            .filter(|&(x, y)| (1..255).contains(&alpha(x, y)));
        assert!(partial.count() > 16);
    }
}
