//! Validation of a project: findings with a severity, a message and the ids involved. Unknown
//! catalogue keys are reported but never removed.

use std::collections::BTreeSet;
use std::fmt;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{Flow, Node, Project, is_valid_id};

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

/// The check that raised a finding. Findings are listed errors first, then by check in this
/// order, then by the node or flow they concern (in id order), then in the order raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Check {
    NodeId,
    FlowId,
    SharedId,
    EmptyName,
    DuplicateName,
    FlowEnds,
    Weight,
    ProjectValue,
    NodeKeys,
    ProjectKeys,
    Isolated,
}

/// A finding with the check that raised it, so that findings raised separately (node by node,
/// flow by flow, as an incremental assessment does) list in the same order as a full validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub check: Check,
    pub finding: Finding,
}

impl Ranked {
    fn new(check: Check, severity: Severity, message: String, ids: Vec<String>) -> Self {
        Self {
            check,
            finding: Finding::new(severity, message, ids),
        }
    }
}

/// All findings for a project, errors first, then in a stable order.
pub fn validate(project: &Project, keys: &dyn KnownKeys) -> Vec<Finding> {
    let nodes = NodeLookup::new(project);
    let mut raised: Vec<Ranked> = project
        .nodes
        .iter()
        .flat_map(|(id, node)| node_findings(id, node, keys))
        .collect();
    let mut touched = vec![false; project.nodes.len()];
    for (id, flow) in &project.flows {
        // Each node the flow names (at most three) is looked up once, for its findings and to
        // mark it touched.
        let mut named = [None; 3];
        for (slot, end) in named.iter_mut().zip(flow.named_nodes()) {
            *slot = Some((end.as_str(), nodes.get(end)));
        }
        raised.extend(flow_findings(id, flow, |id| {
            let found = named.iter().flatten().find(|(end, _)| *end == id);
            found
                .map_or_else(|| nodes.get(id), |(_, node)| *node)
                .map(|(_, node)| Named {
                    name: &node.name,
                    is_asset: node.is_asset(),
                })
        }));
        for (i, _) in named.into_iter().flatten().filter_map(|(_, node)| node) {
            touched[i] = true;
        }
    }
    let mut by_name: FxHashMap<String, Vec<&String>> =
        FxHashMap::with_capacity_and_hasher(project.nodes.len(), Default::default());
    for (id, node) in &project.nodes {
        if let Some(key) = name_key(&node.name) {
            by_name.entry(key).or_default().push(id);
        }
    }
    // Node ids come in sorted order, so each group's first id is its smallest: sort by that.
    let mut duplicates: Vec<Vec<&String>> = by_name.into_values().filter(|ids| ids.len() > 1).collect();
    duplicates.sort();
    raised.extend((duplicates.into_iter()).map(|ids| duplicate_name(&project.nodes[ids[0].as_str()].name, ids)));
    raised.extend(project_findings(project, keys));
    for ((id, node), touched) in project.nodes.iter().zip(touched) {
        if !touched {
            raised.push(isolated(id, &node.name));
        }
    }
    order(raised.iter())
}

/// The findings in listing order (errors first, then by check; the order given otherwise kept).
pub fn order<'a>(raised: impl IntoIterator<Item = &'a Ranked>) -> Vec<Finding> {
    let mut raised: Vec<&Ranked> = raised.into_iter().collect();
    raised.sort_by_key(|r| (std::cmp::Reverse(r.finding.severity), r.check));
    raised.into_iter().map(|r| r.finding.clone()).collect()
}

/// The nodes by id, numbered in id order: one hash lookup per reference (a 100,000-node project
/// has 200,000 flows to check, and the tree's string comparisons would dominate).
struct NodeLookup<'a> {
    by_id: FxHashMap<IdKey<'a>, usize>,
    nodes: Vec<&'a Node>,
}

impl<'a> NodeLookup<'a> {
    fn new(project: &'a Project) -> Self {
        let mut by_id = FxHashMap::with_capacity_and_hasher(project.nodes.len(), Default::default());
        let mut nodes = Vec::with_capacity(project.nodes.len());
        for (i, (id, node)) in project.nodes.iter().enumerate() {
            by_id.insert(IdKey::of(id), i);
            nodes.push(node);
        }
        Self { by_id, nodes }
    }

    /// The node's number and the node.
    fn get(&self, id: &str) -> Option<(usize, &'a Node)> {
        self.by_id.get(&IdKey::of(id)).map(|&i| (i, self.nodes[i]))
    }
}

/// Ids up to this long are kept in the lookup table itself.
const SHORT_ID: usize = 22;

/// An id as the lookup keeps it: a short one (most are) copied in, so that a lookup compares it
/// without reading the id's own memory elsewhere (a cache miss per flow end at 100k nodes).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum IdKey<'a> {
    Short { len: u8, bytes: [u8; SHORT_ID] },
    Long(&'a str),
}

impl<'a> IdKey<'a> {
    fn of(id: &'a str) -> Self {
        match u8::try_from(id.len()) {
            Ok(len) if id.len() <= SHORT_ID => {
                let mut bytes = [0; SHORT_ID];
                bytes[..id.len()].copy_from_slice(id.as_bytes());
                IdKey::Short { len, bytes }
            }
            _ => IdKey::Long(id),
        }
    }
}

/// What one node raises by itself: its id, an empty name, criterion weights, unknown keys.
pub fn node_findings(id: &str, node: &Node, keys: &dyn KnownKeys) -> Vec<Ranked> {
    let mut out = Vec::new();
    if !is_valid_id(id) {
        out.push(invalid_id(Check::NodeId, id));
    }
    if node.name.trim().is_empty() {
        out.push(Ranked::new(
            Check::EmptyName,
            Severity::Warning,
            format!("node {id} has no name"),
            vec![id.to_owned()],
        ));
    }
    for (key, use_) in &node.criteria {
        if !(1..=5).contains(&use_.weight) {
            out.push(Ranked::new(
                Check::Weight,
                Severity::Error,
                format!("node {id}: criterion {key} has weight {}, outside 1–5", use_.weight),
                vec![id.to_owned()],
            ));
        }
    }
    for key in node.components.iter().filter(|k| !keys.has_component(k)) {
        out.push(unknown(Check::NodeKeys, "component", key, vec![id.to_owned()]));
    }
    for key in node.criteria.keys().filter(|k| !keys.has_criterion(k)) {
        out.push(unknown(Check::NodeKeys, "criterion", key, vec![id.to_owned()]));
    }
    out
}

/// What a flow check needs to know of a node it names.
pub struct Named<'a> {
    pub name: &'a str,
    pub is_asset: bool,
}

/// What one flow raises: its id (also when a node has it), ends and carried asset that are not
/// nodes, a flow to itself, an actor carried, a missing action. `node` looks up a node by id.
pub fn flow_findings<'a>(id: &str, flow: &Flow, node: impl Fn(&str) -> Option<Named<'a>>) -> Vec<Ranked> {
    let mut out = Vec::new();
    if !is_valid_id(id) {
        out.push(invalid_id(Check::FlowId, id));
    }
    if node(id).is_some() {
        out.push(Ranked::new(
            Check::SharedId,
            Severity::Error,
            format!("id {id:?} names both a node and a flow"),
            vec![id.to_owned()],
        ));
    }
    let error = |message: String, ids: Vec<String>| Ranked::new(Check::FlowEnds, Severity::Error, message, ids);
    for (end, named) in [("starts at", &flow.from), ("ends at", &flow.to)] {
        if node(named).is_none() {
            out.push(error(
                format!("flow {id} {end} {named:?}, which is not a node"),
                vec![id.to_owned()],
            ));
        }
    }
    if flow.from == flow.to {
        out.push(error(
            format!("flow {id} goes from {:?} to itself", flow.from),
            vec![id.to_owned(), flow.from.clone()],
        ));
    }
    if let Some(asset) = &flow.asset {
        match node(asset) {
            None => out.push(error(
                format!("flow {id} carries {asset:?}, which is not a node"),
                vec![id.to_owned()],
            )),
            Some(carried) if !carried.is_asset => out.push(error(
                format!("flow {id} carries {:?}, which is an actor, not an asset", carried.name),
                vec![id.to_owned(), asset.clone()],
            )),
            Some(_) => {}
        }
    }
    if flow.action.trim().is_empty() {
        out.push(Ranked::new(
            Check::FlowEnds,
            Severity::Info,
            format!("flow {id} has no action label"),
            vec![id.to_owned()],
        ));
    }
    out
}

/// The key under which names count as the same (trimmed, lower-case); none for a blank name.
pub fn name_key(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_lowercase())
}

/// The key under which jurisdiction codes count as the same (trimmed, upper-case: "ch" is "CH");
/// none for a blank one.
pub fn jurisdiction_key(code: &str) -> Option<String> {
    let code = code.trim();
    (!code.is_empty()).then(|| code.to_uppercase())
}

/// The finding for nodes sharing a name (the first one's `name`); `ids` in id order, at least
/// two.
pub fn duplicate_name(name: &str, ids: Vec<&String>) -> Ranked {
    let ids: Vec<String> = ids.into_iter().cloned().collect();
    Ranked::new(
        Check::DuplicateName,
        Severity::Warning,
        format!("{} nodes are named {name:?}", ids.len()),
        ids,
    )
}

/// The finding for a node no flow names (as an end or as the asset carried).
pub fn isolated(id: &str, name: &str) -> Ranked {
    Ranked::new(
        Check::Isolated,
        Severity::Info,
        format!("{name:?} takes part in no flow"),
        vec![id.to_owned()],
    )
}

/// What the project's own settings raise: a blank title, scores and thresholds out of range,
/// SDGs that do not exist, unknown platforms, criteria and topics.
pub fn project_findings(project: &Project, keys: &dyn KnownKeys) -> Vec<Ranked> {
    let mut out = Vec::new();
    let value = |severity, message| Ranked::new(Check::ProjectValue, severity, message, vec![]);
    if project.sheet.title.trim().is_empty() {
        out.push(value(Severity::Warning, "the use case has no title".to_string()));
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
    for (platform, key, score) in scores.filter(|(_, _, score)| *score > 3) {
        out.push(value(
            Severity::Error,
            format!("platform {platform}: score {score} for {key} is outside 0–3"),
        ));
    }
    for (key, threshold) in project.thresholds.iter().filter(|(_, t)| **t > 3) {
        out.push(value(
            Severity::Error,
            format!("must-have threshold {threshold} for {key} is outside 0–3"),
        ));
    }
    for sdg in project.sheet.sdgs.iter().filter(|sdg| !(1..=17).contains(*sdg)) {
        out.push(value(Severity::Warning, format!("SDG {sdg} does not exist (1–17)")));
    }
    for key in project.platforms.keys().filter(|k| !keys.has_platform(k)) {
        out.push(unknown(Check::ProjectKeys, "platform", key, vec![]));
    }
    let override_keys: BTreeSet<&String> = project.platforms.values().flat_map(|c| c.overrides.keys()).collect();
    for key in override_keys.into_iter().filter(|k| !keys.has_criterion(k)) {
        out.push(unknown(Check::ProjectKeys, "criterion", key, vec![]));
    }
    for key in project.regulatory.keys().filter(|k| !keys.has_topic(k)) {
        out.push(unknown(Check::ProjectKeys, "regulatory topic", key, vec![]));
    }
    out
}

fn invalid_id(check: Check, id: &str) -> Ranked {
    Ranked::new(
        check,
        Severity::Error,
        format!("id {id:?} is not 1–64 lower-case letters, digits, '-', '_' or '.'"),
        vec![id.to_owned()],
    )
}

fn unknown(check: Check, what: &str, key: &str, ids: Vec<String>) -> Ranked {
    Ranked::new(
        check,
        Severity::Warning,
        format!("unknown {what} {key:?}: kept in the file, ignored by the assessment"),
        ids,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_keys_are_equal_exactly_when_the_ids_are() {
        let (edge, over) = ("x".repeat(SHORT_ID), "x".repeat(SHORT_ID + 1));
        let ids = ["", "a", "a\0", "n0001", &edge, &over, "é-ü"];
        for a in ids {
            for b in ids {
                assert_eq!(IdKey::of(a) == IdKey::of(b), a == b, "{a:?} {b:?}");
            }
        }
    }
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
    fn a_blank_title_is_a_warning() {
        let mut p = small();
        p.sheet.title = "  ".into();
        assert_eq!(messages(&p), ["warning: the use case has no title"]);
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
