//! The Project catalogue window driven headlessly through egui_kittest: adding a custom
//! criterion (one undo step), refusing an invalid entry with a message, and importing the custom
//! entries of another project file.

use dlt_modeller::app::{App, PresetDialogs};
use dlt_modeller::file;
use dlt_modeller::model::{CustomCriterion, CustomPlatform, Project, ScoreOverride};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{app_with, click, harness};

fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn open_window(h: &mut Harness<'_, App>) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    h.run();
    assert!(h.query_by_label("Import from project…").is_some(), "the window is open");
}

#[test]
fn add_a_custom_criterion_then_undo_it() {
    let mut h = harness(app_with(Project::new("Mine"), PresetDialogs::new()));
    open_window(&mut h);
    click(&mut h, "Criteria (0)");
    click(&mut h, "New criterion");
    type_into(&mut h, "Key", "org.energy");
    type_into(&mut h, "Name", "Energy per transaction");
    click(&mut h, "Save entry");
    let saved = &h.state().project().custom.criteria;
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(saved["org.energy"].name, "Energy per transaction");
    assert_eq!(
        saved["org.energy"].category, "cat.core",
        "the first category by default"
    );
    assert!(h.state().status_message().contains("org.energy"));
    assert!(h.query_by_label("Criteria (1)").is_some());
    assert!(h.state().is_dirty());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().project().custom.is_empty(), "one undo takes it back");
}

#[test]
fn an_invalid_entry_is_refused_with_a_message() {
    let mut h = harness(app_with(Project::new("Mine"), PresetDialogs::new()));
    open_window(&mut h);
    click(&mut h, "New component");
    type_into(&mut h, "Key", "platform.consensus");
    type_into(&mut h, "Name", "Ours");
    click(&mut h, "Save entry");
    assert!(h.state().project().custom.is_empty(), "nothing saved");
    assert!(
        h.query_by_label_contains("key of a built-in component").is_some(),
        "the window says why"
    );
    assert!(!h.state().is_dirty());
}

#[test]
fn import_the_custom_entries_of_another_project() {
    let dir = tempfile::tempdir().unwrap();
    let theirs_path = dir.path().join("theirs.ron");
    let mut theirs = Project::new("Theirs");
    theirs.custom.criteria.insert(
        "org.energy".into(),
        CustomCriterion {
            name: "Energy".into(),
            category: "cat.operation".into(),
            description: String::new(),
        },
    );
    let mut platform = CustomPlatform {
        name: "GreenChain".into(),
        ..CustomPlatform::default()
    };
    platform.scores.insert(
        "org.energy".into(),
        ScoreOverride {
            score: 3,
            note: String::new(),
        },
    );
    theirs.custom.platforms.insert("org.greenchain".into(), platform);
    theirs.custom.criteria.insert(
        "org.broken".into(),
        CustomCriterion {
            name: "Broken".into(),
            category: "cat.nope".into(),
            description: String::new(),
        },
    );
    file::save(&theirs_path, &theirs).unwrap();

    let dialogs = PresetDialogs::new().then_open(&theirs_path);
    let mut h = harness(app_with(Project::new("Mine"), dialogs));
    open_window(&mut h);
    click(&mut h, "Import from project…");
    let custom = &h.state().project().custom;
    assert!(custom.criteria.contains_key("org.energy"), "{custom:?}");
    assert!(custom.platforms.contains_key("org.greenchain"), "{custom:?}");
    assert!(
        !custom.criteria.contains_key("org.broken"),
        "invalid entries are left out"
    );
    let status = h.state().status_message();
    assert!(status.contains("2 added") && status.contains("cat.nope"), "{status}");
    assert!(h.query_by_label("Platforms (1)").is_some());
}

#[test]
fn import_a_rule_file_as_the_projects_own_rules() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("policy.ron");
    let text = r#"(rules: [(key: "legal_opinion", topic: "reg.jurisdiction", severity: Warning, source: "Policy 7",
        lists: {"crossing": Flows(CrossesJurisdictions)}, when: NotEmpty("crossing"), flows: "crossing",
        message: [(text: "{crossing.count} cross-border {crossing:flow needs|flows need} a legal opinion")])])"#;
    std::fs::write(&good, text).unwrap();
    let bad = dir.path().join("broken.ron");
    std::fs::write(
        &bad,
        text.replace("personal", "x").replace("legal_opinion", "personal_data"),
    )
    .unwrap();

    let dialogs = PresetDialogs::new().then_open(&bad).then_open(&good);
    let mut h = harness(app_with(Project::new("Mine"), dialogs));
    open_window(&mut h);
    click(&mut h, "Import rules…");
    assert!(
        h.state().project().custom.rules.is_empty(),
        "a refused file changes nothing"
    );
    let status = h.state().status_message();
    assert!(status.contains("Could not import the rules of broken.ron"), "{status}");
    assert!(
        h.query_by_label_contains("broken.ron:1:").is_some(),
        "the dialog says where"
    );
    h.key_press(Key::Escape);
    h.run();

    click(&mut h, "Import rules…");
    assert_eq!(h.state().project().custom.rules, text);
    let status = h.state().status_message();
    assert!(status.contains("Imported 1 rule from policy.ron"), "{status}");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().project().custom.rules.is_empty(), "one undo step");
}
