//! The assessment: pure functions from a project and the catalogue to a [`Report`] — the
//! requirement profile, platform fit (weighted sum and TOPSIS) with must-haves and sensitivity,
//! reference-architecture coverage, regulatory flags and validation findings — each number with
//! its reasons, and the report as text, Markdown, CSV, JSON or HTML. No GUI types; the formulas
//! and rules are listed with their sources in `docs/ASSESSMENT.md`.
//!
//! The rules read a [`Tally`] of the project's nodes and flows. [`assess`] builds one from
//! scratch; [`Live`] keeps one up to date edit by edit, so a big project is re-assessed by
//! re-examining only what an edit touched, and its report shares with the last one every node
//! list and marker that did not change.

mod coverage;
pub mod delta;
mod fit;
mod listed;
mod live;
mod markers;
pub mod output;
mod regulatory;
mod report;
mod requirements;
pub mod rules;
mod sensitivity;
mod tally;
pub mod topsis;
mod weighted;
mod words;

pub use words::count_as;
mod worst;

pub use coverage::rule_sources;
pub use fit::NO_CRITERIA;
pub use live::{Live, Update};
pub use markers::Markers;
pub use report::{
    Asker, Candidates, Cell, ComponentUse, Coverage, FailedMustHave, LayerCoverage, PlatformFit, Ranking,
    RegulatoryFlag, Report, Requirement, RuleFinding, ScoreSource, Sensitivity, WeightChange,
};
pub use tally::Tally;
pub use weighted::MAX_SCORE;
pub use words::node_names;

use crate::catalog::{Catalog, Source};
use crate::model::Project;

/// Assesses a project. `catalog` is the catalogue with the project's own entries
/// (`Catalog::builtin().with_project(project)`).
pub fn assess(project: &Project, catalog: &Catalog) -> Report {
    report(
        &mut Tally::new(project, catalog),
        project,
        catalog,
        &mut worst::Worst::default(),
    )
}

/// The report on a tally of a project's nodes and flows. `settings` gives the rest of the
/// project — use-case sheet, platforms, thresholds, answers — and its nodes and flows are not
/// read. `worst` holds what the last report on this tally raised for each node.
fn report(tally: &mut Tally, settings: &Project, catalog: &Catalog, worst: &mut worst::Worst) -> Report {
    tally.settle();
    let mut by_mark = worst::ByMark::default();
    let requirements = requirements::requirements(tally, settings, catalog);
    let ranking = fit::ranking(settings, catalog, &requirements);
    let sensitivity = sensitivity::sensitivity(&ranking, &requirements);
    let coverage = coverage::coverage(tally, settings, catalog, &mut by_mark);
    let on = assessment_date(settings);
    let regulatory = regulatory::flags(tally, settings, catalog, on, &mut by_mark);
    let findings = tally.findings(settings, catalog);
    let worst = worst.update(tally, by_mark, &findings);
    let references = references(catalog, &ranking, &coverage, &regulatory);
    Report {
        title: settings.sheet.title.clone(),
        catalogue: catalog.edition.clone(),
        assessed_on: on.to_string(),
        references,
        requirements,
        ranking,
        sensitivity,
        coverage,
        regulatory,
        findings,
        worst,
    }
}

/// The date rules are judged in force at: the use-case sheet's, or today where it names none
/// (or none that reads as a date; validation says so).
fn assessment_date(settings: &Project) -> rules::Date {
    rules::Date::parse(&settings.sheet.assessed_on).unwrap_or_else(rules::Date::today)
}

/// The sources the report cites: in its score evidence, the ranking's notes and the sources of
/// the rules and topics it lists.
fn references(catalog: &Catalog, ranking: &Ranking, coverage: &Coverage, regulatory: &[RegulatoryFlag]) -> Vec<Source> {
    let evidence = ranking
        .fits
        .iter()
        .flat_map(|f| f.cells.iter().map(|c| c.evidence.as_str()));
    let notes = ranking.notes.iter().map(|n| n.message.as_str());
    let rules = coverage.findings.iter().map(|f| f.source.as_str());
    let topics = regulatory.iter().flat_map(|f| [f.source.as_str(), &f.rule_source]);
    catalog
        .references(evidence.chain(notes).chain(rules).chain(topics))
        .into_iter()
        .cloned()
        .collect()
}

/// The tally of a project, settled, for the parts' own tests.
#[cfg(test)]
fn test_tally(project: &Project) -> Tally {
    let mut tally = Tally::new(project, &Catalog::builtin().with_project(project));
    tally.settle();
    tally
}

/// The requirement profile of a project, for the parts' own tests.
#[cfg(test)]
fn requirements_of(project: &Project, catalog: &Catalog) -> Vec<Requirement> {
    requirements::requirements(&test_tally(project), project, catalog)
}

/// A generated project of `nodes` nodes whose report has findings, coverage findings and open
/// and answered regulatory flags on its nodes: its first four nodes keep personal data on the
/// ledger, the sixth takes the seventh's name, and the liability topic is answered. With the
/// node ids in map order.
#[cfg(test)]
pub(crate) fn marked_project(nodes: usize, seed: u64) -> (Project, Vec<String>) {
    use crate::model::{AnswerStatus, DataLocation, TopicAnswer};
    let mut p = crate::generate::generate(nodes, seed);
    let ids: Vec<String> = p.nodes.keys().cloned().collect();
    for id in &ids[..4] {
        let node = p.nodes.get_mut(id).expect("a generated node");
        node.personal_data = true;
        node.data = DataLocation::OnLedger;
    }
    p.nodes.get_mut(&ids[5]).expect("a generated node").name = p.nodes[&ids[6]].name.clone();
    p.regulatory.insert(
        "reg.liability".into(),
        TopicAnswer {
            status: AnswerStatus::Addressed,
            note: String::new(),
        },
    );
    (p, ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AnswerStatus, CriterionUse, DataLocation, Node, PlatformChoice, Position, Severity, TopicAnswer,
    };

    #[test]
    fn the_report_collects_every_part_and_the_worst_severity_per_node() {
        let mut p = Project::new("Gold");
        let mut mine = Node::actor("Mine", Position::default());
        mine.personal_data = true;
        mine.data = DataLocation::OnLedger;
        mine.criteria.insert("core.query".into(), CriterionUse::default());
        p.nodes.insert("mine".into(), mine);
        p.nodes
            .insert("lonely".into(), Node::asset("Lonely", Position::new(100.0, 0.0)));
        p.platforms.insert("fabric".into(), PlatformChoice::default());
        p.platforms.insert("corda".into(), PlatformChoice::default());
        let catalog = Catalog::builtin().with_project(&p);
        let report = assess(&p, &catalog);
        assert_eq!(report.title, "Gold");
        assert_eq!(report.requirements.len(), 1);
        assert_eq!(report.ranking.fits.len(), 2);
        assert!(report.sensitivity.is_some());
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.message.contains("takes part in no flow"))
        );
        // Personal data on-ledger is an error in coverage and in data protection.
        assert_eq!(report.worst_for("mine"), Some(Severity::Error));
        assert_eq!(report.worst_for("lonely"), Some(Severity::Info));
        assert_eq!(report.worst_for("nobody"), None);

        // An answered topic no longer colours its nodes.
        p.regulatory.insert(
            "reg.data_protection".into(),
            TopicAnswer {
                status: AnswerStatus::Addressed,
                note: String::new(),
            },
        );
        p.nodes.get_mut("mine").unwrap().data = DataLocation::HashOnLedger;
        let report = assess(&p, &catalog);
        assert_eq!(
            report.worst_for("mine"),
            Some(Severity::Warning),
            "PII protection is still missing"
        );
    }

    #[test]
    fn markers_hold_the_worst_of_what_the_report_lists_for_each_node() {
        let (p, _) = marked_project(300, 7);
        let report = assess(&p, &Catalog::builtin().with_project(&p));

        let mut expected: std::collections::BTreeMap<String, Severity> = Default::default();
        let mut raise = |ids: &[String], severity: Severity| {
            for id in ids.iter().filter(|id| p.nodes.contains_key(*id)) {
                let worst = expected.entry(id.clone()).or_insert(severity);
                *worst = (*worst).max(severity);
            }
        };
        for finding in &report.findings {
            raise(&finding.ids, finding.severity);
        }
        for finding in &report.coverage.findings {
            raise(&finding.nodes, finding.severity);
        }
        let open = |flag: &&RegulatoryFlag| flag.answer.status == AnswerStatus::Open;
        for flag in report.regulatory.iter().filter(open) {
            raise(&flag.nodes, flag.severity);
        }
        assert!(report.regulatory.iter().any(|f| !open(&f) && !f.nodes.is_empty()));
        let severities: std::collections::BTreeSet<Severity> = expected.values().copied().collect();
        assert_eq!(severities.len(), 3, "errors, warnings and infos all shown");
        assert_eq!(report.worst, expected.into_iter().collect());
    }

    #[test]
    fn assessment_is_deterministic() {
        let p = crate::generate::generate(300, 7);
        let catalog = Catalog::builtin().with_project(&p);
        assert_eq!(assess(&p, &catalog), assess(&p, &catalog));
    }
}
