//! Three-way merge over the project's data tree. Each project is viewed as a tree of maps
//! (structs and keyed collections), lists and values (`serde_json::Value`); the merge walks the
//! three trees together: a side that left a value as it was in the base takes the other side's
//! change; maps merge key by key, so edits to different nodes or different fields of one node
//! both land; lists of text merge as sets (both sides' additions kept, either side's removals
//! applied); anything else changed differently on both sides is a conflict, resolved to ours and
//! reported with its path. An entry of a keyed collection (a node, a flow, a criterion on a node,
//! a platform, …) that both sides added with different content is one conflict, ours kept whole,
//! never a mix of fields neither side wrote. What the tree cannot see — a flow naming a node the
//! other side deleted — is put right afterwards (`references`).

use serde_json::{Map, Value};

use super::references;
use crate::model::Project;

/// Where both sides changed the same value differently, or where their changes together would
/// break the model, and what the merge kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// Path of the value, e.g. `nodes.mine.name`.
    pub path: String,
    /// The value in the base, ours and theirs (`None` where it is absent).
    pub base: Option<Value>,
    pub ours: Option<Value>,
    pub theirs: Option<Value>,
    /// What the merge kept, and why when it is not simply ours ("kept ours").
    pub kept: String,
}

/// What most conflicts keep.
pub(super) const KEPT_OURS: &str = "kept ours";

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &Option<Value>| v.as_ref().map_or("(absent)".to_string(), Value::to_string);
        if [&self.base, &self.ours, &self.theirs].iter().all(|v| v.is_none()) {
            return write!(f, "{}: {}", self.path, self.kept);
        }
        write!(
            f,
            "{}: base {}, ours {}, theirs {} — {}",
            self.path,
            show(&self.base),
            show(&self.ours),
            show(&self.theirs),
            self.kept
        )
    }
}

/// The result of a merge: the merged project and the conflicts (resolved to ours).
#[derive(Clone, Debug)]
pub struct Merged {
    pub project: Project,
    pub conflicts: Vec<Conflict>,
}

/// Merges `ours` and `theirs`, both descended from `base`.
pub fn merge(base: &Project, ours: &Project, theirs: &Project) -> Merged {
    let tree = |p: &Project| serde_json::to_value(p).expect("projects convert to data trees");
    let mut conflicts = Vec::new();
    let merged = merge_value(
        &mut Vec::new(),
        Some(&tree(base)),
        Some(&tree(ours)),
        Some(&tree(theirs)),
        &mut conflicts,
    );
    let merged = merged.expect("the project itself is never removed");
    // Merging keeps every map key's value from one of the inputs and only merges sets of text,
    // so the tree has the project's shape; should that ever fail, keep ours and say so.
    match serde_json::from_value(merged) {
        Ok(mut project) => {
            references::repair([base, ours, theirs], &mut project, &mut conflicts);
            Merged { project, conflicts }
        }
        Err(e) => Merged {
            project: ours.clone(),
            conflicts: vec![Conflict {
                path: "(whole project)".to_string(),
                base: None,
                ours: None,
                theirs: None,
                kept: format!("kept ours: the merged data did not make a project ({e})"),
            }],
        },
    }
}

/// Whether `path` names an entry of a keyed collection: something added and removed as a whole
/// (a new keyed collection in the model belongs here too).
fn is_entry(path: &[&str]) -> bool {
    matches!(
        path,
        ["nodes" | "flows" | "platforms" | "thresholds" | "regulatory", _]
            | ["custom", "components" | "criteria" | "platforms", _]
            | ["nodes", _, "criteria", _]
            | ["platforms", _, "overrides", _]
            | ["custom", "platforms", _, "scores", _]
    )
}

fn merge_value<'a>(
    path: &mut Vec<&'a str>,
    base: Option<&'a Value>,
    ours: Option<&'a Value>,
    theirs: Option<&'a Value>,
    conflicts: &mut Vec<Conflict>,
) -> Option<Value> {
    if ours == theirs || theirs == base {
        return ours.cloned();
    }
    if ours == base {
        return theirs.cloned();
    }
    if base.is_none() && is_entry(path) {
        // Both sides added the entry, differently.
        return conflict(path, base, ours, theirs, conflicts);
    }
    match (base, ours, theirs) {
        (b, Some(Value::Object(o)), Some(Value::Object(t))) => {
            let b = match b {
                Some(Value::Object(b)) => Some(b),
                _ => None,
            };
            Some(Value::Object(merge_maps(path, b, o, t, conflicts)))
        }
        (None | Some(Value::Array(_)), Some(Value::Array(o)), Some(Value::Array(t))) => {
            let b = match base {
                Some(Value::Array(b)) => b.as_slice(),
                _ => &[],
            };
            if all_text([b, o, t]) {
                Some(Value::Array(merge_text_sets(b, o, t)))
            } else {
                conflict(path, base, ours, theirs, conflicts)
            }
        }
        _ => conflict(path, base, ours, theirs, conflicts),
    }
}

fn conflict(
    path: &[&str],
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    conflicts: &mut Vec<Conflict>,
) -> Option<Value> {
    conflicts.push(Conflict {
        path: path.join("."),
        base: base.cloned(),
        ours: ours.cloned(),
        theirs: theirs.cloned(),
        kept: KEPT_OURS.to_string(),
    });
    ours.cloned()
}

fn merge_maps<'a>(
    path: &mut Vec<&'a str>,
    base: Option<&'a Map<String, Value>>,
    ours: &'a Map<String, Value>,
    theirs: &'a Map<String, Value>,
    conflicts: &mut Vec<Conflict>,
) -> Map<String, Value> {
    let base_keys = base.into_iter().flat_map(Map::keys);
    let mut keys: Vec<&String> = ours.keys().chain(theirs.keys()).chain(base_keys).collect();
    keys.sort();
    keys.dedup();
    let mut out = Map::new();
    for key in keys {
        path.push(key);
        let merged = merge_value(
            path,
            base.and_then(|b| b.get(key)),
            ours.get(key),
            theirs.get(key),
            conflicts,
        );
        path.pop();
        if let Some(v) = merged {
            out.insert(key.clone(), v);
        }
    }
    out
}

fn all_text(lists: [&[Value]; 3]) -> bool {
    lists.iter().all(|l| l.iter().all(Value::is_string))
}

/// Ours in its order, less what theirs removed, plus what theirs added (in theirs' order).
fn merge_text_sets(base: &[Value], ours: &[Value], theirs: &[Value]) -> Vec<Value> {
    let removed_by_theirs = |v: &Value| base.contains(v) && !theirs.contains(v);
    let mut out: Vec<Value> = ours.iter().filter(|v| !removed_by_theirs(v)).cloned().collect();
    for v in theirs {
        if !base.contains(v) && !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Flow, Node, Position};

    fn base() -> Project {
        let mut p = Project::new("Gold");
        p.nodes
            .insert("mine".into(), Node::actor("Mine", Position::new(0.0, 0.0)));
        p.nodes
            .insert("bar".into(), Node::asset("Bar", Position::new(200.0, 0.0)));
        p.flows.insert("f1".into(), Flow::new("mine", "bar", 1, "registers"));
        p
    }

    fn edit(f: impl FnOnce(&mut Project)) -> Project {
        let mut p = base();
        f(&mut p);
        p
    }

    #[test]
    fn edits_to_different_nodes_both_land() {
        let ours = edit(|p| p.nodes.get_mut("mine").unwrap().name = "Gold mine".into());
        let theirs = edit(|p| p.nodes.get_mut("bar").unwrap().position = Position::new(300.0, 50.0));
        let m = merge(&base(), &ours, &theirs);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.project.nodes["mine"].name, "Gold mine");
        assert_eq!(m.project.nodes["bar"].position, Position::new(300.0, 50.0));
    }

    #[test]
    fn edits_to_different_fields_of_one_node_both_land() {
        let ours = edit(|p| p.nodes.get_mut("mine").unwrap().name = "Gold mine".into());
        let theirs = edit(|p| p.nodes.get_mut("mine").unwrap().jurisdiction = "GH".into());
        let m = merge(&base(), &ours, &theirs);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.project.nodes["mine"].name, "Gold mine");
        assert_eq!(m.project.nodes["mine"].jurisdiction, "GH");
    }

    #[test]
    fn one_field_edited_differently_is_a_conflict_kept_as_ours() {
        let ours = edit(|p| p.nodes.get_mut("mine").unwrap().name = "A".into());
        let theirs = edit(|p| p.nodes.get_mut("mine").unwrap().name = "B".into());
        let m = merge(&base(), &ours, &theirs);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].path, "nodes.mine.name");
        assert_eq!(
            m.conflicts[0].to_string(),
            "nodes.mine.name: base \"Mine\", ours \"A\", theirs \"B\" — kept ours"
        );
        assert_eq!(m.project.nodes["mine"].name, "A");
    }

    #[test]
    fn attachments_merge_as_sets() {
        let ours = edit(|p| {
            p.nodes
                .get_mut("mine")
                .unwrap()
                .components
                .insert("platform.ledger".into());
        });
        let theirs = edit(|p| {
            p.nodes
                .get_mut("mine")
                .unwrap()
                .components
                .insert("security.pii_protection".into());
        });
        let m = merge(&base(), &ours, &theirs);
        assert!(m.conflicts.is_empty());
        let c: Vec<_> = m.project.nodes["mine"].components.iter().cloned().collect();
        assert_eq!(c, ["platform.ledger", "security.pii_protection"]);
    }

    #[test]
    fn an_entry_both_sides_added_differently_is_one_conflict_kept_whole() {
        let criterion = |weight, must_have| crate::model::CriterionUse {
            weight,
            must_have,
            note: String::new(),
        };
        let ours = edit(|p| {
            let mine = p.nodes.get_mut("mine").unwrap();
            mine.criteria.insert("core.query".into(), criterion(4, false));
            p.thresholds.insert("core.query".into(), 3);
            p.custom.components.insert("org.a".into(), Default::default());
        });
        let theirs = edit(|p| {
            let mine = p.nodes.get_mut("mine").unwrap();
            mine.criteria.insert("core.query".into(), criterion(2, true));
            p.thresholds.insert("core.audit".into(), 1);
            p.custom.criteria.insert("org.b".into(), Default::default());
        });
        let m = merge(&base(), &ours, &theirs);
        let paths: Vec<&str> = m.conflicts.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["nodes.mine.criteria.core.query"]);
        assert_eq!(m.project.nodes["mine"].criteria["core.query"], criterion(4, false));
        // Collections that only one side or both sides started, with different keys, still merge.
        assert_eq!(m.project.thresholds.len(), 2);
        assert!(m.project.custom.components.contains_key("org.a") && m.project.custom.criteria.contains_key("org.b"));
    }

    #[test]
    fn ends_changed_into_a_loop_keep_ours_whole() {
        let three = |p: &mut Project| {
            p.nodes
                .insert("vault".into(), Node::actor("Vault", Position::new(0.0, 200.0)));
        };
        let base = edit(three);
        let ours = edit(|p| {
            three(p);
            p.flows.get_mut("f1").unwrap().from = "vault".into();
        });
        let theirs = edit(|p| {
            three(p);
            p.flows.get_mut("f1").unwrap().to = "vault".into();
        });
        let m = merge(&base, &ours, &theirs);
        assert_eq!(m.project.flows["f1"], ours.flows["f1"]);
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        assert!(
            m.conflicts[0]
                .to_string()
                .ends_with("— kept ours whole: with both sides' changes the flow would go from \"vault\" to itself"),
            "{}",
            m.conflicts[0]
        );
    }
}
