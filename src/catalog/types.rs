//! The catalogue's entry types: layers and components of the reference architecture, criteria
//! categories and criteria, regulatory topics, glossary terms and platform profiles with their
//! lifecycle. Each entry has a stable key, a name, a description and the sources it rests on:
//! citation keys of the bibliography (`[F7517] cl. 7`, see `sources.rs` and docs/SOURCES.md).

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
    /// The app's unified layer (analyst judgement over D3.1, F.751.2 and ISO 23257), e.g.
    /// "Protocol / platform core".
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

/// A regulatory topic of the FG DLT regulatory framework and ITU-T F.751.8.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// e.g. "reg.data_protection".
    pub key: String,
    pub name: String,
    /// What the topic covers.
    pub description: String,
    /// Where the topic comes from, e.g. "[ITU-RF-PUB] (\"consumer law\"); [F7518]".
    pub source: String,
    /// Where it belongs: "EU", "EEA" or country codes; empty: everywhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<String>,
    /// The date it applies from, "YYYY-MM-DD" (empty: always).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    /// The date it stops applying (empty: no end).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub until: String,
    pub questions: Vec<String>,
}

/// A glossary term (ISO 22739 and FG DLT D1.1).
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
    /// Where the profile comes from, e.g. "[GQ] README; [GQ-END]", or "project-local".
    pub source: String,
    /// Which release lines the profile assessed, as of when, and their support status.
    pub lifecycle: Lifecycle,
    pub facts: Vec<Fact>,
    /// Criterion key → score with evidence.
    pub scores: BTreeMap<String, Score>,
}

/// A platform's support status, as its maintainers state it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Maintained, with regular releases.
    Active,
    /// The line assessed is a designated long-term-support line.
    LongTermSupport,
    /// Still available but announced for removal or wind-down.
    Deprecated,
    /// No longer maintained or supported: left out of the default candidates.
    EndOfSupport,
    /// Not stated (a project's own platform).
    Unstated,
}

impl Status {
    /// The status in words, as the ranking shows it next to a platform's name.
    pub fn label(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::LongTermSupport => "long-term support",
            Status::Deprecated => "deprecated",
            Status::EndOfSupport => "end of support",
            Status::Unstated => "status not stated",
        }
    }

    /// The status as a short tag for narrow places (the editor's ranking table); empty when
    /// not stated.
    pub fn tag(self) -> &'static str {
        match self {
            Status::LongTermSupport => "LTS",
            Status::Unstated => "",
            status => status.label(),
        }
    }
}

/// When a profile's facts and scores were last checked, for which release lines, and the
/// platform's support status with the source it rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// The date the facts and scores are current to, "YYYY-MM-DD".
    pub as_of: String,
    /// The release lines assessed, e.g. "v2.5 LTS (2.5.16) and v3.1 (3.1.5)".
    pub releases: String,
    pub status: Status,
    /// What the status rests on (citation keys and clause).
    pub source: String,
}

impl Lifecycle {
    /// The lifecycle of a platform a project defines itself: nothing stated.
    pub fn unstated(source: &str) -> Lifecycle {
        Lifecycle {
            as_of: String::new(),
            releases: String::new(),
            status: Status::Unstated,
            source: source.to_owned(),
        }
    }
}

impl Platform {
    /// True when the platform is no longer supported, so it is not a default candidate.
    pub fn is_end_of_support(&self) -> bool {
        self.lifecycle.status == Status::EndOfSupport
    }

    /// The platform's score for a criterion key, if it has one.
    pub fn score_for(&self, criterion: &str) -> Option<&Score> {
        self.scores.get(criterion)
    }
}
