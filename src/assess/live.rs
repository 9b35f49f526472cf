//! An assessment kept up to date edit by edit: the tally of a project's nodes and flows, the rest
//! of the project (sheet, platforms, thresholds, answers) and the catalogue. An update names the
//! nodes and flows an edit changed with their new values; only those, and the flows naming the
//! changed nodes, are examined again before the report is written, and the report shares with the
//! last one every list and marker the edit left alone.

use super::worst::Worst;
use super::{Report, Tally, report};
use crate::catalog::Catalog;
use crate::edit::Journal;
use crate::model::{Flow, FlowId, Node, NodeId, Project};

/// The new state of what changed (`None`: removed).
#[derive(Debug, Default)]
pub struct Update {
    pub nodes: Vec<(NodeId, Option<Node>)>,
    pub flows: Vec<(FlowId, Option<Flow>)>,
    /// The project's settings, when they changed (its nodes and flows are not read). Its own
    /// catalogue entries must be those the assessment started with.
    pub settings: Option<Project>,
}

impl Update {
    /// The new values, in `project`, of what the journal names (the journal must not say
    /// "everything": that takes a new [`Live`]).
    pub fn of(project: &Project, journal: Journal) -> Self {
        Self {
            nodes: (journal.nodes.into_iter())
                .map(|id| {
                    let node = project.nodes.get(&id).cloned();
                    (id, node)
                })
                .collect(),
            flows: (journal.flows.into_iter())
                .map(|id| {
                    let flow = project.flows.get(&id).cloned();
                    (id, flow)
                })
                .collect(),
            settings: journal.settings.then(|| Project {
                sheet: project.sheet.clone(),
                nodes: Default::default(),
                flows: Default::default(),
                platforms: project.platforms.clone(),
                thresholds: project.thresholds.clone(),
                regulatory: project.regulatory.clone(),
                custom: project.custom.clone(),
            }),
        }
    }
}

/// A project's assessment state.
pub struct Live {
    tally: Tally,
    settings: Project,
    catalog: Catalog,
    worst: Worst,
}

impl Live {
    /// Starts from a whole project.
    pub fn new(mut project: Project) -> Self {
        let catalog = Catalog::builtin().with_project(&project);
        let tally = Tally::new(&project, &catalog);
        project.nodes.clear();
        project.flows.clear();
        Self {
            tally,
            settings: project,
            catalog,
            worst: Worst::default(),
        }
    }

    /// Takes in what an edit changed.
    pub fn update(&mut self, update: Update) {
        for (id, node) in &update.nodes {
            self.tally.node_changed(id, node.as_ref(), &self.catalog);
        }
        for (id, flow) in &update.flows {
            self.tally.flow_changed(id, flow.as_ref());
        }
        if let Some(mut settings) = update.settings {
            settings.nodes.clear();
            settings.flows.clear();
            self.settings = settings;
        }
    }

    /// The report on the project as it is now.
    pub fn report(&mut self) -> Report {
        report(&mut self.tally, &self.settings, &self.catalog, &mut self.worst)
    }

    /// The catalogue with the project's own entries.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess;
    use crate::edit::{self, History};
    use crate::model::{AnswerStatus, DataLocation, FlowKind, Position, TopicAnswer};

    /// Applies the history's journal to `live` the way the editor does.
    fn follow(live: &mut Live, history: &mut History) {
        let journal = history.take_journal();
        assert!(!journal.everything);
        live.update(Update::of(history.project(), journal));
    }

    fn check(live: &mut Live, history: &History, step: &str) {
        let project = history.project();
        let full = assess(project, &Catalog::builtin().with_project(project));
        assert_eq!(live.report(), full, "after {step}");
    }

    #[test]
    fn edits_followed_one_by_one_give_the_full_assessment() {
        let mut history = History::new(crate::generate::generate(400, 3));
        let mut live = Live::new(history.project().clone());
        check(&mut live, &history, "start");
        let ids: Vec<NodeId> = history.project().nodes.keys().cloned().collect();
        let flow_ids: Vec<FlowId> = history.project().flows.keys().cloned().collect();
        let mut applied = 0;
        for name in [
            "rename",
            "personal",
            "jurisdiction",
            "duplicate",
            "unknown",
            "ghost",
            "pays",
            "delete",
            "add",
            "answer",
            "date",
            "singapore",
            "components",
        ] {
            let p = history.project();
            let step = match name {
                "rename" => edit::rename_node(p, &ids[3], "Retail customers"),
                "personal" => edit::update_node(p, &ids[7], "pd", |n| {
                    n.personal_data = true;
                    n.data = DataLocation::OnLedger;
                }),
                "jurisdiction" => edit::update_node(p, &ids[11], "j", |n| n.jurisdiction = "Mars".into()),
                "duplicate" => edit::rename_node(p, &ids[12], "Asset 5"),
                "unknown" => edit::attach_component(p, &ids[13..15], "platform.warp_drive"),
                "ghost" => edit::update_flow(p, &flow_ids[2], "f", |f| f.to = "ghost".into()),
                "pays" => edit::update_flow(p, &flow_ids[5], "f", |f| f.kind = FlowKind::Pay),
                "delete" => edit::delete(p, &ids[20..40], &flow_ids[50..60]),
                "add" => edit::add_node(p, Node::actor("Lonely", Position::default())).0,
                // Answering a topic lowers the markers of every node it raised.
                "answer" => edit::set_answer(
                    p,
                    "reg.jurisdiction",
                    TopicAnswer {
                        status: AnswerStatus::Addressed,
                        note: String::new(),
                    },
                ),
                // An assessment date before the Data Act and DORA applied takes their flags out of force.
                "date" => {
                    let mut sheet = p.sheet.clone();
                    sheet.assessed_on = "2024-07-01".into();
                    edit::set_sheet(p, sheet)
                }
                // A node leaving the EU for Singapore changes the lists EU rules read.
                "singapore" => edit::update_node(p, &ids[44], "j", |n| n.jurisdiction = "SG".into()),
                // Bringing PII protection silences a coverage rule over every node with personal data.
                _ => edit::attach_component(p, &ids[41..43], "security.pii_protection"),
            };
            history.apply(step);
            follow(&mut live, &mut history);
            check(&mut live, &history, name);
            if name == "date" {
                let report = live.report();
                assert!(
                    report.regulatory.iter().any(|f| f.raised && !f.in_force),
                    "a rule out of force"
                );
            }
            applied += 1;
        }
        while history.undo() {
            follow(&mut live, &mut history);
            check(&mut live, &history, "undo");
        }
        assert_eq!(applied, 13);
    }
}
