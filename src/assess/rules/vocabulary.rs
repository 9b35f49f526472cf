//! The rule file's types: a rule with its key, topic, severity, source, dates, jurisdictions and
//! message, and the closed condition vocabulary it is written in — node conditions, flow
//! conditions, named lists and conditions over the project. Every type refuses unknown fields and
//! words, so a typo is an error with a line and column, never a rule that silently never fires.
//! `docs/RULES.md` explains each word with an example.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::unique::unique_map;
use crate::model::{ActorRole, AssetType, DataLocation, FlowKind, Severity};

/// A rule file: `(rules: [ … ])`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub rules: Vec<RuleDef>,
}

/// The topic of rules whose findings go to the architecture coverage, not the checklist.
pub const COVERAGE: &str = "coverage";

/// One rule as written.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Unique among built-in and project rules, e.g. "mica_white_paper".
    pub key: String,
    /// The regulatory topic it raises (a catalogue topic key), or "coverage".
    pub topic: String,
    pub severity: Level,
    /// Where the rule comes from: citation keys of the bibliography with the article or clause,
    /// e.g. "[EU-MICA] Art. 6".
    pub source: String,
    /// The date the provision applies from, "YYYY-MM-DD" (empty: always).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    /// The date it stops applying (repealed, replaced), "YYYY-MM-DD" (empty: no end).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub until: String,
    /// Where it applies: "EU", "EEA" or country codes; empty: everywhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<String>,
    /// A remark shown with every flag, e.g. that the provision is proposed for deletion.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub status: String,
    /// The lists the rule reads, by name.
    #[serde(default, deserialize_with = "unique_map", skip_serializing_if = "BTreeMap::is_empty")]
    pub lists: BTreeMap<String, List>,
    /// When the rule fires.
    pub when: Condition,
    /// The node list whose nodes the finding names (empty: none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub nodes: String,
    /// The flow list whose flows the finding names (empty: none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub flows: String,
    /// The message: the parts whose condition holds, joined by `join`, then `end`.
    pub message: Vec<Part>,
    #[serde(default = "semicolon")]
    pub join: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub end: String,
    /// Higher severities when a condition holds (the highest that holds wins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub raise: Vec<Raise>,
}

fn semicolon() -> String {
    "; ".to_owned()
}

/// A rule's severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl From<Level> for Severity {
    fn from(level: Level) -> Self {
        match level {
            Level::Info => Severity::Info,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        }
    }
}

/// One part of a message: a template, shown when its condition holds.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub text: String,
    #[serde(default, skip_serializing_if = "Condition::is_always")]
    pub when: Condition,
}

/// A higher severity and when it applies.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Raise {
    pub severity: Level,
    pub when: Condition,
}

/// A named list a rule reads.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub enum List {
    /// The nodes meeting a condition, in id order.
    Nodes(NodeCond),
    /// The flows meeting a condition, in id order.
    Flows(FlowCond),
    /// The organisations actors name, each once, in order.
    Organisations,
    /// The jurisdictions the use-case sheet names, each once however it is written.
    Jurisdictions,
}

/// A condition on one node.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub enum NodeCond {
    Actor,
    Asset,
    /// An actor with one of these roles.
    Role(Vec<ActorRole>),
    /// An asset of one of these types.
    AssetType(Vec<AssetType>),
    /// Data kept in one of these places.
    Data(Vec<DataLocation>),
    PersonalData,
    /// Brings this component.
    Component(String),
    /// An actor naming an organisation.
    HasOrganisation,
    /// The name or organisation contains one of these words (whole words, any case, a plural
    /// "s" ignored).
    NamedAs(Vec<String>),
    /// In one of these jurisdictions: "EU", "EEA" or country codes.
    In(Vec<String>),
    /// Has a jurisdiction at all.
    HasJurisdiction,
    /// At an end (from or to) of a flow meeting the condition.
    AtEndOf(Box<FlowCond>),
    /// Carried by a flow meeting the condition.
    CarriedBy(Box<FlowCond>),
    All(Vec<NodeCond>),
    Any(Vec<NodeCond>),
    Not(Box<NodeCond>),
}

/// A condition on one flow.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub enum FlowCond {
    /// Of one of these kinds.
    Kind(Vec<FlowKind>),
    /// Recorded on the ledger.
    OnLedger,
    /// Between nodes in different jurisdictions.
    CrossesJurisdictions,
    /// Between actors of different organisations.
    CrossesOrganisations,
    /// Carries an asset meeting the condition.
    Carries(NodeCond),
    /// Starts at a node meeting the condition.
    From(NodeCond),
    /// Ends at a node meeting the condition.
    To(NodeCond),
    /// Starts or ends at a node meeting the condition.
    Touches(NodeCond),
    All(Vec<FlowCond>),
    Any(Vec<FlowCond>),
    Not(Box<FlowCond>),
}

/// A condition on the whole project.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub enum Condition {
    #[default]
    Always,
    /// The named list has an entry.
    NotEmpty(String),
    /// The named list has none.
    Empty(String),
    /// The named list has at least this many entries.
    AtLeast(String, u32),
    /// Some node brings this component.
    Brings(String),
    /// Some node brings a component of this layer or cross-layer group.
    BringsFromLayer(String),
    /// The project has a node.
    HasNodes,
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    pub fn is_always(&self) -> bool {
        *self == Condition::Always
    }
}
