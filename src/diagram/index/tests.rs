//! The spatial index's tests: queries against full scans, builds on several threads, patches after
//! moves, and the first look of a big project.

use super::super::route::route_crosses_box;
use super::*;
use crate::model::{Flow, Node, Position};
use egui::Vec2;

/// The changes of an edit that moved the nodes `ids`.
fn moves_of(ids: &[NodeId]) -> Changes {
    Changes {
        nodes: ids.to_vec(),
        ..Changes::default()
    }
}

fn moves(ids: &[&str]) -> Changes {
    moves_of(&ids.iter().map(|id| id.to_string()).collect::<Vec<_>>())
}

fn grid_project(n: usize) -> Project {
    let mut p = Project::new("grid");
    for i in 0..n {
        let pos = Position::new((i % 30) as f32 * 200.0, (i / 30) as f32 * 100.0);
        p.nodes.insert(format!("n{i:05}"), Node::actor(format!("N{i}"), pos));
    }
    for i in (0..n).step_by(7) {
        let far = format!("n{:05}", (i * 389) % n);
        p.flows
            .insert(format!("long{i:05}"), Flow::new(format!("n{i:05}"), far, 2, "far"));
    }
    for i in 1..n {
        p.flows.insert(
            format!("f{i:05}"),
            Flow::new(format!("n{:05}", i - 1), format!("n{i:05}"), 1, "x"),
        );
    }
    p
}

#[test]
fn queries_match_a_full_scan() {
    let p = grid_project(900);
    let index = SpatialIndex::build(&p);
    for area in [
        Rect::from_min_max(pos2(-50.0, -50.0), pos2(450.0, 250.0)),
        Rect::from_min_max(pos2(1234.0, 567.0), pos2(3000.0, 1500.0)),
        Rect::from_min_max(pos2(-1e6, -1e6), pos2(1e6, 1e6)),
        Rect::from_min_max(pos2(1e5, 1e5), pos2(2e5, 2e5)),
    ] {
        let expected: Vec<&str> = p
            .nodes
            .iter()
            .filter(|(_, n)| node_rect(n).intersects(area))
            .map(|(id, _)| id.as_str())
            .collect();
        assert_eq!(index.nodes_in_rect(area), expected, "{area:?}");
        assert_flows_match_a_full_scan(&index, area);
    }
}

/// `flows_in_rect` answers like a test of every flow, and the candidates a query visits hold
/// every flow that path or label puts in `area`.
pub(super) fn assert_flows_match_a_full_scan(index: &SpatialIndex, area: Rect) {
    let shown = |f: &IndexedFlow| f.alive && (f.label.intersects(area) || f.path.crosses(area));
    let mut expected: Vec<&str> = index.flows.iter().filter(|f| shown(f)).map(|f| f.id.as_str()).collect();
    expected.sort_unstable();
    assert_eq!(index.flows_in_rect(area), expected, "{area:?}");
    let candidates = index.visible_flows(area);
    for (i, f) in index.flows.iter().enumerate() {
        if shown(f) {
            assert!(candidates.contains(&i), "{} missing in {area:?}", f.id);
        }
    }
}

/// The flow `flow_at` should find: label under `p` or path within `tolerance`, the closest
/// (the later one in id order on a tie), found by testing every flow.
pub(super) fn flow_at_by_full_scan(index: &SpatialIndex, p: Pos2, tolerance: f32) -> Option<&str> {
    let mut best: Option<(f32, usize)> = None;
    let mut in_order: Vec<usize> = (0..index.flows.len()).filter(|&i| index.flows[i].alive).collect();
    index.arrange_flows(&mut in_order);
    for i in in_order {
        let flow = &index.flows[i];
        let d = if flow.label.contains(p) {
            0.0
        } else {
            flow.path.distance_to(p)
        };
        if d <= tolerance && best.is_none_or(|(b, _)| d <= b) {
            best = Some((d, i));
        }
    }
    best.map(|(_, i)| index.flows[i].id.as_str())
}

/// A 30 × 30 lattice of nodes 200 × 100 apart, without flows but two bent ones between
/// opposite corners (bent apart because they join the same nodes).
fn arcs_project() -> Project {
    let mut p = grid_project(900);
    p.flows.clear();
    p.flows.insert("arc0".into(), Flow::new("n00000", "n00899", 1, "there"));
    p.flows.insert("arc1".into(), Flow::new("n00899", "n00000", 2, "back"));
    p
}

/// Two points inside the box of `path` and far from the curve, near opposite corners.
fn far_from(path: &Route) -> [Pos2; 2] {
    let b = path.bounding_rect();
    let mut corners = [b.left_top(), b.right_top(), b.right_bottom(), b.left_bottom()];
    corners.sort_by(|x, y| path.distance_to(*y).total_cmp(&path.distance_to(*x)));
    let far = corners.map(|c| c + (b.center() - c) * 0.1);
    assert!(path.distance_to(far[1]) > 500.0, "{far:?} is far from {path:?}");
    [far[0], far[1]]
}

/// Checks that the curved flow `id` is found by small rectangles and hit tests all along its
/// curve, and not in its box far from the curve.
fn assert_found_along_the_curve_only(index: &SpatialIndex, id: &str) {
    let path = index.flow_path(id).unwrap();
    assert!(
        path.as_one().is_some_and(|p| !p.is_straight()) && path.slack() > 5.0,
        "{path:?}"
    );
    for k in 0..=200 {
        let q = path.point(k as f32 / 200.0);
        let area = Rect::from_center_size(q, Vec2::splat(6.0));
        assert!(
            index.flows_in_rect(area).contains(&id),
            "{id} not in a rectangle at {q:?}"
        );
        assert_flows_match_a_full_scan(index, area);
        for off in [Vec2::ZERO, Vec2::new(3.0, -2.0), Vec2::new(-2.5, 2.5)] {
            let hit = index.flow_at(q + off, 4.0);
            assert!(hit.is_some(), "nothing at {q:?}");
            assert_eq!(hit, flow_at_by_full_scan(index, q + off, 4.0), "{q:?}");
        }
    }
    for far in far_from(&path) {
        let area = Rect::from_center_size(far, Vec2::splat(50.0));
        assert!(!index.flows_in_rect(area).contains(&id), "{id} at {far:?}");
        assert_eq!(index.flow_at(far, 4.0), None);
        assert_flows_match_a_full_scan(index, area);
    }
}

#[test]
fn a_first_look_runs_the_flows_in_their_lanes_labelled_by_their_step() {
    let p = crate::generate::generate(400, 3);
    let lanes = SpatialIndex::build_on(&p, 2, Routes::Lanes);
    let full = SpatialIndex::build_on(&p, 2, Routes::Found);
    assert!(!lanes.is_routed() && full.is_routed());
    assert!(lanes.nodes == full.nodes, "the same node boxes");
    for f in &lanes.flows {
        let (from, to) = (lanes.nodes[f.from].rect, lanes.nodes[f.to].rect);
        assert!(
            f.path == FlowPath::joining(from, to, f.from == f.to, f.lane).into(),
            "{}",
            f.id
        );
        assert_eq!(f.label_form, LabelForm::Badge, "{}", f.id);
        assert!((f.label.center() - f.path.point(0.5)).length() < 0.01, "{}", f.id);
    }
    let around = lanes
        .flows
        .iter()
        .zip(&full.flows)
        .filter(|(l, f)| l.path != f.path)
        .count();
    assert!(around > 0, "the full build takes some flows around nodes");
    assert!(lanes.flows_in_rect(full.bounds().unwrap()).len() == lanes.flows.len());
    assert!(
        SpatialIndex::first_look(&p) == full,
        "a small project is routed at once"
    );
    assert!(!SpatialIndex::routed_later(&p));
}

#[test]
fn a_build_on_several_threads_is_the_build_on_one() {
    let p = crate::generate::generate(3_000, 7);
    let one = SpatialIndex::build_on(&p, 1, Routes::Found);
    assert!(one.flows.len() > 4 * parallel::CHUNK, "enough flows for several chunks");
    assert!(
        one.flows.iter().any(|f| f.label_at != 0.5),
        "some labels move away from the middle"
    );
    let trail_entries = |grid: &Grid| {
        grid.levels
            .iter()
            .flat_map(|l| &l.cells.items)
            .filter(|&&e| e & TRAIL_ENTRY != 0)
            .count()
    };
    assert!(
        trail_entries(&one.flow_grid) > 0,
        "some flows are listed along their trails"
    );
    for threads in [2, 3] {
        assert!(
            SpatialIndex::build_on(&p, threads, Routes::Found) == one,
            "{threads} threads"
        );
    }
}

#[test]
fn a_long_curved_flow_is_found_along_its_curve_and_not_away_from_it() {
    let mut p = arcs_project();
    let mut index = SpatialIndex::build(&p);
    let finest = &index.flow_grid.levels[0].cells.items;
    assert!(
        finest.len() > 20 && finest.iter().all(|&e| e & TRAIL_ENTRY != 0),
        "long flows are listed along their trails on the finest level"
    );
    for (i, id) in ["arc0", "arc1"].into_iter().enumerate() {
        assert_found_along_the_curve_only(&index, id);
        for far in far_from(&index.flows[i].path) {
            let area = Rect::from_center_size(far, Vec2::splat(50.0));
            assert!(index.visible_flows(area).is_empty(), "no query near {far:?} visits it");
        }
    }
    // Moving an end patches the index: the flows follow, and the cells along their old
    // path (which still list them) do not bring them up.
    let old = index.flow_path("arc0").unwrap();
    p.nodes.get_mut("n00899").unwrap().position = Position::new(5800.0, -1500.0);
    assert!(index.patch(&p, &moves(&["n00899"])));
    let fresh = SpatialIndex::build(&p);
    for id in ["arc0", "arc1"] {
        assert_eq!(index.flow_path(id), fresh.flow_path(id));
        assert_found_along_the_curve_only(&index, id);
    }
    for k in 0..=50 {
        let q = old.point(k as f32 / 50.0);
        assert_eq!(index.flow_at(q, 4.0), None, "{q:?}");
        let area = Rect::from_center_size(q, Vec2::splat(40.0));
        assert_eq!(index.flows_in_rect(area), Vec::<&str>::new(), "{q:?}");
    }
}

#[test]
fn hit_tests_answer_like_a_full_scan() {
    let index = SpatialIndex::build(&grid_project(900));
    let bounds = index.bounds().unwrap();
    for k in 0..2_000 {
        let (u, v) = ((k % 50) as f32 / 50.0, (k / 50) as f32 / 40.0);
        let p = bounds.min + Vec2::new(u * bounds.width() + 7.3, v * bounds.height() + 3.1);
        assert_eq!(index.flow_at(p, 4.0), flow_at_by_full_scan(&index, p, 4.0), "{p:?}");
    }
}

#[test]
fn a_patched_index_answers_like_a_fresh_one_after_a_move() {
    let mut p = grid_project(900);
    let mut index = SpatialIndex::build(&p);
    let moved: Vec<NodeId> = vec!["n00001".into(), "n00450".into()];
    p.nodes.get_mut("n00001").unwrap().position = Position::new(2500.0, 1234.0);
    p.nodes.get_mut("n00450").unwrap().position = Position::new(-4000.0, -900.0);
    assert!(index.patch(&p, &moves_of(&moved)));
    let fresh = SpatialIndex::build(&p);
    for area in [
        Rect::from_min_max(pos2(-50.0, -50.0), pos2(450.0, 250.0)),
        Rect::from_min_max(pos2(2400.0, 1200.0), pos2(2700.0, 1300.0)),
        Rect::from_min_max(pos2(-4100.0, -1000.0), pos2(-3900.0, -800.0)),
        Rect::from_min_max(pos2(-1e6, -1e6), pos2(1e6, 1e6)),
    ] {
        assert_eq!(index.nodes_in_rect(area), fresh.nodes_in_rect(area), "{area:?}");
        let same_route = |id: &&str| index.flow_path(id) == fresh.flow_path(id);
        let patched: Vec<&str> = index.flows_in_rect(area).into_iter().filter(same_route).collect();
        let built: Vec<&str> = fresh.flows_in_rect(area).into_iter().filter(same_route).collect();
        assert_eq!(patched, built, "{area:?}");
        assert_flows_match_a_full_scan(&index, area);
    }
    // A flow routed around boxes in a fresh build may take another way than the patched one
    // (the way it found first depended on where the moved boxes were), but only a few do.
    let rerouted = index
        .flows
        .iter()
        .filter(|f| fresh.flow_path(&f.id).as_ref() != Some(&f.path));
    assert!(
        rerouted.count() * 100 < index.flows.len(),
        "most routes are a fresh build's"
    );
    for p in [pos2(2500.0, 1234.0), pos2(-4000.0, -900.0), pos2(200.0, 0.0)] {
        assert_eq!(index.node_at(p), fresh.node_at(p), "{p:?}");
    }
    // The flows of the moved nodes are routed as a fresh build routes them, and no flow runs
    // across a moved box (flows that went around the old places keep their detours).
    for id in &moved {
        let i = index.node_index(id).unwrap();
        for j in index.flows_touching(i) {
            let flow = &index.flows[j];
            assert_eq!(Some(flow.path.clone()), fresh.flow_path(&flow.id), "{}", flow.id);
        }
        let rect = index.nodes[i].rect;
        let across = index
            .flows
            .iter()
            .filter(|f| f.from != i && f.to != i && f.path.passes_through(rect.shrink(1.0)));
        let fresh_across = fresh
            .flows
            .iter()
            .filter(|f| f.from != i && f.to != i && f.path.passes_through(rect.shrink(1.0)));
        assert!(across.count() <= fresh_across.count(), "{id}");
    }
    assert!(
        index.patch(&p, &moves(&["ghost"])),
        "an id that is no node changes nothing"
    );
}

#[test]
fn a_flow_that_keeps_its_lane_is_not_routed_again_for_a_box_dropped_on_it() {
    // Over 2,000 nodes, flows longer than 3,000 units keep their lane whatever is in the way.
    let mut p = grid_project(2_100);
    let mut index = SpatialIndex::build(&p);
    let j = (index.flows.iter())
        .position(|f| f.keeps_lane && f.from != f.to)
        .expect("a long flow in a big project");
    let (path, ends) = (index.flows[j].path.clone(), (index.flows[j].from, index.flows[j].to));
    let mover = (0..index.nodes.len()).find(|&i| i != ends.0 && i != ends.1).unwrap();
    let id = index.nodes[mover].id.clone();
    let middle = path.point(0.5);
    p.nodes.get_mut(&id).unwrap().position = Position::new(middle.x, middle.y);
    assert!(index.patch(&p, &moves_of(std::slice::from_ref(&id))));
    assert!(
        route_crosses_box(&path, index.nodes[mover].rect),
        "the box now stands on the flow"
    );
    assert_eq!(index.flows[j].path, path, "the long flow keeps its lane");
    assert_eq!(
        index.flows[j].searched,
        Rect::NOTHING,
        "its route looks for no box, so no box sends it looking again"
    );
    for k in index.flows_touching(mover) {
        assert!(
            index.flow_grid.loose.contains(&(k as u32)),
            "the dropped node's own flows are"
        );
    }
}

#[test]
fn hit_tests_find_the_topmost_node_and_the_nearest_flow() {
    let mut p = Project::new("t");
    p.nodes.insert("a".into(), Node::actor("A", Position::new(0.0, 0.0)));
    p.nodes.insert("b".into(), Node::actor("B", Position::new(40.0, 0.0)));
    p.nodes.insert("c".into(), Node::actor("C", Position::new(600.0, 0.0)));
    p.flows.insert("f".into(), Flow::new("b", "c", 1, "x"));
    let index = SpatialIndex::build(&p);
    assert_eq!(index.node_at(pos2(-70.0, 0.0)), Some("a"));
    assert_eq!(index.node_at(pos2(0.0, 0.0)), Some("b"));
    assert_eq!(index.node_at(pos2(300.0, 0.0)), None);
    assert_eq!(index.flow_at(pos2(250.0, 40.0), 5.0), None);
    assert_eq!(index.flow_at(pos2(200.0, 4.0), 5.0), Some("f"));
    assert_eq!(index.flow_at(pos2(200.0, 200.0), 5.0), None);
    assert_eq!(
        index.nodes_in_rect(Rect::from_min_max(pos2(500.0, -5.0), pos2(700.0, 5.0))),
        vec!["c"]
    );
}

#[test]
fn flows_touching_a_node_are_known_and_dangling_flows_are_left_out() {
    let mut p = grid_project(4);
    p.flows.insert("loop".into(), Flow::new("n00001", "n00001", 1, "x"));
    p.flows.insert("gone".into(), Flow::new("n00001", "missing", 1, "x"));
    let index = SpatialIndex::build(&p);
    let b = index.node_index("n00001").unwrap();
    let mut ids: Vec<&str> = index.flows_touching(b).map(|i| index.flows[i].id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, vec!["f00001", "f00002", "loop"]);
    assert!(index.flow_path("gone").is_none());
}

#[test]
fn far_away_and_broken_positions_do_not_break_the_grid() {
    let mut p = grid_project(10);
    p.nodes
        .insert("far".into(), Node::actor("Far", Position { x: 3e7, y: -3e7 }));
    let mut broken = Node::actor("NaN", Position::default());
    broken.position.x = f32::NAN;
    p.nodes.insert("nan".into(), broken);
    let index = SpatialIndex::build(&p);
    assert_eq!(index.node_at(pos2(3e7, -3e7)), Some("far"));
    assert_eq!(index.node_at(pos2(0.0, 0.0)), Some("n00000"));
    assert!(!index.nodes_in_rect(Rect::EVERYTHING).contains(&"nan"));
    let empty = SpatialIndex::build(&Project::new("e"));
    assert_eq!(empty.node_at(Pos2::ZERO), None);
    assert!(empty.nodes_in_rect(Rect::EVERYTHING).is_empty());
}

#[test]
fn bounds_cover_nodes_and_labels_and_missing_ends_are_skipped() {
    let mut p = Project::new("t");
    p.nodes.insert("a".into(), Node::actor("A", Position::new(0.0, 0.0)));
    p.nodes.insert("b".into(), Node::asset("B", Position::new(400.0, 0.0)));
    assert_eq!(bounds(&Project::new("e")), None);
    let expected = node_rect(&p.nodes["a"]).union(node_rect(&p.nodes["b"]));
    assert_eq!(bounds(&p), Some(expected));
    assert!(expected.left() == -80.0 && expected.right() >= 480.0, "{expected:?}");
    // A label wider than the boxes, on a flow going straight down, sticks out sideways.
    p.nodes.get_mut("b").unwrap().position = Position::new(0.0, 300.0);
    p.flows.insert(
        "f".into(),
        Flow::new("a", "b", 1, "a very long action label ".repeat(20)),
    );
    p.flows.insert("g".into(), Flow::new("a", "gone", 2, "dangling"));
    let b = bounds(&p).unwrap();
    assert!(b.left() < -80.0 - 5.0 && b.right() > 80.0 + 5.0, "{b:?}");
    assert!(b.width() < 260.0, "long actions wrap and are cut: {b:?}");
}

#[test]
fn labels_of_crossing_flows_do_not_pile_up() {
    let mut p = Project::new("t");
    for (id, x, y) in [
        ("a", 0.0, 0.0),
        ("b", 600.0, 400.0),
        ("c", 600.0, 0.0),
        ("d", 0.0, 400.0),
    ] {
        p.nodes.insert(id.into(), Node::actor(id, Position::new(x, y)));
    }
    p.flows.insert("f1".into(), Flow::new("a", "b", 1, "crosses one way"));
    p.flows
        .insert("f2".into(), Flow::new("c", "d", 2, "crosses the other way"));
    let index = SpatialIndex::build(&p);
    let (l1, l2) = (index.flows[0].label, index.flows[1].label);
    assert_eq!(
        l1.center(),
        index.flows[0].path.mid(),
        "the first label keeps the middle"
    );
    assert!(!l1.intersects(l2), "{l1:?} {l2:?}");
    let (t, offset) = (index.flows[1].label_at, index.flows[1].label_offset);
    assert_eq!(index.flows[1].path.point(t) + offset, l2.center());
}

#[test]
fn an_index_patched_past_half_its_limit_is_crowded_before_it_refuses() {
    let mut p = grid_project(2_000);
    let mut index = SpatialIndex::build(&p);
    let ids: Vec<NodeId> = p.nodes.keys().cloned().collect();
    let (mut crowded_at, mut refused_at) = (None, None);
    for (batch, chunk) in ids.chunks(150).enumerate() {
        for id in chunk {
            p.nodes.get_mut(id).unwrap().position.y += 7.0;
        }
        if !index.patch(&p, &moves_of(chunk)) {
            refused_at = Some(batch);
            break;
        }
        if index.is_crowded() {
            crowded_at.get_or_insert(batch);
        }
    }
    let (crowded_at, refused_at) = (crowded_at.expect("crowded"), refused_at.expect("refused"));
    assert!(crowded_at > 0, "a few moves do not crowd it");
    assert!(
        crowded_at < refused_at,
        "crowded at batch {crowded_at}, refused at {refused_at}"
    );
}
