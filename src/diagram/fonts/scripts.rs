//! Which script a character belongs to (named the way a user would look for a font), which
//! characters a project draws, and which of them no font of a set has — grouped by script, with
//! the names that hold them, for the canvas's notice and the command line's warnings.

use std::collections::{BTreeMap, BTreeSet};

use super::FontSet;
use crate::model::Project;

/// Script names by code point range, in order (first match wins).
const SCRIPTS: &[(char, char, &str)] = &[
    ('\u{0000}', '\u{024f}', "Latin"),
    ('\u{0370}', '\u{03ff}', "Greek"),
    ('\u{0400}', '\u{052f}', "Cyrillic"),
    ('\u{0530}', '\u{058f}', "Armenian"),
    ('\u{0590}', '\u{05ff}', "Hebrew"),
    ('\u{0600}', '\u{06ff}', "Arabic"),
    ('\u{0700}', '\u{074f}', "Syriac"),
    ('\u{0750}', '\u{077f}', "Arabic"),
    ('\u{0780}', '\u{07bf}', "Thaana"),
    ('\u{08a0}', '\u{08ff}', "Arabic"),
    ('\u{0900}', '\u{097f}', "Devanagari"),
    ('\u{0980}', '\u{09ff}', "Bengali"),
    ('\u{0a00}', '\u{0a7f}', "Gurmukhi"),
    ('\u{0a80}', '\u{0aff}', "Gujarati"),
    ('\u{0b80}', '\u{0bff}', "Tamil"),
    ('\u{0c00}', '\u{0c7f}', "Telugu"),
    ('\u{0c80}', '\u{0cff}', "Kannada"),
    ('\u{0d00}', '\u{0d7f}', "Malayalam"),
    ('\u{0d80}', '\u{0dff}', "Sinhala"),
    ('\u{0e00}', '\u{0e7f}', "Thai"),
    ('\u{0e80}', '\u{0eff}', "Lao"),
    ('\u{0f00}', '\u{0fff}', "Tibetan"),
    ('\u{1000}', '\u{109f}', "Myanmar"),
    ('\u{10a0}', '\u{10ff}', "Georgian"),
    ('\u{1100}', '\u{11ff}', "Korean"),
    ('\u{1200}', '\u{139f}', "Ethiopic"),
    ('\u{1780}', '\u{17ff}', "Khmer"),
    ('\u{1e00}', '\u{1eff}', "Latin"),
    ('\u{1f00}', '\u{1fff}', "Greek"),
    ('\u{2600}', '\u{27bf}', "Emoji"),
    ('\u{2e80}', '\u{2fdf}', "Chinese"),
    ('\u{3000}', '\u{303f}', "Chinese"),
    ('\u{3040}', '\u{30ff}', "Japanese"),
    ('\u{3100}', '\u{312f}', "Chinese"),
    ('\u{3130}', '\u{318f}', "Korean"),
    ('\u{31f0}', '\u{31ff}', "Japanese"),
    ('\u{3400}', '\u{4dbf}', "Chinese"),
    ('\u{4e00}', '\u{9fff}', "Chinese"),
    ('\u{ac00}', '\u{d7af}', "Korean"),
    ('\u{f900}', '\u{faff}', "Chinese"),
    ('\u{fb1d}', '\u{fb4f}', "Hebrew"),
    ('\u{fb50}', '\u{fdff}', "Arabic"),
    ('\u{fe70}', '\u{feff}', "Arabic"),
    ('\u{ff00}', '\u{ffef}', "Chinese"),
    ('\u{1f000}', '\u{1faff}', "Emoji"),
    ('\u{20000}', '\u{3134f}', "Chinese"),
];

/// The script of `c`: "Latin", "Arabic", "Chinese" (any Han ideograph), "Japanese" (kana),
/// "Emoji", …, or "Symbols" for anything else.
pub fn script_of(c: char) -> &'static str {
    SCRIPTS
        .iter()
        .find(|(first, last, _)| (*first..=*last).contains(&c))
        .map_or("Symbols", |(_, _, name)| name)
}

/// Whether `text` has a character of a script egui's default fonts lack (anything but Latin,
/// Greek, Cyrillic and symbols), so a viewer needs fallback fonts for it.
pub fn beyond_defaults(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_ascii() && !matches!(script_of(c), "Latin" | "Greek" | "Cyrillic" | "Symbols"))
}

/// Whether `c` is drawn with a glyph of its own: not a control, a space, a joiner, a
/// direction mark or a variation selector (no font need have those).
pub fn needs_glyph(c: char) -> bool {
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{e0100}'..='\u{e01ef}'))
}

/// The texts of `project` the diagram and its exports draw: node names, flow actions, the
/// use-case title.
fn texts(project: &Project) -> impl Iterator<Item = &str> {
    let nodes = project.nodes.values().map(|n| n.name.as_str());
    let flows = project.flows.values().map(|f| f.action.as_str());
    nodes.chain(flows).chain(std::iter::once(project.sheet.title.as_str()))
}

/// The characters the diagram of `project` draws that egui's default fonts may lack (those
/// outside printable ASCII), without repeats.
pub fn project_chars(project: &Project) -> BTreeSet<char> {
    texts(project)
        .flat_map(str::chars)
        .filter(|c| !(' '..='~').contains(c))
        .collect()
}

/// Characters of one script that no font of a set draws, and where they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub script: &'static str,
    pub chars: BTreeSet<char>,
    /// The texts holding them (node names, actions, the title), in project order.
    pub names: Vec<String>,
}

impl Missing {
    /// "Arabic (3 names)"
    pub fn summary(&self) -> String {
        let count = self.names.len();
        format!(
            "{} ({count} {})",
            self.script,
            if count == 1 { "name" } else { "names" }
        )
    }
}

impl std::fmt::Display for Missing {
    /// "Arabic (3 names: البنك المركزي, مصفاة الذهب, …)"
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const SHOWN: usize = 5;
        let count = self.names.len();
        let plural = if count == 1 { "name" } else { "names" };
        let shown: Vec<&str> = self.names.iter().take(SHOWN).map(String::as_str).collect();
        let more = if count > SHOWN { ", …" } else { "" };
        write!(f, "{} ({count} {plural}: {}{more})", self.script, shown.join(", "))
    }
}

/// The characters of `project`'s diagram that no font of `set` draws, by script (in script
/// name order); empty when every one has a glyph.
pub fn missing(project: &Project, set: &FontSet) -> Vec<Missing> {
    let mut drawn: BTreeMap<char, bool> = BTreeMap::new();
    let mut by_script: BTreeMap<&'static str, Missing> = BTreeMap::new();
    for text in texts(project) {
        let mut scripts_here = BTreeSet::new();
        for c in text.chars().filter(|c| !(' '..='~').contains(c) && needs_glyph(*c)) {
            if *drawn.entry(c).or_insert_with(|| set.draws(c)) {
                continue;
            }
            let script = script_of(c);
            let entry = by_script.entry(script).or_insert_with(|| Missing {
                script,
                chars: BTreeSet::new(),
                names: Vec::new(),
            });
            entry.chars.insert(c);
            if scripts_here.insert(script) && !entry.names.iter().any(|n| n == text) {
                entry.names.push(text.to_owned());
            }
        }
    }
    by_script.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_named_as_users_look_for_fonts() {
        let named: Vec<&str> = [
            'A', 'Ł', 'Ω', 'Ж', 'ש', 'ب', 'ﺏ', '区', 'の', 'カ', '한', '💰', '🪙', '★',
        ]
        .iter()
        .map(|&c| script_of(c))
        .collect();
        assert_eq!(
            named,
            [
                "Latin", "Latin", "Greek", "Cyrillic", "Hebrew", "Arabic", "Arabic", "Chinese", "Japanese", "Japanese",
                "Korean", "Emoji", "Emoji", "Emoji"
            ]
        );
    }

    #[test]
    fn spaces_joiners_and_marks_need_no_glyph() {
        assert!(needs_glyph('a') && needs_glyph('区'));
        assert!(
            ["\u{200d}", "\u{200f}", " ", "\u{fe0f}", "\n", "\u{2067}"]
                .iter()
                .all(|s| !needs_glyph(s.chars().next().unwrap()))
        );
    }
}
