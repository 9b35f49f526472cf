//! Coordinates of the layered graph. Along the flow, each layer is as thick as its biggest item
//! (its widest label, or its biggest box) plus a margin. Across the flow, items keep their
//! order and spacing (box sizes plus a gap) and are pulled towards the weighted mean of their
//! neighbours, layer by layer, down and up: each layer's placement is the exact least-squares
//! fit under the spacing constraints (pool-adjacent-violators), and links between slots weigh
//! most, so long flows run straight through the gaps kept for them.

use super::layers::{Item, Layered};

/// Free space across the flow between two boxes of a layer.
pub(super) const NODE_GAP: f32 = 40.0;
/// Free space across the flow next to a slot or a label.
pub(super) const SLOT_GAP: f32 = 16.0;
/// Free space along the flow between two layers.
pub(super) const LAYER_MARGIN: f32 = 30.0;
/// Placement passes stop once no item moves more than this (diagram units).
const SETTLED: f64 = 1.0;

/// The position across the flow of every item's centre, the lowest box edge at 0.
pub(super) fn across(l: &Layered, passes: usize) -> Vec<f64> {
    across_from(l, passes, None)
}

/// [`across`], starting from the positions `start` (of an order close to this one) instead of
/// each layer packed around 0, so a placement after a small change settles in few passes.
pub(super) fn across_from(l: &Layered, passes: usize, start: Option<&[f64]>) -> Vec<f64> {
    let offsets: Vec<Vec<f64>> = l.layers.iter().map(|layer| offsets(l, layer)).collect();
    let mut x = vec![0.0; l.len()];
    for (layer, offsets) in l.layers.iter().zip(&offsets) {
        let middle = offsets.last().copied().unwrap_or(0.0) / 2.0;
        for (&v, c) in layer.iter().zip(offsets) {
            x[v as usize] = c - middle;
        }
    }
    let mut fit = Fit::default();
    if let Some(start) = start {
        // Each layer keeps its order and spacing, placed as near the start as they allow.
        for (layer, offsets) in l.layers.iter().zip(&offsets) {
            fit.pack(layer, offsets, &mut x, |v| (start[v as usize], 1.0));
        }
    }
    // A layer is placed again only when a neighbouring layer (or itself) moved since.
    let count = l.layers.len();
    let mut stirred = vec![true; count];
    for pass in 0..passes {
        let mut moved = false;
        for i in 0..count {
            let r = if pass % 2 == 0 { i } else { count - 1 - i };
            if !std::mem::replace(&mut stirred[r], false) {
                continue;
            }
            if fit.place(l, &l.layers[r], &offsets[r], &mut x) >= SETTLED {
                moved = true;
                stirred[r] = true;
                stirred[r.saturating_sub(1)] = true;
                if r + 1 < count {
                    stirred[r + 1] = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    let low = (0..l.len())
        .map(|v| x[v] - l.size[v].across as f64 / 2.0)
        .fold(f64::INFINITY, f64::min);
    x.iter_mut().for_each(|c| *c -= low);
    x
}

/// The position along the flow of each layer's centre line, the first layer's near edge at 0.
pub(super) fn along(l: &Layered) -> Vec<f64> {
    let mut next = 0.0;
    l.layers
        .iter()
        .map(|layer| {
            let thickness = layer.iter().map(|&v| l.size[v as usize].along).fold(0.0, f32::max) as f64;
            let centre = next + thickness / 2.0;
            next += thickness + LAYER_MARGIN as f64;
            centre
        })
        .collect()
}

/// The least distance between the centres of neighbouring items, cumulated over a layer.
fn offsets(l: &Layered, layer: &[u32]) -> Vec<f64> {
    let mut at = 0.0;
    let mut out = Vec::with_capacity(layer.len());
    for (i, &v) in layer.iter().enumerate() {
        if i > 0 {
            at += separation(l, layer[i - 1], v);
        }
        out.push(at);
    }
    out
}

pub(super) fn separation(l: &Layered, a: u32, b: u32) -> f64 {
    let gap = if l.kind[a as usize].is_node() && l.kind[b as usize].is_node() {
        NODE_GAP
    } else {
        SLOT_GAP
    };
    ((l.size[a as usize].across + l.size[b as usize].across) / 2.0 + gap) as f64
}

/// How strongly a link pulls its ends together: links between slots most, so long flows stay
/// straight (the weights Gansner et al. give dot's coordinate phase).
fn pull(a: Item, b: Item) -> f64 {
    match (a.is_node(), b.is_node()) {
        (true, true) => 1.0,
        (false, false) => 8.0,
        _ => 2.0,
    }
}

/// Scratch space for placing one layer.
#[derive(Default)]
struct Fit {
    targets: Vec<(f64, f64)>,
    blocks: Vec<Block>,
}

/// A run of items placed as one: their weighted target sum and weight, and how many they are.
#[derive(Clone, Copy)]
struct Block {
    sum: f64,
    weight: f64,
    len: usize,
}

impl Block {
    fn mean(&self) -> f64 {
        self.sum / self.weight
    }
}

impl Fit {
    /// Places one layer (`offsets`: the least distance of each item from the first) as close
    /// as its spacing allows to its neighbours' weighted means; returns how far the furthest
    /// item moved.
    fn place(&mut self, l: &Layered, layer: &[u32], offsets: &[f64], x: &mut [f64]) -> f64 {
        let mut targets = std::mem::take(&mut self.targets);
        targets.clear();
        targets.extend(layer.iter().map(|&v| target(l, v, x)));
        let mut at = 0;
        let moved = self.pack(layer, offsets, x, |_| {
            at += 1;
            targets[at - 1]
        });
        self.targets = targets;
        moved
    }

    /// Places a layer's items, in order and `offsets` apart, by least squares on the (target,
    /// weight) each gets from `wanted` (asked in order): pool-adjacent-violators. Returns how
    /// far the furthest item moved.
    fn pack(
        &mut self,
        layer: &[u32],
        offsets: &[f64],
        x: &mut [f64],
        mut wanted: impl FnMut(u32) -> (f64, f64),
    ) -> f64 {
        self.blocks.clear();
        for (&v, &offset) in layer.iter().zip(offsets) {
            let (target, weight) = wanted(v);
            self.blocks.push(Block {
                sum: (target - offset) * weight,
                weight,
                len: 1,
            });
            while self.blocks.len() > 1 {
                let n = self.blocks.len();
                let last = self.blocks[n - 1];
                let before = &mut self.blocks[n - 2];
                if before.mean() < last.mean() {
                    break;
                }
                before.sum += last.sum;
                before.weight += last.weight;
                before.len += last.len;
                self.blocks.pop();
            }
        }
        let mut moved: f64 = 0.0;
        let mut i = 0;
        for block in &self.blocks {
            let mean = block.mean();
            for (&v, &offset) in layer[i..i + block.len].iter().zip(&offsets[i..i + block.len]) {
                let new = mean + offset;
                moved = moved.max((new - x[v as usize]).abs());
                x[v as usize] = new;
            }
            i += block.len;
        }
        moved
    }
}

/// Where an item's links pull it, and how hard; an item without links stays where it is.
fn target(l: &Layered, v: u32, x: &[f64]) -> (f64, f64) {
    let (mut sum, mut weight) = (0.0, 0.0);
    for &(u, w) in l.up.of(v).iter().chain(l.down.of(v)) {
        let p = pull(l.kind[v as usize], l.kind[u as usize]) * w as f64;
        sum += p * x[u as usize];
        weight += p;
    }
    if weight == 0.0 {
        (x[v as usize], 1e-6)
    } else {
        (sum / weight, weight)
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::graph::{Edge, Size};

    #[test]
    fn boxes_keep_their_spacing_and_a_chain_runs_straight() {
        let node = Size {
            along: 100.0,
            across: 50.0,
        };
        let label = Size {
            along: 80.0,
            across: 20.0,
        };
        // 0 -> 1 -> 2 and 0 -> 2 (long, passes layer 2 in a slot next to node 1), 3 -> 2.
        let edges = [
            Edge {
                from: 0,
                to: 1,
                weight: 1,
                label,
            },
            Edge {
                from: 1,
                to: 2,
                weight: 1,
                label,
            },
            Edge {
                from: 0,
                to: 2,
                weight: 1,
                label,
            },
            Edge {
                from: 3,
                to: 2,
                weight: 1,
                label,
            },
        ];
        let mut l = Layered::new(&[node; 4], &[0, 1, 2, 1], &edges, u32::MAX);
        crate::layout::order::reduce(&mut l, 8);
        let x = across(&l, 50);
        for layer in &l.layers {
            for pair in layer.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                assert!(x[b as usize] - x[a as usize] >= separation(&l, a, b) - 1e-6);
            }
        }
        let chain: Vec<f64> = l.chain(2).iter().map(|&i| x[i as usize]).collect();
        assert!(chain.windows(2).all(|w| (w[0] - w[1]).abs() < 1.0), "{chain:?}");
        let centres = along(&l);
        assert_eq!(centres[0], 50.0);
        assert_eq!(centres[1], 100.0 + 30.0 + 40.0);
    }
}
