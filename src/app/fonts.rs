//! View › Fonts…: the font files the user adds for scripts egui's own fonts lack (remembered
//! between runs, like the theme), the fallback set chosen for the open project — the choice
//! `export` makes on this machine when given the same files with `--font` — handed to egui, and
//! a notice, once per script and project, naming the scripts that no font draws: in the status
//! bar, and over the canvas until dismissed (once per opened project).

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui::{Align2, Area, Context, Frame, Id, Rect, TextEdit, Window, vec2};

use crate::diagram::fonts::{self, Fallback, FontSet};
use crate::model::Project;

const FONTS_KEY: &str = "fonts";
/// Projects up to this many nodes are looked at for new characters after every edit; bigger
/// ones when opened and when the fonts change.
const WATCHED_NODES: usize = 5_000;

/// The user's fonts and the choice made for the open project.
#[derive(Default)]
pub struct FontChoice {
    /// The files the user added, in order, and those of them that could be read.
    added: Vec<PathBuf>,
    loaded: Vec<Fallback>,
    /// Whether the system's fonts are searched too (the editor; not its tests).
    pub use_system: bool,
    /// The View › Fonts… window is open.
    pub open: bool,
    path_field: String,
    problem: Option<String>,
    /// The document and revision the fonts were last chosen for, and its characters then.
    chosen_for: Option<(u64, u64)>,
    chars: BTreeSet<char>,
    /// The user's fonts changed since.
    stale: bool,
    /// Scripts the notice has named for this document.
    noticed: BTreeSet<&'static str>,
    /// The notice shown over the canvas, until dismissed.
    canvas_notice: Option<String>,
    /// The canvas notice was dismissed for this document: later notices go to the status bar
    /// only.
    dismissed: bool,
}

/// What [`FontChoice::refresh`] did.
#[derive(Debug, Default, PartialEq)]
pub struct Refreshed {
    /// Another set of fonts is active: text must be measured, and the index built, again.
    pub fonts_changed: bool,
    /// "No font for: Arabic (3 names). …", the first time a script is found without a font.
    pub notice: Option<String>,
}

impl FontChoice {
    /// The fonts the user added in an earlier run, read again (unreadable ones are left out and
    /// said so in the window).
    pub fn remembered(storage: Option<&dyn eframe::Storage>) -> Self {
        let added: Vec<PathBuf> = storage
            .and_then(|s| eframe::get_value(s, FONTS_KEY))
            .unwrap_or_default();
        let mut choice = Self {
            use_system: true,
            ..Self::default()
        };
        for path in added {
            choice.add(path);
        }
        choice
    }

    pub fn store(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, FONTS_KEY, &self.added);
    }

    /// Adds the font file at `path`; says why not when it cannot be read or is no font.
    pub fn add(&mut self, path: PathBuf) {
        if self.added.contains(&path) {
            return;
        }
        match Fallback::load(&path, 0) {
            Ok(font) => {
                self.loaded.push(font);
                self.added.push(path);
                self.problem = None;
                self.stale = true;
            }
            Err(e) => self.problem = Some(e.to_string()),
        }
    }

    fn remove(&mut self, index: usize) {
        if index < self.added.len() {
            let path = self.added.remove(index);
            self.loaded.retain(|f| f.path != path);
            self.stale = true;
        }
    }

    /// Chooses the fonts for `project` (document `document` at `revision`) when its characters
    /// or the user's fonts changed, and hands them to egui.
    pub fn refresh(&mut self, ctx: &Context, project: &Project, document: u64, revision: u64) -> Refreshed {
        if self.chosen_for == Some((document, revision)) && !self.stale {
            return Refreshed::default();
        }
        let new_document = self.chosen_for.is_none_or(|(d, _)| d != document);
        self.chosen_for = Some((document, revision));
        if !(new_document || self.stale || project.nodes.len() <= WATCHED_NODES) {
            return Refreshed::default();
        }
        let chars = fonts::project_chars(project);
        if !new_document && !self.stale && chars == self.chars {
            return Refreshed::default();
        }
        if new_document {
            self.noticed.clear();
            self.canvas_notice = None;
            self.dismissed = false;
        }
        self.chars = chars;
        self.stale = false;
        let fonts_changed = fonts::install(FontSet::for_chars(&self.chars, self.loaded.clone(), self.use_system));
        if fonts_changed {
            ctx.set_fonts(fonts::definitions());
        }
        let missing = fonts::missing(project, &fonts::active());
        let fresh: Vec<String> = missing
            .iter()
            .filter(|m| self.noticed.insert(m.script))
            .map(|m| m.summary())
            .collect();
        let notice = notice_of(&fresh);
        // The canvas's notice, until dismissed, names every script still without a font.
        if !self.dismissed && (notice.is_some() || self.canvas_notice.is_some()) {
            self.canvas_notice = notice_of(&missing.iter().map(|m| m.summary()).collect::<Vec<_>>());
        }
        Refreshed { fonts_changed, notice }
    }

    /// The notice over the top left corner of the canvas (`canvas`), while there is one: what
    /// no font draws, a button to View › Fonts… and one to dismiss it for this project.
    pub fn notice_ui(&mut self, ctx: &Context, canvas: Rect) {
        let Some(notice) = &self.canvas_notice else { return };
        let (mut dismiss, mut choose) = (false, false);
        Area::new(Id::unique("font-notice"))
            .pivot(Align2::LEFT_TOP)
            .fixed_pos(canvas.left_top() + vec2(12.0, 12.0))
            .show(ctx, |ui| {
                Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width((canvas.width() - 48.0).clamp(200.0, 560.0));
                    ui.colored_label(ui.visuals().warn_fg_color, "Names drawn as boxes");
                    ui.label(notice.as_str());
                    ui.horizontal(|ui| {
                        choose = ui.button("Choose fonts…").clicked();
                        dismiss = ui.button("Dismiss").clicked();
                    });
                });
            });
        if choose {
            self.open = true;
        }
        if dismiss || choose {
            self.canvas_notice = None;
            self.dismissed = true;
        }
    }

    /// The notice shown over the canvas, if any.
    pub fn canvas_notice(&self) -> Option<&str> {
        self.canvas_notice.as_deref()
    }

    /// The View › Fonts… window: the fonts in use for this project, the user's fonts (remove,
    /// add by path) and the scripts still without a font.
    pub fn ui(&mut self, ctx: &Context, project: &Project) {
        let mut open = self.open;
        Window::new("Fonts").open(&mut open).resizable(true).show(ctx, |ui| {
            ui.label(
                "Names in scripts egui's own fonts lack (Chinese, Japanese, Arabic, Hebrew, emoji…) are drawn with \
                 fallback fonts: yours first, then installed fonts that cover them (Noto first). Exports from the \
                 command line choose the same when given your fonts with --font.",
            );
            ui.separator();
            ui.strong("In use for this project");
            let active = fonts::active();
            if active.is_empty() {
                ui.label("egui's own fonts only");
            }
            for font in active.fallbacks() {
                ui.label(font.path.display().to_string());
            }
            ui.separator();
            ui.strong("Your fonts");
            let mut removed = None;
            for (i, path) in self.added.iter().enumerate() {
                ui.horizontal(|ui| {
                    ui.label(path.display().to_string());
                    if ui.small_button("Remove").clicked() {
                        removed = Some(i);
                    }
                });
            }
            if let Some(i) = removed {
                self.remove(i);
            }
            ui.horizontal(|ui| {
                let label = ui.label("Font file");
                ui.add(TextEdit::singleline(&mut self.path_field).hint_text("/path/to/font.ttf"))
                    .labelled_by(label.id);
                if ui.button("Add font").clicked() && !self.path_field.trim().is_empty() {
                    let path = PathBuf::from(self.path_field.trim());
                    self.add(path);
                    if self.problem.is_none() {
                        self.path_field.clear();
                    }
                }
            });
            if let Some(problem) = &self.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            let missing = fonts::missing(project, &active);
            if !missing.is_empty() {
                ui.separator();
                ui.strong("No font for");
                for m in missing {
                    ui.label(m.to_string());
                }
            }
        });
        self.open = open;
    }
}

/// "No font for: Arabic (3 names), …. Install …", or `None` for no script.
fn notice_of(summaries: &[String]) -> Option<String> {
    (!summaries.is_empty()).then(|| {
        format!(
            "No font for: {}. Install a Noto font or add one in View › Fonts…",
            summaries.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Settings kept in memory, as eframe keeps them in a file.
    #[derive(Default)]
    struct Memory(std::collections::BTreeMap<String, String>);

    impl eframe::Storage for Memory {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    fn test_font(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fonts")
            .join(name)
    }

    #[test]
    fn the_fonts_the_user_added_are_remembered_in_order() {
        let mut choice = FontChoice::default();
        choice.add(test_font("hebrew-subset.ttf"));
        choice.add(test_font("arabic-subset.ttf"));
        choice.add(test_font("hebrew-subset.ttf"));
        let mut storage = Memory::default();
        choice.store(&mut storage);
        let again = FontChoice::remembered(Some(&storage));
        assert_eq!(
            again.added,
            [test_font("hebrew-subset.ttf"), test_font("arabic-subset.ttf")]
        );
        assert_eq!(again.loaded.len(), 2);
        assert!(again.use_system, "the editor searches the system's fonts");
        let mut fewer = again;
        fewer.remove(0);
        assert_eq!(fewer.added, [test_font("arabic-subset.ttf")]);
        assert_eq!(fewer.loaded.len(), 1);
    }

    #[test]
    fn a_file_that_is_no_font_is_refused_with_the_reason() {
        let mut choice = FontChoice::default();
        choice.add(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"));
        assert!(choice.added.is_empty());
        assert!(
            choice.problem.as_deref().is_some_and(|p| p.contains("not a font")),
            "{:?}",
            choice.problem
        );
    }
}
