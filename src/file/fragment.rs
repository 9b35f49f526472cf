//! A fragment: some nodes and the flows among them, as RON text for the clipboard, so nodes
//! move between two windows. Text from the clipboard is untrusted and is checked like a file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::limits::check_text;
use crate::model::{Flow, FlowId, Node, NodeId, Project};

const FRAGMENT_FORMAT: &str = "dlt-modeller-fragment";

/// Nodes and the flows whose both ends are among them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fragment {
    pub format: String,
    pub nodes: BTreeMap<NodeId, Node>,
    #[serde(default)]
    pub flows: BTreeMap<FlowId, Flow>,
}

/// Why clipboard text is not a fragment.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the clipboard does not hold dlt-modeller nodes: {0}")]
pub struct FragmentError(String);

impl Fragment {
    /// The given nodes and the flows among them.
    pub fn of(project: &Project, ids: &[NodeId]) -> Self {
        let nodes: BTreeMap<NodeId, Node> = ids
            .iter()
            .filter_map(|id| Some((id.clone(), project.nodes.get(id)?.clone())))
            .collect();
        let flows = project
            .flows
            .iter()
            .filter(|(_, f)| nodes.contains_key(&f.from) && nodes.contains_key(&f.to))
            .map(|(id, f)| (id.clone(), f.clone()))
            .collect();
        Self {
            format: FRAGMENT_FORMAT.to_string(),
            nodes,
            flows,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn to_text(&self) -> String {
        let config = ron::ser::PrettyConfig::new().indentor("  ").struct_names(false);
        ron::ser::to_string_pretty(self, config).expect("fragments always serialise")
    }

    pub fn from_text(text: &str) -> Result<Self, FragmentError> {
        check_text(text).map_err(|e| FragmentError(e.to_string()))?;
        let fragment: Fragment = ron::Options::default()
            .with_recursion_limit(64)
            .from_str(text)
            .map_err(|e| FragmentError(format!("{}: {}", e.span.start, e.code)))?;
        if fragment.format != FRAGMENT_FORMAT {
            return Err(FragmentError(format!("format {:?}", fragment.format)));
        }
        Ok(fragment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Position;

    #[test]
    fn fragments_round_trip_through_text() {
        let mut p = Project::new("t");
        p.nodes.insert("a".into(), Node::actor("A", Position::new(1.0, 2.0)));
        p.nodes.insert("b".into(), Node::asset("B", Position::new(3.0, 4.0)));
        p.nodes.insert("c".into(), Node::asset("C", Position::new(3.0, 4.0)));
        p.flows.insert("f".into(), Flow::new("a", "b", 1, "x"));
        p.flows.insert("g".into(), Flow::new("a", "c", 2, "y"));
        let frag = Fragment::of(&p, &["a".into(), "b".into()]);
        assert_eq!(frag.flows.len(), 1);
        assert_eq!(Fragment::from_text(&frag.to_text()).unwrap(), frag);
    }

    #[test]
    fn other_text_is_refused() {
        assert!(Fragment::from_text("hello").is_err());
        assert!(Fragment::from_text("(format: \"x\", nodes: {})").is_err());
    }
}
