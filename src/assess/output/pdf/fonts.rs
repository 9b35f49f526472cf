//! The report's fonts: egui's own default fonts (Ubuntu Light for text, Hack for the characters
//! it lacks, such as arrows) and after them the fallback fonts handed in as plain bytes
//! ([`FontFile`]: the files the diagram is drawn with, for Chinese, Arabic, Hebrew…), all
//! embedded in the PDF and subset by krilla. Widths are measured here, so lines wrap and columns
//! fit without a window: the built-in fonts by their advance widths, the fallbacks shaped with
//! `rustybuzz` as krilla shapes them when drawing (so Arabic is measured in its joined forms).
//! A line is drawn in visual order: cut by the Unicode Bidirectional Algorithm (`unicode-bidi`)
//! into runs of one direction, laid out left to right, each cut into runs of one font that
//! krilla shapes in the run's direction. A character no font has is printed as "?" and
//! remembered ([`Fonts::missing`]).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Arc;

use krilla::color::rgb;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use rustybuzz::{Direction, UnicodeBuffer};
use unicode_bidi::{BidiClass, ParagraphBidiInfo, bidi_class};

use super::drawing::Rgba;

/// Shown for a character no font has.
const MISSING: char = '?';

/// A font file for the characters the built-in fonts lack: its bytes and the face to use.
#[derive(Clone, Debug)]
pub struct FontFile {
    pub data: Arc<Vec<u8>>,
    pub index: u32,
}

/// One font, parsed for measuring and shaping and loaded for the PDF.
struct Face<'a> {
    shaper: rustybuzz::Face<'a>,
    font: Font,
    /// Measured shaped (a fallback), or by advance widths (a built-in font).
    shaped: bool,
}

/// A piece of a line in one font and one direction, its characters in logical order.
#[derive(Debug, PartialEq)]
struct Piece {
    face: usize,
    text: String,
    rtl: bool,
}

/// The built-in fonts, then the fallbacks, in order.
pub struct Fonts<'a> {
    faces: Vec<Face<'a>>,
    missing: RefCell<BTreeSet<char>>,
}

impl<'a> Fonts<'a> {
    /// The built-in fonts and `fallbacks` after them, or `None` if a built-in one does not load
    /// (they are compiled in, so only a broken build). A fallback that is no font is left out.
    pub fn new(fallbacks: &'a [FontFile]) -> Option<Self> {
        let builtin = |data: &'static [u8]| {
            Some(Face {
                shaper: rustybuzz::Face::from_slice(data, 0)?,
                font: Font::new(data.into(), 0)?,
                shaped: false,
            })
        };
        let mut faces = vec![
            builtin(epaint_default_fonts::UBUNTU_LIGHT)?,
            builtin(epaint_default_fonts::HACK_REGULAR)?,
        ];
        faces.extend(fallbacks.iter().filter_map(|file| {
            Some(Face {
                shaper: rustybuzz::Face::from_slice(file.data.as_slice(), file.index)?,
                font: Font::new(file.data.clone().into(), file.index)?,
                shaped: true,
            })
        }));
        Some(Self {
            faces,
            missing: RefCell::default(),
        })
    }

    /// The characters measured or drawn so far that no font has (printed as "?").
    pub fn missing(&self) -> BTreeSet<char> {
        self.missing.borrow().clone()
    }

    /// The first font with a glyph for `c`.
    fn face_for(&self, c: char) -> Option<usize> {
        self.faces.iter().position(|f| f.shaper.glyph_index(c).is_some())
    }

    /// `text` cut into pieces of one font each, all in direction `rtl`; a character no font
    /// has becomes "?".
    fn by_font(&self, text: &str, rtl: bool) -> Vec<Piece> {
        let mut pieces: Vec<Piece> = Vec::new();
        for c in text.chars().filter(|&c| !is_bidi_control(c)) {
            let (face, c) = match self.face_for(c) {
                Some(face) => (face, c),
                None if c.is_whitespace() => (pieces.last().map_or(0, |p| p.face), ' '),
                None => {
                    self.missing.borrow_mut().insert(c);
                    (0, MISSING)
                }
            };
            match pieces.last_mut() {
                Some(last) if last.face == face => last.text.push(c),
                _ => pieces.push(Piece {
                    face,
                    text: c.to_string(),
                    rtl,
                }),
            }
        }
        pieces
    }

    /// `text` (one line) in the order its pieces are laid out, left to right: the runs of one
    /// direction in visual order (UAX #9), the font pieces of a right-to-left run from its end.
    fn pieces(&self, text: &str) -> Vec<Piece> {
        if !text.chars().any(is_rtl) {
            return self.by_font(text, false);
        }
        let info = ParagraphBidiInfo::new(text, None);
        let (levels, runs) = info.visual_runs(0..text.len());
        let mut pieces = Vec::new();
        for run in runs {
            let rtl = levels[run.start].is_rtl();
            let mut in_run = self.by_font(&text[run], rtl);
            if rtl {
                in_run.reverse();
            }
            pieces.extend(in_run);
        }
        pieces
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.pieces(text).iter().map(|p| self.piece_width(p, size)).sum()
    }

    fn piece_width(&self, piece: &Piece, size: f32) -> f32 {
        let face = &self.faces[piece.face];
        let units: i64 = if face.shaped {
            shaped_advance(&face.shaper, &piece.text, piece.rtl)
        } else {
            (piece.text.chars())
                .filter_map(|c| face.shaper.glyph_index(c))
                .filter_map(|g| face.shaper.glyph_hor_advance(g))
                .map(i64::from)
                .sum()
        };
        units as f32 * size / (face.shaper.units_per_em() as f32).max(1.0)
    }

    /// Draws `text` at `size` points with its baseline starting at `at`, in the current fill.
    pub fn draw(&self, surface: &mut Surface, at: [f32; 2], size: f32, text: &str) {
        let mut x = at[0];
        for piece in self.pieces(text) {
            let direction = if piece.rtl {
                TextDirection::RightToLeft
            } else {
                TextDirection::LeftToRight
            };
            surface.draw_text(
                krilla::geom::Point::from_xy(x, at[1]),
                self.faces[piece.face].font.clone(),
                size,
                &piece.text,
                false,
                direction,
            );
            x += self.piece_width(&piece, size);
        }
    }
}

/// Whether `c` is right-to-left or starts right-to-left text.
fn is_rtl(c: char) -> bool {
    matches!(
        bidi_class(c),
        BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
    )
}

/// Whether `c` only steers the bidirectional algorithm (marks, embeddings, isolates): it has no
/// glyph to draw.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The advance of `text` shaped in `face` (in font units), as krilla's drawing shapes it.
fn shaped_advance(face: &rustybuzz::Face<'_>, text: &str, rtl: bool) -> i64 {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    let shaped = rustybuzz::shape(face, &[], buffer);
    shaped.glyph_positions().iter().map(|p| i64::from(p.x_advance)).sum()
}

/// The colour without its alpha.
pub fn rgb(colour: Rgba) -> rgb::Color {
    rgb::Color::new(colour[0], colour[1], colour[2])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn piece(face: usize, text: &str, rtl: bool) -> Piece {
        Piece {
            face,
            text: text.to_owned(),
            rtl,
        }
    }

    /// The test fonts: subsets of Droid Sans Fallback, Noto Sans Arabic and Noto Sans Hebrew.
    fn fixture_fonts() -> Vec<FontFile> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts");
        ["cjk-subset.ttf", "arabic-subset.ttf", "hebrew-subset.ttf"]
            .iter()
            .map(|f| FontFile {
                data: Arc::new(std::fs::read(dir.join(f)).unwrap()),
                index: 0,
            })
            .collect()
    }

    #[test]
    fn arrows_fall_back_to_hack_and_unknown_characters_become_question_marks() {
        let fonts = Fonts::new(&[]).unwrap();
        assert_eq!(
            fonts.pieces("a → b \u{10FFFD}"),
            [piece(0, "a ", false), piece(1, "→", false), piece(0, " b ?", false)]
        );
        assert_eq!(fonts.missing(), BTreeSet::from(['\u{10FFFD}']));
        assert!(fonts.width("mmm", 10.0) > fonts.width("iii", 10.0));
    }

    #[test]
    fn fallback_fonts_draw_other_scripts_and_nothing_is_missing() {
        let files = fixture_fonts();
        let fonts = Fonts::new(&files).unwrap();
        assert_eq!(
            fonts.pieces("Ledger 区块链"),
            [piece(0, "Ledger ", false), piece(2, "区块链", false)]
        );
        assert!(fonts.width("区块链", 10.0) > 25.0);
        assert!(fonts.missing().is_empty());
        assert_eq!(Fonts::new(&[]).unwrap().pieces("区")[0], piece(0, "?", false));
    }

    #[test]
    fn right_to_left_runs_are_laid_out_in_visual_order() {
        let files = fixture_fonts();
        let fonts = Fonts::new(&files).unwrap();
        // Two Arabic words: the first is drawn on the right, each shaped right to left.
        assert_eq!(
            fonts.pieces("البنك المركزي"),
            [piece(3, "المركزي", true), piece(0, " ", true), piece(3, "البنك", true)]
        );
        // A Latin word, then the Arabic run with its number (rules W2 and N1) on its left.
        assert_eq!(
            fonts.pieces("Refiner مصفاة 3"),
            [
                piece(0, "Refiner ", false),
                piece(0, "3", false),
                piece(0, " ", true),
                piece(3, "مصفاة", true)
            ]
        );
        assert!(fonts.missing().is_empty());
        // Isolated (as the step list gives them), two right-to-left names keep their sides of
        // the arrow, and the isolates draw nothing.
        assert_eq!(
            fonts.pieces("\u{2068}البنك\u{2069} → \u{2068}مصفاة\u{2069}"),
            [
                piece(3, "البنك", true),
                piece(0, " ", false),
                piece(1, "→", false),
                piece(0, " ", false),
                piece(3, "مصفاة", true)
            ]
        );
        assert!(fonts.missing().is_empty());
    }

    #[test]
    fn arabic_is_measured_in_its_joined_forms() {
        let files = fixture_fonts();
        let fonts = Fonts::new(&files).unwrap();
        let joined = fonts.width("مصفاة", 10.0);
        let isolated: f32 = "مصفاة".chars().map(|c| fonts.width(&c.to_string(), 10.0)).sum();
        assert!(joined > 0.0 && (joined - isolated).abs() > 0.1, "{joined} {isolated}");
    }
}
