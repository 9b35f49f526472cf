//! An id-ordered list that a report can share: the entries kept in order as they come and go,
//! and the report's copy (`Arc<[_]>`) made once and handed out until the list changes again. A
//! rule listing the 96,000 nodes at the ends of border-crossing flows costs a pointer copy in
//! every report until one of them changes.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Entries by id, in id order, with the report's copy of them (`O` each).
pub struct Listed<V, O> {
    entries: BTreeMap<String, V>,
    shared: OnceCell<Arc<[O]>>,
}

/// A set of ids whose report copy is the ids themselves.
pub type IdSet = Listed<(), String>;

impl<V, O> Default for Listed<V, O> {
    fn default() -> Self {
        Self {
            entries: BTreeMap::new(),
            shared: OnceCell::new(),
        }
    }
}

impl<V: PartialEq, O> Listed<V, O> {
    /// Adds or replaces an entry (the copy is made again only if something changed).
    pub fn insert(&mut self, id: &str, value: V) {
        if self.entries.get(id) != Some(&value) {
            self.entries.insert(id.to_owned(), value);
            self.shared.take();
        }
    }

    /// Removes an entry, if present.
    pub fn remove(&mut self, id: &str) {
        if self.entries.remove(id).is_some() {
            self.shared.take();
        }
    }
}

impl<V, O> Listed<V, O> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.entries.iter()
    }

    /// The ids in order.
    pub fn ids(&self) -> impl Iterator<Item = &String> {
        self.entries.keys()
    }

    /// The report's copy, made by `out` from each entry the first time it is asked for since the
    /// last change.
    pub fn shared(&self, out: impl Fn(&String, &V) -> O) -> Arc<[O]> {
        let made = self
            .shared
            .get_or_init(|| self.entries.iter().map(|(id, value)| out(id, value)).collect());
        Arc::clone(made)
    }
}

impl IdSet {
    /// The report's copy of the ids.
    pub fn shared_ids(&self) -> Arc<[String]> {
        self.shared(|id, ()| id.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_is_shared_until_the_list_changes() {
        let mut set = IdSet::default();
        set.insert("b", ());
        set.insert("a", ());
        let first = set.shared_ids();
        assert_eq!(&first[..], ["a", "b"]);
        assert!(Arc::ptr_eq(&first, &set.shared_ids()));

        set.insert("a", ());
        set.remove("zz");
        assert!(Arc::ptr_eq(&first, &set.shared_ids()), "no change, no new copy");

        set.remove("a");
        let second = set.shared_ids();
        assert_eq!(&second[..], ["b"]);
        assert_eq!(&first[..], ["a", "b"], "an earlier report keeps its copy");
    }

    #[test]
    fn a_changed_value_makes_a_new_copy() {
        let mut weights: Listed<u8, (String, u8)> = Listed::default();
        weights.insert("n", 2);
        let out = |id: &String, w: &u8| (id.clone(), *w);
        assert_eq!(&weights.shared(out)[..], [("n".to_owned(), 2)]);
        weights.insert("n", 3);
        assert_eq!(&weights.shared(out)[..], [("n".to_owned(), 3)]);
    }
}
