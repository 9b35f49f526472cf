//! Plain-text listings of the catalogue for the command line (`dlt-modeller catalog [section]`),
//! word-wrapped to fit a 100-column terminal (a URL alone on its line may be longer). Each
//! listing ends with the full references of the sources it cites; `[INF]` reads as words.

use std::fmt::Write as _;

use super::sources::{JUDGEMENT_WORDS, readable};
use super::{Catalog, Platform, Source, SourceKind, Status};

/// Longest line a listing writes (a word longer than that stays whole).
const WIDTH: usize = 100;

/// A part of the catalogue that can be listed on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Components,
    Criteria,
    Topics,
    Glossary,
    Platforms,
    Sources,
}

impl Section {
    /// Every section, in listing order.
    pub const ALL: [Section; 6] = [
        Section::Components,
        Section::Criteria,
        Section::Topics,
        Section::Glossary,
        Section::Platforms,
        Section::Sources,
    ];
}

/// A plain-text listing of one section of the catalogue.
pub fn listing(catalog: &Catalog, section: Section) -> String {
    let mut out = String::new();
    match section {
        Section::Components => components(catalog, &mut out),
        Section::Criteria => criteria(catalog, &mut out),
        Section::Topics => topics(catalog, &mut out),
        Section::Glossary => glossary(catalog, &mut out),
        Section::Platforms => platforms(catalog, &mut out),
        Section::Sources => {
            sources(catalog, &mut out);
            return out;
        }
    }
    references(catalog, &mut out);
    out
}

/// The full references of the sources the listing so far cites, with their URLs.
fn references(catalog: &Catalog, out: &mut String) {
    let cited = catalog.references([out.as_str()]);
    if cited.is_empty() {
        return;
    }
    out.push_str("\nReferences\n");
    for source in cited {
        reference(out, "  ", &entry(source), &source.url);
    }
}

/// A reference wrapped at the width, its URL alone on the next line.
fn reference(out: &mut String, first: &str, text: &str, url: &str) {
    wrap(out, first, text, 6);
    if !url.is_empty() {
        let _ = writeln!(out, "      {url}");
    }
}

/// The bibliography, by kind, with how often the catalogue cites each source.
fn sources(catalog: &Catalog, out: &mut String) {
    let _ = writeln!(out, "Sources ({})", catalog.edition.describe());
    wrap(
        out,
        "",
        &format!("Cited as [KEY] followed by the clause used; {JUDGEMENT_WORDS} marks analyst judgement."),
        0,
    );
    let texts = catalog.citing_texts();
    for kind in SourceKind::ALL {
        let members: Vec<_> = catalog.sources.iter().filter(|s| s.kind == kind).collect();
        if members.is_empty() {
            continue;
        }
        let _ = write!(out, "\n{}\n", kind.label());
        for source in members {
            let tag = format!("[{}]", source.key);
            let uses: usize = texts.iter().map(|t| t.matches(&tag).count()).sum();
            reference(out, "  ", &entry(source), &source.url);
            wrap(
                out,
                "      ",
                &format!("Read: {} Cited {uses} times in the catalogue.", source.read),
                6,
            );
        }
    }
}

/// "[KEY] reference." — a source's entry without its URL.
fn entry(source: &Source) -> String {
    format!("[{}] {}.", source.key, source.reference)
}

fn components(catalog: &Catalog, out: &mut String) {
    out.push_str("Reference-architecture components (ISO 23257 functional view)\n");
    for layer in &catalog.layers {
        let kind = if layer.cross_layer { ", cross-layer" } else { "" };
        let _ = write!(out, "\n{} ({}{kind})\n", layer.name, layer.key);
        wrap(
            out,
            "  ",
            &format!("{} (source: {})", layer.description, layer.source),
            2,
        );
        wrap(
            out,
            "  ",
            &format!("Maps to: {}; {}.", layer.unified, layer.mappings.join("; ")),
            4,
        );
        let members: Vec<_> = catalog.components_in(&layer.key).collect();
        let width = key_width(members.iter().map(|c| c.key.as_str()));
        for component in members {
            let text = format!(
                "{} — {} (source: {})",
                component.name, component.description, component.source
            );
            wrap(out, &format!("  {:width$}  ", component.key), &text, width + 4);
            if !component.mappings.is_empty() {
                wrap(
                    out,
                    &" ".repeat(width + 4),
                    &format!("≈ {}", component.mappings.join("; ")),
                    width + 6,
                );
            }
        }
    }
    let orphans: Vec<_> = catalog
        .components
        .iter()
        .filter(|c| catalog.layer(&c.layer).is_none())
        .collect();
    if !orphans.is_empty() {
        out.push_str("\nComponents of unknown layers\n");
        let width = key_width(orphans.iter().map(|c| c.key.as_str()));
        for component in orphans {
            let text = format!(
                "{} (layer {}) — {} (source: {})",
                component.name, component.layer, component.description, component.source
            );
            wrap(out, &format!("  {:width$}  ", component.key), &text, width + 4);
        }
    }
}

fn criteria(catalog: &Catalog, out: &mut String) {
    out.push_str("Assessment criteria (each scored 0–3 per platform)\n");
    for category in &catalog.categories {
        let _ = write!(out, "\n{} ({})\n", category.name, category.key);
        wrap(
            out,
            "  ",
            &format!("{} (source: {})", category.description, category.source),
            2,
        );
        let members: Vec<_> = catalog.criteria_in(&category.key).collect();
        let width = key_width(members.iter().map(|c| c.key.as_str()));
        let indent = " ".repeat(width + 4);
        for criterion in members {
            let text = format!(
                "{} — {} (source: {})",
                criterion.name, criterion.description, criterion.source
            );
            wrap(out, &format!("  {:width$}  ", criterion.key), &text, width + 4);
            if !criterion.metric.is_empty() {
                wrap(out, &indent, &format!("Evidence: {}", criterion.metric), width + 6);
            }
            for (score, meaning) in criterion.scale.iter().enumerate() {
                wrap(out, &format!("{indent}{score} "), meaning, width + 6);
            }
        }
    }
}

fn topics(catalog: &Catalog, out: &mut String) {
    out.push_str("Regulatory topics\n\n");
    let width = key_width(catalog.topics.iter().map(|t| t.key.as_str()));
    let indent = " ".repeat(width + 4);
    for topic in &catalog.topics {
        let text = format!("{} — {} (source: {})", topic.name, topic.description, topic.source);
        wrap(out, &format!("  {:width$}  ", topic.key), &text, width + 4);
        for question in &topic.questions {
            wrap(out, &format!("{indent}- "), question, width + 6);
        }
    }
}

fn glossary(catalog: &Catalog, out: &mut String) {
    out.push_str("Glossary\n\n");
    for term in &catalog.glossary {
        wrap(
            out,
            "  ",
            &format!("{} — {} (source: {})", term.term, term.definition, term.source),
            6,
        );
    }
}

fn platforms(catalog: &Catalog, out: &mut String) {
    out.push_str("Platform profiles (scores 0 not supported … 3 fully supported)\n");
    for platform in &catalog.platforms {
        let _ = write!(out, "\n{} ({})\n", platform.name, platform.key);
        wrap(
            out,
            "  ",
            &format!("{} (source: {})", platform.description, platform.source),
            2,
        );
        lifecycle(platform, out);
        for fact in &platform.facts {
            wrap(
                out,
                "  ",
                &format!("{}: {} {}", fact.property, fact.value, fact.source),
                6,
            );
        }
        platform_scores(catalog, platform, out);
    }
    score_table(catalog, out);
}

/// The platform's status, release lines and date, and a warning at end of support.
fn lifecycle(platform: &Platform, out: &mut String) {
    let life = &platform.lifecycle;
    if life.status == Status::Unstated {
        return;
    }
    wrap(
        out,
        "  ",
        &format!(
            "Status: {}; assessed: {}; as of {} (source: {})",
            life.status.label(),
            life.releases,
            life.as_of,
            life.source
        ),
        6,
    );
    if platform.is_end_of_support() {
        wrap(
            out,
            "  ",
            "Warning: end of support; left out of the default candidates (a project can still list it).",
            6,
        );
    }
}

/// The platform's scores with their evidence: catalogue criteria first, then any others.
fn platform_scores(catalog: &Catalog, platform: &Platform, out: &mut String) {
    let known = catalog.criteria.iter().map(|c| c.key.as_str());
    let others = platform
        .scores
        .keys()
        .map(String::as_str)
        .filter(|key| catalog.criterion(key).is_none());
    let keys: Vec<&str> = known.chain(others).collect();
    let width = key_width(keys.iter().copied());
    out.push_str("  Scores:\n");
    for key in keys {
        let (score, evidence) = match platform.score_for(key) {
            Some(score) => (score.score.to_string(), score.evidence.as_str()),
            None => ("-".to_owned(), "not scored"),
        };
        wrap(out, &format!("    {key:width$}  {score:>1}  "), evidence, width + 9);
    }
}

/// A criteria × platforms matrix of scores, in as many tables as it takes to fit the width.
fn score_table(catalog: &Catalog, out: &mut String) {
    let width = key_width(catalog.criteria.iter().map(|c| c.key.as_str()).chain(["criterion"]));
    let mut platforms: &[Platform] = &catalog.platforms;
    while !platforms.is_empty() {
        let mut used = 2 + width;
        let fit = platforms
            .iter()
            .take_while(|p| {
                used += 2 + p.key.chars().count();
                used <= WIDTH
            })
            .count()
            .max(1);
        let (these, rest) = platforms.split_at(fit);
        score_columns(catalog, these, width, out);
        platforms = rest;
    }
}

/// One table of the score matrix, for some of the platforms.
fn score_columns(catalog: &Catalog, platforms: &[Platform], width: usize, out: &mut String) {
    out.push_str("\nCriteria scores\n");
    let _ = write!(out, "  {:width$}", "criterion");
    for platform in platforms {
        let _ = write!(out, "  {}", platform.key);
    }
    out.push('\n');
    for criterion in &catalog.criteria {
        let _ = write!(out, "  {:width$}", criterion.key);
        for platform in platforms {
            let score = platform
                .score_for(&criterion.key)
                .map_or("-".to_owned(), |s| s.score.to_string());
            let _ = write!(out, "  {score:>w$}", w = platform.key.chars().count());
        }
        out.push('\n');
    }
}

/// The width of the longest key.
fn key_width<'a>(keys: impl Iterator<Item = &'a str>) -> usize {
    keys.map(|key| key.chars().count()).max().unwrap_or(0)
}

/// Appends `text` word-wrapped at [`WIDTH`] columns: the first line starts with `first`, later
/// lines with `indent` spaces.
fn wrap(out: &mut String, first: &str, text: &str, indent: usize) {
    let text = readable(text);
    let mut column = first.chars().count();
    let mut line_empty = true;
    out.push_str(first);
    for word in text.split_whitespace() {
        let length = word.chars().count();
        if !line_empty && column + 1 + length > WIDTH {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            column = indent;
            line_empty = true;
        }
        if !line_empty {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += length;
        line_empty = false;
    }
    out.truncate(out.trim_end_matches(' ').len());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_section_lists_its_known_keys() {
        let catalog = Catalog::builtin();
        let expected = [
            (
                Section::Components,
                [
                    "platform.consensus",
                    "governance.audit_support",
                    "Governance and compliance (group.governance, cross-layer)",
                ],
            ),
            (
                Section::Criteria,
                [
                    "core.transaction_processing",
                    "assurance.pii_protection",
                    "Security assurance",
                ],
            ),
            (
                Section::Topics,
                ["reg.data_protection", "reg.taxation", "Is PII written on-ledger?"],
            ),
            (
                Section::Glossary,
                [
                    "Byzantine fault tolerance (BFT)",
                    "Wallet",
                    "[D11-TERMS]; wording [analyst judgement, no source]",
                ],
            ),
            (
                Section::Platforms,
                [
                    "fabric",
                    "Status: end of support; assessed: v24.4.1",
                    "[FAB-ORD][FAB-3.0]",
                ],
            ),
            (
                Section::Sources,
                [
                    "Sources (catalogue 2026.12 of 2026-12-06)",
                    "[F7517] ITU-T Recommendation F.751.7 (12/2022)",
                    "      https://github.com/Consensys-Incorporated/quorum/pull/1763",
                ],
            ),
        ];
        for (section, needles) in expected {
            let text = listing(catalog, section);
            for needle in needles {
                assert!(text.contains(needle), "{section:?} listing lacks {needle:?}");
            }
        }
    }

    #[test]
    fn listings_fit_a_100_column_terminal() {
        let catalog = Catalog::builtin();
        for section in Section::ALL {
            for line in listing(catalog, section).lines() {
                let url_alone = line.trim_start().starts_with("http") && !line.trim().contains(' ');
                assert!(url_alone || line.chars().count() <= WIDTH, "{section:?}: {line:?}");
                assert_eq!(line, line.trim_end(), "{section:?}: trailing space in {line:?}");
            }
        }
    }

    #[test]
    fn components_are_grouped_under_their_layer() {
        let text = listing(Catalog::builtin(), Section::Components);
        let layer = text.find("DLT platform layer (layer.platform)\n").unwrap();
        let next = text.find("Infrastructure layer (layer.infrastructure)\n").unwrap();
        let consensus = text.find("  platform.consensus").unwrap();
        assert!(layer < consensus && consensus < next);
        assert!(!text.contains("unknown layers"));
    }

    #[test]
    fn every_listing_but_the_bibliography_ends_with_its_references() {
        let catalog = Catalog::builtin();
        for section in Section::ALL.into_iter().filter(|s| *s != Section::Sources) {
            let text = listing(catalog, section);
            let references = &text[text.find("\nReferences\n").unwrap()..];
            assert!(references.contains("\n      https://"), "{section:?}: no URL");
            assert!(!text.contains("[INF]"), "{section:?}: judgement not in words");
        }
        let platforms = listing(catalog, Section::Platforms);
        assert!(platforms.contains("  [GQ-END] Consensys, quorum pull request #1763"));
        assert!(platforms.contains("Warning: end of support; left out of the default candidates"));
    }

    #[test]
    fn platforms_show_a_score_table() {
        let text = listing(Catalog::builtin(), Section::Platforms);
        let table = &text[text.find("Criteria scores").unwrap()..];
        assert!(
            table
                .lines()
                .nth(1)
                .unwrap()
                .contains("fabric  ethereum  goquorum  besu  corda")
        );
        let row = table
            .lines()
            .find(|l| l.trim_start().starts_with("core.decentralization"))
            .unwrap();
        let scores: Vec<&str> = row.split_whitespace().skip(1).collect();
        assert_eq!(scores[..5], ["2", "3", "2", "2", "1"]);
        let headers: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with("criterion "))
            .collect();
        assert!(headers.len() > 1, "the matrix is split to fit the width");
        for platform in &Catalog::builtin().platforms {
            let key = format!(" {} ", platform.key);
            assert!(headers.iter().any(|h| format!("{h} ").contains(&key)), "{key}");
        }
    }

    #[test]
    fn wrap_breaks_between_words_with_a_hanging_indent() {
        let mut out = String::new();
        let text = "word ".repeat(30);
        wrap(&mut out, "  key  ", &text, 7);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("  key  word") && lines[0].len() <= WIDTH);
        assert!(lines[1].starts_with("       word"));
    }
}
