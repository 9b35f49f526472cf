//! The fonts diagram text is drawn and measured with: egui's default fonts first and, after
//! them, fallback fonts for the scripts they lack (Chinese, Japanese, Arabic, Hebrew, emoji…),
//! found among the system's fonts ([`SystemFonts`]) or named by the user (`--font`,
//! View › Fonts…). One [`FontSet`] is active for the whole process at a time ([`install`]):
//! the text measure, the canvas, every export and the command line read the same one, so a node
//! is the same size everywhere. The choice is made from the characters a project uses
//! ([`FontSet::choose`]) and is deterministic; a project whose text the defaults cover gets no
//! fallback at all, and draws exactly as without this module. Also here: which characters no
//! font has, by script ([`missing`]), and the visual order of right-to-left text ([`visual`]).

mod bidi;
mod discovery;
mod scripts;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use egui::epaint::text::{FontData, FontDefinitions};
use skrifa::MetadataProvider;

pub use bidi::{into_visual, is_rtl_letter, visual};
pub use discovery::SystemFonts;
pub use scripts::{Missing, beyond_defaults, missing, needs_glyph, project_chars, script_of};

/// A font file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("cannot read the font {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{} is not a font egui can use (TrueType or OpenType with outlines)", path.display())]
    NotAFont { path: PathBuf },
}

/// One fallback font: a face of a font file, added after egui's defaults.
#[derive(Clone)]
pub struct Fallback {
    /// Unique among a set's fonts: the file name and the face index.
    pub name: String,
    /// The file it came from.
    pub path: PathBuf,
    bytes: Arc<Vec<u8>>,
    index: u32,
    data: Arc<FontData>,
}

impl std::fmt::Debug for Fallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fallback").field("name", &self.name).finish()
    }
}

impl PartialEq for Fallback {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.path == other.path
    }
}

impl Fallback {
    /// Reads face `index` of the font file at `path`.
    pub fn load(path: &Path, index: u32) -> Result<Self, FontError> {
        let bytes = std::fs::read(path).map_err(|source| FontError::Read {
            path: path.to_owned(),
            source,
        })?;
        let bytes = Arc::new(bytes);
        let data = FontData::from_blob(bytes.clone(), index);
        let usable = skrifa::FontRef::from_index(data.bytes(), index).is_ok_and(|f| has_outlines(&f));
        if !usable {
            return Err(FontError::NotAFont { path: path.to_owned() });
        }
        let file = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |f| f.to_string_lossy().into_owned());
        Ok(Self {
            name: format!("{file}#{index}"),
            path: path.to_owned(),
            bytes,
            index,
            data: Arc::new(data),
        })
    }

    /// The font file's bytes and the face's index in it, for writers that embed the font (the
    /// PDF report).
    pub fn file(&self) -> (Arc<Vec<u8>>, u32) {
        (self.bytes.clone(), self.index)
    }

    /// Whether this font draws `c` (it maps it to a glyph with an outline).
    pub fn covers(&self, c: char) -> bool {
        covers(&self.data, c)
    }
}

/// Whether the face in `data` maps `c` to a glyph with an outline (colour-bitmap emoji fonts
/// have none, and egui draws outlines only).
fn covers(data: &FontData, c: char) -> bool {
    let Ok(font) = skrifa::FontRef::from_index(data.bytes(), data.index) else {
        return false;
    };
    face_covers(&font, c)
}

pub(crate) fn face_covers(font: &skrifa::FontRef<'_>, c: char) -> bool {
    font.charmap()
        .map(c)
        .is_some_and(|glyph| font.outline_glyphs().get(glyph).is_some())
}

fn has_outlines(font: &skrifa::FontRef<'_>) -> bool {
    font.outline_glyphs().format().is_some()
}

/// Whether egui's default proportional fonts draw `c`.
pub fn default_covers(c: char) -> bool {
    static DEFAULTS: std::sync::OnceLock<std::collections::HashSet<char>> = std::sync::OnceLock::new();
    DEFAULTS
        .get_or_init(|| {
            let defs = FontDefinitions::default();
            let names = defs
                .families
                .get(&egui::FontFamily::Proportional)
                .cloned()
                .unwrap_or_default();
            names
                .iter()
                .filter_map(|n| defs.font_data.get(n))
                .filter_map(|data| skrifa::FontRef::from_index(data.bytes(), data.index).ok())
                .flat_map(|font| {
                    let outlines = font.outline_glyphs();
                    font.charmap()
                        .mappings()
                        .filter(|&(_, glyph)| outlines.get(glyph).is_some())
                        .filter_map(|(c, _)| char::from_u32(c))
                        .collect::<Vec<char>>()
                })
                .collect()
        })
        .contains(&c)
}

/// egui's default fonts and the fallbacks after them, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FontSet {
    fallbacks: Vec<Fallback>,
}

impl FontSet {
    /// A set of exactly these fallbacks, in this order.
    pub fn new(fallbacks: Vec<Fallback>) -> Self {
        Self { fallbacks }
    }

    /// The fonts for the characters `chars`: the `explicit` fonts first (all of them, in their
    /// order), then, while some character is in no font yet, the system font that draws most
    /// of those left (Noto first, then sans-serif, then the regular weight, then by name and path).
    pub fn choose(chars: &BTreeSet<char>, explicit: Vec<Fallback>, system: &SystemFonts) -> Self {
        let mut set = Self::new(explicit);
        let mut left: BTreeSet<char> = chars
            .iter()
            .copied()
            .filter(|&c| needs_glyph(c) && !set.draws(c))
            .collect();
        while !left.is_empty() {
            let Some(found) = system.best_for(&left, &set) else {
                break;
            };
            left.retain(|&c| !found.covers(c));
            set.fallbacks.push(found);
        }
        set
    }

    /// [`Self::choose`] with the system's fonts when `use_system` is set, read (once per run)
    /// only when the explicit fonts leave a character without a glyph.
    pub fn for_chars(chars: &BTreeSet<char>, explicit: Vec<Fallback>, use_system: bool) -> Self {
        let explicit = Self::choose(chars, explicit, &SystemFonts::none());
        if !use_system || chars.iter().all(|&c| !needs_glyph(c) || explicit.draws(c)) {
            return explicit;
        }
        Self::choose(chars, explicit.fallbacks, SystemFonts::installed())
    }

    pub fn fallbacks(&self) -> &[Fallback] {
        &self.fallbacks
    }

    pub fn is_empty(&self) -> bool {
        self.fallbacks.is_empty()
    }

    /// Whether some font of the set (the defaults included) draws `c`.
    pub fn draws(&self, c: char) -> bool {
        default_covers(c) || self.fallbacks.iter().any(|f| f.covers(c))
    }

    /// Which font draws `c`: 0 for the defaults, `i + 1` for the `i`-th fallback, `None` if
    /// none does.
    pub fn face_of(&self, c: char) -> Option<usize> {
        if default_covers(c) {
            return Some(0);
        }
        self.fallbacks.iter().position(|f| f.covers(c)).map(|i| i + 1)
    }

    /// egui's font definitions: the defaults, with the fallbacks appended to every family.
    pub fn definitions(&self) -> FontDefinitions {
        let mut defs = FontDefinitions::default();
        for fallback in &self.fallbacks {
            defs.font_data.insert(fallback.name.clone(), fallback.data.clone());
            for family in defs.families.values_mut() {
                family.push(fallback.name.clone());
            }
        }
        defs
    }
}

/// The active set and a number that changes whenever it is replaced.
struct Active {
    set: Arc<FontSet>,
    generation: u64,
}

static ACTIVE: RwLock<Option<Active>> = RwLock::new(None);

/// The font set text is measured and drawn with now.
pub fn active() -> Arc<FontSet> {
    active_with_generation().0
}

/// The active set and its generation (0 until a set is installed).
pub(crate) fn active_with_generation() -> (Arc<FontSet>, u64) {
    match ACTIVE.read().ok().as_deref().and_then(Option::as_ref) {
        Some(active) => (active.set.clone(), active.generation),
        None => (Arc::new(FontSet::default()), 0),
    }
}

/// Makes `set` the active font set; returns whether it differs from the one before (text must
/// then be measured, and indexes built, again).
pub fn install(set: FontSet) -> bool {
    let Ok(mut active) = ACTIVE.write() else { return false };
    let changed = active.as_ref().map_or(!set.is_empty(), |a| *a.set != set);
    if changed {
        let generation = active.as_ref().map_or(0, |a| a.generation) + 1;
        *active = Some(Active {
            set: Arc::new(set),
            generation,
        });
    }
    changed
}

/// egui's font definitions for the active set.
pub fn definitions() -> FontDefinitions {
    active().definitions()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The test font: a subset of Droid Sans Fallback (Chinese, Japanese) and Noto Sans Arabic
    /// and Hebrew, holding only the characters the tests use.
    pub fn fixture_fonts() -> Vec<Fallback> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts");
        ["cjk-subset.ttf", "arabic-subset.ttf", "hebrew-subset.ttf"]
            .iter()
            .map(|f| Fallback::load(&dir.join(f), 0).unwrap())
            .collect()
    }

    #[test]
    fn the_defaults_cover_latin_greek_cyrillic_only() {
        assert!("Łódź Ñandú Ελληνικά Русский".chars().all(default_covers));
        assert!(!default_covers('区') && !default_covers('ب') && !default_covers('ש'));
    }

    #[test]
    fn explicit_fonts_come_first_and_cover_what_they_hold() {
        let chars: BTreeSet<char> = "区块链 البنك Mine".chars().collect();
        let set = FontSet::choose(&chars, fixture_fonts(), &SystemFonts::none());
        assert_eq!(set.fallbacks().len(), 3);
        assert!(chars.iter().all(|&c| !needs_glyph(c) || set.draws(c)));
        assert_eq!(set.face_of('M'), Some(0));
        assert_eq!(set.face_of('区'), Some(1));
        assert_eq!(set.face_of('ب'), Some(2));
        let defs = set.definitions();
        let proportional = &defs.families[&egui::FontFamily::Proportional];
        assert_eq!(
            proportional[proportional.len() - 3..],
            ["cjk-subset.ttf#0", "arabic-subset.ttf#0", "hebrew-subset.ttf#0"]
        );
    }

    #[test]
    fn without_fonts_nothing_is_added() {
        let chars: BTreeSet<char> = "区块链 البنك".chars().collect();
        let set = FontSet::choose(&chars, Vec::new(), &SystemFonts::none());
        assert!(set.is_empty());
        assert!(!set.draws('区'));
        assert_eq!(
            set.definitions().font_data.len(),
            FontDefinitions::default().font_data.len()
        );
    }

    #[test]
    fn a_file_that_is_no_font_is_refused() {
        let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        assert!(matches!(Fallback::load(&bad, 0), Err(FontError::NotAFont { .. })));
        assert!(matches!(
            Fallback::load(Path::new("/nonexistent.ttf"), 0),
            Err(FontError::Read { .. })
        ));
    }
}
