//! The primitive changes an edit is made of: each holds the value before and after, so applying
//! and undoing are the same operation in opposite directions.

use std::collections::BTreeMap;

use crate::model::{CustomCatalog, Flow, FlowId, Node, NodeId, PlatformChoice, Project, TopicAnswer, UseCaseSheet};

/// One value of the project before and after a change; `None` means absent.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Node {
        id: NodeId,
        before: Option<Node>,
        after: Option<Node>,
    },
    Flow {
        id: FlowId,
        before: Option<Flow>,
        after: Option<Flow>,
    },
    Sheet {
        before: Box<UseCaseSheet>,
        after: Box<UseCaseSheet>,
    },
    Platforms {
        before: BTreeMap<String, PlatformChoice>,
        after: BTreeMap<String, PlatformChoice>,
    },
    Thresholds {
        before: BTreeMap<String, u8>,
        after: BTreeMap<String, u8>,
    },
    Regulatory {
        before: BTreeMap<String, TopicAnswer>,
        after: BTreeMap<String, TopicAnswer>,
    },
    Custom {
        before: Box<CustomCatalog>,
        after: Box<CustomCatalog>,
    },
}

impl Change {
    fn apply(&self, project: &mut Project) {
        fn put<K: Ord + Clone, V: Clone>(map: &mut BTreeMap<K, V>, id: &K, value: &Option<V>) {
            match value {
                Some(v) => {
                    map.insert(id.clone(), v.clone());
                }
                None => {
                    map.remove(id);
                }
            }
        }
        match self {
            Change::Node { id, after, .. } => put(&mut project.nodes, id, after),
            Change::Flow { id, after, .. } => put(&mut project.flows, id, after),
            Change::Sheet { after, .. } => project.sheet = (**after).clone(),
            Change::Platforms { after, .. } => project.platforms = after.clone(),
            Change::Thresholds { after, .. } => project.thresholds = after.clone(),
            Change::Regulatory { after, .. } => project.regulatory = after.clone(),
            Change::Custom { after, .. } => project.custom = (**after).clone(),
        }
    }

    fn inverse(&self) -> Change {
        match self.clone() {
            Change::Node { id, before, after } => Change::Node {
                id,
                before: after,
                after: before,
            },
            Change::Flow { id, before, after } => Change::Flow {
                id,
                before: after,
                after: before,
            },
            Change::Sheet { before, after } => Change::Sheet {
                before: after,
                after: before,
            },
            Change::Platforms { before, after } => Change::Platforms {
                before: after,
                after: before,
            },
            Change::Thresholds { before, after } => Change::Thresholds {
                before: after,
                after: before,
            },
            Change::Regulatory { before, after } => Change::Regulatory {
                before: after,
                after: before,
            },
            Change::Custom { before, after } => Change::Custom {
                before: after,
                after: before,
            },
        }
    }

    /// What the change is about: changes with the same target combine when edits merge.
    fn target(&self) -> (u8, Option<&str>) {
        match self {
            Change::Node { id, .. } => (0, Some(id)),
            Change::Flow { id, .. } => (1, Some(id)),
            Change::Sheet { .. } => (2, None),
            Change::Platforms { .. } => (3, None),
            Change::Thresholds { .. } => (4, None),
            Change::Regulatory { .. } => (5, None),
            Change::Custom { .. } => (6, None),
        }
    }

    /// This change followed by `later` on the same target: this one's before, `later`'s after.
    fn then(&mut self, later: Change) {
        match (self, later) {
            (Change::Node { after, .. }, Change::Node { after: a, .. }) => *after = a,
            (Change::Flow { after, .. }, Change::Flow { after: a, .. }) => *after = a,
            (Change::Sheet { after, .. }, Change::Sheet { after: a, .. }) => *after = a,
            (Change::Platforms { after, .. }, Change::Platforms { after: a, .. }) => *after = a,
            (Change::Thresholds { after, .. }, Change::Thresholds { after: a, .. }) => *after = a,
            (Change::Regulatory { after, .. }, Change::Regulatory { after: a, .. }) => *after = a,
            (Change::Custom { after, .. }, Change::Custom { after: a, .. }) => *after = a,
            _ => unreachable!("`then` is only called on changes with the same target"),
        }
    }

    fn is_noop(&self) -> bool {
        match self {
            Change::Node { before, after, .. } => before == after,
            Change::Flow { before, after, .. } => before == after,
            Change::Sheet { before, after } => before == after,
            Change::Platforms { before, after } => before == after,
            Change::Thresholds { before, after } => before == after,
            Change::Regulatory { before, after } => before == after,
            Change::Custom { before, after } => before == after,
        }
    }
}

/// A named, undoable group of changes: one undo step.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    /// What the user did, for the Edit menu ("Undo Move 3 nodes").
    pub label: String,
    pub changes: Vec<Change>,
}

impl Edit {
    pub fn new(label: impl Into<String>, changes: Vec<Change>) -> Self {
        Self {
            label: label.into(),
            changes,
        }
    }

    /// The nodes the edit moves, when moving them is all it does (no other field, node or flow
    /// changes); `None` otherwise.
    pub fn moved_nodes(&self) -> Option<Vec<NodeId>> {
        self.changes
            .iter()
            .map(|change| match change {
                Change::Node {
                    id,
                    before: Some(before),
                    after: Some(after),
                } => after.same_but_position(before).then(|| id.clone()),
                _ => None,
            })
            .collect()
    }

    /// The nodes and the flows the edit adds, removes or changes (moves included), in the order
    /// of its changes.
    pub fn changed_ids(&self) -> (Vec<NodeId>, Vec<FlowId>) {
        let (mut nodes, mut flows) = (Vec::new(), Vec::new());
        for change in &self.changes {
            match change {
                Change::Node { id, .. } => nodes.push(id.clone()),
                Change::Flow { id, .. } => flows.push(id.clone()),
                _ => {}
            }
        }
        (nodes, flows)
    }

    /// Whether the edit changes nothing (it is then not recorded).
    pub fn is_noop(&self) -> bool {
        self.changes.iter().all(Change::is_noop)
    }

    pub(super) fn apply(&self, project: &mut Project) {
        for change in &self.changes {
            change.apply(project);
        }
    }

    pub(super) fn inverse(&self) -> Edit {
        Edit {
            label: self.label.clone(),
            changes: self.changes.iter().rev().map(Change::inverse).collect(),
        }
    }

    /// This edit followed by `later`, as one step.
    pub(super) fn absorb(&mut self, later: Edit) {
        for change in later.changes {
            match self.changes.iter_mut().find(|c| c.target() == change.target()) {
                Some(existing) => existing.then(change),
                None => self.changes.push(change),
            }
        }
    }
}
