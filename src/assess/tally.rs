//! What the assessment knows of each node and flow, kept up to date one change at a time: the
//! marks the rules look for (personal data, a value transfer, a border crossed…), what each
//! node asks for and brings, the validation findings of each node and flow, and the project-wide
//! counts (components, organisations, roles, names). A full assessment builds a tally from
//! scratch; the editor keeps one on its assessment thread and feeds it the edits, so an edit in a
//! 100,000-node project re-examines only the nodes and flows it touches.
//!
//! [`Tally::lists`] then walks the tally once, in id order, and hands the rules their node and
//! flow lists (nodes as numbers in id order, so per-node results need no lookups).

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use crate::catalog::Catalog;
use crate::model::validate::{self, Named, Ranked};
use crate::model::{ActorRole, AssetType, DataLocation, Flow, FlowId, FlowKind, Node, NodeId, Project};

/// Words in an actor's name or organisation that make it a consumer or citizen (singular; a
/// plural "s" is ignored).
const CONSUMER_WORDS: [&str; 10] = [
    "consumer",
    "citizen",
    "customer",
    "voter",
    "resident",
    "taxpayer",
    "shopper",
    "retail",
    "household",
    "patient",
];

const SMART_CONTRACT: &str = "platform.smart_contract";

/// What the rules look for in a node. The last four come from the flows that name the node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeMark {
    /// Holds personal data.
    Personal,
    /// Holds personal data on-ledger.
    PersonalOnLedger,
    /// An actor whose name or organisation names a consumer or citizen.
    Consumer,
    /// Brings the Smart contract component.
    SmartContract,
    /// An actor naming an organisation.
    Organisation,
    /// A document or credential recorded on the ledger (in full or as a hash).
    Anchored,
    /// An actor operating the system or its nodes (provider or administrator).
    Operator,
    /// A token or payment asset.
    ValueAsset,
    /// A payment asset.
    PaymentAsset,
    /// A fungible or unique token.
    TokenAsset,
    /// An asset recorded on the ledger (in full or as a hash).
    AssetOnLedger,
    /// At an end of a flow moving value.
    ValueEnd,
    /// At an end of a flow crossing jurisdictions.
    CrossingEnd,
    /// Carried by a flow transferring or paying a token.
    TokenMoved,
    /// Named by no flow.
    Isolated,
}

impl NodeMark {
    const COUNT: usize = 15;

    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// What the rules look for in a flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowMark {
    /// Pays, or transfers or redeems a token or payment.
    ValueMove,
    /// Transfers or pays a token.
    TokenMove,
    /// Verifies against the ledger.
    Verify,
    /// Pays.
    Pay,
    /// Runs between nodes in different jurisdictions.
    CrossBorder,
    /// Runs between actors of different organisations.
    CrossOrganisation,
}

impl FlowMark {
    const COUNT: usize = 6;

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// One node as the assessment sees it.
struct NodeFacts {
    name: String,
    marks: u16,
    organisation: Option<String>,
    jurisdiction: Option<String>,
    asset_type: Option<AssetType>,
    role: Option<ActorRole>,
    components: Vec<String>,
    /// (criterion, weight, must-have)
    criteria: Vec<(String, u8, bool)>,
    findings: Vec<Ranked>,
    /// How many flows name the node (once per end or asset), and of those how many move value
    /// with it at an end, cross a border with it at an end, and move it as a token.
    named: u32,
    value_ends: u32,
    crossing_ends: u32,
    token_moves: u32,
}

impl NodeFacts {
    fn of(id: &str, node: &Node, catalog: &Catalog) -> Self {
        let asset_type = node.asset_type();
        let on_ledger = node.data != DataLocation::OffLedger;
        let role = node.role();
        let marks = [
            (NodeMark::Personal, node.personal_data),
            (
                NodeMark::PersonalOnLedger,
                node.personal_data && node.data == DataLocation::OnLedger,
            ),
            (
                NodeMark::Consumer,
                node.is_actor() && (names_a_consumer(&node.name) || node.organisation().is_some_and(names_a_consumer)),
            ),
            (NodeMark::SmartContract, node.components.contains(SMART_CONTRACT)),
            (NodeMark::Organisation, organisation(node).is_some()),
            (
                NodeMark::Anchored,
                matches!(asset_type, Some(AssetType::Document | AssetType::Credential)) && on_ledger,
            ),
            (
                NodeMark::Operator,
                matches!(role, Some(ActorRole::Provider | ActorRole::Administrator)),
            ),
            (NodeMark::ValueAsset, asset_type.is_some_and(is_value)),
            (NodeMark::PaymentAsset, asset_type == Some(AssetType::Payment)),
            (NodeMark::TokenAsset, asset_type.is_some_and(AssetType::is_token)),
            (NodeMark::AssetOnLedger, node.is_asset() && on_ledger),
        ]
        .into_iter()
        .filter(|(_, holds)| *holds)
        .fold(0, |marks, (mark, _)| marks | mark.bit());
        Self {
            name: node.name.clone(),
            marks,
            organisation: organisation(node).map(str::to_owned),
            jurisdiction: jurisdiction(node).map(str::to_owned),
            asset_type,
            role,
            components: node.components.iter().cloned().collect(),
            criteria: (node.criteria.iter())
                .map(|(key, use_)| (key.clone(), use_.weight, use_.must_have))
                .collect(),
            findings: validate::node_findings(id, node, catalog),
            named: 0,
            value_ends: 0,
            crossing_ends: 0,
            token_moves: 0,
        }
    }

    fn has(&self, mark: NodeMark) -> bool {
        let counted = match mark {
            NodeMark::ValueEnd => self.value_ends > 0,
            NodeMark::CrossingEnd => self.crossing_ends > 0,
            NodeMark::TokenMoved => self.token_moves > 0,
            NodeMark::Isolated => self.named == 0,
            _ => false,
        };
        counted || self.marks & mark.bit() != 0
    }
}

/// One flow as the assessment sees it: the flow itself (what it names, to undo its counts
/// later), its marks and its findings.
struct FlowFacts {
    flow: Flow,
    marks: u8,
    findings: Vec<Ranked>,
}

impl FlowFacts {
    fn has(&self, mark: FlowMark) -> bool {
        self.marks & mark.bit() != 0
    }
}

/// The nodes and flows of a project as the rules see them, and the project-wide counts.
#[derive(Default)]
pub struct Tally {
    nodes: BTreeMap<NodeId, NodeFacts>,
    flows: BTreeMap<FlowId, FlowFacts>,
    /// For each id, the flows that name it (as an end, as the asset, or as their own id, which
    /// must not also name a node): they are looked at again when that node changes.
    named_by: FxHashMap<NodeId, Vec<FlowId>>,
    /// How many nodes bring each component key.
    components: BTreeMap<String, u32>,
    /// How many actors name each organisation.
    organisations: BTreeMap<String, u32>,
    /// How many actors there are, and how many of them govern or audit.
    actors: u32,
    supervisors: u32,
    /// The nodes under each name (trimmed, lower-case).
    names: FxHashMap<String, BTreeSet<NodeId>>,
}

impl Tally {
    /// The tally of a whole project.
    pub fn new(project: &Project, catalog: &Catalog) -> Self {
        let mut tally = Self::default();
        for (id, node) in &project.nodes {
            tally.insert_node(id, node, catalog);
        }
        for (id, flow) in &project.flows {
            tally.insert_flow(id, flow.clone());
        }
        tally
    }

    /// Takes in the new state of node `id` (`None`: removed), and looks again at the flows that
    /// name it.
    pub fn node_changed(&mut self, id: &str, node: Option<&Node>, catalog: &Catalog) {
        let named_by = self.named_by.get(id).cloned().unwrap_or_default();
        let flows: Vec<(FlowId, FlowFacts)> = (named_by.into_iter())
            .filter_map(|flow| self.remove_flow(&flow).map(|facts| (flow, facts)))
            .collect();
        if let Some(old) = self.nodes.remove(id) {
            self.count_node(id, &old, -1);
        }
        if let Some(node) = node {
            self.insert_node(id, node, catalog);
        }
        for (flow_id, facts) in flows {
            self.insert_flow(&flow_id, facts.flow);
        }
    }

    /// Takes in the new state of flow `id` (`None`: removed).
    pub fn flow_changed(&mut self, id: &str, flow: Option<&Flow>) {
        self.remove_flow(id);
        if let Some(flow) = flow {
            self.insert_flow(id, flow.clone());
        }
    }

    fn insert_node(&mut self, id: &str, node: &Node, catalog: &Catalog) {
        let facts = NodeFacts::of(id, node, catalog);
        self.count_node(id, &facts, 1);
        self.nodes.insert(id.to_owned(), facts);
    }

    /// Adds (`by` 1) or takes away (`by` -1) a node's part in the project-wide counts.
    fn count_node(&mut self, id: &str, facts: &NodeFacts, by: i32) {
        for key in &facts.components {
            recount(&mut self.components, key, by);
        }
        if let Some(organisation) = &facts.organisation {
            recount(&mut self.organisations, organisation, by);
        }
        if let Some(role) = facts.role {
            self.actors = self.actors.wrapping_add_signed(by);
            if matches!(role, ActorRole::Governor | ActorRole::Auditor) {
                self.supervisors = self.supervisors.wrapping_add_signed(by);
            }
        }
        if let Some(key) = validate::name_key(&facts.name) {
            let ids = self.names.entry(key.clone()).or_default();
            if by > 0 {
                ids.insert(id.to_owned());
            } else {
                ids.remove(id);
                if ids.is_empty() {
                    self.names.remove(&key);
                }
            }
        }
    }

    /// Adds a flow: its marks and findings against the nodes as they are now, and its part in
    /// the counts of the nodes it names.
    fn insert_flow(&mut self, id: &str, flow: Flow) {
        let node = |id: &str| self.nodes.get(id);
        let findings = validate::flow_findings(id, &flow, |named| {
            node(named).map(|n| Named {
                name: &n.name,
                is_asset: n.asset_type.is_some(),
            })
        });
        let (from, to) = (node(&flow.from), node(&flow.to));
        let carried = flow.asset.as_deref().and_then(node).and_then(|n| n.asset_type);
        let crosses = |side: fn(&NodeFacts) -> Option<&String>| matches!((from.and_then(side), to.and_then(side)), (Some(a), Some(b)) if a != b);
        let transfers = matches!(flow.kind, FlowKind::Transfer | FlowKind::Redeem);
        let marks = [
            (
                FlowMark::ValueMove,
                flow.kind == FlowKind::Pay || transfers && carried.is_some_and(is_value),
            ),
            (
                FlowMark::TokenMove,
                matches!(flow.kind, FlowKind::Transfer | FlowKind::Pay) && carried.is_some_and(AssetType::is_token),
            ),
            (FlowMark::Verify, flow.kind == FlowKind::Verify),
            (FlowMark::Pay, flow.kind == FlowKind::Pay),
            (FlowMark::CrossBorder, crosses(|n| n.jurisdiction.as_ref())),
            (FlowMark::CrossOrganisation, crosses(|n| n.organisation.as_ref())),
        ]
        .into_iter()
        .filter(|(_, holds)| *holds)
        .fold(0, |marks, (mark, _)| marks | mark.bit());
        let facts = FlowFacts { flow, marks, findings };
        self.count_flow(&facts, 1);
        for named in named_ids(id, &facts.flow) {
            self.named_by.entry(named.to_owned()).or_default().push(id.to_owned());
        }
        self.flows.insert(id.to_owned(), facts);
    }

    /// Removes a flow and its part in the counts of the nodes it names.
    fn remove_flow(&mut self, id: &str) -> Option<FlowFacts> {
        let facts = self.flows.remove(id)?;
        self.count_flow(&facts, -1);
        for named in named_ids(id, &facts.flow) {
            if let Some(flows) = self.named_by.get_mut(named) {
                if let Some(at) = flows.iter().position(|f| f == id) {
                    flows.swap_remove(at);
                }
                if flows.is_empty() {
                    self.named_by.remove(named);
                }
            }
        }
        Some(facts)
    }

    /// Adds (`by` 1) or takes away (`by` -1) a flow's part in the counts of the nodes it names.
    fn count_flow(&mut self, facts: &FlowFacts, by: i32) {
        let flow = &facts.flow;
        let ends = [&flow.from, &flow.to];
        for named in flow.named_nodes() {
            if let Some(node) = self.nodes.get_mut(named) {
                node.named = node.named.wrapping_add_signed(by);
            }
        }
        for (mark, ends) in [(FlowMark::ValueMove, &ends[..]), (FlowMark::CrossBorder, &ends[..])] {
            if !facts.has(mark) {
                continue;
            }
            for end in ends {
                if let Some(node) = self.nodes.get_mut(end.as_str()) {
                    let count = match mark {
                        FlowMark::ValueMove => &mut node.value_ends,
                        _ => &mut node.crossing_ends,
                    };
                    *count = count.wrapping_add_signed(by);
                }
            }
        }
        if facts.has(FlowMark::TokenMove)
            && let Some(node) = flow.asset.as_deref().and_then(|a| self.nodes.get_mut(a))
        {
            node.token_moves = node.token_moves.wrapping_add_signed(by);
        }
    }
}

/// Adds `by` to a key's count, dropping keys that reach zero.
fn recount(counts: &mut BTreeMap<String, u32>, key: &str, by: i32) {
    let count = counts.entry(key.to_owned()).or_default();
    *count = count.wrapping_add_signed(by);
    if *count == 0 {
        counts.remove(key);
    }
}

/// The ids under which a flow is filed in `named_by`: its ends, its asset and its own id, once
/// each.
fn named_ids<'f>(id: &'f str, flow: &'f Flow) -> Vec<&'f str> {
    let mut ids: Vec<&str> = flow.named_nodes().map(String::as_str).chain([id]).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// An actor's organisation, if it names one.
fn organisation(node: &Node) -> Option<&str> {
    node.organisation().map(str::trim).filter(|o| !o.is_empty())
}

/// A node's jurisdiction, if it names one.
fn jurisdiction(node: &Node) -> Option<&str> {
    Some(node.jurisdiction.trim()).filter(|j| !j.is_empty())
}

fn is_value(asset_type: AssetType) -> bool {
    asset_type.is_token() || asset_type == AssetType::Payment
}

/// Whether a name contains one of the consumer words, as a whole word.
fn names_a_consumer(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|word| {
        CONSUMER_WORDS.iter().any(|c| {
            word.eq_ignore_ascii_case(c)
                || word.len() == c.len() + 1
                    && word[..c.len()].eq_ignore_ascii_case(c)
                    && word[c.len()..].eq_ignore_ascii_case("s")
        })
    })
}

/// One walk over the tally in id order: the lists the rules read.
pub struct Lists<'t> {
    tally: &'t Tally,
    /// Node ids in id order; elsewhere a node is its number in this list.
    ids: Vec<&'t NodeId>,
    names: Vec<&'t str>,
    marked: [Vec<u32>; NodeMark::COUNT],
    flows: [Vec<&'t FlowId>; FlowMark::COUNT],
    /// The nodes bringing each component.
    uses: FxHashMap<&'t str, Vec<u32>>,
    /// The nodes asking for each criterion, with weight and must-have.
    askers: FxHashMap<&'t str, Vec<(u32, u8, bool)>>,
    /// The findings of nodes (in id order), then of flows (in id order).
    findings: Vec<&'t Ranked>,
}

impl Tally {
    /// Walks the tally once and lists what the rules read.
    pub fn lists(&self) -> Lists<'_> {
        let mut lists = Lists {
            tally: self,
            ids: Vec::with_capacity(self.nodes.len()),
            names: Vec::with_capacity(self.nodes.len()),
            marked: Default::default(),
            flows: Default::default(),
            uses: FxHashMap::default(),
            askers: FxHashMap::default(),
            findings: Vec::new(),
        };
        const NODE_MARKS: [NodeMark; NodeMark::COUNT] = [
            NodeMark::Personal,
            NodeMark::PersonalOnLedger,
            NodeMark::Consumer,
            NodeMark::SmartContract,
            NodeMark::Organisation,
            NodeMark::Anchored,
            NodeMark::Operator,
            NodeMark::ValueAsset,
            NodeMark::PaymentAsset,
            NodeMark::TokenAsset,
            NodeMark::AssetOnLedger,
            NodeMark::ValueEnd,
            NodeMark::CrossingEnd,
            NodeMark::TokenMoved,
            NodeMark::Isolated,
        ];
        const FLOW_MARKS: [FlowMark; FlowMark::COUNT] = [
            FlowMark::ValueMove,
            FlowMark::TokenMove,
            FlowMark::Verify,
            FlowMark::Pay,
            FlowMark::CrossBorder,
            FlowMark::CrossOrganisation,
        ];
        for (number, (id, node)) in self.nodes.iter().enumerate() {
            let number = number as u32;
            lists.ids.push(id);
            lists.names.push(&node.name);
            for mark in NODE_MARKS.into_iter().filter(|m| node.has(*m)) {
                lists.marked[mark as usize].push(number);
            }
            for key in &node.components {
                lists.uses.entry(key).or_default().push(number);
            }
            for (key, weight, must_have) in &node.criteria {
                lists.askers.entry(key).or_default().push((number, *weight, *must_have));
            }
            lists.findings.extend(&node.findings);
        }
        for (id, flow) in &self.flows {
            for mark in FLOW_MARKS.into_iter().filter(|m| flow.has(*m)) {
                lists.flows[mark as usize].push(id);
            }
            lists.findings.extend(&flow.findings);
        }
        lists
    }

    /// Whether some node brings the component.
    pub fn brings(&self, component: &str) -> bool {
        self.components.contains_key(component)
    }

    /// Every component key some node brings.
    pub fn components(&self) -> impl Iterator<Item = &str> {
        self.components.keys().map(String::as_str)
    }

    /// The organisations actors name, in order.
    pub fn organisations(&self) -> impl Iterator<Item = &str> {
        self.organisations.keys().map(String::as_str)
    }

    /// Whether there are actors, and none of them governs or audits.
    pub fn unsupervised(&self) -> bool {
        self.actors > 0 && self.supervisors == 0
    }

    /// The groups of nodes sharing a name, each in id order, by first id.
    pub fn duplicate_names(&self) -> Vec<Vec<&NodeId>> {
        let mut groups: Vec<Vec<&NodeId>> = (self.names.values())
            .filter(|ids| ids.len() > 1)
            .map(|ids| ids.iter().collect())
            .collect();
        groups.sort();
        groups
    }
}

impl<'t> Lists<'t> {
    /// The nodes with a mark, as numbers in id order.
    pub fn marked(&self, mark: NodeMark) -> &[u32] {
        &self.marked[mark as usize]
    }

    /// The flows with a mark, in id order.
    pub fn flows(&self, mark: FlowMark) -> &[&'t FlowId] {
        &self.flows[mark as usize]
    }

    /// The nodes bringing a component, as numbers in id order.
    pub fn uses(&self, component: &str) -> &[u32] {
        self.uses.get(component).map_or(&[], Vec::as_slice)
    }

    /// The nodes asking for a criterion: number, weight and must-have, in id order.
    pub fn askers(&self, criterion: &str) -> &[(u32, u8, bool)] {
        self.askers.get(criterion).map_or(&[], Vec::as_slice)
    }

    /// The id of node number `n`.
    pub fn id(&self, n: u32) -> &'t NodeId {
        self.ids[n as usize]
    }

    /// The name of node number `n`.
    pub fn name(&self, n: u32) -> &'t str {
        self.names[n as usize]
    }

    /// The number of the node with this id.
    pub fn number(&self, id: &str) -> Option<u32> {
        self.ids
            .binary_search_by(|probe| probe.as_str().cmp(id))
            .ok()
            .map(|n| n as u32)
    }

    /// How many nodes there are.
    pub fn node_count(&self) -> usize {
        self.ids.len()
    }

    /// The listed names of numbered nodes ("“A”, “B”, “C” and 4 more").
    pub fn names_of(&self, numbers: &[u32]) -> String {
        super::words::names(numbers.iter().map(|&n| self.name(n)), numbers.len())
    }

    /// The ids of numbered nodes.
    pub fn ids_of(&self, numbers: &[u32]) -> Vec<NodeId> {
        numbers.iter().map(|&n| self.id(n).clone()).collect()
    }

    pub fn tally(&self) -> &'t Tally {
        self.tally
    }

    /// Every validation finding, in listing order: the cached findings of nodes and flows,
    /// nodes no flow names, names used twice, and the project's own settings.
    pub fn findings(&self, project: &Project, catalog: &Catalog) -> Vec<crate::model::Finding> {
        let isolated: Vec<Ranked> = (self.marked(NodeMark::Isolated).iter())
            .map(|&n| validate::isolated(self.id(n), self.name(n)))
            .collect();
        let duplicates: Vec<Ranked> = (self.tally.duplicate_names().into_iter())
            .map(|ids| {
                let name = self.tally.nodes[ids[0].as_str()].name.as_str();
                validate::duplicate_name(name, ids)
            })
            .collect();
        let settings = validate::project_findings(project, catalog);
        validate::order(
            self.findings
                .iter()
                .copied()
                .chain(&duplicates)
                .chain(&settings)
                .chain(&isolated),
        )
    }
}
