//! The bibliography: the sources the catalogue, the rules and the reports cite by key
//! (`[F7517] cl. 7`), embedded from `assets/catalog/sources.ron`; finding the keys a text cites,
//! the words users see for the judgement mark `[INF]`, and `docs/SOURCES.md` written from it.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::Catalog;

/// The mark for analyst judgement: cited like a key, but not a source.
pub const JUDGEMENT: &str = "INF";

/// What users read where the data says `[INF]`.
pub const JUDGEMENT_WORDS: &str = "[analyst judgement, no source]";

/// What kind of document a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SourceKind {
    /// A standard or recommendation: ITU-T, ISO, an Ethereum Improvement Proposal.
    Standard,
    /// A deliverable or publication of the ITU-T Focus Group on DLT.
    FocusGroup,
    /// Documentation published by a platform's maintainers.
    Vendor,
    /// A file, release, pull request or issue in a public source repository.
    Repository,
    /// A peer-reviewed paper or book.
    Paper,
    /// A press release, news article or case study.
    Web,
}

impl SourceKind {
    /// Every kind, in the order the bibliography lists them.
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Standard,
        SourceKind::FocusGroup,
        SourceKind::Vendor,
        SourceKind::Repository,
        SourceKind::Paper,
        SourceKind::Web,
    ];

    /// The kind's heading in listings.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Standard => "Standards and recommendations",
            SourceKind::FocusGroup => "ITU-T Focus Group on DLT",
            SourceKind::Vendor => "Platform documentation",
            SourceKind::Repository => "Source repositories (files, releases, pull requests, issues)",
            SourceKind::Paper => "Papers and books",
            SourceKind::Web => "Press, news and case studies",
        }
    }
}

/// One entry of the bibliography.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// e.g. "F7517"; cited as `[F7517]`.
    pub key: String,
    pub kind: SourceKind,
    /// The full reference: issuing body, number, title, edition or date.
    pub reference: String,
    /// Where a reader can open it (empty when there is no public address).
    pub url: String,
    /// What of it was read for the catalogue.
    pub read: String,
}

/// The catalogue's edition: its version and the date its facts are current to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    pub version: String,
    pub date: String,
}

impl Edition {
    /// "catalogue 2026.12 of 2026-12-06".
    pub fn describe(&self) -> String {
        format!("catalogue {} of {}", self.version, self.date)
    }
}

/// The keys a text cites, in order of first appearance: every `[KEY]` whose key is made of
/// upper-case letters, digits, '.', '-' and '+' (so `[INF]` too, but not `[§7]` or `[x]`).
pub fn cited_keys(text: &str) -> Vec<&str> {
    let mut keys: Vec<&str> = Vec::new();
    for inner in brackets(text) {
        if is_key(inner) && !keys.contains(&inner) {
            keys.push(inner);
        }
    }
    keys
}

/// Every `[…]` of a text that is not a citation key: the test uses it to catch old-style tags
/// (`[SRC]` aside, `[ETH; timing INF]`) that would otherwise slip past resolution.
pub fn malformed_citations(text: &str) -> Vec<&str> {
    brackets(text).filter(|inner| !is_key(inner)).collect()
}

/// The insides of the `[…]` pairs of a text.
fn brackets(text: &str) -> impl Iterator<Item = &str> {
    text.split('[')
        .skip(1)
        .filter_map(|rest| rest.split_once(']').map(|(inner, _)| inner))
}

fn is_key(inner: &str) -> bool {
    inner.starts_with(|c: char| c.is_ascii_uppercase())
        && inner
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
}

/// The text as users read it: `[INF]` said in words.
pub fn readable(text: &str) -> String {
    text.replace(&format!("[{JUDGEMENT}]"), JUDGEMENT_WORDS)
}

/// One line for a source: "[KEY] reference. URL".
pub fn full_reference(source: &Source) -> String {
    if source.url.is_empty() {
        format!("[{}] {}.", source.key, source.reference)
    } else {
        format!("[{}] {}. {}", source.key, source.reference, source.url)
    }
}

/// The keys cited by all the texts, judgement left out, sorted.
pub fn keys_cited_by<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    texts
        .into_iter()
        .flat_map(cited_keys)
        .filter(|key| *key != JUDGEMENT)
        .collect()
}

impl Catalog {
    /// Every text of the catalogue that cites sources: each entry's source, descriptions,
    /// mappings, facts, lifecycle and score evidence, and the criteria's scales.
    pub fn citing_texts(&self) -> Vec<&str> {
        let mut texts: Vec<&str> = Vec::new();
        for layer in &self.layers {
            texts.extend([layer.source.as_str(), &layer.description]);
            texts.extend(layer.mappings.iter().map(String::as_str));
        }
        for component in &self.components {
            texts.extend([component.source.as_str(), &component.description]);
            texts.extend(component.mappings.iter().map(String::as_str));
        }
        for category in &self.categories {
            texts.extend([category.source.as_str(), &category.description]);
        }
        for criterion in &self.criteria {
            texts.extend([criterion.source.as_str(), &criterion.description, &criterion.metric]);
            texts.extend(criterion.scale.iter().map(String::as_str));
        }
        for topic in &self.topics {
            texts.extend([topic.source.as_str(), &topic.description]);
        }
        for term in &self.glossary {
            texts.extend([term.source.as_str(), &term.definition]);
        }
        for platform in &self.platforms {
            texts.extend([
                platform.source.as_str(),
                &platform.description,
                &platform.lifecycle.source,
            ]);
            texts.extend(platform.facts.iter().flat_map(|f| [f.value.as_str(), &f.source]));
            texts.extend(platform.scores.values().map(|s| s.evidence.as_str()));
        }
        texts
    }

    /// The bibliography entries the texts cite, in key order; keys the bibliography lacks are
    /// left out (the tests make sure there are none in the built-in data).
    pub fn references<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<&Source> {
        keys_cited_by(texts)
            .into_iter()
            .filter_map(|key| self.source(key))
            .collect()
    }
}

/// `docs/SOURCES.md`: the whole bibliography as Markdown, grouped by kind.
pub fn markdown(edition: &Edition, sources: &[Source]) -> String {
    let mut out = String::new();
    out.push_str("# Sources\n\n");
    out.push_str(
        "The project's bibliography: every source the catalogue, the assessment rules and the \
         reports cite, by key. A citation is the key in brackets followed by the clause or \
         section used, e.g. `[F7517] cl. 7`. `[INF]` is not a source: it marks analyst \
         judgement, and the program shows it as \"analyst judgement, no source\".\n\n",
    );
    let _ = writeln!(
        out,
        "Generated from `assets/catalog/sources.ron` ({}); a test fails when this file and the \
         data differ (regenerate with `UPDATE_GOLDEN=1 cargo test --test it sources::`).",
        edition.describe()
    );
    for kind in SourceKind::ALL {
        let members: Vec<&Source> = sources.iter().filter(|s| s.kind == kind).collect();
        if members.is_empty() {
            continue;
        }
        let _ = write!(out, "\n## {}\n\n", kind.label());
        for source in members {
            let _ = write!(out, "- **`[{}]`** {}.", source.key, source.reference);
            if !source.url.is_empty() {
                let _ = write!(out, " <{}>", source.url);
            }
            let _ = writeln!(out, " *Read:* {}", source.read);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cited_keys_are_the_bracketed_upper_case_tags_in_order() {
        let text = "QBFT [BESU-CONS] cl. 2; [FAB-3.0][INF] and [BESU-CONS] again, not [§7] or [x]";
        assert_eq!(cited_keys(text), ["BESU-CONS", "FAB-3.0", "INF"]);
        assert_eq!(malformed_citations(text), ["§7", "x"]);
        assert_eq!(
            keys_cited_by([text, "[F7517]"]).into_iter().collect::<Vec<_>>(),
            ["BESU-CONS", "F7517", "FAB-3.0"]
        );
    }

    #[test]
    fn judgement_reads_as_words() {
        assert_eq!(
            readable("Apache-2.0 [INF]; Raft [FAB-ORD]"),
            "Apache-2.0 [analyst judgement, no source]; Raft [FAB-ORD]"
        );
    }

    #[test]
    fn a_full_reference_ends_with_its_address() {
        let source = Source {
            key: "X".into(),
            kind: SourceKind::Web,
            reference: "A page".into(),
            url: "https://example.org".into(),
            read: "All".into(),
        };
        assert_eq!(full_reference(&source), "[X] A page. https://example.org");
    }
}
