//! A catalogue extended with a project's own components, criteria and platforms
//! (`Project::custom`), so lookups, validation and the assessment see them like built-in entries.

use crate::model::{CustomComponent, CustomCriterion, CustomPlatform, Project};

use super::{Catalog, Component, Criterion, Lifecycle, Platform, Score};

/// The source of every entry a project defines itself.
pub const PROJECT_LOCAL: &str = "project-local";

/// What the 0–3 scores of a project-defined criterion mean.
const GENERIC_SCALE: [&str; 4] = [
    "Not supported.",
    "Partly supported: basic level.",
    "Largely supported: enhanced level.",
    "Fully or strongly supported.",
];

/// The evidence of a project-defined score that has no note.
const PROJECT_SCORE: &str = "project-local score";

impl Catalog {
    /// A copy of this catalogue with the project's custom components, criteria and platforms
    /// added. A custom entry whose key equals an existing key replaces that entry in place.
    pub fn with_project(&self, project: &Project) -> Catalog {
        let mut catalog = self.clone();
        let custom = &project.custom;
        for (key, component) in &custom.components {
            upsert(&mut catalog.components, custom_component(key, component), |e| &e.key);
        }
        for (key, criterion) in &custom.criteria {
            upsert(&mut catalog.criteria, custom_criterion(key, criterion), |e| &e.key);
        }
        for (key, platform) in &custom.platforms {
            upsert(&mut catalog.platforms, custom_platform(key, platform), |e| &e.key);
        }
        catalog.reindex();
        catalog
    }
}

/// Replaces the entry with the same key, or appends.
fn upsert<T>(items: &mut Vec<T>, entry: T, key: impl Fn(&T) -> &str) {
    match items.iter().position(|item| key(item) == key(&entry)) {
        Some(i) => items[i] = entry,
        None => items.push(entry),
    }
}

/// The custom entry's name, or its key when the name is blank.
fn name_or_key(name: &str, key: &str) -> String {
    if name.trim().is_empty() { key } else { name }.to_owned()
}

fn custom_component(key: &str, custom: &CustomComponent) -> Component {
    Component {
        key: key.to_owned(),
        name: name_or_key(&custom.name, key),
        layer: custom.layer.clone(),
        description: custom.description.clone(),
        mappings: Vec::new(),
        source: PROJECT_LOCAL.to_owned(),
    }
}

fn custom_criterion(key: &str, custom: &CustomCriterion) -> Criterion {
    Criterion {
        key: key.to_owned(),
        category: custom.category.clone(),
        name: name_or_key(&custom.name, key),
        description: custom.description.clone(),
        metric: String::new(),
        scale: GENERIC_SCALE.map(str::to_owned),
        source: PROJECT_LOCAL.to_owned(),
    }
}

fn custom_platform(key: &str, custom: &CustomPlatform) -> Platform {
    let scores = custom
        .scores
        .iter()
        .map(|(criterion, given)| {
            let evidence = if given.note.trim().is_empty() {
                PROJECT_SCORE
            } else {
                &given.note
            };
            (
                criterion.clone(),
                Score {
                    score: given.score,
                    evidence: evidence.to_owned(),
                },
            )
        })
        .collect();
    Platform {
        key: key.to_owned(),
        name: name_or_key(&custom.name, key),
        description: custom.description.clone(),
        source: PROJECT_LOCAL.to_owned(),
        lifecycle: Lifecycle::unstated(PROJECT_LOCAL),
        facts: Vec::new(),
        scores,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KnownKeys, ScoreOverride};

    fn project() -> Project {
        let mut project = Project::new("Custom entries");
        let custom = &mut project.custom;
        custom.components.insert(
            "custom.wallet".into(),
            CustomComponent {
                name: "Wallet".into(),
                layer: "layer.user".into(),
                description: "Holds the users' keys".into(),
            },
        );
        custom.components.insert(
            "platform.consensus".into(),
            CustomComponent {
                name: "Our consensus".into(),
                layer: "layer.platform".into(),
                description: String::new(),
            },
        );
        custom.criteria.insert(
            "custom.energy".into(),
            CustomCriterion {
                name: "Energy use".into(),
                category: "cat.operation".into(),
                description: "kWh per transaction".into(),
            },
        );
        custom.platforms.insert(
            "inhouse".into(),
            CustomPlatform {
                name: String::new(),
                description: "Our own ledger".into(),
                scores: [
                    (
                        "core.query".to_owned(),
                        ScoreOverride {
                            score: 2,
                            note: "SQL views".into(),
                        },
                    ),
                    (
                        "custom.energy".to_owned(),
                        ScoreOverride {
                            score: 3,
                            note: String::new(),
                        },
                    ),
                ]
                .into(),
            },
        );
        custom.platforms.insert(
            "corda".into(),
            CustomPlatform {
                name: "Corda 5".into(),
                ..Default::default()
            },
        );
        project
    }

    #[test]
    fn custom_entries_are_added_with_a_project_local_source() {
        let builtin = Catalog::builtin();
        let catalog = builtin.with_project(&project());
        assert_eq!(catalog.components.len(), builtin.components.len() + 1);
        let wallet = catalog.component("custom.wallet").unwrap();
        assert_eq!(
            (wallet.name.as_str(), wallet.source.as_str()),
            ("Wallet", PROJECT_LOCAL)
        );
        assert!(catalog.components_in("layer.user").any(|c| c.key == "custom.wallet"));

        let energy = catalog.criterion("custom.energy").unwrap();
        assert_eq!(energy.source, PROJECT_LOCAL);
        assert_eq!(energy.scale[0], "Not supported.");
        assert_eq!(
            catalog.criteria_in("cat.operation").last().unwrap().key,
            "custom.energy"
        );

        let inhouse = catalog.platform("inhouse").unwrap();
        assert_eq!(inhouse.name, "inhouse", "a blank name falls back to the key");
        assert_eq!(inhouse.source, PROJECT_LOCAL);
        assert_eq!(
            inhouse.score_for("core.query"),
            Some(&Score {
                score: 2,
                evidence: "SQL views".into()
            })
        );
        assert_eq!(
            inhouse.score_for("custom.energy").unwrap().evidence,
            "project-local score"
        );
        assert!(inhouse.score_for("core.decentralization").is_none());
    }

    #[test]
    fn a_custom_key_equal_to_a_builtin_key_replaces_the_entry_in_place() {
        let builtin = Catalog::builtin();
        let catalog = builtin.with_project(&project());
        let position = |c: &Catalog| c.components.iter().position(|e| e.key == "platform.consensus");
        assert_eq!(position(&catalog), position(builtin));
        let consensus = catalog.component("platform.consensus").unwrap();
        assert_eq!(
            (consensus.name.as_str(), consensus.source.as_str()),
            ("Our consensus", PROJECT_LOCAL)
        );
        assert_eq!(
            catalog
                .components_in("layer.platform")
                .filter(|c| c.key == "platform.consensus")
                .count(),
            1
        );

        assert_eq!(catalog.platforms.len(), builtin.platforms.len() + 1);
        let corda = catalog.platform("corda").unwrap();
        assert_eq!(corda.name, "Corda 5");
        assert!(
            corda.scores.is_empty(),
            "the custom profile replaces the built-in one entirely"
        );
        assert_eq!(
            builtin.platform("corda").unwrap().name,
            "Corda",
            "the built-in catalogue is unchanged"
        );
    }

    #[test]
    fn known_keys_answer_for_custom_keys() {
        let catalog = Catalog::builtin().with_project(&project());
        let keys: &dyn KnownKeys = &catalog;
        assert!(keys.has_component("custom.wallet"));
        assert!(keys.has_component("platform.ledger"));
        assert!(keys.has_criterion("custom.energy"));
        assert!(keys.has_platform("inhouse"));
        assert!(keys.has_topic("reg.governance"));
        assert!(!Catalog::builtin().has_component("custom.wallet"));
    }

    #[test]
    fn a_project_without_custom_entries_changes_nothing() {
        let builtin = Catalog::builtin();
        let catalog = builtin.with_project(&Project::new("plain"));
        assert_eq!(catalog.components, builtin.components);
        assert_eq!(catalog.criteria, builtin.criteria);
        assert_eq!(catalog.platforms, builtin.platforms);
    }
}
