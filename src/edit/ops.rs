//! Builders for the edits the editor offers: each reads the project and returns an [`Edit`]
//! describing the change, without changing anything until the history applies it.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Edit};
use crate::model::{
    CriterionUse, CustomCatalog, Flow, FlowId, Node, NodeId, PlatformChoice, Position, Project, TopicAnswer,
    UseCaseSheet,
};

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Adds a node under a fresh id; returns the edit and the id.
pub fn add_node(project: &Project, node: Node) -> (Edit, NodeId) {
    let id = project.fresh_node_id(&node);
    let label = if node.is_actor() { "Add actor" } else { "Add asset" };
    (
        Edit::new(
            label,
            vec![Change::Node {
                id: id.clone(),
                before: None,
                after: Some(node),
            }],
        ),
        id,
    )
}

/// Adds a flow under a fresh id; returns the edit and the id.
pub fn add_flow(project: &Project, flow: Flow) -> (Edit, FlowId) {
    let id = project.fresh_flow_id();
    (
        Edit::new(
            "Add flow",
            vec![Change::Flow {
                id: id.clone(),
                before: None,
                after: Some(flow),
            }],
        ),
        id,
    )
}

/// Deletes nodes and flows. A deleted node takes its flows with it; flows that carried a
/// deleted asset keep going without it. Undo restores all of it exactly.
pub fn delete(project: &Project, nodes: &[NodeId], flows: &[FlowId]) -> Edit {
    let nodes: BTreeSet<&str> = nodes
        .iter()
        .map(String::as_str)
        .filter(|id| project.nodes.contains_key(*id))
        .collect();
    let mut changes = Vec::new();
    let mut flows_gone = 0;
    for (id, flow) in &project.flows {
        let goes =
            flows.iter().any(|f| f == id) || nodes.contains(flow.from.as_str()) || nodes.contains(flow.to.as_str());
        if goes {
            flows_gone += 1;
            changes.push(Change::Flow {
                id: id.clone(),
                before: Some(flow.clone()),
                after: None,
            });
        } else if flow.asset.as_deref().is_some_and(|a| nodes.contains(a)) {
            let after = Flow {
                asset: None,
                ..flow.clone()
            };
            changes.push(Change::Flow {
                id: id.clone(),
                before: Some(flow.clone()),
                after: Some(after),
            });
        }
    }
    for id in &nodes {
        changes.push(Change::Node {
            id: id.to_string(),
            before: project.nodes.get(*id).cloned(),
            after: None,
        });
    }
    let label = match (nodes.len(), flows_gone) {
        (0, f) => format!("Delete {}", plural(f, "flow")),
        (n, _) => format!("Delete {}", plural(n, "node")),
    };
    Edit::new(label, changes)
}

/// Moves nodes to new positions (rounded as the file stores them).
pub fn move_nodes(project: &Project, moves: &[(NodeId, Position)]) -> Edit {
    let changes = moves
        .iter()
        .filter_map(|(id, pos)| {
            let node = project.nodes.get(id)?;
            let after = Node {
                position: pos.rounded(),
                ..node.clone()
            };
            Some(Change::Node {
                id: id.clone(),
                before: Some(node.clone()),
                after: Some(after),
            })
        })
        .collect::<Vec<_>>();
    Edit::new(format!("Move {}", plural(changes.len(), "node")), changes)
}

/// Changes one node through `change`.
pub fn update_node(project: &Project, id: &str, label: &str, change: impl FnMut(&mut Node)) -> Edit {
    update_nodes(project, &[id.to_string()], label, change)
}

/// Changes several nodes the same way (attaching to a multiple selection).
pub fn update_nodes(project: &Project, ids: &[NodeId], label: &str, mut change: impl FnMut(&mut Node)) -> Edit {
    let changes = ids
        .iter()
        .filter_map(|id| {
            let before = project.nodes.get(id)?;
            let mut after = before.clone();
            change(&mut after);
            after.position = after.position.rounded();
            Some(Change::Node {
                id: id.clone(),
                before: Some(before.clone()),
                after: Some(after),
            })
        })
        .collect();
    Edit::new(label, changes)
}

/// Changes one flow through `change`.
pub fn update_flow(project: &Project, id: &str, label: &str, change: impl FnOnce(&mut Flow)) -> Edit {
    let changes = project
        .flows
        .get(id)
        .map(|before| {
            let mut after = before.clone();
            change(&mut after);
            Change::Flow {
                id: id.to_string(),
                before: Some(before.clone()),
                after: Some(after),
            }
        })
        .into_iter()
        .collect();
    Edit::new(label, changes)
}

pub fn rename_node(project: &Project, id: &str, name: &str) -> Edit {
    update_node(project, id, "Rename", |n| n.name = name.to_string())
}

/// Attaches a reference-architecture component to every given node.
pub fn attach_component(project: &Project, ids: &[NodeId], key: &str) -> Edit {
    update_nodes(project, ids, "Attach component", |n| {
        n.components.insert(key.to_string());
    })
}

pub fn detach_component(project: &Project, ids: &[NodeId], key: &str) -> Edit {
    update_nodes(project, ids, "Detach component", |n| {
        n.components.remove(key);
    })
}

/// Attaches a criterion (or changes its weight, must-have flag or note) on every given node.
pub fn set_criterion(project: &Project, ids: &[NodeId], key: &str, use_: &CriterionUse) -> Edit {
    update_nodes(project, ids, "Set criterion", |n| {
        n.criteria.insert(key.to_string(), use_.clone());
    })
}

pub fn remove_criterion(project: &Project, ids: &[NodeId], key: &str) -> Edit {
    update_nodes(project, ids, "Detach criterion", |n| {
        n.criteria.remove(key);
    })
}

pub fn set_sheet(project: &Project, sheet: UseCaseSheet) -> Edit {
    let before = Box::new(project.sheet.clone());
    Edit::new(
        "Edit use-case sheet",
        vec![Change::Sheet {
            before,
            after: Box::new(sheet),
        }],
    )
}

pub fn set_platforms(project: &Project, platforms: BTreeMap<String, PlatformChoice>) -> Edit {
    Edit::new(
        "Change platforms",
        vec![Change::Platforms {
            before: project.platforms.clone(),
            after: platforms,
        }],
    )
}

pub fn set_threshold(project: &Project, criterion: &str, threshold: u8) -> Edit {
    let mut after = project.thresholds.clone();
    if threshold == crate::model::DEFAULT_THRESHOLD {
        after.remove(criterion);
    } else {
        after.insert(criterion.to_string(), threshold);
    }
    Edit::new(
        "Change must-have threshold",
        vec![Change::Thresholds {
            before: project.thresholds.clone(),
            after,
        }],
    )
}

pub fn set_answer(project: &Project, topic: &str, answer: TopicAnswer) -> Edit {
    let mut after = project.regulatory.clone();
    after.insert(topic.to_string(), answer);
    Edit::new(
        "Answer regulatory topic",
        vec![Change::Regulatory {
            before: project.regulatory.clone(),
            after,
        }],
    )
}

pub fn set_custom(project: &Project, custom: CustomCatalog) -> Edit {
    let before = Box::new(project.custom.clone());
    Edit::new(
        "Edit project catalogue",
        vec![Change::Custom {
            before,
            after: Box::new(custom),
        }],
    )
}

/// Turns `project` into `target` as one undoable step: only the nodes, flows and project-level
/// fields that differ are recorded (used to apply a merge).
pub fn replace_project(project: &Project, target: &Project, label: &str) -> Edit {
    let mut changes = Vec::new();
    let node_ids: BTreeSet<&NodeId> = project.nodes.keys().chain(target.nodes.keys()).collect();
    for id in node_ids {
        let (before, after) = (project.nodes.get(id), target.nodes.get(id));
        if before != after {
            changes.push(Change::Node {
                id: id.clone(),
                before: before.cloned(),
                after: after.cloned(),
            });
        }
    }
    let flow_ids: BTreeSet<&FlowId> = project.flows.keys().chain(target.flows.keys()).collect();
    for id in flow_ids {
        let (before, after) = (project.flows.get(id), target.flows.get(id));
        if before != after {
            changes.push(Change::Flow {
                id: id.clone(),
                before: before.cloned(),
                after: after.cloned(),
            });
        }
    }
    changes.push(Change::Sheet {
        before: Box::new(project.sheet.clone()),
        after: Box::new(target.sheet.clone()),
    });
    changes.push(Change::Platforms {
        before: project.platforms.clone(),
        after: target.platforms.clone(),
    });
    changes.push(Change::Thresholds {
        before: project.thresholds.clone(),
        after: target.thresholds.clone(),
    });
    changes.push(Change::Regulatory {
        before: project.regulatory.clone(),
        after: target.regulatory.clone(),
    });
    changes.push(Change::Custom {
        before: Box::new(project.custom.clone()),
        after: Box::new(target.custom.clone()),
    });
    Edit::new(label, changes)
}

/// Pastes copied nodes and flows (a clipboard fragment's) shifted by `offset`: every node and
/// flow gets a fresh id, flows are re-pointed at the new nodes, and flows whose ends were not
/// copied are dropped.
pub fn paste(
    project: &Project,
    nodes: &BTreeMap<NodeId, Node>,
    flows: &BTreeMap<FlowId, Flow>,
    offset: Position,
) -> (Edit, Vec<NodeId>) {
    // The ids given so far, which the next ones must avoid too (cloning a big project to
    // hold them took a fifth of a second at 100,000 nodes).
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut new_ids: BTreeMap<&str, NodeId> = BTreeMap::new();
    let mut changes = Vec::new();
    for (old, node) in nodes {
        let id = project.fresh_node_id_besides(node, &taken);
        let mut node = node.clone();
        node.position = Position::new(node.position.x + offset.x, node.position.y + offset.y);
        taken.insert(id.clone());
        changes.push(Change::Node {
            id: id.clone(),
            before: None,
            after: Some(node),
        });
        new_ids.insert(old, id);
    }
    for flow in flows.values() {
        let (Some(from), Some(to)) = (new_ids.get(flow.from.as_str()), new_ids.get(flow.to.as_str())) else {
            continue;
        };
        let asset = flow.asset.as_deref().and_then(|a| new_ids.get(a)).cloned();
        let flow = Flow {
            from: from.clone(),
            to: to.clone(),
            asset,
            ..flow.clone()
        };
        let id = project.fresh_flow_id_besides(&taken);
        taken.insert(id.clone());
        changes.push(Change::Flow {
            id,
            before: None,
            after: Some(flow),
        });
    }
    let ids = new_ids.into_values().collect();
    (
        Edit::new(format!("Paste {}", plural(nodes.len(), "node")), changes),
        ids,
    )
}

/// Duplicates nodes (and the flows among them) a little down and to the right.
pub fn duplicate(project: &Project, ids: &[NodeId]) -> (Edit, Vec<NodeId>) {
    let nodes = (ids.iter())
        .filter_map(|id| Some((id.clone(), project.nodes.get(id)?.clone())))
        .collect();
    let (mut edit, new) = paste(project, &nodes, &project.flows, Position::new(30.0, 30.0));
    edit.label = format!("Duplicate {}", plural(new.len(), "node"));
    (edit, new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::file::Fragment;

    fn project() -> Project {
        let mut p = Project::new("t");
        p.nodes.insert("a".into(), Node::actor("A", Position::new(0.0, 0.0)));
        p.nodes.insert("b".into(), Node::actor("B", Position::new(100.0, 0.0)));
        p.nodes
            .insert("g".into(), Node::asset("Gold", Position::new(50.0, 80.0)));
        let mut f = Flow::new("a", "b", 1, "sells");
        f.asset = Some("g".into());
        p.flows.insert("f1".into(), f);
        p.flows.insert("f2".into(), Flow::new("b", "g", 2, "records"));
        p
    }

    #[test]
    fn an_edit_knows_when_it_only_moves_nodes() {
        let p = project();
        let moves = move_nodes(
            &p,
            &[
                ("a".into(), Position::new(5.0, 5.0)),
                ("g".into(), Position::new(1.0, 2.0)),
            ],
        );
        assert_eq!(moves.moved_nodes(), Some(vec!["a".to_owned(), "g".to_owned()]));
        assert_eq!(rename_node(&p, "a", "Ann").moved_nodes(), None);
        let mut both = move_nodes(&p, &[("a".into(), Position::new(5.0, 5.0))]);
        both.changes.extend(rename_node(&p, "b", "Bob").changes);
        assert_eq!(both.moved_nodes(), None, "a move with another change");
        assert_eq!(delete(&p, &["b".into()], &[]).moved_nodes(), None);
    }

    #[test]
    fn replacing_the_project_is_one_step_and_undoes_exactly() {
        let p = project();
        let mut target = p.clone();
        target.nodes.remove("b");
        target.flows.retain(|_, f| !f.touches("b"));
        target
            .nodes
            .insert("c".into(), Node::actor("C", Position::new(5.0, 5.0)));
        target.sheet.title = "Merged".into();
        let mut h = History::new(p.clone());
        h.apply(replace_project(h.project(), &target, "Merge"));
        assert_eq!(h.project(), &target);
        h.undo();
        assert_eq!(h.project(), &p);
    }

    #[test]
    fn deleting_a_node_takes_its_flows_and_undo_restores_them() {
        let mut h = History::new(project());
        h.apply(delete(h.project(), &["b".into()], &[]));
        assert!(h.project().flows.is_empty());
        assert!(!h.project().nodes.contains_key("b"));
        h.undo();
        assert_eq!(h.project(), &project());
    }

    #[test]
    fn deleting_a_carried_asset_keeps_the_flow_without_it() {
        let mut h = History::new(project());
        h.apply(delete(h.project(), &["g".into()], &[]));
        assert_eq!(h.project().flows["f1"].asset, None);
        assert!(!h.project().flows.contains_key("f2"));
        h.undo();
        assert_eq!(h.project(), &project());
    }

    #[test]
    fn attaching_applies_to_every_selected_node() {
        let p = project();
        let mut h = History::new(p.clone());
        h.apply(attach_component(
            h.project(),
            &["a".into(), "b".into()],
            "platform.ledger",
        ));
        h.apply(set_criterion(
            h.project(),
            &["a".into(), "b".into()],
            "core.query",
            &CriterionUse {
                weight: 5,
                must_have: true,
                note: "x".into(),
            },
        ));
        for id in ["a", "b"] {
            assert!(h.project().nodes[id].components.contains("platform.ledger"));
            assert_eq!(h.project().nodes[id].criteria["core.query"].weight, 5);
        }
        assert!(h.project().nodes["g"].components.is_empty());
        h.undo();
        h.undo();
        assert_eq!(h.project(), &p);
    }

    #[test]
    fn paste_gives_fresh_ids_and_repoints_flows() {
        let p = project();
        let fragment = Fragment::of(&p, &["a".into(), "b".into(), "g".into()]);
        let (edit, ids) = paste(&p, &fragment.nodes, &fragment.flows, Position::new(10.0, 10.0));
        let mut h = History::new(p.clone());
        h.apply(edit);
        let q = h.project();
        assert_eq!(ids.len(), 3);
        assert_eq!(q.nodes.len(), 6);
        assert_eq!(q.flows.len(), 4);
        for id in &ids {
            assert!(!p.nodes.contains_key(id));
        }
        let pasted: Vec<&Flow> = q.flows.values().filter(|f| ids.contains(&f.from)).collect();
        assert_eq!(pasted.len(), 2);
        for f in pasted {
            assert!(ids.contains(&f.to));
            if let Some(a) = &f.asset {
                assert!(ids.contains(a));
            }
        }
        let copy_of_a = ids.iter().find(|id| q.nodes[*id].name == "A").unwrap();
        assert_eq!(q.nodes[copy_of_a].position, Position::new(10.0, 10.0));
    }

    #[test]
    fn duplicate_drops_flows_to_nodes_left_behind() {
        let p = project();
        let (edit, ids) = duplicate(&p, &["a".into()]);
        let mut h = History::new(p);
        h.apply(edit);
        assert_eq!(ids.len(), 1);
        assert_eq!(h.project().flows.len(), 2);
        assert_eq!(h.undo_label(), Some("Duplicate 1 node"));
    }
}
