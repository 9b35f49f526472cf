//! The Glossary and catalogue window driven headlessly through egui_kittest: search, the kind
//! filter, and attaching a component from the window to the selected node as one undo step.

use dlt_modeller::app::PresetDialogs;
use dlt_modeller::model::{Node, Position, Project};
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};

use crate::common::{app_with, click, harness};

/// One actor, "Mine", with nothing attached.
fn mine() -> Project {
    let mut p = Project::new("Mine");
    p.nodes
        .insert("a-mine".into(), Node::actor("Mine", Position::new(0.0, 0.0)));
    p
}

#[test]
fn search_the_catalogue_and_attach_a_component_to_the_selection() {
    let mut h = harness(app_with(mine(), PresetDialogs::new()));
    click(&mut h, "Actor: Mine");
    assert_eq!(h.state().selection().iter().collect::<Vec<_>>(), ["a-mine"]);

    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run();
    h.get_by_label("Search the catalogue").type_text("consensus");
    h.run();
    assert!(
        h.query_by_label("component · platform.consensus").is_some(),
        "the component Consensus mechanism is listed"
    );
    assert!(h.query_by_label("Consensus").is_some(), "the glossary term is listed");
    assert!(h.query_all_by_label("term").count() >= 1);

    click(&mut h, "Components");
    assert!(h.query_by_label("Consensus").is_none(), "terms are filtered out");
    h.get_all_by_label("Attach to selection")
        .next()
        .expect("components have an attach button")
        .click();
    h.run();
    let components = &h.state().project().nodes["a-mine"].components;
    assert!(components.contains("platform.consensus"), "{components:?}");
    assert!(h.state().status_message().contains("platform.consensus"));

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        h.state().project().nodes["a-mine"].components.is_empty(),
        "one undo takes it off"
    );
}

#[test]
fn attaching_waits_for_a_selection() {
    let mut h = harness(app_with(mine(), PresetDialogs::new()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run();
    h.get_by_label("Search the catalogue").type_text("consensus mechanism");
    h.run();
    let button = h
        .get_all_by_label("Attach to selection")
        .next()
        .expect("an attach button");
    assert!(button.accesskit_node().is_disabled(), "disabled with nothing selected");
    button.click();
    h.run();
    assert!(h.state().project().nodes["a-mine"].components.is_empty());
}
