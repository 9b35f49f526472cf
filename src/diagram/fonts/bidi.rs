//! Right-to-left text in the order egui must be given it. egui shapes each run of characters
//! that share a font with `harfrust` (so Arabic letters take their joined forms, and a run of
//! Arabic or Hebrew comes out right to left), but it lays the runs out left to right in the
//! order of the text and knows no bidirectional algorithm. [`visual`] therefore reorders a line
//! with the Unicode Bidirectional Algorithm (`unicode-bidi`, UAX #9) into visual order — except
//! inside each run egui will shape right to left (characters of one fallback font holding an
//! Arabic or Hebrew letter), which is left in logical order for the shaper to turn around.
//! Mirrored brackets are swapped in right-to-left runs. Text with no right-to-left character is
//! returned as it is. The SVG writer uses [`is_rtl_letter`] to give a browser each
//! right-to-left word in logical order, where it was drawn.

use std::borrow::Cow;

use unicode_bidi::{BidiClass, ParagraphBidiInfo, bidi_class};

use super::{FontSet, active};

/// Whether `c` starts or is right-to-left text (never an ASCII character: those are answered
/// without looking up the class table, as most text of most diagrams is ASCII).
fn is_rtl(c: char) -> bool {
    !c.is_ascii()
        && matches!(
            bidi_class(c),
            BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
        )
}

/// Whether `c` is a strong right-to-left letter (Hebrew, Arabic, …).
pub fn is_rtl_letter(c: char) -> bool {
    !c.is_ascii() && matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// The glyph of `c` in right-to-left text, for the brackets that are mirrored there.
fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        other => other,
    }
}

/// `line` in the order egui draws it correctly, with the active fonts (see the module doc).
pub fn visual(line: &str) -> Cow<'_, str> {
    if !line.chars().any(is_rtl) {
        return Cow::Borrowed(line);
    }
    Cow::Owned(visual_with(line, &active()))
}

/// [`visual`] of an owned line, without a copy when it has no right-to-left character.
pub fn into_visual(line: String) -> String {
    match visual(&line) {
        Cow::Borrowed(_) => line,
        Cow::Owned(reordered) => reordered,
    }
}

/// `line` in visual order, runs shaped right to left by egui kept in logical order, for `fonts`.
pub(super) fn visual_with(line: &str, fonts: &FontSet) -> String {
    let info = ParagraphBidiInfo::new(line, None);
    let (levels, runs) = info.visual_runs(0..line.len());
    let mut out = String::with_capacity(line.len());
    for run in runs {
        let text = &line[run.clone()];
        if levels[run.start].is_rtl() {
            for segment in shaped_segments(text, fonts).iter().rev() {
                if segment.chars().count() == 1 {
                    out.extend(segment.chars().map(mirrored));
                } else {
                    out.push_str(segment);
                }
            }
        } else {
            out.push_str(text);
        }
    }
    out
}

/// `text` (one right-to-left run) cut into the pieces that keep their order: each run of
/// characters of one fallback font holding a right-to-left letter (egui shapes it right to
/// left), and every other character alone.
fn shaped_segments<'a>(text: &'a str, fonts: &FontSet) -> Vec<&'a str> {
    let mut segments: Vec<&str> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let face = fonts.face_of(c).filter(|&f| f > 0);
        let mut end = start + c.len_utf8();
        if face.is_some() {
            while let Some(&(i, next)) = chars.peek() {
                if fonts.face_of(next).filter(|&f| f > 0) != face {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
        }
        let segment = &text[start..end];
        if segment.chars().count() > 1 && !segment.chars().any(is_rtl_letter) {
            // egui shapes it left to right: its characters are reordered one by one.
            segments.extend(segment.char_indices().map(|(i, c)| &segment[i..i + c.len_utf8()]));
        } else {
            segments.push(segment);
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::fonts::tests::fixture_fonts;

    /// Mixed strings and the runs egui must be given, left to right: LTR runs as they are,
    /// RTL words (shaped by egui) in logical order, the words of an RTL run in reverse order.
    /// A number after Arabic letters joins their run (UAX #9, rules W2 and N1), as browsers show it.
    const TABLE: &[(&str, &str)] = &[
        ("Refiner مصفاة 3", "Refiner 3 مصفاة"),
        ("Refiner مصفاة", "Refiner مصفاة"),
        ("مصفاة الذهب", "الذهب مصفاة"),
        ("البنك المركزي", "المركزي البنك"),
        ("Refiner مصفاة الذهب 3", "Refiner 3 الذهب مصفاة"),
        ("مصفاة 3 الذهب", "الذهب 3 مصفاة"),
        ("مصفاة (الذهب)", "(الذهب) مصفاة"),
        ("Bank البنك المركزي of Gold", "Bank المركزي البنك of Gold"),
        ("שלום עולם", "עולם שלום"),
        ("מרכז ABC בנק", "בנק ABC מרכז"),
        ("Gold bar", "Gold bar"),
        ("区块链 账本", "区块链 账本"),
    ];

    #[test]
    fn no_ascii_character_is_right_to_left_in_the_class_table() {
        for c in (0u8..128).map(char::from) {
            let class = bidi_class(c);
            assert!(
                !matches!(
                    class,
                    BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
                ),
                "{c:?} is {class:?}"
            );
        }
        assert!(is_rtl('\u{202B}') && is_rtl_letter('م') && !is_rtl_letter('m'));
    }

    #[test]
    fn mixed_strings_come_out_in_visual_order_of_runs() {
        let fonts = FontSet::new(fixture_fonts());
        for (logical_text, expected) in TABLE {
            assert_eq!(visual_with(logical_text, &fonts), *expected, "{logical_text}");
        }
    }

    #[test]
    fn without_a_font_each_letter_is_reordered_alone() {
        // No font: egui draws boxes, one per letter, left to right; the order is still visual.
        assert_eq!(visual_with("אב גד", &FontSet::default()), "דג בא");
    }

    #[test]
    fn text_without_right_to_left_letters_is_left_alone() {
        assert!(matches!(visual("Łódź Ñandú 区块链"), Cow::Borrowed(_)));
    }
}
