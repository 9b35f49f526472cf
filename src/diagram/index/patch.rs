//! Bringing a [`SpatialIndex`] up to date after an edit without building it anew: what the edit
//! changed ([`Changes`]) is patched in, and everything else is kept.

use super::SpatialIndex;
use crate::model::{FlowId, NodeId, Project};

/// What changed in a project between two revisions, for an index of the first to follow.
#[derive(Clone, Debug, PartialEq)]
pub struct Changes {
    /// The nodes added, removed or changed (moved ones included).
    pub nodes: Vec<NodeId>,
    /// The flows added, removed or changed.
    pub flows: Vec<FlowId>,
    /// Whether moving the nodes was all that changed.
    pub moved_only: bool,
}

impl Default for Changes {
    /// No change at all (which moves nothing but nodes).
    fn default() -> Self {
        Self {
            nodes: Vec::new(),
            flows: Vec::new(),
            moved_only: true,
        }
    }
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.flows.is_empty()
    }

    /// The changes of `self` followed by those of `later`.
    pub fn then(&mut self, later: Changes) {
        self.nodes.extend(later.nodes);
        self.flows.extend(later.flows);
        self.moved_only &= later.moved_only;
    }
}

impl SpatialIndex {
    /// Brings the index up to date with `project` after `changes`; false when it cannot (then
    /// build it anew).
    pub fn patch(&mut self, project: &Project, changes: &Changes) -> bool {
        changes.moved_only && changes.flows.is_empty() && self.moved(project, &changes.nodes)
    }

    /// Whether so many items were patched in since the last build that queries slow down: time
    /// to build the index anew in the background.
    pub fn is_crowded(&self) -> bool {
        self.node_grid.loose.len().max(self.flow_grid.loose.len()) > super::MAX_LOOSE_ITEMS / 2
    }
}
