//! A rule evaluated when a report is written: whether one of its jurisdictions is involved,
//! whether its condition holds over the lists the tally keeps, its severity and its message. Each
//! list is read by its length and its first few names, so a rule costs the same on a 100,000-node
//! project as on a sample.

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use super::compile::{Cond, ListRef, Piece, Rule};
use super::places;
use crate::assess::tally::Tally;
use crate::assess::words;
use crate::catalog::Catalog;
use crate::model::validate::jurisdiction_key;
use crate::model::{Project, Severity};

/// What a rule found: how serious, why, and the node and flow conditions of what it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fired {
    pub severity: Severity,
    pub message: String,
    pub nodes: Option<usize>,
    pub flows: Option<usize>,
}

impl Fired {
    /// The ids of the nodes and of the flows the rule names, as the report keeps them.
    pub fn named_ids(&self, tally: &Tally) -> (Arc<[String]>, Arc<[String]>) {
        let nodes = self.nodes.map_or_else(|| Arc::from([]), |n| tally.marked_ids(n));
        let flows = self.flows.map_or_else(|| Arc::from([]), |n| tally.flows_marked_ids(n));
        (nodes, flows)
    }
}

/// What rules read: the tally, the project's settings (use-case sheet) and the catalogue.
pub struct Model<'a> {
    tally: &'a Tally,
    settings: &'a Project,
    catalog: &'a Catalog,
    layers: OnceCell<HashSet<&'a str>>,
    organisations: OnceCell<Vec<&'a str>>,
    jurisdictions: OnceCell<Vec<&'a str>>,
}

impl<'a> Model<'a> {
    pub fn new(tally: &'a Tally, settings: &'a Project, catalog: &'a Catalog) -> Self {
        Self {
            tally,
            settings,
            catalog,
            layers: OnceCell::new(),
            organisations: OnceCell::new(),
            jurisdictions: OnceCell::new(),
        }
    }

    /// Whether the rule applies everywhere, or a node is in one of its jurisdictions or the
    /// use-case sheet names one.
    pub fn in_scope(&self, rule: &Rule) -> bool {
        let Some((codes, nodes)) = &rule.scope else {
            return true;
        };
        self.tally.marked_count(*nodes) > 0
            || (self.settings.sheet.jurisdictions.iter())
                .filter_map(|j| places::code(j))
                .any(|code| codes.contains(&code))
    }

    /// The rule's finding, if it is in scope and its condition holds.
    pub fn fire(&self, rule: &Rule) -> Option<Fired> {
        if !self.in_scope(rule) || !self.holds(rule, &rule.when) {
            return None;
        }
        let severity = (rule.raise.iter())
            .filter(|(_, when)| self.holds(rule, when))
            .map(|(severity, _)| *severity)
            .fold(rule.severity, Severity::max);
        let parts: Vec<String> = (rule.parts.iter())
            .filter(|(when, _)| self.holds(rule, when))
            .map(|(_, pieces)| self.render(rule, pieces))
            .collect();
        Some(Fired {
            severity,
            message: parts.join(&rule.def.join) + &rule.def.end,
            nodes: rule.nodes,
            flows: rule.flows,
        })
    }

    fn holds(&self, rule: &Rule, cond: &Cond) -> bool {
        match cond {
            Cond::Always => true,
            Cond::NotEmpty(list) => self.len(rule.lists[*list]) > 0,
            Cond::Empty(list) => self.len(rule.lists[*list]) == 0,
            Cond::AtLeast(list, n) => self.len(rule.lists[*list]) >= *n as usize,
            Cond::Brings(component) => self.tally.brings(component),
            Cond::BringsFromLayer(layer) => self.layers().contains(layer.as_str()),
            Cond::HasNodes => self.tally.node_count() > 0,
            Cond::All(all) => all.iter().all(|c| self.holds(rule, c)),
            Cond::Any(any) => any.iter().any(|c| self.holds(rule, c)),
            Cond::Not(cond) => !self.holds(rule, cond),
        }
    }

    fn render(&self, rule: &Rule, pieces: &[Piece]) -> String {
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Names(list) => out.push_str(&self.names(rule.lists[*list])),
                Piece::Count(list) => out.push_str(&self.len(rule.lists[*list]).to_string()),
                Piece::Choice(list, one, many) => {
                    out.push_str(if self.len(rule.lists[*list]) == 1 { one } else { many })
                }
            }
        }
        out
    }

    fn len(&self, list: ListRef) -> usize {
        match list {
            ListRef::Nodes(n) => self.tally.marked_count(n),
            ListRef::Flows(n) => self.tally.flows_marked_count(n),
            ListRef::Organisations => self.organisations().len(),
            ListRef::Jurisdictions => self.jurisdictions().len(),
        }
    }

    fn names(&self, list: ListRef) -> String {
        match list {
            ListRef::Nodes(n) => self.tally.names_in(self.tally.marked(n)),
            ListRef::Flows(_) => String::new(),
            ListRef::Organisations => words::list(self.organisations()),
            ListRef::Jurisdictions => words::list(self.jurisdictions()),
        }
    }

    /// The layers and groups of the components some node brings.
    fn layers(&self) -> &HashSet<&'a str> {
        self.layers.get_or_init(|| {
            (self.tally.components())
                .filter_map(|key| self.catalog.component(key).map(|c| c.layer.as_str()))
                .collect()
        })
    }

    fn organisations(&self) -> &[&'a str] {
        self.organisations.get_or_init(|| self.tally.organisations().collect())
    }

    /// Each jurisdiction of the sheet once, however it is written, shown as first written (in
    /// text order).
    fn jurisdictions(&self) -> &[&'a str] {
        self.jurisdictions.get_or_init(|| {
            let mut keys = BTreeSet::new();
            let named: BTreeSet<&str> = (self.settings.sheet.jurisdictions.iter())
                .filter(|j| jurisdiction_key(j).is_some_and(|key| keys.insert(key)))
                .map(|j| j.trim())
                .collect();
            named.into_iter().collect()
        })
    }
}
