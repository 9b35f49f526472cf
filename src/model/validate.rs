//! Validation of a project: findings with a severity, a message and the ids involved. Unknown
//! catalogue keys are reported but never removed.

use std::collections::BTreeSet;
use std::fmt;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{Node, Project, is_valid_id};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One problem found in a project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    /// Ids of the nodes and flows involved.
    pub ids: Vec<String>,
}

impl Finding {
    fn new(severity: Severity, message: String, ids: Vec<String>) -> Self {
        Self { severity, message, ids }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.message)?;
        if !self.ids.is_empty() {
            write!(f, " [{}]", self.ids.join(", "))?;
        }
        Ok(())
    }
}

/// Which catalogue keys exist (built-in and project-local). The catalogue implements it.
pub trait KnownKeys {
    fn has_component(&self, key: &str) -> bool;
    fn has_criterion(&self, key: &str) -> bool;
    fn has_platform(&self, key: &str) -> bool;
    fn has_topic(&self, key: &str) -> bool;
}

/// All findings for a project, errors first, then in a stable order.
pub fn validate(project: &Project, keys: &dyn KnownKeys) -> Vec<Finding> {
    let mut out = Vec::new();
    let nodes = NodeLookup::new(project);
    check_ids(project, &nodes, &mut out);
    check_names(project, &mut out);
    let touched = check_flows(project, &nodes, &mut out);
    check_values(project, &mut out);
    check_catalogue_keys(project, keys, &mut out);
    check_isolated(project, &touched, &mut out);
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// The nodes by id, numbered in id order: one hash lookup per reference (a 100,000-node project
/// has 200,000 flows to check, and the tree's string comparisons would dominate).
struct NodeLookup<'a> {
    by_id: FxHashMap<&'a str, usize>,
    nodes: Vec<&'a Node>,
}

impl<'a> NodeLookup<'a> {
    fn new(project: &'a Project) -> Self {
        let mut by_id = FxHashMap::with_capacity_and_hasher(project.nodes.len(), Default::default());
        let mut nodes = Vec::with_capacity(project.nodes.len());
        for (i, (id, node)) in project.nodes.iter().enumerate() {
            by_id.insert(id.as_str(), i);
            nodes.push(node);
        }
        Self { by_id, nodes }
    }

    /// The node's number and the node.
    fn get(&self, id: &str) -> Option<(usize, &'a Node)> {
        self.by_id.get(id).map(|&i| (i, self.nodes[i]))
    }
}

fn check_ids(project: &Project, nodes: &NodeLookup, out: &mut Vec<Finding>) {
    for id in project.nodes.keys().chain(project.flows.keys()) {
        if !is_valid_id(id) {
            out.push(Finding::new(
                Severity::Error,
                format!("id {id:?} is not 1–64 lower-case letters, digits, '-', '_' or '.'"),
                vec![id.clone()],
            ));
        }
    }
    for id in project.flows.keys() {
        if nodes.get(id).is_some() {
            out.push(Finding::new(
                Severity::Error,
                format!("id {id:?} names both a node and a flow"),
                vec![id.clone()],
            ));
        }
    }
}

fn check_names(project: &Project, out: &mut Vec<Finding>) {
    let mut by_name: FxHashMap<String, Vec<&String>> =
        FxHashMap::with_capacity_and_hasher(project.nodes.len(), Default::default());
    for (id, node) in &project.nodes {
        let name = node.name.trim();
        if name.is_empty() {
            out.push(Finding::new(
                Severity::Warning,
                format!("node {id} has no name"),
                vec![id.clone()],
            ));
        } else {
            by_name.entry(name.to_lowercase()).or_default().push(id);
        }
    }
    // Node ids come in sorted order, so each group's first id is its smallest: sort by that.
    let mut duplicates: Vec<Vec<&String>> = by_name.into_values().filter(|ids| ids.len() > 1).collect();
    duplicates.sort();
    for ids in duplicates {
        let name = &project.nodes[ids[0]].name;
        let ids: Vec<String> = ids.into_iter().cloned().collect();
        out.push(Finding::new(
            Severity::Warning,
            format!("{} nodes are named {name:?}", ids.len()),
            ids,
        ));
    }
}

/// Checks every flow's ends and asset; returns, for each node in id order, whether a flow names it.
fn check_flows(project: &Project, nodes: &NodeLookup, out: &mut Vec<Finding>) -> Vec<bool> {
    let mut touched = vec![false; project.nodes.len()];
    for (id, flow) in &project.flows {
        for (end, node) in [("starts at", &flow.from), ("ends at", &flow.to)] {
            if let Some((i, _)) = nodes.get(node) {
                touched[i] = true;
            } else {
                out.push(Finding::new(
                    Severity::Error,
                    format!("flow {id} {end} {node:?}, which is not a node"),
                    vec![id.clone()],
                ));
            }
        }
        if flow.from == flow.to {
            out.push(Finding::new(
                Severity::Error,
                format!("flow {id} goes from {:?} to itself", flow.from),
                vec![id.clone(), flow.from.clone()],
            ));
        }
        if let Some(asset) = &flow.asset {
            match nodes.get(asset) {
                None => out.push(Finding::new(
                    Severity::Error,
                    format!("flow {id} carries {asset:?}, which is not a node"),
                    vec![id.clone()],
                )),
                Some((i, node)) => {
                    touched[i] = true;
                    if !node.is_asset() {
                        out.push(Finding::new(
                            Severity::Error,
                            format!("flow {id} carries {:?}, which is an actor, not an asset", node.name),
                            vec![id.clone(), asset.clone()],
                        ));
                    }
                }
            }
        }
        if flow.action.trim().is_empty() {
            out.push(Finding::new(
                Severity::Info,
                format!("flow {id} has no action label"),
                vec![id.clone()],
            ));
        }
    }
    touched
}

fn check_values(project: &Project, out: &mut Vec<Finding>) {
    for (id, node) in &project.nodes {
        for (key, use_) in &node.criteria {
            if !(1..=5).contains(&use_.weight) {
                out.push(Finding::new(
                    Severity::Error,
                    format!("node {id}: criterion {key} has weight {}, outside 1–5", use_.weight),
                    vec![id.clone()],
                ));
            }
        }
    }
    let scores = project
        .platforms
        .iter()
        .flat_map(|(p, c)| c.overrides.iter().map(move |(k, o)| (p, k, o.score)))
        .chain(
            project
                .custom
                .platforms
                .iter()
                .flat_map(|(p, c)| c.scores.iter().map(move |(k, o)| (p, k, o.score))),
        );
    for (platform, key, score) in scores {
        if score > 3 {
            out.push(Finding::new(
                Severity::Error,
                format!("platform {platform}: score {score} for {key} is outside 0–3"),
                vec![],
            ));
        }
    }
    for (key, threshold) in &project.thresholds {
        if *threshold > 3 {
            out.push(Finding::new(
                Severity::Error,
                format!("must-have threshold {threshold} for {key} is outside 0–3"),
                vec![],
            ));
        }
    }
    for sdg in &project.sheet.sdgs {
        if !(1..=17).contains(sdg) {
            out.push(Finding::new(
                Severity::Warning,
                format!("SDG {sdg} does not exist (1–17)"),
                vec![],
            ));
        }
    }
}

fn check_catalogue_keys(project: &Project, keys: &dyn KnownKeys, out: &mut Vec<Finding>) {
    let unknown = |what: &str, key: &str, ids: Vec<String>| {
        Finding::new(
            Severity::Warning,
            format!("unknown {what} {key:?}: kept in the file, ignored by the assessment"),
            ids,
        )
    };
    for (id, node) in &project.nodes {
        for key in node.components.iter().filter(|k| !keys.has_component(k)) {
            out.push(unknown("component", key, vec![id.clone()]));
        }
        for key in node.criteria.keys().filter(|k| !keys.has_criterion(k)) {
            out.push(unknown("criterion", key, vec![id.clone()]));
        }
    }
    for key in project.platforms.keys().filter(|k| !keys.has_platform(k)) {
        out.push(unknown("platform", key, vec![]));
    }
    let override_keys: BTreeSet<&String> = project.platforms.values().flat_map(|c| c.overrides.keys()).collect();
    for key in override_keys.into_iter().filter(|k| !keys.has_criterion(k)) {
        out.push(unknown("criterion", key, vec![]));
    }
    for key in project.regulatory.keys().filter(|k| !keys.has_topic(k)) {
        out.push(unknown("regulatory topic", key, vec![]));
    }
}

/// `touched`: for each node in id order, whether a flow names it (from [`check_flows`]).
fn check_isolated(project: &Project, touched: &[bool], out: &mut Vec<Finding>) {
    for ((id, node), touched) in project.nodes.iter().zip(touched) {
        if !touched {
            out.push(Finding::new(
                Severity::Info,
                format!("{:?} takes part in no flow", node.name),
                vec![id.clone()],
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Flow, Node, Position};

    struct Keys;
    impl KnownKeys for Keys {
        fn has_component(&self, key: &str) -> bool {
            key == "platform.ledger"
        }
        fn has_criterion(&self, key: &str) -> bool {
            key == "core.query"
        }
        fn has_platform(&self, key: &str) -> bool {
            key == "fabric"
        }
        fn has_topic(&self, key: &str) -> bool {
            key == "reg.taxation"
        }
    }

    fn small() -> Project {
        let mut p = Project::new("t");
        p.nodes
            .insert("a".into(), Node::actor("Alice", Position::new(0.0, 0.0)));
        p.nodes
            .insert("b".into(), Node::actor("Bob", Position::new(200.0, 0.0)));
        p.nodes
            .insert("gold".into(), Node::asset("Gold bar", Position::new(100.0, 100.0)));
        let mut f = Flow::new("a", "b", 1, "sells");
        f.asset = Some("gold".into());
        p.flows.insert("f1".into(), f);
        p
    }

    fn messages(p: &Project) -> Vec<String> {
        validate(p, &Keys).into_iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn a_clean_project_has_no_findings() {
        assert_eq!(messages(&small()), Vec::<String>::new());
    }

    #[test]
    fn dangling_references_are_errors() {
        let mut p = small();
        p.flows.get_mut("f1").unwrap().to = "ghost".into();
        let f = validate(&p, &Keys);
        assert!(
            f[0].severity == Severity::Error && f[0].message.contains("\"ghost\", which is not a node"),
            "{f:?}"
        );
    }

    #[test]
    fn carrying_an_actor_is_an_error() {
        let mut p = small();
        p.flows.get_mut("f1").unwrap().asset = Some("b".into());
        assert!(
            messages(&p)
                .iter()
                .any(|m| m.contains("which is an actor, not an asset"))
        );
    }

    #[test]
    fn self_flows_duplicate_and_empty_names_are_found() {
        let mut p = small();
        p.flows.insert("f2".into(), Flow::new("a", "a", 2, "loops"));
        p.nodes.get_mut("b").unwrap().name = "alice".into();
        p.nodes.insert("c".into(), Node::actor(" ", Position::default()));
        let m = messages(&p);
        assert!(m.iter().any(|m| m.contains("goes from \"a\" to itself")), "{m:?}");
        assert!(m.iter().any(|m| m.contains("2 nodes are named \"Alice\"")), "{m:?}");
        assert!(m.iter().any(|m| m.contains("node c has no name")), "{m:?}");
    }

    #[test]
    fn unknown_keys_are_reported_and_kept() {
        let mut p = small();
        p.nodes
            .get_mut("a")
            .unwrap()
            .components
            .insert("platform.warp_drive".into());
        p.nodes
            .get_mut("a")
            .unwrap()
            .criteria
            .insert("core.query".into(), Default::default());
        p.platforms.insert("hashgraph".into(), Default::default());
        let m = messages(&p);
        assert!(
            m.iter()
                .any(|m| m.contains("unknown component \"platform.warp_drive\"")),
            "{m:?}"
        );
        assert!(m.iter().any(|m| m.contains("unknown platform \"hashgraph\"")), "{m:?}");
        assert!(!m.iter().any(|m| m.contains("core.query")), "{m:?}");
        assert!(p.nodes["a"].components.contains("platform.warp_drive"));
    }

    #[test]
    fn isolated_nodes_are_noted() {
        let mut p = small();
        p.nodes
            .insert("lonely".into(), Node::asset("Lonely", Position::default()));
        let f = validate(&p, &Keys);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[0].ids, vec!["lonely".to_string()]);
    }

    #[test]
    fn out_of_range_values_are_errors() {
        let mut p = small();
        p.nodes.get_mut("a").unwrap().criteria.insert(
            "core.query".into(),
            crate::model::CriterionUse {
                weight: 9,
                ..Default::default()
            },
        );
        p.thresholds.insert("core.query".into(), 4);
        let m = messages(&p);
        assert!(m.iter().any(|m| m.contains("weight 9, outside 1–5")), "{m:?}");
        assert!(m.iter().any(|m| m.contains("threshold 4")), "{m:?}");
    }
}
