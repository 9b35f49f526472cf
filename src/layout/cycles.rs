//! Breaking cycles before layering: the back edges of a depth-first search are the ones turned
//! around, so every other flow keeps pointing along the direction. Searches start from the nodes
//! in story order and follow each node's edges in story order, so the story reads forwards.

use super::graph::Adjacency;

/// Which of `edges` (between nodes `0..n`, no self-edges) to reverse so the graph has no cycle.
/// Deterministic: depends only on the order of nodes and edges.
pub(super) fn back_edges(n: usize, edges: &[(u32, u32)]) -> Vec<bool> {
    let triples: Vec<(u32, u32, u32)> = edges
        .iter()
        .enumerate()
        .map(|(i, &(from, to))| (from, to, i as u32))
        .collect();
    let out = Adjacency::new(n, &triples);
    let mut state = vec![State::New; n];
    let mut back = vec![false; edges.len()];
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if state[root as usize] != State::New {
            continue;
        }
        state[root as usize] = State::Open;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (v, cursor) = *top;
            let Some(&(to, edge)) = out.of(v).get(cursor) else {
                state[v as usize] = State::Done;
                stack.pop();
                continue;
            };
            top.1 += 1;
            match state[to as usize] {
                State::New => {
                    state[to as usize] = State::Open;
                    stack.push((to, 0));
                }
                State::Open => back[edge as usize] = true,
                State::Done => {}
            }
        }
    }
    back
}

/// Which of `edges` to reverse so that every edge points away from node 0 in breadth-first
/// levels (ignoring direction), edges within a level from the lower node number to the higher.
/// Many more edges turn than with [`back_edges`], but the layering stays about as deep as the
/// graph's diameter: the fallback for huge tangled graphs, where depth-first search leaves
/// paths thousands of ranks long.
pub(super) fn against_levels(n: usize, edges: &[(u32, u32)]) -> Vec<bool> {
    let both: Vec<(u32, u32, u32)> = edges.iter().flat_map(|&(a, b)| [(a, b, 0), (b, a, 0)]).collect();
    let neighbours = Adjacency::new(n, &both);
    let mut level = vec![u32::MAX; n];
    let mut queue = Vec::with_capacity(n);
    for root in 0..n as u32 {
        if level[root as usize] != u32::MAX {
            continue;
        }
        level[root as usize] = 0;
        queue.push(root);
        let mut next = queue.len() - 1;
        while next < queue.len() {
            let v = queue[next];
            next += 1;
            for &(u, _) in neighbours.of(v) {
                if level[u as usize] == u32::MAX {
                    level[u as usize] = level[v as usize] + 1;
                    queue.push(u);
                }
            }
        }
    }
    edges
        .iter()
        .map(|&(a, b)| (level[a as usize], a) > (level[b as usize], b))
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    New,
    Open,
    Done,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_acyclic(n: usize, edges: &[(u32, u32)], back: &[bool]) -> bool {
        let mut indegree = vec![0; n];
        let turned: Vec<(u32, u32)> = edges
            .iter()
            .zip(back)
            .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
            .collect();
        for &(_, b) in &turned {
            indegree[b as usize] += 1;
        }
        let mut ready: Vec<u32> = (0..n as u32).filter(|&v| indegree[v as usize] == 0).collect();
        let mut seen = 0;
        while let Some(v) = ready.pop() {
            seen += 1;
            for &(a, b) in &turned {
                if a == v {
                    indegree[b as usize] -= 1;
                    if indegree[b as usize] == 0 {
                        ready.push(b);
                    }
                }
            }
        }
        seen == n
    }

    #[test]
    fn a_cycle_loses_its_closing_edge_only() {
        let edges = [(0, 1), (1, 2), (2, 0), (2, 3)];
        let back = back_edges(4, &edges);
        assert_eq!(back, vec![false, false, true, false]);
        assert!(is_acyclic(4, &edges, &back));
    }

    #[test]
    fn random_graphs_become_acyclic() {
        let mut rng = crate::generate::Rng(9);
        for _ in 0..50 {
            let n = 1 + rng.below(30);
            let edges: Vec<(u32, u32)> = (0..rng.below(80))
                .map(|_| (rng.below(n) as u32, rng.below(n) as u32))
                .filter(|(a, b)| a != b)
                .collect();
            assert!(is_acyclic(n, &edges, &back_edges(n, &edges)));
            assert!(is_acyclic(n, &edges, &against_levels(n, &edges)));
        }
    }
}
