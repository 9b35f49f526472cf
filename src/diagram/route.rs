//! Routing flows around nodes: a flow runs straight (or in its lane, when several flows join the
//! same two nodes) unless that takes it across the box of a node it does not start or end at;
//! then it is bent once, as little as it takes, around every such box; and where no single bend
//! clears them, it runs through waypoints beside the boxes in its way, as many as it takes.
//! Deterministic: the same boxes give the same routes.

use egui::{Pos2, Rect, Vec2};

use super::geometry::{FlowPath, LANE_GAP};
use super::path::Route;

/// Detours tried, in diagram units from the flow's own bend, smallest first, each to either side.
const DETOURS: [f32; 10] = [40.0, 65.0, 95.0, 130.0, 170.0, 220.0, 280.0, 360.0, 460.0, 600.0];
/// Routes keep this clear of the boxes they pass (diagram units).
pub(super) const CLEARANCE: f32 = 6.0;
/// In a project of more than [`ALL_ROUTED_UP_TO`] nodes, flows longer than this (diagram units)
/// keep their lane: across a big diagram the way around the boxes in the way of thousands of
/// long flows would cost more than opening the project does.
const MAX_ROUTED_LENGTH: f32 = 3_000.0;
/// Every flow of a project with up to this many nodes is routed, however long.
pub(super) const ALL_ROUTED_UP_TO: usize = 2_000;
/// In a bigger project a flow tries only this many of the smallest [`DETOURS`] before it goes
/// through waypoints: four flows in ten of a dense drawing need waypoints, and trying every
/// detour first was most of the cost of opening a 100,000-node project.
const BIG_PROJECT_DETOURS: usize = 3;
/// A detour bends at most this share of the distance between the flow's ends.
const MAX_DETOUR_SHARE: f32 = 0.75;
/// Boxes in the way are counted up to this many.
pub(super) const MAX_COUNTED: usize = 8;
/// Waypoints pass the corners of a box in the way this far out (diagram units), more for a flow
/// in a lane other than the middle one.
const CORNER_MARGIN: f32 = 12.0;
/// The corners of a route through waypoints are rounded off by up to this much (diagram units):
/// less than the margin, so a rounded corner still clears the box it turns around.
const CORNER_CUT: f32 = 10.0;
/// A route through waypoints has at most this many…
const MAX_WAYPOINTS: usize = 24;
/// …and is looked for in at most this many steps (one box gone around each).
const MAX_STEPS: usize = 48;

/// The node boxes routes go around, as the spatial index knows them: every box but those of the
/// flow's own ends.
pub(super) trait Obstacles {
    /// How many boxes there are in the project (the flow's own ends among them).
    fn count(&self) -> usize;
    /// How many boxes `path` passes through with [`CLEARANCE`] to spare, counted up to `limit`.
    fn crossed(&self, path: &FlowPath, limit: usize) -> usize;
    /// The box the segment from `a` to `b` enters first, grown by [`CLEARANCE`], if any.
    fn first_across(&self, a: Pos2, b: Pos2) -> Option<Rect>;
}

/// The route of a flow between the boxes `from` and `to` in its lane: the lane itself, or, when
/// that crosses a box other than its ends, the least-bent single detour that crosses none, else
/// a route through waypoints around the boxes in the way; when nothing clears them all (a node
/// walled in), whichever crosses the fewest.
pub(super) fn route(from: Rect, to: Rect, to_itself: bool, lane: f32, obstacles: &impl Obstacles) -> Route {
    let path = FlowPath::joining(from, to, to_itself, lane);
    if keeps_lane(from, to, to_itself, obstacles.count()) {
        return path.into();
    }
    let crossed = obstacles.crossed(&path, MAX_COUNTED);
    if crossed == 0 {
        return path.into();
    }
    let (crossed, bent) = bent_once(from, to, lane, (crossed, path), obstacles);
    if crossed == 0 {
        return bent.into();
    }
    let (waypoints, clear) = around(from.center(), to.center(), lane, obstacles);
    let kept = Route::outside(from, to, &waypoints);
    // The straight pieces of a clear way need no second look (they lie on the pieces found
    // clear), only its rounded corners do; with them cut sharp, it is clear.
    if clear && kept.len() == waypoints.len() {
        let rounded = Route::through(from, to, kept, CORNER_CUT);
        let corners = rounded.pieces().iter().filter(|piece| !piece.is_straight());
        if corners.into_iter().all(|corner| obstacles.crossed(corner, 1) == 0) {
            return rounded;
        }
        return Route::through(from, to, kept, 0.0);
    }
    let chain = Route::through(from, to, kept, 0.0);
    if crossed_by(&chain, crossed, obstacles) < crossed {
        chain
    } else {
        bent.into()
    }
}

/// Whether a flow between the boxes `from` and `to` of a project of `boxes` nodes runs in its lane
/// whatever stands in its way: a flow from a node to itself, and in a big project a long one (see
/// [`MAX_ROUTED_LENGTH`]). Nothing moving elsewhere changes such a route.
pub(super) fn keeps_lane(from: Rect, to: Rect, to_itself: bool, boxes: usize) -> bool {
    to_itself || boxes > ALL_ROUTED_UP_TO && from.center().distance(to.center()) > MAX_ROUTED_LENGTH
}

/// The single detour (a bend of the lane to either side) that crosses the fewest boxes, the
/// least bent first; `best` is the lane's path and what it crosses.
fn bent_once(
    from: Rect,
    to: Rect,
    lane: f32,
    mut best: (usize, FlowPath),
    obstacles: &impl Obstacles,
) -> (usize, FlowPath) {
    // Bend away from the flows in the other lanes first, never further than the flow is long
    // (a bigger arc reads as a loop, and in a crowded diagram it only meets other boxes).
    let side = if lane < 0.0 { -1.0 } else { 1.0 };
    let longest = from.center().distance(to.center()) * MAX_DETOUR_SHARE;
    let tried = if obstacles.count() > ALL_ROUTED_UP_TO {
        BIG_PROJECT_DETOURS
    } else {
        DETOURS.len()
    };
    for detour in DETOURS
        .into_iter()
        .take(tried)
        .take_while(|d| *d <= longest.max(DETOURS[0]))
    {
        for s in [side, -side] {
            let path = FlowPath::between(from, to, lane + s * detour);
            let count = obstacles.crossed(&path, best.0);
            if count < best.0 {
                best = (count, path);
            }
            if count == 0 {
                return best;
            }
        }
    }
    best
}

/// The boxes `route` crosses, counted up to `limit` (a box crossed by two pieces counts twice).
fn crossed_by(route: &Route, limit: usize, obstacles: &impl Obstacles) -> usize {
    let mut count = 0;
    for piece in route.pieces() {
        count += obstacles.crossed(piece, limit - count);
        if count >= limit {
            break;
        }
    }
    count
}

/// Waypoints from `a` to `b` that take the straight pieces between them past every box in the
/// way, and whether they do: the first box a piece enters is gone around by the corners of that
/// box (grown by the margin of the flow's `lane`) on the side that leaves the way clear (else the
/// first of [`passes`]), until no piece enters a box or the steps or waypoints run out; then
/// every waypoint the route does not need is dropped.
fn around(a: Pos2, b: Pos2, lane: f32, obstacles: &impl Obstacles) -> (Vec<Pos2>, bool) {
    let mut points = vec![a, b];
    // Pieces before `k` are known to be clear.
    let mut k = 0;
    let mut clear = false;
    for _ in 0..MAX_STEPS {
        let Some((at, obstacle)) =
            (k..points.len() - 1).find_map(|i| obstacles.first_across(points[i], points[i + 1]).map(|o| (i, o)))
        else {
            clear = true;
            break;
        };
        let (p, q) = (points[at], points[at + 1]);
        let mut ways = passes(p, q, obstacle, lane);
        let free = ways.iter().position(|corners| clear_way(p, corners, q, obstacles));
        let Some(chosen) = free.or((!ways.is_empty()).then_some(0)) else {
            break;
        };
        let corners = ways.swap_remove(chosen);
        if points.len() - 2 + corners.len() > MAX_WAYPOINTS {
            break;
        }
        k = if free.is_some() { at + corners.len() + 1 } else { at };
        points.splice(at + 1..at + 1, corners);
    }
    pull_taut(&mut points, obstacles);
    (points[1..points.len() - 1].to_vec(), clear)
}

/// The ways past `obstacle` for the piece from `p` to `q`, best first: the corners of the box
/// grown by the lane's margin on either side of the piece, the shorter way first (for a flow in
/// a side lane, its own side first), then, for a side lane, the same with the middle lane's
/// margin.
fn passes(p: Pos2, q: Pos2, obstacle: Rect, lane: f32) -> Vec<Vec<Pos2>> {
    let left = Vec2::new((q - p).y, -(q - p).x);
    let length = |corners: &[Pos2]| {
        let mut from = p;
        corners
            .iter()
            .chain(std::iter::once(&q))
            .fold(0.0, |sum, &c| sum + from.distance(std::mem::replace(&mut from, c)))
    };
    let mut ways = Vec::with_capacity(4);
    let rounds: &[bool] = if lane == 0.0 { &[false] } else { &[false, true] };
    for &middle in rounds {
        let mut sides: Vec<(bool, f32, Vec<Pos2>)> = [1.0f32, -1.0]
            .into_iter()
            .map(|side| {
                let m = if middle { CORNER_MARGIN } else { margin(lane, side) };
                let corners = corners_beside(p, q, obstacle.expand(m), left * side);
                (lane * side < 0.0, length(&corners), corners)
            })
            .filter(|(_, _, corners)| !corners.is_empty())
            .collect();
        sides.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
        ways.extend(sides.into_iter().map(|(_, _, corners)| corners));
    }
    ways
}

/// How far out a flow in `lane` passes a box on the side `side` (1 left, -1 right): flows in
/// different lanes between the same two nodes pass at different distances, on either side.
fn margin(lane: f32, side: f32) -> f32 {
    let against = if lane * side < 0.0 { LANE_GAP / 2.0 } else { 0.0 };
    CORNER_MARGIN + lane.abs() + against
}

/// The corners of `area` on the side of the line from `p` to `q` that `toward` points to, in
/// the order the line passes them.
fn corners_beside(p: Pos2, q: Pos2, area: Rect, toward: Vec2) -> Vec<Pos2> {
    let along = q - p;
    let mut corners: Vec<Pos2> = [
        area.left_top(),
        area.right_top(),
        area.right_bottom(),
        area.left_bottom(),
    ]
    .into_iter()
    .filter(|c| (*c - p).dot(toward) > 0.0)
    .collect();
    corners.sort_by(|x, y| (*x - p).dot(along).total_cmp(&(*y - p).dot(along)));
    corners
}

/// Whether the straight pieces from `p` through `corners` to `q` cross no box.
fn clear_way(p: Pos2, corners: &[Pos2], q: Pos2, obstacles: &impl Obstacles) -> bool {
    let mut from = p;
    corners.iter().chain(std::iter::once(&q)).all(|&to| {
        let free = obstacles.first_across(from, to).is_none();
        from = to;
        free
    })
}

/// Drops every waypoint whose neighbours see each other past every box.
fn pull_taut(points: &mut Vec<Pos2>, obstacles: &impl Obstacles) {
    let mut k = 1;
    while k + 1 < points.len() {
        if obstacles.first_across(points[k - 1], points[k + 1]).is_none() {
            points.remove(k);
        } else {
            k += 1;
        }
    }
}

/// Whether `path` passes through `node` with [`CLEARANCE`] to spare.
#[cfg(test)]
pub(super) fn crosses_box(path: &FlowPath, node: Rect) -> bool {
    path.passes_through(node.expand(CLEARANCE))
}

/// Whether any piece of `route` passes through `node` with [`CLEARANCE`] to spare.
#[cfg(test)]
pub(super) fn route_crosses_box(route: &Route, node: Rect) -> bool {
    route.pieces().iter().any(|piece| crosses_box(piece, node))
}

#[cfg(test)]
mod tests {
    use egui::{pos2, vec2};

    use super::super::geometry::segment_entry;
    use super::*;

    fn boxed(x: f32, y: f32) -> Rect {
        Rect::from_center_size(pos2(x, y), vec2(160.0, 60.0))
    }

    /// Boxes looked through one by one.
    struct Boxes(Vec<Rect>);

    impl Obstacles for Boxes {
        fn count(&self) -> usize {
            self.0.len()
        }

        fn crossed(&self, path: &FlowPath, limit: usize) -> usize {
            self.0.iter().filter(|b| crosses_box(path, **b)).take(limit).count()
        }

        fn first_across(&self, a: Pos2, b: Pos2) -> Option<Rect> {
            self.0
                .iter()
                .filter_map(|r| Some((segment_entry(a, b, r.expand(CLEARANCE))?, *r)))
                .min_by(|x, y| x.0.total_cmp(&y.0))
                .map(|(_, r)| r)
        }
    }

    fn crossings(route: &Route, boxes: &Boxes) -> usize {
        boxes.0.iter().filter(|b| route_crosses_box(route, **b)).count()
    }

    #[test]
    fn a_flow_past_a_node_in_between_bends_around_it() {
        let (left, middle, right) = (boxed(0.0, 0.0), boxed(400.0, 0.0), boxed(800.0, 0.0));
        let boxes = Boxes(vec![middle]);
        let straight = route(left, boxed(0.0, 400.0), false, 0.0, &boxes);
        assert_eq!(
            straight,
            FlowPath::between(left, boxed(0.0, 400.0), 0.0).into(),
            "nothing in the way"
        );
        let around = route(right, left, false, 0.0, &boxes);
        let one = around.as_one().expect("one bend is enough");
        assert!(!one.is_straight());
        assert_eq!(crossings(&around, &boxes), 0, "{around:?}");
        assert!(around.start().x >= right.left() - 1.0 && around.end().x <= left.right() + 1.0);
    }

    #[test]
    fn a_flow_weaves_between_rows_of_nodes_where_no_single_bend_clears_them() {
        // Rows of boxes above and below a corridor, with a box in it near the top and, further
        // on, one near the bottom: the way through is an S.
        let mut walls = Vec::new();
        for k in 0..8 {
            for row in 0..6 {
                let (x, y) = (300.0 + k as f32 * 200.0, 100.0 + row as f32 * 120.0);
                walls.extend([boxed(x, -y), boxed(x, y)]);
            }
        }
        walls.push(boxed(700.0, -25.0));
        walls.push(boxed(1300.0, 25.0));
        let boxes = Boxes(walls);
        let (a, b) = (boxed(0.0, 0.0), boxed(2000.0, 0.0));
        let route = route(a, b, false, 0.0, &boxes);
        assert!(route.as_one().is_none(), "several bends: {route:?}");
        assert_eq!(crossings(&route, &boxes), 0, "{route:?}");
        assert!(route.start().x >= a.right() - 1.0 && route.end().x <= b.left() + 1.0);
    }

    #[test]
    fn flows_in_different_lanes_pass_a_node_apart() {
        let mut walls: Vec<Rect> = (0..6).map(|k| boxed(300.0 + k as f32 * 200.0, -100.0)).collect();
        walls.extend((0..6).map(|k| boxed(300.0 + k as f32 * 200.0, 100.0)));
        walls.push(boxed(800.0, 0.0));
        let boxes = Boxes(walls);
        let (a, b) = (boxed(0.0, 0.0), boxed(1600.0, 0.0));
        let there = route(a, b, false, 15.0, &boxes);
        let back = route(b, a, false, 15.0, &boxes);
        for r in [&there, &back] {
            assert_eq!(crossings(r, &boxes), 0, "{r:?}");
        }
        let (m1, m2) = (there.point(0.5), back.point(0.5));
        assert!((m1.y - m2.y).abs() >= 10.0, "{m1:?} {m2:?}");
    }

    #[test]
    fn with_no_way_around_the_fewest_boxes_are_crossed() {
        let (a, b) = (boxed(0.0, 0.0), boxed(2000.0, 0.0));
        let wall: Vec<Rect> = (-30..=30)
            .map(|k| Rect::from_center_size(pos2(1000.0, k as f32 * 100.0), vec2(20.0, 90.0)))
            .collect();
        let boxes = Boxes(wall);
        let path = route(a, b, false, 0.0, &boxes);
        assert_eq!(crossings(&path, &boxes), 1);
        let far = Rect::from_center_size(pos2(9000.0, 0.0), vec2(160.0, 60.0));
        let one = Boxes(vec![boxed(4500.0, 0.0)]);
        let long = route(a, far, false, 0.0, &one);
        assert_eq!(crossings(&long, &one), 0, "a long flow in a small project is routed");
        let mut many = one.0.clone();
        many.extend((0..ALL_ROUTED_UP_TO).map(|k| boxed(0.0, 1000.0 + k as f32 * 100.0)));
        let long = route(a, far, false, 0.0, &Boxes(many));
        assert_eq!(
            long,
            FlowPath::between(a, far, 0.0).into(),
            "a long flow in a big project keeps its lane"
        );
    }
}
