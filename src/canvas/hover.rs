//! What hovering the canvas tells. A node: its whole name and caption and, when it carries a
//! marker, every finding, architecture-coverage rule and open regulatory topic of the
//! assessment that raised it — the lists the marker is the worst of (`assess::Markers`), so
//! the tooltip and the marker always agree. A flow: its step, ends, whole action and carried
//! asset.

use egui::{Response, RichText, Tooltip, Ui};

use super::Annotations;
use crate::assess::Report;
use crate::diagram::{SpatialIndex, Style, View};
use crate::model::{AnswerStatus, Flow, Node, NodeKind, Project, Severity};

/// At most this many reasons are listed; the rest are counted.
const MAX_REASONS: usize = 8;
/// The widest a tooltip gets (points).
const WIDTH: f32 = 420.0;

/// One thing in the assessment that raises a node's marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub severity: Severity,
    /// What it says, as a sentence.
    pub text: String,
    /// The section of the assessment panel that lists it.
    pub section: &'static str,
}

/// Everything in `report` that raises the marker of node `id`, worst first: the validation
/// findings naming it, the architecture-coverage findings listing it and the regulatory topics
/// listing it that the project has not answered and that are in force. The marker's severity is
/// the worst of theirs.
pub fn reasons(report: &Report, id: &str) -> Vec<Reason> {
    let lists = |nodes: &[String]| nodes.binary_search_by(|n| n.as_str().cmp(id)).is_ok();
    let findings = (report.findings.iter())
        .filter(|f| f.ids.iter().any(|n| n == id))
        .map(|f| Reason {
            severity: f.severity,
            text: sentence(&f.message),
            section: "Findings",
        });
    let coverage = (report.coverage.findings.iter())
        .filter(|f| lists(&f.nodes))
        .map(|f| Reason {
            severity: f.severity,
            text: sentence(&f.message),
            section: "Architecture coverage",
        });
    let regulatory = (report.regulatory.iter())
        .filter(|flag| flag.answer.status == AnswerStatus::Open && flag.in_force && lists(&flag.nodes))
        .map(|flag| Reason {
            severity: flag.severity,
            text: format!(
                "Regulatory topic “{}”, not answered yet: {}",
                flag.name,
                sentence(&flag.reason)
            ),
            section: "Regulatory checklist",
        });
    let mut all: Vec<Reason> = findings.chain(coverage).chain(regulatory).collect();
    all.sort_by_key(|r| std::cmp::Reverse(r.severity));
    all
}

/// `text` with a capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// What is shown under a node's name: its role or asset type, and an actor's organisation.
pub fn caption(node: &Node) -> String {
    match &node.kind {
        NodeKind::Actor { role, organisation } if !organisation.is_empty() => {
            format!("Actor · {} · {organisation}", role.label())
        }
        NodeKind::Actor { role, .. } => format!("Actor · {}", role.label()),
        NodeKind::Asset { asset_type } => format!("Asset · {}", asset_type.label()),
    }
}

/// Shows the tooltip of the node or flow `target` on its region's `response` while hovered.
pub(super) fn region_tooltip(response: &Response, target: &str, project: &Project, notes: &Annotations) {
    // Only a hovered widget shows a tooltip: the rest of the regions cost nothing here.
    if !response.hovered() {
        return;
    }
    if let Some(node) = project.nodes.get(target) {
        Tooltip::for_enabled(response).show(|ui| node_ui(ui, node, target, notes));
    } else if let Some(flow) = project.flows.get(target) {
        Tooltip::for_enabled(response).show(|ui| flow_ui(ui, project, flow));
    }
}

/// Shows the tooltip of the node under the pointer at the pointer, for a view whose nodes have
/// no regions of their own (zoomed far out, or too much in view).
pub(super) fn pointer_tooltip(
    ui: &Ui,
    canvas: &Response,
    view: &View,
    project: &Project,
    index: &SpatialIndex,
    notes: &Annotations,
) {
    let hovered = (ui.input(|i| i.pointer.hover_pos()))
        .filter(|_| canvas.hovered())
        .and_then(|p| index.node_at(view.point_to_diagram(p)));
    if let Some((id, node)) = hovered.and_then(|id| Some((id, project.nodes.get(id)?))) {
        (Tooltip::for_enabled(canvas).at_pointer().gap(12.0)).show(|ui| node_ui(ui, node, id, notes));
    }
}

fn node_ui(ui: &mut Ui, node: &Node, id: &str, notes: &Annotations) {
    ui.set_max_width(WIDTH);
    ui.label(RichText::new(&node.name).strong());
    ui.weak(caption(node));
    let Some(marker) = notes.markers.get(id) else {
        return;
    };
    let style = Style::for_visuals(ui.visuals());
    ui.separator();
    ui.colored_label(
        style.severity(marker),
        format!("Marked as {} {} by:", article(marker), marker.label()),
    );
    let reasons = notes.report.map(|r| reasons(r, id)).unwrap_or_default();
    if reasons.is_empty() {
        ui.label("the assessment (open the Assessment tab for details).");
        return;
    }
    for reason in reasons.iter().take(MAX_REASONS) {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                style.severity(reason.severity),
                RichText::new(reason.severity.label()).strong(),
            );
            ui.label(&reason.text);
            ui.weak(format!("({})", reason.section));
        });
    }
    if reasons.len() > MAX_REASONS {
        ui.weak(format!(
            "… and {} more in the Assessment tab.",
            reasons.len() - MAX_REASONS
        ));
    }
}

fn article(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "an",
        Severity::Warning | Severity::Info => "a",
    }
}

/// A flow's step, its ends, its whole action and the carried asset.
fn flow_ui(ui: &mut Ui, project: &Project, flow: &Flow) {
    ui.set_max_width(WIDTH);
    let name = |id: &str| project.nodes.get(id).map_or(id.to_owned(), |n| n.name.clone());
    // (The default fonts have no arrow.)
    let ends = format!("Step {}, from {} to {}", flow.step, name(&flow.from), name(&flow.to));
    ui.label(RichText::new(ends).strong());
    ui.label(&flow.action);
    if let Some(asset) = &flow.asset {
        ui.weak(format!("carries {}", name(asset)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess;
    use crate::catalog::Catalog;
    use crate::model::TopicAnswer;

    #[test]
    fn the_reasons_of_every_node_are_exactly_what_its_marker_is_the_worst_of() {
        let (p, ids) = crate::assess::marked_project(400, 11);
        let report = assess(&p, &Catalog::builtin().with_project(&p));
        let mut seen = std::collections::BTreeSet::new();
        for id in &ids {
            let reasons = reasons(&report, id);
            let worst = reasons.iter().map(|r| r.severity).max();
            assert_eq!(worst, report.worst.get(id), "{id}: {reasons:#?}");
            assert!(
                reasons.windows(2).all(|w| w[0].severity >= w[1].severity),
                "worst first"
            );
            seen.extend(reasons.iter().map(|r| r.section));
        }
        assert_eq!(
            seen.len(),
            3,
            "findings, coverage and regulatory reasons all met: {seen:?}"
        );
    }

    #[test]
    fn an_answered_topic_is_no_reason() {
        let mut p = crate::model::Project::new("t");
        let mut mine = Node::actor("Mine", crate::model::Position::default());
        mine.personal_data = true;
        p.nodes.insert("mine".into(), mine);
        let catalog = Catalog::builtin().with_project(&p);
        let open = reasons(&assess(&p, &catalog), "mine");
        assert!(open.iter().any(|r| r.section == "Regulatory checklist"), "{open:#?}");
        let (topic, name) = assess(&p, &catalog)
            .regulatory
            .iter()
            .find(|f| f.nodes.iter().any(|n| n == "mine"))
            .map(|f| (f.topic.clone(), f.name.clone()))
            .unwrap();
        p.regulatory.insert(
            topic,
            TopicAnswer {
                status: AnswerStatus::Addressed,
                note: String::new(),
            },
        );
        let answered = reasons(&assess(&p, &catalog), "mine");
        assert!(
            answered.iter().all(|r| !r.text.contains(&format!("“{name}”"))),
            "{answered:#?}"
        );
    }

    #[test]
    fn sentences_start_with_a_capital_and_end_with_a_stop() {
        assert_eq!(sentence("personal data is on-ledger"), "Personal data is on-ledger.");
        assert_eq!(sentence("Done!"), "Done!");
        assert_eq!(sentence(""), "");
    }
}
