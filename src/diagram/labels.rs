//! Placing flow labels so that none covers a node box or another label: each label tries spots
//! along its flow's route (on the line, then beside it on either side), first drawn in full, then
//! wrapped, then as its step badge alone, then the badge further out beside the line, and takes
//! the first spot that covers nothing (else the one covering the least). Labels are placed in
//! flow id order, each avoiding those before it, so the result is the same every time. What a
//! spot covers of the node boxes depends on nothing placed before, so the first spots of many
//! flows are weighed at once ([`Prepared`]).

use std::borrow::Cow;

use egui::{Pos2, Rect, Vec2};

use super::geometry::cell_index;
use super::path::Route;
use super::sizes::{LabelForm, LabelText};
use crate::model::Flow;

/// Where along a flow (0 = start, 1 = end) its label may go, best first.
const ALONG: [f32; 7] = [0.5, 0.38, 0.62, 0.26, 0.74, 0.16, 0.84];
/// At each place: on the line, beside it to the left, beside it to the right.
const SIDES: [f32; 3] = [0.0, 1.0, -1.0];
/// Spots per form.
const SPOTS_PER_FORM: usize = ALONG.len() * SIDES.len();
/// Spots of the three forms by the line.
const NEAR_SPOTS: usize = LabelForm::ALL.len() * SPOTS_PER_FORM;
/// Last, the step badge alone further beside the line: at these places along it…
const FAR_ALONG: [f32; 9] = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9];
/// …one, two, … up to this many badges further out than the nearest spot beside it, either side.
const FAR_RINGS: usize = 6;
/// The far spots.
const FAR_SPOTS: usize = FAR_RINGS * FAR_ALONG.len() * 2;
/// Labels keep this clear of node boxes, of each other and, beside their line, of it.
pub(super) const LABEL_CLEARANCE: f32 = 3.0;
/// Covering another label counts this much more than covering a node box.
const LABEL_WEIGHT: f32 = 2.0;
/// Cells of the grid of placed labels are at least this big (diagram units)…
const MIN_CELL: f32 = 256.0;
/// …and there are at most this many along a side.
const MAX_CELLS_PER_SIDE: f32 = 256.0;

/// A place for a label: where along the path, how far off it, in which form, and its rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Spot {
    pub along: f32,
    pub offset: Vec2,
    pub form: LabelForm,
    pub rect: Rect,
}

/// What placing a label weighed: the spots it looked at (their number and the sizes of the
/// forms among them), and the area they cover, grown by [`LABEL_CLEARANCE`]. Nothing outside
/// those spots changes where the label goes.
#[derive(Clone, Copy, Debug)]
pub(super) struct Weighed {
    pub area: Rect,
    /// How far from the route the spots weighed reach (grown by [`LABEL_CLEARANCE`]): a long
    /// route's area is mostly far from them.
    pub reach: f32,
    /// The sizes measured so far (a label placed again may have measured more forms).
    sizes: [Option<Vec2>; 3],
    spots: u8,
}

impl PartialEq for Weighed {
    /// The same spots weighed (whatever was measured beyond them).
    fn eq(&self, other: &Self) -> bool {
        (self.area, self.spots) == (other.area, other.spots)
    }
}

impl Weighed {
    /// Nothing weighed: a label waiting in its provisional place.
    pub const NOTHING: Self = Self {
        area: Rect::NOTHING,
        reach: 0.0,
        sizes: [None; 3],
        spots: 0,
    };

    /// Whether one of the spots weighed along `path` (grown by [`LABEL_CLEARANCE`]) meets one of
    /// `areas`.
    pub fn covers(&self, path: &Route, areas: &[Rect]) -> bool {
        // Every spot weighed lies within `reach` of the route: most areas are far from a long one.
        let near = |area: &Rect| {
            self.area.intersects(*area)
                && !path.surely_farther_than(area.center(), self.reach + area.size().length() / 2.0)
        };
        let areas: Vec<Rect> = areas.iter().filter(|area| near(area)).copied().collect();
        if areas.is_empty() {
            return false;
        }
        let mut spots = Spots {
            sizes: self.sizes,
            ..Spots::unmeasured(Cow::Borrowed(path), None, None)
        };
        (0..usize::from(self.spots)).any(|k| {
            let spot = spots.get(k).rect.expand(LABEL_CLEARANCE);
            areas.iter().any(|area| spot.intersects(*area))
        })
    }
}

/// Every spot of one flow's label, best first.
pub(super) struct Spots<'a> {
    path: Cow<'a, Route>,
    /// The flow and the name of the asset it carries, to measure the label by (none when the
    /// sizes are known).
    flow: Option<&'a Flow>,
    asset: Option<&'a str>,
    /// The label's size in each form of [`LabelForm::ALL`], measured when first needed.
    sizes: [Option<Vec2>; 3],
    /// The points and directions found so far along the route, by how far along: a label tries
    /// few places many times, and finding one along a chain of pieces measures them all.
    places: [Option<(f32, Pos2, Vec2)>; PLACES],
    /// Every spot handed out so far, together, and how far from the route any reaches: what
    /// was weighed for the label.
    examined: Rect,
    reach: f32,
    /// How many spots were handed out ([`Spots::get`]).
    looked: usize,
    /// The lengths of the route's pieces, once a place along it was asked for.
    lengths: Option<Vec<f32>>,
}

/// Places along a route a label tries, near and far.
const PLACES: usize = ALONG.len() + FAR_ALONG.len();

impl<'a> Spots<'a> {
    pub fn new(path: Route, flow: &'a Flow, asset: Option<&'a str>) -> Self {
        Self::unmeasured(Cow::Owned(path), Some(flow), asset)
    }

    /// The spots of a label whose sizes `weighed` measured before (the text is the same).
    pub fn measured(path: Route, flow: &'a Flow, asset: Option<&'a str>, weighed: &Weighed) -> Self {
        Self {
            sizes: weighed.sizes,
            ..Self::new(path, flow, asset)
        }
    }

    fn unmeasured(path: Cow<'a, Route>, flow: Option<&'a Flow>, asset: Option<&'a str>) -> Self {
        Self {
            path,
            flow,
            asset,
            sizes: [None; 3],
            places: [None; PLACES],
            examined: Rect::NOTHING,
            reach: 0.0,
            looked: 0,
            lengths: None,
        }
    }

    /// The point `along` the route and the route's direction there.
    fn place(&mut self, along: f32) -> (Pos2, Vec2) {
        let mut free = None;
        for (i, place) in self.places.iter().enumerate() {
            match place {
                Some((at, point, direction)) if *at == along => return (*point, *direction),
                Some(_) => {}
                None => {
                    free = Some(i);
                    break;
                }
            }
        }
        let lengths = self.lengths.get_or_insert_with(|| self.path.piece_lengths());
        let (point, direction) = self.path.point_and_direction_in(lengths, along);
        if let Some(i) = free {
            self.places[i] = Some((along, point, direction));
        }
        (point, direction)
    }

    /// The label's size in form `form` (zero when there is no text to measure, which
    /// [`Weighed::covers`] never asks for: the spots it weighed measured their forms).
    fn size(&mut self, form: usize) -> Vec2 {
        let (flow, asset) = (self.flow, self.asset);
        *self.sizes[form].get_or_insert_with(|| {
            flow.map_or(Vec2::ZERO, |flow| {
                LabelText::new(flow, asset, LabelForm::ALL[form]).size
            })
        })
    }

    /// The step badge on the line in the middle of the route: where a label waits while the
    /// routes of a big project are found ([`super::SpatialIndex::first_look`]).
    pub fn badge_in_the_middle(&mut self) -> Spot {
        self.spot(LabelForm::ALL.len() - 1, ALONG[0], 0.0, 0.0)
    }

    /// The `k`-th spot: by the line first, then the badge further out.
    fn get(&mut self, k: usize) -> Spot {
        self.looked = self.looked.max(k + 1);
        if k < NEAR_SPOTS {
            let (along, side) = (ALONG[k % SPOTS_PER_FORM / SIDES.len()], SIDES[k % SIDES.len()]);
            return self.spot(k / SPOTS_PER_FORM, along, side, 0.0);
        }
        let far = k - NEAR_SPOTS;
        let (ring, along, side) = (
            far / (2 * FAR_ALONG.len()) + 1,
            FAR_ALONG[far / 2 % FAR_ALONG.len()],
            if far.is_multiple_of(2) { 1.0 } else { -1.0 },
        );
        let badge = LabelForm::ALL.len() - 1;
        let size = self.size(badge);
        self.spot(badge, along, side, ring as f32 * (size.max_elem() + LABEL_CLEARANCE))
    }

    /// The label in form `form` at `along` the path: on the line (`side` 0), or beside it to the
    /// left (1) or right (-1), `further` out than just clear of it.
    fn spot(&mut self, form: usize, along: f32, side: f32, further: f32) -> Spot {
        let size = self.size(form);
        let (on_line, direction) = self.place(along);
        let offset = if side == 0.0 {
            Vec2::ZERO
        } else {
            let normal = direction.rot90();
            // Half the label's extent across the line, plus a gap.
            let half = (normal.x * size.x).abs() / 2.0 + (normal.y * size.y).abs() / 2.0;
            normal * (side * (half + 2.0 * LABEL_CLEARANCE + further))
        };
        let rect = Rect::from_center_size(on_line + offset, size);
        self.examined = self.examined.union(rect);
        self.reach = self.reach.max(offset.length() + size.length() / 2.0);
        Spot {
            along,
            offset,
            form: LabelForm::ALL[form],
            rect,
        }
    }
}

/// Spots per label: by the line in all forms, then the badge further out.
const SPOTS: usize = NEAR_SPOTS + FAR_SPOTS;
const _: () = assert!(SPOTS <= u8::MAX as usize, "Weighed counts spots in a byte");
/// Node-free spots a label's preparation looks for before it stops weighing.
const FREE_WANTED: usize = 4;

/// A label's spots with what the first of them cover of the node boxes: weighed until
/// [`FREE_WANTED`] of them cover none (or all spots by the line are weighed), so that the placer, which must work
/// in order on one thread, rarely weighs node boxes itself.
pub(super) struct Prepared<'a> {
    spots: Spots<'a>,
    /// What spot `k` covers of the node boxes, for `k < weighed`.
    nodes: [f32; NEAR_SPOTS],
    weighed: usize,
}

impl<'a> Prepared<'a> {
    pub fn new(mut spots: Spots<'a>, nodes_covered: impl Fn(Rect) -> f32) -> Self {
        let mut nodes = [0.0; NEAR_SPOTS];
        let (mut weighed, mut free) = (0, 0);
        while weighed < NEAR_SPOTS && free < FREE_WANTED {
            nodes[weighed] = nodes_covered(spots.get(weighed).rect);
            free += usize::from(nodes[weighed] == 0.0);
            weighed += 1;
        }
        Self { spots, nodes, weighed }
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

    /// Places a label at its first spot that covers no node box and no label placed so far,
    /// else at the one covering the least (see [`choose`]); also returns the area it weighed.
    pub fn place(&mut self, prepared: Prepared, nodes_covered: impl Fn(Rect) -> f32) -> (Spot, Weighed) {
        let (spot, weighed) = choose(prepared, nodes_covered, |rect| self.covered(rect));
        if spot.rect.is_finite() {
            for cell in self.cells_of(spot.rect) {
                self.cells[cell].push(spot.rect);
            }
        }
        (spot, weighed)
    }

    /// How much of `rect` (grown by [`LABEL_CLEARANCE`]) the labels placed so far cover. A label
    /// listed in several cells counts in the one holding the top left corner of what it shares
    /// with `rect`. Summed in `f64`, where the sum of a few areas is exact, so it does not depend
    /// on the order the labels are met in (a patched index meets them in another order).
    fn covered(&self, rect: Rect) -> f32 {
        let rect = rect.expand(LABEL_CLEARANCE);
        let mut covered = 0.0f64;
        for cell in self.cells_of(rect) {
            for placed in &self.cells[cell] {
                if placed.intersects(rect) && self.cell_of(placed.min.max(rect.min)) == cell {
                    covered += f64::from(overlap(*placed, rect));
                }
            }
        }
        covered as f32
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

/// The first spot of a label that covers no node box and no other label, else the one covering
/// the least (labels counted [`LABEL_WEIGHT`] times): `nodes_covered` weighs the spots
/// [`Prepared`] did not, and `labels_covered` says how much of a spot (grown by
/// [`LABEL_CLEARANCE`]) the other labels cover. Also returns what it weighed.
pub(super) fn choose(
    prepared: Prepared,
    nodes_covered: impl Fn(Rect) -> f32,
    labels_covered: impl Fn(Rect) -> f32,
) -> (Spot, Weighed) {
    let Prepared {
        mut spots,
        nodes: weighed_nodes,
        weighed,
    } = prepared;
    let mut best = (f32::INFINITY, None);
    for k in 0..SPOTS {
        let (spot, nodes) = if let Some(&stored) = weighed_nodes[..weighed].get(k) {
            (None, stored)
        } else {
            let spot = spots.get(k);
            (Some(spot), nodes_covered(spot.rect))
        };
        // Labels only add to the cost: a spot whose node boxes alone cost as much as the
        // best one cannot win (and a NaN never does).
        if nodes.is_nan() || nodes >= best.0 {
            continue;
        }
        let spot = spot.unwrap_or_else(|| spots.get(k));
        let cost = nodes + LABEL_WEIGHT * labels_covered(spot.rect);
        if cost < best.0 {
            best = (cost, Some(spot));
        }
        if cost == 0.0 {
            break;
        }
    }
    let spot = best.1.unwrap_or_else(|| spots.get(0));
    let weighed = Weighed {
        area: spots.examined.expand(LABEL_CLEARANCE),
        reach: spots.reach + LABEL_CLEARANCE,
        sizes: spots.sizes,
        spots: spots.looked as u8,
    };
    (spot, weighed)
}

/// The area two rectangles share.
pub(super) fn overlap(a: Rect, b: Rect) -> f32 {
    let common = a.intersect(b);
    if common.is_positive() { common.area() } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use egui::{pos2, vec2};

    use super::super::geometry::FlowPath;
    use super::*;

    fn level(y: f32) -> FlowPath {
        FlowPath {
            start: pos2(0.0, y),
            control: pos2(300.0, y),
            end: pos2(600.0, y),
        }
    }

    const SIZES: [Vec2; 3] = [vec2(100.0, 30.0), vec2(70.0, 45.0), vec2(23.0, 23.0)];

    fn placer() -> Placer {
        Placer::new(Rect::from_min_max(pos2(-1000.0, -1000.0), pos2(1000.0, 1000.0)))
    }

    /// The spots of a label of the fixed [`SIZES`] on `path`.
    fn spots(path: FlowPath, flow: &Flow) -> Spots<'_> {
        Spots {
            sizes: SIZES.map(Some),
            ..Spots::new(path.into(), flow, None)
        }
    }

    fn place(placer: &mut Placer, y: f32, nodes: impl Fn(Rect) -> f32 + Copy) -> Spot {
        let flow = Flow::new("a", "b", 1, "x");
        placer.place(Prepared::new(spots(level(y), &flow), nodes), nodes).0
    }

    #[test]
    fn a_free_label_sits_in_the_middle_in_full() {
        let spot = place(&mut placer(), 0.0, |_| 0.0);
        assert_eq!((spot.along, spot.form, spot.offset), (0.5, LabelForm::Full, Vec2::ZERO));
        assert_eq!(spot.rect.center(), pos2(300.0, 0.0));
    }

    #[test]
    fn labels_move_away_from_each_other_and_from_nodes() {
        let mut placer = placer();
        let first = place(&mut placer, 0.0, |_| 0.0);
        let second = place(&mut placer, 10.0, |_| 0.0);
        assert_ne!(second.rect.center(), pos2(300.0, 10.0));
        assert_eq!(overlap(first.rect.expand(LABEL_CLEARANCE), second.rect), 0.0);
        let node = Rect::from_center_size(pos2(300.0, 500.0), vec2(160.0, 60.0));
        let third = place(&mut placer, 500.0, |r| overlap(r, node));
        assert_eq!(overlap(third.rect, node), 0.0);
    }

    #[test]
    fn crowded_labels_wrap_then_shrink_to_a_badge() {
        // Everything but a 30-unit band around x = 60 is taken.
        let taken = |r: Rect| {
            overlap(r, Rect::from_min_max(pos2(-1000.0, -1000.0), pos2(45.0, 1000.0)))
                + overlap(r, Rect::from_min_max(pos2(75.0, -1000.0), pos2(1000.0, 1000.0)))
        };
        let path = FlowPath {
            start: pos2(60.0, -300.0),
            control: pos2(60.0, 0.0),
            end: pos2(60.0, 300.0),
        };
        let flow = Flow::new("a", "b", 1, "x");
        let (spot, _) = placer().place(Prepared::new(spots(path, &flow), taken), taken);
        assert_eq!(spot.form, LabelForm::Badge);
        assert_eq!(taken(spot.rect), 0.0);
    }

    #[test]
    fn with_the_line_crowded_the_badge_goes_further_out_beside_it() {
        // A band 120 units wide along the whole flow is taken.
        let taken = |r: Rect| overlap(r, Rect::from_min_max(pos2(-1000.0, -60.0), pos2(1000.0, 60.0)));
        let spot = place(&mut placer(), 0.0, taken);
        assert_eq!(spot.form, LabelForm::Badge);
        assert_eq!(taken(spot.rect), 0.0, "{spot:?}");
        assert!(spot.offset.y.abs() > 60.0 && spot.along == 0.5, "{spot:?}");
    }

    #[test]
    fn with_no_free_spot_the_least_covered_one_wins() {
        let wall = |r: Rect| r.area() + (r.center().x - 180.0).abs();
        let spot = place(&mut placer(), 0.0, wall);
        assert_eq!(spot.form, LabelForm::Badge);
    }
}
