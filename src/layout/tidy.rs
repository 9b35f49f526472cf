//! Tidy: snap nodes to the grid and push apart the ones whose boxes overlap, keeping their
//! order (left-to-right within rows, rows top to bottom), so the picture stays the user's own.

use std::collections::BTreeSet;

use crate::model::{NODE_SIZE, NodeId, Position, Project};

/// Minimum free space kept between two boxes after tidying.
const MARGIN: f32 = 20.0;

/// New positions for `only` (or every node): snapped to `grid` and without overlaps.
pub fn tidy(project: &Project, only: Option<&BTreeSet<NodeId>>, grid: f32) -> Vec<(NodeId, Position)> {
    let snap = |v: f32| if grid > 0.0 { (v / grid).round() * grid } else { v };
    let mut nodes: Vec<(NodeId, Position)> = project
        .nodes
        .iter()
        .filter(|(id, _)| only.is_none_or(|s| s.contains(*id)))
        .map(|(id, n)| (id.clone(), Position::new(snap(n.position.x), snap(n.position.y))))
        .collect();
    nodes.sort_by(|a, b| {
        a.1.y
            .total_cmp(&b.1.y)
            .then(a.1.x.total_cmp(&b.1.x))
            .then_with(|| a.0.cmp(&b.0))
    });
    let (w, h) = (NODE_SIZE.0 + MARGIN, NODE_SIZE.1 + MARGIN);
    let step = |v: f32| if grid > 0.0 { (v / grid).ceil() * grid } else { v };
    let mut placed: Vec<Position> = Vec::with_capacity(nodes.len());
    for (_, pos) in &mut nodes {
        // Move right past any placed box it overlaps, until it overlaps none.
        while let Some(block) = placed
            .iter()
            .find(|p| (p.x - pos.x).abs() < w && (p.y - pos.y).abs() < h)
        {
            pos.x = step(block.x + w);
        }
        placed.push(*pos);
    }
    let moved = |(id, pos): &(NodeId, Position)| project.nodes[id].position != *pos;
    nodes.into_iter().filter(moved).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::overlaps;
    use crate::model::Node;

    #[test]
    fn tidy_snaps_and_separates_without_reordering() {
        let mut p = Project::new("t");
        for (i, x) in [0.0, 30.0, 61.0, 400.0].iter().enumerate() {
            p.nodes
                .insert(format!("n{i}"), Node::actor("N", Position::new(*x, 3.0)));
        }
        let moves = tidy(&p, None, 20.0);
        for (id, pos) in &moves {
            p.nodes.get_mut(id).unwrap().position = *pos;
        }
        assert_eq!(overlaps(&p), 0);
        let xs: Vec<f32> = p.nodes.values().map(|n| n.position.x).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "order kept: {xs:?}");
        assert!(
            p.nodes
                .values()
                .all(|n| n.position.x % 20.0 == 0.0 && n.position.y % 20.0 == 0.0)
        );
    }
}
