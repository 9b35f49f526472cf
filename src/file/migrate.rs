//! Migrations of older file versions to the current one, one tested step per version.
//!
//! Version 0 is the draft layout used while the format was designed (a title instead of a
//! use-case sheet, `x`/`y` instead of `position`, `label` instead of `action`, no platforms,
//! answers or custom catalogue). It is kept so the chain has a real, tested first link; the
//! next format change adds `v1` types here and a step from them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::LoadError;
use super::envelope::decode;
use crate::model::{Flow, FlowKind, Node, NodeKind, Position, Project};

/// Reads a file of an older `version` and brings it up to the current model.
pub fn to_current(version: u32, text: &str) -> Result<Project, LoadError> {
    match version {
        0 => Ok(v0_to_v1(decode::<v0::Project>(text)?)),
        other => Err(LoadError::whole(format!("format version {other} never existed"))),
    }
}

mod v0 {
    use super::*;
    use crate::model::unique::unique_map;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Project {
        pub title: String,
        #[serde(default, deserialize_with = "unique_map")]
        pub nodes: BTreeMap<String, Node>,
        #[serde(default, deserialize_with = "unique_map")]
        pub flows: BTreeMap<String, Flow>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Node {
        pub name: String,
        pub kind: NodeKind,
        pub x: f32,
        pub y: f32,
        #[serde(default)]
        pub components: BTreeSet<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Flow {
        pub from: String,
        pub to: String,
        pub step: u32,
        pub label: String,
        #[serde(default)]
        pub kind: FlowKind,
    }
}

fn v0_to_v1(old: v0::Project) -> Project {
    let mut project = Project::new(old.title);
    for (id, n) in old.nodes {
        let mut node = Node::new(n.name, n.kind, Position::new(n.x, n.y));
        node.components = n.components;
        project.nodes.insert(id, node);
    }
    for (id, f) in old.flows {
        let mut flow = Flow::new(f.from, f.to, f.step, f.label);
        flow.kind = f.kind;
        project.flows.insert(id, flow);
    }
    project
}
