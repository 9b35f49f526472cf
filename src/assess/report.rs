//! The assessment report: every number the assessment view, the command line and the exports
//! show, each with the nodes, criteria and catalogue entries behind it and a sentence saying how
//! it came about. Plain data; `serde` gives the JSON form.

use std::sync::Arc;

use serde::Serialize;

use super::markers::Markers;
use crate::catalog::{Edition, Source, Status};
use crate::model::{Finding, FlowId, NodeId, Severity, TopicAnswer};

/// The full assessment of one project against the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The use case's title.
    pub title: String,
    /// What the use case asks of a platform, one entry per criterion, in catalogue order.
    pub requirements: Vec<Requirement>,
    /// How each candidate platform meets the requirements.
    pub ranking: Ranking,
    /// How robust the top of the weighted ranking is (absent with fewer than two candidates).
    pub sensitivity: Option<Sensitivity>,
    /// Which reference-architecture components the project brings, and what is missing.
    pub coverage: Coverage,
    /// Regulatory topics raised by the model or answered by the project, in catalogue order.
    pub regulatory: Vec<RegulatoryFlag>,
    /// The validation findings of the model (`model::validate`), errors first.
    pub findings: Vec<Finding>,
    /// The catalogue's version and date the assessment used.
    pub catalogue: Edition,
    /// The date rules are judged in force at: the use-case sheet's, or the day of the assessment.
    pub assessed_on: String,
    /// The full reference of every source the report cites, in key order.
    pub references: Vec<Source>,
    /// The worst finding or open regulatory flag for each node id (for the canvas overlay).
    #[serde(skip)]
    pub worst: Markers,
}

impl Report {
    /// The worst severity attached to a node, if any.
    pub fn worst_for(&self, id: &str) -> Option<Severity> {
        self.worst.get(id)
    }
}

/// One node's part in a requirement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Asker {
    pub node: NodeId,
    pub weight: u8,
    pub must_have: bool,
}

/// One criterion the use case asks for: who asks, how much it weighs in total, and whether it
/// is a must-have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// Catalogue key of the criterion.
    pub criterion: String,
    pub name: String,
    /// Name of the criterion's category.
    pub category: String,
    /// The sum of the weights the asking nodes give it.
    pub weight: u32,
    /// Whether any asking node marks it must-have.
    pub must_have: bool,
    /// A platform scoring below this fails the must-have (the project's value, default 2).
    pub threshold: u8,
    /// The nodes that ask for it, in id order.
    pub askers: Arc<[Asker]>,
    pub explanation: String,
}

/// Which platforms are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Candidates {
    /// The platforms the project lists.
    Project,
    /// Every catalogue platform, because the project lists none.
    Catalogue,
}

/// Where a platform's score for a criterion comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ScoreSource {
    /// The catalogue's platform profile (or a project-defined platform's own scores).
    Catalogue,
    /// The project's override for this platform and criterion.
    Override,
    /// Nobody scores it: counted as 0.
    Missing,
}

/// One criterion × platform cell of the heat map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub criterion: String,
    /// The requirement's summed weight.
    pub weight: u32,
    /// 0–3 (out-of-range scores are counted as 3).
    pub score: u8,
    pub source: ScoreSource,
    /// The catalogue's evidence or the override's note.
    pub evidence: String,
    pub explanation: String,
}

/// A must-have a platform does not meet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FailedMustHave {
    pub criterion: String,
    pub name: String,
    pub score: u8,
    pub threshold: u8,
}

/// How one candidate platform fits the requirements.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatformFit {
    /// Catalogue key of the platform.
    pub platform: String,
    pub name: String,
    /// The platform's support status (end of support is compared only when the project lists it).
    pub status: Status,
    /// The date the platform's profile is current to (empty for a project's own platform).
    pub as_of: String,
    /// Σ weight × score / (Σ weight × 3), in percent.
    pub weighted: f64,
    /// TOPSIS closeness coefficient, 0–1.
    pub topsis: f64,
    /// Rank under the weighted method (1 = best; platforms failing a must-have rank after all
    /// that pass; equal scores share a rank).
    pub rank_weighted: usize,
    /// Rank under TOPSIS, by the same rules.
    pub rank_topsis: usize,
    pub failed_must_haves: Vec<FailedMustHave>,
    /// One cell per requirement, in requirement order.
    pub cells: Vec<Cell>,
    pub explanation: String,
}

impl PlatformFit {
    /// Whether the platform meets every must-have.
    pub fn passes(&self) -> bool {
        self.failed_must_haves.is_empty()
    }
}

/// The platform comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranking {
    pub candidates: Candidates,
    /// How many criteria are scored.
    pub criteria: usize,
    /// Σ weight over all requirements.
    pub total_weight: u32,
    /// One entry per candidate, in weighted-rank order (ties by key).
    pub fits: Vec<PlatformFit>,
    /// Notes on the comparison itself, e.g. that there is nothing to rank on.
    pub notes: Vec<Finding>,
}

/// A change to one requirement's summed weight that swaps the top two platforms.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeightChange {
    pub criterion: String,
    pub name: String,
    pub from: u32,
    pub to: u32,
    /// The weighted scores of the first and the second platform after the change.
    pub first_after: f64,
    pub second_after: f64,
}

/// How far the top two platforms of the weighted ranking are from swapping places.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    pub first: String,
    pub second: String,
    /// The first's weighted score minus the second's, in percentage points.
    pub margin: f64,
    /// The smallest single-criterion weight change that puts the second ahead, if any does.
    pub change: Option<WeightChange>,
    pub explanation: String,
}

/// A rule's conclusion about the model, with the ids that triggered it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleFinding {
    /// The rule's key, as listed in docs/RULES.md (or a project rule's).
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Where the rule comes from: citation keys of the bibliography with the clause used.
    pub source: String,
    pub nodes: Arc<[NodeId]>,
    pub flows: Arc<[FlowId]>,
}

/// One component of a layer and the nodes that bring it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ComponentUse {
    pub component: String,
    pub name: String,
    pub nodes: Arc<[NodeId]>,
}

/// One row of the coverage matrix: a layer or cross-layer group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LayerCoverage {
    pub layer: String,
    pub name: String,
    pub cross_layer: bool,
    /// Every catalogue component of the layer, in catalogue order.
    pub components: Vec<ComponentUse>,
    /// How many of them at least one node brings.
    pub covered: usize,
}

/// The reference-architecture coverage of the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub layers: Vec<LayerCoverage>,
    pub findings: Vec<RuleFinding>,
}

/// A regulatory topic the model raises (or the project has answered), with the project's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegulatoryFlag {
    /// Catalogue key of the topic.
    pub topic: String,
    pub name: String,
    /// Whether a rule over the model raised it (false: only answered in the project).
    pub raised: bool,
    /// The rule that raised it ("answered" when none did).
    pub rule: String,
    pub severity: Severity,
    pub reason: String,
    pub nodes: Arc<[NodeId]>,
    pub flows: Arc<[FlowId]>,
    /// The project's answer (open when it has none).
    pub answer: TopicAnswer,
    /// Where the topic comes from (the catalogue's source).
    pub source: String,
    /// Where the rule comes from, with the article or clause (empty for an answered topic).
    pub rule_source: String,
    /// Whether the rule and its topic apply at the assessment date (a flag that does not is
    /// shown but marks no node).
    pub in_force: bool,
    /// The dates the rule (or the answered topic) applies between, "YYYY-MM-DD" (empty: open).
    pub from: String,
    pub until: String,
    /// The jurisdictions the rule applies in (empty: everywhere).
    pub jurisdictions: Vec<String>,
    /// A remark on the rule's standing, e.g. that the provision is proposed for deletion.
    pub status: String,
}

impl RegulatoryFlag {
    /// How a flag came about: its rule with the rule's source and article, whether it is in force on
    /// the assessment date `on` (with its dates when not), and any remark on its standing.
    pub fn rule_note(&self, on: &str) -> String {
        if !self.raised {
            return "no rule raised it; the project answered it".to_owned();
        }
        let mut note = format!("rule {} ({}); ", self.rule, self.rule_source);
        if self.in_force {
            note.push_str(&format!("in force on {on}"));
        } else {
            let dates = match (self.from.as_str(), self.until.as_str()) {
                (from, "") => format!("from {from}"),
                ("", until) => format!("until {until}"),
                (from, until) => format!("from {from} until {until}"),
            };
            note.push_str(&format!("not in force on {on} (applies {dates})"));
        }
        if !self.status.is_empty() {
            note.push_str(&format!("; {}", self.status));
        }
        note
    }
}
