//! The project: the use-case sheet, the graph of nodes and flows, candidate platforms, answers to
//! regulatory topics and project-local catalogue additions.

use std::collections::{BTreeMap, BTreeSet};
use std::marker::PhantomData;

use serde::de::DeserializeSeed;
use serde::{Deserialize, Serialize};

use super::unique::{Entries, unique_map};
use super::{Flow, FlowId, Node, NodeId, UseCaseSheet, fresh_id};

/// A project's own score for one criterion on one platform, replacing the catalogue's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreOverride {
    /// 0 (not supported) to 3 (fully supported).
    pub score: u8,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A candidate platform the project compares (keyed by catalogue key).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformChoice {
    /// Criterion key → the project's own score.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "unique_map")]
    pub overrides: BTreeMap<String, ScoreOverride>,
}

/// How far the project has dealt with a regulatory topic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AnswerStatus {
    #[default]
    Open,
    Addressed,
    NotApplicable,
}

impl AnswerStatus {
    pub const ALL: [AnswerStatus; 3] = [AnswerStatus::Open, AnswerStatus::Addressed, AnswerStatus::NotApplicable];

    pub fn label(self) -> &'static str {
        match self {
            AnswerStatus::Open => "Open",
            AnswerStatus::Addressed => "Addressed",
            AnswerStatus::NotApplicable => "Not applicable",
        }
    }
}

/// The project's answer to one regulatory topic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicAnswer {
    pub status: AnswerStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A reference-architecture component the project defines itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomComponent {
    pub name: String,
    /// Key of the layer or cross-layer group it belongs to.
    pub layer: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// An assessment criterion the project defines itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomCriterion {
    pub name: String,
    /// Key of the criteria category it belongs to.
    pub category: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A platform the project defines itself, with its scores (criterion key → 0–3).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomPlatform {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "unique_map")]
    pub scores: BTreeMap<String, ScoreOverride>,
}

/// Catalogue entries that live in the project file, keyed like the built-in ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomCatalog {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "unique_map")]
    pub components: BTreeMap<String, CustomComponent>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "unique_map")]
    pub criteria: BTreeMap<String, CustomCriterion>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "unique_map")]
    pub platforms: BTreeMap<String, CustomPlatform>,
    /// The project's own regulatory and coverage rules: the text of an imported rule file
    /// (docs/RULES.md), kept as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rules: String,
}

impl CustomCatalog {
    pub fn is_empty(&self) -> bool {
        self.components.is_empty() && self.criteria.is_empty() && self.platforms.is_empty() && self.rules.is_empty()
    }
}

/// A DLT use case: everything a project file holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub sheet: UseCaseSheet,
    #[serde(default, deserialize_with = "unique_map")]
    pub nodes: BTreeMap<NodeId, Node>,
    #[serde(default, deserialize_with = "unique_map")]
    pub flows: BTreeMap<FlowId, Flow>,
    /// Candidate platforms (catalogue keys) with any per-project score overrides.
    #[serde(default, deserialize_with = "unique_map")]
    pub platforms: BTreeMap<String, PlatformChoice>,
    /// Must-have threshold per criterion key (a platform scoring below it fails); default 2.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "unique_map")]
    pub thresholds: BTreeMap<String, u8>,
    /// Answers to regulatory topics (topic key → answer).
    #[serde(default, deserialize_with = "unique_map")]
    pub regulatory: BTreeMap<String, TopicAnswer>,
    #[serde(default, skip_serializing_if = "CustomCatalog::is_empty")]
    pub custom: CustomCatalog,
}

/// The must-have threshold a criterion has unless the project sets another.
pub const DEFAULT_THRESHOLD: u8 = 2;

impl Project {
    /// An empty project with a title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            sheet: UseCaseSheet {
                title: title.into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// An id for a new node (`a-…` for actors, `s-…` for assets) not used by any node or flow.
    pub fn fresh_node_id(&self, node: &Node) -> NodeId {
        self.fresh_node_id_besides(node, &BTreeSet::new())
    }

    /// An id for a new flow, not used by any node or flow.
    pub fn fresh_flow_id(&self) -> FlowId {
        self.fresh_flow_id_besides(&BTreeSet::new())
    }

    /// [`Project::fresh_node_id`], also not among `taken` (ids about to be added with it).
    pub fn fresh_node_id_besides(&self, node: &Node, taken: &BTreeSet<String>) -> NodeId {
        let prefix = if node.is_actor() { "a" } else { "s" };
        fresh_id(prefix, |id| self.has_id(id) || taken.contains(id))
    }

    /// [`Project::fresh_flow_id`], also not among `taken` (ids about to be added with it).
    pub fn fresh_flow_id_besides(&self, taken: &BTreeSet<String>) -> FlowId {
        fresh_id("f", |id| self.has_id(id) || taken.contains(id))
    }

    /// Whether a node or a flow has the id `id`.
    fn has_id(&self, id: &str) -> bool {
        self.nodes.contains_key(id) || self.flows.contains_key(id)
    }

    /// The flows that start or end at `node`, with their ids.
    pub fn flows_touching<'a>(&'a self, node: &'a str) -> impl Iterator<Item = (&'a FlowId, &'a Flow)> + 'a {
        self.flows.iter().filter(move |(_, f)| f.touches(node))
    }

    /// The must-have threshold for a criterion key.
    pub fn threshold(&self, criterion: &str) -> u8 {
        self.thresholds.get(criterion).copied().unwrap_or(DEFAULT_THRESHOLD)
    }

    /// `"{prefix} n"` with the smallest n from 1 that no node is named yet ("Actor 3").
    pub fn free_name(&self, prefix: &str) -> String {
        let taken: std::collections::HashSet<&str> = self.nodes.values().map(|n| n.name.as_str()).collect();
        (1..)
            .map(|n| format!("{prefix} {n}"))
            .find(|name| !taken.contains(name.as_str()))
            .unwrap_or_default()
    }

    /// Reads one map of nodes or flows as its entries in file order, refusing a repeated key, the
    /// way loading a project reads them before building the tree: the parallel loader reads the
    /// pieces of a big map with it and joins them.
    pub(crate) fn map_entries<'de, K, V>() -> impl DeserializeSeed<'de, Value = Vec<(K, V)>>
    where
        K: Deserialize<'de> + Ord + Clone + std::fmt::Debug,
        V: Deserialize<'de>,
    {
        Entries(PhantomData)
    }

    /// The highest step number in use (0 when there are no flows).
    pub fn last_step(&self) -> u32 {
        self.flows.values().map(|f| f.step).max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, Position};

    #[test]
    fn free_names_skip_the_taken_ones() {
        let mut p = Project::new("t");
        assert_eq!(p.free_name("Actor"), "Actor 1");
        p.nodes.insert("a".into(), Node::actor("Actor 1", Position::default()));
        p.nodes.insert("b".into(), Node::actor("Actor 3", Position::default()));
        assert_eq!(p.free_name("Actor"), "Actor 2");
        assert_eq!(p.free_name("Asset"), "Asset 1");
    }
}
