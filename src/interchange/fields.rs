//! The fields of a node and of a flow as text, shared by CSV columns and draw.io attributes:
//! their names, how each is written, and reading them back (an error names the field).
//!
//! Enumerations are written by their name in the project file (`User`, `FungibleToken`,
//! `OnLedger`, `Transfer`) and read back by that name or by their label, in any case;
//! components are `;`-separated keys; criteria are `;`-separated `key` (weight 3), `key=W` or
//! `key=W!` (a must-have). A criterion's note is not kept.

use std::collections::{BTreeMap, BTreeSet};

use crate::file::MAX_STRING_BYTES;
use crate::model::{ActorRole, AssetType, CriterionUse, DataLocation, Flow, FlowKind, Node, NodeKind, Position};

/// The fields of a node, in the order CSV columns are written.
pub const NODE_FIELDS: [&str; 14] = [
    "id",
    "kind",
    "name",
    "x",
    "y",
    "role",
    "organisation",
    "asset_type",
    "description",
    "jurisdiction",
    "data",
    "personal_data",
    "components",
    "criteria",
];

/// The fields of a flow, in the order CSV columns are written.
pub const FLOW_FIELDS: [&str; 8] = ["id", "from", "to", "step", "action", "kind", "on_ledger", "asset"];

/// The weight a criterion written without one has.
const DEFAULT_WEIGHT: u8 = 3;

/// A node's fields as text, in [`NODE_FIELDS`] order.
pub fn node_record(id: &str, node: &Node) -> [String; 14] {
    let (kind, role, organisation, asset_type) = match &node.kind {
        NodeKind::Actor { role, organisation } => ("actor", format!("{role:?}"), organisation.clone(), String::new()),
        NodeKind::Asset { asset_type } => ("asset", String::new(), String::new(), format!("{asset_type:?}")),
    };
    [
        id.to_string(),
        kind.to_string(),
        node.name.clone(),
        number(node.position.x),
        number(node.position.y),
        role,
        organisation,
        asset_type,
        node.description.clone(),
        node.jurisdiction.clone(),
        format!("{:?}", node.data),
        yes_no(node.personal_data),
        keys(node.components.iter()),
        criteria_text(&node.criteria),
    ]
}

/// A flow's fields as text, in [`FLOW_FIELDS`] order.
pub fn flow_record(id: &str, flow: &Flow) -> [String; 8] {
    [
        id.to_string(),
        flow.from.clone(),
        flow.to.clone(),
        flow.step.to_string(),
        flow.action.clone(),
        format!("{:?}", flow.kind),
        yes_no(flow.on_ledger),
        flow.asset.clone().unwrap_or_default(),
    ]
}

/// A number as short as it reads back exactly.
pub fn number(value: f32) -> String {
    format!("{value}")
}

fn yes_no(value: bool) -> String {
    if value { "true" } else { "false" }.to_string()
}

fn keys<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    keys.map(String::as_str).collect::<Vec<_>>().join(";")
}

fn criteria_text(criteria: &BTreeMap<String, CriterionUse>) -> String {
    let one = |(key, usage): (&String, &CriterionUse)| {
        let must = if usage.must_have { "!" } else { "" };
        if usage.weight == DEFAULT_WEIGHT && !usage.must_have {
            key.clone()
        } else {
            format!("{key}={}{must}", usage.weight)
        }
    };
    criteria.iter().map(one).collect::<Vec<_>>().join(";")
}

/// A field that could not be read: which, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Looks a field up in a record being read; `None` or blank when it is not given.
pub type Get<'a> = &'a dyn Fn(&str) -> Option<String>;

/// A given, non-blank field, checked against the string limit of project files.
pub fn text(get: Get, field: &'static str) -> Result<Option<String>, FieldError> {
    match get(field).map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        Some(t) if t.len() > MAX_STRING_BYTES => Err(FieldError {
            field,
            message: format!("{} bytes, over the limit of {MAX_STRING_BYTES}", t.len()),
        }),
        other => Ok(other),
    }
}

/// The node a record describes, as an asset or an actor; `position` when the record has none.
/// Fields of the other kind (a role on an asset) are not read.
pub fn node_from(get: Get, asset: bool, name: String, position: Position) -> Result<Node, FieldError> {
    let mut node = if asset {
        let asset_type = choice(get, "asset_type", &AssetType::ALL, AssetType::label)?;
        Node::new(name, NodeKind::Asset { asset_type }, position)
    } else {
        let role = choice(get, "role", &ActorRole::ALL, ActorRole::label)?;
        let organisation = text(get, "organisation")?.unwrap_or_default();
        Node::new(name, NodeKind::Actor { role, organisation }, position)
    };
    node.description = text(get, "description")?.unwrap_or_default();
    node.jurisdiction = text(get, "jurisdiction")?.unwrap_or_default();
    node.data = choice(get, "data", &DataLocation::ALL, DataLocation::label)?;
    node.personal_data = flag(get, "personal_data")?;
    node.components = key_list(get, "components")?.into_iter().collect::<BTreeSet<_>>();
    node.criteria = criteria(get)?;
    Ok(node)
}

/// Whether a `kind` text says asset (`Some(true)`), actor (`Some(false)`) or neither.
pub fn is_asset(kind: &str) -> Option<bool> {
    match kind.trim().to_ascii_lowercase().as_str() {
        "asset" => Some(true),
        "actor" => Some(false),
        _ => None,
    }
}

/// A coordinate field, when given.
pub fn coordinate(get: Get, field: &'static str) -> Result<Option<f32>, FieldError> {
    let Some(t) = text(get, field)? else { return Ok(None) };
    match t.parse::<f32>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(FieldError {
            field,
            message: format!("{t:?} is not a number"),
        }),
    }
}

/// A step number, when given.
pub fn step(get: Get) -> Result<Option<u32>, FieldError> {
    let Some(t) = text(get, "step")? else { return Ok(None) };
    t.parse().map(Some).map_err(|_| FieldError {
        field: "step",
        message: format!("{t:?} is not a whole number from 0"),
    })
}

/// The flow a record describes, between `from` and `to`, at `step`.
pub fn flow_from(get: Get, from: String, to: String, step: u32, action: String) -> Result<Flow, FieldError> {
    let mut flow = Flow::new(from, to, step, action);
    flow.kind = choice(get, "kind", &FlowKind::ALL, FlowKind::label)?;
    flow.on_ledger = flag(get, "on_ledger")?;
    Ok(flow)
}

/// One of `all`, written by its name in the file or its label, in any case; the default when
/// the field is blank.
fn choice<T: Copy + Default + std::fmt::Debug>(
    get: Get,
    field: &'static str,
    all: &[T],
    label: fn(T) -> &'static str,
) -> Result<T, FieldError> {
    let Some(t) = text(get, field)? else {
        return Ok(T::default());
    };
    let wanted = t.to_lowercase();
    let matches = |v: &&T| format!("{v:?}").to_lowercase() == wanted || label(**v).to_lowercase() == wanted;
    all.iter().find(matches).copied().ok_or_else(|| FieldError {
        field,
        message: format!(
            "{t:?} is not one of {}",
            all.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(", ")
        ),
    })
}

fn flag(get: Get, field: &'static str) -> Result<bool, FieldError> {
    let Some(t) = text(get, field)? else { return Ok(false) };
    match t.to_lowercase().as_str() {
        "true" | "yes" | "1" | "x" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(FieldError {
            field,
            message: format!("{t:?} is neither true nor false"),
        }),
    }
}

/// The `;`-separated keys of a field (blank entries skipped).
fn key_list(get: Get, field: &'static str) -> Result<Vec<String>, FieldError> {
    Ok(text(get, field)?
        .map(|t| {
            t.split(';')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default())
}

fn criteria(get: Get) -> Result<BTreeMap<String, CriterionUse>, FieldError> {
    let mut out = BTreeMap::new();
    for entry in key_list(get, "criteria")? {
        let (key, usage) = match entry.split_once('=') {
            None => (entry.clone(), CriterionUse::default()),
            Some((key, weight)) => {
                let (weight, must_have) = match weight.trim().strip_suffix('!') {
                    Some(w) => (w, true),
                    None => (weight.trim(), false),
                };
                let weight = weight.trim().parse::<u8>().ok().filter(|w| (1..=5).contains(w));
                let Some(weight) = weight else {
                    return Err(FieldError {
                        field: "criteria",
                        message: format!("{entry:?}: the weight is a whole number from 1 to 5"),
                    });
                };
                (
                    key.trim().to_string(),
                    CriterionUse {
                        weight,
                        must_have,
                        note: String::new(),
                    },
                )
            }
        };
        out.insert(key, usage);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: BTreeMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn a_node_written_reads_back_the_same() {
        let mut node = Node::asset("Gold bar", Position::new(10.5, -3.0));
        node.kind = NodeKind::Asset {
            asset_type: AssetType::UniqueToken,
        };
        node.personal_data = true;
        node.data = DataLocation::HashOnLedger;
        node.components = ["smart-contracts".to_string(), "wallet".to_string()].into();
        node.criteria.insert("privacy".into(), CriterionUse::default());
        node.criteria.insert(
            "speed".into(),
            CriterionUse {
                weight: 5,
                must_have: true,
                note: String::new(),
            },
        );
        let written = node_record("s-1", &node);
        let get = |k: &str| NODE_FIELDS.iter().position(|f| *f == k).map(|i| written[i].clone());
        assert_eq!(written[13], "privacy;speed=5!");
        let back = node_from(&get, true, node.name.clone(), node.position).unwrap();
        assert_eq!(back, node);
    }

    #[test]
    fn labels_and_names_in_any_case_are_read_and_bad_values_name_their_field() {
        let get = record(&[("role", "dlt AUDITOR"), ("data", "onledger"), ("personal_data", "yes")]);
        let node = node_from(&get, false, "A".into(), Position::default()).unwrap();
        assert_eq!(
            node.kind,
            NodeKind::Actor {
                role: ActorRole::Auditor,
                organisation: String::new()
            }
        );
        assert_eq!(node.data, DataLocation::OnLedger);
        assert!(node.personal_data);
        let bad = record(&[("role", "King")]);
        let e = node_from(&bad, false, "A".into(), Position::default()).unwrap_err();
        assert_eq!(e.field, "role");
        assert!(e.message.starts_with("\"King\" is not one of User,"), "{e}");
        let bad = record(&[("criteria", "speed=9")]);
        assert_eq!(
            node_from(&bad, false, "A".into(), Position::default())
                .unwrap_err()
                .field,
            "criteria"
        );
    }
}
