//! Nodes of a use case: actors (who takes part) and assets (what is tracked or transferred), with
//! the architecture components and assessment criteria attached to them.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// A place on the diagram, in diagram units (1 unit = 1 point at 100 % zoom). Written in files as
/// an `(x, y)` pair on one line, so moving a node changes one line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "(f32, f32)", into = "(f32, f32)")]
pub struct Position {
    pub x: f32,
    pub y: f32,
}

impl Position {
    pub fn new(x: f32, y: f32) -> Self {
        Self { x, y }.rounded()
    }

    /// Rounded to a tenth of a unit: what a person can see, and what the file stores.
    pub fn rounded(self) -> Self {
        let r = |v: f32| {
            let v = (v * 10.0).round() / 10.0;
            if v == 0.0 || !v.is_finite() { 0.0 } else { v }
        };
        Self {
            x: r(self.x),
            y: r(self.y),
        }
    }
}

impl From<(f32, f32)> for Position {
    fn from((x, y): (f32, f32)) -> Self {
        Self { x, y }
    }
}

impl From<Position> for (f32, f32) {
    fn from(p: Position) -> Self {
        (p.x, p.y)
    }
}

/// The ISO 23257 user-view roles, plus parties outside the DLT system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ActorRole {
    #[default]
    User,
    Administrator,
    Provider,
    Developer,
    Governor,
    Auditor,
    External,
}

impl ActorRole {
    pub const ALL: [ActorRole; 7] = [
        ActorRole::User,
        ActorRole::Administrator,
        ActorRole::Provider,
        ActorRole::Developer,
        ActorRole::Governor,
        ActorRole::Auditor,
        ActorRole::External,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ActorRole::User => "DLT user",
            ActorRole::Administrator => "DLT administrator",
            ActorRole::Provider => "DLT provider / operator",
            ActorRole::Developer => "DLT developer",
            ActorRole::Governor => "DLT governor",
            ActorRole::Auditor => "DLT auditor",
            ActorRole::External => "External party",
        }
    }
}

/// What kind of thing an asset is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AssetType {
    FungibleToken,
    UniqueToken,
    #[default]
    Document,
    Credential,
    PhysicalTwin,
    Data,
    Payment,
}

impl AssetType {
    pub const ALL: [AssetType; 7] = [
        AssetType::FungibleToken,
        AssetType::UniqueToken,
        AssetType::Document,
        AssetType::Credential,
        AssetType::PhysicalTwin,
        AssetType::Data,
        AssetType::Payment,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AssetType::FungibleToken => "Fungible token",
            AssetType::UniqueToken => "Unique token",
            AssetType::Document => "Document or record",
            AssetType::Credential => "Credential",
            AssetType::PhysicalTwin => "Physical-asset twin",
            AssetType::Data => "Data",
            AssetType::Payment => "Payment",
        }
    }

    /// Fungible and unique tokens: value that a smart contract usually governs.
    pub fn is_token(self) -> bool {
        matches!(self, AssetType::FungibleToken | AssetType::UniqueToken)
    }
}

/// Whether a node is an actor or an asset, with what only that kind has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeKind {
    Actor {
        role: ActorRole,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        organisation: String,
    },
    Asset {
        asset_type: AssetType,
    },
}

impl NodeKind {
    pub fn is_actor(&self) -> bool {
        matches!(self, NodeKind::Actor { .. })
    }
    pub fn is_asset(&self) -> bool {
        matches!(self, NodeKind::Asset { .. })
    }
}

/// Where a node's data lives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DataLocation {
    OnLedger,
    HashOnLedger,
    #[default]
    OffLedger,
}

impl DataLocation {
    pub const ALL: [DataLocation; 3] = [
        DataLocation::OnLedger,
        DataLocation::HashOnLedger,
        DataLocation::OffLedger,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DataLocation::OnLedger => "On-ledger",
            DataLocation::HashOnLedger => "Hash on-ledger, data off-ledger",
            DataLocation::OffLedger => "Off-ledger",
        }
    }
}

/// An assessment criterion attached to a node: how much it matters there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionUse {
    /// 1 (nice to have) to 5 (essential).
    pub weight: u8,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub must_have: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Default for CriterionUse {
    fn default() -> Self {
        Self {
            weight: 3,
            must_have: false,
            note: String::new(),
        }
    }
}

/// An actor or an asset on the diagram.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub name: String,
    pub kind: NodeKind,
    pub position: Position,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub jurisdiction: String,
    #[serde(default)]
    pub data: DataLocation,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub personal_data: bool,
    /// Reference-architecture components (catalogue keys).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub components: BTreeSet<String>,
    /// Assessment criteria (catalogue keys) with their weight here.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "super::unique::unique_map"
    )]
    pub criteria: BTreeMap<String, CriterionUse>,
}

impl Node {
    /// A new actor with default role and nothing attached.
    pub fn actor(name: impl Into<String>, position: Position) -> Self {
        Self::new(
            name,
            NodeKind::Actor {
                role: ActorRole::default(),
                organisation: String::new(),
            },
            position,
        )
    }

    /// A new asset of the default type with nothing attached.
    pub fn asset(name: impl Into<String>, position: Position) -> Self {
        Self::new(
            name,
            NodeKind::Asset {
                asset_type: AssetType::default(),
            },
            position,
        )
    }

    /// Whether the two nodes differ at most in their position (every field is named, so a new
    /// field must be considered here).
    pub fn same_but_position(&self, other: &Node) -> bool {
        let Node {
            name,
            kind,
            position: _,
            description,
            jurisdiction,
            data,
            personal_data,
            components,
            criteria,
        } = self;
        *name == other.name
            && *kind == other.kind
            && *description == other.description
            && *jurisdiction == other.jurisdiction
            && *data == other.data
            && *personal_data == other.personal_data
            && *components == other.components
            && *criteria == other.criteria
    }

    /// A new node of any kind with nothing attached.
    pub fn new(name: impl Into<String>, kind: NodeKind, position: Position) -> Self {
        Self {
            name: name.into(),
            kind,
            position: position.rounded(),
            description: String::new(),
            jurisdiction: String::new(),
            data: DataLocation::default(),
            personal_data: false,
            components: BTreeSet::new(),
            criteria: BTreeMap::new(),
        }
    }

    pub fn is_actor(&self) -> bool {
        self.kind.is_actor()
    }

    pub fn is_asset(&self) -> bool {
        self.kind.is_asset()
    }

    pub fn role(&self) -> Option<ActorRole> {
        match self.kind {
            NodeKind::Actor { role, .. } => Some(role),
            NodeKind::Asset { .. } => None,
        }
    }

    pub fn organisation(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Actor { organisation, .. } => Some(organisation),
            NodeKind::Asset { .. } => None,
        }
    }

    pub fn asset_type(&self) -> Option<AssetType> {
        match self.kind {
            NodeKind::Asset { asset_type } => Some(asset_type),
            NodeKind::Actor { .. } => None,
        }
    }
}
