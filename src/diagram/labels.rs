//! Placing flow labels: each label slides along its flow to where it covers the least of the
//! node boxes and of the labels placed before it (in flow id order, so the result is the same
//! every time). What a spot costs in node boxes depends on nothing placed before, so the spots
//! of many flows can be weighed at once ([`Spots`]) and only the labels placed in order.

use egui::{Pos2, Rect, Vec2};

use super::geometry::{FlowPath, cell_index};

/// Where along a flow (0 = start, 1 = end) its label may go, best first.
const SPOTS: [f32; 5] = [0.5, 0.38, 0.62, 0.26, 0.74];
/// Covering another label counts this much more than covering a node box.
const LABEL_WEIGHT: f32 = 2.0;
/// Cells of the grid of placed labels are at least this big (diagram units)…
const MIN_CELL: f32 = 256.0;
/// …and there are at most this many along a side.
const MAX_CELLS_PER_SIDE: f32 = 256.0;

/// Where a label may go on its flow, best first: each spot's place along the path, its
/// rectangle, and how much of the node boxes that covers.
pub(super) struct Spots([(f32, Rect, f32); SPOTS.len()]);

impl Spots {
    /// The spots of a label of `size` on `path`, given how much of the node boxes a rectangle
    /// covers.
    pub fn new(path: &FlowPath, size: Vec2, nodes_covered: impl Fn(Rect) -> f32) -> Self {
        Self(SPOTS.map(|t| {
            let rect = Rect::from_center_size(path.point(t), size);
            (t, rect, nodes_covered(rect))
        }))
    }
}

/// The labels placed so far, on a grid over the area where they may go (labels beyond it land
/// in its border cells).
pub(super) struct Placer {
    min: Pos2,
    cell: f32,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<Rect>>,
}

impl Placer {
    /// A placer for labels mostly within `area` (diagram units).
    pub fn new(area: Rect) -> Self {
        let area = if area.is_finite() && area.is_positive() {
            area
        } else {
            Rect::from_min_size(Pos2::ZERO, Vec2::splat(1.0))
        };
        let cell = (area.width().max(area.height()) / MAX_CELLS_PER_SIDE).max(MIN_CELL);
        let side = |length: f32| (length / cell).ceil().max(1.0) as usize;
        let (cols, rows) = (side(area.width()), side(area.height()));
        Self {
            min: area.min,
            cell,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        }
    }

    /// Places a label at the first of its spots covering the least (node boxes, and the labels
    /// placed so far counted [`LABEL_WEIGHT`] times); returns where along the path it went and
    /// its rectangle.
    pub fn place(&mut self, spots: &Spots) -> (f32, Rect) {
        let (t, rect, _) = spots.0[0];
        let mut best = (f32::INFINITY, t, rect);
        for &(t, rect, nodes) in &spots.0 {
            // Labels only add to the cost: a spot whose node boxes alone cost as much as the
            // best one cannot win (and a NaN never does).
            if nodes.is_nan() || nodes >= best.0 {
                continue;
            }
            let cost = nodes + LABEL_WEIGHT * self.covered(rect);
            if cost < best.0 {
                best = (cost, t, rect);
            }
            if cost == 0.0 {
                break;
            }
        }
        let (_, t, rect) = best;
        if rect.is_finite() {
            for cell in self.cells_of(rect) {
                self.cells[cell].push(rect);
            }
        }
        (t, rect)
    }

    /// How much of `rect` the labels placed so far cover. A label listed in several cells
    /// counts in the one holding the top left corner of what it shares with `rect`.
    fn covered(&self, rect: Rect) -> f32 {
        let mut covered = 0.0;
        for cell in self.cells_of(rect) {
            for placed in &self.cells[cell] {
                if placed.intersects(rect) && self.cell_of(placed.min.max(rect.min)) == cell {
                    covered += overlap(*placed, rect);
                }
            }
        }
        covered
    }

    /// The cell a point is in, clamped to the grid.
    fn cell_of(&self, p: Pos2) -> usize {
        let index = |v: f32, min: f32, n: usize| cell_index(v, min, self.cell, 0, n as i64 - 1) as usize;
        index(p.y, self.min.y, self.rows) * self.cols + index(p.x, self.min.x, self.cols)
    }

    /// The cells a rectangle reaches into.
    fn cells_of(&self, rect: Rect) -> impl Iterator<Item = usize> + use<> {
        let cols = self.cols;
        let (first, last) = (self.cell_of(rect.min), self.cell_of(rect.max));
        let (x0, y0, x1, y1) = (first % cols, first / cols, last % cols, last / cols);
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| y * cols + x))
    }
}

/// The area two rectangles share.
pub(super) fn overlap(a: Rect, b: Rect) -> f32 {
    let common = a.intersect(b);
    if common.is_positive() { common.area() } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use egui::{pos2, vec2};

    use super::*;

    fn level(y: f32) -> FlowPath {
        FlowPath {
            start: pos2(0.0, y),
            control: pos2(300.0, y),
            end: pos2(600.0, y),
        }
    }

    #[test]
    fn a_free_label_sits_in_the_middle() {
        let (t, rect) = Placer::new(Rect::from_min_max(pos2(-1000.0, -1000.0), pos2(1000.0, 1000.0)))
            .place(&Spots::new(&level(0.0), vec2(100.0, 30.0), |_| 0.0));
        assert_eq!(t, 0.5);
        assert_eq!(rect.center(), pos2(300.0, 0.0));
    }

    #[test]
    fn labels_slide_away_from_each_other_and_from_nodes() {
        let mut placer = Placer::new(Rect::from_min_max(pos2(-1000.0, -1000.0), pos2(1000.0, 1000.0)));
        let (_, first) = placer.place(&Spots::new(&level(0.0), vec2(100.0, 30.0), |_| 0.0));
        let (t, second) = placer.place(&Spots::new(&level(10.0), vec2(100.0, 30.0), |_| 0.0));
        assert_ne!(t, 0.5);
        assert_eq!(overlap(first, second), 0.0);
        let node = Rect::from_center_size(pos2(300.0, 500.0), vec2(160.0, 60.0));
        let (t, _) = placer.place(&Spots::new(&level(500.0), vec2(100.0, 30.0), |r| overlap(r, node)));
        assert_ne!(t, 0.5);
    }

    #[test]
    fn with_no_free_spot_the_least_covered_one_wins() {
        let wall = |r: Rect| r.area() + (r.center().x - 180.0).abs();
        let (t, _) = Placer::new(Rect::from_min_max(pos2(-1000.0, -1000.0), pos2(1000.0, 1000.0))).place(&Spots::new(
            &level(0.0),
            vec2(50.0, 20.0),
            wall,
        ));
        assert_eq!(t, 0.26);
    }
}
