//! What the assessment knows of each node and flow, kept up to date one change at a time: the
//! marks the rules look for (personal data, a value transfer, a border crossed…), what each
//! node asks for and brings, the validation findings of each node and flow, and the project-wide
//! counts (organisations, roles, names). A full assessment builds a tally from scratch; the
//! editor keeps one on its assessment thread and feeds it the edits, so an edit in a
//! 100,000-node project re-examines only the nodes and flows it touches.
//!
//! The lists the rules read — the nodes and flows under each mark, the nodes bringing each
//! component or asking for each criterion — are kept in id order as entries come and go
//! ([`Listed`]), so writing a report walks none of the project and copies only the lists that
//! changed since the last one. Marks are filed once the changes of an edit are all in
//! ([`Tally::settle`]): a flow looked at again because a node it names changed is not taken out
//! of its lists and put back.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use super::listed::{IdSet, Listed};
use super::report::Asker;
use crate::catalog::Catalog;
use crate::model::validate::{self, Named, Ranked};
use crate::model::{ActorRole, AssetType, DataLocation, Finding, Flow, FlowId, FlowKind, Node, NodeId, Project};

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
    pub const COUNT: usize = 15;

    pub const ALL: [NodeMark; Self::COUNT] = [
        Self::Personal,
        Self::PersonalOnLedger,
        Self::Consumer,
        Self::SmartContract,
        Self::Organisation,
        Self::Anchored,
        Self::Operator,
        Self::ValueAsset,
        Self::PaymentAsset,
        Self::TokenAsset,
        Self::AssetOnLedger,
        Self::ValueEnd,
        Self::CrossingEnd,
        Self::TokenMoved,
        Self::Isolated,
    ];

    pub fn bit(self) -> u16 {
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

    const ALL: [FlowMark; Self::COUNT] = [
        Self::ValueMove,
        Self::TokenMove,
        Self::Verify,
        Self::Pay,
        Self::CrossBorder,
        Self::CrossOrganisation,
    ];

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The nodes asking for one criterion: weight and must-have by node id.
pub type Askers = Listed<(u8, bool), Asker>;

/// One node as the assessment sees it.
struct NodeFacts {
    name: String,
    marks: u16,
    organisation: Option<String>,
    jurisdiction: Option<String>,
    asset_type: Option<AssetType>,
    role: Option<ActorRole>,
    /// Component keys, in order.
    components: Vec<String>,
    /// (criterion, weight, must-have), in criterion order.
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
            jurisdiction: validate::jurisdiction_key(&node.jurisdiction),
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

    /// Every mark the node has, as bits.
    fn bits(&self) -> u16 {
        let counted = [
            (NodeMark::ValueEnd, self.value_ends > 0),
            (NodeMark::CrossingEnd, self.crossing_ends > 0),
            (NodeMark::TokenMoved, self.token_moves > 0),
            (NodeMark::Isolated, self.named == 0),
        ];
        (counted.into_iter())
            .filter(|(_, holds)| *holds)
            .fold(self.marks, |marks, (mark, _)| marks | mark.bit())
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
    nodes: FxHashMap<NodeId, NodeFacts>,
    flows: FxHashMap<FlowId, FlowFacts>,
    /// For each id, the flows that name it (as an end, as the asset, or as their own id, which
    /// must not also name a node): they are looked at again when that node changes.
    named_by: FxHashMap<NodeId, Vec<FlowId>>,
    /// The nodes and flows under each mark.
    marked: [IdSet; NodeMark::COUNT],
    flows_marked: [IdSet; FlowMark::COUNT],
    /// The marks each node and flow is filed under (absent: none).
    filed_nodes: FxHashMap<NodeId, u16>,
    filed_flows: FxHashMap<FlowId, u8>,
    /// Nodes and flows whose marks may have changed since they were last filed.
    unfiled_nodes: FxHashSet<NodeId>,
    unfiled_flows: FxHashSet<FlowId>,
    /// The nodes filed again (or removed) since the last [`Tally::take_touched`].
    touched: Vec<NodeId>,
    /// The nodes bringing each component (components nobody brings are absent).
    uses: FxHashMap<String, IdSet>,
    /// The nodes asking for each criterion (criteria nobody asks for are absent).
    askers: FxHashMap<String, Askers>,
    /// How many actors name each organisation.
    organisations: BTreeMap<String, u32>,
    /// How many actors there are, and how many of them govern or audit.
    actors: u32,
    supervisors: u32,
    /// The nodes under each name (trimmed, lower-case), and the names more than one node has.
    names: FxHashMap<String, BTreeSet<NodeId>>,
    duplicated: BTreeSet<String>,
    /// The nodes and flows with validation findings.
    nodes_with_findings: BTreeSet<NodeId>,
    flows_with_findings: BTreeSet<FlowId>,
}

impl Tally {
    /// The tally of a whole project.
    pub fn new(project: &Project, catalog: &Catalog) -> Self {
        let mut tally = Self::default();
        for (id, node) in &project.nodes {
            tally.node_changed(id, Some(node), catalog);
        }
        for (id, flow) in &project.flows {
            tally.insert_flow(id, flow.clone());
        }
        tally.settle();
        tally
    }

    /// Takes in the new state of node `id` (`None`: removed), and looks again at the flows that
    /// name it.
    pub fn node_changed(&mut self, id: &str, node: Option<&Node>, catalog: &Catalog) {
        let named_by = self.named_by.get(id).cloned().unwrap_or_default();
        let flows: Vec<(FlowId, FlowFacts)> = (named_by.into_iter())
            .filter_map(|flow| self.remove_flow(&flow).map(|facts| (flow, facts)))
            .collect();
        let old = self.nodes.remove(id);
        let new = node.map(|node| NodeFacts::of(id, node, catalog));
        if let Some(old) = &old {
            self.count_node(id, old, -1);
        }
        self.relist_node(id, old.as_ref(), new.as_ref());
        if let Some(new) = new {
            self.count_node(id, &new, 1);
            self.nodes.insert(id.to_owned(), new);
        }
        self.unfiled_nodes.insert(id.to_owned());
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

    /// Files every node and flow changed since the last call under its marks now (only the
    /// lists whose members changed are touched).
    pub fn settle(&mut self) {
        let mut nodes: Vec<NodeId> = self.unfiled_nodes.drain().collect();
        nodes.sort_unstable();
        for id in nodes {
            let now = self.nodes.get(&id).map_or(0, NodeFacts::bits);
            let was = self.filed_nodes.get(&id).copied().unwrap_or(0);
            for mark in NodeMark::ALL.into_iter().filter(|m| (now ^ was) & m.bit() != 0) {
                refile(&mut self.marked[mark as usize], &id, now & mark.bit() != 0);
            }
            if now == 0 {
                self.filed_nodes.remove(&id);
            } else {
                self.filed_nodes.insert(id.clone(), now);
            }
            self.touched.push(id);
        }
        let mut flows: Vec<FlowId> = self.unfiled_flows.drain().collect();
        flows.sort_unstable();
        for id in flows {
            let now = self.flows.get(&id).map_or(0, |f| f.marks);
            let was = self.filed_flows.get(&id).copied().unwrap_or(0);
            for mark in FlowMark::ALL.into_iter().filter(|m| (now ^ was) & m.bit() != 0) {
                refile(&mut self.flows_marked[mark as usize], &id, now & mark.bit() != 0);
            }
            if now == 0 {
                self.filed_flows.remove(&id);
            } else {
                self.filed_flows.insert(id, now);
            }
        }
    }

    /// The nodes filed again or removed by [`Tally::settle`] since the last call.
    pub fn take_touched(&mut self) -> Vec<NodeId> {
        std::mem::take(&mut self.touched)
    }

    /// Adds (`by` 1) or takes away (`by` -1) a node's part in the project-wide counts.
    fn count_node(&mut self, id: &str, facts: &NodeFacts, by: i32) {
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
            }
            match ids.len() {
                0 => {
                    self.names.remove(&key);
                    self.duplicated.remove(&key);
                }
                1 => {
                    self.duplicated.remove(&key);
                }
                _ => {
                    self.duplicated.insert(key);
                }
            }
        }
        if by > 0 && !facts.findings.is_empty() {
            self.nodes_with_findings.insert(id.to_owned());
        } else if by < 0 {
            self.nodes_with_findings.remove(id);
        }
    }

    /// Moves a node between the component and criterion lists, from what it was to what it is
    /// (lists it stays in are left alone).
    fn relist_node(&mut self, id: &str, old: Option<&NodeFacts>, new: Option<&NodeFacts>) {
        fn components(facts: Option<&NodeFacts>) -> &[String] {
            facts.map_or(&[], |f| &f.components)
        }
        fn criteria(facts: Option<&NodeFacts>) -> &[(String, u8, bool)] {
            facts.map_or(&[], |f| &f.criteria)
        }
        let (new_components, new_criteria) = (components(new), criteria(new));
        for key in components(old).iter().filter(|k| !new_components.contains(k)) {
            unlist(&mut self.uses, key, id);
        }
        for key in new_components {
            list(&mut self.uses, key, id, ());
        }
        for (key, ..) in (criteria(old).iter()).filter(|(k, ..)| !new_criteria.iter().any(|(n, ..)| n == k)) {
            unlist(&mut self.askers, key, id);
        }
        for (key, weight, must_have) in new_criteria {
            list(&mut self.askers, key, id, (*weight, *must_have));
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
            match self.named_by.get_mut(named) {
                Some(flows) => flows.push(id.to_owned()),
                None => {
                    self.named_by.insert(named.to_owned(), vec![id.to_owned()]);
                }
            }
        }
        if !facts.findings.is_empty() {
            self.flows_with_findings.insert(id.to_owned());
        }
        self.unfiled_flows.insert(id.to_owned());
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
        self.flows_with_findings.remove(id);
        self.unfiled_flows.insert(id.to_owned());
        Some(facts)
    }

    /// Adds (`by` 1) or takes away (`by` -1) a flow's part in the counts of the nodes it names.
    fn count_flow(&mut self, facts: &FlowFacts, by: i32) {
        let flow = &facts.flow;
        for named in flow.named_nodes() {
            if let Some(node) = self.nodes.get_mut(named) {
                node.named = node.named.wrapping_add_signed(by);
                if !self.unfiled_nodes.contains(named) {
                    self.unfiled_nodes.insert(named.clone());
                }
            }
        }
        for end in [&flow.from, &flow.to] {
            if let Some(node) = self.nodes.get_mut(end.as_str()) {
                if facts.has(FlowMark::ValueMove) {
                    node.value_ends = node.value_ends.wrapping_add_signed(by);
                }
                if facts.has(FlowMark::CrossBorder) {
                    node.crossing_ends = node.crossing_ends.wrapping_add_signed(by);
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

/// Puts an id into a mark's list or takes it out.
fn refile(list: &mut IdSet, id: &str, listed: bool) {
    if listed {
        list.insert(id, ());
    } else {
        list.remove(id);
    }
}

/// Lists node `id` under `key` with `value`.
fn list<V: PartialEq, O>(lists: &mut FxHashMap<String, Listed<V, O>>, key: &str, id: &str, value: V) {
    match lists.get_mut(key) {
        Some(listed) => listed.insert(id, value),
        None => {
            let mut listed = Listed::default();
            listed.insert(id, value);
            lists.insert(key.to_owned(), listed);
        }
    }
}

/// Takes node `id` off the list under `key`, dropping lists that become empty.
fn unlist<V: PartialEq, O>(lists: &mut FxHashMap<String, Listed<V, O>>, key: &str, id: &str) {
    if let Some(listed) = lists.get_mut(key) {
        listed.remove(id);
        if listed.is_empty() {
            lists.remove(key);
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

/// What the rules read.
impl Tally {
    /// The nodes with a mark, in id order (after [`Tally::settle`]).
    pub fn marked(&self, mark: NodeMark) -> &IdSet {
        &self.marked[mark as usize]
    }

    /// The flows with a mark, in id order (after [`Tally::settle`]).
    pub fn flows_marked(&self, mark: FlowMark) -> &IdSet {
        &self.flows_marked[mark as usize]
    }

    /// The nodes bringing a component.
    pub fn uses(&self, component: &str) -> Option<&IdSet> {
        self.uses.get(component)
    }

    /// The nodes asking for a criterion.
    pub fn askers(&self, criterion: &str) -> Option<&Askers> {
        self.askers.get(criterion)
    }

    /// A node's marks as bits ([`NodeMark::bit`]), if it is a node.
    pub fn node_marks(&self, id: &str) -> Option<u16> {
        self.nodes.get(id).map(NodeFacts::bits)
    }

    /// How many nodes there are.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// A node's name (the id where it is not a node).
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.nodes.get(id).map_or(id, |n| n.name.as_str())
    }

    /// The listed names of `total` nodes whose ids `ids` gives in order ("“A”, “B”, “C” and 4
    /// more"; only the first few are read).
    pub fn names_of<'a>(&'a self, ids: impl IntoIterator<Item = &'a String>, total: usize) -> String {
        super::words::names(ids.into_iter().map(|id| self.name(id)), total)
    }

    /// The listed names of the nodes in a list.
    pub fn names_in<V, O>(&self, listed: &Listed<V, O>) -> String {
        self.names_of(listed.ids(), listed.len())
    }

    /// Whether some node brings the component.
    pub fn brings(&self, component: &str) -> bool {
        self.uses.contains_key(component)
    }

    /// Every component key some node brings.
    pub fn components(&self) -> impl Iterator<Item = &str> {
        self.uses.keys().map(String::as_str)
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
        let mut groups: Vec<Vec<&NodeId>> = (self.duplicated.iter())
            .map(|key| self.names[key].iter().collect())
            .collect();
        groups.sort();
        groups
    }

    /// Every validation finding, in listing order: the cached findings of nodes (in id order)
    /// and flows (in id order), names used twice, the project's own settings, and nodes no flow
    /// names.
    pub fn findings(&self, project: &Project, catalog: &Catalog) -> Vec<Finding> {
        let isolated: Vec<Ranked> = (self.marked(NodeMark::Isolated).ids())
            .map(|id| validate::isolated(id, self.name(id)))
            .collect();
        let duplicates: Vec<Ranked> = (self.duplicate_names().into_iter())
            .map(|ids| validate::duplicate_name(self.name(ids[0]), ids))
            .collect();
        let settings = validate::project_findings(project, catalog);
        let nodes = (self.nodes_with_findings.iter()).flat_map(|id| &self.nodes[id].findings);
        let flows = (self.flows_with_findings.iter()).flat_map(|id| &self.flows[id].findings);
        validate::order(nodes.chain(flows).chain(&duplicates).chain(&settings).chain(&isolated))
    }
}
