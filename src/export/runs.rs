//! A text shape cut into runs of glyphs that share a row and a format, each with the colour it
//! is drawn in: what the vector writers (SVG, the PDF report's drawing) turn into text items,
//! placed where egui laid the glyphs out, and cut where the direction changes.

use egui::epaint::TextShape;
use egui::epaint::text::{ByteIndex, Glyph, TextFormat};
use egui::{Color32, Pos2};

use crate::diagram::fonts;

/// Glyphs of one row sharing one format.
pub(super) struct Run<'a> {
    /// Where the row starts (the shape's position plus the row's).
    pub row_origin: Pos2,
    pub glyphs: &'a [Glyph],
    pub format: &'a TextFormat,
    pub colour: Color32,
}

/// The runs of `t`, row by row, left to right.
pub(super) fn runs(t: &TextShape) -> Vec<Run<'_>> {
    let job = &t.galley.job;
    // The section of each character; glyphs follow the characters, a row's newline excepted.
    let last = job.sections.len().checked_sub(1);
    let char_sections: Vec<Option<usize>> = (job.text.char_indices())
        .map(|(byte, _)| {
            (job.sections.iter())
                .position(|s| s.byte_range.contains(&ByteIndex(byte)))
                .or(last)
        })
        .collect();
    let mut runs = Vec::new();
    let mut char_index = 0;
    for placed in &t.galley.rows {
        let glyphs = &placed.row.glyphs;
        let section_of = |g: usize| char_sections.get(char_index + g).copied().unwrap_or(last);
        let mut start = 0;
        while start < glyphs.len() {
            let section = section_of(start);
            let end = (start..glyphs.len())
                .find(|&g| section_of(g) != section)
                .unwrap_or(glyphs.len());
            if let Some(format) = section.map(|s| &job.sections[s].format) {
                let own = if format.color == Color32::PLACEHOLDER {
                    t.fallback_color
                } else {
                    format.color
                };
                runs.push(Run {
                    row_origin: t.pos + placed.pos.to_vec2(),
                    glyphs: &glyphs[start..end],
                    format,
                    colour: t.override_text_color.unwrap_or(own).gamma_multiply(t.opacity_factor),
                });
            }
            start = end;
        }
        char_index += glyphs.len() + usize::from(placed.ends_with_newline);
    }
    runs
}

/// The glyphs of a run cut where the text changes direction, each piece with its text in the
/// order a browser wants it: a run without right-to-left letters is one piece, as egui laid it
/// out; otherwise each right-to-left word (egui gives its glyphs left to right, that is
/// backwards, followed by empty glyphs standing for its other characters) becomes a piece of
/// its own whose letters are turned back into logical order, which a browser lays out right to
/// left and joins as the PNG shows it.
pub(super) fn direction_pieces(run: &[Glyph]) -> Vec<(Vec<&Glyph>, String)> {
    if !run.iter().any(|g| fonts::is_rtl_letter(g.chr)) {
        return vec![(run.iter().collect(), run.iter().map(|g| g.chr).collect())];
    }
    // An empty glyph stands for a character drawn by another glyph: in a right-to-left word
    // it is one of the word's letters (given already), in left-to-right text the second
    // letter of a ligature ("fi"), which stays in the text.
    let drawn = run
        .iter()
        .filter(|g| !(g.advance_width == 0.0 && g.uv_rect.is_nothing() && fonts::is_rtl_letter(g.chr)));
    let mut pieces: Vec<(Vec<&Glyph>, bool)> = Vec::new();
    for glyph in drawn {
        let rtl = fonts::is_rtl_letter(glyph.chr);
        match pieces.last_mut() {
            Some((glyphs, was_rtl)) if *was_rtl == rtl => glyphs.push(glyph),
            _ => pieces.push((vec![glyph], rtl)),
        }
    }
    pieces
        .into_iter()
        .map(|(glyphs, rtl)| {
            let chars: String = if rtl {
                glyphs.iter().rev().map(|g| g.chr).collect()
            } else {
                glyphs.iter().map(|g| g.chr).collect()
            };
            (glyphs, chars)
        })
        .collect()
}
