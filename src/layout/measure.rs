//! Measures of a layout: how many pairs of node boxes overlap, and how many pairs of flows cross
//! (flows drawn as straight lines between box centres).

use super::Measure;
use crate::model::{Position, Project};

/// Pairs of nodes whose boxes overlap.
pub fn overlaps(project: &Project, measure: &dyn Measure) -> usize {
    let mut boxes: Vec<(Position, (f32, f32))> =
        project.nodes.values().map(|n| (n.position, measure.node(n))).collect();
    boxes.sort_by(|a, b| a.0.x.total_cmp(&b.0.x));
    let widest = boxes.iter().map(|(_, (w, _))| *w).fold(0.0, f32::max);
    let mut count = 0;
    for (i, (a, (aw, ah))) in boxes.iter().enumerate() {
        for (b, (bw, bh)) in boxes[i + 1..]
            .iter()
            .take_while(|(b, _)| b.x - a.x < (aw + widest) / 2.0)
        {
            if (b.x - a.x).abs() < (aw + bw) / 2.0 && (b.y - a.y).abs() < (ah + bh) / 2.0 {
                count += 1;
            }
        }
    }
    count
}

/// Pairs of flows whose straight lines cross (flows sharing a node do not count).
pub fn crossings(project: &Project) -> usize {
    let segments: Vec<(&str, &str, Position, Position)> = project
        .flows
        .values()
        .filter_map(|f| {
            let (a, b) = (project.nodes.get(&f.from)?, project.nodes.get(&f.to)?);
            Some((f.from.as_str(), f.to.as_str(), a.position, b.position))
        })
        .collect();
    let mut count = 0;
    for (i, s) in segments.iter().enumerate() {
        for t in &segments[i + 1..] {
            let shares_node = [s.0, s.1].iter().any(|n| *n == t.0 || *n == t.1);
            if !shares_node && segments_cross(s.2, s.3, t.2, t.3) {
                count += 1;
            }
        }
    }
    count
}

fn segments_cross(a: Position, b: Position, c: Position, d: Position) -> bool {
    let side = |p: Position, q: Position, r: Position| {
        let v = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
        if v > 1e-3 {
            1
        } else if v < -1e-3 {
            -1
        } else {
            0
        }
    };
    let (d1, d2, d3, d4) = (side(a, b, c), side(a, b, d), side(c, d, a), side(c, d, b));
    d1 * d2 < 0 && d3 * d4 < 0
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{Flow, Node};

    /// Every box 160 × 60, every label 120 × 30.
    pub struct Boxes;
    impl Measure for Boxes {
        fn node(&self, _: &Node) -> (f32, f32) {
            (160.0, 60.0)
        }
        fn label(&self, _: &Project, _: &Flow) -> (f32, f32) {
            (120.0, 30.0)
        }
    }
    pub const BOXES: Boxes = Boxes;

    fn project(points: &[(f32, f32)], flows: &[(usize, usize)]) -> Project {
        let mut p = Project::new("t");
        for (i, (x, y)) in points.iter().enumerate() {
            p.nodes
                .insert(format!("n{i}"), Node::actor(format!("N{i}"), Position::new(*x, *y)));
        }
        for (i, (a, b)) in flows.iter().enumerate() {
            p.flows
                .insert(format!("f{i}"), Flow::new(format!("n{a}"), format!("n{b}"), 1, "x"));
        }
        p
    }

    #[test]
    fn an_x_of_flows_is_one_crossing() {
        let p = project(
            &[(0.0, 0.0), (400.0, 400.0), (0.0, 400.0), (400.0, 0.0)],
            &[(0, 1), (2, 3)],
        );
        assert_eq!(crossings(&p), 1);
        let q = project(
            &[(0.0, 0.0), (400.0, 0.0), (0.0, 400.0), (400.0, 400.0)],
            &[(0, 1), (2, 3)],
        );
        assert_eq!(crossings(&q), 0);
    }

    #[test]
    fn overlapping_boxes_are_counted() {
        assert_eq!(
            overlaps(&project(&[(0.0, 0.0), (159.0, 59.0), (500.0, 0.0)], &[]), &BOXES),
            1
        );
        assert_eq!(
            overlaps(&project(&[(0.0, 0.0), (160.0, 0.0), (0.0, 60.0)], &[]), &BOXES),
            0
        );
    }
}
