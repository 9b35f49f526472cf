//! Layering: every node gets a rank (its layer) so each edge points to a higher rank. Longest
//! path first, then nodes move one at a time to the end of their free range that shortens their
//! edges the most (the weighted in- and out-degree decide), in linear time per pass; then
//! network simplex ([`simplex`](super::simplex)) moves whole groups of nodes, within a budget,
//! to the least total weighted edge length (what Graphviz dot ranks by).

use super::graph::Adjacency;
use super::simplex;

/// Passes of the shortening sweep at most (each is linear; most graphs settle in two or three).
const PASSES: usize = 8;
/// Node and edge visits network simplex may spend per part.
const SIMPLEX_BUDGET: usize = 20_000_000;

/// Ranks of nodes `0..n` joined by acyclic `edges` (from, to, weight), the lowest rank 0.
pub(super) fn ranks(n: usize, edges: &[(u32, u32, u32)]) -> Vec<u32> {
    let out = Adjacency::new(n, edges);
    let into = Adjacency::new(n, &edges.iter().map(|&(a, b, w)| (b, a, w)).collect::<Vec<_>>());
    let topo = topological_order(n, &out, &into);
    let mut rank = vec![0u32; n];
    for &v in &topo {
        rank[v as usize] = into.of(v).iter().map(|&(u, _)| rank[u as usize] + 1).max().unwrap_or(0);
    }
    for _ in 0..PASSES {
        let moved = shorten(topo.iter().rev(), &out, &into, &mut rank) + shorten(topo.iter(), &out, &into, &mut rank);
        if moved == 0 {
            break;
        }
    }
    let mut wide: Vec<i64> = rank.iter().map(|&r| r as i64).collect();
    simplex::improve(n, edges, &mut wide, SIMPLEX_BUDGET);
    let lowest = wide.iter().copied().min().unwrap_or(0);
    wide.iter().map(|&r| (r - lowest) as u32).collect()
}

/// Moves each node within its free range (above its predecessors, below its successors) to the
/// end where its edges are shortest in total; returns how many nodes moved.
fn shorten<'a>(nodes: impl Iterator<Item = &'a u32>, out: &Adjacency, into: &Adjacency, rank: &mut [u32]) -> usize {
    let mut moved = 0;
    for &v in nodes {
        let (preds, succs) = (into.of(v), out.of(v));
        let low = preds.iter().map(|&(u, _)| rank[u as usize] + 1).max();
        let high = succs.iter().map(|&(u, _)| rank[u as usize] - 1).min();
        let weight_in: u64 = preds.iter().map(|&(_, w)| w as u64).sum();
        let weight_out: u64 = succs.iter().map(|&(_, w)| w as u64).sum();
        let wanted = match (low, high) {
            (Some(low), _) if weight_in > weight_out => low,
            (_, Some(high)) if weight_out > weight_in => high,
            _ => continue,
        };
        if wanted != rank[v as usize] {
            rank[v as usize] = wanted;
            moved += 1;
        }
    }
    moved
}

/// Kahn's algorithm, ready nodes taken lowest number first.
fn topological_order(n: usize, out: &Adjacency, into: &Adjacency) -> Vec<u32> {
    let mut waiting: Vec<usize> = (0..n as u32).map(|v| into.of(v).len()).collect();
    let mut order: Vec<u32> = (0..n as u32).filter(|&v| waiting[v as usize] == 0).collect();
    let mut next = 0;
    while next < order.len() {
        let v = order[next];
        next += 1;
        for &(u, _) in out.of(v) {
            waiting[u as usize] -= 1;
            if waiting[u as usize] == 0 {
                order.push(u);
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_point_to_higher_ranks_and_sources_sit_next_to_their_targets() {
        // 0 -> 1 -> 2 -> 3, and 4 -> 3: longest path puts 4 at rank 0, shortening at rank 2.
        let edges = [(0, 1, 1), (1, 2, 1), (2, 3, 1), (4, 3, 1)];
        let r = ranks(5, &edges);
        assert_eq!(r, vec![0, 1, 2, 3, 2]);
    }

    #[test]
    fn a_heavier_side_pulls_a_node_towards_it() {
        // 0 -> 2 (weight 1), 1 -> 2, 2 -> 3 (weight 3), 0 -> 4 -> 5 -> 6 -> 3.
        let edges = [
            (0, 1, 1),
            (1, 2, 1),
            (2, 3, 3),
            (0, 4, 1),
            (4, 5, 1),
            (5, 6, 1),
            (6, 3, 1),
        ];
        let r = ranks(7, &edges);
        assert!(edges.iter().all(|&(a, b, _)| r[a as usize] < r[b as usize]));
        assert_eq!(r[3] - r[2], 1, "the heavy edge is short: {r:?}");
    }
}
