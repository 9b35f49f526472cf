//! The project's nodes and flows resolved once per assessment: each node's position in id order
//! and each flow's end nodes. Rules that follow flows to their ends then need no lookups, and
//! sets of nodes are marks by position rather than sets of strings, so the rules stay linear and
//! cheap on projects with a hundred thousand nodes.

use std::collections::HashMap;

use crate::model::{Flow, FlowId, Node, NodeId, Project};

/// A flow with the nodes at its ends (absent when the id names no node).
pub struct Resolved<'a> {
    pub id: &'a FlowId,
    pub flow: &'a Flow,
    pub from: Option<&'a Node>,
    pub to: Option<&'a Node>,
    ends: [Option<u32>; 2],
}

pub struct NodeIndex<'a> {
    project: &'a Project,
    ids: Vec<&'a NodeId>,
    nodes: Vec<&'a Node>,
    position: HashMap<&'a str, u32>,
    flows: Vec<Resolved<'a>>,
}

impl<'a> NodeIndex<'a> {
    pub fn new(project: &'a Project) -> Self {
        let (ids, nodes): (Vec<&NodeId>, Vec<&Node>) = project.nodes.iter().unzip();
        let position: HashMap<&str, u32> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i as u32)).collect();
        let flows = project
            .flows
            .iter()
            .map(|(id, flow)| {
                let ends = [
                    position.get(flow.from.as_str()).copied(),
                    position.get(flow.to.as_str()).copied(),
                ];
                Resolved {
                    id,
                    flow,
                    from: ends[0].map(|i| nodes[i as usize]),
                    to: ends[1].map(|i| nodes[i as usize]),
                    ends,
                }
            })
            .collect();
        Self {
            project,
            ids,
            nodes,
            position,
            flows,
        }
    }

    pub fn project(&self) -> &'a Project {
        self.project
    }

    pub fn get(&self, id: &str) -> Option<&'a Node> {
        self.position.get(id).map(|&i| self.nodes[i as usize])
    }

    /// Every flow with its ends, in id order.
    pub fn flows(&self) -> &[Resolved<'a>] {
        &self.flows
    }

    /// The ids of the nodes with these ids, in id order, without repeats; unknown ids are left
    /// out.
    pub fn in_order<'s>(&self, ids: impl IntoIterator<Item = &'s str>) -> Vec<NodeId> {
        let mut marks = vec![false; self.ids.len()];
        for id in ids {
            if let Some(&i) = self.position.get(id) {
                marks[i as usize] = true;
            }
        }
        self.marked(&marks)
    }

    /// The nodes at either end of the flows, in id order, without repeats.
    pub fn ends<'r>(&self, flows: impl IntoIterator<Item = &'r Resolved<'r>>) -> Vec<NodeId> {
        let mut marks = vec![false; self.ids.len()];
        for i in flows.into_iter().flat_map(|f| f.ends).flatten() {
            marks[i as usize] = true;
        }
        self.marked(&marks)
    }

    fn marked(&self, marks: &[bool]) -> Vec<NodeId> {
        self.ids
            .iter()
            .zip(marks)
            .filter(|(_, marked)| **marked)
            .map(|(id, _)| (*id).clone())
            .collect()
    }
}

/// An actor's organisation, if it names one.
pub fn organisation(node: &Node) -> Option<&str> {
    node.organisation().map(str::trim).filter(|o| !o.is_empty())
}

/// A node's jurisdiction, if it names one.
pub fn jurisdiction(node: &Node) -> Option<&str> {
    Some(node.jurisdiction.trim()).filter(|j| !j.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Position;

    #[test]
    fn resolves_flow_ends_and_orders_ids() {
        let mut p = Project::new("t");
        for id in ["c", "a", "b"] {
            p.nodes
                .insert(id.into(), Node::actor(id.to_uppercase(), Position::default()));
        }
        p.flows.insert("f2".into(), Flow::new("c", "ghost", 2, "x"));
        p.flows.insert("f1".into(), Flow::new("b", "a", 1, "x"));
        let index = NodeIndex::new(&p);
        assert_eq!(index.get("b").map(|n| n.name.as_str()), Some("B"));
        assert!(index.get("ghost").is_none());
        let flows = index.flows();
        assert_eq!(flows.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["f1", "f2"]);
        assert_eq!(
            (flows[0].from.unwrap().name.as_str(), flows[0].to.unwrap().name.as_str()),
            ("B", "A")
        );
        assert!(flows[1].to.is_none());
        assert_eq!(index.ends(flows), ["a", "b", "c"]);
        assert_eq!(index.ends(&flows[1..]), ["c"]);
        assert_eq!(index.in_order(["c", "ghost", "a", "c"]), ["a", "c"]);
    }
}
