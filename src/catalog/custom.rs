//! Rules for the entries a project defines itself (`Project::custom`): what makes a key, a name,
//! a layer, a category and a score acceptable, checked before an entry is saved from the
//! project-catalogue window; and importing another project's custom entries.

use crate::model::{CustomCatalog, CustomComponent, CustomCriterion, CustomPlatform};

use super::Catalog;

/// The three kinds of entry a project can define.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Component,
    Criterion,
    Platform,
}

impl EntryKind {
    pub const ALL: [EntryKind; 3] = [EntryKind::Component, EntryKind::Criterion, EntryKind::Platform];

    /// The kind in running text ("component").
    pub fn noun(self) -> &'static str {
        match self {
            EntryKind::Component => "component",
            EntryKind::Criterion => "criterion",
            EntryKind::Platform => "platform",
        }
    }
}

/// The longest key accepted.
pub const MAX_KEY_LEN: usize = 64;
/// The highest score a platform can have for a criterion.
pub const MAX_SCORE: u8 = 3;

/// Checks the key of an entry of `kind`: 1–64 characters from `a–z 0–9 . _ -`, starting with
/// a letter, and used by no other entry — custom or built-in, of any kind — so that a key always
/// means one thing. With `replacing`, a custom entry of the same kind may already have the key
/// (it is being replaced). The message says what is wrong.
pub fn check_key(kind: EntryKind, key: &str, custom: &CustomCatalog, replacing: bool) -> Result<(), String> {
    if key.is_empty() {
        return Err(format!("The {} needs a key, e.g. “org.{}”.", kind.noun(), kind.noun()));
    }
    if key.len() > MAX_KEY_LEN {
        return Err(format!(
            "The key is {} characters long; at most {MAX_KEY_LEN}.",
            key.len()
        ));
    }
    if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(format!("The key “{key}” must start with a lower-case letter."));
    }
    if let Some(bad) = key
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')))
    {
        return Err(format!(
            "The key “{key}” contains “{bad}”; use lower-case letters, digits, “.”, “_” and “-”."
        ));
    }
    let builtin = Catalog::builtin();
    let taken_by = [
        (
            EntryKind::Component,
            custom.components.contains_key(key),
            builtin.component(key).is_some(),
        ),
        (
            EntryKind::Criterion,
            custom.criteria.contains_key(key),
            builtin.criterion(key).is_some(),
        ),
        (
            EntryKind::Platform,
            custom.platforms.contains_key(key),
            builtin.platform(key).is_some(),
        ),
    ];
    for (other, in_project, in_builtin) in taken_by {
        if in_project && !(replacing && other == kind) {
            return Err(format!(
                "The project already has a {} with the key “{key}”.",
                other.noun()
            ));
        }
        if in_builtin {
            return Err(format!(
                "“{key}” is the key of a built-in {}; choose another.",
                other.noun()
            ));
        }
    }
    Ok(())
}

/// Checks a component's name and layer (a layer or cross-layer group of the catalogue).
pub fn check_component(component: &CustomComponent) -> Result<(), String> {
    check_name(EntryKind::Component, &component.name)?;
    if Catalog::builtin().layer(&component.layer).is_none() {
        return Err(format!(
            "“{}” is not a layer of the reference architecture; pick one from the list.",
            component.layer
        ));
    }
    Ok(())
}

/// Checks a criterion's name and category (a criteria category of the catalogue).
pub fn check_criterion(criterion: &CustomCriterion) -> Result<(), String> {
    check_name(EntryKind::Criterion, &criterion.name)?;
    if Catalog::builtin().category(&criterion.category).is_none() {
        return Err(format!(
            "“{}” is not a criteria category; pick one from the list.",
            criterion.category
        ));
    }
    Ok(())
}

/// Checks a platform's name and scores: each for a criterion `catalog` knows (built-in or the
/// project's own), from 0 to 3.
pub fn check_platform(platform: &CustomPlatform, catalog: &Catalog) -> Result<(), String> {
    check_name(EntryKind::Platform, &platform.name)?;
    for (criterion, given) in &platform.scores {
        if catalog.criterion(criterion).is_none() {
            return Err(format!(
                "The score for “{criterion}” is for a criterion the catalogue does not have."
            ));
        }
        if given.score > MAX_SCORE {
            return Err(format!(
                "The score {} for “{criterion}” is outside 0–{MAX_SCORE}.",
                given.score
            ));
        }
    }
    Ok(())
}

fn check_name(kind: EntryKind, name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err(format!("The {} needs a name.", kind.noun()));
    }
    Ok(())
}

/// What importing another project's custom catalogue did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Entries whose key the project did not have.
    pub added: usize,
    /// Entries whose key the project had, with other content: the imported one replaced it.
    pub replaced: usize,
    /// Entries the project already had exactly.
    pub unchanged: usize,
    /// Entries left out, each with the reason (“criterion org.x: …”).
    pub skipped: Vec<String>,
}

/// `ours` with the valid entries of `theirs` added; an entry of theirs with a key we have for
/// the same kind replaces ours. Entries that break the rules above are left out and listed.
pub fn import(ours: &CustomCatalog, theirs: &CustomCatalog) -> (CustomCatalog, ImportSummary) {
    let mut merged = ours.clone();
    let mut summary = ImportSummary::default();
    let mut count = |old: Option<bool>| match old {
        None => summary.added += 1,
        Some(true) => summary.unchanged += 1,
        Some(false) => summary.replaced += 1,
    };
    let mut skipped = Vec::new();
    let mut skip = |kind: EntryKind, key: &str, why: String| skipped.push(format!("{} {key}: {why}", kind.noun()));
    for (key, entry) in &theirs.components {
        match check_key(EntryKind::Component, key, &merged, true).and_then(|()| check_component(entry)) {
            Ok(()) => count(
                merged
                    .components
                    .insert(key.clone(), entry.clone())
                    .map(|old| &old == entry),
            ),
            Err(why) => skip(EntryKind::Component, key, why),
        }
    }
    for (key, entry) in &theirs.criteria {
        match check_key(EntryKind::Criterion, key, &merged, true).and_then(|()| check_criterion(entry)) {
            Ok(()) => count(
                merged
                    .criteria
                    .insert(key.clone(), entry.clone())
                    .map(|old| &old == entry),
            ),
            Err(why) => skip(EntryKind::Criterion, key, why),
        }
    }
    // Platforms last: their scores may be for criteria imported just now.
    let mut with_criteria = crate::model::Project::default();
    with_criteria.custom.criteria = merged.criteria.clone();
    let catalog = Catalog::builtin().with_project(&with_criteria);
    for (key, entry) in &theirs.platforms {
        match check_key(EntryKind::Platform, key, &merged, true).and_then(|()| check_platform(entry, &catalog)) {
            Ok(()) => count(
                merged
                    .platforms
                    .insert(key.clone(), entry.clone())
                    .map(|old| &old == entry),
            ),
            Err(why) => skip(EntryKind::Platform, key, why),
        }
    }
    summary.skipped = skipped;
    (merged, summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ScoreOverride;

    fn criterion(name: &str, category: &str) -> CustomCriterion {
        CustomCriterion {
            name: name.into(),
            category: category.into(),
            description: String::new(),
        }
    }

    #[test]
    fn keys_must_be_well_formed_and_unused() {
        let mut custom = CustomCatalog::default();
        custom
            .criteria
            .insert("org.energy".into(), criterion("Energy", "cat.operation"));
        assert_eq!(
            check_key(EntryKind::Component, "org.wallet-2_b", &custom, false),
            Ok(())
        );
        for (key, says) in [
            ("", "needs a key"),
            ("Org.wallet", "lower-case letter"),
            ("2fa", "lower-case letter"),
            ("org wallet", "contains “ ”"),
            ("org/wallet", "contains “/”"),
            ("org.energy", "already has a criterion"),
            ("platform.consensus", "built-in component"),
            ("fabric", "built-in platform"),
        ] {
            let e = check_key(EntryKind::Component, key, &custom, false).unwrap_err();
            assert!(e.contains(says), "{key:?}: {e}");
        }
        let long = "a".repeat(MAX_KEY_LEN + 1);
        assert!(
            check_key(EntryKind::Platform, &long, &custom, false)
                .unwrap_err()
                .contains("at most 64")
        );
        assert_eq!(
            check_key(EntryKind::Criterion, "org.energy", &custom, true),
            Ok(()),
            "replacing itself"
        );
        assert!(
            check_key(EntryKind::Component, "org.energy", &custom, true).is_err(),
            "another kind's key"
        );
    }

    #[test]
    fn names_groups_and_scores_are_checked() {
        assert_eq!(check_criterion(&criterion("Energy", "cat.operation")), Ok(()));
        assert!(
            check_criterion(&criterion("  ", "cat.operation"))
                .unwrap_err()
                .contains("needs a name")
        );
        assert!(
            check_criterion(&criterion("Energy", "cat.nope"))
                .unwrap_err()
                .contains("cat.nope")
        );
        let component = CustomComponent {
            name: "Wallet".into(),
            layer: "layer.nope".into(),
            description: String::new(),
        };
        assert!(check_component(&component).unwrap_err().contains("layer.nope"));

        let catalog = Catalog::builtin();
        let criterion_key = catalog.criteria[0].key.clone();
        let mut platform = CustomPlatform {
            name: "In-house".into(),
            ..CustomPlatform::default()
        };
        platform.scores.insert(
            criterion_key.clone(),
            ScoreOverride {
                score: 3,
                note: String::new(),
            },
        );
        assert_eq!(check_platform(&platform, catalog), Ok(()));
        platform.scores.get_mut(&criterion_key).unwrap().score = 4;
        assert!(check_platform(&platform, catalog).unwrap_err().contains("outside 0–3"));
        platform.scores.clear();
        platform.scores.insert(
            "org.unknown".into(),
            ScoreOverride {
                score: 1,
                note: String::new(),
            },
        );
        assert!(check_platform(&platform, catalog).unwrap_err().contains("org.unknown"));
    }

    #[test]
    fn import_adds_new_keys_and_replaces_changed_ones() {
        let mut ours = CustomCatalog::default();
        ours.criteria
            .insert("org.energy".into(), criterion("Energy", "cat.operation"));
        ours.criteria.insert("org.same".into(), criterion("Same", "cat.core"));
        let mut theirs = CustomCatalog::default();
        theirs
            .criteria
            .insert("org.energy".into(), criterion("Energy use", "cat.operation"));
        theirs.criteria.insert("org.same".into(), criterion("Same", "cat.core"));
        theirs.criteria.insert("org.new".into(), criterion("New", "cat.core"));
        theirs.criteria.insert("org.bad".into(), criterion("Bad", "cat.nope"));
        theirs
            .criteria
            .insert("core.query".into(), criterion("Built-in key", "cat.core"));
        let mut platform = CustomPlatform {
            name: "Ours".into(),
            ..CustomPlatform::default()
        };
        platform.scores.insert(
            "org.new".into(),
            ScoreOverride {
                score: 2,
                note: String::new(),
            },
        );
        theirs.platforms.insert("org.chain".into(), platform);
        let (merged, summary) = import(&ours, &theirs);
        assert_eq!(
            (summary.added, summary.replaced, summary.unchanged),
            (2, 1, 1),
            "{summary:?}"
        );
        assert_eq!(summary.skipped.len(), 2, "{summary:?}");
        assert!(summary.skipped[0].starts_with("criterion core.query: "), "{summary:?}");
        assert!(summary.skipped[1].contains("cat.nope"), "{summary:?}");
        assert_eq!(merged.criteria.len(), 3);
        assert!(
            merged.platforms.contains_key("org.chain"),
            "scores for an imported criterion are fine"
        );
        assert_eq!(merged.criteria["org.energy"].name, "Energy use");
    }
}
