//! What the tests of the `it` binary share: the editor in a headless egui_kittest
//! harness, driving it by accessible names, keys and a hand on the mouse, and the projects
//! several tests start from; and the command line run as a process (`cli`).

pub mod cli;
pub mod editor;
pub mod fixtures;
pub mod pointer;

use std::path::{Path, PathBuf};

use dlt_modeller::app::{App, PresetDialogs, Seams};
use dlt_modeller::file;
use dlt_modeller::model::Project;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

pub use editor::click;

/// Ctrl-clicks (Cmd on a Mac) the widget named `label`, adding it to the selection, and lets the
/// editor react.
pub fn add_to_selection(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click_modifiers(Modifiers::COMMAND);
    h.run();
}

/// The editor on `app`, 1400 × 900 points, after its first frames.
pub fn harness(app: App) -> Harness<'static, App> {
    let mut h = editor::build(app, |builder| builder);
    h.run();
    h
}

/// The editor's state on `project`, with `dialogs` answering its file dialogs.
pub fn app_with(project: Project, dialogs: PresetDialogs) -> App {
    App::new_for_test(project, Seams::preset(dialogs))
}

/// The editor's state on `project`, keeping its recovery copies in `dir`.
pub fn with_recovery(project: Project, dir: &Path) -> App {
    let seams = Seams {
        recovery: Some(file::RecoveryStore::new(dir)),
        ..Seams::preset(PresetDialogs::new())
    };
    App::new_for_test(project, seams)
}

/// The recovery copies in `dir` (beside them, a running session keeps its lock file).
pub fn recovery_copies(dir: &Path) -> Vec<PathBuf> {
    let files = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path());
    files.filter(|p| p.extension().is_some_and(|x| x == "ron")).collect()
}

/// Clicks a menu, then one of its items (found by the start of its label).
pub fn menu(h: &mut Harness<'_, App>, menu: &str, item: &str) {
    click(h, menu);
    h.get_by_label_contains(item).click();
    h.run();
}

/// Presses `key` with `modifiers` and lets the editor react.
pub fn press(h: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

/// The id of the node named `name` in the editor's project.
pub fn node_id(app: &App, name: &str) -> String {
    app.project()
        .nodes
        .iter()
        .find(|(_, n)| n.name == name)
        .map(|(id, _)| id.clone())
        .expect(name)
}
