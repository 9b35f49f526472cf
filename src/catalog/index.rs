//! The [`Catalog`] value: its sections, the key index behind its constant-time lookups and the
//! [`KnownKeys`] answers that project validation asks for.

use std::collections::HashMap;

use crate::model::KnownKeys;

use super::{Category, Component, Criterion, Edition, Layer, Platform, Source, Term, Topic};

/// The catalogue: every section in display order, indexed by key.
///
/// The sections are public for reading. Code that changes them must call [`Catalog::reindex`]
/// afterwards; until then a lookup may miss an entry, but never returns a wrong one.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub layers: Vec<Layer>,
    pub components: Vec<Component>,
    pub categories: Vec<Category>,
    pub criteria: Vec<Criterion>,
    pub topics: Vec<Topic>,
    pub glossary: Vec<Term>,
    pub platforms: Vec<Platform>,
    /// The bibliography every `[KEY]` citation resolves against.
    pub sources: Vec<Source>,
    /// The catalogue's version and date.
    pub edition: Edition,
    index: Index,
}

/// Positions of the entries by key (terms by their lower-case names).
#[derive(Clone, Debug, Default)]
struct Index {
    layers: HashMap<String, usize>,
    components: HashMap<String, usize>,
    categories: HashMap<String, usize>,
    criteria: HashMap<String, usize>,
    topics: HashMap<String, usize>,
    platforms: HashMap<String, usize>,
    sources: HashMap<String, usize>,
    terms: HashMap<String, usize>,
    components_by_layer: HashMap<String, Vec<usize>>,
    criteria_by_category: HashMap<String, Vec<usize>>,
}

impl Index {
    fn build(catalog: &Catalog) -> Self {
        let mut terms = HashMap::new();
        // Whole terms first, so an alias never shadows another entry's full name.
        for (i, term) in catalog.glossary.iter().enumerate() {
            terms.entry(term.term.trim().to_lowercase()).or_insert(i);
        }
        for (i, term) in catalog.glossary.iter().enumerate() {
            for name in term_names(&term.term) {
                terms.entry(name).or_insert(i);
            }
        }
        Self {
            layers: positions(&catalog.layers, |e| &e.key),
            components: positions(&catalog.components, |e| &e.key),
            categories: positions(&catalog.categories, |e| &e.key),
            criteria: positions(&catalog.criteria, |e| &e.key),
            topics: positions(&catalog.topics, |e| &e.key),
            platforms: positions(&catalog.platforms, |e| &e.key),
            sources: positions(&catalog.sources, |e| &e.key),
            terms,
            components_by_layer: groups(&catalog.components, |e| &e.layer),
            criteria_by_category: groups(&catalog.criteria, |e| &e.category),
        }
    }
}

/// Key → position; the first entry wins if a key repeats.
fn positions<T>(items: &[T], key: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    let mut map = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        map.entry(key(item).to_owned()).or_insert(i);
    }
    map
}

/// Group key → positions of the entries in that group, in order.
fn groups<T>(items: &[T], group: impl Fn(&T) -> &str) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        map.entry(group(item).to_owned()).or_default().push(i);
    }
    map
}

/// The entry at the indexed position for `key`, if it still has that key.
fn find<'a, T>(
    items: &'a [T],
    index: &HashMap<String, usize>,
    key: &str,
    key_of: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    index
        .get(key)
        .and_then(|&i| items.get(i))
        .filter(|item| key_of(item) == key)
}

/// The lower-case names a glossary term is found by: the whole term, the term without a
/// one-word bracket ("Byzantine fault tolerance (BFT)" → "byzantine fault tolerance"), that
/// bracket ("bft"), and each " / " alternative ("Miner / validator" → "miner", "validator").
fn term_names(term: &str) -> Vec<String> {
    let full = term.trim().to_lowercase();
    let mut names = vec![full.clone()];
    let mut base = full.clone();
    if let (Some(open), Some(close)) = (full.find(" ("), full.rfind(')'))
        && open < close
    {
        let inner = &full[open + 2..close];
        if !inner.contains(' ') {
            names.push(inner.to_owned());
        }
        base = format!("{}{}", &full[..open], &full[close + 1..]);
        names.push(base.clone());
    }
    names.extend(base.split(" / ").map(|part| part.trim().to_owned()));
    names.retain(|name| !name.is_empty());
    names.dedup();
    names
}

impl Catalog {
    /// Rebuilds the lookup index; call after changing any section.
    pub fn reindex(&mut self) {
        self.index = Index::build(self);
    }

    pub fn layer(&self, key: &str) -> Option<&Layer> {
        find(&self.layers, &self.index.layers, key, |e| &e.key)
    }

    pub fn component(&self, key: &str) -> Option<&Component> {
        find(&self.components, &self.index.components, key, |e| &e.key)
    }

    pub fn category(&self, key: &str) -> Option<&Category> {
        find(&self.categories, &self.index.categories, key, |e| &e.key)
    }

    pub fn criterion(&self, key: &str) -> Option<&Criterion> {
        find(&self.criteria, &self.index.criteria, key, |e| &e.key)
    }

    pub fn topic(&self, key: &str) -> Option<&Topic> {
        find(&self.topics, &self.index.topics, key, |e| &e.key)
    }

    pub fn platform(&self, key: &str) -> Option<&Platform> {
        find(&self.platforms, &self.index.platforms, key, |e| &e.key)
    }

    /// A bibliography entry by its key (without brackets).
    pub fn source(&self, key: &str) -> Option<&Source> {
        find(&self.sources, &self.index.sources, key, |e| &e.key)
    }

    /// A glossary term by name, ignoring case; also by abbreviation ("BFT") or by one of the
    /// alternatives of a combined entry ("validator" in "Miner / validator").
    pub fn term(&self, name: &str) -> Option<&Term> {
        let name = name.trim().to_lowercase();
        self.index
            .terms
            .get(&name)
            .and_then(|&i| self.glossary.get(i))
            .filter(|term| term_names(&term.term).contains(&name))
    }

    /// The components of a layer or cross-layer group, in catalogue order.
    pub fn components_in(&self, layer: &str) -> impl Iterator<Item = &Component> {
        let positions = self.index.components_by_layer.get(layer).map_or(&[][..], Vec::as_slice);
        positions
            .iter()
            .filter_map(|&i| self.components.get(i))
            .filter(move |component| component.layer == layer)
    }

    /// The criteria of a category, in catalogue order.
    pub fn criteria_in(&self, category: &str) -> impl Iterator<Item = &Criterion> {
        let positions = self
            .index
            .criteria_by_category
            .get(category)
            .map_or(&[][..], Vec::as_slice);
        positions
            .iter()
            .filter_map(|&i| self.criteria.get(i))
            .filter(move |criterion| criterion.category == category)
    }
}

impl KnownKeys for Catalog {
    fn has_component(&self, key: &str) -> bool {
        self.component(key).is_some()
    }

    fn has_criterion(&self, key: &str) -> bool {
        self.criterion(key).is_some()
    }

    fn has_platform(&self, key: &str) -> bool {
        self.platform(key).is_some()
    }

    fn has_topic(&self, key: &str) -> bool {
        self.topic(key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_find_builtin_entries_by_key() {
        let catalog = Catalog::builtin();
        assert_eq!(catalog.layer("layer.platform").unwrap().name, "DLT platform layer");
        assert_eq!(catalog.component("platform.consensus").unwrap().layer, "layer.platform");
        assert_eq!(catalog.category("cat.assurance").unwrap().key, "cat.assurance");
        assert_eq!(catalog.criterion("core.query").unwrap().category, "cat.core");
        assert_eq!(catalog.topic("reg.taxation").unwrap().name, "Taxation");
        assert_eq!(catalog.platform("corda").unwrap().name, "Corda");
        assert!(catalog.component("platform.nonexistent").is_none());
        assert!(catalog.platform("Fabric").is_none(), "keys are case-sensitive");
    }

    #[test]
    fn terms_are_found_ignoring_case_and_by_alias() {
        let catalog = Catalog::builtin();
        assert_eq!(catalog.term("consensus").unwrap().term, "Consensus");
        assert_eq!(catalog.term("  SMART CONTRACT ").unwrap().term, "Smart contract");
        assert_eq!(catalog.term("bft").unwrap().term, "Byzantine fault tolerance (BFT)");
        assert_eq!(
            catalog.term("Byzantine fault tolerance").unwrap().term,
            "Byzantine fault tolerance (BFT)"
        );
        assert_eq!(catalog.term("validator").unwrap().term, "Miner / validator");
        assert_eq!(
            catalog.term("proof of stake").unwrap().term,
            "Proof of work / proof of stake / delegated PoS"
        );
        assert_eq!(catalog.term("fork").unwrap().term, "Fork (hard / soft)");
        assert!(catalog.term("hard").is_none(), "multi-word brackets are not aliases");
        assert!(catalog.term("no such term").is_none());
    }

    #[test]
    fn term_names_split_brackets_and_alternatives() {
        assert_eq!(
            term_names("Decentralized application (dApp)"),
            ["decentralized application (dapp)", "dapp", "decentralized application"]
        );
        assert_eq!(term_names("DLT node / node"), ["dlt node / node", "dlt node", "node"]);
        assert_eq!(term_names("Asset"), ["asset"]);
    }

    #[test]
    fn groups_list_members_in_order() {
        let catalog = Catalog::builtin();
        let governance: Vec<&str> = catalog
            .components_in("group.governance")
            .map(|c| c.key.as_str())
            .collect();
        assert_eq!(
            governance,
            [
                "governance.supervisory_support",
                "governance.audit_support",
                "governance.governance_controls",
                "governance.policy_management"
            ]
        );
        assert_eq!(catalog.criteria_in("cat.core").count(), 8);
        assert_eq!(catalog.criteria_in("cat.application").count(), 7);
        assert_eq!(catalog.criteria_in("cat.operation").count(), 4);
        assert_eq!(catalog.criteria_in("cat.ecosystem").count(), 3);
        assert_eq!(catalog.criteria_in("cat.assurance").count(), 10);
        assert_eq!(catalog.components_in("layer.nonexistent").count(), 0);
    }

    #[test]
    fn known_keys_answer_for_builtin_keys() {
        let keys: &dyn KnownKeys = Catalog::builtin();
        assert!(keys.has_component("security.pii_protection"));
        assert!(keys.has_criterion("assurance.consensus_strength"));
        assert!(keys.has_platform("goquorum"));
        assert!(keys.has_topic("reg.aml_kyc"));
        assert!(!keys.has_component("core.query"), "a criterion key is not a component");
        assert!(!keys.has_criterion("platform.consensus"));
        assert!(!keys.has_platform("hyperledger"));
        assert!(!keys.has_topic("reg.unknown"));
    }

    #[test]
    fn a_stale_index_never_returns_a_wrong_entry() {
        let mut catalog = Catalog::builtin().clone();
        catalog.components.remove(0);
        assert!(catalog.component("user.user_applications").is_none());
        assert!(catalog.components_in("layer.user").all(|c| c.layer == "layer.user"));
        catalog.reindex();
        assert_eq!(
            catalog.component("user.admin_applications").unwrap().key,
            "user.admin_applications"
        );
        assert_eq!(catalog.components_in("layer.user").count(), 1);
    }

    #[test]
    fn an_empty_catalog_knows_nothing() {
        let catalog = Catalog::default();
        assert!(catalog.component("platform.consensus").is_none());
        assert!(catalog.term("consensus").is_none());
        assert_eq!(catalog.components_in("layer.platform").count(), 0);
    }
}
