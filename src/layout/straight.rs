//! The last touch, on the measure the layout is held to: crossings of flows drawn straight
//! between box centres. Crossing reduction counts crossings of the layered graph, where a long
//! flow bends through slots of its own; drawn straight, a long flow crosses what lies between
//! its ends. Here neighbouring boxes of a layer trade places when that leaves fewer straight
//! crossings on the drawing as placed; the coordinates are then placed afresh, and a round is
//! kept only when the count as drawn went down.

use super::coords;
use super::graph::Adjacency;
use super::layers::Layered;
use super::measure::{Segment, count_crossings, segments_cross};

/// Rounds of trading places at most (each places the coordinates once).
const ROUNDS: usize = 6;
/// Passes of trading places per round, on the drawing as it was placed.
const TRADES: usize = 1;
/// How many boxes of its layer a box may move past in one trade.
const REACH: usize = 2;

/// Trades places of neighbouring boxes (nodes of `l`, joined by the flows `ends`) while that
/// lowers the crossings drawn straight; returns the crossings left and the coordinates across
/// of the order kept ([`coords::across`]). `passes` bounds each coordinate placement.
pub(super) fn straighten(l: &mut Layered, ends: &[(u32, u32)], passes: usize) -> (usize, Vec<f64>) {
    let nodes = l.kind.iter().take_while(|k| k.is_node()).count();
    let incident = Adjacency::new(
        nodes,
        &ends
            .iter()
            .enumerate()
            .flat_map(|(s, &(a, b))| [(a, s as u32, 0), (b, s as u32, 0)])
            .collect::<Vec<_>>(),
    );
    let gaps = Gaps::new(l, ends);
    let mut best = usize::MAX;
    let mut best_layers = l.layers.clone();
    let mut best_across = Vec::new();
    for _ in 0..ROUNDS {
        let start = (!best_across.is_empty()).then_some(best_across.as_slice());
        let across = coords::across_from(l, passes, start);
        let centres = coords::along(l);
        let mut at: Vec<(f64, f64)> = (0..nodes)
            .map(|v| (centres[l.layer[v] as usize], across[v]))
            .collect();
        let now = count_crossings(&segments(ends, &at));
        if now >= best {
            break;
        }
        best = now;
        best_layers.clone_from(&l.layers);
        best_across = across;
        let mut board = Board {
            ends,
            incident: &incident,
            gaps: &gaps,
            at: &mut at,
            mark: vec![false; ends.len()],
        };
        let mut traded = false;
        for _ in 0..TRADES {
            if !trade_places(l, &mut board) {
                break;
            }
            traded = true;
        }
        if !traded {
            break;
        }
    }
    l.layers = best_layers;
    (best, best_across)
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
    flows: Adjacency,
    span: Vec<(u32, u32)>,
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
        Self {
            flows: Adjacency::new(gaps, &listed),
            span,
        }
    }
}

/// The drawing one round trades places on.
struct Board<'a> {
    ends: &'a [(u32, u32)],
    incident: &'a Adjacency,
    gaps: &'a Gaps,
    at: &'a mut Vec<(f64, f64)>,
    /// Scratch: the flows of the two boxes being weighed.
    mark: Vec<bool>,
}

/// One pass over every layer: each box is tried at every other box's place in its layer (the
/// boxes between moving up by one), and moved to the place where its flows and those of the
/// boxes it passed cross the fewest others. Returns whether any moved.
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
            traded |= sift(layer, &boxes, at, board);
        }
    }
    traded
}

/// Moves the box at `boxes[from]` to the place among `boxes` where the crossings are fewest,
/// by trading places with one neighbour at a time; returns whether it moved.
fn sift(layer: &mut [u32], boxes: &[usize], from: usize, board: &mut Board) -> bool {
    let mut best = (0i64, from);
    for step in [1isize, -1] {
        let (mut gain, mut k) = (0i64, from);
        while let Some(next) = k
            .checked_add_signed(step)
            .filter(|&n| n < boxes.len() && n.abs_diff(from) <= REACH)
        {
            gain += board.trade(layer, boxes[k], boxes[next], true);
            k = next;
            if gain < best.0 {
                best = (gain, k);
            }
        }
        while k != from {
            let back = k.wrapping_add_signed(-step);
            board.trade(layer, boxes[k], boxes[back], false);
            k = back;
        }
    }
    let (_, to) = best;
    let step = if to > from { 1 } else { -1 };
    let mut k = from;
    while k != to {
        let next = k.wrapping_add_signed(step);
        board.trade(layer, boxes[k], boxes[next], false);
        k = next;
    }
    to != from
}

impl Board<'_> {
    /// Trades the places of the boxes at `i` and `j` of `layer` (neighbours among the boxes);
    /// when `weigh`, returns how many more crossings their flows then have (else 0).
    fn trade(&mut self, layer: &mut [u32], i: usize, j: usize, weigh: bool) -> i64 {
        let (a, b) = (layer[i], layer[j]);
        let before = if weigh { self.crossings_of(a, b) as i64 } else { 0 };
        self.swap(a, b);
        layer.swap(i, j);
        if weigh { self.crossings_of(a, b) as i64 - before } else { 0 }
    }

    fn swap(&mut self, a: u32, b: u32) {
        let (pa, pb) = (self.at[a as usize], self.at[b as usize]);
        self.at[a as usize] = pb;
        self.at[b as usize] = pa;
    }

    fn segment(&self, s: usize) -> Segment {
        let (a, b) = self.ends[s];
        Segment {
            ends: [a, b],
            from: self.at[a as usize],
            to: self.at[b as usize],
        }
    }

    /// Crossings of the flows of boxes `a` and `b` with every flow (each pair once).
    fn crossings_of(&mut self, a: u32, b: u32) -> usize {
        let own: Vec<usize> = self
            .incident
            .of(a)
            .iter()
            .chain(self.incident.of(b))
            .map(|&(s, _)| s as usize)
            .collect();
        own.iter().for_each(|&s| self.mark[s] = true);
        let mut count = 0;
        for (i, &s) in own.iter().enumerate() {
            let seg = self.segment(s);
            let (low, high) = bounds(&seg);
            let (first, last) = self.gaps.span[s];
            for (gap, t) in (first..last).flat_map(|g| self.gaps.flows.of(g).iter().map(move |&(t, _)| (g, t as usize))) {
                // Each pair once: in the first gap both span.
                if gap != first.max(self.gaps.span[t].0) || self.mark[t] && !own[i + 1..].contains(&t) {
                    continue;
                }
                let other = self.segment(t);
                let (olow, ohigh) = bounds(&other);
                if olow.0 > high.0 || ohigh.0 < low.0 || olow.1 > high.1 || ohigh.1 < low.1 {
                    continue;
                }
                let shares = seg.ends.iter().any(|e| other.ends.contains(e));
                if !shares && segments_cross(&seg, &other) {
                    count += 1;
                }
            }
        }
        own.iter().for_each(|&s| self.mark[s] = false);
        count
    }
}

fn bounds(s: &Segment) -> ((f64, f64), (f64, f64)) {
    (
        (s.from.0.min(s.to.0), s.from.1.min(s.to.1)),
        (s.from.0.max(s.to.0), s.from.1.max(s.to.1)),
    )
}
