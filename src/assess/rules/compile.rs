//! Rules as the tally and the report use them: every distinct node and flow condition of all
//! rules numbered once (the tally keeps the nodes and flows meeting each as a list, edit by
//! edit), lists and conditions resolved to those numbers, message templates split into pieces,
//! and everything a rule names checked against the catalogue. What cannot be checked is refused
//! with a sentence; `super::load` adds where it is.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::date::Date;
use super::places;
use super::vocabulary::{COVERAGE, Condition, FlowCond, List, NodeCond, RuleDef};
use crate::catalog::Catalog;
use crate::model::{ActorRole, AssetType, DataLocation, Flow, FlowKind, Severity};

/// How many distinct node conditions, and flow conditions, all rules together may use (a node's
/// and a flow's conditions are kept as the bits of one number).
pub const MAX_CONDITIONS: usize = 128;

/// The bits of the conditions a node or flow meets.
pub type Bits = u128;

/// What the conditions read of a node.
#[derive(Clone, Debug, Default)]
pub struct Subject {
    pub name: String,
    pub role: Option<ActorRole>,
    pub asset_type: Option<AssetType>,
    pub data: DataLocation,
    pub personal: bool,
    /// Component keys, in order (nodes bringing the same one may share the text).
    pub components: Vec<Arc<str>>,
    /// The organisation an actor names (trimmed, not blank); nodes naming the same one may
    /// share the text.
    pub organisation: Option<Arc<str>>,
    /// The jurisdiction as written, trimmed and upper-case (not blank).
    pub jurisdiction: Option<Arc<str>>,
    /// The jurisdiction as a code ([`places::code`]).
    pub place: Option<Arc<str>>,
}

/// A node condition, compiled.
#[derive(Clone, Debug)]
pub enum NodeSel {
    Actor,
    Asset,
    Role(Vec<ActorRole>),
    AssetType(Vec<AssetType>),
    Data(Vec<DataLocation>),
    PersonalData,
    Component(String),
    HasOrganisation,
    NamedAs(Vec<String>),
    In(BTreeSet<String>),
    HasJurisdiction,
    /// The node's count for this via is above zero.
    Via(usize),
    All(Vec<NodeSel>),
    Any(Vec<NodeSel>),
    Not(Box<NodeSel>),
}

/// A flow condition, compiled (its node conditions read only the node itself).
#[derive(Clone, Debug)]
pub enum FlowSel {
    Kind(Vec<FlowKind>),
    OnLedger,
    CrossesJurisdictions,
    CrossesOrganisations,
    Carries(NodeSel),
    From(NodeSel),
    To(NodeSel),
    Touches(NodeSel),
    All(Vec<FlowSel>),
    Any(Vec<FlowSel>),
    Not(Box<FlowSel>),
}

/// How a node takes part in the flows of one flow condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// At an end of a flow meeting flow condition n.
    End(usize),
    /// Carried by a flow meeting flow condition n.
    Carried(usize),
}

/// One of a rule's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListRef {
    Nodes(usize),
    Flows(usize),
    Organisations,
    Jurisdictions,
}

/// A project condition, compiled (lists by their place in the rule).
#[derive(Clone, Debug)]
pub enum Cond {
    Always,
    NotEmpty(usize),
    Empty(usize),
    AtLeast(usize, u32),
    Brings(String),
    BringsFromLayer(String),
    HasNodes,
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// A piece of a message template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// `{list.names}`: the first few names, quoted, and how many more.
    Names(usize),
    /// `{list.count}`.
    Count(usize),
    /// `{list:one|many}`: the first word for one entry, the second otherwise.
    Choice(usize, String, String),
}

/// A rule, compiled.
#[derive(Clone, Debug)]
pub struct Rule {
    pub def: RuleDef,
    pub builtin: bool,
    pub severity: Severity,
    pub from: Option<Date>,
    pub until: Option<Date>,
    /// The codes of the rule's jurisdictions, and the node condition "in one of them" (none:
    /// everywhere).
    pub scope: Option<(BTreeSet<String>, usize)>,
    pub lists: Vec<ListRef>,
    pub when: Cond,
    pub nodes: Option<usize>,
    pub flows: Option<usize>,
    pub parts: Vec<(Cond, Vec<Piece>)>,
    pub raise: Vec<(Severity, Cond)>,
}

/// A set of rules with their conditions numbered.
#[derive(Clone, Debug, Default)]
pub struct Compiled {
    pub rules: Vec<Rule>,
    pub nodes: Vec<NodeSel>,
    pub flows: Vec<FlowSel>,
    pub vias: Vec<Via>,
    /// Whether a report names the nodes (flows) meeting each condition — a finding lists them,
    /// or a message names them; the others are only counted.
    pub nodes_listed: Vec<bool>,
    pub flows_listed: Vec<bool>,
    node_defs: Vec<NodeCond>,
    flow_defs: Vec<FlowCond>,
    via_defs: Vec<(bool, FlowCond)>,
}

impl Compiled {
    /// Adds a rule; `builtin` says whether it comes from the embedded file.
    pub fn add(&mut self, def: &RuleDef, builtin: bool, catalog: &Catalog) -> Result<(), String> {
        if let Some(taken) = self.rules.iter().find(|r| r.def.key == def.key) {
            return Err(if taken.builtin && !builtin {
                "the key is a built-in rule's; a project rule needs a key of its own".to_owned()
            } else {
                "the key is used by another rule".to_owned()
            });
        }
        let rule = RuleCompiler {
            set: self,
            catalog,
            def,
        }
        .rule(builtin)?;
        self.nodes_listed.resize(self.nodes.len(), false);
        self.flows_listed.resize(self.flows.len(), false);
        let named = (rule.parts.iter().flat_map(|(_, pieces)| pieces)).filter_map(|piece| match piece {
            Piece::Names(at) => match rule.lists[*at] {
                ListRef::Nodes(n) => Some(n),
                _ => None,
            },
            _ => None,
        });
        for n in rule.nodes.into_iter().chain(named) {
            self.nodes_listed[n] = true;
        }
        if let Some(f) = rule.flows {
            self.flows_listed[f] = true;
        }
        self.rules.push(rule);
        Ok(())
    }

    fn intern_node(&mut self, def: &NodeCond, sel: NodeSel) -> Result<usize, String> {
        if let Some(at) = self.node_defs.iter().position(|d| d == def) {
            return Ok(at);
        }
        if self.nodes.len() == MAX_CONDITIONS {
            return Err(format!("more than {MAX_CONDITIONS} different node conditions"));
        }
        self.node_defs.push(def.clone());
        self.nodes.push(sel);
        Ok(self.nodes.len() - 1)
    }

    fn intern_flow(&mut self, def: &FlowCond, sel: FlowSel) -> Result<usize, String> {
        if let Some(at) = self.flow_defs.iter().position(|d| d == def) {
            return Ok(at);
        }
        if self.flows.len() == MAX_CONDITIONS {
            return Err(format!("more than {MAX_CONDITIONS} different flow conditions"));
        }
        self.flow_defs.push(def.clone());
        self.flows.push(sel);
        Ok(self.flows.len() - 1)
    }
}

/// Compiles one rule into a set.
struct RuleCompiler<'a> {
    set: &'a mut Compiled,
    catalog: &'a Catalog,
    def: &'a RuleDef,
}

impl RuleCompiler<'_> {
    fn rule(mut self, builtin: bool) -> Result<Rule, String> {
        let def = self.def;
        check_key(&def.key)?;
        if def.topic != COVERAGE && self.catalog.topic(&def.topic).is_none() {
            return Err(format!(
                "unknown topic {:?} (a catalogue topic key, or \"coverage\")",
                def.topic
            ));
        }
        if def.source.trim().is_empty() {
            return Err("no source".to_owned());
        }
        let date = |text: &str, field: &str| match text.trim() {
            "" => Ok(None),
            text => Date::parse(text)
                .map(Some)
                .ok_or_else(|| format!("{field}: {text:?} is not a date (YYYY-MM-DD)")),
        };
        let (from, until) = (date(&def.from, "from")?, date(&def.until, "until")?);
        if let (Some(from), Some(until)) = (from, until)
            && until <= from
        {
            return Err(format!("until ({until}) is not after from ({from})"));
        }
        let scope = self.scope()?;
        let names: Vec<&String> = def.lists.keys().collect();
        let mut lists = Vec::new();
        for (name, list) in &def.lists {
            check_name(name)?;
            lists.push(self.list(list).map_err(|e| format!("list {name:?}: {e}"))?);
        }
        let find = |name: &str| {
            names
                .iter()
                .position(|n| *n == name)
                .ok_or_else(|| format!("no list named {name:?}"))
        };
        let of_kind = |field: &str, name: &str, want: fn(ListRef) -> Option<usize>| match name {
            "" => Ok(None),
            name => want(lists[find(name)?])
                .map(Some)
                .ok_or_else(|| format!("{field}: list {name:?} is not a list of {field}")),
        };
        let nodes = of_kind("nodes", &def.nodes, |l| match l {
            ListRef::Nodes(n) => Some(n),
            _ => None,
        })?;
        let flows = of_kind("flows", &def.flows, |l| match l {
            ListRef::Flows(n) => Some(n),
            _ => None,
        })?;
        if def.message.is_empty() {
            return Err("the message has no part".to_owned());
        }
        let mut parts = Vec::new();
        for part in &def.message {
            let cond = self.cond(&part.when, &find)?;
            let pieces = template(&part.text, &|name| find(name).map(|at| (at, lists[at])))?;
            parts.push((cond, pieces));
        }
        let raise = (def.raise.iter())
            .map(|r| Ok((r.severity.into(), self.cond(&r.when, &find)?)))
            .collect::<Result<_, String>>()?;
        Ok(Rule {
            def: def.clone(),
            builtin,
            severity: def.severity.into(),
            from,
            until,
            scope,
            when: self.cond(&def.when, &find)?,
            lists,
            nodes,
            flows,
            parts,
            raise,
        })
    }

    fn scope(&mut self) -> Result<Option<(BTreeSet<String>, usize)>, String> {
        let named = &self.def.jurisdictions;
        if named.is_empty() {
            return Ok(None);
        }
        if let Some(bad) = named.iter().find(|n| !places::is_known(n)) {
            return Err(format!(
                "jurisdiction {bad:?} is not \"EU\", \"EEA\" or a two-letter upper-case code"
            ));
        }
        let cond = NodeCond::In(named.clone());
        let codes = places::expand(named);
        let at = self.set.intern_node(&cond, NodeSel::In(codes.clone()))?;
        Ok(Some((codes, at)))
    }

    fn list(&mut self, list: &List) -> Result<ListRef, String> {
        Ok(match list {
            List::Nodes(cond) => {
                let sel = self.node(cond, true)?;
                ListRef::Nodes(self.set.intern_node(cond, sel)?)
            }
            List::Flows(cond) => ListRef::Flows(self.flow_list(cond)?),
            List::Organisations => ListRef::Organisations,
            List::Jurisdictions => ListRef::Jurisdictions,
        })
    }

    fn flow_list(&mut self, cond: &FlowCond) -> Result<usize, String> {
        let sel = self.flow(cond)?;
        self.set.intern_flow(cond, sel)
    }

    /// A node condition; `via` says whether it may read the node's flows.
    fn node(&mut self, cond: &NodeCond, via: bool) -> Result<NodeSel, String> {
        let many = |conds: &[NodeCond], this: &mut Self| -> Result<Vec<NodeSel>, String> {
            if conds.is_empty() {
                return Err("All or Any with no condition".to_owned());
            }
            conds.iter().map(|c| this.node(c, via)).collect()
        };
        Ok(match cond {
            NodeCond::Actor => NodeSel::Actor,
            NodeCond::Asset => NodeSel::Asset,
            NodeCond::Role(roles) => NodeSel::Role(non_empty(roles, "Role")?),
            NodeCond::AssetType(types) => NodeSel::AssetType(non_empty(types, "AssetType")?),
            NodeCond::Data(places) => NodeSel::Data(non_empty(places, "Data")?),
            NodeCond::PersonalData => NodeSel::PersonalData,
            NodeCond::Component(key) => {
                if self.catalog.component(key).is_none() {
                    return Err(format!("unknown component {key:?}"));
                }
                NodeSel::Component(key.clone())
            }
            NodeCond::HasOrganisation => NodeSel::HasOrganisation,
            NodeCond::NamedAs(words) => {
                let words = non_empty(words, "NamedAs")?;
                if words.iter().any(|w| w.trim().is_empty() || w.contains(' ')) {
                    return Err("NamedAs takes single words".to_owned());
                }
                NodeSel::NamedAs(words)
            }
            NodeCond::In(named) => {
                if let Some(bad) = non_empty(named, "In")?.iter().find(|n| !places::is_known(n)) {
                    return Err(format!(
                        "jurisdiction {bad:?} is not \"EU\", \"EEA\" or a two-letter upper-case code"
                    ));
                }
                NodeSel::In(places::expand(named))
            }
            NodeCond::HasJurisdiction => NodeSel::HasJurisdiction,
            NodeCond::AtEndOf(flow) | NodeCond::CarriedBy(flow) => {
                if !via {
                    return Err("AtEndOf and CarriedBy cannot be used inside a flow condition".to_owned());
                }
                let end = matches!(cond, NodeCond::AtEndOf(_));
                NodeSel::Via(self.via(end, flow)?)
            }
            NodeCond::All(conds) => NodeSel::All(many(conds, self)?),
            NodeCond::Any(conds) => NodeSel::Any(many(conds, self)?),
            NodeCond::Not(cond) => NodeSel::Not(Box::new(self.node(cond, via)?)),
        })
    }

    fn via(&mut self, end: bool, flow: &FlowCond) -> Result<usize, String> {
        let key = (end, flow.clone());
        if let Some(at) = self.set.via_defs.iter().position(|d| *d == key) {
            return Ok(at);
        }
        let n = self.flow_list(flow)?;
        self.set.via_defs.push(key);
        self.set.vias.push(if end { Via::End(n) } else { Via::Carried(n) });
        Ok(self.set.vias.len() - 1)
    }

    fn flow(&mut self, cond: &FlowCond) -> Result<FlowSel, String> {
        let many = |conds: &[FlowCond], this: &mut Self| -> Result<Vec<FlowSel>, String> {
            if conds.is_empty() {
                return Err("All or Any with no condition".to_owned());
            }
            conds.iter().map(|c| this.flow(c)).collect()
        };
        Ok(match cond {
            FlowCond::Kind(kinds) => FlowSel::Kind(non_empty(kinds, "Kind")?),
            FlowCond::OnLedger => FlowSel::OnLedger,
            FlowCond::CrossesJurisdictions => FlowSel::CrossesJurisdictions,
            FlowCond::CrossesOrganisations => FlowSel::CrossesOrganisations,
            FlowCond::Carries(node) => FlowSel::Carries(self.node(node, false)?),
            FlowCond::From(node) => FlowSel::From(self.node(node, false)?),
            FlowCond::To(node) => FlowSel::To(self.node(node, false)?),
            FlowCond::Touches(node) => FlowSel::Touches(self.node(node, false)?),
            FlowCond::All(conds) => FlowSel::All(many(conds, self)?),
            FlowCond::Any(conds) => FlowSel::Any(many(conds, self)?),
            FlowCond::Not(cond) => FlowSel::Not(Box::new(self.flow(cond)?)),
        })
    }

    fn cond(&self, cond: &Condition, find: &dyn Fn(&str) -> Result<usize, String>) -> Result<Cond, String> {
        let many = |conds: &[Condition]| -> Result<Vec<Cond>, String> {
            if conds.is_empty() {
                return Err("All or Any with no condition".to_owned());
            }
            conds.iter().map(|c| self.cond(c, find)).collect()
        };
        Ok(match cond {
            Condition::Always => Cond::Always,
            Condition::NotEmpty(name) => Cond::NotEmpty(find(name)?),
            Condition::Empty(name) => Cond::Empty(find(name)?),
            Condition::AtLeast(name, n) => Cond::AtLeast(find(name)?, *n),
            Condition::Brings(key) => {
                if self.catalog.component(key).is_none() {
                    return Err(format!("unknown component {key:?}"));
                }
                Cond::Brings(key.clone())
            }
            Condition::BringsFromLayer(key) => {
                if self.catalog.layer(key).is_none() {
                    return Err(format!("unknown layer {key:?}"));
                }
                Cond::BringsFromLayer(key.clone())
            }
            Condition::HasNodes => Cond::HasNodes,
            Condition::All(conds) => Cond::All(many(conds)?),
            Condition::Any(conds) => Cond::Any(many(conds)?),
            Condition::Not(cond) => Cond::Not(Box::new(self.cond(cond, find)?)),
        })
    }
}

fn non_empty<T: Clone>(items: &[T], word: &str) -> Result<Vec<T>, String> {
    if items.is_empty() {
        return Err(format!("{word} with an empty list"));
    }
    Ok(items.to_vec())
}

/// Rule keys: lower-case letters, digits, '_', '-' and '.'.
fn check_key(key: &str) -> Result<(), String> {
    let fine = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.'));
    fine.then_some(())
        .ok_or_else(|| format!("key {key:?}: use lower-case letters, digits, '_', '-' and '.'"))
}

/// List names: lower-case letters, digits and '_', starting with a letter.
fn check_name(name: &str) -> Result<(), String> {
    let fine = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    fine.then_some(())
        .ok_or_else(|| format!("list name {name:?}: use lower-case letters, digits and '_'"))
}

/// Finds one of a rule's lists by name: its place in the rule and what it is.
pub type FindList<'a> = dyn Fn(&str) -> Result<(usize, ListRef), String> + 'a;

/// Splits a message template into pieces: text, and `{list.names}`, `{list.count}`,
/// `{list:one|many}` placeholders naming the rule's lists.
pub fn template(text: &str, find: &FindList<'_>) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("message {text:?}: '}}' without '{{'"));
        }
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("message {text:?}: '{{' without '}}'"))?;
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_owned()));
        }
        pieces.push(placeholder(&rest[open + 1..open + close], find)?);
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_owned()));
    }
    Ok(pieces)
}

fn placeholder(inner: &str, find: &FindList<'_>) -> Result<Piece, String> {
    if let Some((name, words)) = inner.split_once(':') {
        let (one, many) = words
            .split_once('|')
            .ok_or_else(|| format!("{{{inner}}}: write {{list:one|many}}"))?;
        return Ok(Piece::Choice(find(name.trim())?.0, one.to_owned(), many.to_owned()));
    }
    match inner.rsplit_once('.') {
        Some((name, "count")) => Ok(Piece::Count(find(name)?.0)),
        Some((name, "names")) => match find(name)? {
            (_, ListRef::Flows(_)) => Err(format!("{{{inner}}}: flows have no names; use {{{name}.count}}")),
            (at, _) => Ok(Piece::Names(at)),
        },
        _ => Err(format!(
            "{{{inner}}}: a placeholder is {{list.names}}, {{list.count}} or {{list:one|many}}"
        )),
    }
}

impl NodeSel {
    /// Whether a node meets the condition; `vias` are its counts per via (empty inside flow
    /// conditions, which never read them).
    pub fn matches(&self, node: &Subject, vias: &[u32]) -> bool {
        match self {
            NodeSel::Actor => node.role.is_some(),
            NodeSel::Asset => node.asset_type.is_some(),
            NodeSel::Role(roles) => node.role.is_some_and(|r| roles.contains(&r)),
            NodeSel::AssetType(types) => node.asset_type.is_some_and(|t| types.contains(&t)),
            NodeSel::Data(places) => places.contains(&node.data),
            NodeSel::PersonalData => node.personal,
            NodeSel::Component(key) => node.components.binary_search_by(|c| (**c).cmp(key)).is_ok(),
            NodeSel::HasOrganisation => node.organisation.is_some(),
            NodeSel::NamedAs(words) => {
                names_a_word(&node.name, words) || node.organisation.as_deref().is_some_and(|o| names_a_word(o, words))
            }
            NodeSel::In(codes) => node.place.as_deref().is_some_and(|p| codes.contains(p)),
            NodeSel::HasJurisdiction => node.jurisdiction.is_some(),
            NodeSel::Via(n) => vias.get(*n).is_some_and(|count| *count > 0),
            NodeSel::All(all) => all.iter().all(|c| c.matches(node, vias)),
            NodeSel::Any(any) => any.iter().any(|c| c.matches(node, vias)),
            NodeSel::Not(cond) => !cond.matches(node, vias),
        }
    }
}

/// A flow with the nodes it names (absent where it names no node).
pub struct FlowSubject<'a> {
    pub flow: &'a Flow,
    pub from: Option<&'a Subject>,
    pub to: Option<&'a Subject>,
    pub carried: Option<&'a Subject>,
}

impl FlowSel {
    pub fn matches(&self, f: &FlowSubject) -> bool {
        let is = |node: Option<&Subject>, cond: &NodeSel| node.is_some_and(|n| cond.matches(n, &[]));
        let crosses = |side: fn(&Subject) -> Option<&str>| matches!((f.from.and_then(side), f.to.and_then(side)), (Some(a), Some(b)) if a != b);
        match self {
            FlowSel::Kind(kinds) => kinds.contains(&f.flow.kind),
            FlowSel::OnLedger => f.flow.on_ledger,
            FlowSel::CrossesJurisdictions => crosses(|n| n.jurisdiction.as_deref()),
            FlowSel::CrossesOrganisations => crosses(|n| n.organisation.as_deref()),
            FlowSel::Carries(cond) => is(f.carried, cond),
            FlowSel::From(cond) => is(f.from, cond),
            FlowSel::To(cond) => is(f.to, cond),
            FlowSel::Touches(cond) => is(f.from, cond) || is(f.to, cond),
            FlowSel::All(all) => all.iter().all(|c| c.matches(f)),
            FlowSel::Any(any) => any.iter().any(|c| c.matches(f)),
            FlowSel::Not(cond) => !cond.matches(f),
        }
    }
}

/// Whether a text contains one of the words as a whole word, in any case, a plural "s" ignored.
fn names_a_word(text: &str, words: &[String]) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|word| {
        words.iter().any(|w| {
            word.eq_ignore_ascii_case(w)
                || word.len() == w.len() + 1
                    && word.is_char_boundary(w.len())
                    && word[..w.len()].eq_ignore_ascii_case(w)
                    && word[w.len()..].eq_ignore_ascii_case("s")
        })
    })
}
