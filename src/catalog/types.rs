//! The catalogue's entry types: layers and components of the reference architecture, criteria
//! categories and criteria, regulatory topics, glossary terms and platform profiles. Each entry
//! has a stable key, a name, a description and the source tag it comes from (DOMAIN.md).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A layer of the ISO 23257 functional view, or one of its four cross-layer groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// e.g. "layer.platform" or "group.security".
    pub key: String,
    pub name: String,
    pub description: String,
    /// True for the cross-layer groups (development, management and operations, security,
    /// governance and compliance).
    pub cross_layer: bool,
    /// The app's unified layer (DOMAIN.md §2.4), e.g. "Protocol / platform core".
    pub unified: String,
    /// The matching FG DLT D3.1 and F.751.2 groups, e.g. "D3.1: Protocol".
    pub mappings: Vec<String>,
    pub source: String,
}

/// A reference-architecture component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// e.g. "platform.consensus", "security.pii_protection".
    pub key: String,
    pub name: String,
    /// Key of its layer or cross-layer group.
    pub layer: String,
    pub description: String,
    /// Matching F.751.2 components or D3.1 functions, where there are any.
    #[serde(default)]
    pub mappings: Vec<String>,
    pub source: String,
}

/// A category of assessment criteria (F.751.7 clauses, plus X.1404 security assurance).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// e.g. "cat.core".
    pub key: String,
    pub name: String,
    pub description: String,
    pub source: String,
}

/// An assessment criterion, scored 0–3 for each platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// e.g. "core.transaction_processing", "assurance.data_integrity".
    pub key: String,
    /// Key of its category.
    pub category: String,
    pub name: String,
    /// What the criterion measures (one line).
    pub description: String,
    /// Typical metric or evidence.
    pub metric: String,
    /// What a score of 0, 1, 2 and 3 means.
    pub scale: [String; 4],
    pub source: String,
}

/// A regulatory topic (DOMAIN.md §4.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// e.g. "reg.data_protection".
    pub key: String,
    pub name: String,
    /// What the topic covers.
    pub description: String,
    /// Where the topic comes from, e.g. "[SRC] ITU-RF-PUB; F.751.8".
    pub source: String,
    pub questions: Vec<String>,
}

/// A glossary term (DOMAIN.md §6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    pub definition: String,
    pub source: String,
}

/// One fact about a platform, with its source tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub property: String,
    pub value: String,
    pub source: String,
}

/// A platform's score for one criterion and the evidence behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// 0 (not supported) to 3 (fully supported).
    pub score: u8,
    pub evidence: String,
}

/// A DLT platform profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// e.g. "fabric".
    pub key: String,
    pub name: String,
    pub description: String,
    /// Where the profile comes from, e.g. "DOMAIN.md §8 [GQ]", or "project-local".
    pub source: String,
    pub facts: Vec<Fact>,
    /// Criterion key → score with evidence.
    pub scores: BTreeMap<String, Score>,
}

impl Platform {
    /// The platform's score for a criterion key, if it has one.
    pub fn score_for(&self, criterion: &str) -> Option<&Score> {
        self.scores.get(criterion)
    }
}
