//! What a new user tripped over (issue 15), driven headlessly through egui_kittest: a discarded
//! session that came back, stale status messages, words, and the assessment panel.

use std::path::PathBuf;

use dlt_modeller::app::{App, PresetDialogs};
use dlt_modeller::model::{Node, Position, Project};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::pointer::drag;
use crate::common::{app_with, click, harness, press, recovery_copies, with_recovery};

fn two_actors() -> Project {
    let mut p = Project::new("Two");
    p.nodes
        .insert("a-mine".into(), Node::actor("Mine", Position::new(0.0, 0.0)));
    p.nodes
        .insert("a-refiner".into(), Node::actor("Refiner", Position::new(300.0, 0.0)));
    p
}

/// Adds an actor and names it: the project has unsaved changes, and the first is copied at once.
fn make_an_edit(h: &mut Harness<'_, App>) {
    press(h, Modifiers::SHIFT, Key::A);
    press(h, Modifiers::NONE, Key::Enter);
    assert!(h.state().is_dirty());
}

#[test]
fn discarding_changes_on_quit_leaves_no_recovery_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(with_recovery(two_actors(), dir.path()));
    make_an_edit(&mut h);
    assert_eq!(recovery_copies(dir.path()).len(), 1, "autosaved");
    press(&mut h, Modifiers::COMMAND, Key::Q);
    click(&mut h, "Discard changes");
    // The window goes on drawing a few frames while it closes, the project still dirty.
    for _ in 0..3 {
        h.run();
    }
    assert_eq!(recovery_copies(dir.path()), Vec::<PathBuf>::new());
    drop(h);
    let next_start = harness(with_recovery(Project::new("Next"), dir.path()));
    assert!(next_start.query_by_label_contains("did not close properly").is_none());
}

#[test]
fn a_second_window_leaves_the_first_ones_copy_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = harness(with_recovery(two_actors(), dir.path()));
    make_an_edit(&mut first);
    assert_eq!(recovery_copies(dir.path()).len(), 1);
    let second = harness(with_recovery(Project::new("Second"), dir.path()));
    assert!(
        second.query_by_label_contains("did not close properly").is_none(),
        "the first window is still running"
    );
    drop(second);
    // The first window ends without closing on purpose (as a crash would): its copy stays and
    // its lock is gone, so the very next start offers it.
    drop(first);
    let third = harness(with_recovery(Project::new("Third"), dir.path()));
    third.get_by_label_contains("did not close properly");
}

#[test]
fn an_error_in_the_status_bar_goes_with_the_next_action() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("no-such-folder").join("x.ron");
    let mut h = harness(app_with(two_actors(), PresetDialogs::new().then_save(&nowhere)));
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(h.state().status_message().starts_with("The project was not saved"));
    click(&mut h, "OK");
    for _ in 0..5 {
        h.run();
    }
    assert!(
        h.state().status_message().starts_with("The project was not saved"),
        "an error stays until the user acts"
    );
    click(&mut h, "Refiner");
    assert_eq!(h.state().status_message(), "", "selecting is the next action");
}

#[test]
fn an_error_can_be_dismissed() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("no-such-folder").join("x.ron");
    let mut h = harness(app_with(two_actors(), PresetDialogs::new().then_save(&nowhere)));
    press(&mut h, Modifiers::COMMAND, Key::S);
    click(&mut h, "OK");
    click(&mut h, "Dismiss message");
    assert_eq!(h.state().status_message(), "");
}

#[test]
fn the_hint_to_name_a_new_node_goes_once_it_is_named() {
    let mut h = harness(app_with(two_actors(), PresetDialogs::new()));
    press(&mut h, Modifiers::SHIFT, Key::A);
    assert_eq!(h.state().status_message(), "Added. Type its name and press Enter.");
    h.event(egui::Event::Text("Bank".into()));
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.state().project().nodes.values().any(|n| n.name == "Bank"));
    assert_eq!(h.state().status_message(), "");
}

/// No flow was drawn, and the status bar says why.
fn assert_no_flow_and_says_why(h: &Harness<'_, App>) {
    assert!(h.state().project().flows.is_empty());
    assert!(
        h.state().status_message().contains("a flow joins two different nodes"),
        "{:?}",
        h.state().status_message()
    );
}

#[test]
fn a_flow_dragged_from_the_handle_back_onto_its_node_says_why_none_was_drawn() {
    let mut h = harness(app_with(two_actors(), PresetDialogs::new()));
    let mine = h.get_by_label("Actor: Mine").rect();
    // The connect handle sits in the middle of the node's right edge (the Select tool).
    drag(&mut h, mine.right_center(), mine.center());
    assert_no_flow_and_says_why(&h);
}

#[test]
fn a_flow_dragged_onto_its_own_node_says_why_none_was_drawn() {
    let mut h = harness(app_with(two_actors(), PresetDialogs::new()));
    click(&mut h, "Connect");
    let mine = h.get_by_label("Actor: Mine").rect();
    drag(
        &mut h,
        mine.left_center() + egui::vec2(6.0, 0.0),
        mine.right_center() - egui::vec2(6.0, 0.0),
    );
    assert_no_flow_and_says_why(&h);
}

#[test]
fn a_count_of_one_is_singular() {
    let mut p = two_actors();
    let mine = p.nodes.get_mut("a-mine").unwrap();
    mine.criteria.insert("core.query".into(), Default::default());
    let mut h = harness(app_with(p, PresetDialogs::new()));
    click(&mut h, "Assessment");
    assert!(h.query_by_label_contains("1 criterion, total weight").is_some());
    assert!(h.query_by_label_contains("1 criteria").is_none());
}

#[test]
fn hints_name_the_labels_the_user_sees() {
    let mut h = harness(app_with(two_actors(), PresetDialogs::new()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("New blank project").click();
    h.run();
    let hint = h.state().status_message().to_string();
    assert!(hint.contains("Pick Actor in the toolbar"), "{hint}");
    assert!(h.query_by_label("Actor").is_some(), "the toolbar button the hint names");
}

#[test]
fn a_node_without_a_name_reads_unnamed_in_the_outline() {
    let mut p = two_actors();
    p.nodes.get_mut("a-mine").unwrap().name = String::new();
    let mut h = harness(app_with(p, PresetDialogs::new()));
    h.run();
    assert!(h.query_by_label("(unnamed)").is_some(), "not a blank row");
}

#[test]
fn the_assessment_panel_keeps_its_width_and_wraps_the_why_column_by_words() {
    let sample = dlt_modeller::templates::find("gold-trade").unwrap().project();
    let mut h = harness(app_with(sample, PresetDialogs::new()));
    click(&mut h, "Assessment");
    let left_edge = h.get_by_label("Inspector").rect().left();
    for section in ["Regulatory checklist", "Criteria × platforms", "Architecture coverage"] {
        click(&mut h, section);
        for _ in 0..3 {
            h.run();
        }
        assert_eq!(
            h.get_by_label("Inspector").rect().left(),
            left_edge,
            "opening {section} does not widen the panel"
        );
    }
    let report = dlt_modeller::assess::assess(
        h.state().project(),
        &dlt_modeller::catalog::Catalog::builtin().with_project(h.state().project()),
    );
    let reason = &report.regulatory.first().expect("the sample raises a topic").reason;
    let why = h.get_by_label(reason).rect();
    assert!(why.width() >= 150.0, "the Why text gets room to read: {why:?}");
}

/// The rectangle of the window titled `title`.
fn window_rect(h: &Harness<'_, App>, title: &str) -> egui::Rect {
    h.get_by_role_and_label(egui::accesskit::Role::Window, title).rect()
}

#[test]
fn windows_open_inside_the_central_area_and_stay_where_they_are_put() {
    let sample = dlt_modeller::templates::find("gold-trade").unwrap().project();
    let mut h = harness(app_with(sample, PresetDialogs::new()));
    let toolbar_bottom = h.get_by_label("Connect").rect().bottom();
    let outline_right = h.get_by_label("Filter the outline").rect().right();
    let side_left = h.get_by_label("Inspector").rect().left();
    let inside = |h: &Harness<'_, App>, title: &str| {
        let rect = window_rect(h, title);
        assert!(rect.top() > toolbar_bottom, "{title} at {rect:?} covers the toolbar");
        assert!(rect.left() > outline_right, "{title} at {rect:?} covers the outline");
        assert!(rect.right() < side_left, "{title} at {rect:?} covers the side panel");
        rect
    };
    press(&mut h, Modifiers::COMMAND, Key::G);
    let before = inside(&h, "Glossary and catalogue");
    // Dragged by its title bar: it stays where it is put, but never over the menu bar.
    let grip = before.center_top() + egui::vec2(0.0, 10.0);
    drag(&mut h, grip, grip + egui::vec2(-30.0, 40.0));
    let moved = window_rect(&h, "Glossary and catalogue");
    assert!(
        (moved.left() - (before.left() - 30.0)).abs() < 2.0,
        "{before:?} → {moved:?}"
    );
    let grip = moved.center_top() + egui::vec2(0.0, 10.0);
    drag(&mut h, grip, egui::pos2(grip.x, 2.0));
    inside(&h, "Glossary and catalogue");

    // A window bigger than the area is made to fit it.
    press(&mut h, Modifiers::NONE, Key::F1);
    inside(&h, "Keyboard shortcuts");
}

fn platform_keys(h: &Harness<'_, App>) -> Vec<String> {
    h.state().project().platforms.keys().cloned().collect()
}

#[test]
fn candidates_are_chosen_in_the_ranking_as_one_undoable_edit_of_at_least_two() {
    let mut p = two_actors();
    let mine = p.nodes.get_mut("a-mine").unwrap();
    mine.criteria.insert("core.query".into(), Default::default());
    for key in ["fabric", "ethereum"] {
        p.platforms.insert(key.into(), Default::default());
    }
    let mut h = harness(app_with(p, PresetDialogs::new()));
    click(&mut h, "Assessment");
    click(&mut h, "Choose candidates");
    click(&mut h, "Corda");
    click(&mut h, "Compare these");
    assert_eq!(platform_keys(&h), ["corda", "ethereum", "fabric"]);
    assert!(h.query_by_label_contains(": Corda").is_some(), "Corda is ranked now");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(platform_keys(&h), ["ethereum", "fabric"], "one undo step");

    // Down to one ticked: nothing to compare, the button stays off.
    h.run();
    click(&mut h, "Ethereum (mainnet)");
    click(&mut h, "Compare these");
    assert_eq!(platform_keys(&h), ["ethereum", "fabric"]);
}
