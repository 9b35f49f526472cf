//! The pieces parse against the plain parse: the same project or the same error, for canonical
//! files of many sizes cut anywhere, for hand-written layouts, and for damaged files.

use proptest::prelude::*;

use super::*;
use crate::file::limits::scan;
use crate::file::to_text;
use crate::generate::generate;

fn plain(text: &str) -> Result<Project, LoadError> {
    scan(text, usize::MAX).and_then(|_| decode(text))
}

/// The text parsed in pieces, borrowed and owned (freed early, read again for an error), which
/// must give the same.
fn in_pieces(text: &str, cut_every: usize, threads: usize) -> Result<Project, LoadError> {
    let outline = scan(text, cut_every)?;
    let borrowed = decode_in_pieces(Text::Borrowed(text), &outline, threads);
    let again = || Ok(text.to_owned());
    let owned = Text::Own {
        text: text.to_owned(),
        again: &again,
    };
    assert_eq!(
        decode_in_pieces(owned, &outline, threads),
        borrowed,
        "owned, cut every {cut_every} bytes"
    );
    borrowed
}

/// How many pieces the text is cut into; 0 when it is parsed plainly.
fn pieces(text: &str, cut_every: usize) -> usize {
    let outline = scan(text, cut_every).expect("within the limits");
    Plan::new(text, &outline).map_or(0, |plan| plan.pieces.len())
}

fn canonical(nodes: usize, seed: u64) -> String {
    to_text(&generate(nodes, seed))
}

/// Asserts that the text parses the same in pieces, cut finely and coarsely, on 1–3 threads.
fn assert_same(text: &str) {
    let expected = plain(text);
    for cut_every in [1, 7, 60, 400, 5000] {
        for threads in 1..=3 {
            assert_eq!(
                in_pieces(text, cut_every, threads),
                expected,
                "cut every {cut_every} bytes, {threads} threads:\n{text}"
            );
        }
    }
}

#[test]
fn an_own_text_is_read_again_only_for_an_error() {
    let text = canonical(40, 3);
    let outline = scan(&text, 500).unwrap();
    let reads = std::cell::Cell::new(0);
    let again = || {
        reads.set(reads.get() + 1);
        Ok(text.clone())
    };
    let own = |text: &str| Text::Own {
        text: text.to_owned(),
        again: &again,
    };
    assert_eq!(decode_in_pieces(own(&text), &outline, 2).unwrap(), generate(40, 3));
    assert_eq!(reads.get(), 0, "a good file is read once");
    let damaged = text.replacen("step: 7,", "step: seven,", 1);
    let outline = scan(&damaged, 500).unwrap();
    let again = || {
        reads.set(reads.get() + 1);
        Ok(damaged.clone())
    };
    let own = Text::Own {
        text: damaged.clone(),
        again: &again,
    };
    let e = decode_in_pieces(own, &outline, 2).unwrap_err();
    assert_eq!(reads.get(), 1, "read again for the error");
    assert_eq!(Err(e), plain(&damaged));
    let too_deep = format!("{damaged}{}", "[".repeat(100));
    let again = || Ok(too_deep.clone());
    let own = Text::Own {
        text: damaged.clone(),
        again: &again,
    };
    let e = decode_in_pieces(own, &outline, 2).unwrap_err();
    assert!(
        e.message.contains("nested more than"),
        "the limits hold for the text read again: {e}"
    );
}

#[test]
fn canonical_files_are_cut_between_entries() {
    let text = canonical(30, 1);
    let project = generate(30, 1);
    assert_eq!(pieces(&text, 1), project.nodes.len() + project.flows.len());
    assert_eq!(in_pieces(&text, 1, 2).unwrap(), project);
    assert!(pieces(&text, 2000) > 2);
    assert_eq!(pieces(&text, usize::MAX), 2, "one piece per map");
}

#[test]
fn empty_and_missing_maps() {
    let mut project = generate(6, 2);
    project.flows.clear();
    let text = to_text(&project);
    assert!(text.contains("flows: {},"), "{text}");
    assert!(pieces(&text, 1) > 2);
    assert_same(&text);
    let without = text.replace("        flows: {},\n", "");
    assert_same(&without);
    assert_eq!(in_pieces(&without, 1, 2).unwrap(), project);
}

#[test]
fn hand_written_layouts_parse_in_pieces() {
    let text = canonical(12, 4);
    let nodes = &text[text.find("        nodes: {").unwrap()..text.find("        flows: {").unwrap()];
    let flows_end = text.find("        platforms: {").unwrap();
    let flows = &text[text.find("        flows: {").unwrap()..flows_end];
    let sheet = &text[text.find("        sheet: (").unwrap()..text.find("        nodes: {").unwrap()];
    let one_line = text
        .replace("// dlt-modeller project file. Format: docs/FORMAT.md\n", "")
        .split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let layouts = [
        // Comments between and inside entries, with the characters that matter to the cutting.
        text.replace(
            "\n            \"n",
            "\n            // a comment, \"x\": ( {\n            /* nested /* ( */ , \"y\" */ \"n",
        ),
        text.replace('\n', "\r\n"),
        text.replace("    ", "\t"),
        one_line,
        text.replace(&format!("{nodes}{flows}"), &format!("{flows}{nodes}")),
        text.replace(&format!("{sheet}{nodes}"), &format!("{nodes}{sheet}")),
        text.replace("project: (", "project: Project("),
        text.replace("project: (", "project /* here */ :\n(")
            .replace("nodes: {", "nodes\n  : // the nodes\n {"),
        // Text that looks like the structure, inside strings.
        text.replace("name: \"Actor 0\"", "name: r#\"Actor \", \"x\": ( nodes: { 0\"#")
            .replace(
                "summary: \"A synthetic",
                "summary: \"project: (nodes: {\\\"a\\\": ( }), \\\" , A synthetic",
            ),
        text.replace("\"n03\":", "\"nodes\":"),
        text.replace("name: \"Actor 1\"", "name: \"Ac€tér, 1\""),
        // Trailing commas left out where they may be.
        text.replace("),\n        },\n        flows", ")\n        },\n        flows"),
    ];
    for (i, layout) in layouts.iter().enumerate() {
        assert!(pieces(layout, 1) > 2, "layout {i} is parsed in pieces:\n{layout}");
        assert!(plain(layout).is_ok(), "layout {i}: {:?}", plain(layout));
        assert_same(layout);
    }
}

#[test]
fn a_key_in_two_pieces_is_refused_as_in_the_plain_parse() {
    let text = canonical(12, 4);
    for repeated in [
        text.replace("\"n11\":", "\"n02\":"),
        text.replace("\"f23\":", "\"f00\":"),
        text.replace("\"n03\":", "\"n02\":"),
    ] {
        assert!(pieces(&repeated, 1) > 2);
        let e = plain(&repeated).unwrap_err();
        assert!(e.message.starts_with("repeated key "), "{e}");
        assert_same(&repeated);
    }
}

#[test]
fn unusual_documents_are_parsed_plainly() {
    let text = canonical(12, 5);
    let plainly = [
        format!("#![enable(implicit_some)]\n{text}"),
        text.replace("nodes: {", "r#nodes: {"),
        text.replace("flows: {", "nodes: {"),
        text.replace("    project: (", "    project: (),\n    project: ("),
        text.replace("\"Actor 2\"", "\"Actor 2"),
        text.replace("(0.0, 0.0)", "(0.0, 0.0"),
        text.replace("nodes: {", "nodes: ["),
        format!("{text})"),
        format!("{text}/* open"),
        text.replace("    format:", "    format°:"),
    ];
    for (i, layout) in plainly.iter().enumerate() {
        assert_eq!(pieces(layout, 1), 0, "layout {i} is parsed plainly");
        assert_same(layout);
    }
}

#[test]
fn errors_inside_a_piece_point_into_the_original_text() {
    let text = canonical(40, 6);
    let last_step = text.rfind("step: ").unwrap();
    let bad = format!(
        "{}step: \"seven\",{}",
        &text[..last_step],
        &text[text[last_step..].find(',').unwrap() + last_step + 1..]
    );
    assert!(pieces(&bad, 100) > 10);
    let e = in_pieces(&bad, 100, 2).unwrap_err();
    assert_eq!(Err(e.clone()), plain(&bad));
    let (line, col) = e.position.unwrap();
    let shown = bad.lines().nth(line - 1).unwrap();
    assert!(shown.contains("step: \"seven\""), "{e}: line {line} is {shown:?}");
    // Where the parser stood when it met the text: right after the colon.
    assert_eq!(col, shown.find("step:").unwrap() + "step:".len() + 1, "{e}");
    assert!(e.message.contains("near `step: \"seven\",`"), "{e}");
}

#[test]
fn the_earliest_error_is_reported() {
    let text = canonical(40, 7);
    let late = text.replace("platforms: {", "platforms: { oops");
    let early_too = late.replacen("position: (", "position: oops (", 3);
    for bad in [&late, &early_too] {
        assert_eq!(in_pieces(bad, 50, 3), plain(bad));
        assert!(in_pieces(bad, 50, 3).is_err());
    }
}

/// Damage for the files: mostly text that keeps the brackets balanced (so that the file is still
/// cut into pieces and the error is found in one), some that does not.
const DAMAGE: &[&str] = &[
    ",",
    ":",
    "\"x\"",
    "oops",
    "()",
    "{}",
    "[]",
    "1",
    "-1",
    "1e999",
    "\"a\": ()",
    "// c\n",
    "/* c */",
    "\n",
    " ",
    "é",
    "), \"n9\": (",
    "), \"n0\": (",
    ",\n            \"n5\": (",
    "name: \"x\",",
    "Some(1)",
    "''",
    "'a'",
    "nodes",
    "(",
    ")",
    "[",
    "}",
    "\"",
    "\\",
    "'",
    "#",
    "r#\"",
    "/*",
    "*/",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_projects_parse_the_same_in_pieces(
        nodes in 0usize..70,
        seed in 0u64..1000,
        cut_every in 1usize..4000,
        threads in 1usize..4,
    ) {
        let text = canonical(nodes, seed);
        if nodes >= 2 && cut_every < 500 {
            prop_assert!(pieces(&text, cut_every) > 2);
        }
        prop_assert_eq!(in_pieces(&text, cut_every, threads), Ok(generate(nodes, seed)));
    }

    #[test]
    fn damaged_files_fail_or_load_the_same_in_pieces(
        seed in 0u64..20,
        damage in prop::collection::vec((0usize..1_000_000, 0usize..12, prop::sample::select(DAMAGE)), 1..3),
        cut_every in 1usize..600,
        threads in 1usize..4,
    ) {
        let mut text = canonical(25, seed);
        for (at, len, insert) in damage {
            let at = at % text.len();
            let end = (at + len).min(text.len());
            if text.is_char_boundary(at) && text.is_char_boundary(end) {
                text.replace_range(at..end, insert);
            }
        }
        prop_assert_eq!(in_pieces(&text, cut_every, threads), plain(&text), "{}", text);
    }
}
