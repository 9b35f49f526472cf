//! The editor driven headlessly through egui_kittest: the real `App`, file dialogs that answer
//! preset paths, no window, no renderer. Widgets are found by their accessible names, as a
//! screen reader finds them.

use std::path::Path;
use std::sync::Arc;

use dlt_modeller::app::{App, Command, PresetDialogs, Seams};
use dlt_modeller::canvas::{CLEARANCE, room_around};
use dlt_modeller::file;
use dlt_modeller::model::{Position, Project};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, OutputCommand, ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::fixtures::gold;
use crate::common::pointer::drag;
use crate::common::{add_to_selection, app_with, click, harness, menu, node_id, press, recovery_copies, with_recovery};

fn blank() -> App {
    app_with(Project::new("Test"), PresetDialogs::new())
}

/// Replaces the text of the field labelled `label` with `text`.
fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    press(h, Modifiers::COMMAND, Key::A);
    h.get_by_label(label).type_text(text);
    h.run();
    // Leave the field, which ends the typing gesture.
    press(h, Modifiers::NONE, Key::Enter);
}

#[test]
fn draw_a_use_case_then_undo_and_redo_every_step() {
    let mut h = harness(blank());
    let mut states = vec![h.state().project().clone()];

    menu(&mut h, "Insert", "Insert actor");
    assert_eq!(h.state().project().nodes.len(), 1);
    states.push(h.state().project().clone());
    type_into(&mut h, "Name", "Mine");
    states.push(h.state().project().clone());

    menu(&mut h, "Insert", "Insert asset");
    states.push(h.state().project().clone());
    type_into(&mut h, "Name", "Gold lot");
    states.push(h.state().project().clone());

    // Connect the asset to the actor from the inspector: the keyboard path for drawing a flow.
    click(&mut h, "Connect to");
    h.get_by_role(Role::ListBox).get_by_label("Mine").click();
    h.run();
    let flows = &h.state().project().flows;
    assert_eq!(flows.len(), 1);
    let flow = flows.values().next().unwrap();
    assert_eq!(
        (flow.from.as_str(), flow.to.as_str()),
        (
            node_id(h.state(), "Gold lot").as_str(),
            node_id(h.state(), "Mine").as_str()
        )
    );
    states.push(h.state().project().clone());
    type_into(&mut h, "Action", "is mined by");
    states.push(h.state().project().clone());

    // Back to the actor through the outline; attach a component and a criterion.
    click(&mut h, "Mine");
    click(&mut h, "Attach components from the catalogue");
    type_into(&mut h, "Search components", "ledger");
    click(&mut h, "Ledger");
    let mine = node_id(h.state(), "Mine");
    assert!(
        h.state().project().nodes[&mine].components.contains("platform.ledger"),
        "{:?}",
        h.state().project().nodes[&mine]
    );
    states.push(h.state().project().clone());

    click(&mut h, "Attach components from the catalogue");
    click(&mut h, "Attach criteria from the catalogue");
    type_into(&mut h, "Search criteria", "transaction processing");
    click(&mut h, "Transaction processing");
    assert_eq!(
        h.state().project().nodes[&mine].criteria["core.transaction_processing"].weight,
        3
    );
    states.push(h.state().project().clone());
    click(&mut h, "Must-have: Transaction processing");
    assert!(h.state().project().nodes[&mine].criteria["core.transaction_processing"].must_have);
    states.push(h.state().project().clone());

    for expected in states.iter().rev().skip(1) {
        press(&mut h, Modifiers::COMMAND, Key::Z);
        assert_eq!(h.state().project(), expected);
    }
    assert!(!h.state().is_dirty());
    for (i, expected) in states.iter().enumerate().skip(1) {
        let redo = if i % 2 == 0 {
            (Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)
        } else {
            (Modifiers::COMMAND, Key::Y)
        };
        press(&mut h, redo.0, redo.1);
        assert_eq!(h.state().project(), expected);
    }
}

#[test]
fn a_criterion_weight_and_note_change_on_every_selected_node() {
    let mut h = harness(app_with(gold(), PresetDialogs::new()));
    click(&mut h, "Mine");
    add_to_selection(&mut h, "Refiner");
    assert_eq!(h.state().selection().len(), 2);
    assert!(h.query_by_label("2 nodes selected").is_some());
    click(&mut h, "Attach criteria from the catalogue");
    type_into(&mut h, "Search criteria", "query");
    click(&mut h, "Query");
    h.get_by_label("Weight of Query").set_value_accesskit(5.0);
    h.run();
    type_into(&mut h, "Note", "auditors ask");
    for id in ["a-mine", "a-refiner"] {
        let use_ = &h.state().project().nodes[id].criteria["core.query"];
        assert_eq!((use_.weight, use_.note.as_str()), (5, "auditors ask"), "{id}");
    }
    assert!(h.state().project().nodes["s-gold"].criteria.is_empty());
}

#[test]
fn deleting_a_node_takes_its_flows_and_undo_restores_them_exactly() {
    let mut h = harness(app_with(gold(), PresetDialogs::new()));
    click(&mut h, "Refiner");
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(!h.state().project().nodes.contains_key("a-refiner"));
    assert!(h.state().project().flows.is_empty());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project(), &gold());
    assert!(!h.state().is_dirty());
}

#[test]
fn save_to_a_file_then_reopen_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.ron");
    let dialogs = PresetDialogs::new().then_save(dir.path().join("gold")).then_open(&path);
    let mut h = harness(app_with(gold(), dialogs));
    click(&mut h, "Mine");
    type_into(&mut h, "Name", "Artisanal mine");
    let edited = h.state().project().clone();
    assert!(h.state().window_title().ends_with(" •"));

    press(&mut h, Modifiers::COMMAND, Key::S);
    assert_eq!(h.state().path(), Some(path.as_path()), "Save As adds .ron");
    assert_eq!(h.state().window_title(), "dlt-modeller — gold.ron");
    assert_eq!(file::load(&path).unwrap().project, edited);
    assert!(h.state().recent_files().contains(&path));

    menu(&mut h, "File", "New blank project");
    assert!(
        h.state().project().nodes.is_empty(),
        "a saved project is replaced without asking"
    );
    assert_eq!(h.state().window_title(), "dlt-modeller — Untitled");
    menu(&mut h, "File", "Open…");
    assert_eq!(h.state().project(), &edited);
    assert!(!h.state().is_dirty());
}

#[test]
fn unsaved_changes_are_never_dropped_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept.ron");
    let mut h = harness(app_with(gold(), PresetDialogs::new().then_save(&path)));
    assert!(!h.state().window_title().ends_with('•'));
    click(&mut h, "Mine");
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(h.state().window_title().ends_with(" •"));
    let edited = h.state().project().clone();

    press(&mut h, Modifiers::COMMAND, Key::N);
    assert!(h.query_by_label("Save your changes first?").is_some());
    click(&mut h, "Cancel");
    assert_eq!(h.state().project(), &edited);

    // Closing the window is cancelled and asks.
    h.input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    h.step();
    let commands = &h.output().viewport_output[&ViewportId::ROOT].commands;
    assert!(commands.contains(&ViewportCommand::CancelClose), "{commands:?}");
    h.run();
    assert!(h.query_by_label("Save your changes before closing?").is_some());
    click(&mut h, "Save");
    assert_eq!(file::load(&path).unwrap().project, edited);
    assert!(!h.state().is_dirty());

    press(&mut h, Modifiers::NONE, Key::Delete);
    press(&mut h, Modifiers::COMMAND, Key::A);
    press(&mut h, Modifiers::NONE, Key::Delete);
    press(&mut h, Modifiers::COMMAND, Key::N);
    click(&mut h, "Discard changes");
    assert_eq!(h.state().project().nodes.len(), 0);
    assert_eq!(h.state().project().sheet.title, "Untitled use case");
}

#[test]
fn a_file_that_cannot_be_read_is_reported_and_the_project_kept() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(
        &broken,
        "(format: \"dlt-modeller\", version: 1,\n project: (sheet: (title: 3)))",
    )
    .unwrap();
    let mut h = harness(app_with(gold(), PresetDialogs::new().then_open(&broken)));
    menu(&mut h, "File", "Open…");
    let (title, detail) = h.state().error().expect("an error window");
    assert_eq!(title, "Could not open the file");
    assert!(detail.contains("broken.ron:2:"), "{detail}");
    assert_eq!(h.state().project(), &gold());
    assert!(h.query_by_label("Nothing was changed.").is_some());
    click(&mut h, "OK");
    assert!(h.state().error().is_none());
}

#[test]
fn a_failed_save_says_why_and_keeps_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("no-such-folder").join("x.ron");
    let mut h = harness(app_with(gold(), PresetDialogs::new().then_save(&nowhere)));
    click(&mut h, "Mine");
    press(&mut h, Modifiers::NONE, Key::Delete);
    press(&mut h, Modifiers::COMMAND, Key::S);
    let (title, detail) = h.state().error().expect("an error window");
    assert_eq!(title, "Could not save the project");
    assert!(detail.contains("no-such-folder"), "{detail}");
    assert!(h.state().is_dirty());
    assert_eq!(h.state().project().nodes.len(), 2);
    assert_eq!(h.state().path(), None);
}

#[test]
fn copied_nodes_paste_into_another_window() {
    let mut source = harness(app_with(gold(), PresetDialogs::new()));
    click(&mut source, "Mine");
    add_to_selection(&mut source, "Gold lot");
    // Ctrl+C reaches the app as the platform's copy event.
    source.event(Event::Copy);
    source.step();
    let text = source
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .expect("Ctrl+C puts text on the clipboard");

    let mut target = harness(blank());
    target.event(Event::Paste(text.clone()));
    target.run();
    let names: Vec<&str> = target
        .state()
        .project()
        .nodes
        .values()
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"Mine") && names.contains(&"Gold lot"));
    assert!(
        target.state().project().flows.is_empty(),
        "the sale's other end was not copied"
    );
    assert_eq!(target.state().selection().len(), 2, "pasted nodes are selected");

    // Pasting into the window it came from adds copies beside the originals.
    source.event(Event::Paste(text));
    source.run();
    assert_eq!(source.state().project().nodes.len(), 5);
    press(&mut source, Modifiers::COMMAND, Key::Z);
    assert_eq!(source.state().project(), &gold());

    // Text that is not nodes is refused with a message, and changes nothing.
    target.event(Event::Paste("hello".into()));
    target.run();
    assert!(
        target
            .state()
            .status_message()
            .contains("does not hold dlt-modeller nodes")
    );
    assert_eq!(target.state().project().nodes.len(), 2);
}

#[test]
fn duplicate_cut_and_select_all_work_from_the_keyboard() {
    let mut h = harness(app_with(gold(), PresetDialogs::new()));
    press(&mut h, Modifiers::COMMAND, Key::A);
    assert_eq!(h.state().selection().len(), 5);
    press(&mut h, Modifiers::COMMAND, Key::D);
    assert_eq!(h.state().project().nodes.len(), 6);
    assert_eq!(h.state().project().flows.len(), 4);
    press(&mut h, Modifiers::COMMAND, Key::X);
    assert_eq!(h.state().project(), &gold(), "cut removes the duplicates");
    press(&mut h, Modifiers::COMMAND, Key::V);
    assert_eq!(
        h.state().project().nodes.len(),
        6,
        "Paste repeats what this window copied"
    );
}

#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_project_file_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dropped.ron");
    file::save(&path, &gold()).unwrap();
    let mut h = harness(blank());
    h.input_mut().dropped_files.push(Arc::new(Dropped(path.clone())));
    h.run();
    assert_eq!(h.state().project(), &gold());
    assert_eq!(h.state().window_title(), "dlt-modeller — dropped.ron");
}

#[test]
fn templates_open_as_untitled_copies() {
    let mut h = harness(blank());
    h.get_by_label("File").click();
    h.run();
    click(&mut h, "New from template");
    click(&mut h, "Responsible trade in gold");
    assert!(h.state().project().nodes.len() >= 5);
    assert_eq!(h.state().path(), None);
    assert!(h.state().window_title().contains("Untitled"));
    assert!(!h.state().is_dirty());
}

#[test]
fn the_sheet_form_edits_the_use_case() {
    let mut h = harness(app_with(gold(), PresetDialogs::new()));
    click(&mut h, "Use case");
    type_into(&mut h, "Title", "Gold from mine to vault");
    click(&mut h, "SDG 12: Responsible consumption and production");
    let sheet = &h.state().project().sheet;
    assert_eq!(sheet.title, "Gold from mine to vault");
    assert_eq!(sheet.sdgs, vec![12]);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project(), &gold(), "typing the title was one undo step");
}

#[test]
fn the_shortcuts_window_lists_the_keys() {
    let mut h = harness(blank());
    press(&mut h, Modifiers::NONE, Key::F1);
    assert!(h.query_by_label("Keyboard shortcuts").is_some());
    assert!(h.query_by_label("Ctrl+Shift+Z or Ctrl+Y").is_some());
}

fn centre_of(h: &Harness<'_, App>, label: &str) -> egui::Pos2 {
    h.get_by_label(label).rect().center()
}

#[test]
fn canvas_nodes_carry_accessible_names_and_select_on_click() {
    let mut h = harness(app_with(gold(), PresetDialogs::new()));
    for name in ["Actor: Mine", "Actor: Refiner", "Asset: Gold lot"] {
        assert!(h.query_by_label(name).is_some(), "{name}");
    }
    click(&mut h, "Actor: Refiner");
    assert_eq!(h.state().selection().iter().collect::<Vec<_>>(), ["a-refiner"]);
    assert!(h.query_by_label("Actor: Refiner").is_some());
    assert!(
        h.query_by_label("Delete node").is_some(),
        "the inspector shows the node"
    );
}

#[test]
fn dragging_a_node_is_one_undo_step() {
    let mut h = harness(app_with(gold(), PresetDialogs::new()));
    let from = centre_of(&h, "Actor: Mine");
    drag(&mut h, from, from + egui::vec2(0.0, 120.0));
    let moved = h.state().project().nodes["a-mine"].position;
    assert!(moved.y > 0.0, "{moved:?}");
    assert!(h.state().is_dirty());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project(), &gold());
}

#[test]
fn the_connect_tool_draws_a_flow_between_two_nodes() {
    let mut h = harness(app_with(gold(), PresetDialogs::new()));
    click(&mut h, "Connect");
    let (from, to) = (centre_of(&h, "Actor: Mine"), centre_of(&h, "Asset: Gold lot"));
    drag(&mut h, from, to);
    let project = h.state().project();
    assert_eq!(project.flows.len(), 3);
    let new = project
        .flows
        .values()
        .find(|f| f.from == "a-mine" && f.to == "s-gold")
        .expect("a flow Mine to Gold lot");
    assert_eq!(new.step, 3);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project(), &gold());
}

#[test]
fn insert_names_the_new_node_on_the_canvas() {
    let mut h = harness(app_with(gold(), PresetDialogs::new()));
    press(&mut h, Modifiers::SHIFT, Key::A);
    assert_eq!(h.state().project().nodes.len(), 4);
    // The new node's name is selected in a field on the canvas: typing replaces it.
    h.event(Event::Text("Vault".into()));
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(
        h.state()
            .project()
            .nodes
            .values()
            .any(|n| n.name == "Vault" && n.is_actor())
    );
    assert!(h.query_by_label("Actor: Vault").is_some());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project(), &gold(), "add and rename are two undo steps");
}

#[test]
fn insert_puts_the_node_beside_the_selection_clear_of_every_node() {
    let mut h = harness(app_with(gold(), PresetDialogs::new()));
    click(&mut h, "Actor: Mine");
    press(&mut h, Modifiers::SHIFT, Key::A);
    press(&mut h, Modifiers::NONE, Key::Escape);
    let project = h.state().project().clone();
    let (id, node) = (project.nodes.iter())
        .find(|(_, n)| n.name == "Actor 1")
        .expect("inserted");
    assert!(room_around(&project, id) > CLEARANCE, "{:?}", node.position);
    let (x, y) = (node.position.x, node.position.y);
    assert!(x.hypot(y) < 500.0, "beside Mine: {:?}", node.position);
    assert!(h.query_by_label("Actor: Actor 1").is_some(), "in view");

    // With nothing selected, near the middle of the view, and again clear of every node.
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::SHIFT, Key::S);
    press(&mut h, Modifiers::NONE, Key::Escape);
    let project = h.state().project().clone();
    let id = (project.nodes.iter())
        .find(|(_, n)| n.name == "Asset 1")
        .map(|(id, _)| id.clone())
        .expect("inserted");
    assert!(room_around(&project, &id) > CLEARANCE);
    assert!(h.query_by_label("Asset: Asset 1").is_some(), "in view");
}

#[test]
fn the_actor_tool_places_an_actor_where_you_click() {
    let mut h = harness(blank());
    click(&mut h, "Actor");
    let canvas = h.get_by_label("Diagram").rect();
    let spot = canvas.center();
    h.hover_at(spot);
    h.run();
    h.drag_at(spot);
    h.run();
    h.drop_at(spot);
    h.run();
    assert_eq!(h.state().project().nodes.len(), 1);
    assert!(h.state().project().nodes.values().all(|n| n.is_actor()));
}

#[test]
fn without_a_system_file_dialog_the_editor_asks_for_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed.ron");
    let mut h = harness(app_with(gold(), PresetDialogs::missing()));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert!(h.query_by_label("Save the project as").is_some());
    press(&mut h, Modifiers::COMMAND, Key::A);
    h.event(Event::Text(path.display().to_string()));
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert_eq!(file::load(&path).unwrap().project, gold());

    menu(&mut h, "File", "New blank project");
    menu(&mut h, "File", "Open…");
    assert!(h.query_by_label("Open a project file").is_some());
    press(&mut h, Modifiers::COMMAND, Key::A);
    h.event(Event::Text(path.display().to_string()));
    h.run();
    click(&mut h, "Open");
    assert_eq!(h.state().project(), &gold());
}

#[test]
fn recent_files_reopen_from_the_menu() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recent.ron");
    file::save(&path, &gold()).unwrap();
    let seams = Seams {
        dialogs: Box::new(PresetDialogs::new()),
        recent: vec![path.clone()],
        recovery: None,
    };
    let mut h = harness(App::new_for_test(Project::new("Other"), seams));
    h.get_by_label("File").click();
    h.run();
    click(&mut h, "Open Recent");
    click(&mut h, "recent.ron");
    assert_eq!(h.state().project(), &gold());
    assert_eq!(h.state().recent_files(), [path]);
}

#[test]
fn the_editor_guide_lists_every_shortcut() {
    let guide = include_str!("../../docs/EDITOR.md");
    for command in Command::ALL {
        let keys: Vec<String> = command
            .shortcuts()
            .iter()
            .map(|s| s.format(&egui::ModifierNames::NAMES, false))
            .collect();
        let row = format!("\n| {} ", keys.join(" or "));
        assert!(
            guide.contains(&row),
            "docs/EDITOR.md lacks the row {row:?} for {command:?}"
        );
    }
}

#[test]
fn zoom_keys_zoom_the_diagram_not_the_interface() {
    let mut h = harness(app_with(gold(), PresetDialogs::new()));
    let interface = h.ctx.zoom_factor();
    press(&mut h, Modifiers::COMMAND, Key::Num0);
    assert!(h.query_by_label("100 %").is_some(), "Ctrl+0 shows the diagram at 100 %");
    press(&mut h, Modifiers::COMMAND, Key::Plus);
    assert!(h.query_by_label("125 %").is_some(), "Ctrl+Plus zooms in one step");
    assert_eq!(h.ctx.zoom_factor(), interface, "the interface keeps its size");
}

#[test]
fn the_assessment_page_follows_the_project() {
    let sample = dlt_modeller::templates::find("gold-trade").unwrap().project();
    let mut h = harness(app_with(sample, PresetDialogs::new()));
    click(&mut h, "Assessment");
    assert!(
        h.query_by_label_contains("total weight").is_some(),
        "the sample's criteria rank platforms"
    );
    assert!(h.query_by_label(dlt_modeller::assess::NO_CRITERIA).is_none());
    press(&mut h, Modifiers::COMMAND, Key::A);
    press(&mut h, Modifiers::NONE, Key::Delete);
    let says_no_criteria = h.query_all_by_label(dlt_modeller::assess::NO_CRITERIA).count() > 0;
    assert!(says_no_criteria, "recomputed after the edit");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.query_by_label_contains("total weight").is_some(), "and after undo");
}

#[test]
fn auto_layout_and_tidy_are_one_undo_step_each() {
    let mut crowded = dlt_modeller::templates::find("food-traceability").unwrap().project();
    for (i, node) in crowded.nodes.values_mut().enumerate() {
        node.position = Position::new((i % 4) as f32 * 40.0, (i / 4) as f32 * 25.0);
    }
    assert!(dlt_modeller::layout::overlaps(&crowded, &dlt_modeller::diagram::Sizes) > 0);
    let mut h = harness(app_with(crowded.clone(), PresetDialogs::new()));
    press(&mut h, Modifiers::COMMAND, Key::L);
    let laid_out = h.state().project().clone();
    assert_eq!(
        dlt_modeller::layout::overlaps(&laid_out, &dlt_modeller::diagram::Sizes),
        0
    );
    let rightwards = laid_out
        .flows
        .values()
        .filter(|f| laid_out.nodes[&f.to].position.x > laid_out.nodes[&f.from].position.x)
        .count();
    assert!(rightwards * 2 > laid_out.flows.len(), "flows point right");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project(), &crowded, "one undo restores every position");

    menu(&mut h, "Edit", "Tidy");
    assert_eq!(
        dlt_modeller::layout::overlaps(h.state().project(), &dlt_modeller::diagram::Sizes),
        0
    );
    assert!(
        h.state().status_message().contains("Tidy"),
        "{}",
        h.state().status_message()
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project(), &crowded);
}

#[test]
fn unsaved_changes_get_a_recovery_copy_that_goes_when_clean() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(with_recovery(gold(), dir.path()));
    assert_eq!(recovery_copies(dir.path()).len(), 0, "a clean project has no copy");
    press(&mut h, Modifiers::SHIFT, Key::A);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.state().is_dirty());
    let copies = recovery_copies(dir.path());
    assert_eq!(copies.len(), 1, "the first change is copied at once");
    let copy = file::load(&copies[0]).unwrap().project;
    assert_eq!(&copy, h.state().project(), "the copy holds the unsaved state");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!h.state().is_dirty());
    assert_eq!(recovery_copies(dir.path()).len(), 0, "clean again: the copy goes");
}

#[test]
fn a_crashed_sessions_copy_is_offered_and_restored_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let store = file::RecoveryStore::new(dir.path());
    let mut lost = gold();
    lost.nodes.get_mut("a-mine").unwrap().name = "Mine (unsaved edit)".into();
    let written = store
        .write(
            "crashed",
            Some(Path::new("/work/gold.ron")),
            &lost,
            std::time::Duration::from_secs(5),
        )
        .unwrap();
    // A session that is gone: it holds no lock (its process id, this one's, is running).

    let mut h = harness(with_recovery(Project::new("Other"), dir.path()));
    h.get_by_label_contains("did not close properly");
    click(&mut h, "Restore");
    assert_eq!(h.state().project(), &lost);
    assert!(h.state().is_dirty(), "restored changes are unsaved");
    assert_eq!(h.state().path(), Some(Path::new("/work/gold.ron")));
    assert!(!written.exists(), "the copy is taken once restored");
}

/// Opens `path` through File › Open in a fresh editor.
fn opened(path: &Path) -> Harness<'static, App> {
    let mut h = harness(app_with(Project::new("Other"), PresetDialogs::new().then_open(path)));
    menu(&mut h, "File", "Open…");
    assert_eq!(h.state().path(), Some(path));
    h
}

/// A colleague's change to the file on disk while it is open: the refiner gets a jurisdiction.
fn change_on_disk(path: &Path) {
    let mut theirs = file::load(path).unwrap().project;
    theirs.nodes.get_mut("a-refiner").unwrap().jurisdiction = "CH".into();
    file::save(path, &theirs).unwrap();
}

fn rename_mine(h: &mut Harness<'_, App>) {
    click(h, "Actor: Mine");
    press(h, Modifiers::NONE, Key::F2);
    press(h, Modifiers::COMMAND, Key::A);
    h.event(Event::Text("Gold mine".into()));
    h.run();
    press(h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().project().nodes["a-mine"].name, "Gold mine");
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_and_can_merge() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.ron");
    file::save(&path, &gold()).unwrap();
    let mut h = opened(&path);
    rename_mine(&mut h);
    change_on_disk(&path);

    press(&mut h, Modifiers::COMMAND, Key::S);
    h.get_by_label("The file changed on disk");
    assert_eq!(
        file::load(&path).unwrap().project.nodes["a-mine"].name,
        "Mine",
        "nothing was overwritten"
    );
    click(&mut h, "Merge");
    let merged = h.state().project();
    assert_eq!(merged.nodes["a-mine"].name, "Gold mine", "our change stays");
    assert_eq!(merged.nodes["a-refiner"].jurisdiction, "CH", "their change arrives");
    assert!(h.state().is_dirty());

    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(
        !h.state().is_dirty(),
        "after merging, saving writes without asking again"
    );
    let on_disk = file::load(&path).unwrap().project;
    assert_eq!(&on_disk, h.state().project());
}

#[test]
fn saving_over_a_file_changed_on_disk_can_overwrite_or_reload() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.ron");
    file::save(&path, &gold()).unwrap();

    let mut h = opened(&path);
    rename_mine(&mut h);
    change_on_disk(&path);
    press(&mut h, Modifiers::COMMAND, Key::S);
    click(&mut h, "Overwrite");
    let on_disk = file::load(&path).unwrap().project;
    assert_eq!(on_disk.nodes["a-mine"].name, "Gold mine");
    assert_eq!(on_disk.nodes["a-refiner"].jurisdiction, "", "overwritten, as asked");

    file::save(&path, &gold()).unwrap();
    let mut h = opened(&path);
    rename_mine(&mut h);
    change_on_disk(&path);
    press(&mut h, Modifiers::COMMAND, Key::S);
    click(&mut h, "Reload");
    assert_eq!(
        h.state().project().nodes["a-mine"].name,
        "Mine",
        "our unsaved rename is dropped, as asked"
    );
    assert_eq!(h.state().project().nodes["a-refiner"].jurisdiction, "CH");
    assert!(!h.state().is_dirty());
}

#[test]
fn a_file_from_a_newer_version_opens_read_only_and_is_never_saved_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.ron");
    let text = file::to_text(&gold()).replace("version: 1,", "version: 2,");
    std::fs::write(&path, &text).unwrap();
    let mut h = opened(&path);
    assert_eq!(h.state().project(), &gold());
    h.get_by_label_contains("Read-only: a newer dlt-modeller wrote this file");
    rename_mine(&mut h);
    press(&mut h, Modifiers::COMMAND, Key::S);
    let (title, _) = h.state().error().expect("saving is refused with the reason");
    assert_eq!(title, "This file is read-only here");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "the file is untouched");
}
