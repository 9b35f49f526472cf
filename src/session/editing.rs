//! The one way the project changes while it is edited: an edit applied (alone or as part of a
//! gesture), undone or redone through the document, each answering with what it changed, so
//! that whatever follows the project (the canvas's spatial index) can patch itself instead of
//! starting over.

use super::{Derived, Document};
use crate::edit::{Edit, History};
use crate::model::{FlowId, NodeId};

/// What an edit, an undo or a redo changed.
#[derive(Debug, PartialEq)]
pub struct Applied {
    /// The project's revision before and after: equal when nothing changed.
    pub before: u64,
    pub after: u64,
    /// The nodes it moved, when moving them is all it did.
    pub moved: Option<Vec<NodeId>>,
    /// The nodes and the flows it added, removed or changed (moved ones included).
    pub nodes: Vec<NodeId>,
    pub flows: Vec<FlowId>,
}

impl Applied {
    /// Whether the project changed.
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

impl Document {
    /// Applies `edit` as an undo step of its own. An edit that changes nothing is dropped.
    pub fn apply(&mut self, edit: Edit) -> Applied {
        self.apply_gesture(edit, None)
    }

    /// Applies `edit` as part of `gesture` (a drag, typing in one field): consecutive edits of
    /// one gesture become a single undo step.
    pub fn apply_gesture(&mut self, edit: Edit, gesture: Option<u64>) -> Applied {
        let what = What::of(Some(&edit));
        self.changed_by(what, |history| history.apply_gesture(edit, gesture))
    }

    /// Ends the current gesture: the next edit starts a new undo step even with the same key.
    pub fn end_gesture(&mut self) {
        self.history.end_gesture();
    }

    /// Reverts the last undo step, if any.
    pub fn undo(&mut self) -> Applied {
        let what = What::of(self.history.undo_step());
        self.changed_by(what, |history| {
            history.undo();
        })
    }

    /// Repeats the last undone step, if any.
    pub fn redo(&mut self) -> Applied {
        let what = What::of(self.history.redo_step());
        self.changed_by(what, |history| {
            history.redo();
        })
    }

    /// Marks the project as not on disk (a restored recovery copy).
    pub fn mark_unsaved(&mut self) {
        self.history.mark_unsaved();
    }

    /// Brings `derived` up to the project as it is now (see [`Derived::refresh`]).
    pub fn refresh(&mut self, derived: &mut Derived) {
        derived.refresh(&mut self.history);
    }

    /// Runs `change` on the history and says what it did, `what` being what the edit it applies
    /// (or reverts) touches.
    fn changed_by(&mut self, what: What, change: impl FnOnce(&mut History)) -> Applied {
        let before = self.history.revision();
        change(&mut self.history);
        let after = self.history.revision();
        // An edit that changed nothing was dropped: it touched nothing either.
        let What { moved, nodes, flows } = if after == before { What::default() } else { what };
        Applied {
            before,
            after,
            moved,
            nodes,
            flows,
        }
    }
}

/// What an edit touches, read before it is applied or reverted.
#[derive(Default)]
struct What {
    moved: Option<Vec<NodeId>>,
    nodes: Vec<NodeId>,
    flows: Vec<FlowId>,
}

impl What {
    fn of(edit: Option<&Edit>) -> Self {
        let (nodes, flows) = edit.map(Edit::changed_ids).unwrap_or_default();
        Self {
            moved: edit.and_then(Edit::moved_nodes),
            nodes,
            flows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{move_nodes, rename_node};
    use crate::model::{Position, Project};

    fn gold() -> Document {
        Document::new(crate::templates::find("gold-trade").unwrap().project(), None, None)
    }

    #[test]
    fn a_move_its_undo_and_its_redo_say_which_nodes_moved() {
        let mut doc = gold();
        let id = doc.project().nodes.keys().next().unwrap().clone();
        let applied = doc.apply(move_nodes(doc.project(), &[(id.clone(), Position::new(-900.0, 40.0))]));
        assert_eq!(applied.moved, Some(vec![id.clone()]));
        assert_eq!(applied.after, applied.before + 1);
        assert_eq!(
            doc.undo().moved,
            Some(vec![id.clone()]),
            "undoing a move moves the node back"
        );
        assert_eq!(doc.redo().moved, Some(vec![id]));
    }

    #[test]
    fn other_edits_name_what_they_change_and_an_empty_undo_changes_nothing() {
        let mut doc = Document::new(Project::new("t"), None, None);
        let undone = doc.undo();
        assert!(!undone.changed() && undone.moved.is_none());
        let mut doc = gold();
        let id = doc.project().nodes.keys().next().unwrap().clone();
        let renamed = doc.apply(rename_node(doc.project(), &id, "Renamed"));
        assert!(renamed.changed() && renamed.moved.is_none());
        assert_eq!((renamed.nodes, renamed.flows), (vec![id.clone()], vec![]));
        let undone = doc.undo();
        assert!(undone.moved.is_none());
        assert_eq!(undone.nodes, vec![id.clone()], "an undo names what it puts back");
        assert!(doc.redo().moved.is_none());
        let flow = doc.project().flows.keys().next().expect("flows").clone();
        let deleted = doc.apply(crate::edit::delete(doc.project(), &[], std::slice::from_ref(&flow)));
        assert_eq!(deleted.flows, vec![flow], "a deleted flow is named");
        assert!(
            !doc.apply(rename_node(doc.project(), &id, "Renamed")).changed(),
            "a no-op"
        );
    }
}
