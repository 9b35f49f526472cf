//! Routing flows around nodes: a flow runs straight (or in its lane, when several flows join the
//! same two nodes) unless that takes it across the box of a node it does not start or end at;
//! then it is bent, as little as it takes, around every such box. Deterministic: the same boxes
//! give the same routes.

use egui::Rect;

use super::geometry::FlowPath;

/// Detours tried, in diagram units from the flow's own bend, smallest first, each to either side.
const DETOURS: [f32; 10] = [40.0, 65.0, 95.0, 130.0, 170.0, 220.0, 280.0, 360.0, 460.0, 600.0];
/// Routes keep this clear of the boxes they pass (diagram units).
pub(super) const CLEARANCE: f32 = 6.0;
/// Flows longer than this (diagram units) keep their lane: across a big diagram no bend clears
/// every box in the way, and looking for one would cost more than a frame.
const MAX_ROUTED_LENGTH: f32 = 3_000.0;
/// A detour bends at most this share of the distance between the flow's ends.
const MAX_DETOUR_SHARE: f32 = 0.75;
/// Boxes in the way are counted up to this many.
pub(super) const MAX_COUNTED: usize = 8;

/// The path of a flow between the boxes `from` and `to` in its lane `bend`, or, when that crosses
/// a box other than its ends, the least-bent detour that crosses none (else the one that crosses
/// the fewest). `crossed(path, limit)` counts the boxes a path crosses, its own ends left out,
/// stopping at `limit`. Returns the path and its bend.
pub(super) fn route(
    from: Rect,
    to: Rect,
    to_itself: bool,
    bend: f32,
    crossed: impl Fn(&FlowPath, usize) -> usize,
) -> (FlowPath, f32) {
    let path = FlowPath::joining(from, to, to_itself, bend);
    if to_itself || from.center().distance(to.center()) > MAX_ROUTED_LENGTH {
        return (path, bend);
    }
    let mut best = (crossed(&path, MAX_COUNTED), path, bend);
    if best.0 == 0 {
        return (path, bend);
    }
    // Bend away from the flows in the other lanes first, never further than the flow is long
    // (a bigger arc reads as a loop, and in a crowded diagram it only meets other boxes).
    let side = if bend < 0.0 { -1.0 } else { 1.0 };
    let longest = from.center().distance(to.center()) * MAX_DETOUR_SHARE;
    for detour in DETOURS.into_iter().take_while(|d| *d <= longest.max(DETOURS[0])) {
        for s in [side, -side] {
            let b = bend + s * detour;
            let path = FlowPath::between(from, to, b);
            let count = crossed(&path, best.0);
            if count == 0 {
                return (path, b);
            }
            if count < best.0 {
                best = (count, path, b);
            }
        }
    }
    (best.1, best.2)
}

/// Whether `path` passes through `node` with [`CLEARANCE`] to spare.
pub(super) fn crosses_box(path: &FlowPath, node: Rect) -> bool {
    path.passes_through(node.expand(CLEARANCE))
}

#[cfg(test)]
mod tests {
    use egui::{pos2, vec2};

    use super::*;

    fn boxed(x: f32, y: f32) -> Rect {
        Rect::from_center_size(pos2(x, y), vec2(160.0, 60.0))
    }

    #[test]
    fn a_flow_past_a_node_in_between_bends_around_it() {
        let (left, middle, right) = (boxed(0.0, 0.0), boxed(400.0, 0.0), boxed(800.0, 0.0));
        let crossed = |p: &FlowPath, _| usize::from(crosses_box(p, middle));
        let (straight, bend) = route(left, boxed(0.0, 400.0), false, 0.0, crossed);
        assert!(straight.is_straight() && bend == 0.0, "nothing in the way");
        let (around, bend) = route(right, left, false, 0.0, crossed);
        assert_ne!(bend, 0.0);
        assert!(!crosses_box(&around, middle), "{around:?}");
        assert!(around.start.x >= right.left() - 1.0 && around.end.x <= left.right() + 1.0);
    }

    #[test]
    fn with_no_way_around_the_fewest_boxes_are_crossed() {
        let (a, b) = (boxed(0.0, 0.0), boxed(2000.0, 0.0));
        let wall: Vec<Rect> = (-30..=30)
            .map(|k| Rect::from_center_size(pos2(1000.0, k as f32 * 100.0), vec2(20.0, 90.0)))
            .collect();
        let crossed = |p: &FlowPath, limit: usize| wall.iter().filter(|w| crosses_box(p, **w)).take(limit).count();
        let (path, _) = route(a, b, false, 0.0, crossed);
        assert_eq!(crossed(&path, 10), 1);
        let far = Rect::from_center_size(pos2(9000.0, 0.0), vec2(160.0, 60.0));
        let (long, bend) = route(a, far, false, 0.0, crossed);
        assert!(long.is_straight() && bend == 0.0, "a long flow keeps its lane");
    }
}
