//! Tidy: snap nodes to the grid and push apart the ones whose boxes overlap, keeping their
//! order (left-to-right within rows, rows top to bottom), so the picture stays the user's own.

use std::collections::BTreeSet;

use super::Measure;
use crate::model::{NodeId, Position, Project};

/// Minimum free space kept between two boxes after tidying.
const MARGIN: f32 = 20.0;

/// New positions for `only` (or every node): snapped to `grid` and without overlaps.
pub fn tidy(
    project: &Project,
    only: Option<&BTreeSet<NodeId>>,
    grid: f32,
    measure: &dyn Measure,
) -> Vec<(NodeId, Position)> {
    let snap = |v: f32| if grid > 0.0 { (v / grid).round() * grid } else { v };
    let mut nodes: Vec<(NodeId, Position, (f32, f32))> = project
        .nodes
        .iter()
        .filter(|(id, _)| only.is_none_or(|s| s.contains(*id)))
        .map(|(id, n)| {
            let at = Position::new(snap(n.position.x), snap(n.position.y));
            (id.clone(), at, measure.node(n))
        })
        .collect();
    nodes.sort_by(|a, b| {
        a.1.y
            .total_cmp(&b.1.y)
            .then(a.1.x.total_cmp(&b.1.x))
            .then_with(|| a.0.cmp(&b.0))
    });
    let step = |v: f32| if grid > 0.0 { (v / grid).ceil() * grid } else { v };
    let mut placed: Vec<(Position, (f32, f32))> = Vec::with_capacity(nodes.len());
    for (_, pos, size) in &mut nodes {
        let apart = |other: &(f32, f32)| ((size.0 + other.0) / 2.0 + MARGIN, (size.1 + other.1) / 2.0 + MARGIN);
        // Move right past any placed box it overlaps, until it overlaps none.
        while let Some((block, other)) = placed.iter().find(|(p, other)| {
            let (w, h) = apart(other);
            (p.x - pos.x).abs() < w && (p.y - pos.y).abs() < h
        }) {
            pos.x = step(block.x + apart(other).0);
        }
        placed.push((*pos, *size));
    }
    nodes
        .into_iter()
        .filter(|(id, pos, _)| project.nodes[id].position != *pos)
        .map(|(id, pos, _)| (id, pos))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::measure::tests::BOXES;
    use crate::layout::overlaps;
    use crate::model::Node;

    #[test]
    fn tidy_snaps_and_separates_without_reordering() {
        let mut p = Project::new("t");
        for (i, x) in [0.0, 30.0, 61.0, 400.0].iter().enumerate() {
            p.nodes
                .insert(format!("n{i}"), Node::actor("N", Position::new(*x, 3.0)));
        }
        let moves = tidy(&p, None, 20.0, &BOXES);
        for (id, pos) in &moves {
            p.nodes.get_mut(id).unwrap().position = *pos;
        }
        assert_eq!(overlaps(&p, &BOXES), 0);
        let xs: Vec<f32> = p.nodes.values().map(|n| n.position.x).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "order kept: {xs:?}");
        assert!(
            p.nodes
                .values()
                .all(|n| n.position.x % 20.0 == 0.0 && n.position.y % 20.0 == 0.0)
        );
    }
}
