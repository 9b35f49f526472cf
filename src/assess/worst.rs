//! The worst severity raised for each node (by validation, coverage findings and unanswered
//! regulatory flags), which the canvas shows as a coloured marker.

use std::collections::BTreeMap;

use super::tally::Lists;
use crate::model::{NodeId, Severity};

/// The worst severity so far for each node, by its number in id order.
pub struct Worst(Vec<Option<Severity>>);

impl Worst {
    /// Nothing raised yet for any of `nodes` nodes.
    pub fn new(nodes: usize) -> Self {
        Self(vec![None; nodes])
    }

    /// Raises `severity` for the numbered nodes.
    pub fn mark(&mut self, numbers: &[u32], severity: Severity) {
        for &n in numbers {
            let worst = &mut self.0[n as usize];
            *worst = (*worst).max(Some(severity));
        }
    }

    /// Raises `severity` for the ids that name nodes (others, such as flow ids, are skipped).
    pub fn mark_ids(&mut self, lists: &Lists, ids: &[String], severity: Severity) {
        let numbers: Vec<u32> = ids.iter().filter_map(|id| lists.number(id)).collect();
        self.mark(&numbers, severity);
    }

    /// The nodes with something raised, by id.
    pub fn by_id(&self, lists: &Lists) -> BTreeMap<NodeId, Severity> {
        (self.0.iter().enumerate())
            .filter_map(|(n, worst)| worst.map(|s| (lists.id(n as u32).clone(), s)))
            .collect()
    }
}
