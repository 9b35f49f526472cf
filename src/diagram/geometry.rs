//! Diagram geometry in diagram units: node boxes, flow paths (flows joining the same two nodes
//! bend apart so they never overlap), the room a flow label takes and the extent of a project.

use std::collections::BTreeMap;

use egui::{Pos2, Rect, Vec2, pos2, vec2};

use crate::model::{Flow, Node, Project};

/// Every node is a box of this size centred on its position.
pub const NODE_SIZE: Vec2 = Vec2::new(160.0, 60.0);

/// Font sizes at 100 % zoom (diagram units).
pub(super) const NAME_FONT: f32 = 14.0;
pub(super) const CAPTION_FONT: f32 = 10.5;
pub(super) const ACTION_FONT: f32 = 12.0;
pub(super) const ASSET_FONT: f32 = 10.5;
/// Diameter of the step-number badge on a flow label.
pub(super) const STEP_BADGE: f32 = 17.0;
/// Padding around a flow label.
pub(super) const LABEL_PAD: f32 = 3.0;
/// Width of the little asset mark before a carried asset's name.
pub(super) const ASSET_MARK: f32 = 10.0;

/// How far apart parallel flows between the same two nodes run.
const LANE_GAP: f32 = 30.0;
/// How high above its node a flow from a node to itself loops.
const LOOP_HEIGHT: f32 = 45.0;
/// Half the distance between the two ends of a loop.
const LOOP_HALF_WIDTH: f32 = 32.0;

/// The box of a node, centred on its position.
pub fn node_rect(node: &Node) -> Rect {
    box_at(pos2(node.position.x, node.position.y))
}

/// The box of a node centred at `centre`.
pub fn box_at(centre: Pos2) -> Rect {
    Rect::from_center_size(centre, NODE_SIZE)
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
    /// The path between the boxes centred at `from` and `to`, bent so that its middle lies `bend`
    /// units to the left of the straight line (seen from `from`; negative bends right).
    pub fn between(from: Pos2, to: Pos2, bend: f32) -> Self {
        let along = to - from;
        let dir = if along.length_sq() > 1e-6 {
            along.normalized()
        } else {
            Vec2::X
        };
        let normal = vec2(dir.y, -dir.x);
        let control = from + along * 0.5 + normal * (2.0 * bend);
        let start = box_exit(from, control - from, to - from);
        let end = box_exit(to, control - to, from - to);
        let control = if bend == 0.0 {
            start + (end - start) * 0.5
        } else {
            control
        };
        Self { start, control, end }
    }

    /// A loop above the box centred at `centre`, for a flow from a node to itself; `extra` raises
    /// it (to keep several loops apart).
    pub fn looping(centre: Pos2, extra: f32) -> Self {
        let top = centre.y - NODE_SIZE.y / 2.0;
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

    pub fn is_straight(&self) -> bool {
        let chord = self.end - self.start;
        let off = self.control - self.start;
        (chord.x * off.y - chord.y * off.x).abs() <= 1e-3 * chord.length_sq().max(1.0)
    }

    /// The unit direction the path has where it arrives, for the arrowhead.
    pub fn end_direction(&self) -> Vec2 {
        let d = self.end - self.control;
        let d = if d.length_sq() > 1e-6 { d } else { self.end - self.start };
        if d.length_sq() > 1e-6 { d.normalized() } else { Vec2::X }
    }

    /// Whether the path passes through `area` (exactly for a straight path; for a curve,
    /// whether the triangle around it does).
    pub fn crosses(&self, area: Rect) -> bool {
        if !self.bounding_rect().intersects(area) {
            return false;
        }
        if !self.is_straight() {
            return true;
        }
        // Liang–Barsky: clip the segment to the rectangle.
        let (a, d) = (self.start, self.end - self.start);
        let (mut t0, mut t1) = (0.0f32, 1.0f32);
        for (p, q) in [
            (-d.x, a.x - area.min.x),
            (d.x, area.max.x - a.x),
            (-d.y, a.y - area.min.y),
            (d.y, area.max.y - a.y),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else if p < 0.0 {
                t0 = t0.max(q / p);
            } else {
                t1 = t1.min(q / p);
            }
        }
        t0 <= t1
    }

    /// A rectangle that contains the whole path.
    pub fn bounding_rect(&self) -> Rect {
        Rect::from_points(&[self.start, self.control, self.end])
    }

    /// The distance from `p` to the path (measured along 16 straight pieces).
    pub fn distance_to(&self, p: Pos2) -> f32 {
        const PIECES: usize = 16;
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

/// The point where a ray from a box centre leaves the box, heading along `toward` (or along
/// `fallback` when `toward` is zero).
fn box_exit(centre: Pos2, toward: Vec2, fallback: Vec2) -> Pos2 {
    let d = if toward.length_sq() > 1e-6 { toward } else { fallback };
    let half = NODE_SIZE / 2.0;
    let t = (half.x / d.x.abs()).min(half.y / d.y.abs());
    if t.is_finite() { centre + d * t } else { centre }
}

fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(a + ab * t)
}

/// How much each flow bends (see [`FlowPath::between`]) so that flows joining the same two
/// nodes, in either direction, run side by side; for a flow from a node to itself, how much
/// higher its loop goes. Flows are spread in id order.
pub fn flow_bends(project: &Project) -> BTreeMap<&str, f32> {
    let mut pairs: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for (id, flow) in &project.flows {
        let key = if flow.from <= flow.to {
            (&*flow.from, &*flow.to)
        } else {
            (&*flow.to, &*flow.from)
        };
        pairs.entry(key).or_default().push(id);
    }
    let mut bends = BTreeMap::new();
    for ((low, high), ids) in pairs {
        let n = ids.len() as f32;
        for (i, id) in ids.into_iter().enumerate() {
            let bend = if low == high {
                i as f32 * LANE_GAP
            } else {
                let lane = (i as f32 - (n - 1.0) / 2.0) * LANE_GAP;
                if project.flows[id].from == low { lane } else { -lane }
            };
            bends.insert(id, bend);
        }
    }
    bends
}

/// The path of a flow with the given bend, or `None` when one of its ends is missing.
pub fn flow_path(project: &Project, flow: &Flow, bend: f32) -> Option<FlowPath> {
    let centre = |id: &str| project.nodes.get(id).map(|n| pos2(n.position.x, n.position.y));
    let (from, to) = (centre(&flow.from)?, centre(&flow.to)?);
    Some(if flow.from == flow.to {
        FlowPath::looping(from, bend)
    } else {
        FlowPath::between(from, to, bend)
    })
}

/// A generous estimate of the room a flow's label takes around `mid` (diagram units), for
/// culling and for the extent of a drawing; the real label is never larger.
pub fn label_rect(flow: &Flow, asset_name: Option<&str>, mid: Pos2) -> Rect {
    let text_width = |text: &str, font: f32| text.chars().count() as f32 * font * 0.62;
    let action = text_width(&flow.action, ACTION_FONT);
    let asset = asset_name.map_or(0.0, |a| ASSET_MARK + 3.0 + text_width(a, ASSET_FONT));
    let width = STEP_BADGE + 4.0 + action.max(asset) + 2.0 * LABEL_PAD;
    let lines = if asset_name.is_some() {
        ACTION_FONT + ASSET_FONT
    } else {
        ACTION_FONT
    } * 1.35;
    let height = lines.max(STEP_BADGE) + 2.0 * LABEL_PAD;
    Rect::from_center_size(mid, vec2(width, height))
}

/// The name of the asset a flow carries, if it names a node.
pub fn carried_asset<'a>(project: &'a Project, flow: &Flow) -> Option<&'a str> {
    flow.asset
        .as_deref()
        .and_then(|a| project.nodes.get(a))
        .map(|n| n.name.as_str())
}

/// The extent of everything drawn for a project (diagram units): every node box and every flow
/// with its label; `None` for a project without nodes.
pub fn bounds(project: &Project) -> Option<Rect> {
    let mut all: Option<Rect> = None;
    let mut add = |r: Rect| {
        if r.is_finite() {
            all = Some(all.map_or(r, |a| a.union(r)));
        }
    };
    for node in project.nodes.values() {
        add(node_rect(node));
    }
    let bends = flow_bends(project);
    for (id, flow) in &project.flows {
        if let Some(path) = flow_path(project, flow, bends[id.as_str()]) {
            add(path.bounding_rect());
            add(label_rect(flow, carried_asset(project, flow), path.mid()));
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Position;

    fn project() -> Project {
        let mut p = Project::new("t");
        p.nodes.insert("a".into(), Node::actor("A", Position::new(0.0, 0.0)));
        p.nodes.insert("b".into(), Node::asset("B", Position::new(400.0, 0.0)));
        p
    }

    #[test]
    fn a_single_flow_runs_straight_from_edge_to_edge() {
        let path = FlowPath::between(pos2(0.0, 0.0), pos2(400.0, 0.0), 0.0);
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
        let mut p = project();
        p.flows.insert("f1".into(), Flow::new("a", "b", 1, "x"));
        p.flows.insert("f2".into(), Flow::new("b", "a", 2, "y"));
        p.flows.insert("f3".into(), Flow::new("a", "b", 3, "z"));
        let bends = flow_bends(&p);
        let mids: Vec<f32> = ["f1", "f2", "f3"]
            .iter()
            .map(|id| flow_path(&p, &p.flows[*id], bends[id]).unwrap().mid().y)
            .collect();
        // Three distinct lanes, the middle one straight, whatever the direction of each flow.
        let mut sorted = mids.clone();
        sorted.sort_by(f32::total_cmp);
        assert!(
            sorted[0] < -20.0 && sorted[1].abs() < 1e-3 && sorted[2] > 20.0,
            "{mids:?}"
        );
        assert!((mids[1]).abs() < 1e-3);
        assert!((mids[0] + mids[2]).abs() < 1e-3);
    }

    #[test]
    fn two_opposite_flows_do_not_overlap() {
        let mut p = project();
        p.flows.insert("f1".into(), Flow::new("a", "b", 1, "x"));
        p.flows.insert("f2".into(), Flow::new("b", "a", 2, "y"));
        let bends = flow_bends(&p);
        let m1 = flow_path(&p, &p.flows["f1"], bends["f1"]).unwrap().mid();
        let m2 = flow_path(&p, &p.flows["f2"], bends["f2"]).unwrap().mid();
        assert!((m1.y - m2.y).abs() >= 25.0, "{m1:?} {m2:?}");
    }

    #[test]
    fn a_flow_to_itself_loops_above_its_node() {
        let mut p = project();
        p.flows.insert("l".into(), Flow::new("a", "a", 1, "checks"));
        let path = flow_path(&p, &p.flows["l"], flow_bends(&p)["l"]).unwrap();
        assert!(path.mid().y < -30.0 - 40.0);
        assert_eq!(path.start.y, -30.0);
    }

    #[test]
    fn bounds_cover_nodes_and_labels_and_missing_ends_are_skipped() {
        let mut p = project();
        assert_eq!(bounds(&Project::new("e")), None);
        let b = bounds(&p).unwrap();
        assert_eq!(b, Rect::from_min_max(pos2(-80.0, -30.0), pos2(480.0, 30.0)));
        p.flows.insert(
            "f".into(),
            Flow::new("a", "b", 1, "a very long action label ".repeat(20)),
        );
        p.flows.insert("g".into(), Flow::new("a", "gone", 2, "dangling"));
        let b = bounds(&p).unwrap();
        assert!(b.width() > 1000.0);
        assert!(flow_path(&p, &p.flows["g"], 0.0).is_none());
    }
}
