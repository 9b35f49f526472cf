//! Cut, copy and paste of nodes through the system clipboard as RON text (an
//! [`file::Fragment`](crate::file::Fragment)), so nodes move between two editor windows.
//! Pasted nodes get fresh ids and land where they do not cover the nodes already there.

use egui::{Context, Event};

use crate::edit::{Edit, paste};
use crate::file::{Fragment, FragmentError};
use crate::model::{NodeId, Position, Project};

/// How far each paste moves away from nodes it would otherwise cover.
const PASTE_STEP: f32 = 30.0;

/// A clipboard request that came from the system (Ctrl+C / Ctrl+X / Ctrl+V or the keys for them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Copy,
    Cut,
    Paste(String),
}

/// This frame's clipboard events.
pub fn requests(ctx: &Context) -> Vec<Request> {
    ctx.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                Event::Copy => Some(Request::Copy),
                Event::Cut => Some(Request::Cut),
                Event::Paste(text) => Some(Request::Paste(text.clone())),
                _ => None,
            })
            .collect()
    })
}

/// The editor's side of the clipboard: what it copied last, for Edit › Paste (a menu cannot
/// read the system clipboard; Ctrl+V can).
#[derive(Default)]
pub struct Clipboard {
    last_copied: Option<String>,
}

impl Clipboard {
    /// Puts the given nodes (and the flows among them) on the system clipboard; returns how
    /// many nodes were copied.
    pub fn copy(&mut self, ctx: &Context, project: &Project, nodes: &[NodeId]) -> usize {
        let fragment = Fragment::of(project, nodes);
        if fragment.is_empty() {
            return 0;
        }
        let text = fragment.to_text();
        ctx.copy_text(text.clone());
        self.last_copied = Some(text);
        fragment.nodes.len()
    }

    /// The text this window copied last.
    pub fn last_copied(&self) -> Option<&str> {
        self.last_copied.as_deref()
    }
}

/// The edit that pastes clipboard text into the project, and the ids of the new nodes.
pub fn paste_text(project: &Project, text: &str) -> Result<(Edit, Vec<NodeId>), FragmentError> {
    let fragment = Fragment::from_text(text)?;
    let offset = free_offset(project, &fragment);
    Ok(paste(project, &fragment.nodes, &fragment.flows, offset))
}

/// The first of 0, 30, 60 … (down and to the right) at which no pasted node lands on a node
/// already in the project: pasting into another window keeps the places, pasting twice steps.
fn free_offset(project: &Project, fragment: &Fragment) -> Position {
    let covers = |offset: f32| {
        fragment.nodes.values().any(|pasted| {
            project.nodes.values().any(|n| {
                (n.position.x - pasted.position.x - offset).abs() < 1.0
                    && (n.position.y - pasted.position.y - offset).abs() < 1.0
            })
        })
    };
    let steps = (0..=project.nodes.len())
        .find(|&k| !covers(k as f32 * PASTE_STEP))
        .unwrap_or(0);
    let d = steps as f32 * PASTE_STEP;
    Position::new(d, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::model::Node;

    fn project() -> Project {
        let mut p = Project::new("t");
        p.nodes.insert("a".into(), Node::actor("Mine", Position::new(0.0, 0.0)));
        p
    }

    #[test]
    fn pasting_twice_steps_away_from_the_copies() {
        let p = project();
        let text = Fragment::of(&p, &["a".into()]).to_text();
        let mut h = History::new(p);
        for expected in [30.0, 60.0] {
            let (edit, ids) = paste_text(h.project(), &text).unwrap();
            h.apply(edit);
            assert_eq!(h.project().nodes[&ids[0]].position, Position::new(expected, expected));
        }
        let (edit, ids) = paste_text(&Project::new("other"), &text).unwrap();
        assert_eq!(ids.len(), 1);
        let mut other = History::new(Project::new("other"));
        other.apply(edit);
        assert_eq!(other.project().nodes[&ids[0]].position, Position::new(0.0, 0.0));
    }

    #[test]
    fn text_that_is_not_nodes_is_refused() {
        assert!(paste_text(&project(), "just some words").is_err());
    }
}
