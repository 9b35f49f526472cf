//! Synthetic projects for testing and benchmarks: realistic graphs of any size — clusters of
//! actors and assets (one organisation's part of a programme), flows mostly inside a cluster and
//! some across, catalogue components and criteria attached — deterministic for a given seed.

use crate::catalog::Catalog;
use crate::model::{
    ActorRole, AssetType, CriterionUse, DataLocation, Flow, FlowKind, Node, NodeKind, PlatformChoice, Position, Project,
};

/// Nodes per cluster, laid out as a grid of `CLUSTER_COLUMNS` columns.
const CLUSTER_SIZE: usize = 20;
const CLUSTER_COLUMNS: usize = 5;
/// Spacing between node centres inside a cluster, and the gap between clusters (diagram units).
const STEP_X: f32 = 220.0;
const STEP_Y: f32 = 120.0;
const CLUSTER_GAP: f32 = 200.0;
const JURISDICTIONS: [&str; 6] = ["CH", "DE", "SG", "BR", "ZA", "US"];

/// The fewest bytes a generated node takes in the saved file, with its two flows (about 970 at
/// 100,000 nodes): `generate` is refused a size whose file could not be opened.
pub const MIN_FILE_BYTES_PER_NODE: u64 = 800;

/// A small deterministic random source (SplitMix64), so the same seed gives the same project;
/// also used by the tests that need replayable random input.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A project with `nodes` nodes and twice as many flows.
pub fn generate(nodes: usize, seed: u64) -> Project {
    let catalog = Catalog::builtin();
    let components: Vec<&str> = catalog.components.iter().map(|c| c.key.as_str()).collect();
    let criteria: Vec<&str> = catalog.criteria.iter().map(|c| c.key.as_str()).collect();
    let mut rng = Rng(seed);
    let mut project = Project::new(format!("Generated programme ({nodes} nodes, seed {seed})"));
    project.sheet.summary = "A synthetic project made by `dlt-modeller generate` for tests and benchmarks.".into();
    for p in &catalog.platforms {
        project.platforms.insert(p.key.clone(), PlatformChoice::default());
    }
    let clusters = nodes.div_ceil(CLUSTER_SIZE).max(1);
    let clusters_per_row = (clusters as f64).sqrt().ceil() as usize;
    let width = digits(nodes);
    let id = |i: usize| format!("n{i:0width$}");
    for i in 0..nodes {
        let (cluster, slot) = (i / CLUSTER_SIZE, i % CLUSTER_SIZE);
        let origin_x = (cluster % clusters_per_row) as f32 * (CLUSTER_COLUMNS as f32 * STEP_X + CLUSTER_GAP);
        let origin_y =
            (cluster / clusters_per_row) as f32 * ((CLUSTER_SIZE / CLUSTER_COLUMNS) as f32 * STEP_Y + CLUSTER_GAP);
        let position = Position::new(
            origin_x + (slot % CLUSTER_COLUMNS) as f32 * STEP_X,
            origin_y + (slot / CLUSTER_COLUMNS) as f32 * STEP_Y,
        );
        let actor = slot % 5 < 3;
        let kind = if actor {
            NodeKind::Actor {
                role: *rng.pick(&ActorRole::ALL),
                organisation: format!("Org {cluster}"),
            }
        } else {
            NodeKind::Asset {
                asset_type: *rng.pick(&AssetType::ALL),
            }
        };
        let name = format!("{} {i}", if actor { "Actor" } else { "Asset" });
        let mut node = Node::new(name, kind, position);
        node.jurisdiction = rng.pick(&JURISDICTIONS).to_string();
        node.data = *rng.pick(&DataLocation::ALL);
        node.personal_data = rng.chance(10);
        for _ in 0..rng.below(3) {
            node.components.insert(rng.pick(&components).to_string());
        }
        for _ in 0..rng.below(3) {
            let use_ = CriterionUse {
                weight: 1 + rng.below(5) as u8,
                must_have: rng.chance(5),
                note: String::new(),
            };
            node.criteria.insert(rng.pick(&criteria).to_string(), use_);
        }
        project.nodes.insert(id(i), node);
    }
    if nodes < 2 {
        return project;
    }
    let flow_width = digits(nodes * 2);
    for f in 0..nodes * 2 {
        let (from, to) = loop {
            let from = rng.below(nodes);
            let to = if rng.chance(90) {
                let base = from - from % CLUSTER_SIZE;
                base + rng.below(CLUSTER_SIZE.min(nodes - base))
            } else {
                rng.below(nodes)
            };
            if from != to {
                break (from, to);
            }
        };
        let mut flow = Flow::new(id(from), id(to), (f / 4 + 1) as u32, "exchanges");
        flow.kind = *rng.pick(&FlowKind::ALL);
        flow.on_ledger = rng.chance(60);
        project.flows.insert(format!("f{f:0flow_width$}"), flow);
    }
    project
}

fn digits(n: usize) -> usize {
    n.max(1).to_string().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Severity, validate};

    #[test]
    fn same_seed_same_project_other_seed_other_project() {
        assert_eq!(generate(200, 7), generate(200, 7));
        assert_ne!(generate(200, 7), generate(200, 8));
    }

    #[test]
    fn generated_projects_are_valid_and_sized() {
        let p = generate(1000, 1);
        assert_eq!(p.nodes.len(), 1000);
        assert_eq!(p.flows.len(), 2000);
        let catalog = Catalog::builtin().with_project(&p);
        let errors: Vec<_> = validate(&p, &catalog)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let within = p
            .flows
            .values()
            .filter(|f| {
                f.from[1..].parse::<usize>().unwrap() / CLUSTER_SIZE
                    == f.to[1..].parse::<usize>().unwrap() / CLUSTER_SIZE
            })
            .count();
        assert!(within * 10 > p.flows.len() * 8, "flows stay mostly inside clusters");
    }

    #[test]
    fn a_generated_node_takes_at_least_the_bytes_counted_on() {
        for nodes in [2, 500, 3000] {
            let bytes = crate::file::to_text(&generate(nodes, 3)).len() as u64;
            assert!(
                bytes >= nodes as u64 * MIN_FILE_BYTES_PER_NODE,
                "{nodes} nodes: {bytes} bytes"
            );
        }
    }

    #[test]
    fn tiny_projects_work() {
        assert!(generate(0, 1).nodes.is_empty());
        assert_eq!(generate(1, 1).nodes.len(), 1);
    }
}
