//! The assessment: pure functions from a project and the catalogue to a [`Report`] — the
//! requirement profile, platform fit (weighted sum and TOPSIS) with must-haves and sensitivity,
//! reference-architecture coverage, regulatory flags and validation findings — each number with
//! its reasons, and the report as text, Markdown, CSV, JSON or HTML. No GUI types; the formulas
//! and rules are listed with their sources in `docs/ASSESSMENT.md`.

mod coverage;
mod fit;
mod index;
pub mod output;
mod regulatory;
mod report;
mod requirements;
mod sensitivity;
pub mod topsis;
mod weighted;
mod words;

use std::collections::HashMap;

pub use fit::NO_CRITERIA;
pub use report::{
    Asker, Candidates, Cell, ComponentUse, Coverage, FailedMustHave, LayerCoverage, PlatformFit, Ranking,
    RegulatoryFlag, Report, Requirement, RuleFinding, ScoreSource, Sensitivity, WeightChange,
};
pub use weighted::MAX_SCORE;
pub use words::node_names;

use crate::catalog::Catalog;
use crate::model::{AnswerStatus, Project, Severity, validate};

/// Assesses a project. `catalog` is the catalogue with the project's own entries
/// (`Catalog::builtin().with_project(project)`).
pub fn assess(project: &Project, catalog: &Catalog) -> Report {
    let requirements = requirements::requirements(project, catalog);
    let ranking = fit::ranking(project, catalog, &requirements);
    let sensitivity = sensitivity::sensitivity(&ranking, &requirements);
    let index = index::NodeIndex::new(project);
    let coverage = coverage::coverage(&index, catalog);
    let regulatory = regulatory::flags(&index, catalog);
    let findings = validate(project, catalog);
    let mut report = Report {
        title: project.sheet.title.clone(),
        requirements,
        ranking,
        sensitivity,
        coverage,
        regulatory,
        findings,
        worst: HashMap::new(),
    };
    report.worst = worst(&report, &index);
    report
}

/// The worst severity per node over the validation findings, the coverage findings and the
/// regulatory flags the project has not yet answered (the overlay colours nodes by it).
fn worst(report: &Report, index: &index::NodeIndex) -> HashMap<String, Severity> {
    let regulatory = report
        .regulatory
        .iter()
        .filter(|f| f.answer.status == AnswerStatus::Open);
    let sources = (report.findings.iter().map(|f| (&f.ids, f.severity)))
        .chain(report.coverage.findings.iter().map(|f| (&f.nodes, f.severity)))
        .chain(regulatory.map(|f| (&f.nodes, f.severity)));
    let mut worst: HashMap<&str, Severity> = HashMap::new();
    for (ids, severity) in sources {
        for id in ids {
            let entry = worst.entry(id.as_str()).or_insert(severity);
            *entry = (*entry).max(severity);
        }
    }
    worst
        .into_iter()
        .filter(|(id, _)| index.get(id).is_some())
        .map(|(id, s)| (id.to_owned(), s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CriterionUse, DataLocation, Node, PlatformChoice, Position, TopicAnswer};

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
    fn assessment_is_deterministic() {
        let p = crate::generate::generate(300, 7);
        let catalog = Catalog::builtin().with_project(&p);
        assert_eq!(assess(&p, &catalog), assess(&p, &catalog));
    }
}
