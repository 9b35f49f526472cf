//! An assessment kept up to date edit by edit: the tally of a project's nodes and flows, the rest
//! of the project (sheet, platforms, thresholds, answers) and the catalogue. An update names the
//! nodes and flows an edit changed with their new values; only those, and the flows naming the
//! changed nodes, are examined again before the report is written, and the report shares with the
//! last one every list and marker the edit left alone.

use super::worst::Worst;
use super::{Report, Tally, report};
use crate::catalog::Catalog;
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
    /// The new values, in `project`, of the nodes and flows an edit added, changed or removed,
    /// and of the project's settings when they changed (from the edit history's journal; a
    /// change of the project's own catalogue takes a new [`Live`] instead).
    pub fn of(
        project: &Project,
        nodes: impl IntoIterator<Item = NodeId>,
        flows: impl IntoIterator<Item = FlowId>,
        settings_changed: bool,
    ) -> Self {
        Self {
            nodes: (nodes.into_iter())
                .map(|id| {
                    let node = project.nodes.get(&id).cloned();
                    (id, node)
                })
                .collect(),
            flows: (flows.into_iter())
                .map(|id| {
                    let flow = project.flows.get(&id).cloned();
                    (id, flow)
                })
                .collect(),
            settings: settings_changed.then(|| Project {
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
        live.update(Update::of(
            history.project(),
            journal.nodes,
            journal.flows,
            journal.settings,
        ));
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

/// Random edit sequences: the live report equals the one from scratch after every step.
#[cfg(test)]
mod random_edits {
    use proptest::prelude::*;

    use super::*;
    use crate::assess::assess;
    use crate::edit::{self, Change, Edit, History};
    use crate::model::{AnswerStatus, DataLocation, FlowKind, Position, TopicAnswer};

    const PLACES: [&str; 6] = ["DE", "de ", "SG", "", "Mars", "Switzerland"];
    const COMPONENTS: [&str; 4] = [
        "security.pii_protection",
        "platform.ledger",
        "governance.audit_support",
        "platform.warp_drive",
    ];
    const CRITERIA: [&str; 3] = ["core.query", "ecosystem.maturity", "no.such.criterion"];
    const TOPICS: [&str; 2] = ["reg.jurisdiction", "reg.data_protection"];

    /// One random edit; the numbers pick nodes, flows and values (wrapping around what there
    /// is).
    #[derive(Clone, Debug)]
    enum Step {
        /// Takes another node's name (names shared and unshared).
        Rename(usize, usize),
        Personal(usize),
        Jurisdiction(usize, usize),
        Component(usize, usize, bool),
        Criterion(usize, usize, u8, bool),
        Kind(usize, usize),
        /// Points a flow at another node, or at an id no node has.
        Retarget(usize, usize, bool),
        Carry(usize, Option<usize>),
        Delete(usize, usize),
        /// Adds a node under a fresh id, or under a flow's id.
        AddNode(usize, bool),
        AddFlow(usize, usize),
        Answer(usize, bool),
        Undo,
        Redo,
    }

    fn step() -> impl Strategy<Value = Step> {
        let n = 0..1000_usize;
        prop_oneof![
            (n.clone(), n.clone()).prop_map(|(a, b)| Step::Rename(a, b)),
            n.clone().prop_map(Step::Personal),
            (n.clone(), 0..PLACES.len()).prop_map(|(a, p)| Step::Jurisdiction(a, p)),
            (n.clone(), 0..COMPONENTS.len(), any::<bool>()).prop_map(|(a, c, on)| Step::Component(a, c, on)),
            (n.clone(), 0..CRITERIA.len(), 0..7_u8, any::<bool>())
                .prop_map(|(a, c, w, must)| Step::Criterion(a, c, w, must)),
            (n.clone(), 0..FlowKind::ALL.len()).prop_map(|(f, k)| Step::Kind(f, k)),
            (n.clone(), n.clone(), any::<bool>()).prop_map(|(f, a, ghost)| Step::Retarget(f, a, ghost)),
            (n.clone(), proptest::option::of(n.clone())).prop_map(|(f, a)| Step::Carry(f, a)),
            (n.clone(), n.clone()).prop_map(|(a, f)| Step::Delete(a, f)),
            (n.clone(), any::<bool>()).prop_map(|(a, shared)| Step::AddNode(a, shared)),
            (n.clone(), n.clone()).prop_map(|(a, b)| Step::AddFlow(a, b)),
            (0..TOPICS.len(), any::<bool>()).prop_map(|(t, open)| Step::Answer(t, open)),
            Just(Step::Undo),
            Just(Step::Redo),
        ]
    }

    /// The edit a step makes on `p`, if there is anything to make it on.
    fn edit_for(p: &Project, step: &Step) -> Option<Edit> {
        let nodes: Vec<&NodeId> = p.nodes.keys().collect();
        let flows: Vec<&FlowId> = p.flows.keys().collect();
        let node = |i: usize| (!nodes.is_empty()).then(|| nodes[i % nodes.len()].as_str());
        let flow = |i: usize| (!flows.is_empty()).then(|| flows[i % flows.len()].as_str());
        Some(match *step {
            Step::Rename(a, b) => edit::rename_node(p, node(a)?, &p.nodes[node(b)?].name),
            Step::Personal(a) => edit::update_node(p, node(a)?, "pd", |n| {
                n.personal_data = !n.personal_data;
                n.data = DataLocation::OnLedger;
            }),
            Step::Jurisdiction(a, at) => edit::update_node(p, node(a)?, "j", |n| n.jurisdiction = PLACES[at].into()),
            Step::Component(a, c, true) => edit::attach_component(p, &[node(a)?.to_owned()], COMPONENTS[c]),
            Step::Component(a, c, false) => edit::detach_component(p, &[node(a)?.to_owned()], COMPONENTS[c]),
            Step::Criterion(a, c, weight, must_have) => edit::update_node(p, node(a)?, "c", |n| {
                let use_ = n.criteria.entry(CRITERIA[c].into()).or_default();
                use_.weight = weight;
                use_.must_have = must_have;
            }),
            Step::Kind(f, k) => edit::update_flow(p, flow(f)?, "k", |f| f.kind = FlowKind::ALL[k]),
            Step::Retarget(f, a, ghost) => {
                let to = if ghost { "ghost".to_owned() } else { node(a)?.to_owned() };
                edit::update_flow(p, flow(f)?, "t", |f| f.to = to)
            }
            Step::Carry(f, a) => {
                let asset = a.and_then(node).map(str::to_owned);
                edit::update_flow(p, flow(f)?, "a", |f| f.asset = asset)
            }
            Step::Delete(a, f) => edit::delete(p, &[node(a)?.to_owned()], &[flow(f)?.to_owned()]),
            Step::AddNode(a, false) => edit::add_node(p, Node::asset(format!("New {a}"), Position::default())).0,
            Step::AddNode(a, true) => {
                let id = flow(a).filter(|id| !p.nodes.contains_key(*id))?;
                let after = Some(Node::actor(format!("Shared {a}"), Position::default()));
                let change = Change::Node {
                    id: id.to_owned(),
                    before: None,
                    after,
                };
                Edit::new("shared id", vec![change])
            }
            Step::AddFlow(a, b) => edit::add_flow(p, Flow::new(node(a)?, node(b)?, 1, "")).0,
            Step::Answer(t, open) => {
                let status = if open {
                    AnswerStatus::Open
                } else {
                    AnswerStatus::Addressed
                };
                let answer = TopicAnswer {
                    status,
                    note: String::new(),
                };
                edit::set_answer(p, TOPICS[t], answer)
            }
            Step::Undo | Step::Redo => return None,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn live_reports_equal_reports_from_scratch(seed in 0..1000_u64, steps in proptest::collection::vec(step(), 1..16)) {
            let mut history = History::new(crate::generate::generate(30, seed));
            let mut live = Live::new(history.project().clone());
            for step in &steps {
                match step {
                    Step::Undo => {
                        history.undo();
                    }
                    Step::Redo => {
                        history.redo();
                    }
                    _ => {
                        if let Some(edit) = edit_for(history.project(), step) {
                            history.apply(edit);
                        }
                    }
                }
                let journal = history.take_journal();
                prop_assert!(!journal.everything);
                live.update(Update::of(history.project(), journal.nodes, journal.flows, journal.settings));
                let project = history.project();
                let full = assess(project, &Catalog::builtin().with_project(project));
                prop_assert!(live.report() == full, "the live report differs after {:?}", step);
            }
        }
    }
}
