//! The drawn route of a flow: one [`FlowPath`] (straight, bent into its lane, or bent once around
//! a node), or, where that cannot clear the nodes in the way, a chain of pieces through
//! waypoints — straight pieces joined by rounded corners. Everything that draws, hit-tests,
//! culls, indexes or labels a flow goes through this type, so all of them follow the same route.

use egui::{Pos2, Rect, Vec2};

use super::geometry::{FlowPath, box_exit, nearest_on_segment};

/// The drawn route of a flow, start to end.
#[derive(Clone, Debug, PartialEq)]
pub struct Route(Pieces);

#[derive(Clone, Debug, PartialEq)]
enum Pieces {
    One(FlowPath),
    /// At least two pieces, each ending where the next starts.
    Chain(Box<[FlowPath]>),
}

/// A route in brief (see [`Route::outline`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outline {
    pub start: Pos2,
    pub end: Pos2,
    /// How far the ends of its pieces lie from the straight line from start to end, at most.
    pub straying: f32,
}

impl From<FlowPath> for Route {
    fn from(path: FlowPath) -> Self {
        Self(Pieces::One(path))
    }
}

impl Route {
    /// The waypoints a route from the box `from` to the box `to` can go through: `waypoints`
    /// without those up to the last one inside `from` and from the first one inside `to` on.
    pub fn outside(from: Rect, to: Rect, waypoints: &[Pos2]) -> &[Pos2] {
        let first = waypoints.iter().rposition(|w| from.contains(*w)).map_or(0, |i| i + 1);
        let rest = &waypoints[first..];
        let last = rest.iter().position(|w| to.contains(*w)).unwrap_or(rest.len());
        &rest[..last]
    }

    /// The route from the edge of the box `from` through `waypoints` to the edge of the box `to`:
    /// straight pieces, their corners rounded with up to `corner` units cut off each side (never
    /// more than half a piece). Only the waypoints [`Route::outside`] the end boxes are used.
    pub fn through(from: Rect, to: Rect, waypoints: &[Pos2], corner: f32) -> Self {
        let inner = Self::outside(from, to, waypoints);
        let (Some(&next), Some(&previous)) = (inner.first(), inner.last()) else {
            return FlowPath::between(from, to, 0.0).into();
        };
        let start = box_exit(from, next - from.center(), to.center() - from.center());
        let end = box_exit(to, previous - to.center(), from.center() - to.center());
        let points: Vec<Pos2> = std::iter::once(start)
            .chain(inner.iter().copied())
            .chain(std::iter::once(end))
            .collect();
        Self::rounded(&points, corner)
    }

    /// Straight pieces through `points` (at least two), corners rounded by up to `corner` units.
    fn rounded(points: &[Pos2], corner: f32) -> Self {
        let mut pieces = Vec::with_capacity(2 * points.len());
        let mut from = points[0];
        for w in points.windows(3) {
            let (before, at, after) = (w[0], w[1], w[2]);
            let cut = corner.min(before.distance(at) / 2.0).min(at.distance(after) / 2.0);
            let (enter, leave) = (
                at + (before - at).normalized() * cut,
                at + (after - at).normalized() * cut,
            );
            push_straight(&mut pieces, from, enter);
            if cut > 0.0 {
                pieces.push(FlowPath {
                    start: enter,
                    control: at,
                    end: leave,
                });
            }
            from = leave;
        }
        push_straight(&mut pieces, from, points[points.len() - 1]);
        match pieces.len() {
            0 => FlowPath::straight(points[0], points[points.len() - 1]).into(),
            1 => pieces[0].into(),
            _ => Self(Pieces::Chain(pieces.into_boxed_slice())),
        }
    }

    /// The pieces of the route, start to end.
    pub fn pieces(&self) -> &[FlowPath] {
        match &self.0 {
            Pieces::One(path) => std::slice::from_ref(path),
            Pieces::Chain(pieces) => pieces,
        }
    }

    /// The route as one curve, when it is one.
    pub fn as_one(&self) -> Option<&FlowPath> {
        match &self.0 {
            Pieces::One(path) => Some(path),
            Pieces::Chain(_) => None,
        }
    }

    pub fn start(&self) -> Pos2 {
        self.pieces()[0].start
    }

    pub fn end(&self) -> Pos2 {
        self.pieces()[self.pieces().len() - 1].end
    }

    /// The piece at `t` along the whole route (0 = start, 1 = end) and the parameter there on
    /// it: for one curve, `t` itself; along a chain, by length.
    fn locate(&self, t: f32) -> (&FlowPath, f32) {
        match self.pieces() {
            [one] => (one, t),
            _ => self.locate_in(&self.piece_lengths(), t),
        }
    }

    /// The length of each piece of a chain (nothing for one curve), for
    /// [`Route::point_and_direction_in`] to find many points along it without measuring it
    /// each time.
    pub fn piece_lengths(&self) -> Vec<f32> {
        match &self.0 {
            Pieces::One(_) => Vec::new(),
            Pieces::Chain(pieces) => pieces.iter().map(FlowPath::length).collect(),
        }
    }

    /// [`Route::locate`] with the chain's `lengths` ([`Route::piece_lengths`]) known.
    fn locate_in(&self, lengths: &[f32], t: f32) -> (&FlowPath, f32) {
        let pieces = self.pieces();
        if pieces.len() == 1 {
            return (&pieces[0], t);
        }
        let total: f32 = lengths.iter().sum();
        let mut left = t.clamp(0.0, 1.0) * total;
        for (piece, &length) in pieces[..pieces.len() - 1].iter().zip(lengths) {
            if left <= length {
                return (piece, if length > 0.0 { left / length } else { 0.0 });
            }
            left -= length;
        }
        let last = &pieces[pieces.len() - 1];
        (last, (left / lengths[pieces.len() - 1].max(f32::MIN_POSITIVE)).min(1.0))
    }

    /// The point at `t` along the route (0 = start, 1 = end).
    pub fn point(&self, t: f32) -> Pos2 {
        let (piece, u) = self.locate(t);
        piece.point(u)
    }

    /// The unit direction of the route at `t`.
    pub fn direction(&self, t: f32) -> Vec2 {
        let (piece, u) = self.locate(t);
        piece.direction(u)
    }

    /// The point at `t` along the route and the route's unit direction there.
    pub fn point_and_direction(&self, t: f32) -> (Pos2, Vec2) {
        let (piece, u) = self.locate(t);
        (piece.point(u), piece.direction(u))
    }

    /// [`Route::point_and_direction`] with the chain's `lengths` ([`Route::piece_lengths`])
    /// known.
    pub fn point_and_direction_in(&self, lengths: &[f32], t: f32) -> (Pos2, Vec2) {
        let (piece, u) = self.locate_in(lengths, t);
        (piece.point(u), piece.direction(u))
    }

    /// The middle of the route.
    pub fn mid(&self) -> Pos2 {
        self.point(0.5)
    }

    /// The unit direction the route has where it arrives, for the arrowhead.
    pub fn end_direction(&self) -> Vec2 {
        self.pieces()[self.pieces().len() - 1].end_direction()
    }

    /// Whether the route passes through `area`, as [`FlowPath::crosses`] tells of each piece.
    pub fn crosses(&self, area: Rect) -> bool {
        self.pieces().iter().any(|p| p.crosses(area))
    }

    /// Whether the route itself passes through `area` (see [`FlowPath::passes_through`]).
    pub fn passes_through(&self, area: Rect) -> bool {
        self.pieces().iter().any(|p| p.passes_through(area))
    }

    /// The points the hit test measures by, start to end: every piece's [`FlowPath::polyline`].
    pub fn polyline(&self) -> impl Iterator<Item = Pos2> + '_ {
        self.pieces()
            .iter()
            .enumerate()
            .flat_map(|(k, p)| p.polyline().skip(usize::from(k > 0)))
    }

    /// How far any piece strays from its polyline at most (see [`FlowPath::slack`]).
    pub fn slack(&self) -> f32 {
        self.pieces().iter().map(FlowPath::slack).fold(0.0, f32::max)
    }

    /// What the overview needs of the route, kept beside it so that drawing every flow of a big
    /// diagram need not visit each route's pieces.
    pub fn outline(&self) -> Outline {
        let (start, end) = (self.start(), self.end());
        let straying = self.pieces()[..self.pieces().len() - 1]
            .iter()
            .map(|piece| piece.end.distance(nearest_on_segment(piece.end, start, end)))
            .fold(0.0, f32::max);
        Outline { start, end, straying }
    }

    /// Where the route starts and turns and ends: the start, then the end of each piece.
    pub fn corners(&self) -> Vec<Pos2> {
        let pieces = self.pieces();
        std::iter::once(pieces[0].start)
            .chain(pieces.iter().map(|piece| piece.end))
            .collect()
    }

    /// A rectangle that contains the whole route.
    pub fn bounding_rect(&self) -> Rect {
        self.pieces()
            .iter()
            .map(FlowPath::bounding_rect)
            .fold(Rect::NOTHING, |a, b| a.union(b))
    }

    /// Whether `p` is surely farther than `d` from every piece (see
    /// [`FlowPath::surely_farther_than`]).
    pub fn surely_farther_than(&self, p: Pos2, d: f32) -> bool {
        self.pieces().iter().all(|piece| piece.surely_farther_than(p, d))
    }

    /// The distance from `p` to the route.
    pub fn distance_to(&self, p: Pos2) -> f32 {
        self.pieces()
            .iter()
            .map(|piece| piece.distance_to(p))
            .fold(f32::INFINITY, f32::min)
    }

    /// The route moved by `by`.
    pub fn translate(&self, by: Vec2) -> Self {
        let moved = |piece: &FlowPath| piece.map(|p| p + by);
        match &self.0 {
            Pieces::One(path) => moved(path).into(),
            Pieces::Chain(pieces) => Self(Pieces::Chain(pieces.iter().map(moved).collect())),
        }
    }
}

/// Adds the straight piece from `a` to `b`, unless it has no length.
fn push_straight(pieces: &mut Vec<FlowPath>, a: Pos2, b: Pos2) {
    if a.distance_sq(b) > 1e-6 {
        pieces.push(FlowPath::straight(a, b));
    }
}

#[cfg(test)]
mod tests {
    use egui::{pos2, vec2};

    use super::*;

    fn boxed(x: f32, y: f32) -> Rect {
        Rect::from_center_size(pos2(x, y), vec2(160.0, 60.0))
    }

    /// From (0, 0) up over a box at (400, 0) and down to (800, 0).
    fn over() -> Route {
        Route::through(
            boxed(0.0, 0.0),
            boxed(800.0, 0.0),
            &[pos2(300.0, -60.0), pos2(500.0, -60.0)],
            12.0,
        )
    }

    #[test]
    fn a_route_through_waypoints_leaves_and_reaches_the_box_edges_and_rounds_its_corners() {
        let route = over();
        assert_eq!(route.pieces().len(), 5, "three straight pieces, two corners: {route:?}");
        assert!(
            route.start().x >= 80.0 - 1e-3 && route.start().y < 0.0,
            "{:?}",
            route.start()
        );
        assert!(
            route.end().x <= 720.0 + 1e-3 && route.end().y < 0.0,
            "{:?}",
            route.end()
        );
        for w in route.pieces().windows(2) {
            assert_eq!(w[0].end, w[1].start, "pieces join");
        }
        assert!(route.end_direction().y > 0.0, "arrives going down");
        let mid = route.mid();
        assert!((mid - pos2(400.0, -60.0)).length() < 1e-3, "{mid:?}");
        assert!(route.direction(0.5).x > 0.99);
        assert!(!route.passes_through(boxed(400.0, 0.0).expand(6.0)));
        assert!(route.passes_through(Rect::from_center_size(pos2(400.0, -60.0), Vec2::splat(2.0))));
        assert!(route.distance_to(pos2(400.0, -50.0)) - 10.0 < 1e-3);
        assert!(route.surely_farther_than(pos2(400.0, 0.0), 20.0));
        let bounds = route.bounding_rect();
        assert!(bounds.top() == -60.0 && bounds.left() >= 80.0 - 1e-3, "{bounds:?}");
        let points: Vec<Pos2> = route.polyline().collect();
        assert_eq!(points[0], route.start());
        assert_eq!(points[points.len() - 1], route.end());
    }

    #[test]
    fn points_along_a_chain_go_by_length_and_are_monotone() {
        let route = over();
        let xs: Vec<f32> = (0..=20).map(|k| route.point(k as f32 / 20.0).x).collect();
        assert!(xs.windows(2).all(|w| w[1] >= w[0] - 1e-3), "{xs:?}");
        assert_eq!(route.point(0.0), route.start());
        assert!((route.point(1.0) - route.end()).length() < 1e-3);
        let moved = route.translate(vec2(10.0, 5.0));
        assert_eq!(moved.start(), route.start() + vec2(10.0, 5.0));
        assert_eq!(moved.pieces().len(), route.pieces().len());
    }

    #[test]
    fn waypoints_inside_an_end_box_are_left_out() {
        let (a, b) = (boxed(0.0, 0.0), boxed(800.0, 0.0));
        let route = Route::through(a, b, &[pos2(10.0, 0.0), pos2(790.0, 10.0)], 12.0);
        assert_eq!(route, FlowPath::between(a, b, 0.0).into());
        let one: Route = FlowPath::between(a, b, 40.0).into();
        assert!(one.as_one().is_some() && over().as_one().is_none());
        assert_eq!(
            one.point(0.3),
            FlowPath::between(a, b, 40.0).point(0.3),
            "one curve keeps its parameter"
        );
    }
}
