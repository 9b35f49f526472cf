//! The layered layout: flows point along the chosen direction, layers are assigned and crossings
//! reduced by `rust-sugiyama` (cycles broken first), boxes keep their size and never overlap;
//! disconnected parts are placed side by side.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use rust_sugiyama::configure::{Config, CrossingMinimization, RankingType};

use super::Measure;
use super::crossings;
use crate::model::{NodeId, Position, Project};

/// Which way flows point after layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// Left to right: steps read like text.
    #[default]
    LeftRight,
    /// Top to bottom.
    TopBottom,
}

/// The layout engine failed on this graph (it panicked); the diagram is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the layered layout failed on this diagram; nothing was moved (try Tidy instead)")]
pub struct LayoutError;

/// Space between boxes inside a layer and between parts of the diagram (diagram units).
const GAP: f64 = 60.0;
/// Extra space between layers, where flow labels go.
const LAYER_GAP: f64 = 120.0;

/// New positions for `only` (or every node when `None`), laid out in layers along `direction`.
/// Flows to nodes outside the set are ignored. The laid-out block keeps the top-left corner of
/// the nodes' previous bounding box, so laying out a selection leaves it where it was.
/// Deterministic: the same project gives the same positions.
pub fn layered(
    project: &Project,
    only: Option<&BTreeSet<NodeId>>,
    direction: Direction,
    measure: &dyn Measure,
) -> Result<Vec<(NodeId, Position)>, LayoutError> {
    let ids: Vec<&NodeId> = project
        .nodes
        .keys()
        .filter(|id| only.is_none_or(|s| s.contains(*id)))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (graph, index_of) = build_graph(project, &ids, direction, measure);
    let by_index: BTreeMap<NodeIndex, &NodeId> = index_of.iter().map(|(id, ix)| (*ix, *id)).collect();
    let anchor = top_left(project, &ids);
    let across = ids
        .iter()
        .map(|id| across_size(measure.node(&project.nodes[*id]), direction))
        .fold(0.0, f64::max);
    let small = ids.len() <= SMALL;
    let candidates = configs(small).into_iter().filter_map(|config| {
        let parts = run_sugiyama(&graph, &config)?;
        let mut trial = project.clone();
        let mut moves = place(parts, &by_index, direction, anchor, across);
        for (id, pos) in &moves {
            trial.nodes.get_mut(id).expect("laid-out ids are nodes").position = *pos;
        }
        if small {
            untangle(&mut trial, &mut moves, direction);
        }
        Some((crossings(&trial), moves))
    });
    let (_, mut moves) = candidates.min_by_key(|(crossings, _)| *crossings).ok_or(LayoutError)?;
    moves.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(moves)
}

/// A last pass on small diagrams: swap neighbours within a layer while that lowers the number of
/// crossing flows as drawn (straight lines between the final positions).
fn untangle(trial: &mut Project, moves: &mut [(NodeId, Position)], direction: Direction) {
    let along = |p: Position| match direction {
        Direction::LeftRight => p.x,
        Direction::TopBottom => p.y,
    };
    let across = |p: Position| match direction {
        Direction::LeftRight => p.y,
        Direction::TopBottom => p.x,
    };
    let mut order: Vec<usize> = (0..moves.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (moves[a].1, moves[b].1);
        along(pa).total_cmp(&along(pb)).then(across(pa).total_cmp(&across(pb)))
    });
    let mut best = crossings(trial);
    for _ in 0..8 {
        let mut improved = false;
        for pair in order.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if best == 0 || along(moves[a].1) != along(moves[b].1) {
                continue;
            }
            swap_places(trial, moves, a, b);
            let now = crossings(trial);
            if now < best {
                best = now;
                improved = true;
            } else {
                swap_places(trial, moves, a, b);
            }
        }
        if !improved {
            break;
        }
    }
}

fn swap_places(trial: &mut Project, moves: &mut [(NodeId, Position)], a: usize, b: usize) {
    let (pa, pb) = (moves[a].1, moves[b].1);
    moves[a].1 = pb;
    moves[b].1 = pa;
    for i in [a, b] {
        trial
            .nodes
            .get_mut(&moves[i].0)
            .expect("laid-out ids are nodes")
            .position = moves[i].1;
    }
}

/// The settings tried, best first. `rust-sugiyama`'s edge-length-minimising ranking can loop
/// forever on some graphs (its issue #25) and its median ordering can panic, so ranking is
/// "up"/"down" with barycentre ordering. The transpose heuristic costs seconds past a few hundred
/// nodes, so it is only tried on small diagrams, where several settings are compared by the
/// number of crossing flows. The "down" ranking is tried too; the result is sorted by node id.
fn configs(small: bool) -> Vec<Config> {
    let config = |ranking_type, transpose| Config {
        vertex_spacing: GAP,
        ranking_type,
        c_minimization: CrossingMinimization::Barycenter,
        transpose,
        ..Config::default()
    };
    if small {
        vec![
            config(RankingType::Up, true),
            config(RankingType::Down, true),
            config(RankingType::Up, false),
            config(RankingType::Down, false),
        ]
    } else {
        vec![config(RankingType::Up, false)]
    }
}

/// Diagrams up to this many nodes get the more thorough (slower) settings and a final pass
/// that removes crossings.
const SMALL: usize = 60;

/// Vertices carry their box size (across, along the flow); edges carry nothing.
type Graph = StableDiGraph<(f64, f64), ()>;

type Parts = Vec<(Vec<(NodeIndex, (f64, f64))>, f64, f64)>;

/// Runs the crate, turning a panic inside it into `None` so a bad case never takes the editor down.
fn run_sugiyama(graph: &Graph, config: &Config) -> Option<Parts> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rust_sugiyama::from_graph(graph, &|_, size: &(f64, f64)| *size, config)
    }))
    .ok()
}

/// The layout's parts as node positions: parts side by side across the flow, the whole block
/// anchored at `anchor`.
fn place(
    parts: Parts,
    by_index: &BTreeMap<NodeIndex, &NodeId>,
    direction: Direction,
    anchor: Position,
    across: f64,
) -> Vec<(NodeId, Position)> {
    // Each part comes with its own coordinates: place the parts side by side across the flow.
    let mut placed: Vec<(&NodeId, f64, f64)> = Vec::with_capacity(by_index.len());
    let mut offset = 0.0;
    for (coords, _, _) in &parts {
        let (min_x, max_x) = coords
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), (_, (x, _))| (lo.min(*x), hi.max(*x)));
        for (ix, (x, y)) in coords {
            placed.push((by_index[ix], x - min_x + offset, *y));
        }
        offset += max_x - min_x + across + GAP;
    }
    let (min_a, min_b) = placed
        .iter()
        .fold((f64::MAX, f64::MAX), |(a, b), (_, x, y)| (a.min(*x), b.min(*y)));
    placed
        .into_iter()
        .map(|(id, across, along)| {
            let (across, along) = ((across - min_a) as f32, (along - min_b) as f32);
            let (x, y) = match direction {
                Direction::TopBottom => (across, along),
                Direction::LeftRight => (along, across),
            };
            (id.clone(), Position::new(anchor.x + x, anchor.y + y))
        })
        .collect()
}

/// The graph for the layout: one vertex per node (sized for the direction), one edge per flow
/// between two laid-out nodes (self-flows left out). Vertices are added in order of the first
/// step each node takes part in, so the initial order within a layer follows the story.
fn build_graph<'a>(
    project: &Project,
    ids: &[&'a NodeId],
    direction: Direction,
    measure: &dyn Measure,
) -> (Graph, BTreeMap<&'a NodeId, NodeIndex>) {
    let included: BTreeMap<&str, &'a NodeId> = ids.iter().map(|id| (id.as_str(), *id)).collect();
    let mut flows: Vec<_> = project
        .flows
        .iter()
        .filter(|(_, f)| {
            f.from != f.to && included.contains_key(f.from.as_str()) && included.contains_key(f.to.as_str())
        })
        .collect();
    flows.sort_by(|(ia, a), (ib, b)| a.step.cmp(&b.step).then_with(|| ia.cmp(ib)));
    let mut order: Vec<&'a NodeId> = Vec::with_capacity(ids.len());
    let mut seen = BTreeSet::new();
    for (_, flow) in &flows {
        for end in [&flow.from, &flow.to] {
            let id = included[end.as_str()];
            if seen.insert(id.as_str()) {
                order.push(id);
            }
        }
    }
    order.extend(ids.iter().filter(|id| !seen.contains(id.as_str())));
    // Along the flow, each box also reserves room for the flow labels between layers.
    let size = |id: &NodeId| {
        let (w, h) = measure.node(&project.nodes[id]);
        let (w, h) = (w as f64, h as f64);
        match direction {
            Direction::TopBottom => (w, h + LAYER_GAP),
            Direction::LeftRight => (h, w + LAYER_GAP),
        }
    };
    let mut graph = StableDiGraph::new();
    let index_of: BTreeMap<&NodeId, NodeIndex> = order.iter().map(|id| (*id, graph.add_node(size(id)))).collect();
    for (_, flow) in flows {
        graph.add_edge(index_of[&flow.from], index_of[&flow.to], ());
    }
    (graph, index_of)
}

/// Size of a box (width, height) across the flow direction.
fn across_size((w, h): (f32, f32), direction: Direction) -> f64 {
    match direction {
        Direction::TopBottom => w as f64,
        Direction::LeftRight => h as f64,
    }
}

fn top_left(project: &Project, ids: &[&NodeId]) -> Position {
    let (x, y) = ids
        .iter()
        .map(|id| project.nodes[*id].position)
        .fold((f32::MAX, f32::MAX), |(x, y), p| (x.min(p.x), y.min(p.y)));
    Position::new(x, y)
}
