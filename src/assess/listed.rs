//! Ids as numbers, and id-ordered lists of numbers that a report can share. The tally numbers
//! every id it meets once ([`Ids`]) and keys everything by number, so filing 100,000 nodes
//! hashes and compares no strings but the lists' order. A list ([`Listed`]) takes its changes in
//! a batch and puts them in at [`Listed::settle`] — one by one when they are few, merged in one
//! pass when they are many (a whole project at once) — and keeps the report's copy (`Arc<[_]>`)
//! made once and handed out until the list changes again. A rule listing the 96,000 nodes at the
//! ends of border-crossing flows costs a pointer copy in every report until one of them changes.

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::hash::BuildHasher;
use std::sync::Arc;

use rustc_hash::{FxBuildHasher, FxHashMap};

/// An id's number.
pub type Num = u32;

/// Ids numbered in the order they are first met; a number stays its id's for good (an id that
/// comes back after a removal gets its old number). The ids are kept end to end in one text and
/// found by their hash, so numbering 300,000 ids allocates no string for each.
#[derive(Default)]
pub struct Ids<S = FxBuildHasher> {
    hasher: S,
    /// The ids end to end, and where each one ends.
    text: String,
    ends: Vec<usize>,
    /// The number of the first id with each hash, and of the others by id.
    by_hash: FxHashMap<u64, Num>,
    clashing: FxHashMap<Box<str>, Num>,
}

impl<S: BuildHasher> Ids<S> {
    /// Room for `more` new ids.
    pub fn reserve(&mut self, more: usize) {
        self.ends.reserve(more);
        self.by_hash.reserve(more);
    }

    /// The number of an id, given one if it has none yet.
    pub fn number(&mut self, id: &str) -> Num {
        let hash = self.hasher.hash_one(id);
        let clash = match self.by_hash.get(&hash) {
            Some(&n) if self.name(n) == id => return n,
            Some(_) => match self.clashing.get(id) {
                Some(&n) => return n,
                None => true,
            },
            None => false,
        };
        let n = Num::try_from(self.ends.len()).unwrap_or_else(|_| panic!("more than {} ids", Num::MAX));
        self.text.push_str(id);
        self.ends.push(self.text.len());
        if clash {
            self.clashing.insert(id.into(), n);
        } else {
            self.by_hash.insert(hash, n);
        }
        n
    }

    /// The number of an id, if it has one.
    pub fn get(&self, id: &str) -> Option<Num> {
        let n = *self.by_hash.get(&self.hasher.hash_one(id))?;
        if self.name(n) == id {
            Some(n)
        } else {
            self.clashing.get(id).copied()
        }
    }

    /// The id of a number.
    pub fn name(&self, n: Num) -> &str {
        let n = n as usize;
        let start = if n == 0 { 0 } else { self.ends[n - 1] };
        &self.text[start..self.ends[n]]
    }

    /// How many ids have a number (numbers run from 0 to this, exclusive).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The ids' order.
    pub fn cmp(&self, a: Num, b: Num) -> Ordering {
        if a == b {
            Ordering::Equal
        } else {
            self.name(a).cmp(self.name(b))
        }
    }
}

/// Up to how many changes a list takes one by one (more are merged in one pass).
const ONE_BY_ONE: usize = 64;

/// Entries by id number, in id order, with the changes not yet put in and the report's copy of
/// the entries (`O` each).
pub struct Listed<V, O> {
    entries: Vec<(Num, V)>,
    /// Changes in the order they came (`None`: removed).
    pending: Vec<(Num, Option<V>)>,
    shared: OnceCell<Arc<[O]>>,
}

/// A set of ids whose report copy is the ids themselves.
pub type IdSet = Listed<(), String>;

impl<V, O> Default for Listed<V, O> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            pending: Vec::new(),
            shared: OnceCell::new(),
        }
    }
}

impl<V: PartialEq, O> Listed<V, O> {
    /// Adds or replaces an entry, at the next [`Listed::settle`].
    pub fn insert(&mut self, n: Num, value: V) {
        self.pending.push((n, Some(value)));
    }

    /// Removes an entry, if present, at the next [`Listed::settle`].
    pub fn remove(&mut self, n: Num) {
        self.pending.push((n, None));
    }

    /// Puts in the changes since the last call (the copy is made again only if something
    /// changed).
    pub fn settle(&mut self, ids: &Ids) {
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let changed = if pending.len() <= ONE_BY_ONE {
            (pending.into_iter()).fold(false, |changed, (n, value)| self.put(ids, n, value) | changed)
        } else {
            self.merge(ids, pending)
        };
        if changed {
            self.shared.take();
        }
    }

    /// Puts in one change; whether it changed the entries.
    fn put(&mut self, ids: &Ids, n: Num, value: Option<V>) -> bool {
        let at = self.entries.binary_search_by(|(m, _)| ids.cmp(*m, n));
        match (at, value) {
            (Ok(at), Some(value)) if self.entries[at].1 != value => {
                self.entries[at].1 = value;
                true
            }
            (Ok(at), None) => {
                self.entries.remove(at);
                true
            }
            (Err(at), Some(value)) => {
                self.entries.insert(at, (n, value));
                true
            }
            _ => false,
        }
    }

    /// Puts in many changes in one pass over the entries; whether they changed them.
    fn merge(&mut self, ids: &Ids, mut pending: Vec<(Num, Option<V>)>) -> bool {
        pending.sort_by(|(a, _), (b, _)| ids.cmp(*a, *b));
        let mut last: Vec<(Num, Option<V>)> = Vec::with_capacity(pending.len());
        for change in pending {
            match last.last_mut() {
                Some(latest) if latest.0 == change.0 => *latest = change,
                _ => last.push(change),
            }
        }
        let mut old = std::mem::take(&mut self.entries).into_iter().peekable();
        let mut entries = Vec::with_capacity(old.len() + last.len());
        let mut changed = false;
        for (n, value) in last {
            while let Some(before) = old.next_if(|(m, _)| ids.cmp(*m, n) == Ordering::Less) {
                entries.push(before);
            }
            let was = old.next_if(|(m, _)| *m == n).map(|(_, was)| was);
            changed |= was != value;
            if let Some(value) = value {
                entries.push((n, value));
            }
        }
        entries.extend(old);
        self.entries = entries;
        changed
    }
}

impl<V, O> Listed<V, O> {
    /// How many entries (after [`Listed::settle`]).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in id order.
    pub fn iter(&self) -> impl Iterator<Item = (Num, &V)> {
        self.entries.iter().map(|(n, value)| (*n, value))
    }

    /// The id numbers in order.
    pub fn nums(&self) -> impl Iterator<Item = Num> {
        self.entries.iter().map(|(n, _)| *n)
    }

    /// The report's copy, made by `out` from each entry's id and value the first time it is
    /// asked for since the last change.
    pub fn shared(&self, ids: &Ids, out: impl Fn(&str, &V) -> O) -> Arc<[O]> {
        let made = self.shared.get_or_init(|| {
            (self.entries.iter())
                .map(|(n, value)| out(ids.name(*n), value))
                .collect()
        });
        Arc::clone(made)
    }
}

impl IdSet {
    /// The report's copy of the ids.
    pub fn shared_ids(&self, ids: &Ids) -> Arc<[String]> {
        self.shared(ids, |id, ()| id.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(names: &[&str]) -> (Ids, Vec<Num>) {
        let mut ids = Ids::default();
        let nums = names.iter().map(|name| ids.number(name)).collect();
        (ids, nums)
    }

    #[test]
    fn ids_keep_their_numbers() {
        let (mut ids, nums) = numbered(&["b", "a", "b"]);
        assert_eq!(nums, [0, 1, 0]);
        assert_eq!((ids.name(1), ids.get("b"), ids.get("c")), ("a", Some(0), None));
        assert_eq!(ids.number("c"), 2);
        assert_eq!(ids.cmp(0, 1), Ordering::Greater, "ordered by id, not number");
    }

    /// Hashes every id alike, so every id after the first clashes.
    #[derive(Default)]
    struct Alike;

    impl BuildHasher for Alike {
        type Hasher = AlikeHasher;
        fn build_hasher(&self) -> AlikeHasher {
            AlikeHasher
        }
    }

    struct AlikeHasher;

    impl std::hash::Hasher for AlikeHasher {
        fn finish(&self) -> u64 {
            7
        }
        fn write(&mut self, _: &[u8]) {}
    }

    #[test]
    fn ids_with_the_same_hash_keep_their_own_numbers() {
        let mut ids: Ids<Alike> = Ids::default();
        let nums: Vec<Num> = ["a", "b", "c", "b", "a"].iter().map(|id| ids.number(id)).collect();
        assert_eq!(nums, [0, 1, 2, 1, 0]);
        assert_eq!((ids.get("a"), ids.get("c"), ids.get("d")), (Some(0), Some(2), None));
        assert_eq!((ids.name(2), ids.len()), ("c", 3));
    }

    #[test]
    fn the_copy_is_shared_until_the_list_changes() {
        let (ids, n) = numbered(&["b", "a", "zz"]);
        let mut set = IdSet::default();
        set.insert(n[0], ());
        set.insert(n[1], ());
        set.settle(&ids);
        let first = set.shared_ids(&ids);
        assert_eq!(&first[..], ["a", "b"]);
        assert!(Arc::ptr_eq(&first, &set.shared_ids(&ids)));

        set.insert(n[1], ());
        set.remove(n[2]);
        set.settle(&ids);
        assert!(Arc::ptr_eq(&first, &set.shared_ids(&ids)), "no change, no new copy");

        set.remove(n[1]);
        set.settle(&ids);
        let second = set.shared_ids(&ids);
        assert_eq!(&second[..], ["b"]);
        assert_eq!(&first[..], ["a", "b"], "an earlier report keeps its copy");
    }

    #[test]
    fn a_changed_value_makes_a_new_copy() {
        let (ids, n) = numbered(&["n"]);
        let mut weights: Listed<u8, (String, u8)> = Listed::default();
        let out = |id: &str, w: &u8| (id.to_owned(), *w);
        weights.insert(n[0], 2);
        weights.settle(&ids);
        assert_eq!(&weights.shared(&ids, out)[..], [("n".to_owned(), 2)]);
        weights.insert(n[0], 3);
        weights.settle(&ids);
        assert_eq!(&weights.shared(&ids, out)[..], [("n".to_owned(), 3)]);
    }

    /// The entries after changes taken one by one, and merged, are those of a map that took them
    /// in order; a merge that changes nothing keeps the copy.
    #[test]
    fn many_changes_merge_like_one_by_one() {
        let names: Vec<String> = (0..300).map(|i| format!("id{}", (i * 7919) % 300)).collect();
        let mut ids = Ids::default();
        let nums: Vec<Num> = names.iter().map(|name| ids.number(name)).collect();
        let mut expected = std::collections::BTreeMap::new();
        let mut list: Listed<u32, u32> = Listed::default();
        for round in 0..6_u32 {
            let changes = if round % 2 == 0 { 200 } else { 20 };
            for k in 0..changes {
                let at = ((k * 31 + round * 17) % 300) as usize;
                if (k + round) % 3 == 0 {
                    list.remove(nums[at]);
                    expected.remove(&names[at]);
                } else {
                    list.insert(nums[at], k % 4);
                    expected.insert(names[at].clone(), k % 4);
                }
            }
            list.settle(&ids);
            let got: Vec<(&str, u32)> = list.iter().map(|(n, v)| (ids.name(n), *v)).collect();
            let want: Vec<(&str, u32)> = expected.iter().map(|(id, v)| (id.as_str(), *v)).collect();
            assert_eq!(got, want, "round {round}");
        }
        let copy = list.shared(&ids, |_, v| *v);
        for (n, v) in list.iter().map(|(n, v)| (n, *v)).collect::<Vec<_>>() {
            list.insert(n, v);
        }
        list.settle(&ids);
        assert!(Arc::ptr_eq(&copy, &list.shared(&ids, |_, v| *v)));
    }
}
