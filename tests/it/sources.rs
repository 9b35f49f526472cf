//! The bibliography holds: `docs/SOURCES.md` is the one generated from
//! `assets/catalog/sources.ron` (regenerate with `UPDATE_GOLDEN=1 cargo test --test it sources::`),
//! every citation key in the catalogue, the rules and the docs (Markdown links aside) resolves,
//! nothing names a document the repository does not hold, and every platform is dated, has a
//! status and scores every criterion with cited evidence.

use std::path::{Path, PathBuf};

use dlt_modeller::assess::rule_sources;
use dlt_modeller::catalog::sources::{JUDGEMENT, cited_keys, malformed_citations, markdown};
use dlt_modeller::catalog::{Catalog, Status};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (recursively), with its text; files that are not UTF-8 are skipped.
fn texts_under(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                found.push((path, text));
            }
        }
    }
    found
}

#[test]
fn sources_md_is_generated_from_the_data() {
    let catalog = Catalog::builtin();
    let generated = markdown(&catalog.edition, &catalog.sources);
    let path = root().join("docs/SOURCES.md");
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert!(
        on_disk == generated,
        "docs/SOURCES.md differs from assets/catalog/sources.ron; regenerate it with \
         UPDATE_GOLDEN=1 cargo test --test it sources::"
    );
}

#[test]
fn nothing_names_a_document_the_repository_does_not_hold() {
    let missing = ["DOMAIN", ".md"].concat();
    for dir in ["src", "assets", "docs", "samples"] {
        for (path, text) in texts_under(&root().join(dir)) {
            assert!(!text.contains(&missing), "{} names {missing}", path.display());
        }
    }
}

#[test]
fn every_cited_key_resolves() {
    let catalog = Catalog::builtin();
    let mut texts: Vec<(String, String)> = catalog
        .citing_texts()
        .into_iter()
        .map(|t| ("catalogue".to_owned(), t.to_owned()))
        .collect();
    texts.extend(rule_sources().map(|t| ("coverage rule".to_owned(), t.to_owned())));
    for dir in ["assets/catalog", "docs"] {
        for (path, text) in texts_under(&root().join(dir)) {
            texts.push((path.display().to_string(), text));
        }
    }
    for (place, text) in &texts {
        let link = |key: &str| text.contains(&format!("[{key}]("));
        for key in cited_keys(text).into_iter().filter(|key| !link(key)) {
            assert!(
                key == JUDGEMENT || catalog.source(key).is_some(),
                "{place}: [{key}] is not in assets/catalog/sources.ron"
            );
        }
    }
}

#[test]
fn source_fields_hold_only_citation_keys_in_brackets() {
    let catalog = Catalog::builtin();
    for text in catalog.citing_texts().into_iter().chain(rule_sources()) {
        assert_eq!(malformed_citations(text), Vec::<&str>::new(), "in {text:?}");
    }
}

#[test]
fn every_source_entry_is_complete_and_cited() {
    let catalog = Catalog::builtin();
    let docs = texts_under(&root().join("docs"))
        .into_iter()
        .filter(|(path, _)| !path.ends_with("SOURCES.md"))
        .map(|(_, text)| text);
    let texts: String = catalog
        .citing_texts()
        .into_iter()
        .map(str::to_owned)
        .chain(rule_sources().map(str::to_owned))
        .chain(catalog.sources.iter().map(|s| s.read.clone()))
        .chain(docs)
        .collect::<Vec<_>>()
        .join("\n");
    for source in &catalog.sources {
        assert!(!source.reference.trim().is_empty(), "{}: no reference", source.key);
        assert!(!source.read.trim().is_empty(), "{}: what was read?", source.key);
        assert!(
            source.url.is_empty() || source.url.starts_with("http"),
            "{}: {}",
            source.key,
            source.url
        );
        assert!(
            texts.contains(&format!("[{}]", source.key)),
            "{} is never cited",
            source.key
        );
    }
}

#[test]
fn every_platform_is_dated_with_a_status_and_scores_every_criterion_with_a_citation() {
    let catalog = Catalog::builtin();
    for platform in &catalog.platforms {
        let life = &platform.lifecycle;
        let date: Vec<&str> = life.as_of.split('-').collect();
        assert!(
            date.len() == 3 && date.iter().all(|p| p.parse::<u32>().is_ok()),
            "{}: as_of {:?}",
            platform.key,
            life.as_of
        );
        assert!(!life.releases.trim().is_empty(), "{}: no release line", platform.key);
        assert_ne!(life.status, Status::Unstated, "{}", platform.key);
        assert!(
            !cited_keys(&life.source).is_empty(),
            "{}: status without a source",
            platform.key
        );
        for fact in &platform.facts {
            assert!(
                !cited_keys(&fact.source).is_empty(),
                "{} {}: uncited",
                platform.key,
                fact.property
            );
        }
        for criterion in &catalog.criteria {
            let score = platform
                .score_for(&criterion.key)
                .unwrap_or_else(|| panic!("{} has no score for {}", platform.key, criterion.key));
            assert!(score.score <= 3);
            assert!(
                !cited_keys(&score.evidence).is_empty(),
                "{} {}: evidence neither cites a source nor says it is judgement",
                platform.key,
                criterion.key
            );
        }
    }
}
