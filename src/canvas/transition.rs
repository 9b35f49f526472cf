//! The brief animation after an auto-layout or tidy: the edit is applied at once (undo, saving
//! and hit-testing see the final positions), and for a quarter of a second the canvas draws the
//! moved nodes gliding from where they were, on a copy of the project.

use std::collections::BTreeMap;

use crate::model::{NodeId, Position, Project};

/// How long the glide lasts, in seconds.
pub const DURATION: f64 = 0.25;
/// Projects with more nodes than this are not animated (copying them every frame would cost
/// more than the animation is worth).
pub const MAX_NODES: usize = 2_000;

/// Nodes on their way from old positions to the project's current ones.
#[derive(Clone, Debug)]
pub struct Transition {
    from: BTreeMap<NodeId, Position>,
    started: f64,
}

impl Transition {
    /// Starts a glide at time `now` (seconds) for the nodes whose old positions are `from`.
    pub fn new(from: BTreeMap<NodeId, Position>, now: f64) -> Self {
        Self { from, started: now }
    }

    /// How far along the glide is at `now`: 0 at the start, 1 when it is over.
    pub fn progress(&self, now: f64) -> f32 {
        (((now - self.started) / DURATION).clamp(0.0, 1.0)) as f32
    }

    /// `project` with the moving nodes where they are at `now` (eased: fast, then slowing down).
    pub fn frame(&self, project: &Project, now: f64) -> Project {
        let t = ease_out(self.progress(now));
        let mut shown = project.clone();
        for (id, from) in &self.from {
            if let Some(node) = shown.nodes.get_mut(id) {
                let to = node.position;
                node.position = Position::new(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
            }
        }
        shown
    }
}

/// Cubic ease-out.
fn ease_out(t: f32) -> f32 {
    1.0 - (1.0 - t).powi(3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Node;

    #[test]
    fn nodes_glide_from_the_old_positions_to_the_new_ones() {
        let mut project = Project::new("t");
        project
            .nodes
            .insert("a".into(), Node::actor("A", Position::new(100.0, 50.0)));
        project
            .nodes
            .insert("b".into(), Node::actor("B", Position::new(7.0, 7.0)));
        let transition = Transition::new([("a".to_owned(), Position::new(0.0, 0.0))].into(), 10.0);
        let at = |now: f64| transition.frame(&project, now).nodes["a"].position;
        assert_eq!(at(10.0), Position::new(0.0, 0.0));
        let middle = at(10.0 + DURATION / 2.0);
        assert!(
            middle.x > 50.0 && middle.x < 100.0 && middle.y > 25.0 && middle.y < 50.0,
            "{middle:?}"
        );
        assert_eq!(at(10.0 + DURATION), Position::new(100.0, 50.0));
        assert_eq!(at(99.0), Position::new(100.0, 50.0));
        assert_eq!(
            transition.frame(&project, 10.1).nodes["b"].position,
            Position::new(7.0, 7.0)
        );
        assert_eq!(transition.progress(9.0), 0.0);
        assert_eq!(transition.progress(10.0 + DURATION * 2.0), 1.0);
    }
}
