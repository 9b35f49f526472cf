//! The canvas driven headlessly through egui_kittest: a host owns a `History` and a `Canvas`,
//! shows the canvas in a central panel and applies its actions, as the app does.

use dlt_modeller::canvas::{Action, Annotations, CLEARANCE, Canvas, NewNode, Tool, room_around};
use dlt_modeller::diagram::{MAX_ZOOM, MIN_ZOOM, View};
use dlt_modeller::edit::History;
use dlt_modeller::model::{Flow, Node, Position, Project};
use egui::{
    Event, Key, Modifiers, MouseWheelSource, MouseWheelUnit, PointerButton, Pos2, TouchPhase, Vec2, pos2, vec2,
};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

struct Host {
    history: History,
    canvas: Canvas,
    /// A node payload to hold as if dragged in from a palette.
    payload: Option<NewNode>,
    /// Why gestures did nothing, as the canvas said.
    refused: Vec<&'static str>,
}

fn project() -> Project {
    let mut p = Project::new("Gold");
    p.nodes
        .insert("mine".into(), Node::actor("Mine", Position::new(0.0, 0.0)));
    p.nodes
        .insert("refiner".into(), Node::actor("Refiner", Position::new(400.0, 0.0)));
    p.nodes
        .insert("gold".into(), Node::asset("Gold bar", Position::new(0.0, 240.0)));
    let mut flow = Flow::new("mine", "refiner", 1, "registers lot");
    flow.asset = Some("gold".into());
    p.flows.insert("f1".into(), flow);
    p
}

fn harness(project: Project) -> Harness<'static, Host> {
    let host = Host {
        history: History::new(project),
        canvas: Canvas::default(),
        payload: None,
        refused: Vec::new(),
    };
    Harness::builder()
        .with_size(vec2(1000.0, 700.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(64)
        .build_ui_state(
            |ui, host: &mut Host| {
                egui::CentralPanel::default().show(ui, |ui| {
                    if let Some(kind) = host.payload.take() {
                        egui::DragAndDrop::set_payload(ui.ctx(), kind);
                    }
                    let project = host.history.project();
                    let actions = host
                        .canvas
                        .ui(ui, project, host.history.revision(), Annotations::none());
                    for action in actions {
                        match action {
                            Action::Apply { edit, gesture } => host.history.apply_gesture(edit, gesture),
                            Action::EndGesture => host.history.end_gesture(),
                            Action::SelectionChanged => {}
                            Action::Refused(why) => host.refused.push(why),
                        }
                    }
                });
            },
            host,
        )
}

/// A harness showing `project` with diagram (0, 0) at screen (300, 150) and 100 % zoom, so the
/// window shows diagram x -300..700 and y -150..550.
fn harness_at_100(project: Project) -> Harness<'static, Host> {
    let mut h = harness(project);
    h.run();
    h.state_mut().canvas.view = View {
        origin: pos2(300.0, 150.0),
        zoom: 1.0,
    };
    h.run();
    h
}

fn centre(h: &Harness<'_, Host>, label: &str) -> Pos2 {
    h.get_by_label(label).rect().center()
}

/// The screen point of a diagram point.
fn screen(h: &Harness<'_, Host>, x: f32, y: f32) -> Pos2 {
    h.state().canvas.view.point_to_screen(pos2(x, y))
}

fn position(h: &Harness<'_, Host>, id: &str) -> Position {
    h.state().history.project().nodes[id].position
}

fn selection<'a>(h: &'a Harness<'_, Host>) -> Vec<&'a str> {
    h.state().canvas.selection.iter().map(String::as_str).collect()
}

/// Presses the primary button at `from`, moves to each of `path` and releases at its end.
fn drag(h: &mut Harness<'_, Host>, from: Pos2, path: &[Pos2]) {
    h.hover_at(from);
    h.drag_at(from);
    for p in path {
        h.hover_at(*p);
    }
    h.drop_at(*path.last().unwrap());
    h.run();
}

fn press(h: &Harness<'_, Host>, button: PointerButton, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

#[test]
fn nodes_and_flows_have_accessible_names_and_clicks_select() {
    let mut h = harness_at_100(project());
    h.get_by_label("Flow 1: Mine → Refiner: registers lot");
    h.get_by_label("Asset: Gold bar");
    h.get_by_label("Actor: Mine").click();
    h.run();
    assert_eq!(selection(&h), ["mine"]);
    h.get_by_label("Actor: Refiner").click_modifiers(Modifiers::SHIFT);
    h.run();
    assert_eq!(selection(&h), ["mine", "refiner"]);
    h.get_by_label("Actor: Mine").click_modifiers(Modifiers::SHIFT);
    h.run();
    assert_eq!(selection(&h), ["refiner"]);
    h.get_by_label("Flow 1: Mine → Refiner: registers lot").click();
    h.run();
    assert_eq!(selection(&h), ["f1"]);
    let empty = screen(&h, 200.0, 400.0);
    drag(&mut h, empty, &[empty]);
    assert!(selection(&h).is_empty(), "a click on empty canvas clears the selection");
}

#[test]
fn a_drag_moves_the_node_and_one_undo_puts_it_back() {
    let mut h = harness_at_100(project());
    let start = centre(&h, "Actor: Mine");
    let zoom = h.state().canvas.view.zoom;
    drag(
        &mut h,
        start,
        &[
            start + vec2(10.0, 0.0),
            start + vec2(60.0, 20.0),
            start + vec2(120.0, 40.0),
        ],
    );
    let moved = position(&h, "mine");
    assert!(
        (moved.x - 120.0 / zoom).abs() <= 10.0 && (moved.y - 40.0 / zoom).abs() <= 10.0,
        "{moved:?}"
    );
    assert_eq!((moved.x % 20.0, moved.y % 20.0), (0.0, 0.0), "snapped to the grid");
    assert_eq!(position(&h, "refiner"), Position::new(400.0, 0.0));
    let history = &mut h.state_mut().history;
    assert_eq!(history.undo_label(), Some("Move 1 node"));
    assert!(history.undo());
    assert!(!history.can_undo(), "the whole drag was one undo step");
    assert_eq!(position(&h, "mine"), Position::new(0.0, 0.0));
}

#[test]
fn dragging_a_selected_node_moves_the_whole_selection() {
    let mut h = harness(project());
    h.state_mut().canvas.snap = false;
    h.run();
    h.state_mut()
        .canvas
        .select_only(["mine".to_string(), "gold".to_string()]);
    let start = centre(&h, "Asset: Gold bar");
    let zoom = h.state().canvas.view.zoom;
    drag(&mut h, start, &[start + vec2(0.0, 10.0), start + vec2(0.0, 50.0)]);
    let dy = 50.0 / zoom;
    assert!((position(&h, "mine").y - dy).abs() < 0.2, "{:?}", position(&h, "mine"));
    assert!((position(&h, "gold").y - (240.0 + dy)).abs() < 0.2);
    assert_eq!(position(&h, "refiner"), Position::new(400.0, 0.0));
    assert_eq!(h.state().history.undo_label(), Some("Move 2 nodes"));
}

#[test]
fn escape_during_a_drag_restores_the_position_and_leaves_no_undo_step() {
    let mut h = harness_at_100(project());
    let start = centre(&h, "Actor: Mine");
    h.hover_at(start);
    h.drag_at(start);
    h.hover_at(start + vec2(20.0, 0.0));
    h.hover_at(start + vec2(150.0, 60.0));
    h.run();
    assert!(h.state().canvas.is_busy());
    h.key_press(Key::Escape);
    h.hover_at(start + vec2(200.0, 80.0));
    h.drop_at(start + vec2(200.0, 80.0));
    h.run();
    assert_eq!(position(&h, "mine"), Position::new(0.0, 0.0));
    assert!(!h.state().history.can_undo());
    assert!(!h.state().history.is_dirty());
    assert!(!h.state().canvas.is_busy());
}

#[test]
fn dragging_on_empty_canvas_selects_the_nodes_in_the_box() {
    let mut h = harness_at_100(project());
    // Around Mine and Gold bar (x -80..80, y -30..270) but not Refiner (x 320..480).
    let from = screen(&h, -150.0, -80.0);
    let to = screen(&h, 150.0, 320.0);
    drag(&mut h, from, &[from + vec2(15.0, 15.0), to]);
    assert_eq!(selection(&h), ["gold", "mine"]);
    // A box around everything takes the flow between selected nodes too.
    let to = screen(&h, 560.0, 320.0);
    drag(&mut h, from, &[from + vec2(15.0, 15.0), to]);
    assert_eq!(selection(&h), ["f1", "gold", "mine", "refiner"]);
    assert!(!h.state().history.can_undo(), "selecting changes nothing");
}

#[test]
fn the_actor_tool_adds_an_actor_where_clicked() {
    let mut h = harness_at_100(project());
    h.state_mut().canvas.tool = Tool::AddActor;
    let at = screen(&h, 600.0, 400.0);
    drag(&mut h, at, &[at]);
    let project = h.state().history.project();
    let (id, node) = project
        .nodes
        .iter()
        .find(|(_, n)| n.name == "Actor 1")
        .expect("an actor was added");
    let id = id.clone();
    assert!(node.is_actor());
    assert_eq!(node.position, Position::new(600.0, 400.0), "a free spot is kept");
    assert_eq!(selection(&h), [id.as_str()]);
    assert_eq!(h.state().canvas.tool, Tool::Select);
    // The new node is being renamed: typing replaces its name.
    h.event(Event::Text("Vault".into()));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().history.project().nodes[&id].name, "Vault");
}

#[test]
fn double_clicking_empty_canvas_adds_a_node_of_the_palette_kind() {
    let mut h = harness_at_100(project());
    let at = screen(&h, 200.0, 400.0);
    h.hover_at(at);
    for _ in 0..2 {
        press(&h, PointerButton::Primary, at, true);
        press(&h, PointerButton::Primary, at, false);
    }
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.state()
            .history
            .project()
            .nodes
            .values()
            .any(|n| n.name == "Actor 1" && n.is_actor())
    );
    h.state_mut().canvas.tool = Tool::AddAsset;
    let at = screen(&h, 600.0, 400.0);
    h.hover_at(at);
    for _ in 0..2 {
        press(&h, PointerButton::Primary, at, true);
        press(&h, PointerButton::Primary, at, false);
    }
    h.run();
    let project = h.state().history.project();
    assert!(project.nodes.values().any(|n| n.name == "Asset 1" && n.is_asset()));
    assert_eq!(project.nodes.len(), 5, "one node per double-click");
}

#[test]
fn dragging_from_the_handle_to_another_node_draws_a_flow() {
    let mut h = harness_at_100(project());
    // The handle sits in the middle of Mine's right edge.
    let handle = screen(&h, 80.0, 0.0);
    let target = centre(&h, "Asset: Gold bar");
    drag(&mut h, handle, &[handle + vec2(10.0, 10.0), target]);
    let project = h.state().history.project();
    assert_eq!(project.flows.len(), 2);
    let (id, flow) = project.flows.iter().find(|(id, _)| *id != "f1").unwrap();
    assert_eq!((flow.from.as_str(), flow.to.as_str()), ("mine", "gold"));
    assert_eq!((flow.step, flow.action.as_str()), (2, "new flow"));
    assert_eq!(selection(&h), [id.as_str()]);
    assert_eq!(position(&h, "mine"), Position::new(0.0, 0.0), "the node did not move");
}

#[test]
fn dragging_from_the_handle_back_onto_the_node_draws_nothing_and_says_why() {
    let mut h = harness_at_100(project());
    let handle = screen(&h, 80.0, 0.0);
    let mine = centre(&h, "Actor: Mine");
    drag(&mut h, handle, &[handle + vec2(10.0, 10.0), mine]);
    assert_eq!(h.state().history.project().flows.len(), 1, "no flow added");
    assert_eq!(h.state().refused, [dlt_modeller::canvas::NO_FLOW_TO_ITSELF]);
}

#[test]
fn the_connect_tool_draws_a_flow_from_anywhere_on_a_node_and_not_onto_itself() {
    let mut h = harness_at_100(project());
    h.state_mut().canvas.tool = Tool::Connect;
    let from = centre(&h, "Actor: Refiner");
    drag(&mut h, from, &[from + vec2(10.0, 0.0), from + vec2(20.0, 5.0)]);
    assert_eq!(
        h.state().history.project().flows.len(),
        1,
        "no flow from a node to itself"
    );
    let to = centre(&h, "Actor: Mine");
    drag(&mut h, from, &[from + vec2(10.0, 0.0), to]);
    let project = h.state().history.project();
    assert!(project.flows.values().any(|f| f.from == "refiner" && f.to == "mine"));
}

#[test]
fn double_click_or_f2_renames_in_place_and_escape_cancels() {
    let mut h = harness_at_100(project());
    let mine = centre(&h, "Actor: Mine");
    h.hover_at(mine);
    for _ in 0..2 {
        press(&h, PointerButton::Primary, mine, true);
        press(&h, PointerButton::Primary, mine, false);
    }
    h.run();
    h.event(Event::Text("Artisanal mine".into()));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().history.project().nodes["mine"].name, "Artisanal mine");
    assert_eq!(h.state().history.undo_label(), Some("Rename"));

    h.get_by_label("Actor: Refiner").click();
    h.run();
    h.key_press(Key::F2);
    h.run();
    h.event(Event::Text("Smelter".into()));
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().history.project().nodes["refiner"].name, "Refiner");
    h.key_press(Key::F2);
    h.run();
    h.event(Event::Text("Smelter".into()));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().history.project().nodes["refiner"].name, "Smelter");
    assert!(h.state_mut().history.undo());
    assert!(h.state_mut().history.undo());
    assert!(!h.state().history.can_undo(), "each rename is one step");
}

#[test]
fn a_node_dropped_from_a_palette_is_added_where_it_lands() {
    let mut h = harness_at_100(project());
    h.state_mut().payload = Some(NewNode::Asset);
    let at = screen(&h, 600.0, 300.0);
    h.hover_at(at);
    h.run();
    press(&h, PointerButton::Primary, at, false);
    h.run();
    let project = h.state().history.project();
    let asset = project
        .nodes
        .values()
        .find(|n| n.name == "Asset 1")
        .expect("dropped asset added");
    assert_eq!(asset.position, Position::new(600.0, 300.0));
}

#[test]
fn keys_wheel_and_pinch_pan_and_zoom() {
    let mut h = harness_at_100(project());
    let view = h.state().canvas.view;
    h.key_press(Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().canvas.view.origin, view.origin + vec2(60.0, 0.0));
    h.key_press(Key::Plus);
    h.run();
    assert!((h.state().canvas.view.zoom / view.zoom - 1.25).abs() < 1e-4);
    h.key_press(Key::Minus);
    h.run();
    assert!((h.state().canvas.view.zoom - view.zoom).abs() < 1e-4);

    let pointer = screen(&h, 200.0, 100.0);
    h.hover_at(pointer);
    h.event(Event::Zoom(2.0));
    h.run();
    let zoomed = h.state().canvas.view;
    assert!((zoomed.zoom / view.zoom - 2.0).abs() < 1e-4);
    let under = zoomed.point_to_diagram(pointer);
    assert!(
        (under - pos2(200.0, 100.0)).length() < 0.01,
        "zoom keeps the point under the pointer: {under:?}"
    );

    // Middle-drag pans, and selects nothing.
    let from = centre(&h, "Actor: Mine");
    h.hover_at(from);
    press(&h, PointerButton::Middle, from, true);
    h.hover_at(from + vec2(30.0, 10.0));
    h.hover_at(from + vec2(100.0, 50.0));
    press(&h, PointerButton::Middle, from + vec2(100.0, 50.0), false);
    h.run();
    let moved = h.state().canvas.view.origin - zoomed.origin;
    assert!((moved - vec2(100.0, 50.0)).length() < 0.5, "{moved:?}");
    assert_eq!(position(&h, "mine"), Position::new(0.0, 0.0));
}

#[test]
fn zoom_commands_and_centring() {
    let mut h = harness(project());
    h.run();
    let canvas = &mut h.state_mut().canvas;
    canvas.zoom_100();
    assert_eq!(canvas.view.zoom, 1.0);
    canvas.zoom_in();
    assert!((canvas.view.zoom - 1.25).abs() < 1e-5);
    canvas.zoom_out();
    let project = project();
    canvas.centre_on("refiner", &project);
    let centre = canvas.view.point_to_screen(pos2(400.0, 0.0));
    assert!((centre - Pos2::new(500.0, 350.0)).length() < 1.0, "{centre:?}");
    canvas.centre_on("f1", &project);
    let centre = canvas.view.point_to_screen(pos2(200.0, 0.0));
    assert!(
        (centre - Pos2::new(500.0, 350.0)).length() < 1.0,
        "the middle of the flow: {centre:?}"
    );
    canvas.zoom_to_fit(
        &project,
        egui::Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 700.0)),
    );
    assert!(canvas.view.zoom > 1.0);
}

#[test]
fn zoomed_far_out_nodes_are_hit_by_position() {
    let mut big = dlt_modeller::generate::generate(3000, 7);
    big.nodes
        .insert("mine".into(), Node::actor("Mine", Position::new(-2000.0, -2000.0)));
    let mut h = harness(big);
    h.run();
    assert!(h.state().canvas.view.zoom < 0.1);
    assert!(
        h.query_by_label("Actor: Mine").is_none(),
        "no per-node regions when nodes are tiny"
    );
    let at = screen(&h, -2000.0, -2000.0);
    drag(&mut h, at, &[at]);
    assert_eq!(selection(&h), ["mine"]);
}

/// The id of the node named `name`.
fn id_of(h: &Harness<'_, Host>, name: &str) -> String {
    let project = h.state().history.project();
    let found = project.nodes.iter().find(|(_, n)| n.name == name);
    let names: Vec<&str> = project.nodes.values().map(|n| n.name.as_str()).collect();
    found
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no node {name} in {names:?}"))
}

#[test]
fn a_node_added_next_to_another_moves_a_label_width_away() {
    let mut h = harness_at_100(project());
    // Double-click just below Mine: the spot is free, but too close for a flow label.
    let at = screen(&h, 0.0, 90.0);
    h.hover_at(at);
    for _ in 0..2 {
        press(&h, PointerButton::Primary, at, true);
        press(&h, PointerButton::Primary, at, false);
    }
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().canvas.is_busy());
    let added = id_of(&h, "Actor 1");
    assert!(
        room_around(h.state().history.project(), &added) > CLEARANCE,
        "{:?}",
        position(&h, &added)
    );
    let p = position(&h, &added);
    assert!(pos2(p.x, p.y).distance(pos2(0.0, 90.0)) < 400.0, "still near: {p:?}");

    // A palette drop right onto Refiner lands beside it, where the outline shown while
    // dragging said it would.
    h.state_mut().payload = Some(NewNode::Asset);
    let at = screen(&h, 400.0, 0.0);
    h.hover_at(at);
    h.run();
    let ghost = ghost_centre(&h).expect("an outline shows where the node will land");
    let ghost = h.state().canvas.view.point_to_diagram(ghost);
    press(&h, PointerButton::Primary, at, false);
    h.key_press(Key::Escape);
    h.run();
    let dropped = id_of(&h, "Asset 1");
    assert!(
        room_around(h.state().history.project(), &dropped) > CLEARANCE,
        "{:?}",
        position(&h, &dropped)
    );
    let landed = position(&h, &dropped);
    assert!(
        (pos2(landed.x, landed.y) - ghost).length() < 0.5,
        "{landed:?} {ghost:?}"
    );
}

/// The centre of the grey outline the canvas draws for a node being dragged in.
fn ghost_centre(h: &Harness<'_, Host>) -> Option<Pos2> {
    h.output().shapes.iter().find_map(|clipped| match &clipped.shape {
        egui::Shape::Rect(r) if r.stroke.color == egui::Color32::GRAY && r.fill == egui::Color32::TRANSPARENT => {
            Some(r.rect.center())
        }
        _ => None,
    })
}

/// Turns the mouse wheel by `notches` lines (negative: towards the user) with `modifiers`
/// held, as one event, and lets the smoothing run out.
fn wheel(h: &mut Harness<'_, Host>, unit: MouseWheelUnit, delta: f32, modifiers: Modifiers) {
    h.event(Event::MouseWheel {
        unit,
        delta: vec2(0.0, delta),
        phase: TouchPhase::Move,
        source: MouseWheelSource::Wheel,
        modifiers,
    });
    for _ in 0..40 {
        h.step();
    }
}

#[test]
fn ctrl_wheel_zooms_in_proportion_to_the_wheel() {
    let mut h = harness_at_100(project());
    let pointer = screen(&h, 200.0, 100.0);
    h.hover_at(pointer);
    h.run();
    let start = h.state().canvas.view.zoom;
    let mut zooms = vec![start];
    for _ in 0..6 {
        wheel(&mut h, MouseWheelUnit::Line, 1.0, Modifiers::COMMAND);
        zooms.push(h.state().canvas.view.zoom);
    }
    let total = zooms[6] / start;
    assert!((1.5..=2.5).contains(&total), "six notches zoom {total}×: {zooms:?}");
    let steps: Vec<f32> = zooms.windows(2).map(|w| w[1] / w[0]).collect();
    assert!(
        steps.iter().all(|s| (s - steps[0]).abs() < 1e-3),
        "every notch the same step: {steps:?}"
    );
    let under = h.state().canvas.view.point_to_diagram(pointer);
    assert!(
        (under - pos2(200.0, 100.0)).length() < 0.5,
        "about the pointer: {under:?}"
    );

    // A trackpad's few points zoom a little; the other way back out.
    let before = h.state().canvas.view.zoom;
    wheel(&mut h, MouseWheelUnit::Point, 4.0, Modifiers::COMMAND);
    let small = h.state().canvas.view.zoom / before;
    assert!(small > 1.0 && small < 1.02, "{small}");
    wheel(&mut h, MouseWheelUnit::Point, -4.0, Modifiers::COMMAND);
    assert!((h.state().canvas.view.zoom / before - 1.0).abs() < 1e-4);
    for _ in 0..6 {
        wheel(&mut h, MouseWheelUnit::Line, -1.0, Modifiers::COMMAND);
    }
    assert!(
        (h.state().canvas.view.zoom / start - 1.0).abs() < 1e-3,
        "six notches back"
    );

    // Without Ctrl the wheel pans.
    let view = h.state().canvas.view;
    wheel(&mut h, MouseWheelUnit::Line, -1.0, Modifiers::NONE);
    assert_eq!(h.state().canvas.view.zoom, view.zoom);
    assert!(h.state().canvas.view.origin.y < view.origin.y);
}

#[test]
fn plus_and_minus_step_by_a_quarter_within_the_zoom_limits() {
    let mut h = harness_at_100(project());
    let start = h.state().canvas.view.zoom;
    h.key_press(Key::Plus);
    h.run();
    assert!((h.state().canvas.view.zoom - start * 1.25).abs() < 1e-5);
    h.key_press(Key::Minus);
    h.key_press(Key::Minus);
    h.run();
    assert!((h.state().canvas.view.zoom - start / 1.25).abs() < 1e-5);
    h.key_press(Key::Equals);
    h.run();
    assert!(
        (h.state().canvas.view.zoom - start).abs() < 1e-5,
        "= is + without Shift"
    );

    for _ in 0..30 {
        h.key_press(Key::Plus);
    }
    h.run();
    assert_eq!(h.state().canvas.view.zoom, MAX_ZOOM);
    for _ in 0..40 {
        h.key_press(Key::Minus);
    }
    h.run();
    assert_eq!(h.state().canvas.view.zoom, MIN_ZOOM);
}

#[test]
fn zoomed_far_out_a_node_still_explains_itself_on_hover() {
    let mut big = dlt_modeller::generate::generate(3000, 7);
    big.nodes.insert(
        "mine".into(),
        Node::actor("Mine of the Madre de Dios cooperative", Position::new(-2000.0, -2000.0)),
    );
    let mut h = harness(big);
    h.run();
    assert!(
        h.query_by_label("Actor: Mine of the Madre de Dios cooperative")
            .is_none()
    );
    assert!(h.query_by_label("Mine of the Madre de Dios cooperative").is_none());
    h.hover_at(screen(&h, -2000.0, -2000.0));
    for _ in 0..60 {
        h.step();
    }
    assert!(
        h.query_by_label("Mine of the Madre de Dios cooperative").is_some(),
        "the whole name"
    );
    assert!(h.query_by_label("Actor · DLT user").is_some(), "the caption");
}
