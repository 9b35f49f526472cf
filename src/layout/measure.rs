//! Measures of a layout: how many pairs of node boxes overlap, and how many pairs of flows cross
//! (flows drawn as straight lines between box centres). Both look only at pairs that share a
//! cell of a grid, so they stay fast on 100,000-node diagrams, and count exactly what testing
//! every pair would (compared in the tests).

use rustc_hash::FxHashMap;

use super::Measure;
use crate::model::{Position, Project};

/// Pairs of nodes whose boxes overlap.
pub fn overlaps(project: &Project, measure: &dyn Measure) -> usize {
    let boxes: Vec<(Position, (f32, f32))> = project.nodes.values().map(|n| (n.position, measure.node(n))).collect();
    let (cell_w, cell_h) = boxes
        .iter()
        .fold((1.0f32, 1.0f32), |(w, h), (_, (bw, bh))| (w.max(*bw), h.max(*bh)));
    // Two overlapping boxes have centres less than the biggest size apart: neighbouring cells.
    let cell = |p: Position| ((p.x / cell_w).floor() as i64, (p.y / cell_h).floor() as i64);
    let mut grid: FxHashMap<(i64, i64), Vec<usize>> = FxHashMap::default();
    for (i, (p, _)) in boxes.iter().enumerate() {
        grid.entry(cell(*p)).or_default().push(i);
    }
    let overlap = |i: usize, j: usize| {
        let ((a, (aw, ah)), (b, (bw, bh))) = (boxes[i], boxes[j]);
        (b.x - a.x).abs() < (aw + bw) / 2.0 && (b.y - a.y).abs() < (ah + bh) / 2.0
    };
    let mut count = 0;
    for (i, (p, _)) in boxes.iter().enumerate() {
        let (cx, cy) = cell(*p);
        for dx in -1..=1 {
            for dy in -1..=1 {
                let Some(others) = grid.get(&(cx + dx, cy + dy)) else {
                    continue;
                };
                count += others.iter().filter(|&&j| j > i && overlap(i, j)).count();
            }
        }
    }
    count
}

/// A flow drawn straight between the centres of its ends (node numbers and positions).
#[derive(Clone, Copy, Debug)]
pub(super) struct Segment {
    pub ends: [u32; 2],
    pub from: (f64, f64),
    pub to: (f64, f64),
}

/// Projects with more flows than this get no crossing count in messages: a laid-out
/// 100,000-node project has hundreds of millions of crossing pairs, and counting them takes
/// minutes.
pub const MAX_COUNTED_FLOWS: usize = 50_000;

/// [`crossings`], or `None` for a project of more than [`MAX_COUNTED_FLOWS`] flows.
pub fn crossings_counted(project: &Project) -> Option<usize> {
    (project.flows.len() <= MAX_COUNTED_FLOWS).then(|| crossings(project))
}

/// "12 crossing flows", or that they were not counted (see [`crossings_counted`]).
pub fn crossings_text(project: &Project) -> String {
    match crossings_counted(project) {
        Some(n) => format!("{n} crossing flows"),
        None => format!("crossing flows not counted (over {MAX_COUNTED_FLOWS} flows)"),
    }
}

/// Pairs of flows whose straight lines cross (flows sharing a node do not count).
pub fn crossings(project: &Project) -> usize {
    let number: FxHashMap<&str, u32> = project
        .nodes
        .keys()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    let segments: Vec<Segment> = project
        .flows
        .values()
        .filter_map(|f| {
            let (a, b) = (project.nodes.get(&f.from)?, project.nodes.get(&f.to)?);
            let point = |p: Position| (p.x as f64, p.y as f64);
            Some(Segment {
                ends: [number[f.from.as_str()], number[f.to.as_str()]],
                from: point(a.position),
                to: point(b.position),
            })
        })
        .collect();
    count_crossings(&segments)
}

/// Crossing pairs among `segments`: every segment is listed in the grid cells it passes
/// (slightly widened), pairs are tested only within a cell, and a crossing is counted in the
/// cell that holds its crossing point, so once.
pub(super) fn count_crossings(segments: &[Segment]) -> usize {
    let Some(grid) = Grid::fit(segments) else { return 0 };
    let mut listed: Vec<(u64, u32)> = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        grid.cover(s, |cell| listed.push((cell, i as u32)));
    }
    listed.sort_unstable();
    let mut count = 0;
    for run in listed.chunk_by(|a, b| a.0 == b.0) {
        let cell = run[0].0;
        for (k, &(_, i)) in run.iter().enumerate() {
            let s = &segments[i as usize];
            for &(_, j) in &run[k + 1..] {
                let t = &segments[j as usize];
                let shares_node = s.ends.iter().any(|e| t.ends.contains(e));
                if !shares_node && segments_cross(s, t) && grid.cell_of(crossing_point(s, t)) == cell {
                    count += 1;
                }
            }
        }
    }
    count
}

/// A square grid over the segments' bounding box, with about one cell per segment.
struct Grid {
    origin: (f64, f64),
    cell: f64,
    /// Margin by which a segment's cells are widened, so rounding never loses a crossing.
    slack: f64,
}

impl Grid {
    fn fit(segments: &[Segment]) -> Option<Self> {
        let first = segments.first()?;
        let (mut low, mut high) = (first.from, first.from);
        for s in segments {
            for p in [s.from, s.to] {
                low = (low.0.min(p.0), low.1.min(p.1));
                high = (high.0.max(p.0), high.1.max(p.1));
            }
        }
        let (width, height) = ((high.0 - low.0).max(1.0), (high.1 - low.1).max(1.0));
        // About one cell per segment, but never more than a few times √n cells along a side,
        // so a long flow on a long thin diagram does not pass millions of cells.
        let root = (segments.len() as f64).sqrt();
        let cell = (width * height / segments.len() as f64)
            .sqrt()
            .max(width.max(height) / (4.0 * root + 1.0))
            .max(1.0);
        Some(Self {
            origin: (low.0 - cell, low.1 - cell),
            cell,
            slack: cell * 1e-6 + 1e-3,
        })
    }

    fn cell_of(&self, p: (f64, f64)) -> u64 {
        let (cx, cy) = self.index(p);
        Self::key(cx, cy)
    }

    fn index(&self, (x, y): (f64, f64)) -> (i64, i64) {
        (
            ((x - self.origin.0) / self.cell).floor() as i64,
            ((y - self.origin.1) / self.cell).floor() as i64,
        )
    }

    fn key(cx: i64, cy: i64) -> u64 {
        ((cx.max(0) as u64) << 32) | cy.max(0) as u64
    }

    /// Calls `visit` with every cell the segment passes, column by column.
    fn cover(&self, s: &Segment, mut visit: impl FnMut(u64)) {
        let (a, b) = if s.from.0 <= s.to.0 {
            (s.from, s.to)
        } else {
            (s.to, s.from)
        };
        let (first, last) = (
            self.index((a.0 - self.slack, 0.0)).0,
            self.index((b.0 + self.slack, 0.0)).0,
        );
        let y_at = |x: f64| {
            if b.0 - a.0 > 0.0 {
                a.1 + (b.1 - a.1) * ((x - a.0) / (b.0 - a.0)).clamp(0.0, 1.0)
            } else {
                a.1
            }
        };
        for column in first..=last {
            let left = self.origin.0 + column as f64 * self.cell - self.slack;
            let right = left + self.cell + 2.0 * self.slack;
            let (y0, y1) = if b.0 - a.0 > 0.0 {
                (y_at(left.max(a.0)), y_at(right.min(b.0)))
            } else {
                (a.1, b.1)
            };
            let (top, bottom) = (y0.min(y1) - self.slack, y0.max(y1) + self.slack);
            let (row_top, row_bottom) = (self.index((0.0, top)).1, self.index((0.0, bottom)).1);
            for row in row_top..=row_bottom {
                visit(Self::key(column, row));
            }
        }
    }
}

/// Whether two segments cross at a point inside both (touching or overlapping does not count).
fn segments_cross(s: &Segment, t: &Segment) -> bool {
    let side = |p: (f64, f64), q: (f64, f64), r: (f64, f64)| {
        let v = (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0);
        if v > 1e-3 {
            1
        } else if v < -1e-3 {
            -1
        } else {
            0
        }
    };
    let (a, b, c, d) = (s.from, s.to, t.from, t.to);
    side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0
}

/// Where two crossing segments cross.
fn crossing_point(s: &Segment, t: &Segment) -> (f64, f64) {
    let (r, q) = (
        (s.to.0 - s.from.0, s.to.1 - s.from.1),
        (t.to.0 - t.from.0, t.to.1 - t.from.1),
    );
    let denominator = r.0 * q.1 - r.1 * q.0;
    let along = ((t.from.0 - s.from.0) * q.1 - (t.from.1 - s.from.1) * q.0) / denominator;
    let along = along.clamp(0.0, 1.0);
    (s.from.0 + along * r.0, s.from.1 + along * r.1)
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

    /// Every pair of flows tested: what the grid must agree with.
    fn crossings_pair_by_pair(project: &Project) -> usize {
        let segments: Vec<(&str, &str, Segment)> = project
            .flows
            .values()
            .map(|f| {
                let (a, b) = (project.nodes[&f.from].position, project.nodes[&f.to].position);
                let s = Segment {
                    ends: [0, 0],
                    from: (a.x as f64, a.y as f64),
                    to: (b.x as f64, b.y as f64),
                };
                (f.from.as_str(), f.to.as_str(), s)
            })
            .collect();
        let mut count = 0;
        for (i, s) in segments.iter().enumerate() {
            for t in &segments[i + 1..] {
                let shares_node = [s.0, s.1].iter().any(|n| *n == t.0 || *n == t.1);
                if !shares_node && segments_cross(&s.2, &t.2) {
                    count += 1;
                }
            }
        }
        count
    }

    fn overlaps_pair_by_pair(project: &Project) -> usize {
        let boxes: Vec<Position> = project.nodes.values().map(|n| n.position).collect();
        let mut count = 0;
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                if (b.x - a.x).abs() < 160.0 && (b.y - a.y).abs() < 60.0 {
                    count += 1;
                }
            }
        }
        count
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
    fn grid_counts_equal_pair_by_pair_counts() {
        let mut rng = crate::generate::Rng(11);
        for round in 0..60 {
            let n = 2 + rng.below(60);
            // Some rounds on a coarse lattice, so segments meet at cell corners and run along
            // each other; some with vertical and horizontal flows.
            let spread = [40, 400, 4000][round % 3];
            let step = if round % 2 == 0 { 100.0 } else { 1.0 };
            let points: Vec<(f32, f32)> = (0..n)
                .map(|_| {
                    let x = rng.below(spread) as f32 * step / 10.0;
                    let y = if rng.below(4) == 0 {
                        0.0
                    } else {
                        rng.below(spread) as f32 * step / 10.0
                    };
                    (x, y)
                })
                .collect();
            let flows: Vec<(usize, usize)> = (0..rng.below(150)).map(|_| (rng.below(n), rng.below(n))).collect();
            let p = project(&points, &flows);
            assert_eq!(crossings(&p), crossings_pair_by_pair(&p), "round {round}");
            assert_eq!(overlaps(&p, &BOXES), overlaps_pair_by_pair(&p), "round {round}");
        }
        let generated = crate::generate::generate(400, 2);
        assert_eq!(crossings(&generated), crossings_pair_by_pair(&generated));
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
