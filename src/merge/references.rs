//! What merging the data tree value by value cannot see: changes on the two sides that are each
//! fine but break the model together. A flow whose ends the two sides changed into a loop keeps
//! ours whole; a node one side deleted while the other names it in a flow is kept (as the side
//! that kept it has it); any other error the merged model has and neither side had is listed.
//! Each is a conflict, so a merge never hands back a broken model without saying why.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use super::tree::{Conflict, KEPT_OURS};
use crate::model::validate::{self, KnownKeys, Severity};
use crate::model::{NodeId, Project};

/// Puts right what the two sides' changes break together in `merged`, listing each in `conflicts`.
pub(super) fn repair(inputs: [&Project; 3], merged: &mut Project, conflicts: &mut Vec<Conflict>) {
    unmix_loops(inputs, merged, conflicts);
    keep_named_nodes(inputs, merged, conflicts);
    list_new_errors(inputs, merged, conflicts);
}

fn value(item: Option<&impl Serialize>) -> Option<Value> {
    item.and_then(|item| serde_json::to_value(item).ok())
}

/// A flow made of ours' and theirs' changes that goes from a node to itself: neither side wrote
/// it, so ours (or theirs, when ours is the loop) is kept whole.
fn unmix_loops([base, ours, theirs]: [&Project; 3], merged: &mut Project, conflicts: &mut Vec<Conflict>) {
    for (id, flow) in merged.flows.iter_mut().filter(|(_, f)| f.from == f.to) {
        let (o, t) = (ours.flows.get(id), theirs.flows.get(id));
        if o == Some(&*flow) || t == Some(&*flow) {
            continue;
        }
        let Some(kept) = [o, t].into_iter().flatten().find(|f| f.from != f.to) else {
            continue;
        };
        let side = if Some(kept) == o { "ours" } else { "theirs" };
        let looped = std::mem::replace(flow, kept.clone());
        conflicts.push(Conflict {
            path: format!("flows.{id}"),
            base: value(base.flows.get(id)),
            ours: value(o),
            theirs: value(t),
            kept: format!(
                "kept {side} whole: with both sides' changes the flow would go from {:?} to itself",
                looped.from
            ),
        });
    }
}

/// Nodes the merged flows name that the merge left out (one side deleted them, the other named
/// them anew): kept as the side that has them, replacing the conflict of the deletion.
fn keep_named_nodes([base, ours, theirs]: [&Project; 3], merged: &mut Project, conflicts: &mut Vec<Conflict>) {
    let mut missing: BTreeMap<&NodeId, Vec<&str>> = BTreeMap::new();
    for (id, flow) in &merged.flows {
        for named in flow.named_nodes().filter(|named| !merged.nodes.contains_key(*named)) {
            let flows = missing.entry(named).or_default();
            if flows.last() != Some(&id.as_str()) {
                flows.push(id);
            }
        }
    }
    let mut kept = Vec::new();
    for (id, flows) in missing {
        let (side, deleter, node) = match (ours.nodes.get(id), theirs.nodes.get(id)) {
            (_, Some(node)) => ("theirs", "ours", node),
            (Some(node), None) => ("ours", "theirs", node),
            (None, None) => continue,
        };
        let path = format!("nodes.{id}");
        conflicts.retain(|c| c.path != path);
        conflicts.push(Conflict {
            path,
            base: value(base.nodes.get(id)),
            ours: value(ours.nodes.get(id)),
            theirs: value(theirs.nodes.get(id)),
            kept: format!(
                "kept the node as {side} has it: {deleter} deleted it, but the merged flow{} {} name{} it",
                if flows.len() == 1 { "" } else { "s" },
                flows.join(", "),
                if flows.len() == 1 { "s" } else { "" },
            ),
        });
        kept.push((id.clone(), node.clone()));
    }
    merged.nodes.extend(kept);
}

/// Every catalogue key counts as known: only errors are looked at, and no error depends on keys.
struct AnyKeys;

impl KnownKeys for AnyKeys {
    fn has_component(&self, _: &str) -> bool {
        true
    }
    fn has_criterion(&self, _: &str) -> bool {
        true
    }
    fn has_platform(&self, _: &str) -> bool {
        true
    }
    fn has_topic(&self, _: &str) -> bool {
        true
    }
}

fn errors(project: &Project) -> impl Iterator<Item = validate::Finding> {
    validate::validate(project, &AnyKeys)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
}

/// Errors of the merged model that neither side has (say, ours turned a node into an actor and
/// theirs added a flow carrying it), each listed as a conflict and left for a person to settle.
fn list_new_errors([_, ours, theirs]: [&Project; 3], merged: &Project, conflicts: &mut Vec<Conflict>) {
    let mut known: Option<HashSet<String>> = None;
    for finding in errors(merged) {
        let known = known.get_or_insert_with(|| errors(ours).chain(errors(theirs)).map(|f| f.message).collect());
        if known.contains(&finding.message) {
            continue;
        }
        conflicts.push(Conflict {
            path: finding.ids.join(", "),
            base: None,
            ours: None,
            theirs: None,
            kept: format!(
                "{KEPT_OURS} and theirs as merged, though together they make an error: {}",
                finding.message
            ),
        });
    }
}
