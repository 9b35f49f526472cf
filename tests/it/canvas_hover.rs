//! Hovering the canvas in the real editor: a node's tooltip shows its whole name and caption
//! and, for a marked node, exactly what in the assessment marked it — also when the Findings
//! section has nothing to say (issue 14: the orange "!" explained nothing while Findings said
//! "The model has no findings").

use dlt_modeller::app::{App, PresetDialogs};
use dlt_modeller::assess::assess;
use dlt_modeller::canvas::{caption, reasons};
use dlt_modeller::catalog::Catalog;
use dlt_modeller::model::{Flow, Node, Position, Project};
use egui::Pos2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{self, app_with};

/// A mine that records personal data, selling gold to a refiner: no validation findings, but
/// the personal data raises an open regulatory topic (and a coverage gap) on the mine.
fn gold() -> Project {
    let mut p = Project::new("Gold");
    let mut mine = Node::actor(
        "Artisanal mine of the Madre de Dios cooperative",
        Position::new(0.0, 0.0),
    );
    mine.personal_data = true;
    p.nodes.insert("a-mine".into(), mine);
    p.nodes
        .insert("a-refiner".into(), Node::actor("Refiner", Position::new(400.0, 0.0)));
    p.nodes
        .insert("s-gold".into(), Node::asset("Gold lot", Position::new(200.0, 200.0)));
    let mut sells = Flow::new("a-mine", "a-refiner", 1, "sells the gold lot of the week");
    sells.asset = Some("s-gold".into());
    p.flows.insert("f-sells".into(), sells);
    p
}

/// The editor on `project`, 1400 × 900 points, after its first frames.
fn harness(project: Project) -> Harness<'static, App> {
    common::harness(app_with(project, PresetDialogs::new()))
}

/// Rests the pointer at `at` for a second, long enough for a tooltip to show.
fn rest_at(h: &mut Harness<'_, App>, at: Pos2) {
    h.hover_at(at);
    for _ in 0..60 {
        h.step();
    }
}

#[test]
fn hovering_a_marked_node_shows_the_findings_that_mark_it() {
    let project = gold();
    let report = assess(&project, &Catalog::builtin().with_project(&project));
    assert!(report.findings.is_empty(), "Findings says there are none");
    let marker = report.worst.get("a-mine").expect("but the mine carries a marker");
    let why = reasons(&report, "a-mine");
    assert!(
        why.iter().any(|r| r.section == "Regulatory checklist"),
        "an open regulatory topic marks it: {why:#?}"
    );

    let mut h = harness(project.clone());
    let name = &project.nodes["a-mine"].name;
    let mine = h.get_by_label(&format!("Actor: {name}")).rect().center();
    assert!(
        h.query_by_label_contains("Marked as").is_none(),
        "no tooltip before hovering"
    );
    let named = h.query_all_by_label(name).count();
    rest_at(&mut h, mine);
    assert_eq!(h.query_all_by_label(name).count(), named + 1, "the whole name");
    assert!(
        h.query_by_label(&caption(&project.nodes["a-mine"])).is_some(),
        "the caption"
    );
    let heading = format!(
        "Marked as {} {} by:",
        if marker.label() == "error" { "an" } else { "a" },
        marker.label()
    );
    assert!(h.query_by_label(&heading).is_some(), "{heading}");
    for reason in &why {
        assert!(h.query_by_label(&reason.text).is_some(), "{reason:#?}");
    }
    assert!(
        why.iter()
            .any(|r| h.query_by_label(&r.text).is_some() && r.text.contains("Regulatory topic")),
        "the regulatory topic is named in words"
    );

    // Off the node, the tooltip goes.
    let empty = h.get_by_label("Diagram").rect().left_top() + egui::vec2(20.0, 20.0);
    rest_at(&mut h, empty);
    assert!(h.query_by_label(&heading).is_none());
}

#[test]
fn an_unmarked_node_shows_its_name_and_caption_only() {
    let project = gold();
    let report = assess(&project, &Catalog::builtin().with_project(&project));
    let unmarked = ["a-refiner", "s-gold"]
        .into_iter()
        .find(|id| report.worst.get(id).is_none())
        .expect("a node without a marker");
    let node = &project.nodes[unmarked];
    let mut h = harness(project.clone());
    let kind = if node.is_actor() { "Actor" } else { "Asset" };
    let at = h.get_by_label(&format!("{kind}: {}", node.name)).rect().center();
    rest_at(&mut h, at);
    assert!(h.query_by_label(&caption(node)).is_some());
    assert!(h.query_by_label_contains("Marked as").is_none());
}

#[test]
fn hovering_a_flow_shows_its_whole_label() {
    let mut h = harness(gold());
    let flow = h.get_by_label_contains("Flow 1:").rect().center();
    rest_at(&mut h, flow);
    assert!(
        h.query_by_label("Step 1, from Artisanal mine of the Madre de Dios cooperative to Refiner")
            .is_some()
    );
    assert!(h.query_by_label("sells the gold lot of the week").is_some());
    assert!(h.query_by_label("carries Gold lot").is_some());
}

#[test]
fn on_every_sample_each_marker_is_explained_by_its_reasons() {
    // The samples have no validation findings, yet most of their nodes carry a marker: open
    // regulatory topics (and a coverage gap in tax-compliance) raise them.
    for template in dlt_modeller::templates::all() {
        let project = template.project();
        let report = assess(&project, &Catalog::builtin().with_project(&project));
        for id in project.nodes.keys() {
            let why = reasons(&report, id);
            let worst = why.iter().map(|r| r.severity).max();
            assert_eq!(worst, report.worst.get(id), "{} {id}: {why:#?}", template.key);
        }
    }
}
