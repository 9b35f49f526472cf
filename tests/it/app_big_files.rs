//! Big files in the editor: opening one reads it on a worker thread behind a progress window
//! (the frames keep coming), then shows it, and Cancel keeps the current project; saving a big
//! project writes it on a worker thread, then marks it saved.

use std::time::{Duration, Instant};

use dlt_modeller::app::{App, PresetDialogs};
use dlt_modeller::model::Project;
use dlt_modeller::{file, generate};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{app_with, editor};

/// A generated project saved where its file is over the background threshold (about 4.8 MB).
fn big_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("big.ron");
    file::save(&path, &generate::generate(5_000, 3)).unwrap();
    assert!(
        std::fs::metadata(&path).unwrap().len() >= 4_000_000,
        "big enough to open in the background"
    );
    path
}

fn harness(dialogs: PresetDialogs) -> Harness<'static, App> {
    harness_on(Project::new("Before"), dialogs)
}

fn harness_on(project: Project, dialogs: PresetDialogs) -> Harness<'static, App> {
    let mut h = editor::build(app_with(project, dialogs), |builder| builder.with_max_steps(10));
    h.step();
    h
}

/// Steps frames until `done` holds, for at most a minute (a debug build parses slowly).
fn step_until(h: &mut Harness<'_, App>, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < Duration::from_secs(60), "timed out");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.step();
}

#[test]
fn a_big_file_opens_behind_a_progress_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = big_file(&dir);
    let mut h = harness(PresetDialogs::new().then_open(&path));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.step();
    assert!(
        h.query_by_label_contains("Opening big.ron").is_some(),
        "the progress window shows"
    );
    assert_eq!(h.state().project().sheet.title, "Before", "nothing replaced yet");
    step_until(&mut h, |app| app.path().is_some());
    assert_eq!(h.state().project().nodes.len(), 5_000);
    assert!(!h.state().is_dirty());
    assert!(
        h.state().status_message().starts_with("Opened big.ron"),
        "{}",
        h.state().status_message()
    );
    assert!(
        h.query_by_label_contains("Opening big.ron").is_none(),
        "the window is gone"
    );
}

#[test]
fn cancelling_keeps_the_current_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = big_file(&dir);
    let mut h = harness(PresetDialogs::new().then_open(&path));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.step();
    h.get_by_label("Cancel").click();
    h.step();
    assert!(
        h.state().status_message().starts_with("Did not open"),
        "{}",
        h.state().status_message()
    );
    // Long enough for the worker to have finished reading (about a second in a debug build).
    for _ in 0..60 {
        h.step();
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(h.query_by_label_contains("Opening big.ron").is_none());
    assert_eq!(h.state().project().sheet.title, "Before");
    assert_eq!(h.state().path(), None);
}

#[test]
fn a_big_project_saves_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.ron");
    let project = generate::generate(5_000, 4);
    let mut h = harness_on(project.clone(), PresetDialogs::new().then_save(&path));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.step();
    // On a quiet machine the worker may finish within that frame's second (sizing) pass, so
    // the frame after the key press shows either the save under way or its end — never a
    // document taken as saved while the status still says it is being written.
    let status = h.state().status_message().to_owned();
    assert!(
        status.starts_with("Saving") || status.starts_with("Saved saved.ron"),
        "{status}"
    );
    if status.starts_with("Saving") {
        assert_eq!(h.state().path(), None, "not saved yet");
    }
    step_until(&mut h, |app| app.path().is_some());
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert!(!h.state().is_dirty());
    assert!(
        h.state().status_message().starts_with("Saved saved.ron"),
        "{}",
        h.state().status_message()
    );
    assert_eq!(file::load(&path).unwrap().project, project);
}
