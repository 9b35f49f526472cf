//! The built-in rules, each with a positive and a negative fixture: a quiet project in Germany
//! that raises nothing, and the same project changed so that the rule fires. The EU rules fire
//! only where an EU (or EEA) jurisdiction is involved; a project's own rules join the built-in
//! ones.

use dlt_modeller::assess::{Report, assess, rules};
use dlt_modeller::catalog::Catalog;
use dlt_modeller::model::{ActorRole, AssetType, DataLocation, Flow, FlowKind, Node, NodeKind, Position, Project};

fn actor(name: &str, role: ActorRole, organisation: &str) -> Node {
    let kind = NodeKind::Actor {
        role,
        organisation: organisation.into(),
    };
    let mut node = Node::new(name, kind, Position::default());
    node.jurisdiction = "DE".into();
    node
}

fn asset(name: &str, asset_type: AssetType) -> Node {
    let mut node = Node::new(name, NodeKind::Asset { asset_type }, Position::default());
    node.jurisdiction = "DE".into();
    node
}

fn flow(from: &str, to: &str, kind: FlowKind, asset: Option<&str>) -> Flow {
    let mut f = Flow::new(from, to, 1, "moves");
    f.kind = kind;
    f.asset = asset.map(String::from);
    f
}

/// One organisation in Germany with a governor, security and governance components and a
/// notification: nothing fires.
fn quiet() -> Project {
    let mut p = Project::new("Quiet");
    let mut gov = actor("Registry", ActorRole::Governor, "Registry");
    gov.components
        .extend(["security.access_management", "governance.audit_support"].map(String::from));
    p.nodes.insert("gov".into(), gov);
    p.nodes
        .insert("mine".into(), actor("Mine", ActorRole::User, "Registry"));
    p.nodes.insert("doc".into(), asset("Assay report", AssetType::Document));
    p.flows
        .insert("f1".into(), flow("mine", "gov", FlowKind::Notify, Some("doc")));
    p
}

fn fired(p: &Project) -> Vec<String> {
    let report: Report = assess(p, &Catalog::builtin().with_project(p));
    (report.regulatory.iter().filter(|f| f.raised).map(|f| f.rule.clone()))
        .chain(report.coverage.findings.iter().map(|f| f.rule.clone()))
        .collect()
}

fn token(p: &mut Project, name: &str) {
    p.nodes.insert("tok".into(), asset(name, AssetType::FungibleToken));
}

fn exchange(p: &mut Project) {
    p.nodes
        .insert("ex".into(), actor("Crypto exchange", ActorRole::User, "Registry"));
}

fn personal(p: &mut Project) {
    p.nodes.get_mut("mine").unwrap().personal_data = true;
}

type Change = fn(&mut Project);

/// Every built-in rule with the change to the quiet project that makes it fire.
const FIXTURES: [(&str, Change); 29] = [
    ("personal_data", personal),
    ("value_transfers", |p| {
        token(p, "Bar token");
        p.flows
            .insert("t".into(), flow("mine", "gov", FlowKind::Transfer, Some("tok")));
    }),
    ("tokens_transferred", |p| {
        token(p, "Bar token");
        p.flows
            .insert("t".into(), flow("mine", "gov", FlowKind::Pay, Some("tok")));
    }),
    ("consumer_actor", |p| {
        p.nodes
            .insert("c".into(), actor("Citizens", ActorRole::User, "Registry"));
    }),
    ("smart_contracts", |p| {
        p.nodes
            .get_mut("mine")
            .unwrap()
            .components
            .insert("platform.smart_contract".into());
    }),
    ("no_governor_or_auditor", |p| {
        p.nodes.insert("gov".into(), {
            let mut gov = p.nodes["gov"].clone();
            gov.kind = NodeKind::Actor {
                role: ActorRole::User,
                organisation: "Registry".into(),
            };
            gov
        });
    }),
    ("several_organisations", |p| {
        p.nodes
            .insert("r".into(), actor("Refiner", ActorRole::User, "Refinery"));
    }),
    ("records_as_proof", |p| {
        p.flows.insert("v".into(), flow("gov", "mine", FlowKind::Verify, None));
    }),
    ("operators", |p| {
        p.nodes
            .insert("op".into(), actor("Operator", ActorRole::Provider, "Registry"));
    }),
    ("value_bearing_assets", |p| token(p, "Coin")),
    ("cross_border", |p| {
        p.nodes.get_mut("mine").unwrap().jurisdiction = "FR".into()
    }),
    ("payments", |p| {
        p.flows.insert("p".into(), flow("mine", "gov", FlowKind::Pay, None));
    }),
    ("mica_public_offer", |p| {
        token(p, "Coin");
        p.nodes
            .insert("inv".into(), actor("Retail investors", ActorRole::User, "Registry"));
        p.flows
            .insert("o".into(), flow("gov", "inv", FlowKind::Issue, Some("tok")));
    }),
    ("mica_service_provider", exchange),
    ("mica_stable_value_token", |p| {
        p.nodes
            .insert("stable".into(), asset("Euro stablecoin", AssetType::FungibleToken));
    }),
    ("tfr_travel_rule", |p| {
        token(p, "Coin");
        exchange(p);
        p.flows
            .insert("t".into(), flow("mine", "ex", FlowKind::Transfer, Some("tok")));
    }),
    ("dora_ict_third_party", |p| {
        p.nodes.insert("bank".into(), actor("Bank", ActorRole::User, "Bank AG"));
        p.nodes
            .insert("host".into(), actor("Nodes", ActorRole::Provider, "Hosting Co"));
        p.flows.insert("d".into(), flow("bank", "host", FlowKind::Record, None));
    }),
    ("edpb_personal_data_on_ledger", |p| {
        let doc = p.nodes.get_mut("doc").unwrap();
        doc.personal_data = true;
        doc.data = DataLocation::HashOnLedger;
    }),
    ("edpb_transfer_outside_eea", |p| {
        personal(p);
        let mut us = actor("Analyst", ActorRole::User, "Registry");
        us.jurisdiction = "US".into();
        p.nodes.insert("us".into(), us);
        p.flows
            .insert("x".into(), flow("mine", "us", FlowKind::ExchangeData, None));
    }),
    ("edpb_no_off_ledger_store", personal),
    ("data_act_smart_contract", smart_contract_sharing_data),
    ("eidas_qualified_ledger", |p| {
        p.flows.insert("v".into(), flow("gov", "mine", FlowKind::Verify, None));
    }),
    ("personal_data_on_ledger", |p| {
        personal(p);
        p.nodes.get_mut("mine").unwrap().data = DataLocation::OnLedger;
    }),
    ("on_ledger_asset_without_ledger", |p| {
        p.nodes.get_mut("doc").unwrap().data = DataLocation::HashOnLedger;
    }),
    ("cross_organisation_without_identity", |p| {
        p.nodes
            .insert("r".into(), actor("Refiner", ActorRole::User, "Refinery"));
        p.flows.insert("s".into(), flow("mine", "r", FlowKind::Notify, None));
    }),
    ("token_without_smart_contract", |p| token(p, "Coin")),
    ("personal_data_without_pii_protection", personal),
    ("no_security_component", |p| {
        p.nodes
            .get_mut("gov")
            .unwrap()
            .components
            .remove("security.access_management");
    }),
    ("no_governance_component", |p| {
        p.nodes
            .get_mut("gov")
            .unwrap()
            .components
            .remove("governance.audit_support");
    }),
];

#[test]
fn every_builtin_rule_has_a_fixture() {
    let keys: Vec<&str> = rules::builtin().rules.iter().map(|r| r.def.key.as_str()).collect();
    let fixtures: Vec<&str> = FIXTURES.iter().map(|(key, _)| *key).collect();
    assert_eq!(fixtures, keys);
}

#[test]
fn each_rule_fires_on_its_positive_fixture_and_not_on_the_negative_one() {
    let negative = fired(&quiet());
    assert!(negative.is_empty(), "the quiet project raises {negative:?}");
    for (key, change) in FIXTURES {
        let mut positive = quiet();
        change(&mut positive);
        let fired = fired(&positive);
        assert!(fired.iter().any(|r| r == key), "{key} does not fire: {fired:?}");
    }
}

/// A project raising every EU rule, with its nodes all in one jurisdiction.
fn everything_in(jurisdiction: &str) -> Project {
    let mut p = quiet();
    for (key, change) in FIXTURES.iter().filter(|(key, _)| is_eu(key)) {
        change(&mut p);
        let added: Vec<String> = p
            .flows
            .keys()
            .filter(|id| !id.contains('-') && *id != "f1")
            .cloned()
            .collect();
        for id in added {
            let f = p.flows.remove(&id).unwrap();
            p.flows.insert(format!("{id}-{key}"), f);
        }
    }
    for node in p.nodes.values_mut() {
        node.jurisdiction = jurisdiction.into();
    }
    p
}

fn is_eu(key: &str) -> bool {
    let rule = rules::builtin().rules.iter().find(|r| r.def.key == key).unwrap();
    !rule.def.jurisdictions.is_empty()
}

#[test]
fn eu_rules_fire_only_where_an_eu_jurisdiction_is_involved() {
    let eu: Vec<&str> = FIXTURES.iter().map(|(key, _)| *key).filter(|key| is_eu(key)).collect();
    assert_eq!(eu.len(), 10);
    let mut singapore = everything_in("SG");
    let fired_sg = fired(&singapore);
    assert!(eu.iter().all(|key| !fired_sg.iter().any(|r| r == key)), "{fired_sg:?}");
    assert!(
        fired_sg.iter().any(|r| r == "personal_data"),
        "the neutral rules still fire"
    );

    let one = singapore.nodes.keys().next().unwrap().clone();
    singapore.nodes.get_mut(&one).unwrap().jurisdiction = "Germany".into();
    let fired_de = fired(&singapore);
    for key in &eu {
        assert!(fired_de.iter().any(|r| r == key), "{key} does not fire: {fired_de:?}");
    }

    let mut named = everything_in("SG");
    named.sheet.jurisdictions = vec!["EU (trust services)".into()];
    assert!(
        fired(&named).iter().any(|r| r == "eidas_qualified_ledger"),
        "the sheet names the EU"
    );
}

/// The miner brings a smart contract and exchanges data with the government.
fn smart_contract_sharing_data(p: &mut Project) {
    p.nodes
        .get_mut("mine")
        .unwrap()
        .components
        .insert("platform.smart_contract".into());
    p.flows
        .insert("x".into(), flow("mine", "gov", FlowKind::ExchangeData, None));
}

#[test]
fn flags_say_whether_their_rule_is_in_force_at_the_assessment_date() {
    let mut p = quiet();
    smart_contract_sharing_data(&mut p);
    let flag = |p: &Project| {
        let report = assess(p, &Catalog::builtin().with_project(p));
        let flag = report
            .regulatory
            .into_iter()
            .find(|f| f.rule == "data_act_smart_contract")
            .unwrap();
        (flag, report.worst)
    };
    p.sheet.assessed_on = "2025-09-11".into();
    let (before, markers) = flag(&p);
    assert!(!before.in_force);
    assert_eq!(
        (before.from.as_str(), before.rule_source.as_str()),
        ("2025-09-12", "[EU-DATA-ACT] Art. 36(1)")
    );
    assert!(before.status.contains("proposed for deletion"));
    assert_eq!(before.jurisdictions, ["EU"]);
    assert_eq!(
        markers.get("mine"),
        Some(dlt_modeller::model::Severity::Info),
        "not in force: no warning marker"
    );
    p.sheet.assessed_on = "2025-09-12".into();
    let (after, markers) = flag(&p);
    assert!(after.in_force);
    assert_eq!(markers.get("mine"), Some(dlt_modeller::model::Severity::Warning));
}

#[test]
fn a_project_rule_joins_the_builtin_ones() {
    let mut p = quiet();
    p.custom.rules = r#"(rules: [(
        key: "legal_opinion", topic: "reg.jurisdiction", severity: Warning, source: "Internal policy 7",
        lists: {"crossing": Flows(CrossesJurisdictions)}, when: NotEmpty("crossing"), flows: "crossing",
        message: [(text: "{crossing.count} cross-border {crossing:flow needs|flows need} a legal opinion")],
    )])"#
        .into();
    assert!(!fired(&p).iter().any(|r| r == "legal_opinion"));
    p.nodes.get_mut("mine").unwrap().jurisdiction = "CH".into();
    let report = assess(&p, &Catalog::builtin().with_project(&p));
    let flag = report.regulatory.iter().find(|f| f.rule == "legal_opinion").unwrap();
    assert_eq!(flag.reason, "1 cross-border flow needs a legal opinion");
    assert_eq!(&flag.flows[..], ["f1"]);

    p.custom.rules = p.custom.rules.replace("Warning", "Grave");
    let report = assess(&p, &Catalog::builtin().with_project(&p));
    assert!(report.findings.iter().any(|f| {
        f.message
            .starts_with("the project's own rules are not used: project rules:2:")
    }));
}

/// The marker after which docs/RULES.md lists the built-in rules.
const BUILT_IN: &str = "(regenerate with `UPDATE_GOLDEN=1 cargo test --test it assess_rules::`). The sources resolve in\ndocs/SOURCES.md.\n\n";

#[test]
fn the_rules_document_lists_the_builtin_rules() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/RULES.md");
    let text = std::fs::read_to_string(path).unwrap();
    let at = text.find(BUILT_IN).expect("the built-in list's heading") + BUILT_IN.len();
    let expected = format!("{}{}", &text[..at], rules::markdown(rules::builtin()));
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(path, &expected).unwrap();
    }
    assert!(
        text == expected,
        "docs/RULES.md lists other rules than assets/catalog/rules.ron"
    );
    for (key, _) in FIXTURES {
        assert!(text.contains(&format!("| `{key}` |")), "{key}");
    }
}

#[test]
fn the_rules_command_lists_the_rules_and_checks_a_file() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dlt-modeller"))
            .args(args)
            .output()
            .unwrap()
    };
    let listed = run(&["rules"]);
    let out = String::from_utf8_lossy(&listed.stdout);
    assert_eq!(listed.status.code(), Some(0));
    assert_eq!(out.lines().count(), rules::builtin().rules.len());
    assert!(out.contains("data_act_smart_contract\treg.eu_data_sharing_smart_contracts\twarning\tEU\tfrom 2025-09-12 (proposed for deletion"), "{out}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.ron");
    let good = r#"(rules: [(key: "legal_opinion", topic: "reg.jurisdiction", severity: Warning, source: "Policy 7",
        lists: {"crossing": Flows(CrossesJurisdictions)}, when: NotEmpty("crossing"), flows: "crossing",
        message: [(text: "{crossing.count} cross-border {crossing:flow|flows}")])])"#;
    std::fs::write(&file, good).unwrap();
    let checked = run(&["rules", "--check", file.to_str().unwrap()]);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(String::from_utf8_lossy(&checked.stdout).contains("1 rule accepted"));

    std::fs::write(&file, good.replace("CrossesJurisdictions", "CrossesOceans")).unwrap();
    let refused = run(&["rules", "--check", file.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1));
    assert!(said.starts_with(&format!("error: {}:2:", file.display())), "{said}");
    assert!(said.contains("CrossesOceans"), "{said}");

    let missing = run(&["rules", "--check", dir.path().join("none.ron").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
}
