//! The layered layout (Sugiyama style), our own: cycles broken by depth-first search in story
//! order ([`cycles`](super::cycles)), ranks by longest path, shortened, then network simplex and
//! bounded in width ([`ranks`](super::ranks)), labels and long flows given items of their own on
//! the layers they cross ([`layers`](super::layers)), crossings reduced by median sweeps and
//! adjacent exchanges ([`order`](super::order)) and then on the flows as drawn straight
//! ([`straight`](super::straight)), then coordinates ([`coords`](super::coords)). Each connected
//! part is laid out on its own; parts are stacked across the flow, single unconnected nodes set
//! in rows after them. Boxes keep their own sizes and never overlap.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use super::graph::{Edge, Size};
use super::layers::{Item, Layered};
use super::measure::{Segment, count_crossings};
use super::{Measure, coords, cycles, layers, order, ranks, straight};
use crate::model::{FlowId, NodeId, Position, Project};

/// Which way flows point after layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// Left to right: steps read like text.
    #[default]
    LeftRight,
    /// Top to bottom.
    TopBottom,
}

/// The layout cannot place these boxes: the measure gave a node or a label a size that is not a
/// finite, non-negative number. Nothing is moved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the layered layout got a box of no usable size (not a finite, non-negative number); nothing was moved")]
pub struct LayoutError;

/// Space between parts of the diagram that no flow joins.
const PART_GAP: f32 = 80.0;
/// Items (nodes, labels, slots) the layered graph may have per node and edge; past that, the
/// longest edges get no slots (see [`layers::longest_kept`]).
const ITEMS_PER_ELEMENT: usize = 12;
/// Below this many items, every edge keeps its slots.
const MIN_ITEMS: usize = 100_000;
/// The room across the flow that the boxes of a rank may always take (diagram units); a
/// part whose square-ish width ([`rank_width`]) is more than this is bounded to that instead.
/// Keeps a generated 100,000-node project well inside the ±1,000,000 positions a file holds.
const LEAST_RANK_WIDTH: f64 = 20_000.0;
/// Space between the labels of parallel flows, stacked across the flow.
const LABEL_STACK_GAP: f32 = 4.0;

/// A laid-out diagram: the new node positions, and for every flow between two laid-out nodes the
/// path the layering keeps free for it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// New centre of each laid-out node, sorted by id.
    pub positions: Vec<(NodeId, Position)>,
    /// One route per flow (self-flows excepted), sorted by flow id.
    pub routes: Vec<Route>,
}

/// Where a flow passes the layers between its ends: the centres of its label's slot and of
/// the thin slots it has in the other layers, from the flow's source to its target. Parallel
/// flows share a route (and a label slot big enough for all their labels).
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub flow: FlowId,
    pub points: Vec<Position>,
    /// The centre of the room kept for the label.
    pub label: Position,
}

/// New positions for `only` (or every node when `None`), laid out in layers along `direction`.
/// Flows to nodes outside the set are ignored. The laid-out block keeps the top-left node
/// centre of the nodes' previous positions, so laying out a selection leaves it where it was.
/// Deterministic: the same project gives the same positions.
pub fn layered(
    project: &Project,
    only: Option<&BTreeSet<NodeId>>,
    direction: Direction,
    measure: &dyn Measure,
) -> Result<Vec<(NodeId, Position)>, LayoutError> {
    layered_with_routes(project, only, direction, measure).map(|layout| layout.positions)
}

/// [`layered`], with the route each flow gets through the layers.
pub fn layered_with_routes(
    project: &Project,
    only: Option<&BTreeSet<NodeId>>,
    direction: Direction,
    measure: &dyn Measure,
) -> Result<Layout, LayoutError> {
    lay_out(project, only, direction, measure, LEAST_RANK_WIDTH)
}

/// [`layered_with_routes`], with ranks bounded to `least_rank_width` across (see
/// [`rank_width`]) in the parts big enough to need it.
fn lay_out(
    project: &Project,
    only: Option<&BTreeSet<NodeId>>,
    direction: Direction,
    measure: &dyn Measure,
    least_rank_width: f64,
) -> Result<Layout, LayoutError> {
    let mut story = Story::new(project, only, direction, measure)?;
    story.min_width = least_rank_width;
    if story.nodes.is_empty() {
        return Ok(Layout::default());
    }
    let mut at = vec![(0.0, 0.0); story.nodes.len()];
    let mut bends: Vec<Bends> = vec![(Vec::new(), (0.0, 0.0)); story.flows.len()];
    let (parts, singles) = story.parts();
    let mut offset = 0.0;
    let mut widest = 0.0f64;
    for part in &parts {
        let placed = lay_out_part(&story, part);
        for (&v, &(a, c)) in part.nodes.iter().zip(&placed.nodes) {
            at[v as usize] = (a, c + offset);
        }
        for (&f, (points, label)) in part.flows.iter().zip(placed.routes) {
            let shift = |(a, c): (f64, f64)| (a, c + offset);
            bends[f as usize] = (points.into_iter().map(shift).collect(), shift(label));
        }
        offset += placed.across + PART_GAP as f64;
        widest = widest.max(placed.along);
    }
    set_in_rows(&story, &singles, widest, offset, &mut at);
    Ok(story.into_layout(at, bends, direction, project))
}

/// A point as (along, across) the flow direction.
type Point = (f64, f64);
/// A flow's route in layout terms: the points it passes and its label's centre.
type Bends = (Vec<Point>, Point);

/// The laid-out nodes in story order (order of the first step each takes part in) and the flows
/// between them (self-flows left out) in step order, with their sizes in layout terms.
struct Story<'a> {
    nodes: Vec<&'a NodeId>,
    /// The least room across a rank may be bounded to ([`rank_width`]).
    min_width: f64,
    sizes: Vec<Size>,
    /// Flow id, source, target, label size.
    flows: Vec<(&'a FlowId, u32, u32, Size)>,
}

impl<'a> Story<'a> {
    fn new(
        project: &'a Project,
        only: Option<&BTreeSet<NodeId>>,
        direction: Direction,
        measure: &dyn Measure,
    ) -> Result<Self, LayoutError> {
        let included = |id: &NodeId| project.nodes.contains_key(id) && only.is_none_or(|s| s.contains(id));
        let mut flows: Vec<_> = project
            .flows
            .iter()
            .filter(|(_, f)| f.from != f.to && included(&f.from) && included(&f.to))
            .collect();
        flows.sort_by(|(ia, a), (ib, b)| a.step.cmp(&b.step).then_with(|| ia.cmp(ib)));
        let mut index: FxHashMap<&str, u32> = FxHashMap::default();
        let mut nodes: Vec<&'a NodeId> = Vec::new();
        let mut number = |id: &'a NodeId, nodes: &mut Vec<&'a NodeId>| {
            *index.entry(id.as_str()).or_insert_with(|| {
                nodes.push(id);
                nodes.len() as u32 - 1
            })
        };
        let mut ends = Vec::with_capacity(flows.len());
        for (_, flow) in &flows {
            ends.push((number(&flow.from, &mut nodes), number(&flow.to, &mut nodes)));
        }
        for id in project.nodes.keys().filter(|id| included(id)) {
            number(id, &mut nodes);
        }
        let sizes = nodes
            .iter()
            .map(|id| oriented(measure.node(&project.nodes[*id]), direction))
            .collect::<Result<Vec<_>, _>>()?;
        let flows = flows
            .iter()
            .zip(ends)
            .map(|((id, flow), (from, to))| Ok((*id, from, to, oriented(measure.label(project, flow), direction)?)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            nodes,
            min_width: LEAST_RANK_WIDTH,
            sizes,
            flows,
        })
    }

    /// The connected parts with flows (by smallest node number, so in story order), and the
    /// nodes no flow touches.
    fn parts(&self) -> (Vec<Part>, Vec<u32>) {
        let mut root: Vec<u32> = (0..self.nodes.len() as u32).collect();
        fn find(root: &mut [u32], mut v: u32) -> u32 {
            while root[v as usize] != v {
                root[v as usize] = root[root[v as usize] as usize];
                v = root[v as usize];
            }
            v
        }
        for &(_, a, b, _) in &self.flows {
            let (ra, rb) = (find(&mut root, a), find(&mut root, b));
            root[ra.max(rb) as usize] = ra.min(rb);
        }
        let mut part_of: FxHashMap<u32, usize> = FxHashMap::default();
        let mut parts: Vec<Part> = Vec::new();
        let mut touched = vec![false; self.nodes.len()];
        for &(_, a, b, _) in &self.flows {
            touched[a as usize] = true;
            touched[b as usize] = true;
        }
        let mut singles = Vec::new();
        for v in 0..self.nodes.len() as u32 {
            if !touched[v as usize] {
                singles.push(v);
                continue;
            }
            let r = find(&mut root, v);
            let p = *part_of.entry(r).or_insert_with(|| {
                parts.push(Part::default());
                parts.len() - 1
            });
            parts[p].nodes.push(v);
        }
        for (f, &(_, a, _, _)) in self.flows.iter().enumerate() {
            let r = find(&mut root, a);
            parts[part_of[&r]].flows.push(f as u32);
        }
        (parts, singles)
    }

    /// The positions and routes, turned the right way for `direction` and moved so the
    /// top-left node centre is where it was before.
    fn into_layout(self, at: Vec<(f64, f64)>, bends: Vec<Bends>, direction: Direction, project: &Project) -> Layout {
        let old = self
            .nodes
            .iter()
            .map(|id| project.nodes[*id].position)
            .fold((f32::MAX, f32::MAX), |(x, y), p| (x.min(p.x), y.min(p.y)));
        let turned = |(along, across): (f64, f64)| match direction {
            Direction::LeftRight => (along, across),
            Direction::TopBottom => (across, along),
        };
        let low = at
            .iter()
            .map(|&p| turned(p))
            .fold((f64::MAX, f64::MAX), |(x, y), (px, py)| (x.min(px), y.min(py)));
        let place = |p: (f64, f64)| {
            let (x, y) = turned(p);
            Position::new(old.0 + (x - low.0) as f32, old.1 + (y - low.1) as f32)
        };
        let mut positions: Vec<(NodeId, Position)> = self
            .nodes
            .iter()
            .zip(at)
            .map(|(id, p)| ((*id).clone(), place(p)))
            .collect();
        positions.sort_by(|a, b| a.0.cmp(&b.0));
        let mut routes: Vec<Route> = self
            .flows
            .iter()
            .zip(bends)
            .map(|(&(id, ..), (points, label))| Route {
                flow: id.clone(),
                points: points.into_iter().map(place).collect(),
                label: place(label),
            })
            .collect();
        routes.sort_by(|a, b| a.flow.cmp(&b.flow));
        Layout { positions, routes }
    }
}

/// A size from the measure, as (along, across) the flow direction.
fn oriented((w, h): (f32, f32), direction: Direction) -> Result<Size, LayoutError> {
    if !(w.is_finite() && h.is_finite() && w >= 0.0 && h >= 0.0) {
        return Err(LayoutError);
    }
    Ok(match direction {
        Direction::LeftRight => Size { along: w, across: h },
        Direction::TopBottom => Size { along: h, across: w },
    })
}

/// One connected part: its node numbers (ascending) and flow numbers (in step order).
#[derive(Default)]
struct Part {
    nodes: Vec<u32>,
    flows: Vec<u32>,
}

/// A part laid out on its own: node centres and flow routes as (along, across), and its extent.
struct Placed {
    nodes: Vec<(f64, f64)>,
    routes: Vec<Bends>,
    along: f64,
    across: f64,
}

/// How hard to work, by the size of the layered graph: sweeps of crossing reduction and passes
/// of coordinate placement (each linear or n log n), within a fixed budget of item visits so
/// big diagrams stay near-linear; small ones get many (both stop early once nothing improves).
fn effort(items: usize) -> (usize, usize) {
    let budget = |total: usize, low: usize, high: usize| (total / items.max(1)).clamp(low, high);
    (budget(1_000_000, 6, 100), budget(4_000_000, 10, 200))
}

fn lay_out_part(story: &Story, part: &Part) -> Placed {
    let local: FxHashMap<u32, u32> = part.nodes.iter().enumerate().map(|(i, &v)| (v, i as u32)).collect();
    let sizes: Vec<Size> = part.nodes.iter().map(|&v| story.sizes[v as usize]).collect();
    let ends: Vec<(u32, u32)> = part
        .flows
        .iter()
        .map(|&f| {
            let (_, a, b, _) = story.flows[f as usize];
            (local[&a], local[&b])
        })
        .collect();
    let depth_first = arrange(
        story,
        part,
        &sizes,
        &ends,
        cycles::back_edges(sizes.len(), &ends),
        false,
    );
    let by_levels = || {
        arrange(
            story,
            part,
            &sizes,
            &ends,
            cycles::against_levels(sizes.len(), &ends),
            true,
        )
    };
    let Arranged {
        edges,
        flow_edge,
        layered,
        passes,
        across,
        ..
    } = if depth_first.too_deep {
        by_levels()
    } else if depth_first.crossings.is_some_and(|c| c > 0) {
        // A small part: keep whichever way of breaking cycles draws fewer crossings.
        let other = by_levels();
        if other.crossings < depth_first.crossings {
            other
        } else {
            depth_first
        }
    } else {
        depth_first
    };
    let across = across.unwrap_or_else(|| coords::across(&layered, passes));
    let centres = coords::along(&layered);
    let point = |v: u32| (centres[layered.layer[v as usize] as usize], across[v as usize]);
    let routes = flow_edge
        .iter()
        .map(|&(e, reversed)| {
            let chain = layered.chain(e);
            let mut points: Vec<(f64, f64)> = chain.iter().map(|&v| point(v)).collect();
            if reversed {
                points.reverse();
            }
            let edge = &edges[e];
            let middle = || {
                let (a, b) = (point(edge.from), point(edge.to));
                ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)
            };
            let label = chain
                .iter()
                .find(|&&v| matches!(layered.kind[v as usize], Item::Label(_)))
                .map_or_else(middle, |&v| point(v));
            (points, label)
        })
        .collect();
    let along = (0..layered.len())
        .map(|v| centres[layered.layer[v] as usize] + layered.size[v].along as f64 / 2.0)
        .fold(0.0, f64::max);
    let across_extent = (0..layered.len())
        .map(|v| across[v] + layered.size[v].across as f64 / 2.0)
        .fold(0.0, f64::max);
    Placed {
        nodes: (0..sizes.len() as u32).map(point).collect(),
        routes,
        along,
        across: across_extent,
    }
}

/// The longest a part may be drawn along the flow (about its ranks × [`rank_thickness`])
/// before its cycles are broken by levels instead of by depth-first search
/// ([`cycles::against_levels`]): half the ±1,000,000 units a file holds. Depth-first ranks
/// draw fewer crossings (a generated 10k project: 1.8 million against 3.5 million by levels,
/// 1,188 ranks), but a generated 100k project would take 11,931 ranks, millions of units.
const LONGEST_DRAWING: f64 = 500_000.0;

/// A part with its cycles broken one way, ranked and ordered.
struct Arranged {
    /// The edges, parallel flows bundled and turned flows turned.
    edges: Vec<Edge>,
    /// Each flow's edge, and whether the flow was turned.
    flow_edge: Vec<(usize, bool)>,
    layered: Layered,
    /// Coordinate passes to spend.
    passes: usize,
    /// Whether the ranks went past [`LONGEST_DRAWING`].
    too_deep: bool,
    /// Crossings as drawn, for small parts (which are untangled).
    crossings: Option<usize>,
    /// Coordinates across already placed for this order, if any.
    across: Option<Vec<f64>>,
}

/// Ranks and orders a part after turning the `back` flows (not ordered when too deep, unless
/// `deep_ok`).
fn arrange(
    story: &Story,
    part: &Part,
    sizes: &[Size],
    ends: &[(u32, u32)],
    back: Vec<bool>,
    deep_ok: bool,
) -> Arranged {
    let mut edges: Vec<Edge> = Vec::new();
    let mut edge_of: FxHashMap<(u32, u32), usize> = FxHashMap::default();
    let mut flow_edge = Vec::with_capacity(ends.len());
    for ((&f, &(a, b)), &reversed) in part.flows.iter().zip(ends).zip(&back) {
        let key = if reversed { (b, a) } else { (a, b) };
        let e = *edge_of.entry(key).or_insert_with(|| {
            edges.push(Edge {
                from: key.0,
                to: key.1,
                weight: 0,
                label: Size::default(),
            });
            edges.len() - 1
        });
        bundle(&mut edges[e], story.flows[f as usize].3);
        flow_edge.push((e, reversed));
    }
    let triples: Vec<(u32, u32, u32)> = edges.iter().map(|e| (e.from, e.to, e.weight)).collect();
    let room: Vec<f64> = sizes.iter().map(|s| (s.across + coords::NODE_GAP) as f64).collect();
    let ranks = ranks::ranks(
        part.nodes.len(),
        &triples,
        &room,
        rank_width(sizes, &edges, story.min_width),
    );
    let too_deep = ranks.iter().copied().max().unwrap_or(0) as f64 * rank_thickness(sizes, &edges) > LONGEST_DRAWING;
    let budget = (ITEMS_PER_ELEMENT * (sizes.len() + edges.len())).max(MIN_ITEMS);
    let longest = layers::longest_kept(sizes.len(), &ranks, &edges, budget);
    let mut layered = Layered::new(sizes, &ranks, &edges, longest);
    let (sweeps, passes) = effort(layered.len());
    if too_deep && !deep_ok {
        return Arranged {
            edges,
            flow_edge,
            layered,
            passes,
            too_deep,
            crossings: None,
            across: None,
        };
    }
    order::reduce(&mut layered, sweeps);
    let (crossings, across) = if layered.len() <= UNTANGLE_ITEMS {
        straight::straighten(&mut layered, ends, passes);
        (Some(untangle(&mut layered, ends, passes)), None)
    } else if sizes.len() * ends.len() <= STRAIGHTEN_WORK {
        (None, Some(straight::straighten(&mut layered, ends, passes).1))
    } else {
        (None, None)
    };
    Arranged {
        edges,
        flow_edge,
        layered,
        passes,
        too_deep,
        crossings,
        across,
    }
}

/// The most room across the flow the boxes of one rank may take: about the width that makes
/// the part as wide as it is long (from the room its boxes need and how thick a rank is), but
/// never less than `least` — only huge parts are ever bounded.
fn rank_width(sizes: &[Size], edges: &[Edge], least: f64) -> f64 {
    let room: f64 = sizes.iter().map(|s| (s.across + coords::NODE_GAP) as f64).sum();
    (room * rank_thickness(sizes, edges)).sqrt().max(least)
}

/// How thick a rank is drawn at most along the flow: the biggest box, the widest label and
/// their margins.
fn rank_thickness(sizes: &[Size], edges: &[Edge]) -> f64 {
    let widest = |along: &mut dyn Iterator<Item = f32>| along.fold(0.0, f32::max) as f64;
    widest(&mut sizes.iter().map(|s| s.along))
        + widest(&mut edges.iter().map(|e| e.label.along))
        + 2.0 * coords::LAYER_MARGIN as f64
}

/// Parts bigger than that, up to this many nodes × flows, are finished by trading places of
/// neighbouring boxes ([`straight::straighten`]), which weighs every flow against every other.
const STRAIGHTEN_WORK: usize = 4_000_000;

/// Small parts are finished by trying every item of a layer at every other place in it and
/// keeping the moves that lower the crossings of the flows as drawn (straight between box centres), with
/// coordinates placed afresh for each try; returns the crossings left.
const UNTANGLE_ITEMS: usize = 150;

fn untangle(l: &mut Layered, ends: &[(u32, u32)], passes: usize) -> usize {
    let drawn = |l: &Layered| {
        let across = coords::across(l, passes);
        let centres = coords::along(l);
        let at = |v: u32| (centres[l.layer[v as usize] as usize], across[v as usize]);
        let segments: Vec<Segment> = ends
            .iter()
            .map(|&(a, b)| Segment {
                ends: [a, b],
                from: at(a),
                to: at(b),
            })
            .collect();
        count_crossings(&segments)
    };
    let mut best = drawn(l);
    while best > 0 {
        let before = best;
        for r in 0..l.layers.len() {
            for from in 0..l.layers[r].len() {
                for to in 0..l.layers[r].len() {
                    if to == from || best == 0 {
                        continue;
                    }
                    let item = l.layers[r].remove(from);
                    l.layers[r].insert(to, item);
                    let now = drawn(l);
                    if now < best {
                        best = now;
                        break;
                    }
                    let item = l.layers[r].remove(to);
                    l.layers[r].insert(from, item);
                }
            }
        }
        if best == before {
            break;
        }
    }
    best
}

/// Adds one flow's label to an edge's bundle: labels stack across the flow.
fn bundle(edge: &mut Edge, label: Size) {
    let gap = if edge.weight > 0 { LABEL_STACK_GAP } else { 0.0 };
    edge.weight += 1;
    edge.label.along = edge.label.along.max(label.along);
    edge.label.across += gap + label.across;
}

/// Nodes no flow touches, in rows along the flow after the parts (starting `offset` across),
/// each row as long as the longest part (or about the square root of their number of boxes).
fn set_in_rows(story: &Story, singles: &[u32], widest: f64, offset: f64, at: &mut [(f64, f64)]) {
    let Some(biggest) = singles.iter().map(|&v| story.sizes[v as usize].along).reduce(f32::max) else {
        return;
    };
    let step = (biggest + coords::NODE_GAP) as f64;
    let length = widest.max(step * (singles.len() as f64).sqrt().ceil());
    let (mut along, mut across, mut row_height) = (0.0, offset, 0.0f64);
    for &v in singles {
        let size = story.sizes[v as usize];
        if along > 0.0 && along + size.along as f64 > length {
            along = 0.0;
            across += row_height + coords::NODE_GAP as f64;
            row_height = 0.0;
        }
        at[v as usize] = (along + size.along as f64 / 2.0, across + size.across as f64 / 2.0);
        along += (size.along + coords::NODE_GAP) as f64;
        row_height = row_height.max(size.across as f64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::measure::tests::BOXES;
    use crate::model::{Flow, Node};

    /// Width and height of the node centres of a layout.
    fn extent(layout: &Layout) -> (f32, f32) {
        let (mut low, mut high) = ((f32::MAX, f32::MAX), (f32::MIN, f32::MIN));
        for (_, p) in &layout.positions {
            low = (low.0.min(p.x), low.1.min(p.y));
            high = (high.0.max(p.x), high.1.max(p.y));
        }
        (high.0 - low.0, high.1 - low.1)
    }

    /// A root sending a flow to each of `hubs` nodes, each sending a flow to `fan` nodes of
    /// its own: the last rank holds `hubs × fan` boxes.
    fn fans(hubs: usize, fan: usize) -> Project {
        let mut p = Project::new("fans");
        p.nodes
            .insert("root".into(), Node::actor("Root", Position::new(0.0, 0.0)));
        for h in 0..hubs {
            p.nodes
                .insert(format!("h{h:03}"), Node::actor("Hub", Position::new(0.0, 0.0)));
            p.flows
                .insert(format!("r{h:03}"), Flow::new("root", format!("h{h:03}"), 1, "x"));
            for k in 0..fan {
                let id = format!("n{h:03}-{k:03}");
                p.nodes.insert(id.clone(), Node::asset("Leaf", Position::new(0.0, 0.0)));
                p.flows
                    .insert(format!("f{h:03}-{k:03}"), Flow::new(format!("h{h:03}"), id, 1, "x"));
            }
        }
        p
    }

    #[test]
    fn ranks_of_thousands_of_boxes_are_bounded() {
        // What keeps a generated 100,000-node project inside the ±1,000,000 units a file holds
        // (ranks of boxes no wider than about the part's length, never less than
        // LEAST_RANK_WIDTH; its ranks would otherwise be thousands of boxes wide, 1.09 million
        // units; 263,000 with the bound), scaled down: 2,000 leaves in one rank, with no least
        // width. The flows to the leaves moved to later ranks keep a slot in every rank they
        // pass, which takes room too.
        let project = fans(20, 100);
        let (uw, uh) = extent(&lay_out(&project, None, Direction::LeftRight, &BOXES, f64::INFINITY).unwrap());
        assert!(uh > 100.0 * uw, "unbounded, one rank holds all leaves: {uw} x {uh}");
        let (w, h) = extent(&lay_out(&project, None, Direction::LeftRight, &BOXES, 0.0).unwrap());
        assert!(h < uh / 3.0 && h < 10.0 * w, "bounded: {w} x {h}");
        let (_, dh) = extent(&layered_with_routes(&project, None, Direction::LeftRight, &BOXES).unwrap());
        assert!(dh < uh / 1.5, "by default too (at 20,000 units of boxes a rank): {dh}");
    }
}
