//! The built-in catalogue: the RON files of `assets/catalog/`, embedded in the binary so it is
//! self-contained, parsed once on first use, and the tests that keep that data consistent.

use std::sync::OnceLock;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Catalog, Category, Component, Criterion, Edition, Layer, Platform, Source, Term, Topic};

const ARCHITECTURE: &str = include_str!("../../assets/catalog/architecture.ron");
const CRITERIA: &str = include_str!("../../assets/catalog/criteria.ron");
const TOPICS: &str = include_str!("../../assets/catalog/topics.ron");
const GLOSSARY: &str = include_str!("../../assets/catalog/glossary.ron");
const PLATFORMS: &str = include_str!("../../assets/catalog/platforms.ron");
const SOURCES: &str = include_str!("../../assets/catalog/sources.ron");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArchitectureFile {
    layers: Vec<Layer>,
    components: Vec<Component>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriteriaFile {
    categories: Vec<Category>,
    criteria: Vec<Criterion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    topics: Vec<Topic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    terms: Vec<Term>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlatformsFile {
    platforms: Vec<Platform>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    version: String,
    date: String,
    sources: Vec<Source>,
}

/// An embedded catalogue file that does not parse, with the line and column of the problem.
#[derive(Debug, thiserror::Error)]
#[error("assets/catalog/{file}: {source}")]
struct LoadError {
    file: &'static str,
    source: ron::error::SpannedError,
}

fn parse<T: DeserializeOwned>(file: &'static str, text: &str) -> Result<T, LoadError> {
    ron::from_str(text).map_err(|source| LoadError { file, source })
}

/// Parses the embedded files into an indexed catalogue.
fn load() -> Result<Catalog, LoadError> {
    let architecture: ArchitectureFile = parse("architecture.ron", ARCHITECTURE)?;
    let criteria: CriteriaFile = parse("criteria.ron", CRITERIA)?;
    let topics: TopicsFile = parse("topics.ron", TOPICS)?;
    let glossary: GlossaryFile = parse("glossary.ron", GLOSSARY)?;
    let platforms: PlatformsFile = parse("platforms.ron", PLATFORMS)?;
    let sources: SourcesFile = parse("sources.ron", SOURCES)?;
    let mut catalog = Catalog::default();
    catalog.layers = architecture.layers;
    catalog.components = architecture.components;
    catalog.categories = criteria.categories;
    catalog.criteria = criteria.criteria;
    catalog.topics = topics.topics;
    catalog.glossary = glossary.terms;
    catalog.platforms = platforms.platforms;
    catalog.sources = sources.sources;
    catalog.edition = Edition {
        version: sources.version,
        date: sources.date,
    };
    catalog.reindex();
    Ok(catalog)
}

impl Catalog {
    /// The built-in catalogue, parsed on first use. The embedded data is checked by the tests
    /// below, so the parse cannot fail in a released build.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| load().unwrap_or_else(|error| panic!("built-in catalogue: {error}")))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn assert_unique<'a>(section: &str, keys: impl IntoIterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for key in keys {
            assert!(!key.trim().is_empty(), "{section}: empty key");
            assert!(seen.insert(key), "{section}: duplicate key {key:?}");
        }
    }

    #[test]
    fn every_embedded_file_parses() {
        parse::<ArchitectureFile>("architecture.ron", ARCHITECTURE).unwrap();
        parse::<CriteriaFile>("criteria.ron", CRITERIA).unwrap();
        parse::<TopicsFile>("topics.ron", TOPICS).unwrap();
        parse::<GlossaryFile>("glossary.ron", GLOSSARY).unwrap();
        parse::<PlatformsFile>("platforms.ron", PLATFORMS).unwrap();
        parse::<SourcesFile>("sources.ron", SOURCES).unwrap();
        load().unwrap();
    }

    #[test]
    fn parse_errors_name_the_file_and_position() {
        let Err(error) = parse::<TopicsFile>("topics.ron", "(topics: [(key: 1)])") else {
            panic!("parsed")
        };
        let message = error.to_string();
        assert!(message.starts_with("assets/catalog/topics.ron: 1:"), "{message}");
        let Err(unknown) = parse::<GlossaryFile>("glossary.ron", "(terms: [], extra: 1)") else {
            panic!("parsed")
        };
        assert!(unknown.to_string().contains("extra"), "{unknown}");
    }

    #[test]
    fn every_file_starts_with_a_comment_naming_its_sections() {
        for text in [ARCHITECTURE, CRITERIA, TOPICS, GLOSSARY, PLATFORMS, SOURCES] {
            let first = text.lines().next().unwrap();
            assert!(first.starts_with("// "), "{first}");
            let header: String = text.lines().take_while(|l| l.starts_with("//")).collect();
            assert!(header.contains('['), "no citation key in the header of {first:?}");
        }
    }

    #[test]
    fn keys_are_unique_within_each_section() {
        let c = Catalog::builtin();
        assert_unique("layers", c.layers.iter().map(|e| e.key.as_str()));
        assert_unique("components", c.components.iter().map(|e| e.key.as_str()));
        assert_unique("categories", c.categories.iter().map(|e| e.key.as_str()));
        assert_unique("criteria", c.criteria.iter().map(|e| e.key.as_str()));
        assert_unique("topics", c.topics.iter().map(|e| e.key.as_str()));
        assert_unique("platforms", c.platforms.iter().map(|e| e.key.as_str()));
        let lower: Vec<String> = c.glossary.iter().map(|t| t.term.to_lowercase()).collect();
        assert_unique("glossary", lower.iter().map(String::as_str));
    }

    #[test]
    fn layers_and_groups_are_the_iso_functional_view() {
        let c = Catalog::builtin();
        let keys: Vec<&str> = c.layers.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "layer.user",
                "layer.api",
                "layer.platform",
                "layer.infrastructure",
                "layer.non_dlt",
                "group.development",
                "group.operations",
                "group.security",
                "group.governance",
            ]
        );
        for layer in &c.layers {
            assert_eq!(layer.cross_layer, layer.key.starts_with("group."), "{}", layer.key);
            assert!(!layer.unified.is_empty(), "{}", layer.key);
            assert!(
                layer.mappings.iter().any(|m| m.starts_with("D3.1")),
                "{}: no D3.1 mapping",
                layer.key
            );
            assert!(
                layer.mappings.iter().any(|m| m.starts_with("F.751.2")),
                "{}: no F.751.2 mapping",
                layer.key
            );
        }
    }

    #[test]
    fn every_component_sits_in_an_existing_layer_matching_its_prefix() {
        let c = Catalog::builtin();
        assert!(c.components.len() >= 40, "{} components", c.components.len());
        for component in &c.components {
            let layer = c.layer(&component.layer);
            assert!(layer.is_some(), "{}: unknown layer {}", component.key, component.layer);
            let prefix = component.key.split('.').next().unwrap();
            let expected = match prefix {
                "user" => "layer.user",
                "api" => "layer.api",
                "platform" => "layer.platform",
                "infra" => "layer.infrastructure",
                "nondlt" => "layer.non_dlt",
                "dev" => "group.development",
                "ops" => "group.operations",
                "security" => "group.security",
                "governance" => "group.governance",
                other => panic!("{}: unexpected prefix {other}", component.key),
            };
            assert_eq!(component.layer, expected, "{}", component.key);
        }
        for key in [
            "platform.consensus",
            "platform.ledger",
            "platform.smart_contract",
            "platform.membership_services",
            "platform.crypto_services",
            "nondlt.oracles",
            "nondlt.off_ledger_data",
            "security.authentication_identity",
            "security.access_management",
            "security.pii_protection",
            "security.security_policy",
            "governance.supervisory_support",
            "governance.audit_support",
            "governance.governance_controls",
            "governance.policy_management",
            "ops.node_management",
            "ops.monitoring",
        ] {
            assert!(c.component(key).is_some(), "missing component {key}");
        }
    }

    #[test]
    fn every_criterion_belongs_to_an_existing_category() {
        let c = Catalog::builtin();
        let categories: Vec<&str> = c.categories.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            categories,
            [
                "cat.core",
                "cat.application",
                "cat.operation",
                "cat.ecosystem",
                "cat.assurance"
            ]
        );
        assert_eq!(c.criteria.len(), 32);
        for criterion in &c.criteria {
            assert!(
                c.category(&criterion.category).is_some(),
                "{}: unknown category",
                criterion.key
            );
            let prefix = criterion.key.split('.').next().unwrap();
            assert_eq!(criterion.category, format!("cat.{prefix}"), "{}", criterion.key);
            assert!(
                !criterion.description.is_empty() && !criterion.metric.is_empty(),
                "{}",
                criterion.key
            );
            assert!(
                criterion.scale.iter().all(|s| !s.trim().is_empty()),
                "{}: empty scale step",
                criterion.key
            );
        }
    }

    #[test]
    fn each_platform_scores_every_criterion_with_evidence() {
        let c = Catalog::builtin();
        let keys: Vec<&str> = c.platforms.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "fabric",
                "ethereum",
                "goquorum",
                "besu",
                "corda",
                "fabric-x",
                "canton",
                "iroha",
                "besu-paladin",
                "chia",
                "algorand",
                "hedera",
                "cosmos-sdk",
                "ebsi",
                "solana"
            ]
        );
        for platform in &c.platforms {
            assert_eq!(platform.facts.len(), 9, "{}: one fact per property", platform.key);
            for criterion in &c.criteria {
                let score = platform.score_for(&criterion.key);
                let score = score.unwrap_or_else(|| panic!("{} has no score for {}", platform.key, criterion.key));
                assert!(score.score <= 3, "{} {}: {}", platform.key, criterion.key, score.score);
                assert!(
                    !score.evidence.trim().is_empty(),
                    "{} {}: no evidence",
                    platform.key,
                    criterion.key
                );
                assert!(
                    score.evidence.contains('['),
                    "{} {}: evidence cites no source",
                    platform.key,
                    criterion.key
                );
            }
            for key in platform.scores.keys() {
                assert!(
                    c.criterion(key).is_some(),
                    "{}: score for unknown criterion {key}",
                    platform.key
                );
            }
        }
    }

    #[test]
    fn every_entry_has_a_source() {
        let c = Catalog::builtin();
        let sources = c
            .layers
            .iter()
            .map(|e| (&e.key, &e.source))
            .chain(c.components.iter().map(|e| (&e.key, &e.source)))
            .chain(c.categories.iter().map(|e| (&e.key, &e.source)))
            .chain(c.criteria.iter().map(|e| (&e.key, &e.source)))
            .chain(c.topics.iter().map(|e| (&e.key, &e.source)))
            .chain(c.glossary.iter().map(|e| (&e.term, &e.source)))
            .chain(c.platforms.iter().map(|e| (&e.key, &e.source)))
            .chain(
                c.platforms
                    .iter()
                    .flat_map(|p| p.facts.iter().map(|f| (&f.property, &f.source))),
            );
        for (key, source) in sources {
            assert!(!source.trim().is_empty(), "{key}: no source");
        }
    }

    #[test]
    fn glossary_covers_the_domain_terms() {
        let c = Catalog::builtin();
        assert!(c.glossary.len() >= 45, "{} terms", c.glossary.len());
        for term in &c.glossary {
            assert!(!term.definition.trim().is_empty(), "{}: no definition", term.term);
        }
        assert_eq!(
            c.term("Smart contract").unwrap().source,
            "[ISO22739] cl. 3 (quoted in several documents)"
        );
    }

    #[test]
    fn the_twelve_regulatory_topics_exist_with_questions() {
        let c = Catalog::builtin();
        let keys = [
            "reg.data_protection",
            "reg.aml_kyc",
            "reg.token_classification",
            "reg.consumer_protection",
            "reg.smart_contract_status",
            "reg.governance",
            "reg.liability",
            "reg.evidential_value",
            "reg.layer_regulation",
            "reg.security_asset_loss",
            "reg.jurisdiction",
            "reg.taxation",
        ];
        for topic in &c.topics {
            let framework = keys.contains(&topic.key.as_str());
            assert_eq!(
                topic.jurisdictions.is_empty() && topic.from.is_empty(),
                framework,
                "{}: the framework's topics are jurisdiction-neutral and undated, the others are not",
                topic.key
            );
        }
        assert_eq!(c.topics.len(), keys.len() + 6, "the twelve and six EU topics");
        for key in keys {
            let topic = c.topic(key).unwrap_or_else(|| panic!("missing topic {key}"));
            assert!(!topic.questions.is_empty(), "{key}: no questions");
            assert!(
                topic.questions.iter().all(|q| q.ends_with('?')),
                "{key}: {:?}",
                topic.questions
            );
        }
    }

    #[test]
    fn builtin_is_parsed_once() {
        assert!(std::ptr::eq(Catalog::builtin(), Catalog::builtin()));
    }
}
