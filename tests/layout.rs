//! Auto-layout on the samples: no overlapping nodes, no more crossing flows than the input,
//! the same output for the same input, and one undo restores every position.

use dlt_modeller::diagram::Sizes;
use dlt_modeller::edit::{History, move_nodes};
use dlt_modeller::layout::{Direction, crossings, layered, overlaps, tidy};
use dlt_modeller::model::Project;
use dlt_modeller::templates;

fn laid_out(project: &Project, direction: Direction) -> Project {
    let mut h = History::new(project.clone());
    h.apply(move_nodes(
        h.project(),
        &layered(h.project(), None, direction, &Sizes).unwrap(),
    ));
    h.project().clone()
}

#[test]
fn samples_lay_out_without_overlaps_or_extra_crossings() {
    for t in templates::all() {
        let input = t.project();
        for direction in [Direction::LeftRight, Direction::TopBottom] {
            let output = laid_out(&input, direction);
            assert_eq!(overlaps(&output, &Sizes), 0, "{} {direction:?}", t.key);
            assert!(
                crossings(&output) <= crossings(&input),
                "{} {direction:?}: {} crossings, input had {}",
                t.key,
                crossings(&output),
                crossings(&input)
            );
        }
    }
}

#[test]
fn layout_is_deterministic_and_one_undo_step() {
    let sample = templates::find("gold-trade").unwrap().project();
    assert_eq!(
        layered(&sample, None, Direction::TopBottom, &Sizes).unwrap(),
        layered(&sample, None, Direction::TopBottom, &Sizes).unwrap()
    );
    let input = dlt_modeller::generate::generate(120, 4);
    assert_eq!(
        layered(&input, None, Direction::LeftRight, &Sizes),
        layered(&input, None, Direction::LeftRight, &Sizes)
    );
    let mut h = History::new(input.clone());
    h.apply(move_nodes(
        h.project(),
        &layered(h.project(), None, Direction::LeftRight, &Sizes).unwrap(),
    ));
    assert_eq!(overlaps(h.project(), &Sizes), 0);
    assert_ne!(h.project(), &input);
    h.undo();
    assert_eq!(h.project(), &input);
}

#[test]
fn flows_point_along_the_direction() {
    let input = dlt_modeller::generate::generate(60, 2);
    let lr = laid_out(&input, Direction::LeftRight);
    let tb = laid_out(&input, Direction::TopBottom);
    let forward = |p: &Project, along: fn(&dlt_modeller::model::Position) -> f32| {
        p.flows
            .values()
            .filter(|f| along(&p.nodes[&f.to].position) > along(&p.nodes[&f.from].position))
            .count()
    };
    assert!(
        forward(&lr, |p| p.x) * 10 > lr.flows.len() * 6,
        "most flows point right"
    );
    assert!(forward(&tb, |p| p.y) * 10 > tb.flows.len() * 6, "most flows point down");
}

#[test]
fn a_selection_is_laid_out_in_place_and_others_stay() {
    let input = dlt_modeller::generate::generate(100, 3);
    let selection = input.nodes.keys().take(20).cloned().collect();
    let moves = layered(&input, Some(&selection), Direction::LeftRight, &Sizes).unwrap();
    assert_eq!(moves.len(), 20);
    assert!(moves.iter().all(|(id, _)| selection.contains(id)));
    let min_x = moves.iter().map(|(_, p)| p.x).fold(f32::MAX, f32::min);
    let old_min_x = selection
        .iter()
        .map(|id| input.nodes[id].position.x)
        .fold(f32::MAX, f32::min);
    assert_eq!(min_x, old_min_x);
}

#[test]
fn tidy_removes_overlaps_on_a_crowded_project() {
    let mut p = dlt_modeller::generate::generate(80, 6);
    for (i, node) in p.nodes.values_mut().enumerate() {
        node.position.x = (i % 7) as f32 * 37.0;
        node.position.y = (i / 7) as f32 * 23.0;
    }
    assert!(overlaps(&p, &Sizes) > 0);
    let mut h = History::new(p);
    h.apply(move_nodes(h.project(), &tidy(h.project(), None, 20.0, &Sizes)));
    assert_eq!(overlaps(h.project(), &Sizes), 0);
}
