//! The project-local catalogue in the assessment: a custom criterion attached to nodes becomes a
//! requirement with the nodes' weights, platforms are scored on it (custom platforms from their
//! own scores, built-in ones from the project's overrides, else 0) and the ranking follows; a
//! custom component counts in the architecture coverage.

use dlt_modeller::assess::{Report, assess};
use dlt_modeller::catalog::Catalog;
use dlt_modeller::model::{
    CriterionUse, CustomComponent, CustomCriterion, CustomPlatform, Node, PlatformChoice, Position, Project,
    ScoreOverride,
};

const ENERGY: &str = "org.energy";
const GREEN: &str = "org.greenchain";

/// Two nodes asking for the built-in criterion `core.query`; Fabric and Ethereum as candidates.
fn base() -> Project {
    let mut project = Project::new("Custom catalogue");
    for (id, name) in [("a-1", "Refinery"), ("a-2", "Auditor")] {
        let mut node = Node::actor(name, Position::default());
        node.criteria.insert("core.query".into(), CriterionUse::default());
        project.nodes.insert(id.into(), node);
    }
    for key in ["fabric", "ethereum"] {
        project.platforms.insert(key.into(), PlatformChoice::default());
    }
    project
}

/// `base` plus a custom energy criterion both nodes weigh 5, and a custom platform that scores 3
/// on it and is a candidate.
fn with_custom(project: &Project) -> Project {
    let mut project = project.clone();
    project.custom.criteria.insert(
        ENERGY.into(),
        CustomCriterion {
            name: "Energy per transaction".into(),
            category: "cat.operation".into(),
            description: "kWh per confirmed transaction".into(),
        },
    );
    let mut green = CustomPlatform {
        name: "GreenChain".into(),
        ..CustomPlatform::default()
    };
    green.scores.insert(
        ENERGY.into(),
        ScoreOverride {
            score: 3,
            note: "measured in our pilot".into(),
        },
    );
    green.scores.insert(
        "core.query".into(),
        ScoreOverride {
            score: 1,
            note: String::new(),
        },
    );
    project.custom.platforms.insert(GREEN.into(), green);
    project.platforms.insert(GREEN.into(), PlatformChoice::default());
    for node in project.nodes.values_mut() {
        node.criteria.insert(
            ENERGY.into(),
            CriterionUse {
                weight: 5,
                ..CriterionUse::default()
            },
        );
    }
    project
}

fn report(project: &Project) -> Report {
    assess(project, &Catalog::builtin().with_project(project))
}

fn rank(report: &Report, platform: &str) -> usize {
    report
        .ranking
        .fits
        .iter()
        .find(|f| f.platform == platform)
        .unwrap_or_else(|| panic!("{platform} is ranked"))
        .rank_weighted
}

#[test]
fn a_custom_criterion_becomes_a_requirement_and_reorders_the_ranking() {
    let before = report(&base());
    assert_eq!(before.requirements.len(), 1);
    assert_eq!(before.ranking.fits.len(), 2);

    let after = report(&with_custom(&base()));
    let energy = after
        .requirements
        .iter()
        .find(|r| r.criterion == ENERGY)
        .expect("the custom criterion is a requirement");
    assert_eq!(energy.weight, 10, "both nodes weigh it 5");
    assert_eq!(energy.name, "Energy per transaction");
    assert_eq!(after.ranking.fits.len(), 3, "the custom platform is compared");
    assert_eq!(rank(&after, GREEN), 1, "it scores 3 on the heaviest requirement");
    let green = after.ranking.fits.iter().find(|f| f.platform == GREEN).unwrap();
    // (10 × 3 + 6 × 1) / ((10 + 6) × 3) = 36 / 48
    assert!((green.weighted - 75.0).abs() < 1e-9, "{}", green.weighted);
    let fabric = after.ranking.fits.iter().find(|f| f.platform == "fabric").unwrap();
    let cell = fabric.cells.iter().find(|c| c.criterion == ENERGY).unwrap();
    assert_eq!(cell.score, 0, "a built-in platform has no score for it");
    assert!(cell.explanation.contains("counted as 0"), "{}", cell.explanation);
    let own = green.cells.iter().find(|c| c.criterion == ENERGY).unwrap();
    assert_eq!(
        own.evidence, "measured in our pilot",
        "the custom score's note is its evidence"
    );
}

#[test]
fn an_override_for_a_custom_criterion_counts_like_any_other() {
    let mut project = with_custom(&base());
    project.platforms.get_mut("fabric").unwrap().overrides.insert(
        ENERGY.into(),
        ScoreOverride {
            score: 3,
            note: "permissioned, no mining".into(),
        },
    );
    let report = report(&project);
    let fabric = report.ranking.fits.iter().find(|f| f.platform == "fabric").unwrap();
    assert_eq!(fabric.cells.iter().find(|c| c.criterion == ENERGY).unwrap().score, 3);
    assert!(rank(&report, "fabric") < rank(&report, "ethereum"));
}

#[test]
fn a_must_have_on_a_custom_criterion_fails_platforms_below_the_threshold() {
    let mut project = with_custom(&base());
    project
        .nodes
        .get_mut("a-1")
        .unwrap()
        .criteria
        .get_mut(ENERGY)
        .unwrap()
        .must_have = true;
    let report = report(&project);
    for fit in &report.ranking.fits {
        assert_eq!(fit.passes(), fit.platform == GREEN, "{}", fit.platform);
    }
}

#[test]
fn a_custom_component_counts_in_the_coverage() {
    let mut project = base();
    project.custom.components.insert(
        "org.wallet".into(),
        CustomComponent {
            name: "Custody wallet".into(),
            layer: "layer.user".into(),
            description: String::new(),
        },
    );
    let without = serde_json::to_string(&report(&project).coverage).unwrap();
    project
        .nodes
        .get_mut("a-1")
        .unwrap()
        .components
        .insert("org.wallet".into());
    let with = serde_json::to_string(&report(&project).coverage).unwrap();
    assert_ne!(without, with);
    assert!(with.contains("org.wallet"), "{with}");
    assert!(
        report(&project)
            .findings
            .iter()
            .all(|f| !f.message.contains("org.wallet")),
        "a known custom key raises no 'unknown component' finding"
    );
}
