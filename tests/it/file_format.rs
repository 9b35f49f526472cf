//! The project file as a colleague meets it: migrations of old versions, canonical round trips of
//! random projects, and malformed or hostile input that must fail with a position, never a panic.

use std::collections::{BTreeMap, BTreeSet};

use dlt_modeller::file::{self, CURRENT_VERSION, MAX_DEPTH, MAX_STRING_BYTES};
use dlt_modeller::model::*;
use proptest::prelude::*;

fn sample_text() -> String {
    file::to_text(&dlt_modeller::generate::generate(40, 3))
}

#[test]
fn version_0_fixture_migrates_to_the_current_model() {
    let text = std::fs::read_to_string("tests/fixtures/v0-gold.ron").unwrap();
    let loaded = file::parse(&text).unwrap();
    assert_eq!(loaded.version, 0);
    let p = loaded.project;
    assert_eq!(p.sheet.title, "Gold (draft format)");
    assert_eq!(
        p.nodes["bar"].position,
        Position::new(220.0, 120.0),
        "coordinates are rounded"
    );
    assert_eq!(p.nodes["bar"].asset_type(), Some(AssetType::PhysicalTwin));
    assert!(p.nodes["bar"].components.contains("platform.ledger"));
    assert_eq!(p.nodes["mine"].organisation(), Some("Mine Co"));
    assert_eq!(p.flows["f1"].action, "ships lot");
    assert_eq!(p.flows["f1"].kind, FlowKind::Transfer);
    assert_eq!(p.flows["f2"].kind, FlowKind::default());
    let again = file::parse(&file::to_text(&p)).unwrap();
    assert_eq!(again.version, CURRENT_VERSION);
    assert_eq!(again.project, p);
}

#[test]
fn truncated_files_fail_with_a_position() {
    let text = sample_text();
    let mut cut = 0;
    while cut < text.len() - 1 {
        if text.is_char_boundary(cut) {
            let e = file::parse(&text[..cut]).expect_err("a truncated file must not load");
            assert!(e.position.is_some(), "truncated at {cut}: {e}");
        }
        cut += 131;
    }
}

#[test]
fn dangling_ids_load_and_are_reported_by_validation() {
    let text = sample_text().replacen("from: \"n", "from: \"ghost", 1);
    let p = file::parse(&text).unwrap().project;
    let catalog = dlt_modeller::catalog::Catalog::builtin().with_project(&p);
    let findings = validate(&p, &catalog);
    assert!(
        findings
            .iter()
            .any(|f| f.severity == Severity::Error && f.message.contains("ghost")),
        "{findings:?}"
    );
}

#[test]
fn a_100_mb_string_fails_fast_with_a_position() {
    let text = format!(
        "(\n    format: \"dlt-modeller\",\n    version: 1,\n    project: (sheet: (title: \"{}\")),\n)",
        "a".repeat(100 * 1024 * 1024)
    );
    let e = file::parse(&text).unwrap_err();
    assert_eq!(e.position, Some((4, 30)), "{e}");
    assert!(e.message.contains(&MAX_STRING_BYTES.to_string()), "{e}");
}

#[test]
fn deep_nesting_fails_with_a_position() {
    let text = format!(
        "(format: \"dlt-modeller\", version: 1, project: {})",
        "[".repeat(100_000)
    );
    let e = file::parse(&text).unwrap_err();
    assert!(
        e.position.is_some() && e.message.contains(&MAX_DEPTH.to_string()),
        "{e}"
    );
}

#[test]
fn a_long_string_under_the_limit_is_fine() {
    let mut p = Project::new("t");
    p.sheet.summary = "x".repeat(MAX_STRING_BYTES - 10);
    assert_eq!(file::parse(&file::to_text(&p)).unwrap().project, p);
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,12}",
        "[a-z ]{0,12}",
        Just(String::new()),
        Just("quote \" back \\ nl \n tab \t".to_string())
    ]
}

fn key_strategy() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_.-]{0,10}"
}

fn node_strategy() -> impl Strategy<Value = Node> {
    let kind = prop_oneof![
        (0..7usize, text_strategy()).prop_map(|(r, organisation)| NodeKind::Actor {
            role: ActorRole::ALL[r],
            organisation
        }),
        (0..7usize).prop_map(|t| NodeKind::Asset {
            asset_type: AssetType::ALL[t]
        }),
    ];
    let criterion = (1..=5u8, any::<bool>(), text_strategy()).prop_map(|(weight, must_have, note)| CriterionUse {
        weight,
        must_have,
        note,
    });
    (
        text_strategy(),
        kind,
        (-1e6f32..1e6, -1e6f32..1e6),
        (text_strategy(), text_strategy(), 0..3usize, any::<bool>()),
        prop::collection::btree_set(key_strategy(), 0..4),
        prop::collection::btree_map(key_strategy(), criterion, 0..4),
    )
        .prop_map(
            |(name, kind, (x, y), (description, jurisdiction, data, personal_data), components, criteria)| Node {
                name,
                kind,
                position: Position::new(x, y),
                description,
                jurisdiction,
                data: DataLocation::ALL[data],
                personal_data,
                components: components.into_iter().collect::<BTreeSet<_>>(),
                criteria,
            },
        )
}

fn flow_strategy() -> impl Strategy<Value = Flow> {
    (
        key_strategy(),
        key_strategy(),
        0..50u32,
        text_strategy(),
        0..8usize,
        any::<bool>(),
        prop::option::of(key_strategy()),
    )
        .prop_map(|(from, to, step, action, kind, on_ledger, asset)| Flow {
            from,
            to,
            step,
            action,
            kind: FlowKind::ALL[kind],
            on_ledger,
            asset,
        })
}

fn project_strategy() -> impl Strategy<Value = Project> {
    let answer = (0..3usize, text_strategy()).prop_map(|(s, note)| TopicAnswer {
        status: AnswerStatus::ALL[s],
        note,
    });
    let platform = prop::collection::btree_map(
        key_strategy(),
        (0..=3u8, text_strategy()).prop_map(|(score, note)| ScoreOverride { score, note }),
        0..3,
    )
    .prop_map(|overrides| PlatformChoice { overrides });
    (
        (
            text_strategy(),
            text_strategy(),
            prop::collection::vec(text_strategy(), 0..3),
            0..5usize,
            prop::collection::vec(1..=17u8, 0..3),
        ),
        prop::collection::btree_map(key_strategy(), node_strategy(), 0..8),
        prop::collection::btree_map(key_strategy(), flow_strategy(), 0..8),
        prop::collection::btree_map(key_strategy(), platform, 0..3),
        prop::collection::btree_map(key_strategy(), 0..=3u8, 0..3),
        prop::collection::btree_map(key_strategy(), answer, 0..3),
        prop::collection::btree_map(
            key_strategy(),
            (text_strategy(), key_strategy()).prop_map(|(name, layer)| CustomComponent {
                name,
                layer,
                description: String::new(),
            }),
            0..2,
        ),
    )
        .prop_map(
            |(
                (title, summary, functions, status, sdgs),
                nodes,
                flows,
                platforms,
                thresholds,
                regulatory,
                components,
            )| Project {
                sheet: UseCaseSheet {
                    title,
                    summary,
                    functions,
                    status: Status::ALL[status],
                    sdgs,
                    ..Default::default()
                },
                nodes,
                flows,
                platforms,
                thresholds,
                regulatory,
                custom: CustomCatalog {
                    components,
                    criteria: BTreeMap::new(),
                    platforms: BTreeMap::new(),
                    rules: String::new(),
                },
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_projects_survive_save_and_load(project in project_strategy()) {
        let text = file::to_text(&project);
        let loaded = file::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&loaded.project, &project);
        prop_assert_eq!(file::to_text(&loaded.project), text);
    }

    #[test]
    fn random_text_never_panics_and_errors_have_positions(text in ".{0,300}") {
        if let Err(e) = file::parse(&text) {
            prop_assert!(e.position.is_some() || e.message.contains("format"), "{}", e);
        }
    }

    #[test]
    fn mutated_files_never_panic(cuts in prop::collection::vec((0usize..4000, 0usize..40, ".{0,3}"), 1..6)) {
        let mut text = sample_text();
        for (at, len, insert) in cuts {
            let at = at % text.len();
            let end = (at + len).min(text.len());
            if text.is_char_boundary(at) && text.is_char_boundary(end) {
                text.replace_range(at..end, &insert);
            }
        }
        let _ = file::parse(&text);
    }
}

#[test]
fn the_example_in_format_md_is_a_valid_canonical_file() {
    let doc = std::fs::read_to_string("docs/FORMAT.md").unwrap();
    let start = doc.find("```ron\n").expect("an example block") + "```ron\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    let project = file::parse(example).unwrap_or_else(|e| panic!("{e}")).project;
    assert_eq!(
        file::to_text(&project),
        example,
        "the example is written exactly as the program writes it"
    );
    let catalog = dlt_modeller::catalog::Catalog::builtin().with_project(&project);
    let findings = validate(&project, &catalog);
    assert!(findings.iter().all(|f| f.severity == Severity::Info), "{findings:?}");
}

/// FORMAT.md's example with one line left out.
fn example_without(example: &str, line: usize) -> String {
    let lines: Vec<&str> = example.lines().collect();
    [&lines[..line], &lines[line + 1..]].concat().join("\n")
}

#[test]
fn format_md_marks_every_field_the_loader_requires() {
    let doc = std::fs::read_to_string("docs/FORMAT.md").unwrap();
    let start = doc.find("```ron\n").unwrap() + "```ron\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    let marked = |field: &str| {
        doc.lines()
            .any(|l| l.contains(&format!("`{field}`")) && l.contains("**required**"))
    };
    let mut required = Vec::new();
    for (i, line) in example.lines().enumerate() {
        // One-line fields: `name: value,`.
        let Some((field, value)) = line.trim().split_once(": ") else {
            continue;
        };
        if !field.chars().all(|c| c.is_ascii_lowercase() || c == '_') || value.ends_with(['(', '[', '{']) {
            continue;
        }
        match file::parse(&example_without(example, i)) {
            Err(e) if e.message.contains("missing") || e.message.contains(field) => {
                assert!(marked(field), "FORMAT.md does not mark `{field}` as required: {e}");
                required.push(field.to_string());
            }
            Err(e) => panic!("leaving out {field}: {e}"),
            Ok(_) => {}
        }
    }
    for field in [
        "format", "version", "title", "name", "position", "weight", "from", "to", "step", "action",
    ] {
        assert!(required.iter().any(|r| r == field), "{field} is required: {required:?}");
    }
}

#[test]
fn the_defaults_format_md_says_are_written_are_written() {
    let doc = std::fs::read_to_string("docs/FORMAT.md").unwrap();
    let mut p = Project::new("Defaults");
    p.nodes.insert("a".into(), Node::actor("A", Position::default()));
    p.nodes.insert("b".into(), Node::asset("B", Position::default()));
    p.flows.insert("f".into(), Flow::new("a", "b", 1, "x"));
    let text = file::to_text(&p);
    for written in [
        "data: OffLedger",
        "kind: Transfer",
        "status: Idea",
        "platforms: {}",
        "regulatory: {}",
    ] {
        assert!(text.contains(written), "{written} is written:\n{text}");
    }
    for left_out in [
        "personal_data",
        "must_have",
        "thresholds",
        "custom",
        "description",
        "organisation",
    ] {
        assert!(!text.contains(left_out), "{left_out} is left out:\n{text}");
    }
    let always = &doc[doc
        .find("are\n  always written")
        .expect("the list of fields always written")..];
    for field in ["`data`", "`kind`", "`status`", "`platforms`", "`regulatory`"] {
        assert!(
            always[..400].contains(field),
            "FORMAT.md lists {field} as always written"
        );
    }
}
