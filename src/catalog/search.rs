//! Case-insensitive search across the catalogue (glossary, layers, components, categories,
//! criteria, regulatory topics and platforms) for the GUI's catalogue browser.

use super::{Catalog, Platform, Status};

/// What kind of catalogue entry a search hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HitKind {
    Term,
    Layer,
    Component,
    Category,
    Criterion,
    Topic,
    Platform,
}

impl HitKind {
    pub fn label(self) -> &'static str {
        match self {
            HitKind::Term => "term",
            HitKind::Layer => "layer",
            HitKind::Component => "component",
            HitKind::Category => "category",
            HitKind::Criterion => "criterion",
            HitKind::Topic => "regulatory topic",
            HitKind::Platform => "platform",
        }
    }
}

/// One entry that matches a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub kind: HitKind,
    /// The entry's catalogue key; for a glossary term, the term itself.
    pub key: String,
    pub name: String,
    /// Description, or a term's definition.
    pub description: String,
    pub source: String,
}

/// The entries whose name, key or description contains `query`, ignoring case: exact name or
/// key matches first, then other name or key matches, then description matches; within each,
/// glossary, layers, components, categories, criteria, topics, platforms in catalogue order.
/// A blank query matches everything.
pub fn search(catalog: &Catalog, query: &str) -> Vec<Hit> {
    let needle = query.trim().to_lowercase();
    let mut hits: Vec<(Rank, Hit)> = Vec::new();
    let mut consider = |kind: HitKind, key: &str, name: &str, description: &str, source: &str| {
        if let Some(rank) = rank(&needle, key, name, description) {
            let hit = Hit {
                kind,
                key: key.to_owned(),
                name: name.to_owned(),
                description: description.to_owned(),
                source: source.to_owned(),
            };
            hits.push((rank, hit));
        }
    };
    for t in &catalog.glossary {
        consider(HitKind::Term, &t.term, &t.term, &t.definition, &t.source);
    }
    for l in &catalog.layers {
        consider(HitKind::Layer, &l.key, &l.name, &l.description, &l.source);
    }
    for c in &catalog.components {
        consider(HitKind::Component, &c.key, &c.name, &c.description, &c.source);
    }
    for c in &catalog.categories {
        consider(HitKind::Category, &c.key, &c.name, &c.description, &c.source);
    }
    for c in &catalog.criteria {
        consider(HitKind::Criterion, &c.key, &c.name, &c.description, &c.source);
    }
    for t in &catalog.topics {
        consider(HitKind::Topic, &t.key, &t.name, &t.description, &t.source);
    }
    for p in &catalog.platforms {
        consider(HitKind::Platform, &p.key, &p.name, &p.description, &platform_source(p));
    }
    hits.sort_by_key(|(rank, _)| *rank);
    hits.into_iter().map(|(_, hit)| hit).collect()
}

/// A platform's source with its lifecycle: "[GQ]…; status end of support as of 2026-12-06 ([GQ-END]…)".
fn platform_source(platform: &Platform) -> String {
    let life = &platform.lifecycle;
    if life.status == Status::Unstated {
        return platform.source.clone();
    }
    format!(
        "{}; status {} as of {}, {} ({})",
        platform.source,
        life.status.label(),
        life.as_of,
        life.releases,
        life.source
    )
}

/// How well an entry matches; lower is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Exact,
    NameOrKey,
    Description,
}

fn rank(needle: &str, key: &str, name: &str, description: &str) -> Option<Rank> {
    let (key, name) = (key.to_lowercase(), name.to_lowercase());
    if key == needle || name == needle {
        Some(Rank::Exact)
    } else if key.contains(needle) || name.contains(needle) {
        Some(Rank::NameOrKey)
    } else if description.to_lowercase().contains(needle) {
        Some(Rank::Description)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(hits: &[Hit], kind: HitKind, key: &str) -> bool {
        hits.iter().any(|hit| hit.kind == kind && hit.key == key)
    }

    #[test]
    fn consensus_finds_the_component_the_criterion_and_the_term() {
        let hits = search(Catalog::builtin(), "consensus");
        assert!(found(&hits, HitKind::Component, "platform.consensus"));
        assert!(found(&hits, HitKind::Criterion, "core.consensus_effectiveness"));
        assert!(found(&hits, HitKind::Criterion, "assurance.consensus_strength"));
        assert!(found(&hits, HitKind::Term, "Consensus"));
        assert_eq!(hits[0].key, "Consensus", "the exact match comes first");
        let term = &hits[0];
        assert_eq!((term.kind, term.source.as_str()), (HitKind::Term, "[ISO22739] cl. 3"));
    }

    #[test]
    fn search_ignores_case_and_covers_topics_and_platforms() {
        let catalog = Catalog::builtin();
        assert!(found(&search(catalog, "TAXATION"), HitKind::Topic, "reg.taxation"));
        assert!(found(&search(catalog, "fabric"), HitKind::Platform, "fabric"));
        assert!(
            found(&search(catalog, "Tessera"), HitKind::Platform, "goquorum"),
            "descriptions are searched"
        );
        assert!(
            found(&search(catalog, "group.gov"), HitKind::Layer, "group.governance"),
            "keys are searched"
        );
        assert!(search(catalog, "no such thing anywhere").is_empty());
    }

    #[test]
    fn name_matches_rank_before_description_matches() {
        let hits = search(Catalog::builtin(), "ledger");
        let first_description = hits
            .iter()
            .position(|h| !h.name.to_lowercase().contains("ledger") && !h.key.contains("ledger"));
        let last_name = hits.iter().rposition(|h| h.name.to_lowercase().contains("ledger"));
        assert!(first_description.unwrap() > last_name.unwrap());
        assert_eq!(hits[0].key, "Ledger");
    }

    #[test]
    fn a_blank_query_lists_everything() {
        let catalog = Catalog::builtin();
        let all = catalog.glossary.len()
            + catalog.layers.len()
            + catalog.components.len()
            + catalog.categories.len()
            + catalog.criteria.len()
            + catalog.topics.len()
            + catalog.platforms.len();
        assert_eq!(search(catalog, "  ").len(), all);
    }
}
