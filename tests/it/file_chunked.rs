//! Big files (4 MB and more), which are parsed in pieces on several threads: they load exactly as
//! saved, hand-edited ones too, and a damaged one fails with the line and column of the damage in
//! the file — never with a panic or a position inside some piece.

use dlt_modeller::file::{self, LoadError};
use dlt_modeller::generate::generate;
use dlt_modeller::model::Project;

/// About 4.9 MB of text: past the size from which files are parsed in pieces.
const NODES: usize = 5_000;

fn big() -> (Project, String) {
    let project = generate(NODES, 11);
    let text = file::to_text(&project);
    assert!(text.len() > 4 << 20, "{} bytes", text.len());
    (project, text)
}

/// `text` with `from` (which occurs once after `after`) replaced by `to`, and the 1-based line
/// and column where `to` then starts.
fn damage(text: &str, after: &str, from: &str, to: &str) -> (String, (usize, usize)) {
    let start = text.find(after).expect("the anchor") + text[text.find(after).unwrap()..].find(from).unwrap();
    let damaged = format!("{}{to}{}", &text[..start], &text[start + from.len()..]);
    let line = 1 + damaged[..start].matches('\n').count();
    let col = 1 + damaged[damaged[..start].rfind('\n').map_or(0, |i| i + 1)..start]
        .chars()
        .count();
    (damaged, (line, col))
}

fn error(text: &str) -> LoadError {
    match file::parse(text) {
        Ok(_) => panic!("a damaged file loaded"),
        Err(e) => e,
    }
}

#[test]
fn a_big_file_loads_as_it_was_saved() {
    let (project, text) = big();
    let loaded = file::parse(&text).unwrap().project;
    assert_eq!(loaded.nodes.len(), NODES);
    assert_eq!(loaded, project);
    assert_eq!(file::to_text(&loaded), text, "load → save stays byte-identical");
}

#[test]
fn a_hand_edited_big_file_loads_the_same() {
    let (project, text) = big();
    let edited = text
        .replace("\n", "\r\n")
        .replace(
            "\r\n            \"f05",
            "\r\n            // checked, \"f\": (\r\n            \"f05",
        )
        .replace("        flows: {", "        /* the flows { */ flows: {");
    assert_eq!(file::parse(&edited).unwrap().project, project);
}

#[test]
fn a_key_given_twice_far_apart_is_refused_with_both_lines() {
    let (project, text) = big();
    let last = project.flows.keys().next_back().unwrap().clone();
    let (again, second) = damage(&text, "        flows: {", &format!("\"{last}\": ("), "\"f00000\": (");
    let first = 1 + text[..text.find("\"f00000\": (").unwrap()].matches('\n').count();
    let e = error(&again);
    assert_eq!(e.position.map(|(line, _)| line), Some(second.0), "{e}");
    assert!(
        e.message.starts_with("repeated key \"f00000\"")
            && e.message
                .contains(&format!("on line {first} and another on line {}", second.0)),
        "{e}"
    );
    // Two nodes of one piece under one id, and one criterion twice on a node.
    let (again, _) = damage(&text, "\"n2500\": (", "\"n2501\": (", "\"n2500\": (");
    assert!(error(&again).message.starts_with("repeated key \"n2500\""));
    let (id, node) = (project.nodes.range("n4000".to_string()..))
        .find(|(_, node)| !node.criteria.is_empty())
        .expect("a node with criteria");
    let key = node.criteria.keys().next().unwrap();
    let (again, _) = damage(
        &text,
        &format!("\"{id}\": ("),
        &format!("\"{key}\": ("),
        &format!("\"{key}\": (weight: 1),\n\"{key}\": ("),
    );
    assert!(error(&again).message.starts_with(&format!("repeated key {key:?}")));
}

#[test]
fn errors_deep_in_a_big_file_say_where() {
    let (_, text) = big();
    let (bad, at) = damage(&text, "\"f09990\": (", "step: ", "step: maybe ");
    let e = error(&bad);
    assert_eq!(e.position, Some((at.0, at.1 + "step:".len())), "{e}");
    assert!(e.message.contains("near `step: maybe "), "{e}");

    let (bad, at) = damage(
        &text,
        "\"n2500\": (",
        "name: \"",
        "colour: \"red\",\n                name: \"",
    );
    let e = error(&bad);
    assert_eq!(e.position.map(|(line, _)| line), Some(at.0), "{e}");
    assert!(e.message.contains("colour"), "{e}");

    // Columns count characters: the `é`s before the damage take two bytes each.
    let (bad, at) = damage(&text, "\"n4321\": (", "position: (", "position: \"éé\" (");
    let e = error(&bad);
    assert_eq!(e.position.map(|(line, _)| line), Some(at.0), "{e}");
    let line = bad.lines().nth(at.0 - 1).unwrap();
    assert!(line.contains("\"éé\""), "{e}");
}

#[test]
fn the_first_of_several_errors_is_reported() {
    let (_, text) = big();
    let (bad, _) = damage(&text, "\"f09000\": (", "step: ", "step: -");
    let (bad, at) = damage(&bad, "\"n1000\": (", "position: (", "position: oops (");
    let e = error(&bad);
    assert_eq!(e.position.map(|(line, _)| line), Some(at.0), "{e}");
}

#[test]
fn truncated_and_garbled_big_files_fail_with_a_position() {
    let (_, text) = big();
    for cut in (1..10).map(|i| text.len() * i / 10) {
        let cut = (cut..).find(|&c| text.is_char_boundary(c)).unwrap();
        let e = error(&text[..cut]);
        assert!(e.position.is_some(), "cut at {cut}: {e}");
    }
    let garbled = [
        ("\"n3000\": (", "),", ")),"),
        ("\"n3000\": (", "),", "),,"),
        ("\"f04000\": (", "from: \"", "from: \"\\q"),
        ("\"f04000\": (", "),\n", ")\n"),
        ("        flows: {", "\"f", "}, \"f"),
        ("        platforms: {", "{", "{{"),
    ];
    for (after, from, to) in garbled {
        let (bad, (line, _)) = damage(&text, after, from, to);
        let e = error(&bad);
        let (at, _) = e.position.unwrap_or_else(|| panic!("{to:?}: {e}"));
        assert!(at >= line, "{to:?}: {e} is before the damage on line {line}");
    }
}

#[test]
fn a_big_file_on_disk_loads_and_saves_as_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let (project, text) = big();
    file::save(&path, &project).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "saved in pieces, the same bytes"
    );
    assert_eq!(file::load(&path).unwrap().project, project);
    let with_mark = format!("\u{feff}{text}");
    std::fs::write(&path, with_mark).unwrap();
    assert_eq!(
        file::load(&path).unwrap().project,
        project,
        "a byte-order mark is passed over"
    );
}

#[test]
fn a_damaged_big_file_on_disk_fails_where_it_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let (_, text) = big();
    let (damaged, (line, _)) = damage(&text, "\"f09000\": (", "step: ", "step: x");
    let at = error(&damaged).position.expect("a position");
    assert_eq!(at.0, line);
    for damaged in [damaged.clone(), format!("\u{feff}{damaged}")] {
        std::fs::write(&path, &damaged).unwrap();
        let e = file::load(&path).unwrap_err();
        assert_eq!(e.position, Some(at), "{e}");
        assert!(
            e.to_string()
                .starts_with(&format!("{}:{}:{}:", path.display(), at.0, at.1)),
            "{e}"
        );
    }
}
