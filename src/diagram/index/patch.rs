//! Bringing a [`SpatialIndex`] up to date after an edit without building it anew (a full build
//! takes half a second at 100,000 nodes), to exactly what a build would give: the nodes and
//! flows an edit added, removed or changed ([`Changes`]) are appended, marked dead or updated
//! (nothing else moves, see `order.rs`), and only the routes and labels that looked at what
//! changed are found again. Items patched in are tested by every query until the next build
//! ([`Grid::loosen`]), so patches add up to a limit ([`MAX_LOOSE_ITEMS`]); past half of it the
//! index says it is crowded, and the canvas has it built anew in the background.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use egui::{Rect, Vec2};
use rustc_hash::FxHashMap;

use super::super::geometry::{FlowPath, bends, carried_asset, node_rect};
use super::super::labels::{LABEL_CLEARANCE, Prepared, Spots, Weighed, choose, overlap};
use super::super::parallel;
use super::super::path::Route;
use super::super::route::{ALL_ROUTED_UP_TO, keeps_lane, route};
use super::super::sizes::LabelForm;
use super::order::Rank;
use super::{InTheWay, IndexedFlow, IndexedNode, MAX_LOOSE_ITEMS, Overview, SpatialIndex, nodes_covered};
use crate::model::{FlowId, NodeId, Project};

/// From this many routes to find in each half, a patch finds them on two threads.
const PARALLEL_ROUTES: usize = 32;
/// From this many labels to place first in each half, a patch prepares them on two threads.
const PARALLEL_LABELS: usize = 16;

/// What changed in a project between two revisions, for an index of the first to follow.
#[derive(Clone, Debug, PartialEq)]
pub struct Changes {
    /// The nodes added, removed or changed (moved ones included).
    pub nodes: Vec<NodeId>,
    /// The flows added, removed or changed.
    pub flows: Vec<FlowId>,
    /// Whether moving the nodes was all that changed.
    pub moved_only: bool,
}

impl Default for Changes {
    /// No change at all (which moves nothing but nodes).
    fn default() -> Self {
        Self {
            nodes: Vec::new(),
            flows: Vec::new(),
            moved_only: true,
        }
    }
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.flows.is_empty()
    }

    /// The changes of `self` followed by those of `later`.
    pub fn then(&mut self, later: Changes) {
        self.nodes.extend(later.nodes);
        self.flows.extend(later.flows);
        self.moved_only &= later.moved_only;
    }
}

/// What patching the nodes did.
#[derive(Default)]
struct NodesPatched {
    /// The boxes removed, and those changed as they were before.
    old_boxes: Vec<Rect>,
    /// The nodes added or whose box changed.
    placed: Vec<usize>,
    /// The flows that lost an end.
    orphans: Vec<FlowId>,
    /// Whether a node was added (a flow missing an end may have it now).
    added: bool,
    /// The nodes added, removed or changed that flows carry: the labels of those flows name
    /// them.
    assets: Vec<NodeId>,
}

/// What patching the flow list did.
#[derive(Default)]
struct FlowsPatched {
    /// The flows added or changed.
    new: Vec<usize>,
    /// The pairs of nodes (smaller position first) whose flows may have other lanes now.
    pairs: Vec<(usize, usize)>,
    /// The labels of the flows removed, each with where the flow stood in id order.
    gone_labels: Vec<(Rank, Rect)>,
}

impl SpatialIndex {
    /// Brings the index up to date with `project` after `changes`, without building it anew,
    /// to what a fresh build would make of it: nodes and flows are added, removed or updated,
    /// the others renumbered, and a route or label is found again only where what it depends on
    /// changed. A route depends on the lane and ends of its flow and on the boxes where its
    /// search looked ([`IndexedFlow::searched`]); a label on its route and text and on the boxes
    /// and the labels of earlier flows (in id order) where its placing weighed them
    /// ([`IndexedFlow::weighed`]), so a label that moves may move later ones in turn. False when
    /// it cannot (the changes are too many, or the node count crosses the size from which long
    /// flows keep their lanes): then the index is of no use, build it anew. Until the next
    /// build, the extent may be larger than the drawing.
    pub fn patch(&mut self, project: &Project, changes: &Changes) -> bool {
        if changes.is_empty() {
            return true;
        }
        let big = |nodes: usize| nodes > ALL_ROUTED_UP_TO;
        let loose = self.node_grid.loose.len().max(self.flow_grid.loose.len());
        if big(self.alive_nodes) != big(project.nodes.len())
            || loose + changes.nodes.len() + changes.flows.len() > MAX_LOOSE_ITEMS
        {
            return false;
        }
        let (mut node_ids, mut flow_ids) = (changes.nodes.clone(), changes.flows.clone());
        for ids in [&mut node_ids, &mut flow_ids] {
            ids.sort_unstable();
            ids.dedup();
        }
        let nodes = self.patch_nodes(project, &node_ids);
        let flows = self.patch_flows(project, &flow_ids, &nodes);
        let mut rerouted = flows.new.clone();
        rerouted.extend(self.lanes_changed(&flows.pairs));
        for &i in &nodes.placed {
            rerouted.extend(self.flows_touching(i));
        }
        let boxes: Vec<Rect> = (nodes.old_boxes.iter().copied())
            .chain(nodes.placed.iter().map(|&i| self.nodes[i].rect))
            .collect();
        let mut relabelled = Vec::new();
        // The flows whose label text may have changed, to be measured again.
        let mut retold = flows.new.clone();
        for &changed in &boxes {
            self.searched_grid.for_each_overlapping(changed, |j| rerouted.push(j));
        }
        relabelled.extend(self.weighing(&boxes, None, None));
        rerouted.sort_unstable();
        rerouted.dedup();
        if self.flow_grid.loose.len() + rerouted.len() > MAX_LOOSE_ITEMS {
            return false;
        }
        // Routes are found apart from each other: on two threads when there are many.
        let half = rerouted.len() / 2;
        let (first, second) = parallel::join(
            half >= PARALLEL_ROUTES,
            || rerouted[..half].iter().map(|&j| self.route_of(j)).collect::<Vec<_>>(),
            || rerouted[half..].iter().map(|&j| self.route_of(j)).collect::<Vec<_>>(),
        );
        for (&j, (path, searched)) in rerouted.iter().zip(first.into_iter().chain(second)) {
            self.reroute(j, path, searched);
        }
        relabelled.extend(rerouted);
        if !changes.moved_only && !nodes.assets.is_empty() {
            retold.extend(self.carrying(project, &nodes.assets));
        }
        retold.sort_unstable();
        relabelled.extend_from_slice(&retold);
        self.place_labels(project, relabelled, &retold, &flows.gone_labels);
        true
    }

    /// Whether so many items were patched in since the last build that queries slow down: time
    /// to build the index anew in the background.
    pub fn is_crowded(&self) -> bool {
        self.node_grid.loose.len().max(self.flow_grid.loose.len()) > MAX_LOOSE_ITEMS / 2
    }

    /// Puts the nodes `ids` (sorted) as they are in `project` into the index: added (where they
    /// were before they were removed, else after the others), removed (marked dead), or with
    /// their new boxes.
    fn patch_nodes(&mut self, project: &Project, ids: &[NodeId]) -> NodesPatched {
        let mut patched = NodesPatched::default();
        for id in ids {
            let at = self.node_order.find(id, |i| &self.nodes[i].id);
            let alive = at.filter(|&i| self.nodes[i].alive);
            let indexed = |node: &crate::model::Node| IndexedNode {
                id: id.clone(),
                rect: node_rect(node),
                actor: node.is_actor(),
                alive: true,
            };
            if self.carried.contains(id) {
                patched.assets.push(id.clone());
            }
            match (alive, project.nodes.get(id)) {
                (Some(i), Some(node)) => {
                    let new = indexed(node);
                    let old = &self.nodes[i];
                    if old.rect != new.rect || old.actor != new.actor {
                        patched.old_boxes.push(old.rect);
                        patched.placed.push(i);
                        self.nodes[i] = new;
                    }
                }
                (Some(i), None) => {
                    patched.old_boxes.push(self.nodes[i].rect);
                    let orphans = self.flows_touching(i).map(|j| self.flows[j].id.clone());
                    patched.orphans.extend(orphans.collect::<Vec<_>>());
                    self.nodes[i].alive = false;
                    self.node_grid.rects[i] = Rect::NOTHING;
                    self.alive_nodes -= 1;
                }
                (None, Some(node)) => {
                    let i = at.unwrap_or(self.nodes.len());
                    if i == self.nodes.len() {
                        self.nodes.push(indexed(node));
                        self.node_order.append(i, |i| &self.nodes[i].id);
                        self.node_grid.push(Rect::NOTHING);
                    } else {
                        self.nodes[i] = indexed(node);
                    }
                    self.alive_nodes += 1;
                    patched.placed.push(i);
                    patched.added = true;
                }
                (None, None) => {}
            }
        }
        for &i in &patched.placed {
            self.node_grid.loosen(i, self.nodes[i].rect);
        }
        patched
    }

    /// Puts the flows `ids` (sorted) as they are in `project` into the index, with the flows
    /// that lost an end and, when nodes were added, those that were missing one: added (in their
    /// lanes until routed; where they were before they were removed, else after the others),
    /// removed (marked dead), or with their new ends.
    fn patch_flows(&mut self, project: &Project, ids: &[FlowId], nodes: &NodesPatched) -> FlowsPatched {
        let mut ids = ids.to_vec();
        ids.extend_from_slice(&nodes.orphans);
        if nodes.added {
            ids.append(&mut self.dangling);
        }
        ids.sort_unstable();
        ids.dedup();
        let mut patched = FlowsPatched::default();
        let pair = |from: usize, to: usize| (from.min(to), from.max(to));
        self.carried
            .extend(ids.iter().filter_map(|id| project.flows.get(id)?.asset.clone()));
        let mut listed = Vec::new();
        for id in ids {
            let flow = project.flows.get(&id);
            let ends = flow.and_then(|f| Some((self.node_index(&f.from)?, self.node_index(&f.to)?)));
            let at = self.flow_order.find(&id, |j| &self.flows[j].id);
            let alive = at.filter(|&j| self.flows[j].alive);
            match (alive, ends) {
                (Some(j), Some((from, to))) => {
                    let old = &self.flows[j];
                    patched.pairs.push(pair(old.from, old.to));
                    patched.pairs.push(pair(from, to));
                    (self.flows[j].from, self.flows[j].to) = (from, to);
                    listed.push(j);
                    patched.new.push(j);
                }
                (Some(j), None) => {
                    let old = &mut self.flows[j];
                    patched.pairs.push(pair(old.from, old.to));
                    patched.gone_labels.push((self.flow_order.rank(j), old.label));
                    old.alive = false;
                    self.flow_grid.rects[j] = Rect::NOTHING;
                    self.searched_grid.rects[j] = Rect::NOTHING;
                    self.weighed_grid.rects[j] = Rect::NOTHING;
                    self.label_grid.rects[j] = Rect::NOTHING;
                }
                (None, Some((from, to))) => {
                    patched.pairs.push(pair(from, to));
                    let lane = FlowPath::joining(self.nodes[from].rect, self.nodes[to].rect, from == to, 0.0);
                    let new = unplaced(id.clone(), from, to, lane.into());
                    let j = at.unwrap_or(self.flows.len());
                    if j == self.flows.len() {
                        self.overview.push(Overview::of(&new.path, &mut self.corners));
                        self.flows.push(new);
                        self.flow_order.append(j, |j| &self.flows[j].id);
                        self.flow_grid.push(Rect::NOTHING);
                        self.searched_grid.push(Rect::NOTHING);
                        self.weighed_grid.push(Rect::NOTHING);
                        self.label_grid.push(Rect::NOTHING);
                    } else {
                        self.flows[j] = new;
                    }
                    listed.push(j);
                    patched.new.push(j);
                }
                (None, None) => {}
            }
            match (self.dangling.binary_search(&id), flow.is_some() && ends.is_none()) {
                (Err(at), true) => self.dangling.insert(at, id),
                (Ok(at), false) => {
                    self.dangling.remove(at);
                }
                _ => {}
            }
        }
        // The flows listed again by their ends, unless the build listed them there.
        for j in listed {
            let (from, to) = (self.flows[j].from, self.flows[j].to);
            for end in [from, to] {
                let built = end < self.touching.starts.len() - 1 && self.touching.get(end).contains(&(j as u32));
                if !built {
                    self.touching_more.push((end as u32, j as u32));
                }
            }
        }
        self.touching_more.sort_unstable();
        self.touching_more.dedup();
        patched
    }

    /// The flows among those joining the nodes of `pairs` whose lane changed, now in their new
    /// lanes (not yet routed).
    fn lanes_changed(&mut self, pairs: &[(usize, usize)]) -> Vec<usize> {
        let mut pairs = pairs.to_vec();
        pairs.sort_unstable();
        pairs.dedup();
        let mut changed = Vec::new();
        for (a, b) in pairs {
            let mut joining: Vec<usize> = self
                .flows_touching(a)
                .filter(|&j| {
                    let f = &self.flows[j];
                    (f.from.min(f.to), f.from.max(f.to)) == (a, b)
                })
                .collect();
            joining.sort_unstable_by_key(|&j| self.flow_order.rank(j));
            joining.dedup();
            let ends: Vec<(usize, usize)> = joining
                .iter()
                .map(|&j| (self.flows[j].from, self.flows[j].to))
                .collect();
            for (j, lane) in joining.into_iter().zip(bends(&ends)) {
                // Bitwise: a lane of -0.0 bends the other way than one of 0.0.
                if self.flows[j].lane.to_bits() != lane.to_bits() {
                    self.flows[j].lane = lane;
                    changed.push(j);
                }
            }
        }
        changed
    }

    /// The flows whose label names one of the assets `ids` (sorted).
    fn carrying(&self, project: &Project, ids: &[NodeId]) -> Vec<usize> {
        let carries = |asset: &Option<NodeId>| asset.as_ref().is_some_and(|a| ids.binary_search(a).is_ok());
        project
            .flows
            .iter()
            .filter(|(_, f)| carries(&f.asset))
            .filter_map(|(id, _)| self.flow_index(id))
            .collect()
    }

    /// The route of flow `j` as the nodes stand now (its lane in a first look), and where its
    /// search looked for boxes.
    fn route_of(&self, j: usize) -> (Route, Rect) {
        let (from, to) = (self.flows[j].from, self.flows[j].to);
        let (from_box, to_box) = (self.nodes[from].rect, self.nodes[to].rect);
        if !self.routed {
            let lane = FlowPath::joining(from_box, to_box, from == to, self.flows[j].lane);
            return (lane.into(), Rect::NOTHING);
        }
        let in_the_way = InTheWay::new(
            &self.node_grid,
            &self.nodes,
            &self.node_order,
            self.alive_nodes,
            (from, to),
        );
        let path = route(from_box, to_box, from == to, self.flows[j].lane, &in_the_way);
        (path, in_the_way.searched.get())
    }

    /// Gives flow `j` the route `path` its search found looking at `searched`; its label is
    /// placed afterwards ([`SpatialIndex::place_labels`]).
    fn reroute(&mut self, j: usize, path: Route, searched: Rect) {
        let (from, to) = (self.flows[j].from, self.flows[j].to);
        let (from_box, to_box) = (self.nodes[from].rect, self.nodes[to].rect);
        let flow = &mut self.flows[j];
        flow.keeps_lane = keeps_lane(from_box, to_box, from == to, self.alive_nodes);
        flow.searched = searched;
        self.overview[j] = Overview::of(&path, &mut self.corners);
        flow.path = path;
        self.flow_grid.loosen(j, flow.extent());
        self.searched_grid.loosen(j, flow.searched);
    }

    /// Places the labels of the flows `dirty` anew in id order, each as a fresh build places it
    /// (clear of the node boxes and of the labels of the flows before it), and then those of the
    /// later flows that weighed where a label was before or is now, and so on; `gone` are the
    /// labels of removed flows, each with the position of the first flow after it. The labels of
    /// the flows `retold` (sorted) are measured again.
    fn place_labels(&mut self, project: &Project, dirty: Vec<usize>, retold: &[usize], gone: &[(Rank, Rect)]) {
        let mut queued = vec![false; self.flows.len()];
        let mut heap = BinaryHeap::new();
        let order = |index: &Self, j: usize| Reverse((index.flow_order.rank(j), j));
        let mut first: Vec<usize> = Vec::with_capacity(dirty.len());
        for j in dirty {
            if !std::mem::replace(&mut queued[j], true) {
                heap.push(order(self, j));
                first.push(j);
            }
        }
        // What the first labels' spots cover of the node boxes is weighed on two threads.
        let mut ready: FxHashMap<usize, Prepared> = FxHashMap::default();
        if self.routed && first.len() >= 2 * PARALLEL_LABELS {
            let prepare = |part: &[usize]| {
                (part.iter())
                    .filter_map(|&j| Some((j, self.prepared(project, j, retold.binary_search(&j).is_ok())?)))
                    .collect::<Vec<_>>()
            };
            let (a, b) = first.split_at(first.len() / 2);
            let (a, b) = parallel::join(true, || prepare(a), || prepare(b));
            ready.extend(a.into_iter().chain(b));
        }
        for &(after, label) in gone {
            for j in self.weighing(&[label], Some(after), Some(&queued)) {
                queued[j] = true;
                heap.push(order(self, j));
            }
        }
        while let Some(Reverse((rank, j))) = heap.pop() {
            let before = self.flows[j].label;
            self.relabel(project, j, retold.binary_search(&j).is_ok(), ready.remove(&j));
            let after = self.flows[j].label;
            if after != before {
                for k in self.weighing(&[before, after], Some(rank), Some(&queued)) {
                    queued[k] = true;
                    heap.push(order(self, k));
                }
            }
        }
    }

    /// The flows (after `after` in id order, and not `queued` yet, when given) whose label's
    /// placing weighed one of `areas`: each looked at once, however many cells list it.
    fn weighing(&self, areas: &[Rect], after: Option<Rank>, queued: Option<&[bool]>) -> Vec<usize> {
        let mut found = Vec::new();
        for &area in areas.iter().filter(|area| area.is_finite()) {
            self.weighed_grid.for_each_overlapping(area, |j| {
                let later = after.is_none_or(|after| self.flow_order.rank(j) > after);
                if later && queued.is_none_or(|queued| !queued[j]) {
                    found.push(j);
                }
            });
        }
        found.sort_unstable();
        found.dedup();
        found.retain(|&j| {
            let flow = &self.flows[j];
            flow.weighed.covers(&flow.path, areas)
        });
        found
    }

    /// Places the label of flow `j` as a fresh build would: clear of the node boxes and of the
    /// labels of the flows before it (the step badge in the middle in a first look); measured
    /// again when `retold`, else in the sizes measured before.
    fn relabel<'p>(&mut self, project: &'p Project, j: usize, retold: bool, ready: Option<Prepared<'p>>) {
        let (spot, weighed) = if self.routed {
            let Some(prepared) = ready.or_else(|| self.prepared(project, j, retold)) else {
                return;
            };
            let nodes_covered = |area: Rect| nodes_covered(&self.node_grid, &self.nodes, area);
            let labels_covered = |rect: Rect| {
                let area = rect.expand(LABEL_CLEARANCE);
                let rank = self.flow_order.rank(j);
                let earlier = (self.label_grid).hits(area, |k| {
                    self.flow_order.rank(k) < rank && self.flows[k].label.intersects(area)
                });
                let covered: f64 = (earlier.into_iter())
                    .map(|k| f64::from(overlap(self.flows[k].label, area)))
                    .sum();
                covered as f32
            };
            choose(prepared, nodes_covered, labels_covered)
        } else {
            let Some(mut spots) = self.spots(project, j, retold) else {
                return;
            };
            (spots.badge_in_the_middle(), Weighed::NOTHING)
        };
        let flow = &mut self.flows[j];
        (flow.label_at, flow.label_offset, flow.label_form, flow.label) =
            (spot.along, spot.offset, spot.form, spot.rect);
        flow.weighed = weighed;
        self.flow_grid.loosen(j, flow.extent());
        self.label_grid.loosen(j, flow.label);
        self.weighed_grid.loosen(j, flow.weighed.area);
    }
}

impl SpatialIndex {
    /// The spots of the label of flow `j`: measured again when `retold`, else in the sizes
    /// measured before.
    fn spots<'p>(&self, project: &'p Project, j: usize, retold: bool) -> Option<Spots<'p>> {
        let flow = project.flows.get(&self.flows[j].id)?;
        let (path, asset) = (self.flows[j].path.clone(), carried_asset(project, flow));
        Some(if retold {
            Spots::new(path, flow, asset)
        } else {
            Spots::measured(path, flow, asset, &self.flows[j].weighed)
        })
    }

    /// The spots of the label of flow `j` with what the first of them cover of the node boxes
    /// (which no label placed meanwhile changes).
    fn prepared<'p>(&self, project: &'p Project, j: usize, retold: bool) -> Option<Prepared<'p>> {
        let nodes_covered = |area: Rect| nodes_covered(&self.node_grid, &self.nodes, area);
        Some(Prepared::new(self.spots(project, j, retold)?, nodes_covered))
    }
}

/// A flow just added, in its lane, its label not placed yet.
fn unplaced(id: FlowId, from: usize, to: usize, path: Route) -> IndexedFlow {
    IndexedFlow {
        id,
        alive: true,
        from,
        to,
        lane: 0.0,
        path,
        keeps_lane: false,
        label_at: 0.5,
        label_offset: Vec2::ZERO,
        label_form: LabelForm::Badge,
        label: Rect::NOTHING,
        searched: Rect::NOTHING,
        weighed: Weighed::NOTHING,
    }
}

#[cfg(test)]
mod tests {
    use egui::{Pos2, vec2};
    use proptest::prelude::*;

    use super::super::Routes;
    use super::super::tests::{assert_flows_match_a_full_scan, flow_at_by_full_scan};
    use super::*;
    use crate::edit::{self, Edit};
    use crate::model::{Flow, Node, Position};
    use crate::session::Document;

    /// One edit of a random sequence; numbers pick nodes and flows (modulo their count).
    #[derive(Clone, Debug)]
    enum Step {
        Rename(usize, bool),
        Delete(usize),
        AddNode(f32, f32, bool),
        AddFlow(usize, usize, bool),
        EditFlow(usize),
        DeleteFlow(usize),
        Paste(usize, usize),
        Move(usize, f32, f32),
        Undo,
        Redo,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (any::<usize>(), any::<bool>()).prop_map(|(i, long)| Step::Rename(i, long)),
            any::<usize>().prop_map(Step::Delete),
            (-500.0f32..3000.0, -500.0f32..3000.0, any::<bool>()).prop_map(|(x, y, a)| Step::AddNode(x, y, a)),
            (any::<usize>(), any::<usize>(), any::<bool>()).prop_map(|(a, b, c)| Step::AddFlow(a, b, c)),
            any::<usize>().prop_map(Step::EditFlow),
            any::<usize>().prop_map(Step::DeleteFlow),
            (any::<usize>(), 1usize..50).prop_map(|(i, n)| Step::Paste(i, n)),
            (any::<usize>(), -600.0f32..600.0, -600.0f32..600.0).prop_map(|(i, x, y)| Step::Move(i, x, y)),
            Just(Step::Undo),
            Just(Step::Redo),
        ]
    }

    /// The edit `step` makes of `project` (none for undo and redo).
    fn edit_of(step: &Step, project: &Project) -> Option<Edit> {
        let nodes: Vec<&NodeId> = project.nodes.keys().collect();
        let flows: Vec<&FlowId> = project.flows.keys().collect();
        let node = |i: usize| (!nodes.is_empty()).then(|| nodes[i % nodes.len()].clone());
        let flow = |i: usize| (!flows.is_empty()).then(|| flows[i % flows.len()].clone());
        Some(match *step {
            Step::Rename(i, long) => {
                let name = if long { "A much longer name than before" } else { "N" };
                edit::rename_node(project, &node(i)?, name)
            }
            Step::Delete(i) => edit::delete(project, &[node(i)?], &[]),
            Step::AddNode(x, y, actor) => {
                let at = Position::new(x, y);
                let node = if actor {
                    Node::actor("New", at)
                } else {
                    Node::asset("New asset", at)
                };
                edit::add_node(project, node).0
            }
            Step::AddFlow(a, b, carries) => {
                let mut flow = Flow::new(node(a)?, node(b)?, 9, "hands over");
                flow.asset = carries
                    .then(|| project.nodes.iter().find(|(_, n)| !n.is_actor()))
                    .flatten()
                    .map(|(id, _)| id.clone());
                edit::add_flow(project, flow).0
            }
            Step::EditFlow(i) => edit::update_flow(project, &flow(i)?, "Edit flow", |f| {
                f.action = "now says something else at some length".into();
            }),
            Step::DeleteFlow(i) => edit::delete(project, &[], &[flow(i)?]),
            Step::Paste(i, n) => {
                let picked: Vec<NodeId> = (0..n).filter_map(|k| node(i + k)).collect();
                edit::duplicate(project, &picked).0
            }
            Step::Move(i, x, y) => {
                let id = node(i)?;
                let at = project.nodes[&id].position;
                edit::move_nodes(project, &[(id, Position::new(at.x + x, at.y + y))])
            }
            Step::Undo | Step::Redo => return None,
        })
    }

    /// Checks that `index` holds what `fresh`, a fresh build, holds — the same node boxes, the
    /// same flows between the same nodes in the same lanes along the same routes with the same
    /// labels, the same lists — and that its queries answer like the fresh build's and like a
    /// test of each of its items.
    fn assert_like_a_fresh_build(index: &SpatialIndex, fresh: &SpatialIndex) {
        let alive = |nodes: &[IndexedNode]| nodes.iter().filter(|n| n.alive).count();
        assert_eq!(alive(&index.nodes), fresh.nodes.len(), "nodes");
        assert_eq!(index.alive_nodes, fresh.nodes.len());
        for (i, built) in fresh.nodes.iter().enumerate() {
            let patched = index.node_index(&built.id).map(|k| &index.nodes[k]);
            assert!(patched == Some(built), "{}", built.id);
            let touching = |index: &SpatialIndex, i: usize| {
                let mut ids: Vec<String> = index.flows_touching(i).map(|j| index.flows[j].id.clone()).collect();
                ids.sort_unstable();
                ids
            };
            let k = index.node_index(&built.id).unwrap();
            assert_eq!(touching(index, k), touching(fresh, i), "flows touching {}", built.id);
        }
        assert_eq!(
            index.flows.iter().filter(|f| f.alive).count(),
            fresh.flows.len(),
            "flows"
        );
        let drawn = |index: &SpatialIndex, f: &IndexedFlow| {
            let label = (f.label_at, f.label_offset, f.label_form, f.label, f.weighed);
            let ends = (index.nodes[f.from].id.clone(), index.nodes[f.to].id.clone());
            (f.id.clone(), ends, f.lane, f.keeps_lane, f.path.clone(), label)
        };
        for (j, built) in fresh.flows.iter().enumerate() {
            let k = index.flow_index(&built.id).expect("the flow is indexed");
            assert_eq!(drawn(index, &index.flows[k]), drawn(fresh, built));
            assert!(index.overview(k) == fresh.overview(j), "overview of {}", built.id);
        }
        assert_eq!(index.dangling, fresh.dangling);
        let Some(bounds) = fresh.bounds() else {
            return;
        };
        assert!(
            index.bounds().unwrap().contains_rect(bounds),
            "the extent holds the drawing"
        );
        let (w, h) = (bounds.width() / 7.0, bounds.height() / 5.0);
        for k in 0..35 {
            let min = bounds.min + vec2((k % 7) as f32 * w, (k / 7) as f32 * h);
            for area in [
                Rect::from_min_size(min, vec2(w, h)),
                Rect::from_min_size(min, vec2(w / 9.0, h / 7.0)),
            ] {
                assert_eq!(index.nodes_in_rect(area), fresh.nodes_in_rect(area), "{area:?}");
                assert_eq!(index.flows_in_rect(area), fresh.flows_in_rect(area), "{area:?}");
                assert_eq!(
                    index.flow_labels_in_rect(area),
                    fresh.flow_labels_in_rect(area),
                    "{area:?}"
                );
                assert_flows_match_a_full_scan(index, area);
            }
            let p: Pos2 = min + vec2(w * 0.37, h * 0.61);
            assert_eq!(index.node_at(p), fresh.node_at(p), "{p:?}");
            assert_eq!(index.flow_at(p, 4.0), fresh.flow_at(p, 4.0), "{p:?}");
            assert_eq!(index.flow_at(p, 4.0), flow_at_by_full_scan(index, p, 4.0), "{p:?}");
        }
    }

    /// Applies `steps` to `project` one after the other, patching an index built `routes`'s way
    /// after each and checking it against a fresh build.
    fn follow(project: Project, steps: &[Step], routes: Routes) -> Result<(), TestCaseError> {
        let mut doc = Document::new(project, None, None);
        let mut index = SpatialIndex::build_on(doc.project(), 2, routes);
        for step in steps {
            let applied = match (step, edit_of(step, doc.project())) {
                (Step::Undo, _) => doc.undo(),
                (Step::Redo, _) => doc.redo(),
                (_, Some(edit)) => doc.apply(edit),
                (_, None) => continue,
            };
            let changes = Changes {
                moved_only: applied.moved.is_some(),
                nodes: applied.nodes,
                flows: applied.flows,
            };
            prop_assert!(index.patch(doc.project(), &changes), "{step:?} is patched in");
            assert_like_a_fresh_build(&index, &SpatialIndex::build_on(doc.project(), 2, routes));
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8))]

        #[test]
        fn a_patched_index_is_a_fresh_build_after_every_edit(
            seed in 1u64..1_000,
            steps in prop::collection::vec(step(), 1..14),
        ) {
            follow(crate::generate::generate(250, seed), &steps, Routes::Found)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4))]

        #[test]
        fn a_patched_first_look_is_a_fresh_first_look_after_every_edit(
            seed in 1u64..1_000,
            steps in prop::collection::vec(step(), 1..14),
        ) {
            follow(crate::generate::generate(250, seed), &steps, Routes::Lanes)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2))]

        /// Beyond 2,000 nodes long flows keep their lanes.
        #[test]
        fn a_big_patched_index_is_a_fresh_build_after_every_edit(
            steps in prop::collection::vec(step(), 1..6),
        ) {
            follow(crate::generate::generate(2_100, 5), &steps, Routes::Found)?;
        }
    }
}
