//! A spatial index of a project's node boxes and flow paths on uniform grids, so drawing and
//! hit-testing touch only what is in view: long flows are listed in the cells along their path,
//! not in every cell of their box. Built from the project on all cores for a big project, then
//! patched after every edit to what a build would give (`patch.rs`); it also holds every flow's
//! path and label place, and so the extent of the whole drawing.

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::Cell;
use std::ops::{ControlFlow, Range};

use egui::{Pos2, Rect, Vec2, pos2};

use super::geometry::{
    FlowPath, bends, cell_index, node_rect, polyline_crosses, segment_crosses, segment_entry, simplify,
};
#[cfg(doc)]
use super::labels::choose;
use super::labels::{LABEL_CLEARANCE, Placer, Prepared, Spot, Spots, Weighed, overlap};
use super::parallel::{self, in_order};
use super::path::{Outline, Route};
use super::route::{CLEARANCE, MAX_COUNTED, Obstacles, keeps_lane, route};
use super::sizes::{LabelForm, MAX_NODE_WIDTH};
use crate::model::{Flow, FlowId, NodeId, Project};

mod order;
mod patch;

use order::Order;
pub use patch::Changes;

/// How far (diagram units) the overview's line of a route may stray from it: a point on screen
/// at the most a diagram is zoomed in while it is an overview.
const OUTLINE_TOLERANCE: f32 = 10.0;
/// Grid cells are at least this wide (diagram units): about one node box and its spacing.
const MIN_CELL: f32 = 240.0;
/// At most this many cells along each side, however far apart the nodes are.
const MAX_CELLS_PER_SIDE: f32 = 256.0;
/// Items overlapping more cells than this go to a coarser level of the grid.
const MAX_CELLS_PER_ITEM: usize = 16;
/// Items listed along a trail ([`Trail`]) go to the finest level where it takes at most this many
/// steps of one cell.
const MAX_TRAIL_STEPS: usize = 32;
/// The same for where labels weighed ([`Trail::weighed`]).
const WEIGHED_TRAIL_STEPS: usize = 256;
/// Trails are this much wider than they say (diagram units), so that rounding in the points of a
/// path never leaves a cell out.
const TRAIL_SLOP: f32 = 1.0;
/// Marks a cell entry listed by its trail: a candidate wherever the query meets the cell.
const TRAIL_ENTRY: u32 = 1 << 31;
/// At most this many items are tested on every query after moves (see [`SpatialIndex::moved`])
/// before the index must be rebuilt.
const MAX_LOOSE_ITEMS: usize = 2_048;

#[cfg_attr(test, derive(PartialEq))]
pub(super) struct IndexedNode {
    pub id: NodeId,
    pub rect: Rect,
    pub actor: bool,
    /// False once a patch removed it (it keeps its place, see [`Order`]).
    pub alive: bool,
}

#[cfg_attr(test, derive(PartialEq))]
pub(super) struct IndexedFlow {
    pub id: FlowId,
    /// False once a patch removed it (it keeps its place, see [`Order`]).
    pub alive: bool,
    /// Positions of its ends in the node list.
    pub from: usize,
    pub to: usize,
    /// Its lane among the flows joining the same two nodes (see [`bends`]).
    pub lane: f32,
    /// Its route: its lane, or around the nodes in its way.
    pub path: Route,
    /// Whether it runs in its lane whatever stands in its way ([`keeps_lane`]): then only a move
    /// of one of its ends changes its route.
    pub keeps_lane: bool,
    /// Where along the path its label sits (0 = start, 1 = end), and how far off the path.
    pub label_at: f32,
    pub label_offset: Vec2,
    /// How the label is drawn, and its plate.
    pub label_form: LabelForm,
    pub label: Rect,
    /// Where finding its route looked for boxes in the way ([`InTheWay`]): a box that neither
    /// stood nor stands there leaves the route as it is.
    pub searched: Rect,
    /// What placing its label weighed ([`choose`]): a box or a label that neither stood nor
    /// stands on a spot weighed leaves the label where it is.
    pub weighed: Weighed,
}

impl IndexedFlow {
    /// Everything drawn for the flow: path and label.
    pub fn extent(&self) -> Rect {
        self.path.bounding_rect().union(self.label)
    }
}

/// What a long item is listed by instead of its rectangle: the cells that a band `width` wide
/// on either side of a polyline reaches into, and those of one more rectangle.
struct Trail {
    points: Vec<Pos2>,
    width: f32,
    also: Rect,
    /// It is listed on the finest level where it takes at most this many steps of one cell.
    max_steps: usize,
}

impl Trail {
    /// Everything a flow's drawing and hit test can reach: its path (see [`FlowPath::crosses`])
    /// and its label.
    fn of(flow: &IndexedFlow) -> Self {
        Self {
            points: flow.path.polyline().collect(),
            width: flow.path.slack() + TRAIL_SLOP,
            also: flow.label,
            max_steps: MAX_TRAIL_STEPS,
        }
    }

    /// Where placing a flow's label weighed: the band around its path the spots weighed reach
    /// into ([`Weighed::reach`]).
    fn weighed(flow: &IndexedFlow) -> Self {
        Self {
            points: flow.path.polyline().collect(),
            width: flow.path.slack() + flow.weighed.reach + TRAIL_SLOP,
            also: flow.label,
            // Finer than a flow's trail: the grid serves patches only, not every frame, and a
            // coarse cell lists hundreds of long flows.
            max_steps: WEIGHED_TRAIL_STEPS,
        }
    }

    /// The pieces of at most one cell of `cell` size it is walked in: the number of them on each
    /// segment of the polyline.
    fn steps(&self, cell: f32) -> impl Iterator<Item = usize> + '_ {
        self.points.windows(2).map(move |w| {
            let d = w[1] - w[0];
            (d.x.abs().max(d.y.abs()) / cell).ceil().max(1.0) as usize
        })
    }

    /// Rectangles that together cover it, none much longer than `cell`.
    fn pieces(&self, cell: f32) -> impl Iterator<Item = Rect> + '_ {
        let along = self.points.windows(2).zip(self.steps(cell)).flat_map(move |(w, n)| {
            let (a, d) = (w[0], w[1] - w[0]);
            (0..n).map(move |k| {
                let (p, q) = (a + d * (k as f32 / n as f32), a + d * ((k + 1) as f32 / n as f32));
                Rect::from_two_pos(p, q).expand(self.width)
            })
        });
        along.chain(std::iter::once(self.also))
    }
}

/// Items grouped in numbered buckets, stored flat: bucket `b` is `items[starts[b]..starts[b + 1]]`.
#[cfg_attr(test, derive(PartialEq))]
struct Buckets {
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Buckets {
    /// Buckets `0..count` filled from `(bucket, item)` pairs, items in the order given.
    fn build<I: Iterator<Item = (usize, u32)>>(count: usize, pairs: impl Fn() -> I) -> Self {
        let mut starts = vec![0u32; count + 1];
        for (b, _) in pairs() {
            starts[b + 1] += 1;
        }
        for b in 0..count {
            starts[b + 1] += starts[b];
        }
        let mut fill = starts.clone();
        let mut items = vec![0u32; starts[count] as usize];
        for (b, item) in pairs() {
            items[fill[b] as usize] = item;
            fill[b] += 1;
        }
        Self { starts, items }
    }

    fn get(&self, bucket: usize) -> &[u32] {
        &self.items[self.starts[bucket] as usize..self.starts[bucket + 1] as usize]
    }
}

/// One level of a [`Grid`]: square cells of one size from the grid's top left corner, each
/// listing the rectangles of this level that overlap it.
#[cfg_attr(test, derive(PartialEq))]
struct Level {
    cell: f32,
    cols: usize,
    rows: usize,
    cells: Buckets,
}

impl Level {
    /// The columns and rows of the cells `area` overlaps, or `None` when it misses the level.
    fn span(&self, min: Pos2, area: Rect) -> Option<(Range<usize>, Range<usize>)> {
        if area.any_nan() {
            return None;
        }
        let index = |v: f32, min: f32, n: usize| cell_index(v, min, self.cell, -1, n as i64) as isize;
        let (x0, x1) = (index(area.min.x, min.x, self.cols), index(area.max.x, min.x, self.cols));
        let (y0, y1) = (index(area.min.y, min.y, self.rows), index(area.max.y, min.y, self.rows));
        let clamp = |v: isize, n: usize| v.clamp(0, n as isize - 1) as usize;
        if x1 < 0 || y1 < 0 || x0 >= self.cols as isize || y0 >= self.rows as isize {
            return None;
        }
        Some((
            clamp(x0, self.cols)..clamp(x1, self.cols) + 1,
            clamp(y0, self.rows)..clamp(y1, self.rows) + 1,
        ))
    }

    /// The cell holding `p` (clamped to the level).
    fn cell_of(&self, min: Pos2, p: Pos2) -> (usize, usize) {
        let index = |v: f32, min: f32, n: usize| cell_index(v, min, self.cell, 0, n as i64 - 1) as usize;
        (index(p.x, min.x, self.cols), index(p.y, min.y, self.rows))
    }
}

/// Rectangles on a hierarchy of uniform grids: each rectangle is listed in the cells it overlaps
/// on the finest level where that is at most [`MAX_CELLS_PER_ITEM`] cells (the coarsest level
/// takes the rest). An item too big for the finest level may come with a [`Trail`]: then it is
/// listed in the cells along that instead, on the finest level where the trail takes at most
/// [`MAX_TRAIL_STEPS`] cells, so a flow across the whole diagram is seen only by the queries
/// near its path.
#[cfg_attr(test, derive(PartialEq))]
struct Grid {
    /// Every item's rectangle (holding its trail).
    rects: Vec<Rect>,
    extent: Rect,
    min: Pos2,
    /// Finest first; cells [`LEVEL_STEP`] times larger at each level.
    levels: Vec<Level>,
    /// Items moved since the build ([`Grid::loosen`]): tested by every query.
    loose: Vec<u32>,
}

/// A query over at least this share of the extent scans every rectangle instead of the cells.
const LINEAR_QUERY_SHARE: f32 = 0.25;

/// Where an item is listed by its rectangle: its level, and the columns and rows of its cells there.
type Listing = (usize, Range<usize>, Range<usize>);

/// Where an item is listed.
enum Place {
    Rect(Listing),
    /// Along its trail: the level, and the cells there (sorted, each once).
    Trail(usize, Vec<usize>),
    /// Not at all: its rectangle is not finite.
    Nowhere,
}

/// How many times larger the cells of each level are than those of the level below.
const LEVEL_STEP: f32 = 8.0;
/// The number of levels.
const LEVELS: usize = 3;

impl Grid {
    /// Lists `rects`; `trail(i)` gives the trail of item `i`, used when its rectangle is too big
    /// for the finest level. Where each item goes is found on up to `threads` threads.
    fn build(mut rects: Vec<Rect>, trail: impl Fn(usize) -> Option<Trail> + Sync, threads: usize) -> Self {
        rects.reserve(MAX_LOOSE_ITEMS);
        let finite = rects.iter().filter(|r| r.is_finite()).copied().reduce(Rect::union);
        let Some(extent) = finite else {
            return Self {
                rects,
                extent: Rect::NOTHING,
                min: Pos2::ZERO,
                levels: Vec::new(),
                loose: Vec::new(),
            };
        };
        let finest = (extent.width().max(extent.height()) / MAX_CELLS_PER_SIDE).max(MIN_CELL);
        let mut levels: Vec<Level> = (0..LEVELS)
            .map(|l| {
                let cell = finest * LEVEL_STEP.powi(l as i32);
                let side = |length: f32| ((length / cell).floor() as usize + 1).min(MAX_CELLS_PER_SIDE as usize + 1);
                Level {
                    cell,
                    cols: side(extent.width()),
                    rows: side(extent.height()),
                    cells: Buckets::build(0, std::iter::empty),
                }
            })
            .collect();
        let min = extent.min;
        let place = |i: usize| {
            let r = rects[i];
            if !r.is_finite() {
                return Place::Nowhere;
            }
            let Some(listing) = levels.iter().enumerate().find_map(|(l, level)| {
                let (xs, ys) = level.span(min, r)?;
                (l + 1 == LEVELS || xs.len() * ys.len() <= MAX_CELLS_PER_ITEM).then_some((l, xs, ys))
            }) else {
                return Place::Nowhere;
            };
            let Some(trail) = (listing.0 > 0).then(|| trail(i)).flatten() else {
                return Place::Rect(listing);
            };
            let l = levels
                .iter()
                .position(|level| trail.steps(level.cell).sum::<usize>() <= trail.max_steps)
                .unwrap_or(LEVELS - 1);
            let level = &levels[l];
            let mut cells = Vec::new();
            for piece in trail.pieces(level.cell) {
                if let Some((xs, ys)) = level.span(min, piece) {
                    cells.extend(ys.flat_map(|y| xs.clone().map(move |x| y * level.cols + x)));
                }
            }
            cells.sort_unstable();
            cells.dedup();
            Place::Trail(l, cells)
        };
        // Trail entries per level as (cell, entry), each item's cells sorted and listed once.
        let mut trails: Vec<Vec<(usize, u32)>> = vec![Vec::new(); LEVELS];
        let mut placed: Vec<Option<Listing>> = Vec::with_capacity(rects.len());
        in_order(rects.len(), threads, place, |i, place| {
            placed.push(match place {
                Place::Rect(listing) => Some(listing),
                Place::Trail(l, cells) => {
                    trails[l].extend(cells.into_iter().map(|c| (c, i as u32 | TRAIL_ENTRY)));
                    None
                }
                Place::Nowhere => None,
            })
        });
        for (l, level) in levels.iter_mut().enumerate() {
            let cols = level.cols;
            let trail = &trails[l];
            level.cells = Buckets::build(level.cols * level.rows, || {
                placed
                    .iter()
                    .enumerate()
                    .filter_map(move |(i, p)| p.clone().filter(|p| p.0 == l).map(|p| (i, p)))
                    .flat_map(move |(i, (_, xs, ys))| {
                        ys.flat_map(move |y| xs.clone().map(move |x| (y * cols + x, i as u32)))
                    })
                    .chain(trail.iter().copied())
            });
        }
        Self {
            rects,
            extent,
            min,
            levels,
            loose: Vec::new(),
        }
    }

    /// Appends an item at `rect`, tested by every query (see [`Grid::loosen`]).
    fn push(&mut self, rect: Rect) {
        self.rects.push(Rect::NOTHING);
        self.loosen(self.rects.len() - 1, rect);
    }

    /// Puts item `i` at `rect` without rebuilding: from now on every query tests it directly (its
    /// old cells may still list it, so a visitor may see it twice; every caller tolerates that).
    fn loosen(&mut self, i: usize, rect: Rect) {
        self.rects[i] = rect;
        if rect.is_finite() {
            self.extent = self.extent.union(rect);
        }
        if !self.loose.contains(&(i as u32)) {
            self.loose.push(i as u32);
        }
    }

    /// Calls `f` with every item whose rectangle overlaps `area` — for an item listed by its
    /// trail, also only if its trail reaches a cell `area` overlaps, and then once for each such
    /// cell. An item listed by its rectangle comes once, a moved one maybe twice.
    fn for_each_overlapping(&self, area: Rect, mut f: impl FnMut(usize)) {
        // Moved items first: one may lie outside the grid.
        for &i in &self.loose {
            if self.rects[i as usize].intersects(area) {
                f(i as usize);
            }
        }
        for level in self.levels.iter().filter(|level| !level.cells.items.is_empty()) {
            let Some((xs, ys)) = level.span(self.min, area) else {
                continue;
            };
            for y in ys {
                for x in xs.clone() {
                    for &i in level.cells.get(y * level.cols + x) {
                        if i & TRAIL_ENTRY != 0 {
                            // A query that misses its rectangle meets neither its path nor its
                            // label (nor anything else it is listed for): a cheap test that
                            // spares most far-off items, and those removed since.
                            if self.rects[(i & !TRAIL_ENTRY) as usize].intersects(area) {
                                f((i & !TRAIL_ENTRY) as usize);
                            }
                            continue;
                        }
                        let rect = self.rects[i as usize];
                        // Listed in every cell it overlaps: visit it in the first one only.
                        if rect.intersects(area) && level.cell_of(self.min, rect.min.max(area.min)) == (x, y) {
                            f(i as usize);
                        }
                    }
                }
            }
        }
    }

    /// The items met by [`Grid::for_each_overlapping`] that `hit` accepts, each once, ascending:
    /// cheaper than [`Grid::query`] when `hit` is a precise test few pass.
    fn hits(&self, area: Rect, hit: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut found = Vec::new();
        self.for_each_overlapping(area, |i| {
            if hit(i) {
                found.push(i);
            }
        });
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Every item whose rectangle overlaps `area`, and maybe some farther away that are listed
    /// by their trail (see [`Grid::for_each_overlapping`]), in ascending order.
    fn query(&self, area: Rect) -> Vec<usize> {
        // Over a large part of the drawing (a zoomed-out view), one pass over every rectangle is
        // cheaper than walking the cells and skipping the items listed in several.
        let covered = area.intersect(self.extent);
        if area.contains_rect(self.extent)
            || (covered.is_positive() && covered.area() >= LINEAR_QUERY_SHARE * self.extent.area())
        {
            return (0..self.rects.len())
                .filter(|&i| self.rects[i].intersects(area))
                .collect();
        }
        let mut out = Vec::new();
        self.for_each_overlapping(area, |i| out.push(i));
        // A few are sorted; for more, one bit per item is cheaper (a 64th of a word per item).
        if out.len() * 1024 <= self.rects.len() {
            out.sort_unstable();
            out.dedup();
            return out;
        }
        let mut hit = vec![0u64; self.rects.len().div_ceil(64)];
        for i in out.drain(..) {
            hit[i / 64] |= 1 << (i % 64);
        }
        for (w, mut bits) in hit.into_iter().enumerate() {
            while bits != 0 {
                out.push(w * 64 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
        out
    }
}

/// Node boxes and flow paths of one project state, on a uniform grid.
#[cfg_attr(test, derive(PartialEq))]
pub struct SpatialIndex {
    nodes: Vec<IndexedNode>,
    flows: Vec<IndexedFlow>,
    node_grid: Grid,
    flow_grid: Grid,
    /// Each flow by where its route's search looked ([`IndexedFlow::searched`]), and by where
    /// its label's placing weighed ([`IndexedFlow::weighed`]): the routes and labels a changed
    /// box or label may move (see [`SpatialIndex::patch`]).
    searched_grid: Grid,
    weighed_grid: Grid,
    /// Each flow by its label: what a label placed again keeps clear of (the flow grid lists
    /// long flows in cells far from their labels).
    label_grid: Grid,
    /// For each node, the flows that start or end at it, as built…
    touching: Buckets,
    /// …and since then (node, flow), by node: with a flow's ends changed, or added. Entries of
    /// a flow that no longer touches the node are skipped.
    touching_more: Vec<(u32, u32)>,
    /// Where the nodes and the flows appended since the build stand in id order.
    node_order: Order,
    /// The nodes not removed since the build.
    alive_nodes: usize,
    flow_order: Order,
    /// What the overview draws of each flow, in the order of `flows`: kept apart, so that
    /// drawing every flow of a big diagram reads a few bytes of each, not its route.
    overview: Vec<Overview>,
    /// The turns of every route of more than one piece ([`Overview::corners`]), one after the
    /// other in flow order (after a move, those of the routes found again follow).
    corners: Vec<Pos2>,
    /// The flows with an end that is no node, by id: left out until it is one.
    dangling: Vec<FlowId>,
    /// The ids flows name as the asset they carry (and maybe some they no longer name): the
    /// nodes whose name is in some flow's label.
    carried: FxHashSet<NodeId>,
    /// See [`SpatialIndex::is_routed`].
    routed: bool,
}

/// From this many nodes on, a project just opened shows its flows in their lanes first
/// ([`SpatialIndex::first_look`]): a full build takes over a second at 100,000 nodes.
const ROUTED_LATER_FROM: usize = 20_000;

/// How a build finds the flows' paths and labels.
#[derive(Clone, Copy, PartialEq)]
enum Routes {
    /// Around the nodes in their way, labels placed clear of nodes and of each other.
    Found,
    /// In their lanes, each label its step badge in the middle.
    Lanes,
}

/// A flow's label once its route is known: ready to be placed among the others, or waiting in
/// its provisional place until the routes are found.
enum Label<'a> {
    ToPlace(Box<Prepared<'a>>),
    Waiting(Spot),
}

/// A flow's route as the overview draws it.
#[cfg_attr(test, derive(PartialEq))]
struct Overview {
    outline: Outline,
    /// Where the route's turns are kept in [`SpatialIndex::corners`]: none for a single piece.
    corners: (u32, u32),
}

impl Overview {
    /// The overview of `route`, its turns within [`OUTLINE_TOLERANCE`] ([`Route::corners`],
    /// simplified) appended to `corners`.
    fn of(route: &Route, corners: &mut Vec<Pos2>) -> Self {
        let start = corners.len() as u32;
        if route.as_one().is_none() {
            let mut points = route.corners();
            simplify(&mut points, OUTLINE_TOLERANCE);
            corners.extend(points);
        }
        Self {
            outline: route.outline(),
            corners: (start, corners.len() as u32),
        }
    }
}

impl SpatialIndex {
    /// Indexes every node and every flow whose two ends exist, placing flow labels where they
    /// cover the least. A big project is indexed on all cores, with the same result.
    pub fn build(project: &Project) -> Self {
        Self::build_on(project, parallel::threads(), Routes::Found)
    }

    /// The index the first frame of a project just opened needs: for a project of
    /// [`ROUTED_LATER_FROM`] nodes or more, every flow in its lane with its step badge in the
    /// middle ([`SpatialIndex::is_routed`] is false), a fraction of the time a full build takes;
    /// the editor finds the routes and labels in the background
    /// ([`SpatialIndex::build`] of the same project) and swaps them in. Else the full build.
    pub fn first_look(project: &Project) -> Self {
        let routes = if Self::routed_later(project) {
            Routes::Lanes
        } else {
            Routes::Found
        };
        Self::build_on(project, parallel::threads(), routes)
    }

    /// Whether the [`SpatialIndex::first_look`] of `project` leaves its routes to be found later.
    pub fn routed_later(project: &Project) -> bool {
        project.nodes.len() >= ROUTED_LATER_FROM
    }

    /// Whether the flows go around the nodes in their way and the labels are placed (false for
    /// the [`SpatialIndex::first_look`] of a big project).
    pub fn is_routed(&self) -> bool {
        self.routed
    }

    /// [`SpatialIndex::build`] on up to `threads` threads: the flows' paths and their labels'
    /// spots are found on all of them while this one places the labels in id order.
    fn build_on(project: &Project, threads: usize, routes: Routes) -> Self {
        // Every list has room for what patches add before the next build (see `MAX_LOOSE_ITEMS`),
        // so that a patch never copies one to grow it.
        let mut nodes = Vec::with_capacity(project.nodes.len() + MAX_LOOSE_ITEMS);
        nodes.extend(project.nodes.iter().map(|(id, node)| IndexedNode {
            id: id.clone(),
            rect: node_rect(node),
            actor: node.is_actor(),
            alive: true,
        }));
        // The node grid is built while the flows' ends are looked up. The grids are built on the
        // calling thread: built on a helper thread, they left glibc's allocator mapping and
        // trimming the frame's vertex buffers afresh every frame (frame/fit/100k 12 -> 45 ms).
        let big = threads > 1 && nodes.len() >= parallel::CHUNK;
        let ((position, linked, dangling, carried, bends), node_grid) = parallel::join(
            big,
            || {
                let position: FxHashMap<&str, usize> =
                    nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
                let mut dangling = Vec::new();
                let linked: Vec<(&FlowId, &Flow, usize, usize)> = project
                    .flows
                    .iter()
                    .filter_map(|(id, f)| {
                        let ends = (position.get(f.from.as_str()), position.get(f.to.as_str()));
                        let (Some(&from), Some(&to)) = ends else {
                            dangling.push(id.clone());
                            return None;
                        };
                        Some((id, f, from, to))
                    })
                    .collect();
                let bends = bends(&linked.iter().map(|&(_, _, from, to)| (from, to)).collect::<Vec<_>>());
                let carried = project.flows.values().filter_map(|f| f.asset.clone()).collect();
                (position, linked, dangling, carried, bends)
            },
            || Grid::build(nodes.iter().map(|n| n.rect).collect(), |_| None, threads),
        );
        let nodes_covered = |area: Rect| nodes_covered(&node_grid, &nodes, area);
        let names: Vec<&str> = project.nodes.values().map(|n| n.name.as_str()).collect();
        let asset_name = |flow: &Flow| Some(names[*position.get(flow.asset.as_deref()?)?]);
        let mut placer = Placer::new(node_grid.extent.expand(MAX_NODE_WIDTH));
        let built_order = Order::built(nodes.len());
        let mut flows = Vec::with_capacity(linked.len() + MAX_LOOSE_ITEMS);
        in_order(
            linked.len(),
            threads,
            |k| {
                let (id, flow, from, to) = linked[k];
                let in_the_way = InTheWay::new(&node_grid, &nodes, &built_order, nodes.len(), (from, to));
                let (from_box, to_box) = (nodes[from].rect, nodes[to].rect);
                let path = match routes {
                    Routes::Found => route(from_box, to_box, from == to, bends[k], &in_the_way),
                    Routes::Lanes => FlowPath::joining(from_box, to_box, from == to, bends[k]).into(),
                };
                let mut spots = Spots::new(path.clone(), flow, asset_name(flow));
                let label = match routes {
                    Routes::Found => Label::ToPlace(Box::new(Prepared::new(spots, nodes_covered))),
                    Routes::Lanes => Label::Waiting(spots.badge_in_the_middle()),
                };
                (id.clone(), path, in_the_way.searched.get(), label)
            },
            |k, (id, path, searched, label)| {
                let (spot, weighed) = match label {
                    Label::ToPlace(prepared) => placer.place(*prepared, nodes_covered),
                    Label::Waiting(spot) => (spot, Weighed::NOTHING),
                };
                let (_, _, from, to) = linked[k];
                flows.push(IndexedFlow {
                    id,
                    alive: true,
                    from,
                    to,
                    lane: bends[k],
                    path,
                    keeps_lane: keeps_lane(nodes[from].rect, nodes[to].rect, from == to, nodes.len()),
                    label_at: spot.along,
                    label_offset: spot.offset,
                    label_form: spot.form,
                    label: spot.rect,
                    searched,
                    weighed,
                });
            },
        );
        let mut corners = Vec::new();
        let mut overview = Vec::with_capacity(flows.capacity());
        overview.extend(flows.iter().map(|f| Overview::of(&f.path, &mut corners)));
        // The flows touching each node, and the grids of where their routes searched, of where
        // their labels weighed and of their labels, are made while the flow grid is built.
        let ((touching, searched_grid, weighed_grid, label_grid), flow_grid) = parallel::join(
            big,
            || {
                let grid = |rect: fn(&IndexedFlow) -> Rect| Grid::build(flows.iter().map(rect).collect(), |_| None, 1);
                let weighed = (flows.iter().map(|f| f.weighed.area)).collect();
                let weighed = Grid::build(weighed, |i| Some(Trail::weighed(&flows[i])), 1);
                let touching = touching(nodes.len(), &flows);
                (touching, grid(|f| f.searched), weighed, grid(|f| f.label))
            },
            || {
                Grid::build(
                    flows.iter().map(IndexedFlow::extent).collect(),
                    |i| Some(Trail::of(&flows[i])),
                    threads,
                )
            },
        );
        let (node_count, flow_count) = (nodes.len(), flows.len());
        Self {
            nodes,
            flows,
            node_grid,
            flow_grid,
            searched_grid,
            weighed_grid,
            label_grid,
            touching,
            touching_more: Vec::new(),
            node_order: built_order,
            alive_nodes: node_count,
            flow_order: Order::built(flow_count),
            overview,
            corners,
            dangling,
            carried,
            routed: routes == Routes::Found,
        }
    }

    /// The extent of everything drawn (diagram units, rounded out to whole units so a page
    /// around it has a whole size): node boxes, flows and their labels; `None` without nodes.
    pub fn bounds(&self) -> Option<Rect> {
        let all = self.node_grid.extent.union(self.flow_grid.extent);
        all.is_positive()
            .then(|| Rect::from_min_max(all.min.floor(), all.max.ceil()))
    }

    /// The topmost node whose box contains `p` (diagram units).
    pub fn node_at(&self, p: Pos2) -> Option<&str> {
        let mut top = None;
        self.node_grid.for_each_overlapping(Rect::from_min_max(p, p), |i| {
            let rank = self.node_order.rank(i);
            if self.nodes[i].rect.contains(p) && top.is_none_or(|t| rank > self.node_order.rank(t)) {
                top = Some(i);
            }
        });
        top.map(|i| self.nodes[i].id.as_str())
    }

    /// The flow whose path passes within `tolerance` of `p`, or whose label is under `p`
    /// (diagram units); the closest when there are several.
    pub fn flow_at(&self, p: Pos2, tolerance: f32) -> Option<&str> {
        let area = Rect::from_center_size(p, egui::Vec2::splat(2.0 * tolerance));
        let mut best: Option<(f32, usize)> = None;
        self.flow_grid.for_each_overlapping(area, |i| {
            let flow = &self.flows[i];
            let d = if flow.label.contains(p) {
                0.0
            } else if flow.path.surely_farther_than(p, tolerance) {
                return;
            } else {
                flow.path.distance_to(p)
            };
            let later = |j: usize| self.flow_order.rank(i) > self.flow_order.rank(j);
            if d <= tolerance && best.is_none_or(|(b, j)| d < b || (d == b && later(j))) {
                best = Some((d, i));
            }
        });
        best.map(|(_, i)| self.flows[i].id.as_str())
    }

    /// The nodes whose boxes overlap `area` (diagram units), in id order.
    pub fn nodes_in_rect(&self, area: Rect) -> Vec<&str> {
        self.visible_nodes(area)
            .into_iter()
            .map(|i| self.nodes[i].id.as_str())
            .collect()
    }

    /// The flows whose path (see [`FlowPath::crosses`]) or label overlaps `area` (diagram units),
    /// in id order.
    pub fn flows_in_rect(&self, area: Rect) -> Vec<&str> {
        self.visible_flows(area)
            .into_iter()
            .map(|i| &self.flows[i])
            .filter(|f| f.label.intersects(area) || f.path.crosses(area))
            .map(|f| f.id.as_str())
            .collect()
    }

    /// The flows whose label overlaps `area` (diagram units), with the plate each label is drawn on,
    /// in id order.
    pub fn flow_labels_in_rect(&self, area: Rect) -> Vec<(&str, Rect)> {
        self.visible_flows(area)
            .into_iter()
            .map(|i| &self.flows[i])
            .filter(|f| f.label.intersects(area))
            .map(|f| (f.id.as_str(), f.label))
            .collect()
    }

    /// The box of a node (diagram units).
    pub fn node_rect(&self, id: &str) -> Option<Rect> {
        self.node_index(id).map(|i| self.nodes[i].rect)
    }

    /// The route of a flow (diagram units), or `None` for an unknown flow or one with a missing
    /// end.
    pub fn flow_path(&self, id: &str) -> Option<Route> {
        self.flow_index(id).map(|i| self.flows[i].path.clone())
    }

    pub(super) fn nodes(&self) -> &[IndexedNode] {
        &self.nodes
    }

    pub(super) fn flows(&self) -> &[IndexedFlow] {
        &self.flows
    }

    /// The position of the node `id` in the node list.
    pub(super) fn node_index(&self, id: &str) -> Option<usize> {
        let i = self.node_order.find(id, |i| &self.nodes[i].id)?;
        self.nodes[i].alive.then_some(i)
    }

    /// The position of the flow `id` in the flow list.
    pub(super) fn flow_index(&self, id: &str) -> Option<usize> {
        let i = self.flow_order.find(id, |i| &self.flows[i].id)?;
        self.flows[i].alive.then_some(i)
    }

    /// Positions (in the flow list) of the flows touching the node at position `node`.
    pub(super) fn flows_touching(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        let built = (node < self.touching.starts.len() - 1).then(|| self.touching.get(node));
        let first = self.touching_more.partition_point(|&(n, _)| (n as usize) < node);
        let more = self.touching_more[first..]
            .iter()
            .take_while(move |&&(n, _)| n as usize == node);
        (built.into_iter().flatten().copied())
            .chain(more.map(|&(_, f)| f))
            .map(|i| i as usize)
            .filter(move |&i| {
                let flow = &self.flows[i];
                flow.alive && (flow.from == node || flow.to == node)
            })
    }

    pub(super) fn visible_nodes(&self, area: Rect) -> Vec<usize> {
        let mut nodes = self.node_grid.query(area);
        self.node_order.arrange(&mut nodes);
        nodes
    }

    /// Puts `flows` (ascending positions, each once) in id order.
    pub(super) fn arrange_flows(&self, flows: &mut [usize]) {
        self.flow_order.arrange(flows);
    }

    /// The outline of the route of the flow at `flow`, and where it turns (for the overview;
    /// empty for a route of one piece).
    pub(super) fn overview(&self, flow: usize) -> (&Outline, &[Pos2]) {
        let Overview { outline, corners } = &self.overview[flow];
        (outline, &self.corners[corners.0 as usize..corners.1 as usize])
    }

    /// The flows whose path or label may overlap `area` (a few more, never fewer), in id order.
    pub(super) fn visible_flows(&self, area: Rect) -> Vec<usize> {
        let mut flows = self.flow_grid.query(area);
        self.flow_order.arrange(&mut flows);
        flows
    }
}

/// For each of `nodes` nodes, the flows that start or end at it.
fn touching(nodes: usize, flows: &[IndexedFlow]) -> Buckets {
    Buckets::build(nodes, || {
        flows.iter().enumerate().flat_map(|(i, f)| {
            let other = (f.to != f.from).then_some((f.to, i as u32));
            std::iter::once((f.from, i as u32)).chain(other)
        })
    })
}

/// The node boxes of the index a flow is routed around: all but those of its own `ends`.
struct InTheWay<'a> {
    grid: &'a Grid,
    nodes: &'a [IndexedNode],
    /// Their id order (of two boxes met at once, the first in id order counts).
    order: &'a Order,
    /// How many nodes the project has.
    count: usize,
    ends: (usize, usize),
    /// Every area looked for boxes in so far, together.
    searched: Cell<Rect>,
}

impl<'a> InTheWay<'a> {
    fn new(grid: &'a Grid, nodes: &'a [IndexedNode], order: &'a Order, count: usize, ends: (usize, usize)) -> Self {
        Self {
            grid,
            nodes,
            order,
            count,
            ends,
            searched: Cell::new(Rect::NOTHING),
        }
    }

    /// Calls `f` with the areas to look for boxes near the polyline `points` in, `reach` to
    /// spare, until it breaks: all of `bounds` for a polyline within a few cells; else, along
    /// the polyline, each run of short segments that stays within one cell as one area, and
    /// each longer segment cut into cell-long pieces (a curve's sixteen segments cost one or two
    /// grid queries, not sixteen).
    fn for_each_area(&self, points: &[Pos2], bounds: Rect, reach: f32, mut f: impl FnMut(Near) -> ControlFlow<()>) {
        let cell = self.grid.levels.first().map_or(f32::INFINITY, |l| l.cell);
        if !cell.is_finite() {
            return;
        }
        let bounds = bounds.expand(reach);
        if bounds.width().max(bounds.height()) <= 2.0 * cell {
            let _ = f(Near {
                start: bounds.min,
                piece: Piece::Whole,
                area: bounds,
            });
            return;
        }
        let extent = |r: Rect| r.width().max(r.height());
        let mut k = 0;
        while k + 1 < points.len() {
            let (a, b) = (points[k], points[k + 1]);
            let d = b - a;
            if d.x.abs().max(d.y.abs()) > cell {
                let n = (d.x.abs().max(d.y.abs()) / cell).ceil() as usize;
                for j in 0..n {
                    let (p, q) = (a + d * (j as f32 / n as f32), a + d * ((j + 1) as f32 / n as f32));
                    let near = Near {
                        start: p,
                        piece: Piece::Segment(a, b),
                        area: Rect::from_two_pos(p, q).expand(reach),
                    };
                    if f(near).is_break() {
                        return;
                    }
                }
                k += 1;
                continue;
            }
            let mut run = Rect::from_two_pos(a, b);
            let mut end = k + 1;
            while let Some(&next) = points.get(end + 1) {
                let grown = run.union(Rect::from_min_max(next, next));
                if extent(grown) > cell {
                    break;
                }
                run = grown;
                end += 1;
            }
            let near = Near {
                start: a,
                piece: Piece::Run(k, end + 1),
                area: run.expand(reach),
            };
            if f(near).is_break() {
                return;
            }
            k = end;
        }
    }

    /// Calls `f` with every box near `area` but those of the ends.
    fn near(&self, area: Rect, mut f: impl FnMut(usize)) {
        self.searched.set(self.searched.get().union(area));
        self.grid.for_each_overlapping(area, |i| {
            if i != self.ends.0 && i != self.ends.1 {
                f(i);
            }
        });
    }
}

/// An area of the grid to look for boxes in, near a polyline.
struct Near {
    /// Where the part of the polyline the area holds starts.
    start: Pos2,
    piece: Piece,
    area: Rect,
}

/// The part of a polyline an area holds.
#[derive(Clone, Copy)]
enum Piece {
    /// All of it.
    Whole,
    /// Its points from the first index up to (not including) the second.
    Run(usize, usize),
    /// A stretch of the segment between these points.
    Segment(Pos2, Pos2),
}

impl Obstacles for InTheWay<'_> {
    fn count(&self) -> usize {
        self.count
    }

    /// The boxes near each part of `path` ([`InTheWay::for_each_area`]) are looked up in the
    /// grid, and each is tested against that part of the polyline: a box the path passes
    /// through is crossed by some segment ([`FlowPath::passes_through`]), and that segment lies
    /// in some part whose area holds the box, so the count is the same as testing the whole
    /// path, for less.
    fn crossed(&self, path: &FlowPath, limit: usize) -> usize {
        let reach = path.slack() / 256.0 + CLEARANCE + 1.0;
        let (bounds, band, points) = (path.bounding_rect(), path.band(), path.polyline_points());
        let points = points.as_slice();
        let passes = |piece: Piece, node: Rect| {
            let area = node.expand(CLEARANCE);
            bounds.intersects(area)
                && match piece {
                    Piece::Segment(a, b) => segment_crosses(a, b, area.expand(band)),
                    Piece::Run(from, to) => polyline_crosses(&points[from..to], area.expand(band)),
                    Piece::Whole => polyline_crosses(points, area.expand(band)),
                }
        };
        // Inline, so routing allocates nothing: at most `MAX_COUNTED` boxes are ever asked for.
        let mut crossed = [usize::MAX; MAX_COUNTED];
        let mut count = 0;
        let limit = limit.min(MAX_COUNTED);
        self.for_each_area(points, bounds, reach, |near| {
            if count >= limit {
                return ControlFlow::Break(());
            }
            self.near(near.area, |i| {
                if count < limit && !crossed[..count].contains(&i) && passes(near.piece, self.nodes[i].rect) {
                    crossed[count] = i;
                    count += 1;
                }
            });
            ControlFlow::Continue(())
        });
        count
    }

    /// The boxes near each cell-long piece of the segment are looked up in the grid, up to the
    /// piece where the first box met is entered.
    fn first_across(&self, a: Pos2, b: Pos2) -> Option<Rect> {
        let (d, reach) = (b - a, CLEARANCE + 1.0);
        let mut first: Option<(f32, usize)> = None;
        self.for_each_area(&[a, b], Rect::from_two_pos(a, b), reach, |near| {
            if first.is_some_and(|(t, _)| (near.start - a).dot(d) > t * d.length_sq()) {
                return ControlFlow::Break(());
            }
            self.near(near.area, |i| {
                let entry = segment_entry(a, b, self.nodes[i].rect.expand(CLEARANCE));
                if let Some(t) = entry
                    && first.is_none_or(|(u, j)| t < u || (t == u && self.order.rank(i) < self.order.rank(j)))
                {
                    first = Some((t, i));
                }
            });
            ControlFlow::Continue(())
        });
        first.map(|(_, i)| self.nodes[i].rect)
    }
}

/// How much of `area` grown by [`LABEL_CLEARANCE`] the node boxes listed in `grid` cover, each
/// counted once (also when moved since the build), summed in `f64` so that the order they are
/// met in does not matter (a patched grid meets them in another order than a fresh one).
fn nodes_covered(grid: &Grid, nodes: &[IndexedNode], area: Rect) -> f32 {
    let area = area.expand(LABEL_CLEARANCE);
    let mut covered = 0.0f64;
    let add = |i: usize| covered += f64::from(overlap(nodes[i].rect, area));
    if grid.loose.is_empty() {
        grid.for_each_overlapping(area, add);
    } else {
        grid.hits(area, |i| nodes[i].rect.intersects(area))
            .into_iter()
            .for_each(add);
    }
    covered as f32
}

/// The extent of everything drawn for a project (diagram units): every node box and every flow
/// with its label; `None` for a project without nodes.
pub fn bounds(project: &Project) -> Option<Rect> {
    SpatialIndex::build(project).bounds()
}

/// The point in the middle of a node box's right edge, where the connect handle sits.
pub fn handle_point(rect: Rect) -> Pos2 {
    pos2(rect.right(), rect.center().y)
}

#[cfg(test)]
mod tests;
