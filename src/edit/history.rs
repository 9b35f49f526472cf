//! The undo/redo history of one project, its revision counter (which tells caches when to
//! recompute) and the clean/dirty state relative to the last save.

use std::collections::BTreeSet;

use super::{Change, Edit};
use crate::model::{FlowId, NodeId, Project};

/// Past this many changed ids the journal just says "everything" (no caller drained it, or an
/// edit touched most of a big project).
const JOURNAL_LIMIT: usize = 200_000;

/// What changed in the project since the journal was last taken, for caches that follow edits
/// one by one (the assessment). Moving nodes changes nothing here: positions enter no cache.
#[derive(Debug, Default, PartialEq)]
pub struct Journal {
    /// The nodes whose content (anything but the position) changed, were added or removed.
    pub nodes: BTreeSet<NodeId>,
    /// The flows that changed, were added or removed.
    pub flows: BTreeSet<FlowId>,
    /// The use-case sheet, platforms, thresholds or answers changed.
    pub settings: bool,
    /// The project's own catalogue entries changed, or the project was replaced: start over.
    pub everything: bool,
}

impl Journal {
    pub fn is_empty(&self) -> bool {
        *self == Journal::default()
    }

    fn note(&mut self, edit: &Edit) {
        for change in &edit.changes {
            match change {
                Change::Node { id, before, after } => {
                    let moved_only = matches!((before, after), (Some(b), Some(a)) if a.same_but_position(b));
                    if !moved_only {
                        self.nodes.insert(id.clone());
                    }
                }
                Change::Flow { id, .. } => {
                    self.flows.insert(id.clone());
                }
                Change::Custom { .. } => self.everything = true,
                Change::Sheet { .. }
                | Change::Platforms { .. }
                | Change::Thresholds { .. }
                | Change::Regulatory { .. } => self.settings = true,
            }
        }
        if self.nodes.len() + self.flows.len() > JOURNAL_LIMIT {
            self.start_over();
        }
    }

    fn start_over(&mut self) {
        *self = Journal {
            everything: true,
            ..Journal::default()
        };
    }
}

struct Step {
    edit: Edit,
    /// Identifies the project state after this step, for dirty tracking.
    state: u64,
    /// Edits carrying the same gesture key merge into this step.
    gesture: Option<u64>,
}

/// A project together with its history. All changes go through [`History::apply`].
pub struct History {
    project: Project,
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    next_state: u64,
    saved_state: Option<u64>,
    limit: usize,
    journal: Journal,
}

impl History {
    /// Starts a history on a project, which counts as saved.
    pub fn new(project: Project) -> Self {
        Self {
            project,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            next_state: 1,
            saved_state: Some(0),
            limit: 1000,
            journal: Journal::default(),
        }
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Increases by one with every change to the project (apply, undo, redo, replace).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Applies an edit as a new undo step. Edits that change nothing are dropped.
    pub fn apply(&mut self, edit: Edit) {
        self.apply_gesture(edit, None);
    }

    /// Applies an edit that belongs to a gesture (a drag, typing in one field): consecutive
    /// edits with the same `gesture` key become a single undo step.
    pub fn apply_gesture(&mut self, edit: Edit, gesture: Option<u64>) {
        if edit.is_noop() {
            return;
        }
        edit.apply(&mut self.project);
        self.journal.note(&edit);
        self.revision += 1;
        self.redo.clear();
        let state = self.next_state;
        self.next_state += 1;
        match self.undo.last_mut() {
            Some(top) if gesture.is_some() && top.gesture == gesture => {
                top.edit.absorb(edit);
                top.state = state;
            }
            _ => {
                self.undo.push(Step { edit, state, gesture });
                if self.undo.len() > self.limit {
                    self.undo.remove(0);
                }
            }
        }
    }

    /// Ends the current gesture, so the next edit starts a new undo step even with the same key.
    pub fn end_gesture(&mut self) {
        if let Some(top) = self.undo.last_mut() {
            top.gesture = None;
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The label of the step Undo would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.edit.label.as_str())
    }

    /// The label of the step Redo would repeat.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.edit.label.as_str())
    }

    /// The edit Undo would revert.
    pub fn undo_step(&self) -> Option<&Edit> {
        self.undo.last().map(|s| &s.edit)
    }

    /// The edit Redo would repeat.
    pub fn redo_step(&self) -> Option<&Edit> {
        self.redo.last().map(|s| &s.edit)
    }

    pub fn undo(&mut self) -> bool {
        let Some(mut step) = self.undo.pop() else { return false };
        step.edit.inverse().apply(&mut self.project);
        self.journal.note(&step.edit);
        step.gesture = None;
        self.revision += 1;
        self.redo.push(step);
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(step) = self.redo.pop() else { return false };
        step.edit.apply(&mut self.project);
        self.journal.note(&step.edit);
        self.revision += 1;
        self.undo.push(step);
        true
    }

    /// Names the project's current state (which edits are applied), for [`History::mark_saved_at`].
    pub fn current_state(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.state)
    }

    /// Whether the project differs from what was last saved (or loaded).
    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.current_state())
    }

    /// Records that the current project is what is on disk.
    pub fn mark_saved(&mut self) {
        self.saved_state = Some(self.current_state());
        self.end_gesture();
    }

    /// Records that the project as it was in `state` (from [`History::current_state`]) is what is
    /// on disk: a save that ran in the background while editing went on.
    pub fn mark_saved_at(&mut self, state: u64) {
        self.saved_state = Some(state);
    }

    /// Records that the current project is not on disk (a restored recovery copy).
    pub fn mark_unsaved(&mut self) {
        self.saved_state = None;
    }

    /// Replaces the whole project (open, new, reload): the history starts over, clean.
    pub fn replace(&mut self, project: Project) {
        *self = Self {
            revision: self.revision + 1,
            ..Self::new(project)
        };
        self.journal.start_over();
    }

    /// What changed since the last call (moves leave no trace), emptying the journal.
    pub fn take_journal(&mut self) -> Journal {
        std::mem::take(&mut self.journal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{add_node, move_nodes, rename_node};
    use crate::model::{Node, Position};

    fn history() -> History {
        let mut p = Project::new("t");
        p.nodes.insert("a".into(), Node::actor("A", Position::new(0.0, 0.0)));
        History::new(p)
    }

    #[test]
    fn undo_and_redo_restore_each_state() {
        let mut h = history();
        let start = h.project().clone();
        h.apply(rename_node(h.project(), "a", "Alice"));
        let renamed = h.project().clone();
        assert_eq!(renamed.nodes["a"].name, "Alice");
        assert!(h.undo());
        assert_eq!(h.project(), &start);
        assert!(h.redo());
        assert_eq!(h.project(), &renamed);
        assert!(!h.redo());
    }

    #[test]
    fn a_gesture_is_one_undo_step() {
        let mut h = history();
        let start = h.project().clone();
        for x in 1..=10 {
            let edit = move_nodes(h.project(), &[("a".to_string(), Position::new(x as f32, 0.0))]);
            h.apply_gesture(edit, Some(7));
        }
        assert_eq!(h.project().nodes["a"].position.x, 10.0);
        h.end_gesture();
        assert!(h.undo());
        assert_eq!(h.project(), &start);
        assert!(!h.can_undo());
    }

    #[test]
    fn a_background_save_marks_the_state_it_wrote() {
        let mut h = History::new(Project::new("t"));
        let node = crate::model::Node::actor("A", crate::model::Position::default());
        h.apply(crate::edit::add_node(h.project(), node.clone()).0);
        let written = h.current_state();
        h.apply(crate::edit::add_node(h.project(), node).0);
        h.mark_saved_at(written);
        assert!(h.is_dirty(), "the edit made during the save is not on disk");
        h.undo();
        assert!(!h.is_dirty(), "undoing it returns to what was written");
    }

    #[test]
    fn dirty_follows_the_saved_state() {
        let mut h = history();
        assert!(!h.is_dirty());
        h.apply(rename_node(h.project(), "a", "B"));
        assert!(h.is_dirty());
        h.mark_saved();
        assert!(!h.is_dirty());
        h.undo();
        assert!(h.is_dirty());
        h.redo();
        assert!(!h.is_dirty());
        h.apply(add_node(h.project(), Node::asset("Gold", Position::default())).0);
        assert!(h.is_dirty());
    }

    #[test]
    fn noop_edits_are_not_recorded_and_revision_counts_changes() {
        let mut h = history();
        h.apply(rename_node(h.project(), "a", "A"));
        assert!(!h.can_undo());
        assert_eq!(h.revision(), 0);
        h.apply(rename_node(h.project(), "a", "Z"));
        h.undo();
        assert_eq!(h.revision(), 2);
    }
}
