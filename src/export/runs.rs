//! A text shape cut into runs of glyphs that share a row and a format, each with the colour it
//! is drawn in: what the vector writers (SVG, the PDF report's drawing) turn into text items,
//! placed where egui laid the glyphs out.

use egui::epaint::TextShape;
use egui::epaint::text::{ByteIndex, Glyph, TextFormat};
use egui::{Color32, Pos2};

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
