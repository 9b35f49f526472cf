//! The worst severity raised for each node (by validation, coverage findings and unanswered
//! regulatory flags), which the canvas shows as a coloured marker, kept up to date report by
//! report: only the nodes an edit touched, and the members of a mark whose severity changed,
//! are looked at again. Reports share the per-node table ([`Markers`]) in buckets, so a report
//! after a one-node edit copies one bucket, not a 100,000-entry map.

use std::hash::BuildHasher;
use std::sync::Arc;

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::listed::Num;
use super::tally::Tally;
use crate::model::{Finding, NodeId, Severity};

/// How many buckets [`Markers`] splits its nodes into.
const BUCKETS: usize = 256;

/// The worst severity raised for each node id that has one.
#[derive(Clone, Debug, Default)]
pub struct Markers {
    /// Empty, or [`BUCKETS`] maps; a node is in the bucket its id hashes to.
    buckets: Vec<Arc<FxHashMap<NodeId, Severity>>>,
}

impl Markers {
    /// No markers.
    pub const fn new() -> Self {
        Self { buckets: Vec::new() }
    }

    fn bucket(id: &str) -> usize {
        FxBuildHasher.hash_one(id) as usize % BUCKETS
    }

    /// The worst severity raised for a node.
    pub fn get(&self, id: &str) -> Option<Severity> {
        if self.buckets.is_empty() {
            return None;
        }
        let bucket = self.buckets.get(Self::bucket(id))?;
        bucket.get(id).copied()
    }

    /// Sets (or with `None` clears) a node's severity; a bucket shared with an earlier report is
    /// copied first.
    pub fn set(&mut self, id: &str, severity: Option<Severity>) {
        if self.get(id) == severity {
            return;
        }
        if self.buckets.is_empty() {
            self.buckets = vec![Arc::default(); BUCKETS];
        }
        let bucket = Arc::make_mut(&mut self.buckets[Self::bucket(id)]);
        match severity {
            Some(severity) => bucket.insert(id.to_owned(), severity),
            None => bucket.remove(id),
        };
    }

    /// Sets (or clears) the severities of many nodes; into an empty table, the buckets are
    /// built in one go.
    pub fn set_all<'a>(&mut self, severities: impl IntoIterator<Item = (&'a str, Option<Severity>)>) {
        if !self.buckets.is_empty() {
            for (id, severity) in severities {
                self.set(id, severity);
            }
            return;
        }
        let mut buckets: Vec<Vec<(NodeId, Severity)>> = vec![Vec::new(); BUCKETS];
        for (id, severity) in severities {
            if let Some(severity) = severity {
                buckets[Self::bucket(id)].push((id.to_owned(), severity));
            }
        }
        if buckets.iter().any(|bucket| !bucket.is_empty()) {
            self.buckets = (buckets.into_iter())
                .map(|bucket| Arc::new(bucket.into_iter().collect()))
                .collect();
        }
    }

    /// How many nodes have a severity.
    pub fn len(&self) -> usize {
        self.buckets.iter().map(|b| b.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every node with a severity, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&NodeId, Severity)> {
        self.buckets.iter().flat_map(|b| b.iter()).map(|(id, s)| (id, *s))
    }
}

impl PartialEq for Markers {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(id, s)| other.get(id) == Some(s))
    }
}

impl<S: Into<NodeId>> FromIterator<(S, Severity)> for Markers {
    fn from_iter<I: IntoIterator<Item = (S, Severity)>>(iter: I) -> Self {
        let mut markers = Self::new();
        for (id, severity) in iter {
            let id = id.into();
            markers.set(&id, markers.get(&id).max(Some(severity)));
        }
        markers
    }
}

/// The severities raised for the nodes meeting each node condition of the rules, by the rules
/// of one report.
pub type ByMark = Vec<Option<Severity>>;

/// Raises `severity` for every node meeting node condition `mark`.
pub fn raise(by_mark: &mut ByMark, mark: usize, severity: Severity) {
    if by_mark.len() <= mark {
        by_mark.resize(mark + 1, None);
    }
    let raised = &mut by_mark[mark];
    *raised = (*raised).max(Some(severity));
}

/// What the last report raised, and its markers.
#[derive(Default)]
pub struct Worst {
    by_mark: ByMark,
    /// The worst finding for each node, by node number.
    by_finding: FxHashMap<Num, Severity>,
    markers: Markers,
}

impl Worst {
    /// The markers after a report whose rules raised `by_mark` and whose validation listed
    /// `findings`: the nodes the tally touched since the last report, the members of every mark
    /// whose severity changed, and the nodes whose findings changed are looked at again.
    pub fn update(&mut self, tally: &mut Tally, by_mark: ByMark, findings: &[Finding]) -> Markers {
        let mut by_finding: FxHashMap<Num, Severity> = FxHashMap::default();
        for finding in findings {
            for n in finding.ids.iter().filter_map(|id| tally.node_number(id)) {
                let worst = by_finding.entry(n).or_insert(finding.severity);
                *worst = (*worst).max(finding.severity);
            }
        }
        let mut again = tally.take_touched();
        let conditions = by_mark.len().max(self.by_mark.len());
        for mark in
            (0..conditions).filter(|m| by_mark.get(*m).copied().flatten() != self.by_mark.get(*m).copied().flatten())
        {
            again.extend(tally.marked(mark).nums());
        }
        let changed = |a: &FxHashMap<Num, Severity>, b: &FxHashMap<Num, Severity>| {
            a.iter()
                .filter(|(n, s)| b.get(*n) != Some(s))
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
        };
        again.extend(changed(&by_finding, &self.by_finding));
        again.extend(changed(&self.by_finding, &by_finding));
        let mut seen = vec![false; tally.node_numbers()];
        again.retain(|n| !std::mem::replace(&mut seen[*n as usize], true));
        let worst = |n: Num| {
            let bits = tally.node_marks(n)?;
            (by_mark.iter().enumerate())
                .filter(|(mark, _)| bits & 1 << mark != 0)
                .filter_map(|(_, raised)| *raised)
                .chain(by_finding.get(&n).copied())
                .max()
        };
        self.markers
            .set_all(again.into_iter().map(|n| (tally.node_id(n), worst(n))));
        self.by_mark = by_mark;
        self.by_finding = by_finding;
        self.markers.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_copy_only_the_bucket_they_change() {
        let mut markers: Markers = (0..1000).map(|n| (format!("n{n}"), Severity::Info)).collect();
        assert_eq!(markers.len(), 1000);
        let before = markers.clone();
        markers.set("n7", Some(Severity::Error));
        markers.set("n8", None);
        assert_eq!(markers.get("n7"), Some(Severity::Error));
        assert_eq!(markers.get("n8"), None);
        assert_eq!(
            before.get("n7"),
            Some(Severity::Info),
            "an earlier report keeps its table"
        );
        let shared = (markers.buckets.iter().zip(&before.buckets))
            .filter(|(a, b)| Arc::ptr_eq(a, b))
            .count();
        assert!(shared >= BUCKETS - 2, "{shared} buckets shared");
        assert_ne!(markers, before);
        markers.set("n7", Some(Severity::Info));
        markers.set("n8", Some(Severity::Info));
        assert_eq!(markers, before);
        assert_eq!(Markers::new(), Markers::from_iter(Vec::<(String, Severity)>::new()));
    }
}
