//! File › Compare with… in the real editor (issue 22): the other version is picked, the Compare
//! window lists the model's differences and the assessment delta, the added node is marked added
//! (drawn outlined green on the canvas), the removed one ghosted, and clicking an entry selects
//! what it is about.

use dlt_modeller::app::{CompareChange, PresetDialogs};
use dlt_modeller::file;
use dlt_modeller::model::{DataLocation, Flow, Node, Position, Project};
use egui_kittest::kittest::Queryable;

use crate::common::{app_with, click, harness};

fn before() -> Project {
    let mut p = Project::new("Gold");
    p.nodes
        .insert("mine".into(), Node::actor("Mine", Position::new(0.0, 0.0)));
    p.nodes
        .insert("refiner".into(), Node::actor("Refiner", Position::new(400.0, 0.0)));
    p.nodes
        .insert("auditor".into(), Node::actor("Auditor", Position::new(400.0, 300.0)));
    p.flows
        .insert("sells".into(), Flow::new("mine", "refiner", 1, "sells gold"));
    p
}

/// The editor's version: a personal-data register added on the ledger, the auditor removed.
fn after() -> Project {
    let mut p = before();
    p.nodes.remove("auditor");
    let mut register = Node::asset("Customer register", Position::new(0.0, 300.0));
    register.personal_data = true;
    register.data = DataLocation::OnLedger;
    p.nodes.insert("register".into(), register);
    p.flows
        .insert("keeps".into(), Flow::new("refiner", "register", 2, "keeps customers"));
    p
}

#[test]
fn compare_lists_the_changes_and_marks_the_added_node() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("before.ron");
    std::fs::write(&other, file::to_text(&before())).unwrap();
    let app = app_with(after(), PresetDialogs::new().then_open(&other));
    let mut h = harness(app);
    assert_eq!(h.state().compared("register"), None, "nothing is compared yet");

    click(&mut h, "File");
    click(&mut h, "Compare with…");

    assert!(
        h.query_by_label("Compare with before.ron").is_some(),
        "the window is open"
    );
    assert_eq!(h.state().compared("register"), Some(CompareChange::Added));
    assert_eq!(h.state().compared("keeps"), Some(CompareChange::Added));
    assert_eq!(h.state().compared("auditor"), Some(CompareChange::Removed));
    assert_eq!(h.state().compared("mine"), None);
    assert!(
        h.query_by_label_contains("added asset \"Customer register\" (register)")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("removed actor \"Auditor\" (auditor)")
            .is_some()
    );
    let gap = "coverage gap opened: personal data is placed on-ledger at “Customer register”";
    assert!(
        h.query_by_label_contains(gap).is_some(),
        "the assessment delta is listed"
    );

    h.get_by_label_contains(gap).click();
    h.run();
    let selected: Vec<&String> = h.state().selection().iter().collect();
    assert_eq!(selected, ["register"], "clicking an entry selects what it is about");
}
