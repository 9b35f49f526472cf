//! Crossing reduction: the order of the items in each layer. A depth-first start (so the story
//! order carries over), then alternating down and up sweeps that sort each layer by the weighted
//! median of its neighbours in the layer just fixed (the barycentre breaking ties), each followed by adjacent exchanges
//! (transpose) while they remove crossings. Crossings between two layers are counted in
//! O(E log V) with an accumulator tree (Barth, Jünger, Mutzel 2004); the best order seen is kept.

use super::graph::Adjacency;
use super::layers::Layered;

/// Sweeps without improvement after which the search stops.
const PATIENCE: usize = 10;
/// Passes of adjacent exchanges over one layer at most, per transpose round.
const EXCHANGE_PASSES: usize = 4;

/// Orders every layer of `l` to have few crossings, trying at most `sweeps` sweeps; returns the
/// number of crossings (weighted) of the order kept.
pub(super) fn reduce(l: &mut Layered, sweeps: usize) -> u64 {
    depth_first_start(l);
    let mut pos = positions(l);
    transpose(l, &mut pos);
    let mut best = total_crossings(l, &pos);
    let mut best_layers = l.layers.clone();
    let mut stale = 0;
    for sweep in 0..sweeps {
        if best == 0 || stale >= PATIENCE {
            break;
        }
        let downwards = sweep % 2 == 0;
        reorder_all(l, &mut pos, downwards);
        transpose(l, &mut pos);
        let now = total_crossings(l, &pos);
        if now < best {
            best = now;
            best_layers.clone_from(&l.layers);
            stale = 0;
        } else {
            stale += 1;
        }
    }
    l.layers = best_layers;
    best
}

/// Layers filled in the order a depth-first search along the links downwards meets the items,
/// started from the nodes in story order.
fn depth_first_start(l: &mut Layered) {
    let mut seen = vec![false; l.len()];
    let mut stack = Vec::new();
    l.layers.iter_mut().for_each(Vec::clear);
    let nodes = l.kind.iter().take_while(|k| k.is_node()).count() as u32;
    for root in 0..nodes {
        stack.push(root);
        while let Some(v) = stack.pop() {
            if std::mem::replace(&mut seen[v as usize], true) {
                continue;
            }
            l.layers[l.layer[v as usize] as usize].push(v);
            stack.extend(l.down.of(v).iter().rev().map(|&(u, _)| u));
        }
    }
}

/// Each item's index within its layer.
fn positions(l: &Layered) -> Vec<u32> {
    let mut pos = vec![0; l.len()];
    for layer in &l.layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v as usize] = i as u32;
        }
    }
    pos
}

/// One sweep: each layer in turn (top down, or bottom up) sorted by its neighbours in the
/// layer before it.
fn reorder_all(l: &mut Layered, pos: &mut [u32], downwards: bool) {
    let count = l.layers.len();
    let mut keys = Vec::new();
    let mut slots = Vec::new();
    for step in 1..count {
        let (r, fixed) = if downwards {
            (step, &l.up)
        } else {
            (count - 1 - step, &l.down)
        };
        reorder(&mut l.layers[r], fixed, pos, &mut keys, &mut slots);
    }
}

/// Sorts a layer by the weighted median of each item's neighbours in `fixed` (the weighted
/// barycentre breaking ties); items without such neighbours keep their place, and ties keep
/// their order.
fn reorder(
    layer: &mut [u32],
    fixed: &Adjacency,
    pos: &mut [u32],
    keys: &mut Vec<(f64, f64, u32)>,
    slots: &mut Vec<usize>,
) {
    keys.clear();
    slots.clear();
    let mut around: Vec<u32> = Vec::new();
    for (i, &v) in layer.iter().enumerate() {
        let neighbours = fixed.of(v);
        if neighbours.is_empty() {
            continue;
        }
        let (sum, weight) = neighbours.iter().fold((0.0, 0.0), |(s, t), &(u, w)| {
            (s + pos[u as usize] as f64 * w as f64, t + w as f64)
        });
        around.clear();
        for &(u, w) in neighbours {
            around.extend(std::iter::repeat_n(pos[u as usize], w as usize));
        }
        around.sort_unstable();
        keys.push((median(&around), sum / weight, v));
        slots.push(i);
    }
    keys.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for (&slot, &(_, _, v)) in slots.iter().zip(keys.iter()) {
        layer[slot] = v;
    }
    for (i, &v) in layer.iter().enumerate() {
        pos[v as usize] = i as u32;
    }
}

/// The weighted median of sorted positions (Gansner et al. 1993): the middle one, or between
/// the two middle ones, leaning towards the side whose positions lie closer together.
fn median(p: &[u32]) -> f64 {
    let m = p.len();
    let at = |i: usize| p[i] as f64;
    if m % 2 == 1 {
        return at(m / 2);
    }
    if m == 2 {
        return (at(0) + at(1)) / 2.0;
    }
    let (left, right) = (at(m / 2 - 1) - at(0), at(m - 1) - at(m / 2));
    if left + right == 0.0 {
        (at(m / 2 - 1) + at(m / 2)) / 2.0
    } else {
        (at(m / 2 - 1) * right + at(m / 2) * left) / (left + right)
    }
}

/// Adjacent exchanges in every layer while they lower the crossings with the layers above and
/// below (a few passes per layer).
fn transpose(l: &mut Layered, pos: &mut [u32]) {
    let mut ends = Ends::default();
    for r in 0..l.layers.len() {
        ends.gather(&l.layers[r], &l.up, &l.down, pos);
        let layer = &mut l.layers[r];
        let mut handle: Vec<usize> = (0..layer.len()).collect();
        for _ in 0..EXCHANGE_PASSES {
            let mut improved = false;
            for i in 1..layer.len() {
                let (kept, swapped) = ends.pair_crossings(handle[i - 1], handle[i]);
                if swapped < kept {
                    layer.swap(i - 1, i);
                    handle.swap(i - 1, i);
                    improved = true;
                }
            }
            if !improved {
                break;
            }
        }
        for (i, &v) in layer.iter().enumerate() {
            pos[v as usize] = i as u32;
        }
    }
}

/// The positions of the neighbours of one layer's items (above and below, each list sorted),
/// for counting the crossings two adjacent items make in either order.
#[derive(Default)]
struct Ends {
    up: Vec<(u32, u32)>,
    down: Vec<(u32, u32)>,
    up_range: Vec<(usize, usize)>,
    down_range: Vec<(usize, usize)>,
}

impl Ends {
    fn gather(&mut self, layer: &[u32], up: &Adjacency, down: &Adjacency, pos: &[u32]) {
        fn fill(
            list: &mut Vec<(u32, u32)>,
            ranges: &mut Vec<(usize, usize)>,
            layer: &[u32],
            adj: &Adjacency,
            pos: &[u32],
        ) {
            list.clear();
            ranges.clear();
            for &v in layer {
                let start = list.len();
                list.extend(adj.of(v).iter().map(|&(u, w)| (pos[u as usize], w)));
                list[start..].sort_unstable();
                ranges.push((start, list.len()));
            }
        }
        fill(&mut self.up, &mut self.up_range, layer, up, pos);
        fill(&mut self.down, &mut self.down_range, layer, down, pos);
    }

    /// Crossings of items `a` and `b` (by their index at gathering) with `a` first, and with
    /// `b` first.
    fn pair_crossings(&self, a: usize, b: usize) -> (u64, u64) {
        let (up_ab, up_ba) = cross_counts(slice(&self.up, self.up_range[a]), slice(&self.up, self.up_range[b]));
        let (down_ab, down_ba) = cross_counts(
            slice(&self.down, self.down_range[a]),
            slice(&self.down, self.down_range[b]),
        );
        (up_ab + down_ab, up_ba + down_ba)
    }
}

fn slice(list: &[(u32, u32)], (start, end): (usize, usize)) -> &[(u32, u32)] {
    &list[start..end]
}

/// For two items' sorted neighbour positions `a` and `b` (with weights): the weighted crossings
/// with the first item placed before the second, and after it.
fn cross_counts(a: &[(u32, u32)], b: &[(u32, u32)]) -> (u64, u64) {
    let total_b: u64 = b.iter().map(|&(_, w)| w as u64).sum();
    let (mut before, mut after) = (0, 0);
    let (mut less, mut less_or_equal) = (0u64, 0u64);
    let (mut i, mut j) = (0, 0);
    for &(p, w) in a {
        while i < b.len() && b[i].0 < p {
            less += b[i].1 as u64;
            i += 1;
        }
        while j < b.len() && b[j].0 <= p {
            less_or_equal += b[j].1 as u64;
            j += 1;
        }
        before += w as u64 * less;
        after += w as u64 * (total_b - less_or_equal);
    }
    (before, after)
}

/// Weighted crossings of the links between all pairs of neighbouring layers.
pub(super) fn total_crossings(l: &Layered, pos: &[u32]) -> u64 {
    let mut tree = Vec::new();
    let mut ends = Vec::new();
    l.layers
        .windows(2)
        .map(|pair| crossings_between(pair[0].as_slice(), pair[1].len(), &l.down, pos, &mut tree, &mut ends))
        .sum()
}

/// Crossings of the links from `upper` to the next layer (of `lower_len` items): links sorted
/// by their upper end, then each counted against the links already seen that end further along
/// the lower layer, with a Fenwick tree over lower positions.
fn crossings_between(
    upper: &[u32],
    lower_len: usize,
    down: &Adjacency,
    pos: &[u32],
    tree: &mut Vec<u64>,
    ends: &mut Vec<(u32, u32)>,
) -> u64 {
    tree.clear();
    tree.resize(lower_len + 1, 0);
    let (mut crossings, mut seen) = (0u64, 0u64);
    for &v in upper {
        ends.clear();
        ends.extend(down.of(v).iter().map(|&(u, w)| (pos[u as usize], w)));
        ends.sort_unstable();
        for &(p, w) in ends.iter() {
            crossings += w as u64 * (seen - prefix_sum(tree, p as usize));
        }
        for &(p, w) in ends.iter() {
            add(tree, p as usize, w as u64);
            seen += w as u64;
        }
    }
    crossings
}

/// Sum of the weights at positions `0..=p`.
fn prefix_sum(tree: &[u64], p: usize) -> u64 {
    let (mut i, mut sum) = (p + 1, 0);
    while i > 0 {
        sum += tree[i];
        i &= i - 1;
    }
    sum
}

fn add(tree: &mut [u64], p: usize, w: u64) {
    let mut i = p + 1;
    while i < tree.len() {
        tree[i] += w;
        i += i & i.wrapping_neg();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::graph::{Edge, Size};

    fn layered(ranks: &[u32], edges: &[(u32, u32, u32)]) -> Layered {
        let edges: Vec<Edge> = edges
            .iter()
            .map(|&(from, to, weight)| Edge {
                from,
                to,
                weight,
                label: Size::default(),
            })
            .collect();
        Layered::new(&vec![Size::default(); ranks.len()], ranks, &edges, u32::MAX)
    }

    /// Crossings between two layers, pair by pair.
    fn brute_force(l: &Layered, pos: &[u32]) -> u64 {
        let mut links = Vec::new();
        for (v, _) in l.kind.iter().enumerate() {
            for &(u, w) in l.down.of(v as u32) {
                links.push((l.layer[v], pos[v], pos[u as usize], w as u64));
            }
        }
        let mut count = 0;
        for (i, a) in links.iter().enumerate() {
            for b in &links[i + 1..] {
                if a.0 == b.0 && (a.1 < b.1 && a.2 > b.2 || a.1 > b.1 && a.2 < b.2) {
                    count += a.3 * b.3;
                }
            }
        }
        count
    }

    #[test]
    fn the_accumulator_tree_counts_like_brute_force() {
        let mut rng = crate::generate::Rng(5);
        for _ in 0..40 {
            let n = 2 + rng.below(20);
            let ranks: Vec<u32> = (0..n).map(|_| rng.below(4) as u32).collect();
            let edges: Vec<(u32, u32, u32)> = (0..rng.below(40))
                .map(|_| (rng.below(n) as u32, rng.below(n) as u32, 1 + rng.below(3) as u32))
                .filter(|&(a, b, _)| ranks[a as usize] < ranks[b as usize])
                .collect();
            let mut l = layered(&ranks, &edges);
            depth_first_start(&mut l);
            let pos = positions(&l);
            assert_eq!(total_crossings(&l, &pos), brute_force(&l, &pos));
        }
    }

    #[test]
    fn pair_counts_match_both_orders() {
        let a = [(0, 1), (2, 1), (3, 2)];
        let b = [(1, 1), (2, 1)];
        // a first: pairs (pa > pb): (2,1), (3,1)*2, (3,2)*2 -> 5; b first: (0,1), (0,2), (2,..)? pa < pb: (0,1),(0,2) -> 2
        assert_eq!(cross_counts(&a, &b), (5, 2));
    }

    #[test]
    fn a_crossed_pair_is_untangled() {
        // 0 -> 3, 1 -> 2 with 2 before 3 in the start order: one crossing, removed.
        let mut l = layered(&[0, 0, 1, 1], &[(0, 3, 1), (1, 2, 1)]);
        assert_eq!(reduce(&mut l, 8), 0);
    }
}
