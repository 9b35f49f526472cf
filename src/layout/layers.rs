//! The proper layered graph: nodes on even layers (twice their rank), and every edge cut into
//! one-layer links by items of its own on the layers it crosses — its label on an odd layer
//! (the middle one of those it crosses), a thin slot on the others. Labels therefore take room
//! like boxes (the layer between two ranks is as thick as its widest label), and a long flow has
//! a slot of its own in every layer it passes, between that layer's boxes.

use super::graph::{Adjacency, Edge, Size};

/// What an item of a layer stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Item {
    /// A node of the graph.
    Node(u32),
    /// The label of an edge (by edge number).
    Label(u32),
    /// Where an edge passes a layer (by edge number).
    Slot(u32),
}

impl Item {
    pub fn is_node(self) -> bool {
        matches!(self, Item::Node(_))
    }
}

/// Room across the flow for each extra flow of a bundle of parallel flows.
const BUNDLE_STEP: f32 = 8.0;

/// The layered graph: items with their layer, size and links to the layers above and below.
pub(super) struct Layered {
    pub kind: Vec<Item>,
    pub size: Vec<Size>,
    pub layer: Vec<u32>,
    /// Items of each layer, in their current order.
    pub layers: Vec<Vec<u32>>,
    /// Links to the layer above (`up`) and below (`down`), with the edge's weight.
    pub up: Adjacency,
    pub down: Adjacency,
    chain_start: Vec<u32>,
    chain_items: Vec<u32>,
}

impl Layered {
    /// Lays out nodes of `sizes` at `ranks` (edges point from lower to higher rank). Edges that
    /// would need more than `longest` items are left out (no items, no links): see
    /// [`longest_kept`].
    pub fn new(sizes: &[Size], ranks: &[u32], edges: &[Edge], longest: u32) -> Self {
        let mut kind: Vec<Item> = (0..sizes.len() as u32).map(Item::Node).collect();
        let mut size = sizes.to_vec();
        let mut layer: Vec<u32> = ranks.iter().map(|r| 2 * r).collect();
        let mut links: Vec<(u32, u32, u32)> = Vec::with_capacity(edges.len() * 2);
        let mut chain_start = Vec::with_capacity(edges.len() + 1);
        let mut chain_items = Vec::new();
        for (e, edge) in edges.iter().enumerate() {
            chain_start.push(chain_items.len() as u32);
            let (from_layer, to_layer) = (layer[edge.from as usize], layer[edge.to as usize]);
            if to_layer - from_layer - 1 > longest {
                continue;
            }
            let gaps = (to_layer - from_layer) / 2;
            let label_layer = from_layer + 1 + 2 * ((gaps - 1) / 2);
            let mut previous = edge.from;
            for l in from_layer + 1..to_layer {
                let item = kind.len() as u32;
                if l == label_layer {
                    kind.push(Item::Label(e as u32));
                    size.push(edge.label);
                } else {
                    kind.push(Item::Slot(e as u32));
                    size.push(Size {
                        along: 0.0,
                        across: BUNDLE_STEP * (edge.weight - 1) as f32,
                    });
                }
                layer.push(l);
                chain_items.push(item);
                links.push((previous, item, edge.weight));
                previous = item;
            }
            links.push((previous, edge.to, edge.weight));
        }
        chain_start.push(chain_items.len() as u32);
        let count = layer.iter().map(|&l| l as usize + 1).max().unwrap_or(0);
        let mut layers = vec![Vec::new(); count];
        for (item, &l) in layer.iter().enumerate() {
            layers[l as usize].push(item as u32);
        }
        let down = Adjacency::new(kind.len(), &links);
        let up = Adjacency::new(
            kind.len(),
            &links.iter().map(|&(a, b, w)| (b, a, w)).collect::<Vec<_>>(),
        );
        Self {
            kind,
            size,
            layer,
            layers,
            up,
            down,
            chain_start,
            chain_items,
        }
    }

    /// The items edge `e` passes, from its source's layer to its target's.
    pub fn chain(&self, e: usize) -> &[u32] {
        &self.chain_items[self.chain_start[e] as usize..self.chain_start[e + 1] as usize]
    }

    pub fn len(&self) -> usize {
        self.kind.len()
    }
}

/// The most items an edge may have so that all items together stay within `budget`: every edge
/// if they fit, else the longest edges are left out (drawn straight, without slots) — on huge
/// generated graphs depth-first cycle breaking leaves ranks hundreds deep, and slots for every
/// layer of every long flow would grow quadratically.
pub(super) fn longest_kept(nodes: usize, ranks: &[u32], edges: &[Edge], budget: usize) -> u32 {
    let mut items: Vec<u32> = edges
        .iter()
        .map(|e| 2 * (ranks[e.to as usize] - ranks[e.from as usize]) - 1)
        .collect();
    items.sort_unstable();
    let mut total = nodes;
    let mut longest = 0;
    for &n in &items {
        total += n as usize;
        if total > budget {
            return longest;
        }
        longest = n;
    }
    u32::MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_edge_gets_a_label_in_its_middle_gap_and_slots_elsewhere() {
        let node = Size {
            along: 160.0,
            across: 60.0,
        };
        let label = Size {
            along: 100.0,
            across: 20.0,
        };
        let edges = [
            Edge {
                from: 0,
                to: 1,
                weight: 1,
                label,
            },
            Edge {
                from: 0,
                to: 2,
                weight: 2,
                label,
            },
        ];
        let l = Layered::new(&[node; 3], &[0, 1, 3], &edges, u32::MAX);
        assert_eq!(l.layers.len(), 7);
        assert_eq!(
            l.chain(0).iter().map(|&i| l.kind[i as usize]).collect::<Vec<_>>(),
            vec![Item::Label(0)]
        );
        let kinds: Vec<Item> = l.chain(1).iter().map(|&i| l.kind[i as usize]).collect();
        assert_eq!(
            kinds,
            vec![
                Item::Slot(1),
                Item::Slot(1),
                Item::Label(1),
                Item::Slot(1),
                Item::Slot(1)
            ]
        );
        assert_eq!(l.layer[l.chain(1)[2] as usize], 3);
        assert_eq!(l.down.of(0), &[(3, 1), (4, 2)]);
        assert_eq!(l.up.of(2), &[(8, 2)]);
        assert_eq!(longest_kept(3, &[0, 1, 3], &edges, 100), u32::MAX);
        assert_eq!(longest_kept(3, &[0, 1, 3], &edges, 5), 1);
        let short = Layered::new(&[node; 3], &[0, 1, 3], &edges, 1);
        assert!(!short.chain(0).is_empty() && short.chain(1).is_empty());
        assert_eq!(short.len(), 4);
    }
}
