//! Diff and three-way merge on a table of cases, through the command line as git would call it.

use std::path::Path;
use std::process::Command;

use dlt_modeller::file;
use dlt_modeller::model::{Flow, Node, Position, Project};

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
