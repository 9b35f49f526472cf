//! Measuring and wrapping diagram text without a window: the width of a text at a font size,
//! from the advance widths of egui's own default proportional fonts (read once), and line
//! breaking at word boundaries. Node sizes, label sizes and the painter all break lines here, so
//! the canvas, the PNG, the SVG and the command line agree on every line of every name. Text
//! with characters beyond the measured ones is laid out by egui with the active fallback fonts
//! ([`super::fonts`]) when there are any; lines come out in the order egui draws them
//! ([`super::fonts::visual`]).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use egui::epaint::text::{FontDefinitions, Fonts, TextOptions, ViewportKey};
use egui::text::LayoutJob;
use egui::{Color32, FontId};

use super::fonts;

/// Characters whose widths are read from the fonts: Latin (with its extensions), Greek,
/// Cyrillic, punctuation, currency signs, arrows and mathematical operators.
const MEASURED: [(char, char); 5] = [
    (' ', '\u{24f}'),
    ('\u{370}', '\u{52f}'),
    ('\u{2000}', '\u{20cf}'),
    ('\u{2190}', '\u{22ff}'),
    ('\u{2500}', '\u{25ff}'),
];
/// The width of any other character, in ems: generous, as CJK ideographs are one em wide and
/// emoji a little more.
const OTHER_WIDTH: f32 = 1.25;
/// The font size the widths are read at; they scale linearly with the size.
const REFERENCE_SIZE: f32 = 100.0;
/// Measured widths are raised by this share, as shaping and hinting may widen a line a little.
const SAFETY: f32 = 1.03;

/// Advance widths in ems of the measured characters, and the height of a row of text in ems.
struct Metrics {
    widths: Vec<(char, Vec<f32>)>,
    row_height: f32,
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let mut fonts = Fonts::new(TextOptions::default(), FontDefinitions::default());
        let mut view = fonts.with_pixels_per_point(1.0);
        let font = FontId::proportional(REFERENCE_SIZE);
        let widths = MEASURED
            .iter()
            .map(|&(first, last)| {
                let ems = (first..=last)
                    .map(|c| match view.glyph_width(&font, c) {
                        w if w > 0.0 => w / REFERENCE_SIZE,
                        _ => OTHER_WIDTH,
                    })
                    .collect();
                (first, ems)
            })
            .collect();
        let row_height = view.row_height(&font) / REFERENCE_SIZE;
        Metrics { widths, row_height }
    })
}

/// The width in ems of a measured character, `None` for any other.
fn measured_width(c: char) -> Option<f32> {
    metrics()
        .widths
        .iter()
        .find_map(|(first, ems)| (c as usize).checked_sub(*first as usize).and_then(|i| ems.get(i)))
        .copied()
}

fn char_width(c: char) -> f32 {
    match measured_width(c) {
        Some(w) => w,
        None if c.is_control() => 0.0,
        None => with_fallbacks(|f| f.char_width(c)).unwrap_or(OTHER_WIDTH),
    }
}

/// The width of `text` on one line at font size `size` (diagram units).
pub fn width(text: &str, size: f32) -> f32 {
    let mut beyond = false;
    let mut ems: f32 = text
        .chars()
        .map(|c| match measured_width(c) {
            Some(w) => w,
            None if c.is_control() => 0.0,
            None => {
                beyond = true;
                OTHER_WIDTH
            }
        })
        .sum();
    if beyond && let Some(laid_out) = with_fallbacks(|f| f.text_width(text)) {
        ems = laid_out;
    }
    ems * size * SAFETY
}

/// egui's fonts with the active fallbacks, and the widths (in ems) read from them so far.
struct FallbackMetrics {
    generation: u64,
    fonts: Fonts,
    texts: HashMap<String, f32>,
    chars: HashMap<char, f32>,
}

impl FallbackMetrics {
    fn text_width(&mut self, text: &str) -> f32 {
        if let Some(&w) = self.texts.get(text) {
            return w;
        }
        // Laying out rasterises the glyphs into an atlas nobody reads: emptied when nearly full.
        self.fonts.begin_pass(TextOptions::default(), ViewportKey::default());
        let job = LayoutJob::simple_singleline(text.to_owned(), FontId::proportional(REFERENCE_SIZE), Color32::BLACK);
        let w = self.fonts.layout_uncached(1.0, job.into()).size().x / REFERENCE_SIZE;
        self.texts.insert(text.to_owned(), w);
        w
    }

    fn char_width(&mut self, c: char) -> f32 {
        let fonts = &mut self.fonts;
        *self.chars.entry(c).or_insert_with(|| {
            match fonts
                .with_pixels_per_point(1.0)
                .glyph_width(&FontId::proportional(REFERENCE_SIZE), c)
            {
                w if w > 0.0 => w / REFERENCE_SIZE,
                _ => OTHER_WIDTH,
            }
        })
    }
}

/// Runs `measure` on the metrics of the active fallback fonts; `None` when there are none
/// (then text is measured exactly as without this module).
fn with_fallbacks<R>(measure: impl FnOnce(&mut FallbackMetrics) -> R) -> Option<R> {
    static FALLBACKS: Mutex<Option<FallbackMetrics>> = Mutex::new(None);
    let (set, generation) = fonts::active_with_generation();
    if set.is_empty() {
        return None;
    }
    let mut held = FALLBACKS.lock().ok()?;
    if held.as_ref().is_none_or(|m| m.generation != generation) {
        *held = Some(FallbackMetrics {
            generation,
            fonts: Fonts::new(TextOptions::default(), set.definitions()),
            texts: HashMap::new(),
            chars: HashMap::new(),
        });
    }
    held.as_mut().map(measure)
}

/// The height of one row of text at font size `size`.
pub fn row_height(size: f32) -> f32 {
    metrics().row_height * size
}

/// A text broken into lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Lines {
    pub lines: Vec<String>,
    /// The widest line's width.
    pub width: f32,
    /// Whether text had to be left out (the last line ends in "…").
    pub cut: bool,
}

impl Lines {
    /// The height of the lines at font size `size`.
    pub fn height(&self, size: f32) -> f32 {
        self.lines.len() as f32 * row_height(size)
    }
}

/// Breaks `text` into lines at most `max_width` wide at font size `size`, at spaces where it can
/// (a word longer than a line is broken between characters), on at most `max_lines` lines; text
/// beyond that is cut and the last line ends in "…".
pub fn wrap(text: &str, size: f32, max_width: f32, max_lines: usize) -> Lines {
    let logical = wrap_logical(text, size, max_width, max_lines);
    Lines {
        lines: logical.lines.into_iter().map(fonts::into_visual).collect(),
        ..logical
    }
}

/// [`wrap`] with the lines in the order of the text (right-to-left runs not yet reordered).
fn wrap_logical(text: &str, size: f32, max_width: f32, max_lines: usize) -> Lines {
    let max_lines = max_lines.max(1);
    let space = width(" ", size);
    let mut lines: Vec<(String, f32)> = Vec::new();
    let mut line = (String::new(), 0.0f32);
    for word in text.split_whitespace() {
        let word_width = width(word, size);
        let joined = if line.0.is_empty() {
            word_width
        } else {
            line.1 + space + word_width
        };
        if joined <= max_width {
            if !line.0.is_empty() {
                line.0.push(' ');
            }
            line.0.push_str(word);
            line.1 = joined;
            continue;
        }
        if !line.0.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if word_width <= max_width {
            line = (word.to_owned(), word_width);
            continue;
        }
        // A word wider than a line is broken between characters.
        for c in word.chars() {
            let w = char_width(c) * size * SAFETY;
            if line.1 + w > max_width && !line.0.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.0.push(c);
            line.1 += w;
        }
    }
    if !line.0.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    let cut = lines.len() > max_lines;
    if cut {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("at least one line");
        let ellipsis = width("…", size);
        while !last.0.is_empty() && last.1 + ellipsis > max_width {
            if let Some(c) = last.0.pop() {
                last.1 -= char_width(c) * size * SAFETY;
            }
        }
        last.0.push('…');
        last.1 += ellipsis;
    }
    let width = lines.iter().map(|l| l.1).fold(0.0, f32::max);
    Lines {
        lines: lines.into_iter().map(|l| l.0).collect(),
        width,
        cut,
    }
}

/// [`wrap`] on as few lines as it takes, each at most `max_width` wide, with the lines as even
/// as they can be: the narrowest width (down to `min_width`) that needs no more lines.
pub fn wrap_evenly(text: &str, size: f32, min_width: f32, max_width: f32, max_lines: usize) -> Lines {
    let widest = wrap(text, size, max_width, max_lines);
    if widest.lines.len() <= 1 || widest.cut {
        return widest;
    }
    let rows = widest.lines.len();
    let (mut narrow, mut wide) = (min_width, max_width);
    for _ in 0..12 {
        let mid = (narrow + wide) / 2.0;
        if wrap_logical(text, size, mid, max_lines + 1).lines.len() <= rows {
            wide = mid;
        } else {
            narrow = mid;
        }
    }
    wrap(text, size, wide, max_lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_and_size() {
        assert!(width("Mine", 14.0) > 20.0 && width("Mine", 14.0) < 60.0);
        assert!(width("Mine operator", 14.0) > width("Mine", 14.0));
        assert!((width("Mine", 28.0) / width("Mine", 14.0) - 2.0).abs() < 1e-4);
        assert!(width("WWW", 14.0) > width("iii", 14.0), "proportional");
        assert!(width("区块链", 14.0) >= 3.0 * 14.0, "unknown characters are generous");
        assert!(row_height(14.0) > 14.0 && row_height(14.0) < 24.0);
    }

    #[test]
    fn the_measure_matches_what_egui_lays_out() {
        let mut fonts = Fonts::new(TextOptions::default(), FontDefinitions::default());
        let mut view = fonts.with_pixels_per_point(1.0);
        for text in [
            "Mine",
            "LBMA / GBI gold bar integrity database",
            "Łódź Ñandú Ελληνικά Русский",
            "AVAVA ffi",
        ] {
            let galley = view.layout_no_wrap(text.to_owned(), FontId::proportional(14.0), egui::Color32::BLACK);
            let laid = galley.size().x;
            let ours = width(text, 14.0);
            assert!(
                ours >= laid && ours <= laid * 1.08 + 1.0,
                "{text}: ours {ours}, egui {laid}"
            );
        }
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_cuts_only_beyond_the_last_line() {
        let w = wrap("LBMA / GBI gold bar integrity database", 14.0, 120.0, 3);
        assert!(w.lines.len() >= 2 && !w.cut, "{w:?}");
        assert!(w.lines.iter().all(|l| width(l, 14.0) <= 120.0), "{w:?}");
        assert_eq!(w.lines.join(" "), "LBMA / GBI gold bar integrity database");
        let long = wrap(&"word ".repeat(40), 14.0, 100.0, 2);
        assert!(
            long.cut && long.lines.len() == 2 && long.lines[1].ends_with('…'),
            "{long:?}"
        );
        let unbroken = wrap(&"x".repeat(60), 14.0, 100.0, 5);
        assert!(
            !unbroken.cut && unbroken.lines.len() > 1,
            "a long word is broken: {unbroken:?}"
        );
        assert_eq!(wrap("", 14.0, 100.0, 1).lines, vec![String::new()]);
    }

    #[test]
    fn even_wrapping_keeps_the_line_count_and_narrows() {
        let text = "Certification body for responsible gold sourcing";
        let greedy = wrap(text, 14.0, 300.0, 3);
        let even = wrap_evenly(text, 14.0, 100.0, 300.0, 3);
        assert_eq!(even.lines.len(), greedy.lines.len());
        assert!(even.width <= greedy.width, "{even:?} {greedy:?}");
    }
}
