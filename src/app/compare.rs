//! File › Compare with…: the project beside another version of it (a file, the saved file, its
//! `.bak`): the model's differences field by field (as `dlt-modeller diff` says them) and the
//! assessment delta (`assess::delta`), in a window whose entries select what they are about; on
//! the canvas, added nodes and flows are outlined green, changed ones amber, and removed ones
//! drawn ghosted where they were. Differences run from the other version to this one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use egui::epaint::PathStroke;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, Context, FontId, Painter, Pos2, Rect, ScrollArea, Stroke, StrokeKind, Ui};

use super::Action;
use crate::assess::delta::{self, DeltaEntry};
use crate::assess::{self, Report};
use crate::catalog::Catalog;
use crate::diagram::{self, Decorations, Style, View};
use crate::merge::{self, Difference};
use crate::model::Project;
use crate::session::{Derived, Document};

const ADDED: Color32 = Color32::from_rgb(46, 157, 72);
const CHANGED: Color32 = Color32::from_rgb(232, 163, 23);
const REMOVED: Color32 = Color32::from_gray(140);
/// How strongly removed nodes show.
const GHOST: f32 = 0.35;
const OUTLINE: f32 = 3.0;
const ARROW: char = '→';
/// Up to this many nodes the comparison follows every edit; beyond, it waits to be asked.
const FOLLOWED: usize = 2_000;

/// How a node or flow differs from the other version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// Which version to compare with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareWith {
    /// A file the user picks.
    Pick,
    /// The project's file as last saved.
    Saved,
    /// The project file's `.bak` (the version before the last save).
    Backup,
}

/// The comparison shown, kept up to date as the project is edited.
pub struct Comparison {
    /// What the other version is, for the window's title.
    pub label: String,
    other: Project,
    other_report: Report,
    revision: u64,
    differences: Vec<Difference>,
    entries: Vec<DeltaEntry>,
    changes: BTreeMap<String, Change>,
    /// The removed nodes with the removed flows between them, drawn ghosted.
    ghosts: Project,
    pub open: bool,
}

fn report(project: &Project) -> Report {
    assess::assess(project, &Catalog::builtin().with_project(project))
}

/// The open project as the editor shows it: its assessment is the live one the app keeps (see
/// `derived`), of the history's `revision`.
#[derive(Clone, Copy)]
pub struct Current<'a> {
    pub project: &'a Project,
    pub report: &'a Report,
    pub revision: u64,
}

impl<'a> Current<'a> {
    pub(super) fn of(doc: &'a Document, derived: &'a Derived) -> Self {
        Self {
            project: doc.project(),
            report: derived.report(),
            revision: derived.revision(),
        }
    }
}

impl Comparison {
    /// `current` compared with `other`, called `label`.
    pub fn new(label: String, other: Project, current: Current) -> Self {
        let other_report = report(&other);
        let mut comparison = Self {
            label,
            other,
            other_report,
            revision: current.revision,
            differences: Vec::new(),
            entries: Vec::new(),
            changes: BTreeMap::new(),
            ghosts: Project::default(),
            open: true,
        };
        comparison.update(current);
        comparison
    }

    /// Compares again when the project changed since — at once for a project of up to
    /// [`FOLLOWED`] nodes; a bigger one waits for the window's "Compare again" (comparing two
    /// 10,000-node versions takes about a second).
    pub fn refresh(&mut self, current: Current) {
        if current.revision != self.revision && current.project.nodes.len() <= FOLLOWED {
            self.update(current);
        }
    }

    fn update(&mut self, current: Current) {
        self.revision = current.revision;
        self.differences = merge::diff(&self.other, current.project);
        self.entries = delta::delta(&self.other_report, current.report).entries();
        self.changes = changes(&self.other, current.project);
        self.ghosts = ghosts(&self.other, current.project);
    }

    /// How `id` differs from the other version, if it does.
    pub fn change_of(&self, id: &str) -> Option<Change> {
        self.changes.get(id).copied()
    }

    /// The window; what the user clicked comes back as actions.
    pub fn ui(&mut self, ctx: &Context, current: Current) -> Vec<Action> {
        let mut actions = Vec::new();
        let mut open = self.open;
        let window = egui::Window::new(format!("Compare with {}", self.label))
            .id(egui::Id::unique("compare-window"))
            .open(&mut open)
            .default_size([460.0, 520.0]);
        let mut again = false;
        let stale = self.revision != current.revision;
        super::windows::within_central_area(ctx, window).show(ctx, |ui| {
            if stale {
                again = ui.button("The project changed: compare again").clicked();
            }
            self.contents(ui, current.project, &mut actions);
        });
        if again {
            self.update(current);
        }
        self.open = open;
        actions
    }

    fn contents(&self, ui: &mut Ui, current: &Project, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            ui.colored_label(ADDED, "added");
            ui.colored_label(CHANGED, "changed");
            ui.colored_label(REMOVED, "removed (ghosted)");
        });
        ScrollArea::vertical().auto_shrink([false, true]).show(ui, |ui| {
            ui.heading("Model");
            if self.differences.is_empty() {
                ui.label("No difference.");
            }
            for d in &self.differences {
                let ids: Vec<String> = subject(&d.path).filter(|id| exists(current, id)).into_iter().collect();
                entry(ui, &d.sentence, ids, actions);
            }
            ui.add_space(8.0);
            ui.heading("Assessment");
            if self.entries.is_empty() {
                ui.label("No change in ranks, scores, must-haves, open flags or coverage gaps.");
            }
            for e in &self.entries {
                let ids: Vec<String> = (e.nodes.iter().chain(&e.flows))
                    .filter(|id| exists(current, id))
                    .cloned()
                    .collect();
                entry(ui, &e.sentence, ids, actions);
            }
        });
    }

    /// Outlines added and changed nodes and flows, and draws removed ones ghosted.
    pub fn paint(&self, painter: &Painter, view: &View, current: &Project, style: &Style) {
        let mut ghosted = painter.clone();
        ghosted.multiply_opacity(GHOST);
        diagram::draw(&ghosted, &self.ghosts, view, style, &Decorations::none());
        for (id, change) in &self.changes {
            let colour = match change {
                Change::Added => ADDED,
                Change::Changed => CHANGED,
                Change::Removed => REMOVED,
            };
            let project = if *change == Change::Removed {
                &self.other
            } else {
                current
            };
            if let Some(node) = project.nodes.get(id) {
                let rect = view.rect_to_screen(diagram::node_rect(node)).expand(OUTLINE);
                painter.rect_stroke(rect, 6.0, Stroke::new(OUTLINE, colour), StrokeKind::Outside);
            } else if let Some([from, to]) = flow_ends(project, id).or_else(|| flow_ends(&self.other, id)) {
                let [from, to] = [from, to].map(|r| view.rect_to_screen(r));
                let ends = [edge_towards(from, to.center()), edge_towards(to, from.center())];
                painter.line(ends.to_vec(), PathStroke::new(OUTLINE, colour.gamma_multiply(0.8)));
            }
        }
    }
}

/// One line of the window: a link selecting `ids` when there are any, else plain text.
fn entry(ui: &mut Ui, sentence: &str, ids: Vec<String>, actions: &mut Vec<Action>) {
    let text = with_arrows(sentence);
    if ids.is_empty() {
        ui.label(text);
    } else if ui.link(text).clicked() {
        actions.push(Action::Highlight(ids));
    }
}

/// `text` in the proportional font with its arrows in the monospace one (the proportional font
/// has none), in the widget's own colour.
fn with_arrows(text: &str) -> LayoutJob {
    let size = egui::TextStyle::Body.resolve(&egui::Style::default()).size;
    let format = |font: FontId| TextFormat::simple(font, Color32::PLACEHOLDER);
    let mut job = LayoutJob::default();
    for (i, piece) in text.split(ARROW).enumerate() {
        if i > 0 {
            job.append("→", 0.0, format(FontId::monospace(size)));
        }
        job.append(piece, 0.0, format(FontId::proportional(size)));
    }
    job
}

fn exists(project: &Project, id: &str) -> bool {
    project.nodes.contains_key(id) || project.flows.contains_key(id)
}

/// The node or flow id a difference's path starts with.
fn subject(path: &str) -> Option<String> {
    let mut parts = path.split('.');
    match (parts.next(), parts.next()) {
        (Some("nodes" | "flows"), Some(id)) => Some(id.to_owned()),
        _ => None,
    }
}

/// The boxes of a flow's two end nodes.
fn flow_ends(project: &Project, id: &str) -> Option<[Rect; 2]> {
    let flow = project.flows.get(id)?;
    let rect = |node: &str| project.nodes.get(node).map(diagram::node_rect);
    Some([rect(&flow.from)?, rect(&flow.to)?])
}

/// Where the line from the middle of `rect` towards `target` leaves it.
fn edge_towards(rect: Rect, target: Pos2) -> Pos2 {
    let (centre, half) = (rect.center(), rect.size() / 2.0);
    let d = target - centre;
    let scale = [
        d.x.abs() / half.x.max(f32::EPSILON),
        d.y.abs() / half.y.max(f32::EPSILON),
    ]
    .into_iter()
    .fold(1.0_f32, f32::max);
    centre + d / scale
}

/// Every node and flow added, removed or changed from `other` to `current`.
fn changes(other: &Project, current: &Project) -> BTreeMap<String, Change> {
    let mut out = BTreeMap::new();
    let mut compare = |ids: BTreeSet<&String>, was: &dyn Fn(&str) -> Option<bool>| {
        for id in ids {
            let change = match (was(id), exists(current, id)) {
                (None, _) => Change::Added,
                (Some(_), false) => Change::Removed,
                (Some(true), true) => continue,
                (Some(false), true) => Change::Changed,
            };
            out.insert(id.clone(), change);
        }
    };
    let node_ids = other.nodes.keys().chain(current.nodes.keys()).collect();
    compare(node_ids, &|id| {
        other.nodes.get(id).map(|n| current.nodes.get(id) == Some(n))
    });
    let flow_ids = other.flows.keys().chain(current.flows.keys()).collect();
    compare(flow_ids, &|id| {
        other.flows.get(id).map(|f| current.flows.get(id) == Some(f))
    });
    out
}

/// The removed nodes of `other`, with its removed flows between them.
fn ghosts(other: &Project, current: &Project) -> Project {
    let nodes: BTreeMap<_, _> = (other.nodes.iter())
        .filter(|(id, _)| !current.nodes.contains_key(*id))
        .map(|(id, n)| (id.clone(), n.clone()))
        .collect();
    let flows = (other.flows.iter())
        .filter(|(id, f)| !current.flows.contains_key(*id) && nodes.contains_key(&f.from) && nodes.contains_key(&f.to))
        .map(|(id, f)| (id.clone(), f.clone()))
        .collect();
    Project {
        nodes,
        flows,
        ..Project::default()
    }
}

/// The file to compare with for `with`: the project's own file or its `.bak`.
pub fn own_version(path: Option<&Path>, with: &CompareWith) -> Result<PathBuf, String> {
    let path = path.ok_or("The project has not been saved yet: there is no file to compare with.")?;
    Ok(match with {
        CompareWith::Backup => {
            let mut bak = path.as_os_str().to_owned();
            bak.push(".bak");
            PathBuf::from(bak)
        }
        _ => path.to_owned(),
    })
}

impl super::App {
    /// File › Compare with…: reads the other version and opens the Compare window.
    pub(super) fn compare_with(&mut self, with: CompareWith) {
        let path = match with {
            CompareWith::Pick => match self.file_dialogs.pick_open() {
                Some(path) => path,
                None => return,
            },
            own => match own_version(self.session.doc.path(), &own) {
                Ok(path) => path,
                Err(why) => return self.dialogs.show_error("Nothing to compare with", why),
            },
        };
        match crate::file::load(&path) {
            Ok(loaded) => {
                let label = path
                    .file_name()
                    .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
                let current = Current::of(&self.session.doc, &self.session.derived);
                self.compare = Some(Comparison::new(label, loaded.project, current));
            }
            Err(e) => self.dialogs.show_error("Could not compare", e.to_string()),
        }
    }

    /// The Compare window, brought up to date with the project; closing it ends the comparison.
    pub(super) fn compare_ui(&mut self, ctx: &Context) -> Vec<Action> {
        let current = Current::of(&self.session.doc, &self.session.derived);
        let Some(comparison) = &mut self.compare else {
            return Vec::new();
        };
        comparison.refresh(current);
        let actions = comparison.ui(ctx, current);
        if !comparison.open {
            self.compare = None;
        }
        actions
    }

    /// How `id` differs from the version compared with, while Compare is open.
    pub fn compared(&self, id: &str) -> Option<Change> {
        self.compare.as_ref().and_then(|c| c.change_of(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Flow, Node, Position};

    #[test]
    fn changes_are_told_by_id_and_removed_nodes_become_ghosts() {
        let mut before = Project::new("Gold");
        before
            .nodes
            .insert("a".into(), Node::actor("Mine", Position::new(0.0, 0.0)));
        before
            .nodes
            .insert("b".into(), Node::actor("Refiner", Position::new(300.0, 0.0)));
        before
            .nodes
            .insert("c".into(), Node::actor("Auditor", Position::new(0.0, 300.0)));
        before.flows.insert("f".into(), Flow::new("a", "c", 1, "reports"));
        let mut after = before.clone();
        after.nodes.remove("c");
        after.flows.remove("f");
        after.nodes.get_mut("b").unwrap().name = "Smelter".into();
        after
            .nodes
            .insert("d".into(), Node::asset("Bar", Position::new(300.0, 300.0)));
        let found = changes(&before, &after);
        let expected = [
            ("b", Change::Changed),
            ("c", Change::Removed),
            ("d", Change::Added),
            ("f", Change::Removed),
        ];
        assert_eq!(found, expected.map(|(id, c)| (id.to_owned(), c)).into_iter().collect());
        let ghost = ghosts(&before, &after);
        assert_eq!(ghost.nodes.keys().collect::<Vec<_>>(), ["c"]);
        assert!(ghost.flows.is_empty(), "the flow's other end is still there");
        assert_eq!(subject("nodes.b.name").as_deref(), Some("b"));
        assert_eq!(subject("sheet.title"), None);
    }

    #[test]
    fn a_flow_line_starts_where_it_leaves_the_box() {
        let rect = Rect::from_center_size(Pos2::ZERO, egui::vec2(100.0, 40.0));
        assert_eq!(edge_towards(rect, Pos2::new(500.0, 0.0)), Pos2::new(50.0, 0.0));
        assert_eq!(edge_towards(rect, Pos2::new(0.0, -300.0)), Pos2::new(0.0, -20.0));
        assert_eq!(
            edge_towards(rect, Pos2::new(10.0, 0.0)),
            Pos2::new(10.0, 0.0),
            "a point inside stays"
        );
    }
}
