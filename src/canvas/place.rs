//! Where a new node goes (Insert, double-click, a palette drop): the spot nearest the point the
//! user meant whose box keeps about a flow label's width clear of every other node box, found by
//! trying grid steps outwards from that point in order of distance — deterministic, and never on
//! top of another node.

use egui::{Pos2, Rect, Vec2, pos2, vec2};

use super::grid::GRID;
use crate::diagram::{SpatialIndex, node_rect};
use crate::model::Project;

/// Room kept free around a new node's box where the diagram allows it: about the width of a
/// flow label, so that a flow to a neighbour has room for its label.
pub const CLEARANCE: f32 = 150.0;
/// Room kept free around a new node's box in a diagram too crowded for [`CLEARANCE`].
const TIGHT_CLEARANCE: f32 = GRID;
/// How many grid steps from the wanted point the search goes before giving up on the
/// neighbourhood and putting the node beside the whole diagram.
const REACH: i32 = 60;

/// The centre for a new node of `size` (diagram units) nearest `near`: `near` itself when its
/// box is [`CLEARANCE`] away from every node box in `index`; else the nearest such spot a whole
/// number of grid steps from `near`; else, in a crowded diagram, the nearest spot that keeps a
/// grid step clear; else beside the diagram, level with `near`. Nearness is measured in boxes
/// with their clearance (a wide node's neighbour on the same row is as near as one a shorter
/// step above it); among equally near spots the same row comes first, then right before left,
/// then up before down. A `near` on the grid gives a spot on the grid.
pub fn free_spot(index: &SpatialIndex, near: Pos2, size: Vec2) -> Pos2 {
    let reach = Rect::from_center_size(near, Vec2::splat(2.0 * REACH as f32 * GRID) + size).expand(CLEARANCE);
    let neighbours: Vec<Rect> = (index.nodes_in_rect(reach).into_iter())
        .filter_map(|id| index.node_rect(id))
        .collect();
    let mut clear = Blocked::new(near);
    let mut squeezed = Blocked::new(near);
    for rect in &neighbours {
        // Where the new box's centre must not be: the box grown by half the new box and the room.
        clear.block(rect.expand2(size / 2.0 + Vec2::splat(CLEARANCE)));
        squeezed.block(rect.expand2(size / 2.0 + Vec2::splat(TIGHT_CLEARANCE)));
    }
    let nearest_free = |blocked: &Blocked| {
        let offsets = (-REACH..=REACH).flat_map(|dy| (-REACH..=REACH).map(move |dx| (dx, dy)));
        offsets
            .filter(|&offset| !blocked.at(offset))
            .min_by_key(|&offset| order(offset, size))
    };
    nearest_free(&clear).or_else(|| nearest_free(&squeezed)).map_or_else(
        || beside(index, near, size),
        |(dx, dy)| near + vec2(dx as f32, dy as f32) * GRID,
    )
}

/// How far apart two boxes are along the freer axis (the room [`free_spot`] keeps), negative
/// when they overlap.
pub fn room_between(a: Rect, b: Rect) -> f32 {
    let dx = (b.left() - a.right()).max(a.left() - b.right());
    let dy = (b.top() - a.bottom()).max(a.top() - b.bottom());
    dx.max(dy)
}

/// How far the box of node `id` stays from every other node box of `project` (see
/// [`room_between`]); infinite when it is alone.
pub fn room_around(project: &Project, id: &str) -> f32 {
    let Some(node) = project.nodes.get(id) else {
        return f32::INFINITY;
    };
    let own = node_rect(node);
    (project.nodes.iter().filter(|(other, _)| *other != id))
        .map(|(_, other)| room_between(own, node_rect(other)))
        .fold(f32::INFINITY, f32::min)
}

/// Which grid offsets (within [`REACH`] steps) from a point are blocked.
struct Blocked {
    near: Pos2,
    cells: Vec<bool>,
}

impl Blocked {
    const SIDE: i32 = 2 * REACH + 1;

    fn new(near: Pos2) -> Self {
        Self {
            near,
            cells: vec![false; (Self::SIDE * Self::SIDE) as usize],
        }
    }

    /// Blocks every offset whose point lies in `zone` (edges included).
    fn block(&mut self, zone: Rect) {
        let steps = |from: f32, to: f32, at: f32| {
            let first = ((from - at) / GRID).ceil().max(-REACH as f32) as i32;
            let last = ((to - at) / GRID).floor().min(REACH as f32) as i32;
            first..=last
        };
        for dy in steps(zone.top(), zone.bottom(), self.near.y) {
            for dx in steps(zone.left(), zone.right(), self.near.x) {
                self.cells[Self::cell((dx, dy))] = true;
            }
        }
    }

    fn at(&self, offset: (i32, i32)) -> bool {
        self.cells[Self::cell(offset)]
    }

    fn cell((dx, dy): (i32, i32)) -> usize {
        ((dy + REACH) * Self::SIDE + dx + REACH) as usize
    }
}

/// A spot right of everything in `index`, [`CLEARANCE`] away, level with `near` and a whole
/// number of grid steps from it.
fn beside(index: &SpatialIndex, near: Pos2, size: Vec2) -> Pos2 {
    let Some(bounds) = index.bounds() else {
        return near;
    };
    let centre = bounds.right() + CLEARANCE + GRID + size.x / 2.0;
    let steps = ((centre - near.x) / GRID).ceil().max(0.0);
    pos2(near.x + steps * GRID, near.y)
}

/// Where a grid offset comes in the search for a box of `size` (see [`free_spot`]): nearer
/// first, measured in boxes with their clearance; then the same row, right before left, up
/// before down.
fn order((dx, dy): (i32, i32), size: Vec2) -> (u32, i32, bool, i32, i32) {
    let room = size + Vec2::splat(CLEARANCE);
    let distance = (vec2(dx as f32, dy as f32) * GRID / room).length_sq();
    // A non-negative float's bits sort as the float does.
    (distance.to_bits(), dy.abs(), dx < 0, dx.abs(), dy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::node_rect;
    use crate::model::{Node, Position, Project};

    const SIZE: Vec2 = Vec2::new(160.0, 60.0);

    fn project(nodes: impl IntoIterator<Item = (f32, f32)>) -> Project {
        let mut p = Project::new("t");
        for (i, (x, y)) in nodes.into_iter().enumerate() {
            p.nodes
                .insert(format!("n{i:05}"), Node::actor(format!("N{i}"), Position::new(x, y)));
        }
        p
    }

    /// Nodes on a grid `columns` × `rows`, `step` apart.
    fn block(columns: usize, rows: usize, step: Vec2) -> Project {
        project((0..rows).flat_map(|row| (0..columns).map(move |col| (col as f32 * step.x, row as f32 * step.y))))
    }

    /// How far the box of a new node at `spot` stays from every node box of `project` along the
    /// freer axis (the room [`free_spot`] keeps), negative when it overlaps one.
    fn room(project: &Project, spot: Pos2) -> f32 {
        let new = Rect::from_center_size(spot, SIZE);
        (project.nodes.values().map(node_rect))
            .map(|r| room_between(new, r))
            .fold(f32::INFINITY, f32::min)
    }

    fn on_grid_from(spot: Pos2, near: Pos2) -> bool {
        let steps = (spot - near) / GRID;
        steps == steps.round()
    }

    #[test]
    fn a_free_point_is_kept() {
        let p = project([(0.0, 0.0)]);
        let index = SpatialIndex::build(&p);
        let far = pos2(1000.0, 0.0);
        assert_eq!(free_spot(&index, far, SIZE), far);
        let empty = SpatialIndex::build(&Project::new("t"));
        assert_eq!(free_spot(&empty, pos2(12.0, 7.0), SIZE), pos2(12.0, 7.0));
    }

    #[test]
    fn a_node_on_top_of_another_goes_beside_it_a_label_width_away() {
        let p = project([(0.0, 0.0)]);
        let spot = free_spot(&SpatialIndex::build(&p), Pos2::ZERO, SIZE);
        assert_eq!(spot, pos2(320.0, 0.0), "to the right, on the same row");
        assert!(room(&p, spot) > CLEARANCE);
        assert!(room(&p, spot - vec2(GRID, 0.0)) <= CLEARANCE, "no farther than needed");
    }

    #[test]
    fn nodes_added_one_after_another_in_a_crowded_project_never_crowd_each_other() {
        // A block of nodes 200 × 100 apart: no spot inside it is a label's width from every node.
        let mut p = block(10, 10, vec2(200.0, 100.0));
        let near = pos2(900.0, 440.0);
        for i in 0..30 {
            let index = SpatialIndex::build(&p);
            let spot = free_spot(&index, near, SIZE);
            assert!(room(&p, spot) > CLEARANCE, "node {i} at {spot:?}");
            assert!(
                spot.distance(near) < REACH as f32 * GRID * 1.5,
                "node {i} near the block: {spot:?}"
            );
            assert!(on_grid_from(spot, near), "{spot:?}");
            assert_eq!(spot, free_spot(&index, near, SIZE), "deterministic");
            p.nodes.insert(
                format!("new{i:02}"),
                Node::actor(format!("New {i}"), Position::new(spot.x, spot.y)),
            );
        }
    }

    #[test]
    fn a_crowded_neighbourhood_squeezes_the_node_in_nearby_without_touching_another() {
        // Nodes 400 × 200 apart over 8,000 × 4,000: the gaps hold a node, but not a label's
        // width either side of it, and the search does not reach the edge.
        let p = block(21, 21, vec2(400.0, 200.0));
        let near = pos2(4000.0, 2000.0);
        let spot = free_spot(&SpatialIndex::build(&p), near, SIZE);
        assert!(room(&p, spot) > TIGHT_CLEARANCE, "{spot:?}");
        assert!(spot.distance(near) <= 250.0, "{spot:?}");
        assert!(on_grid_from(spot, near), "{spot:?}");
    }

    #[test]
    fn without_any_gap_nearby_the_node_goes_beside_the_diagram_level_with_the_wanted_point() {
        // Boxes touching each other: not even a grid step free anywhere within reach.
        let p = block(20, 60, vec2(160.0, 60.0));
        let index = SpatialIndex::build(&p);
        let near = pos2(1610.0, 1800.0);
        let spot = free_spot(&index, near, SIZE);
        assert_eq!(spot.y, near.y);
        assert!(room(&p, spot) > CLEARANCE, "{spot:?}");
        assert!(spot.x <= index.bounds().unwrap().right() + CLEARANCE + 2.0 * GRID + SIZE.x / 2.0);
        assert!(on_grid_from(spot, near), "{spot:?}");
    }
}
