//! The plain graph the layered layout works on: nodes numbered `0..n` (in story order) with
//! their sizes along and across the flow direction, weighted edges carrying the room their label
//! needs, and compact adjacency lists.

/// A size measured along the flow direction (layer thickness) and across it (in-layer room).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Size {
    pub along: f32,
    pub across: f32,
}

/// An edge between two nodes of a component; `weight` is how many flows it stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Edge {
    pub from: u32,
    pub to: u32,
    pub weight: u32,
    /// The room the flow labels of this edge take, stacked across the flow.
    pub label: Size,
}

/// Neighbour lists of every vertex in one block: `of(v)` is a slice of (neighbour, weight).
#[derive(Clone, Debug, Default)]
pub(super) struct Adjacency {
    start: Vec<u32>,
    items: Vec<(u32, u32)>,
}

impl Adjacency {
    /// The lists of `n` vertices from (vertex, neighbour, weight) triples; each list keeps the
    /// order the triples came in.
    pub fn new(n: usize, triples: &[(u32, u32, u32)]) -> Self {
        let mut start = vec![0u32; n + 1];
        for &(v, _, _) in triples {
            start[v as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut items = vec![(0, 0); triples.len()];
        for &(v, u, w) in triples {
            items[next[v as usize] as usize] = (u, w);
            next[v as usize] += 1;
        }
        Self { start, items }
    }

    /// The neighbours of `v` with the weights of the edges to them.
    pub fn of(&self, v: u32) -> &[(u32, u32)] {
        &self.items[self.range(v)]
    }

    /// Where the list of `v` lies among all lists, one after another.
    pub fn range(&self, v: u32) -> std::ops::Range<usize> {
        self.start[v as usize] as usize..self.start[v as usize + 1] as usize
    }

    /// How many items all lists hold together.
    pub fn total(&self) -> usize {
        self.items.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacency_lists_keep_the_given_order() {
        let a = Adjacency::new(3, &[(2, 0, 1), (0, 2, 5), (2, 1, 2)]);
        assert_eq!(a.of(0), &[(2, 5)]);
        assert_eq!(a.of(1), &[] as &[(u32, u32)]);
        assert_eq!(a.of(2), &[(0, 1), (1, 2)]);
    }
}
