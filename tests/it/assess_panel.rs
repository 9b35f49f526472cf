//! The Assessment panel, headless through egui_kittest: it shows the ranking, its weight
//! controls produce edits that change the ranking once applied, and clicking rows asks for
//! selections. No window, no GPU.

use dlt_modeller::app::assessment_panel::{AssessmentPanel, Method, PanelAction};
use dlt_modeller::assess::{Report, assess};
use dlt_modeller::catalog::Catalog;
use dlt_modeller::edit::History;
use dlt_modeller::model::{CriterionUse, Flow, FlowKind, Node, PlatformChoice, Position, Project};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The app's part, in miniature: apply what the panel asks for and reassess when the revision
/// changes.
struct State {
    panel: AssessmentPanel,
    history: History,
    report: Report,
    revision: u64,
    selected: Vec<String>,
}

impl State {
    fn new(project: Project) -> Self {
        let report = assess(&project, &Catalog::builtin().with_project(&project));
        Self {
            panel: AssessmentPanel::default(),
            history: History::new(project),
            report,
            revision: 0,
            selected: Vec::new(),
        }
    }

    fn frame(&mut self, ui: &mut egui::Ui) {
        let catalog = Catalog::builtin().with_project(self.history.project());
        for action in self.panel.ui(ui, self.history.project(), &catalog, &self.report) {
            match action {
                PanelAction::Apply(edit) => self.history.apply(edit),
                PanelAction::Select(ids) => self.selected = ids,
            }
        }
        if self.history.revision() != self.revision {
            self.revision = self.history.revision();
            self.report = assess(self.history.project(), &catalog);
        }
    }
}

/// Fabric against Ethereum. “Refiner” asks for information privacy (weight 2; Fabric 3,
/// Ethereum 1), “Exchange” for economic mechanism design (weight 4; Fabric 1, Ethereum 3).
/// Weighted: Fabric (2·3 + 4·1) / 18 = 55.6 %, Ethereum (2·1 + 4·3) / 18 = 77.8 %.
/// With privacy at weight 5: Fabric (15 + 4) / 27 = 70.4 %, Ethereum (5 + 12) / 27 = 63.0 %.
fn project() -> Project {
    let mut p = Project::new("Panel test");
    let mut refiner = Node::actor("Refiner", Position::new(0.0, 0.0));
    refiner.criteria.insert(
        "application.information_privacy".into(),
        CriterionUse {
            weight: 2,
            ..Default::default()
        },
    );
    let mut exchange = Node::actor("Exchange", Position::new(200.0, 0.0));
    exchange.criteria.insert(
        "application.economic_mechanism".into(),
        CriterionUse {
            weight: 4,
            ..Default::default()
        },
    );
    p.nodes.insert("refiner".into(), refiner);
    p.nodes.insert("exchange".into(), exchange);
    let mut sells = Flow::new("refiner", "exchange", 1, "sells");
    sells.kind = FlowKind::Pay;
    p.flows.insert("f1".into(), sells);
    for key in ["fabric", "ethereum"] {
        p.platforms.insert(key.into(), PlatformChoice::default());
    }
    p
}

fn harness(project: Project) -> Harness<'static, State> {
    Harness::builder()
        .with_size(egui::vec2(1100.0, 2200.0))
        .build_ui_state(|ui, state: &mut State| state.frame(ui), State::new(project))
}

#[test]
fn editing_a_weight_changes_the_ranking() {
    let mut h = harness(project());
    h.run();
    assert!(h.query_by_label("Rank 1: Ethereum (mainnet)").is_some());
    assert!(h.query_by_label("Rank 2: Hyperledger Fabric").is_some());
    assert!(
        h.query_all_by_label_contains("77.8 %").next().is_some(),
        "the weighted score is shown"
    );

    h.get_by_label("Weight of Information privacy").set_value_accesskit(5.0);
    h.run();
    let state = h.state();
    assert_eq!(
        state.history.project().nodes["refiner"].criteria["application.information_privacy"].weight,
        5
    );
    assert_eq!(state.history.undo_label(), Some("Set criterion weight"));
    assert_eq!(state.report.ranking.fits[0].platform, "fabric");
    assert!(h.query_by_label("Rank 1: Hyperledger Fabric").is_some());
    assert!(h.query_by_label("Rank 2: Ethereum (mainnet)").is_some());
    assert!(h.query_all_by_label_contains("70.4 %").next().is_some());
}

#[test]
fn clicking_a_platform_selects_the_nodes_behind_it() {
    let mut h = harness(project());
    h.run();
    h.get_by_label("Rank 1: Ethereum (mainnet)").click();
    h.run();
    assert_eq!(h.state().selected, ["exchange", "refiner"]);
}

/// The project with the refiner's information privacy a must-have.
fn privacy_a_must_have() -> Project {
    let mut p = project();
    let privacy = p
        .nodes
        .get_mut("refiner")
        .unwrap()
        .criteria
        .get_mut("application.information_privacy");
    privacy.unwrap().must_have = true;
    p
}

#[test]
fn the_method_switch_ranks_by_topsis() {
    let mut h = harness(privacy_a_must_have());
    h.run();
    // Ethereum scores 1 on a must-have (below 2): it fails and ranks after Fabric either way.
    assert!(
        h.query_by_label("Rank 2 (fails a must-have): Ethereum (mainnet)")
            .is_some()
    );
    h.get_by_role_and_label(egui::accesskit::Role::RadioButton, "TOPSIS")
        .click();
    h.run();
    assert_eq!(h.state().panel.method, Method::Topsis);
    assert!(h.query_by_label("Rank 1: Hyperledger Fabric").is_some());
}

#[test]
fn a_must_have_threshold_is_edited_in_place() {
    let mut h = harness(privacy_a_must_have());
    h.run();
    h.get_by_label("Must-have threshold of Information privacy")
        .set_value_accesskit(1.0);
    h.run();
    assert_eq!(
        h.state()
            .history
            .project()
            .thresholds
            .get("application.information_privacy"),
        Some(&1)
    );
    assert!(
        h.state().report.ranking.fits.iter().all(|f| f.passes()),
        "Ethereum's 1 now meets the threshold"
    );
}

#[test]
fn every_section_of_a_sample_renders_and_answers_are_edited_in_place() {
    let project = dlt_modeller::templates::find("gold-trade").unwrap().project();
    let mut h = harness(project);
    h.run();
    for section in ["Criteria × platforms", "Architecture coverage", "Regulatory checklist"] {
        h.get_by_label(section).click();
        h.run();
    }
    assert!(
        h.query_by_label("Hyperledger Fabric on Query").is_some(),
        "the heat map is open"
    );
    assert!(
        h.query_by_label("Governance controls").is_some(),
        "the coverage is open"
    );

    // The checklist: pick an answer from the drop-down, then type a note.
    let topic = "Security & asset loss";
    h.get_by_label(&format!("Answer to {topic}")).click_accesskit();
    h.run();
    h.get_by_label("Addressed").click_accesskit();
    h.run();
    let answer = |h: &Harness<'static, State>| {
        h.state()
            .history
            .project()
            .regulatory
            .get("reg.security_asset_loss")
            .cloned()
    };
    assert_eq!(
        answer(&h).map(|a| a.status),
        Some(dlt_modeller::model::AnswerStatus::Addressed)
    );

    h.get_by_label(&format!("Note on {topic}")).focus();
    h.run();
    h.get_by_label(&format!("Note on {topic}")).type_text("keys in HSMs");
    h.run();
    assert_eq!(answer(&h).map(|a| a.note), Some("keys in HSMs".to_owned()));
    assert_eq!(
        h.state()
            .report
            .regulatory
            .iter()
            .find(|f| f.topic == "reg.security_asset_loss")
            .unwrap()
            .answer
            .note,
        "keys in HSMs"
    );
}
