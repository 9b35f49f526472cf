//! The report's fonts: egui's own default fonts (Ubuntu Light for text, Hack for the characters
//! it lacks, such as arrows), embedded in the PDF and subset by krilla. Widths are measured here
//! from the fonts' advance widths, so lines wrap and columns fit without a window.

use krilla::color::rgb;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use ttf_parser::Face;

use super::drawing::Rgba;

/// Shown for a character no font has.
const MISSING: char = '?';

/// The text font and its fallback, each parsed for measuring and loaded for the PDF.
pub struct Fonts {
    faces: Vec<(Face<'static>, Font)>,
}

impl Fonts {
    /// The fonts, or `None` if one does not load (they are compiled in, so only a broken build).
    pub fn new() -> Option<Self> {
        let load = |data: &'static [u8]| Some((Face::parse(data, 0).ok()?, Font::new(data.into(), 0)?));
        Some(Self {
            faces: vec![
                load(epaint_default_fonts::UBUNTU_LIGHT)?,
                load(epaint_default_fonts::HACK_REGULAR)?,
            ],
        })
    }

    /// The first font with a glyph for `c`.
    fn face_for(&self, c: char) -> Option<usize> {
        self.faces.iter().position(|(face, _)| face.glyph_index(c).is_some())
    }

    /// `text` cut into runs of one font each; a character no font has becomes "?".
    fn runs(&self, text: &str) -> Vec<(usize, String)> {
        let mut runs: Vec<(usize, String)> = Vec::new();
        for c in text.chars() {
            let (face, c) = match self.face_for(c) {
                Some(face) => (face, c),
                None if c.is_whitespace() => (runs.last().map_or(0, |r| r.0), ' '),
                None => (0, MISSING),
            };
            match runs.last_mut() {
                Some((last, run)) if *last == face => run.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        runs
    }

    /// The width of `text` at `size` points, from the fonts' advance widths.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.runs(text)
            .iter()
            .map(|(face, run)| self.run_width(*face, run, size))
            .sum()
    }

    fn run_width(&self, face: usize, run: &str, size: f32) -> f32 {
        let face = &self.faces[face].0;
        let units: u32 = run
            .chars()
            .filter_map(|c| face.glyph_index(c))
            .filter_map(|g| face.glyph_hor_advance(g))
            .map(u32::from)
            .sum();
        units as f32 * size / f32::from(face.units_per_em())
    }

    /// Draws `text` at `size` points with its baseline starting at `at`, in the current fill.
    pub fn draw(&self, surface: &mut Surface, at: [f32; 2], size: f32, text: &str) {
        let mut x = at[0];
        for (face, run) in self.runs(text) {
            let font = self.faces[face].1.clone();
            surface.draw_text(
                krilla::geom::Point::from_xy(x, at[1]),
                font,
                size,
                &run,
                false,
                TextDirection::LeftToRight,
            );
            x += self.run_width(face, &run, size);
        }
    }
}

/// The colour without its alpha.
pub fn rgb(colour: Rgba) -> rgb::Color {
    rgb::Color::new(colour[0], colour[1], colour[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_fall_back_to_hack_and_unknown_characters_become_question_marks() {
        let fonts = Fonts::new().unwrap();
        assert_eq!(
            fonts.runs("a → b \u{10FFFD}"),
            [(0, "a ".to_owned()), (1, "→".to_owned()), (0, " b ?".to_owned())]
        );
        assert!(fonts.width("mmm", 10.0) > fonts.width("iii", 10.0));
    }
}
