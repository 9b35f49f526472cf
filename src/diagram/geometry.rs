//! Diagram geometry in diagram units: node boxes (sized by their text, see `sizes`) and flow
//! paths from box edge to box edge (flows joining the same two nodes bend apart so they never
//! overlap).

use egui::{Pos2, Rect, Vec2, pos2, vec2};

use super::sizes::node_size;
use crate::model::{Flow, Node, Project};

/// The smallest node box: a node with a short name. Names that need more room widen the box
/// (and wrap), see `sizes`; level of detail goes by this size.
pub const MIN_NODE_SIZE: Vec2 = Vec2::new(160.0, 60.0);

/// Font sizes at 100 % zoom (diagram units).
pub(super) const NAME_FONT: f32 = 14.0;
pub(super) const CAPTION_FONT: f32 = 10.5;
pub(super) const ACTION_FONT: f32 = 12.0;
pub(super) const ASSET_FONT: f32 = 10.5;
/// Diameter of the step-number badge on a flow label.
pub(super) const STEP_BADGE: f32 = 17.0;
/// Padding around a flow label.
pub(super) const LABEL_PAD: f32 = 3.0;
/// The widest a wrapped flow label's text gets (diagram units).
pub(super) const MAX_LABEL_WIDTH: f32 = 150.0;
/// Width of the little asset mark before a carried asset's name.
pub(super) const ASSET_MARK: f32 = 10.0;

/// A curve is measured along this many straight pieces (hit test, culling, the spatial index).
const PIECES: usize = 16;
/// How far apart parallel flows between the same two nodes run.
pub(super) const LANE_GAP: f32 = 30.0;
/// How high above its node a flow from a node to itself loops.
const LOOP_HEIGHT: f32 = 45.0;
/// Half the distance between the two ends of a loop.
const LOOP_HALF_WIDTH: f32 = 32.0;

/// The box of a node, centred on its position and as big as its text needs.
pub fn node_rect(node: &Node) -> Rect {
    Rect::from_center_size(pos2(node.position.x, node.position.y), node_size(node))
}

/// The path of a flow: a quadratic Bézier curve from the edge of one box to the edge of the
/// other, straight when the control point lies on the line between the ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlowPath {
    pub start: Pos2,
    pub control: Pos2,
    pub end: Pos2,
}

impl FlowPath {
    /// The path between the boxes `from` and `to`, bent so that its middle lies `bend` units to
    /// the left of the straight line between their centres (seen from `from`; negative bends
    /// right).
    pub fn between(from_box: Rect, to_box: Rect, bend: f32) -> Self {
        let (from, to) = (from_box.center(), to_box.center());
        let along = to - from;
        let dir = if along.length_sq() > 1e-6 {
            along.normalized()
        } else {
            Vec2::X
        };
        let normal = vec2(dir.y, -dir.x);
        let control = from + along * 0.5 + normal * (2.0 * bend);
        let start = box_exit(from_box, control - from, to - from);
        let end = box_exit(to_box, control - to, from - to);
        let control = if bend == 0.0 {
            start + (end - start) * 0.5
        } else {
            control
        };
        Self { start, control, end }
    }

    /// The straight path from `a` to `b`.
    pub fn straight(a: Pos2, b: Pos2) -> Self {
        Self {
            start: a,
            control: a + (b - a) * 0.5,
            end: b,
        }
    }

    /// The path of a flow between the boxes `from` and `to`: a loop when it goes from a node to
    /// itself.
    pub fn joining(from: Rect, to: Rect, to_itself: bool, bend: f32) -> Self {
        if to_itself {
            Self::looping(from, bend)
        } else {
            Self::between(from, to, bend)
        }
    }

    /// A loop above the box `node`, for a flow from a node to itself; `extra` raises it (to keep
    /// several loops apart).
    pub fn looping(node: Rect, extra: f32) -> Self {
        let (centre, top) = (node.center(), node.top());
        let height = LOOP_HEIGHT + extra;
        Self {
            start: pos2(centre.x - LOOP_HALF_WIDTH, top),
            control: pos2(centre.x, top - 2.0 * height),
            end: pos2(centre.x + LOOP_HALF_WIDTH, top),
        }
    }

    /// The point at parameter `t` (0 = start, 1 = end).
    pub fn point(&self, t: f32) -> Pos2 {
        let u = 1.0 - t;
        (self.start.to_vec2() * (u * u) + self.control.to_vec2() * (2.0 * u * t) + self.end.to_vec2() * (t * t))
            .to_pos2()
    }

    /// The middle of the path, where its label goes.
    pub fn mid(&self) -> Pos2 {
        self.point(0.5)
    }

    /// The path with each of its points mapped by `f` (e.g. to the screen).
    pub fn map(&self, f: impl Fn(Pos2) -> Pos2) -> Self {
        Self {
            start: f(self.start),
            control: f(self.control),
            end: f(self.end),
        }
    }

    pub fn is_straight(&self) -> bool {
        let chord = self.end - self.start;
        let off = self.control - self.start;
        (chord.x * off.y - chord.y * off.x).abs() <= 1e-3 * chord.length_sq().max(1.0)
    }

    /// The length of the path: exact when straight, else the mean of its chord and its control
    /// polygon (within a few per cent for the gentle bends flows have).
    pub fn length(&self) -> f32 {
        let chord = self.start.distance(self.end);
        if self.is_straight() {
            return chord;
        }
        (chord + self.start.distance(self.control) + self.control.distance(self.end)) / 2.0
    }

    /// The unit direction the path has where it arrives, for the arrowhead.
    pub fn end_direction(&self) -> Vec2 {
        let d = self.end - self.control;
        let d = if d.length_sq() > 1e-6 { d } else { self.end - self.start };
        if d.length_sq() > 1e-6 { d.normalized() } else { Vec2::X }
    }

    /// Whether the path passes through `area`: exactly for a straight path; for a curve, whether
    /// its box does and its [`FlowPath::polyline`] passes through `area` grown by
    /// [`FlowPath::slack`] — never false when the curve, its chord or a polyline through points of
    /// it passes through.
    pub fn crosses(&self, area: Rect) -> bool {
        if !self.bounding_rect().intersects(area) {
            return false;
        }
        if self.is_straight() {
            return segment_crosses(self.start, self.end, area);
        }
        if area.contains(self.start) || area.contains(self.end) {
            return true;
        }
        let band = area.expand(self.slack());
        let mut from = self.start;
        self.polyline()
            .skip(1)
            .any(|to| segment_crosses(std::mem::replace(&mut from, to), to, band))
    }

    /// Whether the path itself passes through `area` (to within a 256th of its bend): unlike
    /// [`FlowPath::crosses`], a curve's chord does not count.
    pub fn passes_through(&self, area: Rect) -> bool {
        if !self.bounding_rect().intersects(area) {
            return false;
        }
        polyline_crosses(self.polyline_points().as_slice(), area.expand(self.band()))
    }

    /// The points of [`FlowPath::polyline`], kept on the stack: for testing many areas against
    /// one path without working out its points again each time.
    pub fn polyline_points(&self) -> PolylinePoints {
        let mut points = PolylinePoints {
            points: [self.start; PIECES + 1],
            len: 0,
        };
        for p in self.polyline() {
            points.points[points.len] = p;
            points.len += 1;
        }
        points
    }

    /// How much [`FlowPath::passes_through`] grows an area before it looks for a piece of
    /// [`FlowPath::polyline`] in it: the path passes through an area exactly when its bounding
    /// rectangle meets the area and some piece of the polyline crosses the area grown by this.
    pub fn band(&self) -> f32 {
        self.slack() / (PIECES * PIECES + 1) as f32
    }

    /// The unit direction of the path at parameter `t`.
    pub fn direction(&self, t: f32) -> Vec2 {
        let d = (self.control - self.start) * (2.0 * (1.0 - t)) + (self.end - self.control) * (2.0 * t);
        if d.length_sq() > 1e-6 { d.normalized() } else { Vec2::X }
    }

    /// The points of the path the hit test measures by ([`FlowPath::distance_to`]), start to end:
    /// both ends of a straight path, [`PIECES`] + 1 points along a curve.
    pub fn polyline(&self) -> impl Iterator<Item = Pos2> + use<> {
        let path = *self;
        let steps = if self.is_straight() { 1 } else { PIECES };
        (0..=steps).map(move |i| {
            if i == 0 {
                path.start
            } else {
                path.point(i as f32 / steps as f32)
            }
        })
    }

    /// How far the curve, its chord and any polyline through points of it stray from
    /// [`FlowPath::polyline`] at most (0 for a straight path). With `d = start - 2 control + end`,
    /// the chord is at most `|d| / 4` from the curve and the curve at most `|d| / (4 n²)` from a
    /// polyline of `n` equal steps in `t`.
    pub fn slack(&self) -> f32 {
        if self.is_straight() {
            return 0.0;
        }
        let d = (self.start.to_vec2() + self.end.to_vec2() - 2.0 * self.control.to_vec2()).length();
        d / 4.0 * (1.0 + 1.0 / (PIECES * PIECES) as f32)
    }

    /// A rectangle that contains the whole path.
    pub fn bounding_rect(&self) -> Rect {
        Rect::from_points(&[self.start, self.control, self.end])
    }

    /// Whether `p` is farther than `d` from the triangle of start, control and end — which holds
    /// the whole curve, so then the path is farther too. A cheap test before
    /// [`FlowPath::distance_to`]: a long flow's bounding box covers much it never comes near.
    pub fn surely_farther_than(&self, p: Pos2, d: f32) -> bool {
        let (a, b, c) = (self.start, self.control, self.end);
        let side = |u: Pos2, v: Pos2| (v - u).x * (p - u).y - (v - u).y * (p - u).x;
        let (ab, bc, ca) = (side(a, b), side(b, c), side(c, a));
        let inside = (ab >= 0.0 && bc >= 0.0 && ca >= 0.0) || (ab <= 0.0 && bc <= 0.0 && ca <= 0.0);
        !inside && segment_distance(p, a, b) > d && segment_distance(p, b, c) > d && segment_distance(p, c, a) > d
    }

    /// The distance from `p` to the path (measured along [`PIECES`] straight pieces).
    pub fn distance_to(&self, p: Pos2) -> f32 {
        let mut best = f32::INFINITY;
        let mut a = self.start;
        for i in 1..=PIECES {
            let b = self.point(i as f32 / PIECES as f32);
            best = best.min(segment_distance(p, a, b));
            a = b;
        }
        best
    }
}

/// The point where a ray from the centre of `node` leaves it, heading along `toward` (or along
/// `fallback` when `toward` is zero).
pub(super) fn box_exit(node: Rect, toward: Vec2, fallback: Vec2) -> Pos2 {
    let d = if toward.length_sq() > 1e-6 { toward } else { fallback };
    let (centre, half) = (node.center(), node.size() / 2.0);
    let t = (half.x / d.x.abs()).min(half.y / d.y.abs());
    if t.is_finite() { centre + d * t } else { centre }
}

/// The cell (of `cell` size, counted from `min`) holding `v`, clamped to `lo..=hi`: `floor` done
/// by hand, as plain x86-64 would call libm for it (a fifth of building the spatial index).
pub(super) fn cell_index(v: f32, min: f32, cell: f32, lo: i64, hi: i64) -> i64 {
    let x = (v - min) / cell;
    let truncated = x as i64;
    truncated.saturating_sub(i64::from(truncated as f32 > x)).clamp(lo, hi)
}

/// The points of a flow path's polyline ([`FlowPath::polyline_points`]).
pub struct PolylinePoints {
    points: [Pos2; PIECES + 1],
    len: usize,
}

impl PolylinePoints {
    /// The points, start to end.
    pub fn as_slice(&self) -> &[Pos2] {
        &self.points[..self.len]
    }
}

/// Whether any segment of the polyline through `points` crosses `area`.
pub(super) fn polyline_crosses(points: &[Pos2], area: Rect) -> bool {
    points.windows(2).any(|w| {
        let (a, b) = (w[0], w[1]);
        // Most segments of a polyline lie clear of a small area: a cheap test first.
        a.x.max(b.x) >= area.min.x
            && a.x.min(b.x) <= area.max.x
            && a.y.max(b.y) >= area.min.y
            && a.y.min(b.y) <= area.max.y
            && segment_crosses(a, b, area)
    })
}

/// Whether the segment from `a` to `b` passes through `area`.
pub(super) fn segment_crosses(a: Pos2, b: Pos2, area: Rect) -> bool {
    segment_entry(a, b, area).is_some()
}

/// Where (0 = at `a`, 1 = at `b`) the segment from `a` to `b` enters `area`, if it does
/// (Liang–Barsky: clips the segment to it).
pub(super) fn segment_entry(a: Pos2, b: Pos2, area: Rect) -> Option<f32> {
    let d = b - a;
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d.x, a.x - area.min.x),
        (d.x, area.max.x - a.x),
        (-d.y, a.y - area.min.y),
        (d.y, area.max.y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else if p < 0.0 {
            t0 = t0.max(q / p);
        } else {
            t1 = t1.min(q / p);
        }
    }
    (t0 <= t1).then_some(t0)
}

pub(super) fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    p.distance(nearest_on_segment(p, a, b))
}

/// Drops the points of the polyline `points` that its line can pass within `tolerance` of
/// (Douglas–Peucker, greedy from the start): what the overview draws of a
/// route.
pub(super) fn simplify(points: &mut Vec<Pos2>, tolerance: f32) {
    let mut kept = 1;
    let mut anchor = 0;
    while anchor + 1 < points.len() {
        // The farthest point the line from the anchor can reach with every point between
        // within tolerance of it.
        let mut reach = anchor + 1;
        for end in anchor + 2..points.len() {
            let (a, b) = (points[anchor], points[end]);
            if points[anchor + 1..end]
                .iter()
                .all(|&p| (p - nearest_on_segment(p, a, b)).length_sq() <= tolerance * tolerance)
            {
                reach = end;
            }
        }
        points[kept] = points[reach];
        kept += 1;
        anchor = reach;
    }
    points.truncate(kept.min(points.len()));
}

/// The point of the segment from `a` to `b` nearest to `p`.
pub(super) fn nearest_on_segment(p: Pos2, a: Pos2, b: Pos2) -> Pos2 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    a + ab * t
}

/// How much each flow bends (see [`FlowPath::joining`]) so that flows joining the same two
/// nodes, in either direction, run side by side; for a flow from a node to itself, how much
/// higher its loop goes. `ends` holds each flow's two end nodes (as positions in id order), the
/// flows themselves in id order, which is also the order they are spread in.
pub(super) fn bends(ends: &[(usize, usize)]) -> Vec<f32> {
    let pair = |i: usize| {
        let (a, b) = ends[i];
        (a.min(b), a.max(b))
    };
    let mut order: Vec<usize> = (0..ends.len()).collect();
    order.sort_by_key(|&i| (pair(i), i));
    let mut bends = vec![0.0; ends.len()];
    for group in order.chunk_by(|&a, &b| pair(a) == pair(b)) {
        let n = group.len() as f32;
        for (k, &i) in group.iter().enumerate() {
            let (from, to) = ends[i];
            let lane = (k as f32 - (n - 1.0) / 2.0) * LANE_GAP;
            bends[i] = match from.cmp(&to) {
                std::cmp::Ordering::Equal => k as f32 * LANE_GAP,
                std::cmp::Ordering::Less => lane,
                std::cmp::Ordering::Greater => -lane,
            };
        }
    }
    bends
}

/// The name of the asset a flow carries, if it names a node.
pub fn carried_asset<'a>(project: &'a Project, flow: &Flow) -> Option<&'a str> {
    flow.asset
        .as_deref()
        .and_then(|a| project.nodes.get(a))
        .map(|n| n.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplifying_drops_the_turns_a_line_passes_within_the_tolerance() {
        // A small step (3 units off the line) and a big detour (100 units off it).
        let mut points = vec![
            pos2(0.0, 0.0),
            pos2(50.0, 3.0),
            pos2(100.0, 0.0),
            pos2(150.0, 100.0),
            pos2(200.0, 0.0),
        ];
        simplify(&mut points, 5.0);
        assert_eq!(
            points,
            [pos2(0.0, 0.0), pos2(100.0, 0.0), pos2(150.0, 100.0), pos2(200.0, 0.0)]
        );
        simplify(&mut points, 200.0);
        assert_eq!(points, [pos2(0.0, 0.0), pos2(200.0, 0.0)]);
        let mut two = vec![pos2(0.0, 0.0), pos2(1.0, 1.0)];
        simplify(&mut two, 5.0);
        assert_eq!(two.len(), 2, "the ends stay");
    }

    const A: Rect = Rect::from_min_max(pos2(-80.0, -30.0), pos2(80.0, 30.0));
    const B: Rect = Rect::from_min_max(pos2(320.0, -30.0), pos2(480.0, 30.0));

    /// A node-sized box centred at `centre`.
    fn at(centre: Pos2) -> Rect {
        Rect::from_center_size(centre, MIN_NODE_SIZE)
    }

    /// The middles of flows between A (node 0) and B (node 1), given their ends.
    fn mids(ends: &[(usize, usize)]) -> Vec<Pos2> {
        let centre = |i: usize| if i == 0 { A } else { B };
        let bends = bends(ends);
        ends.iter()
            .zip(bends)
            .map(|(&(f, t), b)| FlowPath::joining(centre(f), centre(t), f == t, b).mid())
            .collect()
    }

    #[test]
    fn the_quick_distance_test_never_rejects_a_near_point() {
        let paths = [
            FlowPath::between(A, B, 0.0),
            FlowPath::between(A, B, 60.0),
            FlowPath::between(B, at(pos2(-300.0, 700.0)), -90.0),
        ];
        for path in paths {
            for x in (-400..=800).step_by(7) {
                for y in (-200..=800).step_by(7) {
                    let p = pos2(x as f32, y as f32);
                    if path.surely_farther_than(p, 5.0) {
                        assert!(path.distance_to(p) > 5.0, "{path:?} {p:?}");
                    }
                }
            }
            assert!(
                path.surely_farther_than(pos2(200.0, -500.0), 5.0),
                "far away is rejected"
            );
        }
    }

    #[test]
    fn a_curve_crosses_where_it_or_its_chord_passes_and_not_far_from_them() {
        let paths = [
            FlowPath::between(A, at(pos2(3000.0, 1200.0)), 40.0),
            FlowPath::between(B, at(pos2(-300.0, 700.0)), -90.0),
            FlowPath::looping(A, 30.0),
        ];
        let mut misses = 0;
        for path in paths {
            assert!(!path.is_straight());
            for k in 0..=200 {
                let t = k as f32 / 200.0;
                for q in [path.point(t), path.start + (path.end - path.start) * t] {
                    assert!(
                        path.crosses(Rect::from_center_size(q, Vec2::splat(0.5))),
                        "{path:?} {q:?}"
                    );
                }
            }
            let b = path.bounding_rect();
            for k in 0..400 {
                let q = b.min + vec2((k % 20) as f32 / 19.0 * b.width(), (k / 20) as f32 / 19.0 * b.height());
                // The band is a rectangle grown by the slack: up to √2 times as wide on a diagonal.
                if path.distance_to(q) > path.slack() * 1.5 + 10.0 {
                    assert!(
                        !path.crosses(Rect::from_center_size(q, Vec2::splat(2.0))),
                        "{path:?} {q:?}"
                    );
                    misses += 1;
                }
            }
        }
        assert!(misses > 200, "most of a long curve's box is away from it: {misses}");
    }

    #[test]
    fn cells_are_counted_like_floor_does() {
        let values = [
            -1e30,
            -3e9,
            -240.0,
            -0.5,
            -0.0,
            0.0,
            0.2,
            239.99,
            240.0,
            1e7 + 0.5,
            3e9,
            1e30,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
        ];
        for v in values {
            for (min, cell) in [(0.0, 1.0), (-37.5, 240.0), (1e6, 0.3)] {
                for (lo, hi) in [(-1, 256), (0, 9)] {
                    let expected = ((v - min) / cell).floor().clamp(lo as f32, hi as f32) as i64;
                    assert_eq!(cell_index(v, min, cell, lo, hi), expected, "{v} {min} {cell}");
                }
            }
        }
    }

    #[test]
    fn a_single_flow_runs_straight_from_edge_to_edge() {
        let path = FlowPath::between(A, B, 0.0);
        assert_eq!(path.start, pos2(80.0, 0.0));
        assert_eq!(path.end, pos2(320.0, 0.0));
        assert!(path.is_straight());
        assert_eq!(path.mid(), pos2(200.0, 0.0));
        assert_eq!(path.end_direction(), Vec2::X);
        assert!(path.distance_to(pos2(200.0, 10.0)) - 10.0 < 1e-4);
    }

    #[test]
    fn a_long_diagonal_path_crosses_only_what_it_passes_through() {
        let path = FlowPath {
            start: pos2(0.0, 0.0),
            control: pos2(500.0, 500.0),
            end: pos2(1000.0, 1000.0),
        };
        assert!(path.crosses(Rect::from_center_size(pos2(500.0, 500.0), Vec2::splat(10.0))));
        assert!(!path.crosses(Rect::from_center_size(pos2(800.0, 200.0), Vec2::splat(100.0))));
        assert!(!path.crosses(Rect::from_center_size(pos2(2000.0, 2000.0), Vec2::splat(100.0))));
        assert!(path.crosses(Rect::from_min_max(pos2(-5.0, -5.0), pos2(5.0, 5.0))));
        let level = FlowPath {
            start: pos2(0.0, 0.0),
            control: pos2(50.0, 0.0),
            end: pos2(100.0, 0.0),
        };
        assert!(level.crosses(Rect::from_min_max(pos2(40.0, -1.0), pos2(60.0, 1.0))));
        assert!(!level.crosses(Rect::from_min_max(pos2(40.0, 1.0), pos2(60.0, 3.0))));
    }

    #[test]
    fn flows_between_the_same_nodes_are_spread_apart_either_way() {
        // Three distinct lanes, the middle one straight, whatever the direction of each flow.
        let ys: Vec<f32> = mids(&[(0, 1), (1, 0), (0, 1)]).iter().map(|m| m.y).collect();
        assert!(ys[1].abs() < 1e-3, "{ys:?}");
        assert!(ys[0] < -20.0 && ys[2] > 20.0 || ys[0] > 20.0 && ys[2] < -20.0, "{ys:?}");
        assert!((ys[0] + ys[2]).abs() < 1e-3);
        // Two opposite flows run apart.
        let two = mids(&[(1, 0), (0, 1)]);
        assert!((two[0].y - two[1].y).abs() >= 25.0, "{two:?}");
        // Flows between other nodes do not count.
        assert_eq!(bends(&[(0, 1), (2, 3)]), vec![0.0, 0.0]);
    }

    #[test]
    fn a_flow_to_itself_loops_above_its_node() {
        let loops = mids(&[(0, 0), (0, 0)]);
        assert!(loops[0].y < -30.0 - 40.0);
        assert!(loops[1].y < loops[0].y - 20.0, "a second loop goes higher: {loops:?}");
        assert_eq!(FlowPath::looping(A, 0.0).start.y, -30.0);
    }
}
