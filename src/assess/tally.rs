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
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::listed::{IdSet, Listed};
use super::report::Asker;
use super::rules::{self, Bits, Compiled, FlowSubject, RuleError, Subject, Via, places};
use crate::catalog::Catalog;
use crate::model::validate::{self, Named, Ranked};
use crate::model::{Finding, Flow, FlowId, Node, NodeId, Project, Severity};

/// The nodes asking for one criterion: weight and must-have by node id.
pub type Askers = Listed<(u8, bool), Asker>;

/// One node as the assessment sees it.
struct NodeFacts {
    subject: Subject,
    /// (criterion, weight, must-have), in criterion order.
    criteria: Vec<(String, u8, bool)>,
    findings: Vec<Ranked>,
    /// How many flows name the node (once per end or asset).
    named: u32,
    /// For each via of the rules, how many flows make the node take part that way.
    vias: Vec<u32>,
}

impl NodeFacts {
    fn of(id: &str, node: &Node, catalog: &Catalog, vias: usize) -> Self {
        let jurisdiction = validate::jurisdiction_key(&node.jurisdiction);
        Self {
            subject: Subject {
                name: node.name.clone(),
                role: node.role(),
                asset_type: node.asset_type(),
                data: node.data,
                personal: node.personal_data,
                components: node.components.iter().cloned().collect(),
                organisation: organisation(node).map(str::to_owned),
                place: jurisdiction.as_deref().and_then(places::code),
                jurisdiction,
            },
            criteria: (node.criteria.iter())
                .map(|(key, use_)| (key.clone(), use_.weight, use_.must_have))
                .collect(),
            findings: validate::node_findings(id, node, catalog),
            named: 0,
            vias: vec![0; vias],
        }
    }

    /// The node conditions the node meets, as bits.
    fn bits(&self, rules: &Compiled) -> Bits {
        (rules.nodes.iter().enumerate())
            .filter(|(_, sel)| sel.matches(&self.subject, &self.vias))
            .fold(0, |bits, (at, _)| bits | 1 << at)
    }
}

/// One flow as the assessment sees it: the flow itself (what it names, to undo its counts
/// later), the flow conditions it meets and its findings.
struct FlowFacts {
    flow: Flow,
    marks: Bits,
    findings: Vec<Ranked>,
}

impl FlowFacts {
    fn has(&self, condition: usize) -> bool {
        self.marks & 1 << condition != 0
    }
}

/// The nodes and flows of a project as the rules see them, and the project-wide counts.
#[derive(Default)]
pub struct Tally {
    /// The rules the lists are kept for, and why the project's own rules were refused.
    rules: Arc<Compiled>,
    rules_error: Option<RuleError>,
    nodes: FxHashMap<NodeId, NodeFacts>,
    flows: FxHashMap<FlowId, FlowFacts>,
    /// For each id, the flows that name it (as an end, as the asset, or as their own id, which
    /// must not also name a node): they are looked at again when that node changes.
    named_by: FxHashMap<NodeId, Vec<FlowId>>,
    /// The nodes meeting each node condition of the rules, and the flows meeting each flow
    /// condition — listed where a report names them, else left empty and only counted.
    marked: Vec<IdSet>,
    flows_marked: Vec<IdSet>,
    counted: Vec<u32>,
    flows_counted: Vec<u32>,
    /// The nodes no flow names.
    isolated: IdSet,
    /// The conditions each node and flow is filed under (absent: none).
    filed_nodes: FxHashMap<NodeId, Bits>,
    filed_flows: FxHashMap<FlowId, Bits>,
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
    /// The nodes under each name (trimmed, lower-case), and the names more than one node has.
    names: FxHashMap<String, BTreeSet<NodeId>>,
    duplicated: BTreeSet<String>,
    /// The nodes and flows with validation findings.
    nodes_with_findings: BTreeSet<NodeId>,
    flows_with_findings: BTreeSet<FlowId>,
}

impl Tally {
    /// The tally of a whole project, for the built-in rules and the project's own.
    pub fn new(project: &Project, catalog: &Catalog) -> Self {
        let (rules, rules_error) = rules::for_project(project, catalog);
        let mut tally = Self {
            marked: (0..rules.nodes.len()).map(|_| IdSet::default()).collect(),
            flows_marked: (0..rules.flows.len()).map(|_| IdSet::default()).collect(),
            counted: vec![0; rules.nodes.len()],
            flows_counted: vec![0; rules.flows.len()],
            rules,
            rules_error,
            ..Self::default()
        };
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
        let new = node.map(|node| NodeFacts::of(id, node, catalog, self.rules.vias.len()));
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

    /// Files every node and flow changed since the last call under its conditions now (only the
    /// lists whose members changed are touched).
    pub fn settle(&mut self) {
        let mut nodes: Vec<NodeId> = self.unfiled_nodes.drain().collect();
        nodes.sort_unstable();
        for id in nodes {
            let facts = self.nodes.get(&id);
            let now = facts.map_or(0, |f| f.bits(&self.rules));
            let was = self.filed_nodes.get(&id).copied().unwrap_or(0);
            let lists = Lists {
                listed: &self.rules.nodes_listed,
                sets: &mut self.marked,
                counts: &mut self.counted,
            };
            lists.refile(&id, now, was);
            refile(&mut self.isolated, &id, facts.is_some_and(|f| f.named == 0));
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
            let lists = Lists {
                listed: &self.rules.flows_listed,
                sets: &mut self.flows_marked,
                counts: &mut self.flows_counted,
            };
            lists.refile(&id, now, was);
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
        if let Some(organisation) = &facts.subject.organisation {
            recount(&mut self.organisations, organisation, by);
        }
        if let Some(key) = validate::name_key(&facts.subject.name) {
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
            facts.map_or(&[], |f| &f.subject.components)
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

    /// Adds a flow: the conditions it meets and its findings against the nodes as they are now,
    /// and its part in the counts of the nodes it names.
    fn insert_flow(&mut self, id: &str, flow: Flow) {
        let node = |id: &str| self.nodes.get(id);
        let findings = validate::flow_findings(id, &flow, |named| {
            node(named).map(|n| Named {
                name: &n.subject.name,
                is_asset: n.subject.asset_type.is_some(),
            })
        });
        let subject = FlowSubject {
            flow: &flow,
            from: node(&flow.from).map(|n| &n.subject),
            to: node(&flow.to).map(|n| &n.subject),
            carried: flow.asset.as_deref().and_then(node).map(|n| &n.subject),
        };
        let marks = (self.rules.flows.iter().enumerate())
            .filter(|(_, sel)| sel.matches(&subject))
            .fold(0, |bits: Bits, (at, _)| bits | 1 << at);
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
        for (at, via) in self.rules.vias.iter().enumerate() {
            let nodes: &[&String] = match *via {
                Via::End(condition) if facts.has(condition) => &[&flow.from, &flow.to],
                Via::Carried(condition) if facts.has(condition) => match &flow.asset {
                    Some(asset) => &[asset],
                    None => &[],
                },
                _ => &[],
            };
            for id in nodes {
                if let Some(node) = self.nodes.get_mut(id.as_str()) {
                    node.vias[at] = node.vias[at].wrapping_add_signed(by);
                }
            }
        }
    }
}

/// The lists of the node (or flow) conditions: the ids under each listed one, how many under
/// each of the others.
struct Lists<'a> {
    listed: &'a [bool],
    sets: &'a mut [IdSet],
    counts: &'a mut [u32],
}

impl Lists<'_> {
    /// Files an id under the conditions it meets now (`now`) and out of those it met (`was`).
    fn refile(self, id: &str, now: Bits, was: Bits) {
        let mut changed = now ^ was;
        while changed != 0 {
            let at = changed.trailing_zeros() as usize;
            let meets = now & 1 << at != 0;
            if self.listed[at] {
                refile(&mut self.sets[at], id, meets);
            } else if meets {
                self.counts[at] += 1;
            } else {
                self.counts[at] -= 1;
            }
            changed &= changed - 1;
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

/// What the rules read.
impl Tally {
    /// The rules the tally keeps lists for.
    pub fn rules(&self) -> &Compiled {
        &self.rules
    }

    /// The nodes meeting node condition `n` of the rules, in id order (after [`Tally::settle`]);
    /// empty where the rules only count them ([`Compiled::nodes_listed`]).
    pub fn marked(&self, n: usize) -> &IdSet {
        &self.marked[n]
    }

    /// The flows meeting flow condition `n` of the rules, in id order (after [`Tally::settle`]);
    /// empty where the rules only count them.
    pub fn flows_marked(&self, n: usize) -> &IdSet {
        &self.flows_marked[n]
    }

    /// How many nodes meet node condition `n`.
    pub fn marked_count(&self, n: usize) -> usize {
        if self.rules.nodes_listed[n] {
            self.marked[n].len()
        } else {
            self.counted[n] as usize
        }
    }

    /// How many flows meet flow condition `n`.
    pub fn flows_marked_count(&self, n: usize) -> usize {
        if self.rules.flows_listed[n] {
            self.flows_marked[n].len()
        } else {
            self.flows_counted[n] as usize
        }
    }

    /// The nodes bringing a component.
    pub fn uses(&self, component: &str) -> Option<&IdSet> {
        self.uses.get(component)
    }

    /// The nodes asking for a criterion.
    pub fn askers(&self, criterion: &str) -> Option<&Askers> {
        self.askers.get(criterion)
    }

    /// The node conditions a node meets, as bits (after [`Tally::settle`]), if it is a node.
    pub fn node_marks(&self, id: &str) -> Option<Bits> {
        self.nodes
            .contains_key(id)
            .then(|| self.filed_nodes.get(id).copied().unwrap_or(0))
    }

    /// How many nodes there are.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// A node's name (the id where it is not a node).
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.nodes.get(id).map_or(id, |n| n.subject.name.as_str())
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
    /// names. Project rules that were refused are an error among the settings'.
    pub fn findings(&self, project: &Project, catalog: &Catalog) -> Vec<Finding> {
        let isolated: Vec<Ranked> = (self.isolated.ids())
            .map(|id| validate::isolated(id, self.name(id)))
            .collect();
        let duplicates: Vec<Ranked> = (self.duplicate_names().into_iter())
            .map(|ids| validate::duplicate_name(self.name(ids[0]), ids))
            .collect();
        let mut settings = validate::project_findings(project, catalog);
        let date = project.sheet.assessed_on.trim();
        if !date.is_empty() && rules::Date::parse(date).is_none() {
            settings.push(Ranked {
                check: validate::Check::ProjectValue,
                finding: Finding {
                    severity: Severity::Warning,
                    message: format!("the assessment date {date:?} is not a date (YYYY-MM-DD); today's is used"),
                    ids: Vec::new(),
                },
            });
        }
        if let Some(error) = &self.rules_error {
            settings.push(Ranked {
                check: validate::Check::ProjectValue,
                finding: Finding {
                    severity: Severity::Error,
                    message: format!("the project's own rules are not used: {error}"),
                    ids: Vec::new(),
                },
            });
        }
        let nodes = (self.nodes_with_findings.iter()).flat_map(|id| &self.nodes[id].findings);
        let flows = (self.flows_with_findings.iter()).flat_map(|id| &self.flows[id].findings);
        validate::order(nodes.chain(flows).chain(&duplicates).chain(&settings).chain(&isolated))
    }
}
