//! Differences between two projects in plain words: added, removed and changed nodes, flows,
//! fields, attachments and sheet fields — what `dlt-modeller diff A B` prints.

use std::fmt;

use serde_json::Value;

use crate::model::Project;

/// One difference, with the path of the value and a sentence saying what changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub path: String,
    pub sentence: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sentence)
    }
}

/// What changed from `a` to `b`, in a stable order (sheet, nodes, flows, then the rest).
pub fn diff(a: &Project, b: &Project) -> Vec<Difference> {
    let tree = |p: &Project| serde_json::to_value(p).expect("projects convert to data trees");
    let (ta, tb) = (tree(a), tree(b));
    let mut out = Vec::new();
    let context = Context { a, b };
    for section in [
        "sheet",
        "nodes",
        "flows",
        "platforms",
        "thresholds",
        "regulatory",
        "custom",
    ] {
        walk(&context, &[section], ta.get(section), tb.get(section), &mut out);
    }
    out
}

struct Context<'a> {
    a: &'a Project,
    b: &'a Project,
}

impl Context<'_> {
    /// "actor \"Mine\" (mine)" for a node id, looked up in whichever project has it.
    fn node(&self, id: &str) -> String {
        match self.b.nodes.get(id).or_else(|| self.a.nodes.get(id)) {
            Some(n) => format!("{} {:?} ({id})", if n.is_actor() { "actor" } else { "asset" }, n.name),
            None => format!("node {id}"),
        }
    }

    fn flow(&self, id: &str) -> String {
        match self.b.flows.get(id).or_else(|| self.a.flows.get(id)) {
            Some(f) => format!("flow {id} ({} → {}, {:?})", f.from, f.to, f.action),
            None => format!("flow {id}"),
        }
    }

    /// Names the thing at the start of a path: a node, a flow, the sheet, a platform …
    fn subject(&self, path: &[&str]) -> String {
        match path {
            ["nodes", id, ..] => self.node(id),
            ["flows", id, ..] => self.flow(id),
            ["sheet", ..] => "use-case sheet".to_string(),
            ["platforms", key, ..] => format!("platform {key}"),
            ["thresholds", key, ..] => format!("must-have threshold of {key}"),
            ["regulatory", key, ..] => format!("answer to {key}"),
            ["custom", kind, key, ..] => format!("project-local {} {key}", kind.trim_end_matches('s')),
            _ => path.join("."),
        }
    }
}

/// The depth at which a path names a whole entity (added or removed as one).
fn entity_depth(path: &[&str]) -> usize {
    match path.first() {
        Some(&"custom") => 3,
        Some(&"sheet") => usize::MAX,
        _ => 2,
    }
}

fn walk(cx: &Context, path: &[&str], a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Difference>) {
    if a == b {
        return;
    }
    let here = path.join(".");
    let push = |out: &mut Vec<Difference>, sentence: String| {
        out.push(Difference {
            path: here.clone(),
            sentence,
        })
    };
    if path.len() == entity_depth(path) {
        match (a, b) {
            (None, Some(_)) => return push(out, format!("added {}", cx.subject(path))),
            (Some(_), None) => return push(out, format!("removed {}", cx.subject(path))),
            _ => {}
        }
    }
    if path.len() == 4 && path[0] == "nodes" && path[2] == "criteria" {
        let criterion = path[3];
        let sentence = match (a, b) {
            (None, _) => format!("attached criterion {criterion} ({})", criterion_words(b)),
            (_, None) => format!("detached criterion {criterion}"),
            _ => format!(
                "criterion {criterion} changed from {} to {}",
                criterion_words(a),
                criterion_words(b)
            ),
        };
        return push(out, format!("{}: {sentence}", cx.subject(path)));
    }
    match (as_map(a), as_map(b)) {
        (Some(ma), Some(mb)) if !is_enum(ma, mb) => {
            let mut keys: Vec<&String> = ma.keys().chain(mb.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child: Vec<&str> = path.iter().copied().chain([key.as_str()]).collect();
                walk(cx, &child, ma.get(key), mb.get(key), out);
            }
            return;
        }
        _ => {}
    }
    match (a, b) {
        (None | Some(Value::Array(_)), None | Some(Value::Array(_))) if text_lists(a, b) => {
            let (la, lb) = (list(a), list(b));
            let field = path.last().copied().unwrap_or_default();
            let verb = |added: bool| match (field, added) {
                ("components", true) => "attached component",
                ("components", false) => "detached component",
                (_, true) => "added to",
                (_, false) => "removed from",
            };
            for v in lb.iter().filter(|v| !la.contains(v)) {
                push(
                    out,
                    format!(
                        "{}: {} {}{}",
                        cx.subject(path),
                        verb(true),
                        field_words(field, true),
                        text(v)
                    ),
                );
            }
            for v in la.iter().filter(|v| !lb.contains(v)) {
                push(
                    out,
                    format!(
                        "{}: {} {}{}",
                        cx.subject(path),
                        verb(false),
                        field_words(field, true),
                        text(v)
                    ),
                );
            }
        }
        _ => {
            let field = path[entity_depth(path).min(path.len() - 1).max(1)..].join(".");
            let sentence = match (a, b) {
                (None, _) => format!("{field} set to {}", short(b)),
                (_, None) => format!("{field} cleared (was {})", short(a)),
                _ => format!("{field} changed from {} to {}", short(a), short(b)),
            };
            push(out, format!("{}: {sentence}", cx.subject(path)));
        }
    }
}

/// A map, or an empty map for a value that is absent.
fn as_map(v: Option<&Value>) -> Option<&serde_json::Map<String, Value>> {
    static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> = std::sync::OnceLock::new();
    match v {
        Some(Value::Object(m)) => Some(m),
        None => Some(EMPTY.get_or_init(serde_json::Map::new)),
        _ => None,
    }
}

/// An enum in the tree is a one-key object (`{"Actor": {…}}`); a change of variant is reported
/// as one change of the whole value rather than as a key removed and another added.
fn is_enum(a: &serde_json::Map<String, Value>, b: &serde_json::Map<String, Value>) -> bool {
    let variant =
        |m: &serde_json::Map<String, Value>| m.len() == 1 && m.keys().all(|k| k.starts_with(char::is_uppercase));
    variant(a) && variant(b) && a.keys().ne(b.keys())
}

fn text_lists(a: Option<&Value>, b: Option<&Value>) -> bool {
    list(a).iter().chain(list(b).iter()).all(Value::is_string)
}

fn list(v: Option<&Value>) -> Vec<Value> {
    match v {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    }
}

fn field_words(field: &str, _added: bool) -> String {
    match field {
        "components" => String::new(),
        other => format!("{other}: "),
    }
}

fn text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// A criterion's use as a person reads it: "weight 4, must-have, note \"…\"".
fn criterion_words(v: Option<&Value>) -> String {
    let get = |k: &str| v.and_then(|v| v.get(k));
    let mut words = vec![format!(
        "weight {}",
        get("weight").map_or("?".to_string(), Value::to_string)
    )];
    if get("must_have") == Some(&Value::Bool(true)) {
        words.push("must-have".to_string());
    }
    if let Some(Value::String(note)) = get("note") {
        words.push(format!("note {note:?}"));
    }
    words.join(", ")
}

/// A value as a person reads it: text unquoted when short, structures compact.
fn short(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "nothing".to_string(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(Value::Object(m)) if m.len() == 1 => {
            let (k, inner) = m.iter().next().expect("one entry");
            match inner {
                Value::Object(f) if !f.is_empty() => format!("{k} {}", Value::Object(f.clone())),
                _ => k.clone(),
            }
        }
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CriterionUse, Flow, Node, Position};

    fn base() -> Project {
        let mut p = Project::new("Gold");
        p.nodes
            .insert("mine".into(), Node::actor("Mine", Position::new(0.0, 0.0)));
        p.nodes
            .insert("bar".into(), Node::asset("Bar", Position::new(200.0, 0.0)));
        p.flows.insert("f1".into(), Flow::new("mine", "bar", 1, "registers"));
        p
    }

    fn sentences(a: &Project, b: &Project) -> Vec<String> {
        diff(a, b).into_iter().map(|d| d.sentence).collect()
    }

    #[test]
    fn identical_projects_have_no_differences() {
        assert!(diff(&base(), &base()).is_empty());
    }

    #[test]
    fn differences_read_as_sentences() {
        let mut b = base();
        b.sheet.title = "Gold trade".into();
        b.sheet.references.push("https://lbma.org.uk".into());
        let mine = b.nodes.get_mut("mine").unwrap();
        mine.name = "Gold mine".into();
        mine.components.insert("platform.ledger".into());
        mine.criteria.insert(
            "core.query".into(),
            CriterionUse {
                weight: 4,
                ..Default::default()
            },
        );
        b.nodes.remove("bar");
        b.flows.remove("f1");
        b.nodes
            .insert("vault".into(), Node::actor("Vault", Position::new(0.0, 200.0)));
        b.flows.insert("f2".into(), Flow::new("mine", "vault", 2, "ships"));
        b.platforms.insert("fabric".into(), Default::default());
        assert_eq!(
            sentences(&base(), &b),
            [
                "use-case sheet: added to references: https://lbma.org.uk",
                "use-case sheet: title changed from \"Gold\" to \"Gold trade\"",
                "removed asset \"Bar\" (bar)",
                "actor \"Gold mine\" (mine): attached component platform.ledger",
                "actor \"Gold mine\" (mine): attached criterion core.query (weight 4)",
                "actor \"Gold mine\" (mine): name changed from \"Mine\" to \"Gold mine\"",
                "added actor \"Vault\" (vault)",
                "removed flow f1 (mine → bar, \"registers\")",
                "added flow f2 (mine → vault, \"ships\")",
                "added platform fabric",
            ]
        );
    }

    #[test]
    fn kind_changes_are_one_change() {
        let mut b = base();
        b.nodes.get_mut("mine").unwrap().kind = crate::model::NodeKind::Asset {
            asset_type: Default::default(),
        };
        let s = sentences(&base(), &b);
        assert_eq!(s.len(), 1, "{s:?}");
        assert!(s[0].contains("kind changed from Actor"), "{s:?}");
    }
}
