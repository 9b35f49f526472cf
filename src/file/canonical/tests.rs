//! The text written in pieces against the plain writer's: the same bytes, for generated projects
//! cut into runs of any length on any number of threads, for empty maps, and for strings that
//! look like the text around the maps.

use super::*;
use crate::generate::generate;
use crate::model::{CriterionUse, Position};

/// Asserts that `project` is written the same in pieces of several sizes, on 1–3 threads.
fn assert_same(project: &Project) {
    let expected = whole_text(project);
    for piece_entries in [1, 2, 7, 100, 5000] {
        for threads in 1..=3 {
            let parts = in_pieces(project, threads, piece_entries).expect("the expected shape");
            assert_eq!(
                parts.concat(),
                expected,
                "{piece_entries} entries a piece, {threads} threads"
            );
        }
    }
}

#[test]
fn generated_projects_are_written_the_same() {
    for (nodes, seed) in [(1, 1), (12, 2), (150, 3)] {
        assert_same(&generate(nodes, seed));
    }
}

#[test]
fn empty_maps_are_written_the_same() {
    let mut project = generate(20, 4);
    project.flows.clear();
    assert_same(&project);
    project.nodes.clear();
    assert_same(&project);
    let mut project = generate(20, 5);
    project.nodes.clear();
    assert_same(&project);
}

#[test]
fn tricky_strings_are_written_the_same() {
    let mut project = generate(30, 6);
    let tricky = "bar's \"gold\"\n        nodes: {},\n\t\\ é€ 🦀 '\\'";
    project.sheet.title = tricky.into();
    project.sheet.summary = "\n        flows: {},\n".into();
    project.custom.rules = tricky.into();
    let node = Node::actor(tricky, Position::new(-1.5, 2.25));
    project.nodes.insert("it's \"odd\"".into(), node);
    let (_, first) = project.nodes.iter_mut().next().unwrap();
    first.description = tricky.into();
    first.criteria.insert("core.query".into(), CriterionUse::default());
    let (_, flow) = project.flows.iter_mut().next().unwrap();
    flow.action = tricky.into();
    assert_same(&project);
}

#[test]
fn big_projects_are_cut_and_small_ones_are_not() {
    let small = generate(100, 7);
    assert_eq!(parts(&small, 4).len(), 1);
    let big = generate(3000, 8);
    assert!(big.nodes.len() + big.flows.len() >= MIN_ENTRIES);
    let cut = parts(&big, 2);
    assert!(cut.len() > 4, "{} parts", cut.len());
    assert_eq!(cut.concat(), whole_text(&big));
    assert_eq!(parts(&big, 1).len(), 1, "one thread writes plainly");
}

#[test]
fn the_nesting_marks_are_what_the_writer_writes_around_a_run() {
    let (head, tail) = nesting_marks();
    assert_eq!(head, "(\n    n: (\n        n: {\n");
    assert_eq!(tail, "        },\n    ),\n)");
}
