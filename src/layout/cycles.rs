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
        }
    }
}
