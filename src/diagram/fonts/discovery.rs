//! The system's fonts as candidates for fallback: the font folders read with `fontdb` (no C
//! library), and the face that draws most of a set of characters, ranked deterministically —
//! most characters, then (for CJK faces) the language the characters suggest, then Noto
//! families, then sans-serif ones (egui's own look), then the weight nearest regular, then
//! family name, file path and face index — so the same machine with the same fonts always
//! picks the same.

use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Fallback, FontSet, face_covers};

/// Upright faces of the system's fonts, in ranking order for ties.
pub struct SystemFonts {
    db: fontdb::Database,
    /// Faces (id, file, index, family), sorted by (not Noto, not Sans, distance from regular
    /// weight, family, path, index).
    ranked: Vec<(fontdb::ID, PathBuf, u32, String)>,
}

impl SystemFonts {
    /// No fonts at all: nothing beyond the explicit ones is ever added (tests, `--no-system-fonts`).
    pub fn none() -> Self {
        Self::from_db(fontdb::Database::new())
    }

    /// The fonts installed on this machine (the usual font folders of the platform).
    pub fn load() -> Self {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        Self::from_db(db)
    }

    /// The fonts installed on this machine, read the first time they are asked for.
    pub fn installed() -> &'static Self {
        static INSTALLED: std::sync::OnceLock<SystemFonts> = std::sync::OnceLock::new();
        INSTALLED.get_or_init(Self::load)
    }

    /// The fonts in `dirs` (and their sub-folders) only.
    pub fn from_dirs(dirs: &[&Path]) -> Self {
        let mut db = fontdb::Database::new();
        for dir in dirs {
            db.load_fonts_dir(dir);
        }
        Self::from_db(db)
    }

    fn from_db(db: fontdb::Database) -> Self {
        let mut faces: Vec<_> = db
            .faces()
            .filter(|f| f.style == fontdb::Style::Normal)
            .filter_map(|f| {
                let path = match &f.source {
                    fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path.clone(),
                    fontdb::Source::Binary(_) => return None,
                };
                let family = f.families.first().map(|(name, _)| name.clone()).unwrap_or_default();
                let key = (
                    !family.starts_with("Noto"),
                    !family.contains("Sans"),
                    f.weight.0.abs_diff(400),
                    family,
                    path.clone(),
                    f.index,
                );
                Some((
                    key,
                    (
                        f.id,
                        path,
                        f.index,
                        f.families.first().map(|(name, _)| name.clone()).unwrap_or_default(),
                    ),
                ))
            })
            .collect();
        faces.sort_by(|a, b| a.0.cmp(&b.0));
        let ranked = faces.into_iter().map(|(_, face)| face).collect();
        Self { db, ranked }
    }

    /// How many upright faces there are to choose from.
    pub fn len(&self) -> usize {
        self.ranked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ranked.is_empty()
    }

    /// The face that draws most of `chars` and is not in `set` yet, loaded; `None` if no face
    /// draws any of them.
    pub(super) fn best_for(&self, chars: &BTreeSet<char>, set: &FontSet) -> Option<Fallback> {
        let taken = |path: &Path, index: u32| {
            set.fallbacks()
                .iter()
                .any(|f| f.path == path && f.name.ends_with(&format!("#{index}")))
        };
        let language = cjk_language(chars);
        let counts = self
            .ranked
            .iter()
            .enumerate()
            .filter_map(|(rank, (id, path, index, family))| {
                if taken(path, *index) {
                    return None;
                }
                let count = self.db.with_face_data(*id, |data, index| {
                    let font = skrifa::FontRef::from_index(data, index).ok()?;
                    Some(chars.iter().filter(|&&c| face_covers(&font, c)).count())
                })??;
                (count > 0).then_some((Reverse(count), !family.ends_with(language), rank))
            });
        let (_, _, rank) = counts.min()?;
        let (_, path, index, _) = &self.ranked[rank];
        Fallback::load(path, *index).ok()
    }
}

/// The language a CJK face's family name ends with that suits `chars` best, for faces that
/// draw equally many of them (Noto Sans CJK comes as JP, KR, SC, TC and HK): Japanese when
/// there is kana, Korean when there is Hangul, else simplified Chinese.
fn cjk_language(chars: &BTreeSet<char>) -> &'static str {
    if chars.iter().any(|&c| super::script_of(c) == "Japanese") {
        "JP"
    } else if chars.iter().any(|&c| super::script_of(c) == "Korean") {
        "KR"
    } else {
        "SC"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts")
    }

    #[test]
    fn the_face_drawing_most_of_the_characters_is_chosen_then_the_next() {
        let system = SystemFonts::from_dirs(&[&fixture_dir()]);
        assert_eq!(system.len(), 3);
        let chars: BTreeSet<char> = "区块链 البنك המרכזי".chars().collect();
        let set = FontSet::choose(&chars, Vec::new(), &system);
        let names: Vec<&str> = set.fallbacks().iter().map(|f| f.name.as_str()).collect();
        // The Hebrew name has the most letters (6), then the Arabic (5), then the Chinese (3).
        assert_eq!(
            names,
            ["hebrew-subset.ttf#0", "arabic-subset.ttf#0", "cjk-subset.ttf#0"]
        );
        assert_eq!(
            FontSet::choose(&chars, Vec::new(), &system),
            set,
            "the same fonts, the same choice"
        );
    }

    #[test]
    fn equally_good_cjk_faces_are_chosen_by_the_language_the_characters_suggest() {
        let chars = |text: &str| text.chars().collect::<BTreeSet<char>>();
        assert_eq!(cjk_language(&chars("区块链 账本")), "SC");
        assert_eq!(cjk_language(&chars("日本語テキスト")), "JP");
        assert_eq!(cjk_language(&chars("한국은행")), "KR");
    }

    #[test]
    fn nothing_is_added_for_what_the_defaults_draw() {
        let system = SystemFonts::from_dirs(&[&fixture_dir()]);
        let chars: BTreeSet<char> = "Łódź Ñandú Ελληνικά Русский".chars().collect();
        assert!(FontSet::choose(&chars, Vec::new(), &system).is_empty());
    }
}
