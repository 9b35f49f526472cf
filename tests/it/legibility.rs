//! Legible diagrams: every sample and template, as shipped and laid out in both directions, has
//! no name cut, no label over a node or another label and no flow across a node (measured by the
//! code `check --diagram` uses); random laid-out projects are legible too; a flow with nodes in
//! its way weaves around them in the index (hit tests) and in the SVG; the export draws each
//! label where the canvas's index placed it;
//! `check --diagram --strict` fails an illegible file.

use std::process::Command;

use dlt_modeller::diagram::{FlowPath, Legibility, Sizes, SpatialIndex};
use dlt_modeller::edit::{History, move_nodes};
use dlt_modeller::export::{MARGIN, PageOptions, Scope, export_svg};
use dlt_modeller::layout::{Direction, layered, overlaps};
use dlt_modeller::model::{Flow, Node, Position, Project};
use dlt_modeller::templates;
use egui::{Pos2, Rect, pos2, vec2};
use proptest::prelude::*;

fn laid_out(project: &Project, direction: Direction) -> Project {
    let mut h = History::new(project.clone());
    let moves = layered(h.project(), None, direction, &Sizes).expect("the layout runs");
    h.apply(move_nodes(h.project(), &moves));
    h.project().clone()
}

fn assert_legible(project: &Project, what: &str) {
    let legibility = Legibility::of(project);
    assert!(legibility.is_clean(), "{what}: {legibility}");
    assert_eq!(overlaps(project, &Sizes), 0, "{what}: overlapping boxes");
}

#[test]
fn every_sample_is_legible_as_shipped() {
    for t in templates::all() {
        assert_legible(&t.project(), t.key);
    }
}

#[test]
fn every_sample_is_legible_after_layout_in_both_directions() {
    for t in templates::all() {
        for direction in [Direction::LeftRight, Direction::TopBottom] {
            assert_legible(&laid_out(&t.project(), direction), &format!("{} {direction:?}", t.key));
        }
    }
}

/// The `<text>` elements of an SVG: their position (x, baseline y) and content.
fn svg_texts(svg: &str) -> Vec<(f32, f32, String)> {
    let attribute = |element: &str, name: &str| -> Option<f32> {
        let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
        element[start..].split('"').next()?.parse().ok()
    };
    svg.split("<text ")
        .skip(1)
        .filter_map(|rest| {
            let (element, after) = rest.split_once('>')?;
            let element = format!(" {element}");
            let content = after.split("</text>").next()?.to_owned();
            Some((attribute(&element, "x")?, attribute(&element, "y")?, content))
        })
        .collect()
}

#[test]
fn the_export_draws_each_label_where_the_canvas_index_placed_it() {
    let project = templates::find("food-traceability").expect("a sample").project();
    let index = SpatialIndex::build(&project);
    let options = PageOptions {
        scope: Scope::Whole,
        title_block: false,
        ..PageOptions::default()
    };
    let svg = export_svg(&project, &options).expect("exports");
    let texts = svg_texts(&svg);
    // The page puts the drawing's top left corner at the margin.
    let shift = vec2(MARGIN, MARGIN) - index.bounds().expect("nodes").min.to_vec2();
    let labels = index.flow_labels_in_rect(Rect::EVERYTHING);
    assert_eq!(labels.len(), project.flows.len());
    for (id, plate) in labels {
        let plate = plate.translate(shift);
        let step = project.flows[id].step.to_string();
        let drawn = texts
            .iter()
            .any(|(x, y, text)| *text == step && plate.expand(1.0).contains(pos2(*x, *y)));
        assert!(drawn, "step {step} of {id} is not drawn in its plate {plate:?}");
    }
}

/// Two actors at either end of a corridor between rows of nodes, with a node in the corridor near
/// its top and, further on, one near its bottom: no single bend gets the flow between them
/// through.
fn corridor() -> Project {
    let mut p = Project::new("corridor");
    let mut place = |id: String, x: f32, y: f32| {
        p.nodes.insert(id.clone(), Node::actor(id, Position::new(x, y)));
    };
    for k in 0..8 {
        for row in 0..6 {
            let (x, y) = (300.0 + k as f32 * 200.0, 100.0 + row as f32 * 120.0);
            place(format!("up{k}{row}"), x, -y);
            place(format!("down{k}{row}"), x, y);
        }
    }
    place("high".into(), 700.0, -25.0);
    place("low".into(), 1300.0, 25.0);
    place("a".into(), 0.0, 0.0);
    place("b".into(), 2000.0, 0.0);
    p.flows.insert("f".into(), Flow::new("a", "b", 1, "weaves through"));
    p
}

/// The points of the first `<path>` in the SVG group `<g … id="{group}" …>`.
fn svg_path_in_group(svg: &str, group: &str) -> Vec<Pos2> {
    let start = svg.find(&format!("id=\"{group}\"")).expect("the group is there");
    let d = svg[start..]
        .split("<path d=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a path in the group");
    let number = |text: &str| text.trim().parse::<f32>().expect("a number");
    d.split(['M', 'L'])
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (x, y) = p.trim().split_once(' ').expect("x y");
            pos2(number(x), number(y))
        })
        .collect()
}

#[test]
fn a_flow_weaves_around_the_nodes_in_its_way_in_the_index_and_in_the_svg() {
    let project = corridor();
    let legibility = Legibility::of(&project);
    assert_eq!(legibility.flows_across_nodes, 0, "{legibility}");
    let index = SpatialIndex::build(&project);
    let route = index.flow_path("f").expect("routed");
    assert!(route.as_one().is_none(), "a route with several bends: {route:?}");
    // Hit tests follow the route.
    for k in 1..50 {
        let p = route.point(k as f32 / 50.0);
        assert_eq!(index.flow_at(p, 3.0), Some("f"), "{p:?}");
    }
    assert_eq!(index.flow_at(pos2(1000.0, 0.0) + vec2(0.0, 200.0), 3.0), None);
    let options = PageOptions {
        scope: Scope::Whole,
        title_block: false,
        ..PageOptions::default()
    };
    let svg = export_svg(&project, &options).expect("exports");
    let shift = vec2(MARGIN, MARGIN) - index.bounds().expect("nodes").min.to_vec2();
    let drawn = svg_path_in_group(&svg, "flow-f");
    assert!(drawn.len() > 4, "the drawn line bends: {drawn:?}");
    assert!((drawn[0] - (route.start() + shift)).length() < 0.5, "{drawn:?}");
    for (id, _) in project
        .nodes
        .iter()
        .filter(|(id, _)| !["a", "b"].contains(&id.as_str()))
    {
        let node = index.node_rect(id).expect("indexed").translate(shift).shrink(0.5);
        for w in drawn.windows(2) {
            let piece = FlowPath::straight(w[0], w[1]);
            assert!(!piece.passes_through(node), "{id}: {w:?} crosses {node:?}");
        }
    }
}

#[test]
fn check_diagram_reports_and_strict_fails_an_illegible_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = Project::new("crowded");
    for (id, x) in [("a", 0.0), ("b", 10.0), ("c", 20.0)] {
        project.nodes.insert(id.into(), Node::actor(id, Position::new(x, 0.0)));
    }
    project.flows.insert("f".into(), Flow::new("a", "c", 1, "hands over"));
    let crowded = dir.path().join("crowded.ron");
    dlt_modeller::file::save(&crowded, &project).expect("saves");
    let sample = dir.path().join("gold.ron");
    let gold = templates::find("gold-trade").expect("a sample").project();
    dlt_modeller::file::save(&sample, &gold).expect("saves");
    let run = |args: &[&std::path::Path], strict: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dlt-modeller"));
        command.args(["check", "--diagram"]);
        if strict {
            command.arg("--strict");
        }
        let output = command.args(args).output().expect("the binary runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, out) = run(&[&sample], true);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("0 names cut, 0 label/node overlaps, 0 label/label overlaps, 0 flows across nodes"),
        "{out}"
    );
    let (code, out) = run(&[&crowded], false);
    assert_eq!(code, Some(0), "without --strict the counts are information: {out}");
    assert!(out.contains("crowded.ron: diagram: "), "{out}");
    let (code, _) = run(&[&crowded], true);
    assert_eq!(code, Some(1));
}

/// A random project: up to 24 nodes with names of 1 to 60 characters, flows among them.
fn project_strategy() -> impl Strategy<Value = Project> {
    let names = prop::collection::vec(("[A-Za-z]{1,12}( [A-Za-z]{1,12}){0,4}", any::<bool>()), 2..24);
    (
        names,
        prop::collection::vec((0usize..24, 0usize..24, "[a-z]{2,10}( [a-z]{2,10}){0,5}"), 0..40),
    )
        .prop_map(|(nodes, flows)| {
            let mut p = Project::new("random");
            let n = nodes.len();
            for (i, (name, actor)) in nodes.into_iter().enumerate() {
                let at = Position::new((i % 5) as f32 * 50.0, (i / 5) as f32 * 40.0);
                let node = if actor {
                    Node::actor(name, at)
                } else {
                    Node::asset(name, at)
                };
                p.nodes.insert(format!("n{i:02}"), node);
            }
            for (k, (a, b, action)) in flows.into_iter().enumerate() {
                let (a, b) = (a % n, b % n);
                if a != b {
                    p.flows.insert(
                        format!("f{k:02}"),
                        Flow::new(format!("n{a:02}"), format!("n{b:02}"), k as u32 + 1, action),
                    );
                }
            }
            p
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Laid out, a random project is legible: no boxes overlap, no name is cut, no label covers
    /// a node or another label, and no flow is drawn across a node.
    #[test]
    fn laid_out_random_projects_are_legible(project in project_strategy(), top_bottom in any::<bool>()) {
        let direction = if top_bottom { Direction::TopBottom } else { Direction::LeftRight };
        let out = laid_out(&project, direction);
        prop_assert_eq!(overlaps(&out, &Sizes), 0);
        let legibility = Legibility::of(&out);
        prop_assert!(legibility.is_clean(), "{}", legibility);
    }
}
