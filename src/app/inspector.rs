//! The inspector (right panel): every property of the selected node or flow, and the
//! catalogue browsers that attach reference-architecture components and assessment criteria —
//! to every selected node at once when several are selected.

use std::collections::BTreeSet;

use egui::{Button, Checkbox, CollapsingHeader, RichText, Slider, TextEdit, Ui};

use super::Action;
use super::browser::glossary_note;
use super::fields::{Form, grid};
use super::outline::flow_text;
use crate::assess::count_as;
use crate::catalog::Catalog;
use crate::catalog::sources::readable;
use crate::edit::{
    add_flow, attach_component, delete, detach_component, remove_criterion, rename_node, set_criterion, update_flow,
    update_node,
};
use crate::model::{ActorRole, AssetType, CriterionUse, DataLocation, Flow, FlowKind, Node, NodeId, NodeKind, Project};

/// The inspector's own state: the catalogue search texts.
#[derive(Default)]
pub struct Inspector {
    component_search: String,
    criterion_search: String,
}

impl Inspector {
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        catalog: &Catalog,
        selection: &BTreeSet<String>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let nodes: Vec<NodeId> = selection
            .iter()
            .filter(|id| project.nodes.contains_key(*id))
            .cloned()
            .collect();
        let flows: Vec<String> = selection
            .iter()
            .filter(|id| project.flows.contains_key(*id))
            .cloned()
            .collect();
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            match (nodes.as_slice(), flows.as_slice()) {
                ([], []) => nothing_selected(ui, project),
                ([id], []) => {
                    node_properties(ui, project, id, &mut actions);
                    self.attachments(ui, project, catalog, &nodes, &mut actions);
                }
                ([], [id]) => flow_properties(ui, project, id, &mut actions),
                _ => {
                    ui.heading(selection_summary(nodes.len(), flows.len()));
                    ui.label("Components and criteria you attach here go to every selected node.");
                    if ui
                        .button("Delete selection")
                        .on_hover_text("Delete the selected nodes and flows")
                        .clicked()
                    {
                        actions.push(Action::Apply(delete(project, &nodes, &flows)));
                    }
                    if !nodes.is_empty() {
                        self.attachments(ui, project, catalog, &nodes, &mut actions);
                    }
                }
            }
        });
        actions
    }

    fn attachments(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        catalog: &Catalog,
        ids: &[NodeId],
        actions: &mut Vec<Action>,
    ) {
        ui.add_space(8.0);
        self.components(ui, project, catalog, ids, actions);
        ui.add_space(8.0);
        self.criteria(ui, project, catalog, ids, actions);
    }

    fn components(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        catalog: &Catalog,
        ids: &[NodeId],
        actions: &mut Vec<Action>,
    ) {
        let nodes: Vec<&Node> = ids.iter().filter_map(|id| project.nodes.get(id)).collect();
        let attached: BTreeSet<&String> = nodes.iter().flat_map(|n| &n.components).collect();
        ui.heading(format!("Architecture components ({})", attached.len()));
        if attached.is_empty() {
            ui.weak("None attached. Pick them from the catalogue below.");
        }
        for key in &attached {
            ui.horizontal(|ui| {
                let (name, tip) = match catalog.component(key) {
                    Some(c) => {
                        let mut tip = item_tip(&c.description, &c.source);
                        tip.extend(glossary_note(catalog, &c.name).map(|note| format!("\n\n{note}")));
                        (c.name.clone(), tip)
                    }
                    None => (
                        format!("{key} (not in the catalogue)"),
                        "The catalogue has no component with this key.".into(),
                    ),
                };
                let detach = ui.small_button("Detach").accessible_name(format!("Detach {name}"));
                let detach = detach.on_hover_text(format!("Detach {name}"));
                ui.label(format!("{name}{}", share(&nodes, |n| n.components.contains(*key))))
                    .on_hover_text(tip);
                if detach.clicked() {
                    actions.push(Action::Apply(detach_component(project, ids, key)));
                }
            });
        }
        CollapsingHeader::new("Attach components from the catalogue")
            .id_salt("component-browser")
            .show(ui, |ui| {
                let needle = search_field(ui, &mut self.component_search, "Search components");
                for layer in &catalog.layers {
                    let matching: Vec<_> = catalog
                        .components_in(&layer.key)
                        .filter(|c| matches(&needle, &[&c.name, &c.key, &c.description]))
                        .collect();
                    if matching.is_empty() {
                        continue;
                    }
                    CollapsingHeader::new(format!("{} ({})", layer.name, matching.len()))
                        .id_salt(("layer", &layer.key))
                        .open(if needle.is_empty() { None } else { Some(true) })
                        .show(ui, |ui| {
                            for component in matching {
                                let on = nodes.iter().filter(|n| n.components.contains(&component.key)).count();
                                let mut checked = on == nodes.len();
                                let response = ui
                                    .add(
                                        Checkbox::new(&mut checked, &component.name)
                                            .indeterminate(on > 0 && on < nodes.len()),
                                    )
                                    .on_hover_text(item_tip(&component.description, &component.source));
                                if response.changed() {
                                    let edit = if checked {
                                        attach_component(project, ids, &component.key)
                                    } else {
                                        detach_component(project, ids, &component.key)
                                    };
                                    actions.push(Action::Apply(edit));
                                }
                            }
                        })
                        .header_response
                        .on_hover_text(item_tip(&layer.description, &layer.source));
                }
            });
    }

    fn criteria(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        catalog: &Catalog,
        ids: &[NodeId],
        actions: &mut Vec<Action>,
    ) {
        let nodes: Vec<&Node> = ids.iter().filter_map(|id| project.nodes.get(id)).collect();
        let attached: BTreeSet<&String> = nodes.iter().flat_map(|n| n.criteria.keys()).collect();
        ui.heading(format!("Assessment criteria ({})", attached.len()));
        if attached.is_empty() {
            ui.weak("None attached. Pick them from the catalogue below.");
        }
        for key in &attached {
            let Some(current) = nodes.iter().find_map(|n| n.criteria.get(*key)) else {
                continue;
            };
            let (name, tip) = match catalog.criterion(key) {
                Some(c) => (c.name.clone(), criterion_tip(catalog, c)),
                None => (
                    format!("{key} (not in the catalogue)"),
                    "The catalogue has no criterion with this key.".into(),
                ),
            };
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    let detach = ui.small_button("Detach").accessible_name(format!("Detach {name}"));
                    let detach = detach.on_hover_text(format!("Detach {name}"));
                    ui.strong(format!("{name}{}", share(&nodes, |n| n.criteria.contains_key(*key))))
                        .on_hover_text(tip);
                    if detach.clicked() {
                        actions.push(Action::Apply(remove_criterion(project, ids, key)));
                    }
                });
                criterion_use(ui, project, ids, key, &name, current, actions);
            });
        }
        CollapsingHeader::new("Attach criteria from the catalogue")
            .id_salt("criterion-browser")
            .show(ui, |ui| {
                let needle = search_field(ui, &mut self.criterion_search, "Search criteria");
                for category in &catalog.categories {
                    let matching: Vec<_> = catalog
                        .criteria_in(&category.key)
                        .filter(|c| matches(&needle, &[&c.name, &c.key, &c.description]))
                        .collect();
                    if matching.is_empty() {
                        continue;
                    }
                    CollapsingHeader::new(format!("{} ({})", category.name, matching.len()))
                        .id_salt(("category", &category.key))
                        .open(if needle.is_empty() { None } else { Some(true) })
                        .show(ui, |ui| {
                            for criterion in matching {
                                let on = nodes.iter().filter(|n| n.criteria.contains_key(&criterion.key)).count();
                                let mut checked = on == nodes.len();
                                let response = ui
                                    .add(
                                        Checkbox::new(&mut checked, &criterion.name)
                                            .indeterminate(on > 0 && on < nodes.len()),
                                    )
                                    .on_hover_text(criterion_tip(catalog, criterion));
                                if response.changed() {
                                    let edit = if checked {
                                        set_criterion(project, ids, &criterion.key, &CriterionUse::default())
                                    } else {
                                        remove_criterion(project, ids, &criterion.key)
                                    };
                                    actions.push(Action::Apply(edit));
                                }
                            }
                        })
                        .header_response
                        .on_hover_text(item_tip(&category.description, &category.source));
                }
            });
    }
}

/// Weight, must-have and note of one attached criterion; a change applies to every selected node.
fn criterion_use(
    ui: &mut Ui,
    project: &Project,
    ids: &[NodeId],
    key: &str,
    name: &str,
    current: &CriterionUse,
    actions: &mut Vec<Action>,
) {
    let salt = format!("{}/{key}", ids.join(","));
    let mut form = Form { actions, salt: &salt };
    grid(ui, &format!("criterion-{salt}"), |ui| {
        ui.label("Weight");
        let mut weight = current.weight.clamp(1, 5);
        let slider = ui
            .add(Slider::new(&mut weight, 1..=5))
            .accessible_name(format!("Weight of {name}"))
            .on_hover_text("How much the criterion matters here: 1 nice to have … 5 essential");
        if slider.changed() {
            let use_ = CriterionUse {
                weight,
                ..current.clone()
            };
            form.gesture(&slider, set_criterion(project, ids, key, &use_));
        }
        if slider.drag_stopped() || slider.lost_focus() {
            form.actions.push(Action::EndGesture);
        }
        ui.end_row();
        let tip = "A platform that scores below the must-have threshold fails the assessment.";
        let must_have = form.flag(ui, "Must-have", current.must_have, tip, |must_have| {
            set_criterion(
                project,
                ids,
                key,
                &CriterionUse {
                    must_have,
                    ..current.clone()
                },
            )
        });
        must_have.accessible_name(format!("Must-have: {name}"));
        form.text_with_hint(ui, "Note", &current.note, 1, "Why it matters here", |note| {
            set_criterion(
                project,
                ids,
                key,
                &CriterionUse {
                    note,
                    ..current.clone()
                },
            )
        });
    });
}

fn nothing_selected(ui: &mut Ui, project: &Project) {
    ui.heading("Nothing selected");
    ui.label(super::status::counts(project));
    ui.add_space(8.0);
    ui.label(
        "Click a node or a flow on the canvas, or an entry in the outline, to see and change it here.\n\n\
         To draw: Insert › Actor or Asset (or the toolbar's Actor and Asset tools, then click on the canvas). \
         To connect two nodes, select one and use “Connect to” below its properties, or drag between them \
         with the Connect tool.",
    );
}

fn node_properties(ui: &mut Ui, project: &Project, id: &str, actions: &mut Vec<Action>) {
    let Some(node) = project.nodes.get(id) else { return };
    ui.heading(if node.is_actor() { "Actor" } else { "Asset" });
    let mut form = Form { actions, salt: id };
    let change = |label: &str, f: &dyn Fn(&mut Node)| update_node(project, id, label, f);
    grid(ui, &format!("node-{id}"), |ui| {
        form.text(ui, "Name", &node.name, 1, |name| rename_node(project, id, &name));
        match &node.kind {
            NodeKind::Actor { role, organisation } => {
                form.choice(
                    ui,
                    "Role",
                    *role,
                    &ActorRole::ALL,
                    |r| r.label().into(),
                    |role| {
                        change("Change role", &|n| {
                            n.kind = NodeKind::Actor {
                                role,
                                organisation: organisation.clone(),
                            }
                        })
                    },
                );
                form.text(ui, "Organisation", organisation, 1, |organisation| {
                    change("Change organisation", &|n| {
                        n.kind = NodeKind::Actor {
                            role: *role,
                            organisation: organisation.clone(),
                        }
                    })
                });
            }
            NodeKind::Asset { asset_type } => {
                form.choice(
                    ui,
                    "Asset type",
                    *asset_type,
                    &AssetType::ALL,
                    |t| t.label().into(),
                    |asset_type| change("Change asset type", &|n| n.kind = NodeKind::Asset { asset_type }),
                );
            }
        }
        form.text(ui, "Jurisdiction", &node.jurisdiction, 1, |j| {
            change("Change jurisdiction", &|n| n.jurisdiction = j.clone())
        });
        form.choice(
            ui,
            "Data",
            node.data,
            &DataLocation::ALL,
            |d| d.label().into(),
            |data| change("Change data location", &|n| n.data = data),
        );
        let tip = "The node holds personal data: data-protection rules apply.";
        form.flag(ui, "Personal data", node.personal_data, tip, |p| {
            change("Change personal data", &|n| n.personal_data = p)
        });
        form.text(ui, "Description", &node.description, 3, |d| {
            change("Change description", &|n| n.description = d.clone())
        });
    });
    ui.add_space(8.0);
    node_flows(ui, project, id, actions);
    if ui
        .button("Delete node")
        .on_hover_text("Delete this node and its flows (Del)")
        .clicked()
    {
        actions.push(Action::Apply(delete(project, &[id.to_string()], &[])));
    }
}

/// The flows touching a node (click to select one) and a way to draw a new one without a mouse.
fn node_flows(ui: &mut Ui, project: &Project, id: &str, actions: &mut Vec<Action>) {
    let mut touching: Vec<(&String, &Flow)> = project.flows_touching(id).collect();
    touching.sort_by_key(|(fid, f)| (f.step, *fid));
    ui.heading(format!("Flows ({})", touching.len()));
    for (fid, flow) in touching {
        if ui
            .selectable_label(false, flow_text(project, flow))
            .on_hover_text("Select this flow")
            .clicked()
        {
            actions.push(Action::Reveal(fid.clone()));
        }
    }
    let mut target: Option<&NodeId> = None;
    ui.horizontal(|ui| {
        let label = ui.label("Connect to");
        egui::ComboBox::from_id_salt(("connect", id))
            .selected_text("Choose a node…")
            .show_ui(ui, |ui| {
                for (other, node) in project.nodes.iter().filter(|(o, _)| o.as_str() != id) {
                    ui.selectable_value(&mut target, Some(other), &node.name);
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("Add a flow from this node to another one");
    });
    if let Some(to) = target {
        let (edit, flow) = add_flow(project, Flow::new(id, to.clone(), project.last_step() + 1, "new flow"));
        actions.push(Action::ApplyAndSelect(edit, vec![flow]));
    }
}

fn flow_properties(ui: &mut Ui, project: &Project, id: &str, actions: &mut Vec<Action>) {
    let Some(flow) = project.flows.get(id) else { return };
    ui.heading("Flow");
    ui.weak(flow_text(project, flow));
    let node_ids: Vec<&NodeId> = project.nodes.keys().collect();
    let name = |nid: &NodeId| project.nodes.get(nid).map_or_else(|| nid.clone(), |n| n.name.clone());
    let mut form = Form { actions, salt: id };
    grid(ui, &format!("flow-{id}"), |ui| {
        let from_index = node_ids.iter().position(|n| **n == flow.from).unwrap_or(0);
        let to_index = node_ids.iter().position(|n| **n == flow.to).unwrap_or(0);
        let indices: Vec<usize> = (0..node_ids.len()).collect();
        let node_name = |i: usize| node_ids.get(i).map_or_else(String::new, |n| name(n));
        form.choice(ui, "From", from_index, &indices, node_name, |i| {
            update_flow(project, id, "Change flow start", |f| f.from = node_ids[i].clone())
        });
        form.choice(ui, "To", to_index, &indices, node_name, |i| {
            update_flow(project, id, "Change flow end", |f| f.to = node_ids[i].clone())
        });
        let label = ui.label("Step");
        let mut step = flow.step;
        let response = ui
            .add(egui::DragValue::new(&mut step).range(1..=9999))
            .labelled_by(label.id);
        if response.changed() {
            form.gesture(&response, update_flow(project, id, "Change step", |f| f.step = step));
        }
        ui.end_row();
        form.text_with_hint(
            ui,
            "Action",
            &flow.action,
            1,
            "What happens, e.g. sells gold",
            |action| update_flow(project, id, "Change action", |f| f.action = action),
        );
        form.choice(
            ui,
            "Kind",
            flow.kind,
            &FlowKind::ALL,
            |k| k.label().into(),
            |kind| update_flow(project, id, "Change flow kind", |f| f.kind = kind),
        );
        form.flag(
            ui,
            "On ledger",
            flow.on_ledger,
            "The step is recorded on the ledger.",
            |on| update_flow(project, id, "Change on-ledger", |f| f.on_ledger = on),
        );
        let mut assets: Vec<Option<&NodeId>> = vec![None];
        assets.extend(project.nodes.iter().filter(|(_, n)| n.is_asset()).map(|(a, _)| Some(a)));
        let carried = flow.asset.as_ref();
        let asset_name = |a: Option<&NodeId>| a.map_or_else(|| "None".to_string(), name);
        form.choice(ui, "Carries", carried, &assets, asset_name, |a| {
            update_flow(project, id, "Change carried asset", |f| f.asset = a.cloned())
        });
    });
    ui.add_space(8.0);
    if ui
        .add(Button::new("Delete flow"))
        .on_hover_text("Delete this flow (Del)")
        .clicked()
    {
        actions.push(Action::Apply(delete(project, &[], &[id.to_string()])));
    }
}

fn selection_summary(nodes: usize, flows: usize) -> String {
    let (n, f) = (count_as(nodes, "node", "nodes"), count_as(flows, "flow", "flows"));
    match (nodes, flows) {
        (_, 0) => format!("{n} selected"),
        (0, _) => format!("{f} selected"),
        _ => format!("{n} and {f} selected"),
    }
}

/// " (2 of 3)" when only some of the selected nodes have an attachment.
fn share(nodes: &[&Node], has: impl Fn(&Node) -> bool) -> String {
    let on = nodes.iter().filter(|n| has(n)).count();
    if on == nodes.len() {
        String::new()
    } else {
        format!(" ({on} of {})", nodes.len())
    }
}

fn matches(needle: &str, texts: &[&str]) -> bool {
    needle.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(needle))
}

fn item_tip(description: &str, source: &str) -> String {
    format!("{description}\n\nSource: {}", readable(source))
}

/// A criterion's description, metric, scale and source, and the glossary term its name holds.
fn criterion_tip(catalog: &Catalog, c: &crate::catalog::Criterion) -> RichText {
    let scale: Vec<String> = c.scale.iter().enumerate().map(|(i, s)| format!("{i}: {s}")).collect();
    let mut tip = format!(
        "{}\n\nMetric: {}\n{}\n\nSource: {}",
        c.description,
        c.metric,
        scale.join("\n"),
        readable(&c.source)
    );
    tip.extend(glossary_note(catalog, &c.name).map(|note| format!("\n\n{note}")));
    RichText::new(tip)
}

/// A full-width search field labelled `label`; returns what to look for (trimmed, lower case).
fn search_field(ui: &mut Ui, text: &mut String, label: &str) -> String {
    ui.add(TextEdit::singleline(text).hint_text(label).desired_width(f32::INFINITY))
        .accessible_name(label);
    text.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_count_what_is_selected() {
        assert_eq!(selection_summary(2, 0), "2 nodes selected");
        assert_eq!(selection_summary(0, 1), "1 flow selected");
        assert_eq!(selection_summary(1, 3), "1 node and 3 flows selected");
    }

    #[test]
    fn search_matches_any_text_ignoring_case() {
        assert!(matches("", &["x"]));
        assert!(matches("ledg", &["Ledger", "platform.ledger"]));
        assert!(!matches("oracle", &["Ledger"]));
    }
}
