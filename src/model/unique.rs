//! Keyed collections as they are read: every map of a project (nodes, flows, criteria, platforms,
//! overrides, thresholds, answers, custom entries) refuses a key given twice, so a bad hand merge
//! never loses an entry to "the last one wins". Read into a vector first and built into the tree
//! in one go: a saved file lists the keys in order, and a sorted run builds in linear time.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// How the error for a repeated key starts; the file loader recognises it and adds the lines of
/// both entries.
pub const REPEATED_KEY: &str = "repeated key ";

/// The error message for `key` given a second time in one map.
fn repeated(key: &impl Debug) -> String {
    format!("{REPEATED_KEY}{key:?}: the map already has an entry under it")
}

/// A map field that refuses a repeated key (`#[serde(deserialize_with = "unique_map")]`).
pub fn unique_map<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + Clone + Debug,
    V: Deserialize<'de>,
{
    Entries(PhantomData)
        .deserialize(deserializer)
        .map(|entries| entries.into_iter().collect())
}

/// Reads a map as its entries, in the order the text lists them, refusing a repeated key.
pub struct Entries<K, V>(pub PhantomData<(K, V)>);

impl<'de, K, V> DeserializeSeed<'de> for Entries<K, V>
where
    K: Deserialize<'de> + Ord + Clone + Debug,
    V: Deserialize<'de>,
{
    type Value = Vec<(K, V)>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, K, V> Visitor<'de> for Entries<K, V>
where
    K: Deserialize<'de> + Ord + Clone + Debug,
    V: Deserialize<'de>,
{
    type Value = Vec<(K, V)>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map")
    }

    /// While the keys come in increasing order none can repeat, and only the last one is looked
    /// at; from the first key out of order on, every key is checked against a set of them all.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries: Vec<(K, V)> = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1 << 16));
        let mut seen: Option<BTreeSet<K>> = None;
        while let Some(key) = map.next_key::<K>()? {
            let in_order = seen.is_none() && entries.last().is_none_or(|(last, _)| *last < key);
            if !in_order {
                let seen = seen.get_or_insert_with(|| entries.iter().map(|(k, _)| k.clone()).collect());
                if !seen.insert(key.clone()) {
                    return Err(A::Error::custom(repeated(&key)));
                }
            }
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "unique_map")]
        map: BTreeMap<String, u8>,
    }

    fn read(text: &str) -> Result<Vec<(String, u8)>, String> {
        ron::from_str::<Holder>(text)
            .map(|h| h.map.into_iter().collect())
            .map_err(|e| e.code.to_string())
    }

    #[test]
    fn distinct_keys_in_any_order_are_read() {
        assert_eq!(
            read("(map: {\"b\": 2, \"a\": 1, \"c\": 3})").unwrap(),
            [("a".into(), 1), ("b".into(), 2), ("c".into(), 3)]
        );
    }

    #[test]
    fn a_repeated_key_is_refused_in_order_or_not() {
        for text in [
            "(map: {\"a\": 1, \"a\": 2})",
            "(map: {\"a\": 1, \"b\": 2, \"a\": 3})",
            "(map: {\"b\": 1, \"a\": 2, \"c\": 3, \"b\": 4})",
            "(map: {\"a\": 1, \"\\u{61}\": 2})",
        ] {
            let e = read(text).unwrap_err();
            assert!(e.starts_with(REPEATED_KEY), "{text}: {e}");
        }
    }
}
