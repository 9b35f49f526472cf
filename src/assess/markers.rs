//! The table of the worst severity raised for each node, which the canvas shows as a coloured
//! marker. Reports share it in buckets, so a report after a one-node edit copies one bucket, not
//! a 100,000-entry map.

use std::hash::BuildHasher;
use std::sync::Arc;

use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::model::{NodeId, Severity};

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
