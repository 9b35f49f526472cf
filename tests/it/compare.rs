//! The assessment delta of small edits (issue 22): renaming a node, adding a personal-data asset
//! kept on the ledger, removing the auditor and changing one weight so the top two platforms swap
//! — each with the exact delta expected, through the library (`assess::delta`) and through
//! `dlt-modeller diff A B --assessment` (text and JSON, exit code 1 as for any difference).

use std::path::Path;
use std::process::Command;

use dlt_modeller::assess::assess;
use dlt_modeller::assess::delta::{Delta, DeltaEntry, delta};
use dlt_modeller::catalog::Catalog;
use dlt_modeller::file;
use dlt_modeller::model::{CriterionUse, DataLocation, Flow, Node, PlatformChoice, Position, Project};

/// A mine selling gold to a refiner, checked by an auditor; Fabric leads Corda on user
/// authentication (3 against 2, weight 2), Corda leads on data storage (3 against 2,
/// weight 1), both score 3 on query (weight 3 from the mine, 2 from the auditor).
fn base() -> Project {
    let mut p = Project::new("Small gold");
    p.sheet.assessed_on = "2026-12-06".into();
    let ask = |node: &mut Node, criterion: &str, weight: u8| {
        node.criteria.insert(
            criterion.into(),
            CriterionUse {
                weight,
                ..CriterionUse::default()
            },
        );
    };
    let mut mine = Node::actor("Mine", Position::new(0.0, 0.0));
    ask(&mut mine, "core.query", 3);
    let mut refiner = Node::actor("Refiner", Position::new(400.0, 0.0));
    ask(&mut refiner, "application.user_authentication", 2);
    let mut bar = Node::asset("Gold bar", Position::new(200.0, 200.0));
    ask(&mut bar, "operation.data_storage", 1);
    let mut auditor = Node::actor("Auditor", Position::new(400.0, 300.0));
    auditor.components.insert("governance.audit_support".into());
    ask(&mut auditor, "core.query", 2);
    for (id, node) in [("mine", mine), ("refiner", refiner), ("bar", bar), ("auditor", auditor)] {
        p.nodes.insert(id.into(), node);
    }
    let mut sells = Flow::new("mine", "refiner", 1, "sells the bar");
    sells.asset = Some("bar".into());
    p.flows.insert("sells".into(), sells);
    p.flows
        .insert("audits".into(), Flow::new("auditor", "refiner", 2, "audits"));
    for platform in ["fabric", "corda"] {
        p.platforms.insert(platform.into(), PlatformChoice::default());
    }
    p
}

fn rename(p: &mut Project) {
    p.nodes.get_mut("refiner").unwrap().name = "Smelter".into();
}

fn add_personal_data_on_ledger(p: &mut Project) {
    let mut register = Node::asset("Customer register", Position::new(0.0, 300.0));
    register.personal_data = true;
    register.data = DataLocation::OnLedger;
    p.nodes.insert("register".into(), register);
    p.flows
        .insert("keeps".into(), Flow::new("refiner", "register", 3, "keeps customers"));
}

fn remove_the_auditor(p: &mut Project) {
    p.nodes.remove("auditor");
    p.flows.remove("audits");
}

fn swap_the_top_two(p: &mut Project) {
    p.nodes
        .get_mut("bar")
        .unwrap()
        .criteria
        .get_mut("operation.data_storage")
        .unwrap()
        .weight = 5;
}

/// One expected entry: its sentence, and the nodes and flows behind it.
type Expected = (&'static str, &'static [&'static str], &'static [&'static str]);

/// An edit: its name, what it does, and the delta's entries in order.
type Row = (&'static str, fn(&mut Project), Vec<Expected>);

fn table() -> Vec<Row> {
    const REGISTER: &[&str] = &["register"];
    vec![
        // A name is no number: nothing in the assessment moves.
        ("rename", rename, vec![]),
        (
            "personal data on-ledger",
            add_personal_data_on_ledger,
            vec![
                (
                    "flag raised: Data protection & privacy (error): “Customer register” holds personal data; \
                     “Customer register” keeps it on-ledger, where it cannot be erased",
                    REGISTER,
                    &[],
                ),
                (
                    "flag raised: Evidential value of records (info): “Customer register” is anchored on the ledger: \
                     must ledger entries be admissible evidence?",
                    REGISTER,
                    &[],
                ),
                (
                    "coverage gap opened: “Customer register” is on the ledger, but no node brings the Ledger component \
                     (warning, rule on_ledger_asset_without_ledger)",
                    REGISTER,
                    &[],
                ),
                (
                    "coverage gap opened: personal data is placed on-ledger at “Customer register”: ledger records \
                     cannot be erased; keep it off-ledger with only a hash on-ledger (error, rule personal_data_on_ledger)",
                    REGISTER,
                    &[],
                ),
                (
                    "coverage gap opened: “Customer register” holds personal data, but no node brings the PII \
                     protection component (warning, rule personal_data_without_pii_protection)",
                    REGISTER,
                    &[],
                ),
            ],
        ),
        (
            // Query loses the auditor's weight 2: Fabric 17 of 18, Corda 16 of 18.
            "remove the auditor",
            remove_the_auditor,
            vec![
                ("requirement Query: weight 5 → weight 3", &["auditor"], &[]),
                (
                    "platform Hyperledger Fabric: rank 1, weighted 95.8 % → 94.4 % (-1.4 points), TOPSIS 0.667 → 0.667",
                    &["auditor"],
                    &[],
                ),
                (
                    "platform Corda: rank 2, weighted 91.7 % → 88.9 % (-2.8 points), TOPSIS 0.333 → 0.333",
                    &["auditor"],
                    &[],
                ),
                (
                    "coverage gap opened: no node brings a component of the Governance and compliance group \
                     (supervisory support, audit support, governance controls, policy management) (warning, rule \
                     no_governance_component)",
                    &[],
                    &[],
                ),
            ],
        ),
        (
            // Data storage weighs 5: Fabric 31 of 36, Corda 34 of 36.
            "swap the top two",
            swap_the_top_two,
            vec![
                (
                    "requirement Data storage sustainability: weight 1 → weight 5",
                    &["bar"],
                    &[],
                ),
                (
                    "platform Corda: rank 2 → 1, weighted 91.7 % → 94.4 % (+2.8 points), TOPSIS 0.333 → 0.714 \
                     (TOPSIS rank 2 → 1)",
                    &["bar"],
                    &[],
                ),
                (
                    "platform Hyperledger Fabric: rank 1 → 2, weighted 95.8 % → 86.1 % (-9.7 points), TOPSIS 0.667 → \
                     0.286 (TOPSIS rank 1 → 2)",
                    &["bar"],
                    &[],
                ),
            ],
        ),
    ]
}

fn delta_of(edit: fn(&mut Project)) -> Delta {
    let before = base();
    let mut after = before.clone();
    edit(&mut after);
    let report = |p: &Project| assess(p, &Catalog::builtin().with_project(p));
    delta(&report(&before), &report(&after))
}

fn show(entries: &[DeltaEntry]) -> String {
    entries
        .iter()
        .map(|e| format!("{} {:?} {:?}\n", e.sentence, e.nodes, e.flows))
        .collect()
}

#[test]
fn each_small_edit_gives_exactly_its_delta() {
    for (name, edit, expected) in table() {
        let entries = delta_of(edit).entries();
        let expected: Vec<DeltaEntry> = expected
            .into_iter()
            .map(|(sentence, nodes, flows)| DeltaEntry {
                sentence: sentence.to_owned(),
                nodes: nodes.iter().map(|s| s.to_string()).collect(),
                flows: flows.iter().map(|s| s.to_string()).collect(),
            })
            .collect();
        assert_eq!(entries, expected, "{name}:\n{}", show(&entries));
    }
}

/// Equal data trees, numbers to within what reading JSON text back loses.
fn same_data(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() < 1e-9,
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_data(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_data(v, w)))
        }
        _ => a == b,
    }
}

fn write(dir: &Path, name: &str, project: &Project) -> String {
    let path = dir.join(name);
    std::fs::write(&path, file::to_text(project)).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn diff_prints_the_same_delta_after_the_model_differences() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.ron", &base());
    for (name, edit, expected) in table() {
        let mut after = base();
        edit(&mut after);
        let b = write(dir.path(), &format!("{}.ron", name.replace(' ', "-")), &after);
        let run = |extra: &[&str]| {
            Command::new(env!("CARGO_BIN_EXE_dlt-modeller"))
                .args(["diff", &a, &b, "--assessment"])
                .args(extra)
                .output()
                .unwrap()
        };
        let text = run(&[]);
        assert_eq!(text.status.code(), Some(1), "{name}: the models differ");
        let stdout = String::from_utf8(text.stdout).unwrap();
        let (model, assessment) = stdout
            .split_once("\nAssessment:\n")
            .expect("the assessment follows the model");
        assert!(!model.trim().is_empty(), "{name}");
        let sentences: Vec<&str> = expected.iter().map(|e| e.0).collect();
        let shown: Vec<&str> = assessment.lines().collect();
        if sentences.is_empty() {
            assert_eq!(shown, ["no change"], "{name}");
        } else {
            assert_eq!(shown, sentences, "{name}");
        }
        let json = run(&["--format", "json"]);
        assert_eq!(json.status.code(), Some(1));
        let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        assert!(value["differences"].as_array().is_some_and(|d| !d.is_empty()), "{name}");
        let parsed = &value["assessment"];
        let expected = serde_json::to_value(delta_of(edit)).unwrap();
        assert!(same_data(parsed, &expected), "{name}: {parsed:#} against {expected:#}");
    }
    // The same file: no difference, exit 0, no assessment change.
    let same = Command::new(env!("CARGO_BIN_EXE_dlt-modeller"))
        .args(["diff", &a, &a, "--assessment"])
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(String::from_utf8(same.stdout).unwrap(), "\nAssessment:\nno change\n");
}
