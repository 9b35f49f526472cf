//! Diff and three-way merge on a table of cases, through the command line as git would call it.

use std::path::Path;
use std::process::Command;

use dlt_modeller::catalog::Catalog;
use dlt_modeller::file;
use dlt_modeller::generate::Rng;
use dlt_modeller::model::{CriterionUse, Flow, Node, NodeKind, Position, Project, Severity, validate};
use proptest::prelude::*;

fn base() -> Project {
    dlt_modeller::generate::generate(40, 5)
}

struct Case {
    name: &'static str,
    ours: fn(&mut Project),
    theirs: fn(&mut Project),
    /// Whether `merge` must report conflicts (exit 1).
    conflicts: bool,
    check: fn(&Project),
}

fn rename(p: &mut Project, id: &str, name: &str) {
    p.nodes.get_mut(id).unwrap().name = name.to_string();
}

/// The validation errors of a project, as `check` prints them.
fn errors(p: &Project) -> Vec<String> {
    let catalog = Catalog::builtin().with_project(p);
    validate(p, &catalog)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.to_string())
        .collect()
}

fn delete_node(p: &mut Project, id: &str) {
    p.nodes.remove(id);
    p.flows.retain(|_, f| !f.named_nodes().any(|named| named == id));
}

fn add_criterion(p: &mut Project, node: &str, weight: u8, must_have: bool) {
    let criterion = CriterionUse {
        weight,
        must_have,
        note: String::new(),
    };
    (p.nodes.get_mut(node).unwrap().criteria).insert("test.both_added".into(), criterion);
}

const CASES: &[Case] = &[
    Case {
        name: "both sides edit different nodes",
        ours: |p| rename(p, "n01", "Ours"),
        theirs: |p| p.nodes.get_mut("n07").unwrap().position = Position::new(-500.0, -500.0),
        conflicts: false,
        check: |m| {
            assert_eq!(m.nodes["n01"].name, "Ours");
            assert_eq!(m.nodes["n07"].position, Position::new(-500.0, -500.0));
        },
    },
    Case {
        name: "both sides edit one field differently",
        ours: |p| rename(p, "n02", "Ours"),
        theirs: |p| rename(p, "n02", "Theirs"),
        conflicts: true,
        check: |m| assert_eq!(m.nodes["n02"].name, "Ours"),
    },
    Case {
        name: "one side deletes a node the other edits",
        ours: |p| {
            p.nodes.remove("n03");
            p.flows.retain(|_, f| !f.touches("n03"));
        },
        theirs: |p| rename(p, "n03", "Still here"),
        conflicts: true,
        check: |m| assert!(!m.nodes.contains_key("n03")),
    },
    Case {
        name: "one side deletes a node the other edits and names in a new flow",
        ours: |p| delete_node(p, "n03"),
        theirs: |p| {
            rename(p, "n03", "Still here");
            p.flows.insert("f-new".into(), Flow::new("n03", "n00", 99, "asks"));
        },
        conflicts: true,
        check: |m| {
            assert_eq!(m.nodes["n03"].name, "Still here", "kept with theirs' edits");
            assert!(m.flows.contains_key("f-new"));
            assert_eq!(errors(m), Vec::<String>::new());
        },
    },
    Case {
        name: "both sides add the same criterion to a node differently",
        ours: |p| add_criterion(p, "n05", 4, false),
        theirs: |p| add_criterion(p, "n05", 2, true),
        conflicts: true,
        check: |m| {
            let kept = &m.nodes["n05"].criteria["test.both_added"];
            assert_eq!((kept.weight, kept.must_have), (4, false), "ours whole, not a mix");
        },
    },
    Case {
        name: "both sides add nodes and flows",
        ours: |p| {
            p.nodes
                .insert("a-ours1".into(), Node::actor("Our actor", Position::new(0.0, -300.0)));
            p.flows
                .insert("f-ours1".into(), Flow::new("a-ours1", "n00", 99, "asks"));
        },
        theirs: |p| {
            p.nodes.insert(
                "s-their".into(),
                Node::asset("Their asset", Position::new(300.0, -300.0)),
            );
            p.flows
                .insert("f-their".into(), Flow::new("n00", "s-their", 99, "records"));
        },
        conflicts: false,
        check: |m| {
            assert_eq!(m.nodes.len(), 42);
            assert!(m.flows.contains_key("f-ours1") && m.flows.contains_key("f-their"));
        },
    },
];

fn write(dir: &Path, name: &str, p: &Project) -> String {
    let path = dir.join(name);
    file::save(&path, p).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn merge_cases() {
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        let (mut ours, mut theirs) = (base(), base());
        (case.ours)(&mut ours);
        (case.theirs)(&mut theirs);
        let paths = [
            write(dir.path(), "base.ron", &base()),
            write(dir.path(), "ours.ron", &ours),
            write(dir.path(), "theirs.ron", &theirs),
        ];
        let out = dir.path().join("out.ron");
        let o = Command::new(env!("CARGO_BIN_EXE_dlt-modeller"))
            .args(["merge", &paths[0], &paths[1], &paths[2], "-o"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            o.status.code(),
            Some(if case.conflicts { 1 } else { 0 }),
            "{}: {stderr}",
            case.name
        );
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text.contains("// MERGE CONFLICTS"), case.conflicts, "{}", case.name);
        if case.conflicts {
            assert!(stderr.contains("conflict: nodes."), "{}: {stderr}", case.name);
            assert!(!stderr.contains("after merging"), "{}: {stderr}", case.name);
        }
        let merged = file::parse(&text)
            .unwrap_or_else(|e| panic!("{}: merged file loads: {e}", case.name))
            .project;
        (case.check)(&merged);
    }
}

#[test]
fn diff_lists_changes_and_exits_1_when_files_differ() {
    let dir = tempfile::tempdir().unwrap();
    let mut changed = base();
    rename(&mut changed, "n01", "Renamed");
    let (a, b) = (
        write(dir.path(), "a.ron", &base()),
        write(dir.path(), "b.ron", &changed),
    );
    let run = |x: &str, y: &str| {
        Command::new(env!("CARGO_BIN_EXE_dlt-modeller"))
            .args(["diff", x, y])
            .output()
            .unwrap()
    };
    let o = run(&a, &b);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("(n01): name changed from \"Actor 1\" to \"Renamed\""),
        "{text}"
    );
    assert_eq!(run(&a, &a).status.code(), Some(0));
}

#[test]
fn merging_two_edited_copies_of_a_large_project_is_clean() {
    let base = dlt_modeller::generate::generate(5_000, 2);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for (i, node) in ours.nodes.values_mut().enumerate().filter(|(i, _)| i % 10 == 0) {
        node.name = format!("ours {i}");
    }
    for node in theirs.nodes.values_mut().skip(5).step_by(10) {
        node.position = Position::new(node.position.x + 5.0, node.position.y);
    }
    let m = dlt_modeller::merge::merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(dlt_modeller::merge::diff(&base, &m.project).len(), 1000);
}

#[test]
fn conflicts_say_what_was_kept_and_why() {
    let (mut ours, mut theirs) = (base(), base());
    delete_node(&mut ours, "n03");
    rename(&mut theirs, "n03", "Still here");
    theirs.flows.insert("f-new".into(), Flow::new("n03", "n00", 99, "asks"));
    add_criterion(&mut ours, "n05", 4, false);
    add_criterion(&mut theirs, "n05", 2, true);
    let m = dlt_modeller::merge::merge(&base(), &ours, &theirs);
    let listed: Vec<String> = m.conflicts.iter().map(ToString::to_string).collect();
    assert_eq!(listed.len(), 2, "{listed:#?}");
    assert!(
        listed[0].starts_with("nodes.n05.criteria.test.both_added: base (absent), ours {\"weight\":4}")
            && listed[0].ends_with("— kept ours"),
        "{listed:#?}"
    );
    assert!(
        listed[1].starts_with("nodes.n03: base {")
            && listed[1]
                .ends_with("— kept the node as theirs has it: ours deleted it, but the merged flow f-new names it"),
        "{listed:#?}"
    );
}

/// One random edit that keeps the project valid: ids come from small pools, so the two sides
/// often touch the same nodes and flows, add the same ids and delete what the other edits.
fn random_edit(p: &mut Project, rng: &mut Rng) {
    let node_ids: Vec<String> = p.nodes.keys().cloned().collect();
    let flow_ids: Vec<String> = p.flows.keys().cloned().collect();
    let pick = |rng: &mut Rng, ids: &[String]| (!ids.is_empty()).then(|| ids[rng.below(ids.len())].clone());
    let node = pick(rng, &node_ids);
    let flow = pick(rng, &flow_ids);
    let other = pick(rng, &node_ids);
    match rng.below(9) {
        0 => {
            if let Some(id) = node {
                rename(p, &id, &format!("Renamed {}", rng.below(3)));
            }
        }
        1 => {
            if let Some(id) = node {
                delete_node(p, &id);
            }
        }
        2 => {
            let id = format!("x{}", rng.below(3));
            let at = Position::new(rng.below(900) as f32, rng.below(900) as f32);
            let node = if rng.below(2) == 0 {
                Node::actor("New actor", at)
            } else {
                Node::asset("New asset", at)
            };
            if !p.flows.contains_key(&id) {
                p.nodes.insert(id, node);
            }
        }
        3 => {
            let id = ["x1", "g0", "g1"][rng.below(3)].to_string();
            if let (Some(from), Some(to)) = (node, other)
                && from != to
                && !p.nodes.contains_key(&id)
            {
                let mut f = Flow::new(from, to, 1 + rng.below(9) as u32, "added");
                f.asset = node_ids.iter().find(|id| p.nodes[*id].is_asset()).cloned();
                p.flows.insert(id, f);
            }
        }
        4 => {
            if let (Some(id), Some(to)) = (flow, other) {
                let f = p.flows.get_mut(&id).unwrap();
                if rng.below(2) == 0 && f.to != to {
                    f.from = to;
                } else if f.from != to {
                    f.to = to;
                }
            }
        }
        5 => {
            // An asset no flow carries becomes an actor, and back.
            if let Some(id) = node.filter(|id| !p.flows.values().any(|f| f.asset.as_ref() == Some(id))) {
                let n = p.nodes.get_mut(&id).unwrap();
                n.kind = if n.is_asset() {
                    Node::actor("", n.position).kind
                } else {
                    NodeKind::Asset {
                        asset_type: Default::default(),
                    }
                };
            }
        }
        6 => {
            if let Some(id) = node {
                add_criterion(p, &id, 1 + rng.below(5) as u8, rng.below(2) == 0);
            }
        }
        7 => {
            if let Some(id) = flow {
                p.flows.remove(&id);
            }
        }
        _ => {
            if let Some(id) = flow {
                let asset = other.filter(|o| p.nodes[o].is_asset());
                p.flows.get_mut(&id).unwrap().asset = asset;
            }
        }
    }
}

fn edited(base: &Project, seed: u64, edits: usize) -> Project {
    let mut rng = Rng(seed);
    let mut p = base.clone();
    for _ in 0..edits {
        random_edit(&mut p, &mut rng);
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever two valid sides do, the merge is valid too, or every error it has is named by a
    /// conflict; and it saves and loads.
    #[test]
    fn merging_two_valid_sides_gives_a_valid_model_or_names_why_not(
        nodes in 2usize..14,
        seed in 0u64..1000,
        ours_seed in any::<u64>(),
        theirs_seed in any::<u64>(),
        ours_edits in 0usize..8,
        theirs_edits in 0usize..8,
    ) {
        let base = dlt_modeller::generate::generate(nodes, seed);
        let ours = edited(&base, ours_seed, ours_edits);
        let theirs = edited(&base, theirs_seed, theirs_edits);
        prop_assume!(errors(&ours).is_empty() && errors(&theirs).is_empty());
        let m = dlt_modeller::merge::merge(&base, &ours, &theirs);
        let conflicts: Vec<String> = m.conflicts.iter().map(ToString::to_string).collect();
        for error in errors(&m.project) {
            let message = error.trim_start_matches("error: ").split(" [").next().unwrap_or_default();
            prop_assert!(
                conflicts.iter().any(|c| c.contains(message)),
                "{error} is named by no conflict: {conflicts:#?}"
            );
        }
        let again = file::parse(&file::to_text(&m.project)).expect("the merge saves and loads");
        prop_assert_eq!(again.project, m.project);
    }
}
