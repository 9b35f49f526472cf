//! What the assessment knows of each node and flow, kept up to date one change at a time: the
//! marks the rules look for (personal data, a value transfer, a border crossed…), what each
//! node asks for and brings, the validation findings of each node and flow, and the project-wide
//! counts (organisations, roles, names). A full assessment builds a tally from scratch; the
//! editor keeps one on its assessment thread and feeds it the edits, so an edit in a
//! 100,000-node project re-examines only the nodes and flows it touches.
//!
//! Node and flow ids are numbered once ([`Ids`]) and everything is kept by number, in slots
//! indexed by it: filing a node or a flow hashes its id once and allocates nothing for the
//! lists it joins. The lists the rules read — the nodes and flows under each mark, the nodes
//! bringing each component or asking for each criterion — are kept in id order ([`Listed`]),
//! so writing a report walks none of the project and copies only the lists that changed since
//! the last one. Marks are filed, and every list's changes put in at once, when the changes of
//! an edit (or a whole project) are all in ([`Tally::settle`]): a flow looked at again because
//! a node it names changed is not taken out of its lists and put back.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::listed::{IdSet, Ids, Listed, Num};
use super::report::Asker;
use super::rules::{self, Bits, Compiled, FlowSubject, RuleError, Subject, Via, places};
use crate::catalog::Catalog;
use crate::model::validate::{self, Named, Ranked};
use crate::model::{Finding, Flow, FlowKind, Node, Project, Severity};

/// The nodes asking for one criterion: weight and must-have by node.
pub type Askers = Listed<(u8, bool), Asker>;

/// One node as the assessment sees it.
struct NodeFacts {
    subject: Subject,
    /// (criterion, weight, must-have), in criterion order.
    criteria: Vec<(Arc<str>, u8, bool)>,
    findings: Vec<Ranked>,
    /// How many flows name the node (once per end or asset).
    named: u32,
    /// For each via of the rules, how many flows make the node take part that way.
    vias: Vec<u32>,
}

impl NodeFacts {
    fn of(id: &str, node: &Node, catalog: &Catalog, vias: usize, words: &mut Words) -> Self {
        let (jurisdiction, place) = words.jurisdiction(&node.jurisdiction);
        Self {
            subject: Subject {
                name: node.name.clone(),
                role: node.role(),
                asset_type: node.asset_type(),
                data: node.data,
                personal: node.personal_data,
                components: node.components.iter().map(|key| words.text(key)).collect(),
                organisation: organisation(node).map(|o| words.text(o)),
                place,
                jurisdiction,
            },
            criteria: (node.criteria.iter())
                .map(|(key, use_)| (words.text(key), use_.weight, use_.must_have))
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

/// The organisation, jurisdiction, component and criterion texts nodes name, each kept once and
/// shared by the nodes naming it (the 100,000 nodes of a generated project name 5,000
/// organisations and 6 jurisdictions).
#[derive(Default)]
struct Words {
    texts: FxHashSet<Arc<str>>,
    /// Each jurisdiction as written: its key and its code.
    jurisdictions: FxHashMap<String, Jurisdiction>,
}

/// A jurisdiction's key ([`validate::jurisdiction_key`]) and code ([`places::code`]), where it
/// is not blank.
type Jurisdiction = (Option<Arc<str>>, Option<Arc<str>>);

impl Words {
    /// The shared copy of a text.
    fn text(&mut self, text: &str) -> Arc<str> {
        if let Some(known) = self.texts.get(text) {
            return Arc::clone(known);
        }
        let new: Arc<str> = Arc::from(text);
        self.texts.insert(Arc::clone(&new));
        new
    }

    /// A jurisdiction as written: its key and its code.
    fn jurisdiction(&mut self, written: &str) -> Jurisdiction {
        if let Some(known) = self.jurisdictions.get(written) {
            return known.clone();
        }
        let key = validate::jurisdiction_key(written);
        let place = key.as_deref().and_then(places::code).map(|code| self.text(&code));
        let read = (key.map(|key| self.text(&key)), place);
        self.jurisdictions.insert(written.to_owned(), read.clone());
        read
    }
}

/// One flow as the assessment sees it: what it names (by node number, to undo its counts
/// later), what else its checks and conditions read, the flow conditions it meets and its
/// findings.
struct FlowFacts {
    from: Num,
    to: Num,
    asset: Option<Num>,
    step: u32,
    action: String,
    kind: FlowKind,
    on_ledger: bool,
    marks: Bits,
    findings: Vec<Ranked>,
}

impl FlowFacts {
    fn has(&self, condition: usize) -> bool {
        self.marks & 1 << condition != 0
    }

    /// The node numbers the flow names: its ends and its asset, once per end or asset.
    fn named(&self) -> impl Iterator<Item = Num> {
        [self.from, self.to].into_iter().chain(self.asset)
    }

    /// The flow again, to be examined anew.
    fn flow(&self, nodes: &Ids) -> Flow {
        Flow {
            from: nodes.name(self.from).to_owned(),
            to: nodes.name(self.to).to_owned(),
            step: self.step,
            action: self.action.clone(),
            kind: self.kind,
            on_ledger: self.on_ledger,
            asset: self.asset.map(|n| nodes.name(n).to_owned()),
        }
    }
}

/// What the tally keeps for one node id: the node (absent: no node has the id, though flows
/// may name it), the flows that name it (looked at again when the node changes), the
/// conditions it is filed under, and whether it waits to be filed again.
#[derive(Default)]
struct NodeSlot {
    facts: Option<NodeFacts>,
    named_by: Vec<Num>,
    filed: Bits,
    isolated: bool,
    unfiled: bool,
}

/// What the tally keeps for one flow id.
#[derive(Default)]
struct FlowSlot {
    facts: Option<FlowFacts>,
    filed: Bits,
    unfiled: bool,
}

/// The nodes and flows of a project as the rules see them, and the project-wide counts.
#[derive(Default)]
pub struct Tally {
    /// The rules the lists are kept for, and why the project's own rules were refused.
    rules: Arc<Compiled>,
    rules_error: Option<RuleError>,
    /// The numbers of node ids (and of ids flows name that are no node), and of flow ids.
    node_ids: Ids,
    flow_ids: Ids,
    /// By number.
    nodes: Vec<NodeSlot>,
    flows: Vec<FlowSlot>,
    node_count: usize,
    /// The nodes meeting each node condition of the rules, and the flows meeting each flow
    /// condition — listed where a report names them, else left empty and only counted.
    marked: Vec<IdSet>,
    flows_marked: Vec<IdSet>,
    counted: Vec<u32>,
    flows_counted: Vec<u32>,
    /// The nodes no flow names.
    isolated: IdSet,
    /// Nodes and flows whose marks may have changed since they were last filed.
    unfiled_nodes: Vec<Num>,
    unfiled_flows: Vec<Num>,
    /// The nodes filed again (or removed) since the last [`Tally::take_touched`].
    touched: Vec<Num>,
    /// The nodes bringing each component (components nobody brings are absent after
    /// [`Tally::settle`]).
    uses: FxHashMap<String, IdSet>,
    /// The nodes asking for each criterion (criteria nobody asks for are absent after
    /// [`Tally::settle`]).
    askers: FxHashMap<String, Askers>,
    /// How many actors name each organisation.
    organisations: BTreeMap<Arc<str>, u32>,
    /// The organisation, jurisdiction, component and criterion texts nodes name.
    words: Words,
    /// The nodes under each name (trimmed, lower-case), and the names more than one node has.
    names: FxHashMap<String, Vec<Num>>,
    duplicated: BTreeSet<String>,
    /// The nodes and flows with validation findings.
    nodes_with_findings: IdSet,
    flows_with_findings: IdSet,
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
        tally.node_ids.reserve(project.nodes.len());
        tally.nodes.reserve(project.nodes.len());
        tally.flow_ids.reserve(project.flows.len());
        tally.flows.reserve(project.flows.len());
        for (id, node) in &project.nodes {
            tally.node_changed(id, Some(node), catalog);
        }
        for (id, flow) in &project.flows {
            tally.flow_changed(id, Some(flow));
        }
        tally.settle();
        tally
    }

    /// The number of a node id, given one (and a slot) if it has none yet.
    fn number_node(&mut self, id: &str) -> Num {
        let n = self.node_ids.number(id);
        if self.nodes.len() < self.node_ids.len() {
            self.nodes.resize_with(self.node_ids.len(), NodeSlot::default);
        }
        n
    }

    /// The number of a flow id, given one (and a slot) if it has none yet.
    fn number_flow(&mut self, id: &str) -> Num {
        let f = self.flow_ids.number(id);
        if self.flows.len() < self.flow_ids.len() {
            self.flows.resize_with(self.flow_ids.len(), FlowSlot::default);
        }
        f
    }

    /// Takes in the new state of node `id` (`None`: removed), and looks again at the flows that
    /// name it, or have its id.
    pub fn node_changed(&mut self, id: &str, node: Option<&Node>, catalog: &Catalog) {
        let n = self.number_node(id);
        let mut again = self.nodes[n as usize].named_by.clone();
        let same_id = self.flow_ids.get(id);
        if let Some(f) = same_id.filter(|f| self.flows[*f as usize].facts.is_some() && !again.contains(f)) {
            again.push(f);
        }
        let flows: Vec<(Num, Flow)> = (again.into_iter())
            .filter_map(|f| self.remove_flow(f).map(|facts| (f, facts.flow(&self.node_ids))))
            .collect();
        let old = self.nodes[n as usize].facts.take();
        let vias = self.rules.vias.len();
        let new = node.map(|node| NodeFacts::of(id, node, catalog, vias, &mut self.words));
        if let Some(old) = &old {
            self.count_node(n, old, -1);
        }
        self.relist_node(n, old.as_ref(), new.as_ref());
        if let Some(new) = new {
            self.count_node(n, &new, 1);
            self.nodes[n as usize].facts = Some(new);
        }
        self.unfile_node(n);
        for (f, flow) in flows {
            let id = self.flow_ids.name(f).to_owned();
            self.insert_flow(f, &id, &flow);
        }
    }

    /// Takes in the new state of flow `id` (`None`: removed).
    pub fn flow_changed(&mut self, id: &str, flow: Option<&Flow>) {
        let f = self.number_flow(id);
        self.remove_flow(f);
        if let Some(flow) = flow {
            self.insert_flow(f, id, flow);
        }
    }

    /// Files every node and flow changed since the last call under its conditions now, and puts
    /// every list's changes in (only the lists whose members changed are touched).
    pub fn settle(&mut self) {
        let mut nodes = std::mem::take(&mut self.unfiled_nodes);
        nodes.sort_unstable_by(|a, b| self.node_ids.cmp(*a, *b));
        for n in nodes {
            let slot = &mut self.nodes[n as usize];
            slot.unfiled = false;
            let now = slot.facts.as_ref().map_or(0, |f| f.bits(&self.rules));
            let lists = Lists {
                listed: &self.rules.nodes_listed,
                sets: &mut self.marked,
                counts: &mut self.counted,
            };
            lists.refile(n, now, slot.filed);
            slot.filed = now;
            let isolated = slot.facts.as_ref().is_some_and(|f| f.named == 0);
            if isolated != slot.isolated {
                slot.isolated = isolated;
                refile(&mut self.isolated, n, isolated);
            }
            self.touched.push(n);
        }
        let mut flows = std::mem::take(&mut self.unfiled_flows);
        flows.sort_unstable_by(|a, b| self.flow_ids.cmp(*a, *b));
        for f in flows {
            let slot = &mut self.flows[f as usize];
            slot.unfiled = false;
            let now = slot.facts.as_ref().map_or(0, |f| f.marks);
            let lists = Lists {
                listed: &self.rules.flows_listed,
                sets: &mut self.flows_marked,
                counts: &mut self.flows_counted,
            };
            lists.refile(f, now, slot.filed);
            slot.filed = now;
        }
        self.settle_lists();
    }

    /// Puts every list's changes in, and drops the component and criterion lists left empty.
    fn settle_lists(&mut self) {
        let (nodes, flows) = (&self.node_ids, &self.flow_ids);
        for list in (self.marked.iter_mut()).chain([&mut self.isolated, &mut self.nodes_with_findings]) {
            list.settle(nodes);
        }
        for list in (self.flows_marked.iter_mut()).chain([&mut self.flows_with_findings]) {
            list.settle(flows);
        }
        for list in self.uses.values_mut() {
            list.settle(nodes);
        }
        for list in self.askers.values_mut() {
            list.settle(nodes);
        }
        self.uses.retain(|_, list| !list.is_empty());
        self.askers.retain(|_, list| !list.is_empty());
    }

    /// The nodes filed again or removed by [`Tally::settle`] since the last call.
    pub fn take_touched(&mut self) -> Vec<Num> {
        std::mem::take(&mut self.touched)
    }

    /// Marks a node to be filed again at the next [`Tally::settle`].
    fn unfile_node(&mut self, n: Num) {
        let slot = &mut self.nodes[n as usize];
        if !slot.unfiled {
            slot.unfiled = true;
            self.unfiled_nodes.push(n);
        }
    }

    /// Marks a flow to be filed again at the next [`Tally::settle`].
    fn unfile_flow(&mut self, f: Num) {
        let slot = &mut self.flows[f as usize];
        if !slot.unfiled {
            slot.unfiled = true;
            self.unfiled_flows.push(f);
        }
    }

    /// Adds (`by` 1) or takes away (`by` -1) a node's part in the project-wide counts.
    fn count_node(&mut self, n: Num, facts: &NodeFacts, by: i32) {
        self.node_count = self.node_count.wrapping_add_signed(by as isize);
        if let Some(organisation) = &facts.subject.organisation {
            recount(&mut self.organisations, organisation, by);
        }
        if let Some(key) = validate::name_key(&facts.subject.name) {
            self.count_name(key, n, by);
        }
        if !facts.findings.is_empty() {
            refile(&mut self.nodes_with_findings, n, by > 0);
        }
    }

    /// Adds a node to (`by` 1) or takes it from (`by` -1) the nodes under a name.
    fn count_name(&mut self, key: String, n: Num, by: i32) {
        if by > 0 {
            match self.names.get_mut(&key) {
                Some(ids) => {
                    ids.push(n);
                    self.duplicated.insert(key);
                }
                None => {
                    self.names.insert(key, vec![n]);
                }
            }
            return;
        }
        let Some(ids) = self.names.get_mut(&key) else {
            return;
        };
        if let Some(at) = ids.iter().position(|m| *m == n) {
            ids.swap_remove(at);
        }
        match ids.len() {
            0 => {
                self.names.remove(&key);
                self.duplicated.remove(&key);
            }
            1 => {
                self.duplicated.remove(&key);
            }
            _ => {}
        }
    }

    /// Moves a node between the component and criterion lists, from what it was to what it is
    /// (lists it stays in are left alone).
    fn relist_node(&mut self, n: Num, old: Option<&NodeFacts>, new: Option<&NodeFacts>) {
        fn components(facts: Option<&NodeFacts>) -> &[Arc<str>] {
            facts.map_or(&[], |f| &f.subject.components)
        }
        fn criteria(facts: Option<&NodeFacts>) -> &[(Arc<str>, u8, bool)] {
            facts.map_or(&[], |f| &f.criteria)
        }
        let (old_components, old_criteria) = (components(old), criteria(old));
        let (new_components, new_criteria) = (components(new), criteria(new));
        for key in old_components.iter().filter(|k| !new_components.contains(k)) {
            unlist(&mut self.uses, key, n);
        }
        for key in new_components.iter().filter(|k| !old_components.contains(k)) {
            list(&mut self.uses, key, n, ());
        }
        for (key, ..) in (old_criteria.iter()).filter(|(k, ..)| !new_criteria.iter().any(|(n, ..)| n == k)) {
            unlist(&mut self.askers, key, n);
        }
        for (key, weight, must_have) in new_criteria.iter().filter(|new| !old_criteria.contains(new)) {
            list(&mut self.askers, key, n, (*weight, *must_have));
        }
    }

    /// Adds flow `f` (`id`): the conditions it meets and its findings against the nodes as they
    /// are now, and its part in the counts of the nodes it names.
    fn insert_flow(&mut self, f: Num, id: &str, flow: &Flow) {
        let from = self.number_node(&flow.from);
        let to = self.number_node(&flow.to);
        let asset = flow.asset.as_deref().map(|asset| self.number_node(asset));
        let (nodes, slots) = (&self.node_ids, &self.nodes);
        // The ids the flow names are numbered already; only its own id is looked up.
        let number = |named: &str| match named {
            _ if named == flow.from => Some(from),
            _ if named == flow.to => Some(to),
            _ if Some(named) == flow.asset.as_deref() => asset,
            _ => nodes.get(named),
        };
        let facts_of = |named: &str| number(named).and_then(|n| slots[n as usize].facts.as_ref());
        let subject_of = |n: Num| slots[n as usize].facts.as_ref().map(|facts| &facts.subject);
        let findings = validate::flow_findings(id, flow, |named| {
            facts_of(named).map(|n| Named {
                name: &n.subject.name,
                is_asset: n.subject.asset_type.is_some(),
            })
        });
        let subject = FlowSubject {
            flow,
            from: subject_of(from),
            to: subject_of(to),
            carried: asset.and_then(subject_of),
        };
        let marks = (self.rules.flows.iter().enumerate())
            .filter(|(_, sel)| sel.matches(&subject))
            .fold(0, |bits: Bits, (at, _)| bits | 1 << at);
        let facts = FlowFacts {
            from,
            to,
            asset,
            step: flow.step,
            action: flow.action.clone(),
            kind: flow.kind,
            on_ledger: flow.on_ledger,
            marks,
            findings,
        };
        self.count_flow(&facts, 1);
        for n in named_once(&facts) {
            self.nodes[n as usize].named_by.push(f);
        }
        if !facts.findings.is_empty() {
            self.flows_with_findings.insert(f, ());
        }
        self.unfile_flow(f);
        self.flows[f as usize].facts = Some(facts);
    }

    /// Removes flow `f` and its part in the counts of the nodes it names.
    fn remove_flow(&mut self, f: Num) -> Option<FlowFacts> {
        let facts = self.flows[f as usize].facts.take()?;
        self.count_flow(&facts, -1);
        for n in named_once(&facts) {
            let flows = &mut self.nodes[n as usize].named_by;
            if let Some(at) = flows.iter().position(|g| *g == f) {
                flows.swap_remove(at);
            }
        }
        if !facts.findings.is_empty() {
            self.flows_with_findings.remove(f);
        }
        self.unfile_flow(f);
        Some(facts)
    }

    /// Adds (`by` 1) or takes away (`by` -1) a flow's part in the counts of the nodes it names.
    fn count_flow(&mut self, facts: &FlowFacts, by: i32) {
        for n in facts.named() {
            if let Some(node) = &mut self.nodes[n as usize].facts {
                node.named = node.named.wrapping_add_signed(by);
                self.unfile_node(n);
            }
        }
        for (at, via) in self.rules.vias.iter().enumerate() {
            let (ends, carried) = match *via {
                Via::End(condition) if facts.has(condition) => (true, false),
                Via::Carried(condition) if facts.has(condition) => (false, true),
                _ => continue,
            };
            let nodes = [facts.from, facts.to].into_iter().filter(|_| ends);
            for n in nodes.chain(facts.asset.filter(|_| carried)) {
                if let Some(node) = &mut self.nodes[n as usize].facts {
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
    fn refile(self, n: Num, now: Bits, was: Bits) {
        let mut changed = now ^ was;
        while changed != 0 {
            let at = changed.trailing_zeros() as usize;
            let meets = now & 1 << at != 0;
            if self.listed[at] {
                refile(&mut self.sets[at], n, meets);
            } else if meets {
                self.counts[at] += 1;
            } else {
                self.counts[at] -= 1;
            }
            changed &= changed - 1;
        }
    }
}

/// Puts an id into a list or takes it out.
fn refile(list: &mut IdSet, n: Num, listed: bool) {
    if listed {
        list.insert(n, ());
    } else {
        list.remove(n);
    }
}

/// Lists node `n` under `key` with `value`.
fn list<V: PartialEq, O>(lists: &mut FxHashMap<String, Listed<V, O>>, key: &str, n: Num, value: V) {
    match lists.get_mut(key) {
        Some(listed) => listed.insert(n, value),
        None => {
            let mut listed = Listed::default();
            listed.insert(n, value);
            lists.insert(key.to_owned(), listed);
        }
    }
}

/// Takes node `n` off the list under `key`.
fn unlist<V: PartialEq, O>(lists: &mut FxHashMap<String, Listed<V, O>>, key: &str, n: Num) {
    if let Some(listed) = lists.get_mut(key) {
        listed.remove(n);
    }
}

/// Adds `by` to a key's count, dropping keys that reach zero.
fn recount(counts: &mut BTreeMap<Arc<str>, u32>, key: &Arc<str>, by: i32) {
    let count = match counts.get_mut(key) {
        Some(count) => count,
        None => counts.entry(Arc::clone(key)).or_default(),
    };
    *count = count.wrapping_add_signed(by);
    if *count == 0 {
        counts.remove(key);
    }
}

/// The nodes a flow names, once each.
fn named_once(facts: &FlowFacts) -> impl Iterator<Item = Num> {
    let (from, to, asset) = (facts.from, facts.to, facts.asset);
    let to = (to != from).then_some(to);
    let asset = asset.filter(|a| *a != from && Some(*a) != to);
    [Some(from), to, asset].into_iter().flatten()
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

    /// The report's copy of the ids of the nodes meeting node condition `n`.
    pub fn marked_ids(&self, n: usize) -> Arc<[String]> {
        self.marked[n].shared_ids(&self.node_ids)
    }

    /// The report's copy of the ids of the flows meeting flow condition `n`, in id order; empty
    /// where the rules only count them.
    pub fn flows_marked_ids(&self, n: usize) -> Arc<[String]> {
        self.flows_marked[n].shared_ids(&self.flow_ids)
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

    /// The report's copy of the ids of the nodes bringing a component (empty: none).
    pub fn users(&self, component: &str) -> Arc<[String]> {
        self.uses
            .get(component)
            .map_or_else(|| Arc::from([]), |users| users.shared_ids(&self.node_ids))
    }

    /// The nodes asking for a criterion.
    pub fn askers(&self, criterion: &str) -> Option<&Askers> {
        self.askers.get(criterion)
    }

    /// The report's copy of a list of nodes, made by `out` from each node's id and value.
    pub fn shared<V, O>(&self, listed: &Listed<V, O>, out: impl Fn(&str, &V) -> O) -> Arc<[O]> {
        listed.shared(&self.node_ids, out)
    }

    /// The number of a node id, if the tally has met it.
    pub fn node_number(&self, id: &str) -> Option<Num> {
        self.node_ids.get(id)
    }

    /// How many node numbers there are (numbers run from 0 to this, exclusive).
    pub fn node_numbers(&self) -> usize {
        self.node_ids.len()
    }

    /// The id of node number `n`.
    pub fn node_id(&self, n: Num) -> &str {
        self.node_ids.name(n)
    }

    /// The node conditions node number `n` meets, as bits (after [`Tally::settle`]), if it is a
    /// node.
    pub fn node_marks(&self, n: Num) -> Option<Bits> {
        let slot = &self.nodes[n as usize];
        slot.facts.as_ref().map(|_| slot.filed)
    }

    /// How many nodes there are.
    pub fn node_count(&self) -> usize {
        self.node_count
    }

    /// Node number `n`'s name (the id where it is not a node).
    pub fn name(&self, n: Num) -> &str {
        match &self.nodes[n as usize].facts {
            Some(facts) => &facts.subject.name,
            None => self.node_ids.name(n),
        }
    }

    /// The listed names of `total` nodes whose numbers `nodes` gives in id order ("“A”, “B”,
    /// “C” and 4 more"; only the first few are read).
    pub fn names_of(&self, nodes: impl IntoIterator<Item = Num>, total: usize) -> String {
        super::words::names(nodes.into_iter().map(|n| self.name(n)), total)
    }

    /// The listed names of the nodes in a list.
    pub fn names_in<V, O>(&self, listed: &Listed<V, O>) -> String {
        self.names_of(listed.nums(), listed.len())
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
        self.organisations.keys().map(|o| &**o)
    }

    /// The groups of nodes sharing a name, each in id order, in the order of their ids.
    fn duplicate_names(&self) -> Vec<Vec<Num>> {
        let ids = &self.node_ids;
        let mut groups: Vec<Vec<Num>> = (self.duplicated.iter())
            .map(|key| {
                let mut group = self.names[key].clone();
                group.sort_unstable_by(|a, b| ids.cmp(*a, *b));
                group
            })
            .collect();
        groups.sort_by(|a, b| (a.iter().map(|n| ids.name(*n))).cmp(b.iter().map(|n| ids.name(*n))));
        groups
    }

    /// Every validation finding, in listing order: the cached findings of nodes (in id order)
    /// and flows (in id order), names used twice, the project's own settings, and nodes no flow
    /// names. Project rules that were refused are an error among the settings'.
    pub fn findings(&self, project: &Project, catalog: &Catalog) -> Vec<Finding> {
        let isolated: Vec<Ranked> = (self.isolated.nums())
            .map(|n| validate::isolated(self.node_ids.name(n), self.name(n)))
            .collect();
        let duplicates: Vec<Ranked> = (self.duplicate_names().into_iter())
            .map(|group| {
                let ids: Vec<String> = group.iter().map(|n| self.node_ids.name(*n).to_owned()).collect();
                validate::duplicate_name(self.name(group[0]), ids.iter().collect())
            })
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
        let facts = |n: Num| self.nodes[n as usize].facts.as_ref();
        let nodes = (self.nodes_with_findings.nums()).flat_map(|n| facts(n).map_or(&[][..], |f| &f.findings));
        let flow_facts = |f: Num| self.flows[f as usize].facts.as_ref();
        let flows = (self.flows_with_findings.nums()).flat_map(|f| flow_facts(f).map_or(&[][..], |f| &f.findings));
        validate::order(nodes.chain(flows).chain(&duplicates).chain(&settings).chain(&isolated))
    }
}
