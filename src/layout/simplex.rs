//! Network simplex for layering (Gansner, Koutsofios, North, Vo, *A technique for drawing
//! directed graphs*, IEEE TSE 19(3), 1993, section 2, https://doi.org/10.1109/32.221135): from a
//! feasible ranking, a spanning tree of tight edges is grown, and tree edges whose cut value is
//! negative are exchanged for the non-tree edge of least slack across the same cut until none is
//! left — the ranking then has the least total weighted edge length. Each exchange costs one pass
//! over nodes and edges; a budget of such visits bounds the work, and the ranking reached when it
//! runs out is still feasible (every exchange keeps it so and never makes it longer).

use super::graph::Adjacency;

/// Marks "no parent" (the tree's root) and "no edge".
const NONE: u32 = u32::MAX;

/// Improves `rank` (feasible: every edge points at least one rank higher) of the connected
/// graph of nodes `0..n` joined by `edges` (from, to, weight) towards the least total weighted
/// length, spending at most about `budget` node and edge visits. Returns whether it reached the
/// optimum; `rank` is left feasible either way (unchanged when the tight tree could not be
/// grown within the budget).
pub(super) fn improve(n: usize, edges: &[(u32, u32, u32)], rank: &mut [i64], budget: usize) -> bool {
    if n < 2 || edges.is_empty() {
        return true;
    }
    let mut s = Simplex::new(n, edges, rank.to_vec());
    let mut spent = 0usize;
    if !s.feasible_tree(&mut spent, budget) {
        return false;
    }
    s.number_tree();
    s.cut_values();
    let mut start = 0;
    let optimal = loop {
        let Some(leave) = s.leaving_edge(&mut start) else {
            break true;
        };
        spent += n + edges.len();
        if spent > budget {
            break false;
        }
        let enter = s.entering_edge(leave);
        s.tree[leave] = false;
        s.tree[enter] = true;
        s.number_tree();
        s.cut_values();
        s.rank_from_tree();
    };
    rank.copy_from_slice(&s.rank);
    optimal
}

struct Simplex<'a> {
    edges: &'a [(u32, u32, u32)],
    /// Edges at each node (edge number, unused).
    incident: Adjacency,
    rank: Vec<i64>,
    tree: Vec<bool>,
    cut: Vec<i64>,
    parent: Vec<u32>,
    parent_edge: Vec<u32>,
    low: Vec<u32>,
    lim: Vec<u32>,
    /// Nodes in the tree's postorder (children before parents).
    postorder: Vec<u32>,
}

impl<'a> Simplex<'a> {
    fn new(n: usize, edges: &'a [(u32, u32, u32)], rank: Vec<i64>) -> Self {
        let triples: Vec<(u32, u32, u32)> = edges
            .iter()
            .enumerate()
            .flat_map(|(e, &(a, b, _))| [(a, e as u32, 0), (b, e as u32, 0)])
            .collect();
        Self {
            edges,
            incident: Adjacency::new(n, &triples),
            rank,
            tree: vec![false; edges.len()],
            cut: vec![0; edges.len()],
            parent: vec![NONE; n],
            parent_edge: vec![NONE; n],
            low: vec![0; n],
            lim: vec![0; n],
            postorder: Vec::with_capacity(n),
        }
    }

    fn slack(&self, e: usize) -> i64 {
        let (a, b, _) = self.edges[e];
        self.rank[b as usize] - self.rank[a as usize] - 1
    }

    fn other(&self, e: u32, v: u32) -> u32 {
        let (a, b, _) = self.edges[e as usize];
        if a == v { b } else { a }
    }

    /// Grows a spanning tree of tight edges from node 0, shifting the tree's ranks by the least
    /// slack to the rest whenever it cannot grow; false when that took more than the budget.
    fn feasible_tree(&mut self, spent: &mut usize, budget: usize) -> bool {
        let n = self.rank.len();
        let mut in_tree = vec![false; n];
        let mut members = vec![0u32];
        in_tree[0] = true;
        let mut stack = vec![0u32];
        loop {
            while let Some(v) = stack.pop() {
                for &(e, _) in self.incident.of(v) {
                    let u = self.other(e, v);
                    if !in_tree[u as usize] && self.slack(e as usize) == 0 {
                        in_tree[u as usize] = true;
                        self.tree[e as usize] = true;
                        members.push(u);
                        stack.push(u);
                    }
                }
            }
            if members.len() == n {
                return true;
            }
            *spent += self.edges.len() + members.len();
            if *spent > budget {
                return false;
            }
            let Some((e, delta)) = self.least_slack_to_tree(&in_tree) else {
                return false;
            };
            for &v in &members {
                self.rank[v as usize] += delta;
            }
            let (a, b, _) = self.edges[e];
            let (inside, outside) = if in_tree[a as usize] { (a, b) } else { (b, a) };
            debug_assert!(in_tree[inside as usize]);
            in_tree[outside as usize] = true;
            self.tree[e] = true;
            members.push(outside);
            stack.push(outside);
        }
    }

    /// The edge with one end in the tree and the least slack, and how far to shift the tree to
    /// make it tight.
    fn least_slack_to_tree(&self, in_tree: &[bool]) -> Option<(usize, i64)> {
        let (e, _) = self
            .edges
            .iter()
            .enumerate()
            .filter(|(_, (a, b, _))| in_tree[*a as usize] != in_tree[*b as usize])
            .min_by_key(|&(e, _)| (self.slack(e), e))?;
        let (a, _, _) = self.edges[e];
        let slack = self.slack(e);
        Some((e, if in_tree[a as usize] { slack } else { -slack }))
    }

    /// Parent, postorder number (`lim`) and lowest number in the subtree (`low`) of every
    /// node of the tree, rooted at node 0.
    fn number_tree(&mut self) {
        self.postorder.clear();
        let mut next = 1u32;
        let mut stack: Vec<(u32, usize)> = vec![(0, 0)];
        self.parent[0] = NONE;
        self.parent_edge[0] = NONE;
        self.low[0] = next;
        while let Some(top) = stack.last_mut() {
            let (v, cursor) = *top;
            let list = self.incident.of(v);
            if let Some(&(e, _)) = list.get(cursor) {
                top.1 += 1;
                if self.tree[e as usize] && e != self.parent_edge[v as usize] {
                    let u = self.other(e, v);
                    self.parent[u as usize] = v;
                    self.parent_edge[u as usize] = e;
                    self.low[u as usize] = next;
                    stack.push((u, 0));
                }
                continue;
            }
            self.lim[v as usize] = next;
            next += 1;
            self.postorder.push(v);
            stack.pop();
        }
    }

    /// The cut value of every tree edge, children before parents: the weight of the edges
    /// from the tail's side of the cut to the head's, less those the other way.
    fn cut_values(&mut self) {
        for i in 0..self.postorder.len() {
            let child = self.postorder[i];
            let e = self.parent_edge[child as usize];
            if e == NONE {
                continue;
            }
            let child_is_tail = self.edges[e as usize].0 == child;
            let mut cut = self.edges[e as usize].2 as i64;
            for &(f, _) in self.incident.of(child) {
                if f == e {
                    continue;
                }
                let (from, _, weight) = self.edges[f as usize];
                let points_to_head = (from == child) == child_is_tail;
                let sign = if points_to_head { 1 } else { -1 };
                cut += sign * weight as i64;
                if self.tree[f as usize] {
                    cut -= sign * self.cut[f as usize];
                }
            }
            self.cut[e as usize] = cut;
        }
    }

    /// A tree edge with a negative cut value, looked for from where the last search stopped.
    fn leaving_edge(&self, start: &mut usize) -> Option<usize> {
        let m = self.edges.len();
        let found = (0..m)
            .map(|i| (*start + i) % m)
            .find(|&e| self.tree[e] && self.cut[e] < 0)?;
        *start = found + 1;
        Some(found)
    }

    fn descends(&self, v: u32, root: u32) -> bool {
        let (v, root) = (v as usize, root as usize);
        self.low[root] <= self.lim[v] && self.lim[v] <= self.lim[root]
    }

    /// The non-tree edge of least slack that crosses the cut of `leave` the other way round.
    fn entering_edge(&self, leave: usize) -> usize {
        let (v, w, _) = self.edges[leave];
        let (tail, flip) = if self.lim[v as usize] > self.lim[w as usize] {
            (w, true)
        } else {
            (v, false)
        };
        (0..self.edges.len())
            .filter(|&f| {
                let (a, b, _) = self.edges[f];
                flip == self.descends(a, tail) && flip != self.descends(b, tail)
            })
            .min_by_key(|&f| (self.slack(f), f))
            .unwrap_or(leave)
    }

    /// Ranks read off the tree (every tree edge tight), from the root down.
    fn rank_from_tree(&mut self) {
        for i in (0..self.postorder.len()).rev() {
            let v = self.postorder[i];
            let e = self.parent_edge[v as usize];
            if e == NONE {
                continue;
            }
            let p = self.parent[v as usize];
            let step = if self.edges[e as usize].0 == p { 1 } else { -1 };
            self.rank[v as usize] = self.rank[p as usize] + step;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn length(edges: &[(u32, u32, u32)], rank: &[i64]) -> i64 {
        edges
            .iter()
            .map(|&(a, b, w)| w as i64 * (rank[b as usize] - rank[a as usize]))
            .sum()
    }

    #[test]
    fn a_node_pulled_both_ways_ends_where_its_edges_are_shortest() {
        // 0 -> 1 -> 2 -> 3 -> 4 and 0 -> 5 -> 4, 5 -> 6 (weight 3), 6 -> 4: longest path puts
        // 5 at rank 1 and 6 at 2; the heavy 5 -> 6 edge wants them together with 4's side.
        let edges = [
            (0, 1, 1),
            (1, 2, 1),
            (2, 3, 1),
            (3, 4, 1),
            (0, 5, 1),
            (5, 4, 1),
            (5, 6, 3),
            (6, 4, 1),
        ];
        let mut rank = vec![0, 1, 2, 3, 4, 1, 2];
        assert!(improve(7, &edges, &mut rank, 1_000_000));
        assert!(edges.iter().all(|&(a, b, _)| rank[b as usize] > rank[a as usize]));
        assert_eq!(length(&edges, &rank), 4 + 3 + 1 + 3 + 1);
    }

    #[test]
    fn random_graphs_get_no_longer_and_stay_feasible() {
        let mut rng = crate::generate::Rng(11);
        for _ in 0..60 {
            let n = 2 + rng.below(25);
            // A random DAG (edges from lower to higher number), connected through a path.
            let mut edges: Vec<(u32, u32, u32)> = (1..n as u32).map(|v| (rng.below(v as usize) as u32, v, 1)).collect();
            for _ in 0..rng.below(40) {
                let (a, b) = (rng.below(n) as u32, rng.below(n) as u32);
                if a < b && !edges.iter().any(|&(x, y, _)| (x, y) == (a, b)) {
                    edges.push((a, b, 1 + rng.below(3) as u32));
                }
            }
            let mut rank: Vec<i64> = (0..n as i64).collect();
            let before = length(&edges, &rank);
            assert!(improve(n, &edges, &mut rank, 10_000_000));
            assert!(edges.iter().all(|&(a, b, _)| rank[b as usize] > rank[a as usize]));
            assert!(length(&edges, &rank) <= before);
            // Optimal: no single node can move within its range to shorten its edges.
            for v in 0..n {
                let mut moved = rank.clone();
                for delta in [-1, 1] {
                    moved[v] = rank[v] + delta;
                    let feasible = edges.iter().all(|&(a, b, _)| moved[b as usize] > moved[a as usize]);
                    assert!(!feasible || length(&edges, &moved) >= length(&edges, &rank));
                }
            }
        }
    }
}
