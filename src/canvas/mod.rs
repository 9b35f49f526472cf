//! The diagram on screen: an egui widget that draws the project through [`crate::diagram`] with
//! its own view transform (so text stays crisp at every zoom), pans and zooms, and turns pointer
//! and keyboard input into selection changes and [`crate::edit`] commands for the app to apply.
//! It never changes the project itself.
//!
//! Controls (see [`Canvas::hint`] for the status bar):
//! - click a node or flow: select it; Shift or Ctrl+click: add or remove it;
//! - drag a node: move it with the other selected nodes (snapped to the grid when snapping is on);
//! - drag the round handle on a node's right edge (or, with the Connect tool, any node) to
//!   another node: a new flow;
//! - drag on empty canvas: box-select (with the Select tool; with the other tools it pans);
//! - middle-drag or Space+drag: pan; wheel: scroll; Ctrl+wheel or pinch: zoom about the pointer;
//!   arrow keys: pan; `+` and `-`: zoom;
//! - double-click empty canvas: add an actor there (an asset when the Asset tool is active);
//!   with the Actor or Asset tool, a single click adds; a new node goes to the nearest spot
//!   that keeps a flow label's width clear of other nodes (see [`free_spot`]);
//! - hover a node: its whole name, caption and what raised its marker; a flow: its whole label;
//! - double-click a node or F2: rename it in place (Enter keeps, Escape cancels);
//! - Escape: cancels the gesture under way (a cancelled move leaves no trace), else goes back to
//!   the Select tool, else clears the selection;
//! - drop a [`NewNode`] payload (egui drag and drop, e.g. from the app's palette): add it there.

mod access;
mod gesture;
mod grid;
pub use grid::GRID;
mod hover;
pub use hover::{Reason, caption, reasons};
mod navigate;
mod place;
pub use place::{CLEARANCE, free_spot, room_around, room_between};
mod rename;
mod routing;
mod transition;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use egui::{Key, Modifiers, Pos2, Rect, Sense, Ui, Vec2, WidgetInfo, vec2};

use crate::assess::{Markers, Report};
use crate::diagram::{self, Changes, Decorations, SpatialIndex, Style, View};
use crate::edit::{self, Edit};
use crate::model::{Flow, Node, Position, Project};
use gesture::Gesture;
use rename::Rename;
use routing::{Routed, Routing};
use transition::Transition;

/// The selected node and flow ids.
pub type Selection = BTreeSet<String>;

/// What a plain click on the canvas does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    #[default]
    Select,
    AddActor,
    AddAsset,
    Connect,
}

/// A node to add, as an egui drag-and-drop payload: the canvas adds it where it is dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewNode {
    Actor,
    Asset,
}

/// What the canvas asks of the app after a frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Apply this edit with `History::apply_gesture(edit, gesture)`.
    Apply { edit: Edit, gesture: Option<u64> },
    /// Call `History::end_gesture()`: the gesture is over, the next edit is a new undo step.
    EndGesture,
    /// [`Canvas::selection`] changed.
    SelectionChanged,
    /// A gesture did nothing, for this reason (for the status bar).
    Refused(&'static str),
}

/// Why a flow dragged from a node back onto itself is not drawn.
pub const NO_FLOW_TO_ITSELF: &str = "No flow drawn: a flow joins two different nodes. Drag from one node onto another.";

/// What the app shows on top of the project: finding markers, highlighted ids, the overlay.
#[derive(Clone, Copy, Debug)]
pub struct Annotations<'a> {
    pub highlighted: &'a BTreeSet<String>,
    /// The worst finding per node or flow id.
    pub markers: &'a Markers,
    /// Colour nodes by their worst finding.
    pub overlay: bool,
    /// The assessment the markers come from: a node's tooltip lists what in it raised the
    /// node's marker.
    pub report: Option<&'a Report>,
}

impl Annotations<'static> {
    pub fn none() -> Self {
        let d = Decorations::none();
        Self {
            highlighted: d.highlighted,
            markers: d.markers,
            overlay: false,
            report: None,
        }
    }
}

/// A node of `kind` as the canvas adds it: the next free "Actor n" or "Asset n", at the origin.
fn new_node(project: &Project, kind: NewNode) -> Node {
    match kind {
        NewNode::Actor => Node::actor(project.free_name("Actor"), Position::default()),
        NewNode::Asset => Node::asset(project.free_name("Asset"), Position::default()),
    }
}

/// Margin around the diagram when zooming to fit (screen points).
const FIT_MARGIN: f32 = 40.0;
/// Zoom step of `+`, `-` and [`Canvas::zoom_in`].
const ZOOM_STEP: f32 = 1.25;
/// How often the canvas looks whether the routes being found in the background are ready.
const ROUTING_POLL: Duration = Duration::from_millis(100);

/// The diagram widget and its state: view, selection, tool and the gesture under way.
pub struct Canvas {
    pub view: View,
    pub selection: Selection,
    pub tool: Tool,
    /// Draw the grid.
    pub grid: bool,
    /// Snap moved and added nodes to the grid.
    pub snap: bool,
    fit_pending: bool,
    /// Where the canvas was on screen last frame.
    screen: Rect,
    /// The spatial index and the project revision it was built from.
    index: Option<(u64, SpatialIndex)>,
    gesture: Option<Gesture>,
    rename: Option<Rename>,
    /// Whether keys go to the canvas: the last press was on it.
    keyboard: bool,
    gestures_started: u64,
    /// Nodes gliding to where an auto-layout put them.
    transition: Option<Transition>,
    /// Revision `.1` of the project differs from revision `.0` by `.2`: the index of `.0` can be
    /// patched instead of rebuilt.
    changed: Option<(u64, u64, Changes)>,
    /// The full index of a big project being built while the canvas shows its first look.
    routing: Option<Routing>,
    /// How many times the spatial index was built from scratch on this thread.
    index_builds: u64,
}

impl Default for Canvas {
    fn default() -> Self {
        Self {
            view: View::default(),
            selection: Selection::new(),
            tool: Tool::Select,
            grid: true,
            snap: true,
            fit_pending: true,
            screen: Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0)),
            index: None,
            gesture: None,
            rename: None,
            keyboard: true,
            gestures_started: 0,
            transition: None,
            changed: None,
            routing: None,
            index_builds: 0,
        }
    }
}

impl Canvas {
    /// Shows the canvas in all of `ui`'s remaining room. `revision` is the history's revision of
    /// `project` (the spatial index is rebuilt when it changes). Returns what the app should do.
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, revision: u64, notes: Annotations) -> Vec<Action> {
        let mut out = Vec::new();
        let rect = ui.available_rect_before_wrap();
        let id = ui.scope_id().with("dlt-canvas");
        self.screen = rect;
        let index = self.take_index(project, revision, &mut out);
        if self.routing.is_some() {
            ui.ctx().request_repaint_after(ROUTING_POLL);
        }
        if self.fit_pending {
            self.zoom_to_fit(project, rect);
        }
        let bg = ui.interact(rect, id, Sense::click_and_drag());
        ui.advance_cursor_after_rect(rect);
        bg.widget_info(|| WidgetInfo::labeled(egui::Role::Canvas, true, "Diagram"));
        self.track_keyboard(ui, rect);
        self.navigate(ui, &bg);

        let regions = access::regions(ui, id, project, &index, &self.view, rect);
        if regions.is_empty() {
            hover::pointer_tooltip(ui, &bg, &self.view, project, &index, &notes);
        }
        for (target, response) in regions {
            hover::region_tooltip(&response, target, project, &notes);
            if response.double_clicked() && project.nodes.contains_key(target) {
                self.start_rename(target);
            } else if response.clicked() {
                let toggle = ui.input(|i| i.modifiers.shift || i.modifiers.command);
                self.click(Some(target.to_string()), toggle, &mut out);
            }
        }
        if self.keyboard && self.rename.is_none() && !ui.ctx().text_edit_focused() {
            self.keys(ui, project, &mut out);
        }
        self.pointer(ui, &bg, project, &index, &mut out);

        let style = Style::for_visuals(ui.visuals());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, style.background);
        if self.grid {
            grid::paint(&painter, &self.view, style.grid);
        }
        let gliding = self.transition_frame(ui, project);
        let deco = Decorations {
            selected: &self.selection,
            highlighted: notes.highlighted,
            markers: notes.markers,
            overlay: notes.overlay,
            marks: false,
        };
        match gliding {
            Some(shown) => {
                let moving = SpatialIndex::build(&shown);
                diagram::draw_indexed(&painter, &shown, &moving, &self.view, &style, &deco, Vec2::ZERO);
            }
            None => diagram::draw_indexed(&painter, project, &index, &self.view, &style, &deco, self.drag_offset()),
        }
        self.paint_gesture(ui, &painter, &style, project, &index);
        self.rename_ui(ui, project, &mut out);
        self.index = Some((revision, index));
        out
    }

    /// Notes that revision `after` of the project differs from `before` by `changes` (an edit,
    /// an undo or a redo), so the next frame patches the spatial index instead of rebuilding it.
    /// Changes noted one after the other add up until a frame uses them.
    pub fn follow(&mut self, before: u64, after: u64, changes: Changes) {
        if self
            .routing
            .as_mut()
            .is_some_and(|r| !r.follow(before, after, &changes))
        {
            self.routing = None;
        }
        self.changed = match self.changed.take() {
            Some((first, last, mut so_far)) if last == before => {
                so_far.then(changes);
                Some((first, after, so_far))
            }
            _ => Some((before, after, changes)),
        };
    }

    /// Lets the nodes in `from` (their positions before an auto-layout or tidy that has just been
    /// applied) glide to their new places on screen. Big projects jump at once.
    pub fn animate_from(&mut self, from: BTreeMap<String, Position>, project: &Project, now: f64) {
        self.transition =
            (project.nodes.len() <= transition::MAX_NODES && !from.is_empty()).then(|| Transition::new(from, now));
    }

    /// The project as the glide shows it this frame, while one is under way.
    fn transition_frame(&mut self, ui: &Ui, project: &Project) -> Option<Project> {
        let transition = self.transition.as_ref()?;
        let now = ui.input(|i| i.time);
        if transition.progress(now) >= 1.0 {
            self.transition = None;
            return None;
        }
        ui.ctx().request_repaint();
        Some(transition.frame(project, now))
    }

    /// How many times a frame built the spatial index from scratch (not patched, not handed
    /// over by a worker): what an edit costs at 100,000 nodes, counted for tests.
    pub fn index_builds(&self) -> u64 {
        self.index_builds
    }

    /// The spatial index the last frame used.
    #[cfg(test)]
    pub(crate) fn index_for_test(&self) -> &SpatialIndex {
        &self.index.as_ref().expect("a frame was shown").1
    }

    /// Drops the spatial index, so the next frame builds it afresh (the fonts changed, and with
    /// them the size of names).
    pub fn forget_index(&mut self) {
        self.index = None;
        self.changed = None;
        self.routing = None;
    }

    /// Uses `index`, built elsewhere (e.g. by the thread that read the file), for the project at
    /// `revision`, instead of building it on the next frame. When it is a first look
    /// ([`SpatialIndex::first_look`]) the full index is built from `copy`, a copy of the same
    /// project, on a worker thread, and swapped in when it is ready.
    pub fn adopt_index(&mut self, revision: u64, index: SpatialIndex, copy: Option<Project>) {
        self.routing = copy
            .filter(|_| !index.is_routed())
            .map(|copy| Routing::start(copy, revision));
        self.index = Some((revision, index));
    }

    /// The full index once the worker has built it (the routing is over, whatever its outcome,
    /// unless it is still under way).
    fn routed(&mut self, project: &Project, revision: u64) -> Option<SpatialIndex> {
        match self.routing.as_mut()?.poll(project, revision) {
            Routed::Pending => None,
            Routed::Ready(index) => {
                self.routing = None;
                Some(*index)
            }
            Routed::Stale => {
                self.routing = None;
                None
            }
        }
    }

    /// The spatial index for `project` at `revision`: the one of the last frame, patched with the
    /// changes noted since ([`Canvas::follow`]), or the full one a worker built, or else one
    /// built now. When the revision changed, the selection and any rename drop what no longer
    /// exists.
    fn take_index(&mut self, project: &Project, revision: u64, out: &mut Vec<Action>) -> SpatialIndex {
        let changed = self.changed.take();
        let kept = self.index.take();
        let index = if let Some(index) = self.routed(project, revision) {
            index
        } else if let Some((rev, mut index)) = kept {
            if rev == revision {
                return index;
            }
            let patched = changed.is_some_and(|(before, after, changes)| {
                (before, after) == (rev, revision) && index.patch(project, &changes)
            });
            if !patched {
                self.build_index(project, revision)
            } else {
                if index.is_crowded() && self.routing.is_none() {
                    self.routing = Some(Routing::start(project.clone(), revision));
                }
                index
            }
        } else {
            self.build_index(project, revision)
        };
        let before = self.selection.len();
        self.selection
            .retain(|id| project.nodes.contains_key(id) || project.flows.contains_key(id));
        if self.selection.len() != before {
            out.push(Action::SelectionChanged);
        }
        if self.rename.as_ref().is_some_and(|r| !project.nodes.contains_key(&r.id)) {
            self.rename = None;
        }
        index
    }

    /// Builds the spatial index of `project` at `revision` from scratch: for a big project only
    /// its first look ([`SpatialIndex::first_look`]), the full one then being built on a worker.
    fn build_index(&mut self, project: &Project, revision: u64) -> SpatialIndex {
        self.index_builds += 1;
        let index = SpatialIndex::first_look(project);
        self.routing = (!index.is_routed()).then(|| Routing::start(project.clone(), revision));
        index
    }

    /// Keys go to the canvas after a press on it, and stop going after a press elsewhere.
    fn track_keyboard(&mut self, ui: &Ui, rect: Rect) {
        if let Some(pos) = ui.input(|i| i.pointer.any_pressed().then(|| i.pointer.interact_pos()).flatten()) {
            self.keyboard = rect.contains(pos);
        }
    }

    /// A click on a node or flow (`Some`) or on empty canvas (`None`).
    fn click(&mut self, target: Option<String>, toggle: bool, out: &mut Vec<Action>) {
        let changed = match (target, toggle) {
            (Some(id), true) => {
                if !self.selection.remove(&id) {
                    self.selection.insert(id);
                }
                true
            }
            (Some(id), false) => self.set_selection([id].into()),
            (None, false) => self.set_selection(Selection::new()),
            (None, true) => false,
        };
        if changed {
            out.push(Action::SelectionChanged);
        }
    }

    /// Replaces the selection; whether it changed.
    fn set_selection(&mut self, selection: Selection) -> bool {
        let changed = self.selection != selection;
        self.selection = selection;
        changed
    }

    fn keys(&mut self, ui: &Ui, project: &Project, out: &mut Vec<Action>) {
        if ui.input(|i| i.key_pressed(Key::Escape)) && self.escape(ui, out) {
            ui.ctx().input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
        }
        if ui.input(|i| i.key_pressed(Key::F2))
            && let Some(id) = self
                .selection
                .iter()
                .find(|id| project.nodes.contains_key(*id))
                .cloned()
        {
            self.start_rename(&id);
        }
        self.navigation_keys(ui);
    }

    /// Escape cancels the gesture under way (before egui's own drag abort can end it as if
    /// released), else goes back to the Select tool, else clears the selection; whether it did
    /// any of these.
    fn escape(&mut self, ui: &Ui, out: &mut Vec<Action>) -> bool {
        if self.cancel_gesture(ui, out) {
            true
        } else if self.tool != Tool::Select {
            self.tool = Tool::Select;
            true
        } else if self.set_selection(Selection::new()) {
            out.push(Action::SelectionChanged);
            true
        } else {
            false
        }
    }

    /// Adds a node of the given kind on the free spot nearest `at` (diagram units), selects it
    /// and starts renaming it; the Actor and Asset tools go back to Select.
    fn add_node(&mut self, project: &Project, index: &SpatialIndex, kind: NewNode, at: Pos2, out: &mut Vec<Action>) {
        let mut node = new_node(project, kind);
        self.place(&mut node, at, index);
        let (edit, id) = edit::add_node(project, node);
        out.push(Action::Apply { edit, gesture: None });
        if self.set_selection([id.clone()].into()) {
            out.push(Action::SelectionChanged);
        }
        self.rename = Some(Rename::new(id));
        if matches!(self.tool, Tool::AddActor | Tool::AddAsset) {
            self.tool = Tool::Select;
        }
    }

    /// Moves `node`, about to be added, to the free spot nearest `near` (diagram units, snapped to
    /// the grid when snapping is on; see [`free_spot`]) and pans the view to it when that spot is
    /// out of sight.
    fn place(&mut self, node: &mut Node, near: Pos2, index: &SpatialIndex) {
        let landing = self.landing(node, near, index);
        node.position = Position::new(landing.center().x, landing.center().y);
        self.bring_into_view(landing);
    }

    /// The box `node` gets when it is added at `near` (diagram units; see [`Canvas::place`]).
    fn landing(&self, node: &Node, near: Pos2, index: &SpatialIndex) -> Rect {
        let near = if self.snap { grid::snap(near) } else { near };
        let size = diagram::node_size(node);
        Rect::from_center_size(free_spot(index, near, size), size)
    }

    /// Pans the least that shows all of `area` (diagram units) at least [`FIT_MARGIN`] from the
    /// canvas's edges; an area too big for that is centred.
    fn bring_into_view(&mut self, area: Rect) {
        let room = self.screen.shrink(FIT_MARGIN);
        let seen = self.view.rect_to_screen(area);
        let shift = |low: f32, high: f32, min: f32, max: f32| {
            if high - low > max - min {
                (min + max - low - high) / 2.0
            } else {
                (min - low).max(0.0) + (max - high).min(0.0)
            }
        };
        self.view.origin += vec2(
            shift(seen.left(), seen.right(), room.left(), room.right()),
            shift(seen.top(), seen.bottom(), room.top(), room.bottom()),
        );
    }

    /// Places a node about to be inserted (Insert, with no point given) near the selected nodes
    /// when they are in view, else near the middle of the view, where it crowds no other node
    /// (see [`free_spot`]). `revision` is the history's revision of `project`.
    pub fn place_new(&mut self, node: &mut Node, project: &Project, revision: u64) {
        let kept = self.index.take();
        let built;
        let index = match &kept {
            Some((rev, index)) if *rev == revision => index,
            _ => {
                built = SpatialIndex::build(project);
                &built
            }
        };
        let seen = self.view.rect_to_diagram(self.screen);
        let selected = (self.selection.iter())
            .filter_map(|id| index.node_rect(id))
            .reduce(|a, b| a.union(b))
            .map(|r| r.center())
            .filter(|c| seen.contains(*c));
        self.place(node, selected.unwrap_or(seen.center()), index);
        self.index = kept;
    }

    /// Adds a flow from one node to another, numbered after the last step, and selects it.
    fn add_flow(&mut self, project: &Project, from: &str, to: &str, out: &mut Vec<Action>) {
        if from == to {
            out.push(Action::Refused(NO_FLOW_TO_ITSELF));
            return;
        }
        if !project.nodes.contains_key(from) || !project.nodes.contains_key(to) {
            return;
        }
        let (edit, id) = edit::add_flow(project, Flow::new(from, to, project.last_step() + 1, "new flow"));
        out.push(Action::Apply { edit, gesture: None });
        if self.set_selection([id].into()) {
            out.push(Action::SelectionChanged);
        }
    }

    /// Fits the whole project into `screen` (an empty project: 100 % around the origin).
    pub fn zoom_to_fit(&mut self, project: &Project, screen: Rect) {
        self.fit_pending = false;
        self.view = match diagram::bounds(project) {
            Some(bounds) => View::fit(bounds, screen, FIT_MARGIN),
            None => View {
                origin: screen.center(),
                zoom: 1.0,
            },
        };
    }

    /// Fits the project on the next frame, when the canvas knows its size.
    pub fn request_fit(&mut self) {
        self.fit_pending = true;
    }

    /// Zooms to 100 %, keeping the middle of the canvas in place.
    pub fn zoom_100(&mut self) {
        self.view = self.view.zoomed_about(self.screen.center(), 1.0 / self.view.zoom);
    }

    pub fn zoom_in(&mut self) {
        self.view = self.view.zoomed_about(self.screen.center(), ZOOM_STEP);
    }

    pub fn zoom_out(&mut self) {
        self.view = self.view.zoomed_about(self.screen.center(), 1.0 / ZOOM_STEP);
    }

    /// Pans so that a node, or the middle of a flow, is in the middle of the canvas.
    pub fn centre_on(&mut self, id: &str, project: &Project) {
        let point = match project.nodes.get(id) {
            Some(node) => Some(Pos2::new(node.position.x, node.position.y)),
            None => self
                .index
                .as_ref()
                .and_then(|(_, index)| index.flow_path(id))
                .or_else(|| SpatialIndex::build(project).flow_path(id))
                .map(|path| path.mid()),
        };
        if let Some(p) = point {
            self.view.origin += self.screen.center() - self.view.point_to_screen(p);
        }
    }

    /// Selects exactly these ids.
    pub fn select_only(&mut self, ids: impl IntoIterator<Item = String>) {
        self.selection = ids.into_iter().collect();
    }

    /// Starts renaming a node in place (as F2 does).
    pub fn start_rename(&mut self, id: &str) {
        self.rename = Some(Rename::new(id.to_string()));
    }

    /// Whether a drag or a rename is under way (the app may hold back its own shortcuts).
    pub fn is_busy(&self) -> bool {
        self.gesture.is_some() || self.rename.is_some()
    }

    /// One line for the status bar: what the current tool or gesture does (or that the routes
    /// of a big project are still being found).
    pub fn hint(&self) -> &'static str {
        match (&self.gesture, self.tool) {
            (Some(_), _) => "Esc cancels.",
            (None, _) if self.routing.is_some() => {
                "Finding the flows' ways around the nodes… Until then they run straight, labelled by their step."
            }
            (None, Tool::AddActor) => "Click on the canvas to place an actor. Esc goes back to Select.",
            (None, Tool::AddAsset) => "Click on the canvas to place an asset. Esc goes back to Select.",
            (None, Tool::Connect) => "Drag from one node to another to draw a flow. Esc goes back to Select.",
            (None, Tool::Select) => {
                "Click to select, Shift+click to add; drag a node to move, the background to box-select, a node's \
                 handle to connect. Double-click: add or rename. Middle-drag or Space+drag pans, Ctrl+wheel zooms."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::generate;

    /// One headless frame of `canvas` showing `project` at `revision`.
    fn frame(canvas: &mut Canvas, ctx: &egui::Context, project: &Project, revision: u64) {
        ctx.run_ui(egui::RawInput::default(), |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                canvas.ui(ui, project, revision, Annotations::none());
            });
        })
        .drop_without_applying_deltas();
    }

    #[test]
    fn a_crowded_index_is_built_anew_on_a_worker_and_swapped_in() {
        let (ctx, mut canvas) = (egui::Context::default(), Canvas::default());
        let mut project = generate::generate(600, 1);
        let mut revision = 0;
        frame(&mut canvas, &ctx, &project, revision);
        assert_eq!(canvas.index_builds(), 1);
        let ids: Vec<String> = project.nodes.keys().cloned().collect();
        for batch in ids.chunks(60) {
            for id in batch {
                project.nodes.get_mut(id).unwrap().position.y += 7.0;
            }
            revision += 1;
            let moved = Changes {
                nodes: batch.to_vec(),
                ..Changes::default()
            };
            canvas.follow(revision - 1, revision, moved);
            frame(&mut canvas, &ctx, &project, revision);
            if canvas.routing.is_some() {
                break;
            }
        }
        assert!(canvas.routing.is_some(), "patches crowd the index and start a worker");
        let started = Instant::now();
        while canvas.routing.is_some() {
            assert!(started.elapsed() < Duration::from_secs(60), "the worker finishes");
            std::thread::sleep(Duration::from_millis(5));
            frame(&mut canvas, &ctx, &project, revision);
        }
        assert_eq!(canvas.index_builds(), 1, "no build on this thread");
        let index = &canvas.index.as_ref().expect("an index").1;
        assert!(
            !index.is_crowded() && *index == SpatialIndex::build(&project),
            "the worker's build"
        );
    }
}
