//! The last touch, on the measure the layout is held to: crossings of flows drawn straight
//! between box centres. Crossing reduction counts crossings of the layered graph, where a long
//! flow bends through slots of its own; drawn straight, a long flow crosses what lies between
//! its ends. Here neighbouring boxes of a layer trade places when that leaves fewer straight
//! crossings on the drawing as placed; the coordinates are then placed afresh, and a round is
//! kept only when the count as drawn went down.

use super::coords;
use super::graph::Adjacency;
use super::layers::Layered;
use super::measure::{Segment, count_crossings};

/// Rounds of trading places at most (each followed by placing the coordinates afresh)...
const ROUNDS: usize = 6;
/// ... and fewer for big parts: about this many box-flow pairs weighed over all rounds.
const WORK: usize = 1_000_000;
/// How many boxes of its layer a box may move past in one trade.
const REACH: usize = 2;

/// Trades places of neighbouring boxes (nodes of `l`, joined by the flows `ends`) while that
/// lowers the crossings drawn straight; returns the crossings left and the coordinates across
/// of the order kept ([`coords::across`]). `passes` bounds each coordinate placement.
pub(super) fn straighten(l: &mut Layered, ends: &[(u32, u32)], passes: usize) -> (usize, Vec<f64>) {
    let nodes = l.kind.iter().take_while(|k| k.is_node()).count();
    let incident = incidence(nodes, ends);
    let gaps = Gaps::new(l, ends);
    let mut best = usize::MAX;
    let mut best_layers = l.layers.clone();
    let mut best_across = Vec::new();
    let rounds = (WORK / (nodes * ends.len()).max(1)).clamp(1, ROUNDS);
    for round in 0..=rounds {
        let start = (!best_across.is_empty()).then_some(best_across.as_slice());
        let across = coords::across_from(l, passes, start);
        let centres = coords::along(l);
        let at: Vec<(f64, f64)> = (0..nodes).map(|v| (centres[l.layer[v] as usize], across[v])).collect();
        let now = count_crossings(&segments(ends, &at));
        if now >= best {
            break;
        }
        best = now;
        best_layers.clone_from(&l.layers);
        best_across = across;
        if round == rounds {
            break;
        }
        if !trade_places(l, &mut Board::new(ends, &incident, &gaps, at)) {
            break;
        }
    }
    l.layers = best_layers;
    if best > 0 && !best_across.is_empty() {
        let centres = coords::along(l);
        let at: Vec<(f64, f64)> = (0..nodes)
            .map(|v| (centres[l.layer[v] as usize], best_across[v]))
            .collect();
        let mut board = Board::new(ends, &incident, &gaps, at);
        if slide_boxes(l, &mut board, &mut best_across) {
            best = count_crossings(&segments(ends, &board.at));
        }
    }
    (best, best_across)
}

/// Places a box is tried at on each side of where it is, evenly spread over its room...
const SLIDE_TRIES: usize = 12;
/// ... which reaches this far at most (diagram units).
const SLIDE_REACH: f64 = 1000.0;

/// Slides each box whose flows cross others across the flow, within the room its layer leaves
/// between its neighbours (and [`SLIDE_REACH`]), to the place where its flows drawn straight
/// cross the fewest others; `across` follows, its lowest edge kept at 0. Returns whether any
/// box moved.
fn slide_boxes(l: &Layered, board: &mut Board, across: &mut [f64]) -> bool {
    let (reach, tries) = (SLIDE_REACH, SLIDE_TRIES);
    let mut moved = false;
    for layer in &l.layers {
        for (i, &v) in layer.iter().enumerate() {
            if !l.kind[v as usize].is_node() {
                continue;
            }
            let mut best = board.crossings_of(v, v);
            if best == 0 {
                continue;
            }
            let here = across[v as usize];
            let low = i
                .checked_sub(1)
                .map_or(here - reach, |k| {
                    across[layer[k] as usize] + coords::separation(l, layer[k], v)
                })
                .max(here - reach);
            let high = layer
                .get(i + 1)
                .map_or(here + reach, |&u| across[u as usize] - coords::separation(l, v, u))
                .min(here + reach);
            let mut kept = here;
            for k in 0..=2 * tries {
                let to = low + (high - low) * k as f64 / (2 * tries) as f64;
                if (to - kept).abs() < 1.0 {
                    continue;
                }
                board.place(v, to);
                let now = board.crossings_of(v, v);
                if now < best {
                    best = now;
                    kept = to;
                }
            }
            board.place(v, kept);
            moved |= kept != here;
            across[v as usize] = kept;
        }
    }
    let low = (0..l.len())
        .map(|v| across[v] - l.size[v].across as f64 / 2.0)
        .fold(f64::INFINITY, f64::min);
    across.iter_mut().for_each(|c| *c -= low);
    moved
}

/// The flows (by number, weight unused) of each of the `nodes` boxes.
fn incidence(nodes: usize, ends: &[(u32, u32)]) -> Adjacency {
    Adjacency::new(
        nodes,
        &ends
            .iter()
            .enumerate()
            .flat_map(|(s, &(a, b))| [(a, s as u32, 0), (b, s as u32, 0)])
            .collect::<Vec<_>>(),
    )
}

fn segments(ends: &[(u32, u32)], at: &[(f64, f64)]) -> Vec<Segment> {
    ends.iter()
        .map(|&(a, b)| Segment {
            ends: [a, b],
            from: at[a as usize],
            to: at[b as usize],
        })
        .collect()
}

/// The flows passing each gap between two ranks, and the gaps each flow spans: two flows can
/// only cross in a gap both span.
struct Gaps {
    /// The flows passing each gap (flow, unused), the lists of all gaps one after another.
    flows: Adjacency,
    /// Each flow's entries in `flows` (entry, unused), gap by gap.
    entries: Adjacency,
    /// The first and the last gap + 1 each flow spans.
    span: Vec<(u32, u32)>,
    /// Where each rank's boxes are centred along the flow: gap `g` lies between `side[g]`
    /// and `side[g + 1]`.
    side: Vec<f64>,
}

impl Gaps {
    fn new(l: &Layered, ends: &[(u32, u32)]) -> Self {
        let span: Vec<(u32, u32)> = ends
            .iter()
            .map(|&(a, b)| {
                let (la, lb) = (l.layer[a as usize] / 2, l.layer[b as usize] / 2);
                (la.min(lb), la.max(lb))
            })
            .collect();
        let gaps = l.layers.len().div_ceil(2);
        let listed: Vec<(u32, u32, u32)> = span
            .iter()
            .enumerate()
            .flat_map(|(s, &(low, high))| (low..high).map(move |g| (g, s as u32, 0)))
            .collect();
        let flows = Adjacency::new(gaps, &listed);
        let mut entries: Vec<(u32, u32, u32)> = Vec::with_capacity(listed.len());
        for g in 0..gaps as u32 {
            let first = flows.range(g).start;
            entries.extend(
                flows
                    .of(g)
                    .iter()
                    .enumerate()
                    .map(|(k, &(s, _))| (s, (first + k) as u32, 0)),
            );
        }
        Self {
            entries: Adjacency::new(ends.len(), &entries),
            flows,
            span,
            side: coords::along(l).into_iter().step_by(2).collect(),
        }
    }
}

/// The drawing one round trades places on: box centres, and where each flow drawn straight
/// between them crosses the sides of the gaps it spans (by entry of [`Gaps::flows`]).
struct Board<'a> {
    ends: &'a [(u32, u32)],
    incident: &'a Adjacency,
    gaps: &'a Gaps,
    at: Vec<(f64, f64)>,
    near: Vec<f64>,
    far: Vec<f64>,
    /// Scratch: the flows of the two boxes being weighed.
    mark: Vec<bool>,
}

impl<'a> Board<'a> {
    fn new(ends: &'a [(u32, u32)], incident: &'a Adjacency, gaps: &'a Gaps, at: Vec<(f64, f64)>) -> Self {
        let entries = gaps.flows.total();
        let mut board = Self {
            ends,
            incident,
            gaps,
            at,
            near: vec![0.0; entries],
            far: vec![0.0; entries],
            mark: vec![false; ends.len()],
        };
        (0..ends.len()).for_each(|s| board.redraw(s));
        board
    }

    /// Where flow `s` passes the sides of each gap it spans, after its ends moved.
    fn redraw(&mut self, s: usize) {
        let (a, b) = self.ends[s];
        let ((xa, ya), (xb, yb)) = (self.at[a as usize], self.at[b as usize]);
        let slope = (yb - ya) / (xb - xa);
        let (first, _) = self.gaps.span[s];
        for (k, &(e, _)) in self.gaps.entries.of(s as u32).iter().enumerate() {
            let g = first as usize + k;
            self.near[e as usize] = ya + (self.gaps.side[g] - xa) * slope;
            self.far[e as usize] = ya + (self.gaps.side[g + 1] - xa) * slope;
        }
    }
}

/// One pass over every layer: each box is tried at every other box's place in its layer (the
/// boxes between moving up by one), and moved to the place where its flows and those of the
/// boxes it passed cross the fewest others; a box whose flows cross none stays. Returns
/// whether any moved.
fn trade_places(l: &mut Layered, board: &mut Board) -> bool {
    let mut traded = false;
    let mut boxes: Vec<usize> = Vec::new();
    for layer in &mut l.layers {
        boxes.clear();
        boxes.extend((0..layer.len()).filter(|&i| l.kind[layer[i] as usize].is_node()));
        for i in 0..boxes.len() {
            let v = layer[boxes[i]];
            let Some(at) = boxes.iter().position(|&b| layer[b] == v) else {
                continue;
            };
            if board.crossings_of(v, v) == 0 {
                continue;
            }
            traded |= sift(layer, &boxes, at, board);
        }
    }
    traded
}

/// Moves the box at `boxes[from]` to the place among `boxes` where the crossings are fewest,
/// by trading places with one neighbour at a time (never past a box whose flows and its own
/// do not cross any: that trade cannot help); returns whether it moved.
fn sift(layer: &mut [u32], boxes: &[usize], from: usize, board: &mut Board) -> bool {
    let mut best = (0i64, from);
    for step in [1isize, -1] {
        let (mut gain, mut k) = (0i64, from);
        while let Some(next) = k
            .checked_add_signed(step)
            .filter(|&n| n < boxes.len() && n.abs_diff(from) <= REACH)
        {
            let Some(more) = board.weigh_trade(layer, boxes[k], boxes[next]) else {
                break;
            };
            gain += more;
            k = next;
            if gain < best.0 {
                best = (gain, k);
            }
        }
        while k != from {
            let back = k.wrapping_add_signed(-step);
            board.trade(layer, boxes[k], boxes[back]);
            k = back;
        }
    }
    let (_, to) = best;
    let step = if to > from { 1 } else { -1 };
    let mut k = from;
    while k != to {
        let next = k.wrapping_add_signed(step);
        board.trade(layer, boxes[k], boxes[next]);
        k = next;
    }
    to != from
}

impl Board<'_> {
    /// Trades the places of the boxes at `i` and `j` of `layer` (neighbours among the boxes)
    /// and returns how many more crossings their flows then have; when their flows cross
    /// none, trades nothing and returns `None`.
    fn weigh_trade(&mut self, layer: &mut [u32], i: usize, j: usize) -> Option<i64> {
        let (a, b) = (layer[i], layer[j]);
        let before = self.crossings_of(a, b) as i64;
        if before == 0 {
            return None;
        }
        self.trade(layer, i, j);
        Some(self.crossings_of(a, b) as i64 - before)
    }

    /// Trades the places of the boxes at `i` and `j` of `layer`.
    fn trade(&mut self, layer: &mut [u32], i: usize, j: usize) {
        let (a, b) = (layer[i], layer[j]);
        self.swap(a, b);
        layer.swap(i, j);
    }

    /// Moves box `v` to `across` and redraws its flows.
    fn place(&mut self, v: u32, across: f64) {
        self.at[v as usize].1 = across;
        for i in 0..self.incident.of(v).len() {
            let s = self.incident.of(v)[i].0;
            self.redraw(s as usize);
        }
    }

    fn swap(&mut self, a: u32, b: u32) {
        let (pa, pb) = (self.at[a as usize], self.at[b as usize]);
        self.at[a as usize] = pb;
        self.at[b as usize] = pa;
        for v in [a, b] {
            for i in 0..self.incident.of(v).len() {
                let s = self.incident.of(v)[i].0;
                self.redraw(s as usize);
            }
        }
    }

    /// Crossings of the flows of boxes `a` and `b` (or of `a` alone) with every flow (each pair once), counted
    /// gap by gap: two straight flows cross in a gap between two ranks when their order
    /// across the flow at one side of the gap is the other way round at the other side.
    fn crossings_of(&mut self, a: u32, b: u32) -> usize {
        let own: Vec<usize> = self
            .incident
            .of(a)
            .iter()
            .chain(if b == a { &[] } else { self.incident.of(b) })
            .map(|&(s, _)| s as usize)
            .collect();
        own.iter().for_each(|&s| self.mark[s] = true);
        let mut count = 0;
        for (i, &s) in own.iter().enumerate() {
            let gaps = self.gaps;
            for (g, &(e, _)) in (gaps.span[s].0..).zip(gaps.entries.of(s as u32)) {
                let (s_near, s_far) = (self.near[e as usize], self.far[e as usize]);
                let range = gaps.flows.range(g);
                let passing = gaps
                    .flows
                    .of(g)
                    .iter()
                    .zip(&self.near[range.clone()])
                    .zip(&self.far[range]);
                for ((&(t, _), &near), &far) in passing {
                    let t = t as usize;
                    if self.mark[t] && !own[i + 1..].contains(&t) {
                        continue;
                    }
                    if (s_near - near) * (s_far - far) < 0.0 {
                        count += 1;
                    }
                }
            }
        }
        own.iter().for_each(|&s| self.mark[s] = false);
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::graph::{Edge, Size};

    #[test]
    fn a_box_slides_clear_of_a_long_flow_drawn_straight() {
        // a -> b spans two ranks; e -> c -> d passes under it at c's rank, crossing it twice
        // when drawn straight. c has room to slide above the line, below a's slot there.
        let (a, b, c, d, e) = (0u32, 1u32, 2u32, 3u32, 4u32);
        let node = Size {
            along: 100.0,
            across: 60.0,
        };
        let ends = [(a, b), (e, c), (c, d)];
        let edges: Vec<Edge> = ends
            .iter()
            .map(|&(from, to)| Edge {
                from,
                to,
                weight: 1,
                label: Size::default(),
            })
            .collect();
        let l = Layered::new(&[node; 5], &[0, 2, 1, 2, 0], &edges, u32::MAX);
        let slot = l.chain(0)[1];
        assert_eq!(l.layers[2], vec![c, slot]);
        let mut across = vec![0.0; l.len()];
        for (v, x) in [(a, 0.0), (b, 200.0), (c, 80.0), (d, 400.0), (e, 300.0), (slot, 500.0)] {
            across[v as usize] = x;
        }
        let centres = coords::along(&l);
        let at: Vec<(f64, f64)> = (0..5).map(|v| (centres[l.layer[v] as usize], across[v])).collect();
        assert_eq!(count_crossings(&segments(&ends, &at)), 2);
        let (incident, gaps) = (incidence(5, &ends), Gaps::new(&l, &ends));
        let mut board = Board::new(&ends, &incident, &gaps, at);
        assert!(slide_boxes(&l, &mut board, &mut across));
        assert_eq!(count_crossings(&segments(&ends, &board.at)), 0);
        let (from_a, from_slot) = (
            across[c as usize] - across[a as usize],
            across[slot as usize] - across[c as usize],
        );
        assert!(
            from_a > 100.0 && from_slot >= coords::separation(&l, c, slot),
            "{across:?}"
        );
    }
}
