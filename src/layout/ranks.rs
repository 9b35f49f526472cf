//! Layering: every node gets a rank (its layer) so each edge points to a higher rank. Longest
//! path first, then nodes move one at a time to the end of their free range that shortens their
//! edges the most (the weighted in- and out-degree decide), in linear time per pass; then
//! network simplex ([`simplex`](super::simplex)) moves whole groups of nodes, within a budget,
//! to the least total weighted edge length (what Graphviz dot ranks by). Last, a rank whose
//! boxes would need more room across the flow than a given width passes its surplus on to the
//! next ranks, so a huge graph is drawn about as wide as it is long instead of a few ranks of
//! thousands of boxes each.

use super::graph::Adjacency;
use super::simplex;

/// Passes of the shortening sweep at most (each is linear; most graphs settle in two or three).
const PASSES: usize = 8;
/// Node and edge visits network simplex may spend per part.
const SIMPLEX_BUDGET: usize = 20_000_000;

/// Ranks of nodes `0..n` joined by acyclic `edges` (from, to, weight), the lowest rank 0, each
/// rank holding nodes of at most `width` of `room` in total (a node alone may take more).
pub(super) fn ranks(n: usize, edges: &[(u32, u32, u32)], room: &[f64], width: f64) -> Vec<u32> {
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
    let rank: Vec<u32> = wide.iter().map(|&r| (r - lowest) as u32).collect();
    bound_width(rank, &into, room, width)
}

/// Moves nodes to later ranks where a rank would hold more than `width` of `room`: nodes are
/// taken by rank (then number), each placed at its rank or past its predecessors' new ranks,
/// whichever is later, and then at the first rank from there with room left. Edges keep
/// pointing to higher ranks; ranks within the width are left as they are.
fn bound_width(rank: Vec<u32>, into: &Adjacency, room: &[f64], width: f64) -> Vec<u32> {
    let mut used: Vec<f64> = Vec::new();
    for (v, &r) in rank.iter().enumerate() {
        let r = r as usize;
        if used.len() <= r {
            used.resize(r + 1, 0.0);
        }
        used[r] += room[v];
    }
    if used.iter().all(|&u| u <= width) {
        return rank;
    }
    let mut by_rank: Vec<u32> = (0..rank.len() as u32).collect();
    by_rank.sort_by_key(|&v| (rank[v as usize], v));
    let mut placed = rank.clone();
    used.iter_mut().for_each(|u| *u = 0.0);
    for v in by_rank {
        let after_predecessors = into.of(v).iter().map(|&(u, _)| placed[u as usize] + 1).max();
        let mut r = rank[v as usize].max(after_predecessors.unwrap_or(0)) as usize;
        while used.get(r).is_some_and(|&u| u > 0.0 && u + room[v as usize] > width) {
            r += 1;
        }
        if used.len() <= r {
            used.resize(r + 1, 0.0);
        }
        used[r] += room[v as usize];
        placed[v as usize] = r as u32;
    }
    placed
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
        let r = ranks(5, &edges, &[1.0; 5], f64::INFINITY);
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
        let r = ranks(7, &edges, &[1.0; 7], f64::INFINITY);
        assert!(edges.iter().all(|&(a, b, _)| r[a as usize] < r[b as usize]));
        assert_eq!(r[3] - r[2], 1, "the heavy edge is short: {r:?}");
    }

    #[test]
    fn a_full_rank_passes_its_surplus_on_and_edges_still_point_forwards() {
        // A star: node 0 -> 1..=9, then 1 -> 10. Three nodes fit a rank.
        let mut edges: Vec<(u32, u32, u32)> = (1..=9).map(|v| (0, v, 1)).collect();
        edges.push((1, 10, 1));
        let r = ranks(11, &edges, &[1.0; 11], 3.0);
        assert!(edges.iter().all(|&(a, b, _)| r[a as usize] < r[b as usize]), "{r:?}");
        for rank in 0..=*r.iter().max().unwrap() {
            assert!(r.iter().filter(|&&x| x == rank).count() <= 3, "{r:?}");
        }
        assert_eq!(
            ranks(11, &edges, &[1.0; 11], 9.0)[1..10],
            [1; 9],
            "wide enough: unchanged"
        );
    }
}
