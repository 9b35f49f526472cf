//! Flows: one step of a use case, from one node to another, optionally carrying an asset.

use serde::{Deserialize, Serialize};

use super::NodeId;

/// What a flow does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FlowKind {
    Issue,
    #[default]
    Transfer,
    Redeem,
    Record,
    Verify,
    Notify,
    Pay,
    ExchangeData,
}

impl FlowKind {
    pub const ALL: [FlowKind; 8] = [
        FlowKind::Issue,
        FlowKind::Transfer,
        FlowKind::Redeem,
        FlowKind::Record,
        FlowKind::Verify,
        FlowKind::Notify,
        FlowKind::Pay,
        FlowKind::ExchangeData,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FlowKind::Issue => "Issue",
            FlowKind::Transfer => "Transfer",
            FlowKind::Redeem => "Redeem",
            FlowKind::Record => "Record",
            FlowKind::Verify => "Verify",
            FlowKind::Notify => "Notify",
            FlowKind::Pay => "Pay",
            FlowKind::ExchangeData => "Exchange data",
        }
    }

    /// Flows that move value from one holder to another.
    pub fn moves_value(self) -> bool {
        matches!(
            self,
            FlowKind::Transfer | FlowKind::Pay | FlowKind::Redeem | FlowKind::Issue
        )
    }
}

/// A directed step between two nodes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub from: NodeId,
    pub to: NodeId,
    /// Step number for ordering (1, 2, 3 …); several flows may share a step.
    pub step: u32,
    /// What happens, e.g. "registers lot".
    pub action: String,
    #[serde(default)]
    pub kind: FlowKind,
    /// Whether the step is recorded on the ledger.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_ledger: bool,
    /// The asset node this flow carries, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<NodeId>,
}

impl Flow {
    pub fn new(from: impl Into<NodeId>, to: impl Into<NodeId>, step: u32, action: impl Into<String>) -> Self {
        Self {
            from: from.into(),
            to: to.into(),
            step,
            action: action.into(),
            kind: FlowKind::default(),
            on_ledger: false,
            asset: None,
        }
    }

    /// The ids the flow names: its ends and the asset it carries, if any.
    pub fn named_nodes(&self) -> impl Iterator<Item = &NodeId> {
        [&self.from, &self.to].into_iter().chain(&self.asset)
    }

    /// Whether the flow starts or ends at `node`.
    pub fn touches(&self, node: &str) -> bool {
        self.from == node || self.to == node
    }
}
