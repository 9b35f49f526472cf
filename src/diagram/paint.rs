//! Painting a project into epaint shapes: flows (arrow, step badge, action, carried asset) under
//! nodes (shape, icon, name, caption, badges, finding marker), selection and highlight, with
//! level of detail by zoom and culling to the painter's clip rectangle. Text is laid out at the
//! zoomed size, so it stays crisp at every zoom.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use egui::epaint::{Mesh, PathShape, PathStroke, RectShape, TextShape};
use egui::{Color32, CornerRadius, FontId, Galley, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2, pos2, vec2};
use rustc_hash::FxHashSet;

use super::geometry::{
    ACTION_FONT, ASSET_FONT, ASSET_MARK, CAPTION_FONT, FlowPath, LABEL_PAD, MIN_NODE_SIZE, NAME_FONT, carried_asset,
    simplify,
};
use super::index::SpatialIndex;
use super::marks::{self, Mark};
use super::path::{Outline, Route};
use super::sizes::{BADGE_GAP, LabelForm, LabelText, NodeText, STEP_FONT, TEXT_TOP, text_insets};
use super::style::{KindStyle, Style};
use super::text::{self, Lines};
use super::view::View;
use crate::assess::Markers;
use crate::model::{AssetType, Flow, Node, NodeKind, Project, Severity};

/// Text smaller than this many screen points is not drawn.
const MIN_TEXT: f32 = 4.0;
/// Captions and badges smaller than this are not drawn.
const MIN_SMALL_TEXT: f32 = 5.5;
/// Node icons are drawn when a node is at least this tall on screen.
const MIN_ICON_NODE_HEIGHT: f32 = 14.0;
/// Below this height on screen a node is a plain coloured block.
const MIN_SHAPED_NODE_HEIGHT: f32 = 6.0;
/// The badge font at 100 % zoom (diagram units).
const BADGE_FONT: f32 = 9.5;
/// Curved flows are drawn as straight pieces about this long (screen points).
const CURVE_PIECE: f32 = 8.0;
/// How far what is drawn for a curved flow reaches beyond the band [`FlowPath::crosses`] tests:
/// this many screen points (half the widest line with its glow and edge, a marker in an
/// overview) plus [`CURVE_REACH`] diagram units (the arrowhead, 11 long and 10 wide).
const CURVE_REACH_PX: f32 = 4.0;
const CURVE_REACH: f32 = 16.0;

/// What the diagram shows on top of the project.
#[derive(Clone, Copy, Debug)]
pub struct Decorations<'a> {
    /// Selected nodes and flows (outlined).
    pub selected: &'a BTreeSet<String>,
    /// Nodes and flows to point out (e.g. those of a finding), drawn with a glow.
    pub highlighted: &'a BTreeSet<String>,
    /// The worst finding per node or flow id, drawn as a marker.
    pub markers: &'a Markers,
    /// Colour nodes by their worst finding.
    pub overlay: bool,
    /// Bracket each node, flow and flow label with [`Mark`]s (for the SVG's groups).
    pub marks: bool,
}

static NO_IDS: BTreeSet<String> = BTreeSet::new();
static NO_MARKERS: Markers = Markers::new();

impl Decorations<'static> {
    /// Nothing selected, highlighted or marked.
    pub fn none() -> Self {
        Self {
            selected: &NO_IDS,
            highlighted: &NO_IDS,
            markers: &NO_MARKERS,
            overlay: false,
            marks: false,
        }
    }
}

/// The nodes and the flows selected or highlighted, by their positions in the spatial index:
/// the overview asks about every one of them, and a lookup by position costs a hash of a number
/// where one by id compares names (at 100,000 nodes, ten milliseconds a frame).
struct Picked {
    nodes: FxHashSet<usize>,
    flows: FxHashSet<usize>,
    highlighted_nodes: FxHashSet<usize>,
    highlighted_flows: FxHashSet<usize>,
}

impl Picked {
    fn of(index: &SpatialIndex, deco: &Decorations) -> Self {
        let nodes = |ids: &BTreeSet<String>| ids.iter().filter_map(|id| index.node_index(id)).collect();
        let flows = |ids: &BTreeSet<String>| ids.iter().filter_map(|id| index.flow_index(id)).collect();
        Self {
            nodes: nodes(deco.selected),
            flows: flows(deco.selected),
            highlighted_nodes: nodes(deco.highlighted),
            highlighted_flows: flows(deco.highlighted),
        }
    }
}

/// Draws `project` through `view` with `painter`, skipping whatever lies outside the painter's
/// clip rectangle. Deterministic: the same input gives the same shapes.
pub fn draw(painter: &Painter, project: &Project, view: &View, style: &Style, deco: &Decorations) {
    draw_indexed(
        painter,
        project,
        &SpatialIndex::build(project),
        view,
        style,
        deco,
        Vec2::ZERO,
    );
}

/// [`draw`] with a spatial index of `project` built beforehand (the canvas keeps one per project
/// revision), so only what is in view is visited. Selected nodes are drawn moved by `drag`
/// diagram units, with their flows following: a move being dragged, not yet applied.
pub fn draw_indexed(
    painter: &Painter,
    project: &Project,
    index: &SpatialIndex,
    view: &View,
    style: &Style,
    deco: &Decorations,
    drag: Vec2,
) {
    let area = view.rect_to_diagram(painter.clip_rect());
    let pen = Pen {
        painter,
        view,
        style,
        deco,
        detail: Detail::at(view.zoom),
    };
    let dragging = drag != Vec2::ZERO && !deco.selected.is_empty();
    let moves = |node: usize| dragging && deco.selected.contains(&index.nodes()[node].id);
    let rect_now = |node: usize| {
        let rect = index.nodes()[node].rect;
        if moves(node) { rect.translate(drag) } else { rect }
    };
    let moved_nodes: Vec<usize> = if dragging {
        deco.selected.iter().filter_map(|id| index.node_index(id)).collect()
    } else {
        Vec::new()
    };
    // A curve is drawn when its box is in view (as it always was) and its band comes near enough
    // to show: a long curve across the view's box but far from it is left out.
    let near = area.expand(CURVE_REACH_PX / view.zoom + CURVE_REACH);
    let in_view = |route: &Route| {
        area.contains_rect(route.bounding_rect())
            || route.pieces().iter().any(|piece| {
                if piece.is_straight() {
                    piece.crosses(area)
                } else {
                    piece.bounding_rect().intersects(area) && piece.crosses(near)
                }
            })
    };
    let picked = Picked::of(index, deco);
    let mut flows = index.visible_flows(near);
    if !moved_nodes.is_empty() {
        flows.extend(moved_nodes.iter().flat_map(|&n| index.flows_touching(n)));
        flows.sort_unstable();
        flows.dedup();
        index.arrange_flows(&mut flows);
    }
    let visible = index.visible_nodes(area);
    let mut overview = Overview::default();
    // Flow labels go on top of the nodes, so that a label wider than the gap it sits in stays
    // readable.
    let mut labels = Vec::new();
    if !pen.detail.shapes {
        overview.make_room(flows.len(), visible.len() + moved_nodes.len());
    }

    for i in flows {
        let indexed = &index.flows()[i];
        // Not dragged: the overview reads only its outline (`dragging` first, so that the flow
        // itself is not read).
        if !pen.detail.shapes && (!dragging || !(moves(indexed.from) || moves(indexed.to))) {
            let (outline, corners) = index.overview(i);
            let look = (picked.flows.contains(&i), picked.highlighted_flows.contains(&i));
            overview.flow_line(&pen, || &indexed.id, look, &indexed.path, outline, corners);
            continue;
        }
        // A flow being dragged along with both its ends keeps its route; one whose other end
        // stays runs in its lane until the drop routes it again.
        let (path, label) = if moves(indexed.from) || moves(indexed.to) {
            let path: Route = if moves(indexed.from) && moves(indexed.to) {
                indexed.path.translate(drag)
            } else {
                let (from, to) = (rect_now(indexed.from), rect_now(indexed.to));
                FlowPath::joining(from, to, indexed.from == indexed.to, indexed.lane).into()
            };
            let label = indexed.label;
            let at = path.point(indexed.label_at) + indexed.label_offset;
            (Cow::Owned(path), label.translate(at - label.center()))
        } else {
            (Cow::Borrowed(&indexed.path), indexed.label)
        };
        let label_in_view = label.intersects(area);
        if !label_in_view && !in_view(&path) {
            continue;
        }
        if !pen.detail.shapes {
            let look = (picked.flows.contains(&i), picked.highlighted_flows.contains(&i));
            overview.flow_line(&pen, || &indexed.id, look, &path, &path.outline(), &path.corners());
            continue;
        }
        let end = |node: usize| index.nodes()[node].id.as_str();
        let mark = || Mark::flow(&indexed.id, end(indexed.from), end(indexed.to));
        marks::around(painter, deco.marks, mark, || pen.flow(&indexed.id, &path));
        if label_in_view {
            labels.push((indexed.id.as_str(), label, indexed.label_form));
        }
    }

    let still = visible.into_iter().filter(|&i| !moves(i));
    for i in still.chain(moved_nodes.iter().copied()) {
        let (indexed, rect) = (&index.nodes()[i], rect_now(i));
        if !rect.intersects(area) {
            continue;
        }
        if !pen.detail.shapes {
            let look = (picked.nodes.contains(&i), picked.highlighted_nodes.contains(&i));
            overview.node_block(&pen, &indexed.id, look, indexed.actor, rect);
        } else if let Some(node) = project.nodes.get(&indexed.id) {
            let mark = || Mark::node(&indexed.id, node);
            marks::around(painter, deco.marks, mark, || pen.node(&indexed.id, node, rect));
        }
    }
    overview.paint(&pen);
    for (id, plate, form) in labels {
        if let Some(flow) = project.flows.get(id) {
            let draw = || pen.flow_label(project, id, flow, view.rect_to_screen(plate), form);
            marks::around(painter, deco.marks, || Mark::label(id), draw);
        }
    }
}

/// Zoomed so far out that nodes are a few points tall, the diagram is an overview: every node
/// a block and every flow a thin line, gathered into two meshes (no outlines, icons, text or
/// antialiasing), which costs a fraction of painting each one on its own.
#[derive(Default)]
struct Overview {
    lines: Mesh,
    blocks: Mesh,
    markers: Vec<(Severity, Pos2)>,
    /// The corners of the route being drawn, on screen (kept to be filled again).
    points: Vec<Pos2>,
}

impl Overview {
    /// Room for this many flow lines and node blocks, so the meshes grow once.
    fn make_room(&mut self, flows: usize, nodes: usize) {
        self.lines.reserve_vertices(4 * flows);
        self.lines.reserve_triangles(2 * flows);
        self.blocks.reserve_vertices(4 * nodes);
        self.blocks.reserve_triangles(2 * nodes);
    }

    /// A flow zoomed far out: a thin line from piece end to piece end of `route`, with its
    /// `outline` and `corners` (start, turns and end, in diagram units; empty when the outline's
    /// straight line is all there is), and whether it is selected and highlighted. Up close,
    /// [`Pen::flow`] draws it.
    fn flow_line<'a>(
        &mut self,
        pen: &Pen,
        id: impl Fn() -> &'a str,
        (selected, highlighted): (bool, bool),
        route: &Route,
        outline: &Outline,
        corners: &[Pos2],
    ) {
        let (style, deco) = (pen.style, pen.deco);
        // Without markers, as in most frames, the flow's id is not read: that spares a cache
        // miss per flow.
        let worst = (!deco.markers.is_empty()).then(|| deco.markers.get(id())).flatten();
        let colour = match (selected, worst) {
            (true, _) => style.selection,
            (false, Some(s)) if deco.overlay => style.severity(s),
            _ => style.flow,
        };
        let points = &mut self.points;
        points.clear();
        if corners.is_empty() || outline.straying * pen.view.zoom <= OVERVIEW_TOLERANCE_PX {
            points.extend([outline.start, outline.end].map(|p| pen.view.point_to_screen(p)));
        } else {
            points.extend(corners.iter().map(|&p| pen.view.point_to_screen(p)));
            simplify(points, OVERVIEW_TOLERANCE_PX);
        }
        for line in points.windows(2) {
            if highlighted {
                quad(&mut self.lines, line[0], line[1], 4.0, style.highlight);
            }
            quad(&mut self.lines, line[0], line[1], 1.0, colour);
        }
        if let Some(s) = worst {
            self.markers.push((s, pen.view.point_to_screen(route.mid())));
        }
    }

    /// A node zoomed far out: a block in its kind's colour, or the selection's, with a glow
    /// when highlighted. Up close, [`Pen::node`] draws it.
    fn node_block(&mut self, pen: &Pen, id: &str, (selected, highlighted): (bool, bool), actor: bool, rect: Rect) {
        let (style, deco) = (pen.style, pen.deco);
        let rect = pen.view.rect_to_screen(rect);
        let worst = (!deco.markers.is_empty()).then(|| deco.markers.get(id)).flatten();
        if highlighted {
            self.blocks.add_colored_rect(rect.expand(2.0), style.highlight);
        }
        let colour = match (selected, deco.overlay) {
            (true, _) => style.selection,
            (false, true) => worst.map_or(style.ok, |s| style.severity(s)),
            (false, false) if actor => style.actor.stroke,
            (false, false) => style.asset.stroke,
        };
        self.blocks.add_colored_rect(rect, colour);
        if let Some(s) = worst {
            self.markers.push((s, rect.right_top()));
        }
    }

    fn paint(self, pen: &Pen) {
        for mesh in [self.lines, self.blocks] {
            if !mesh.is_empty() {
                pen.add(Shape::mesh(mesh));
            }
        }
        for (severity, at) in self.markers {
            pen.marker(Some(severity), at);
        }
    }
}

/// How far (points) the overview's line of a flow may stray from its route: a route's turns
/// around boxes a few points wide are mostly less than this, so most routes are one line.
const OVERVIEW_TOLERANCE_PX: f32 = 3.0;

/// A straight band `width` points wide from `a` to `b`, as two triangles.
fn quad(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, colour: Color32) {
    let along = b - a;
    if along.length_sq() < 0.25 {
        return;
    }
    // `normalized` would take libm's `hypotf`, a tenth of an overview frame.
    let side = along.rot90() * (width / 2.0 / along.length_sq().sqrt());
    let first = mesh.vertices.len() as u32;
    for p in [a + side, b + side, b - side, a - side] {
        mesh.colored_vertex(p, colour);
    }
    mesh.add_triangle(first, first + 1, first + 2);
    mesh.add_triangle(first, first + 2, first + 3);
}

/// What is worth drawing at a zoom factor.
struct Detail {
    zoom: f32,
    names: bool,
    small_text: bool,
    icons: bool,
    shapes: bool,
}

impl Detail {
    fn at(zoom: f32) -> Self {
        Self {
            zoom,
            names: NAME_FONT * zoom >= MIN_TEXT,
            small_text: CAPTION_FONT * zoom >= MIN_SMALL_TEXT,
            icons: MIN_NODE_SIZE.y * zoom >= MIN_ICON_NODE_HEIGHT,
            shapes: MIN_NODE_SIZE.y * zoom >= MIN_SHAPED_NODE_HEIGHT,
        }
    }

    /// The screen size of a length in diagram units.
    fn px(&self, units: f32) -> f32 {
        units * self.zoom
    }

    /// A font of `units` diagram units at this zoom, its size rounded down to half points so
    /// that zooming reuses cached glyphs and text never outgrows the room measured for it.
    fn font(&self, units: f32) -> FontId {
        FontId::proportional(((units * self.zoom * 2.0).floor() / 2.0).max(1.0))
    }
}

/// Everything painting needs, passed around as one.
struct Pen<'a> {
    painter: &'a Painter,
    view: &'a View,
    style: &'a Style,
    deco: &'a Decorations<'a>,
    detail: Detail,
}

impl Pen<'_> {
    fn px(&self, units: f32) -> f32 {
        self.detail.px(units)
    }

    fn add(&self, shape: impl Into<Shape>) {
        self.painter.add(shape);
    }

    /// One line of text at `units` diagram units, made smaller should it come out wider than
    /// `max_width` points (the measure it was broken by allows for that; this is a safety net).
    fn line(&self, text: &str, units: f32, colour: Color32, max_width: f32) -> Arc<Galley> {
        let mut font = self.detail.font(units);
        loop {
            let galley = self.painter.layout_no_wrap(text.to_owned(), font.clone(), colour);
            if galley.size().x <= max_width + 0.5 || font.size <= 1.0 {
                return galley;
            }
            font.size = (font.size - 0.5).max(1.0);
        }
    }

    /// Lines of text one under the other from `top_left`, each at most `max_width` points wide;
    /// returns the height they took.
    fn lines(&self, lines: &Lines, units: f32, colour: Color32, top_left: Pos2, max_width: f32) -> f32 {
        let row = self.px(text::row_height(units));
        for (k, line) in lines.lines.iter().enumerate() {
            let galley = self.line(line, units, colour, max_width);
            self.galley(top_left + vec2(0.0, k as f32 * row), galley);
        }
        lines.lines.len() as f32 * row
    }

    fn galley(&self, pos: Pos2, galley: Arc<Galley>) {
        self.add(TextShape::new(pos, galley, Color32::PLACEHOLDER));
    }

    fn node(&self, id: &str, node: &Node, rect: Rect) {
        let style = self.style;
        let rect = self.view.rect_to_screen(rect);
        let kind = if node.is_actor() { &style.actor } else { &style.asset };
        let worst = self.deco.markers.get(id);
        let selected = self.deco.selected.contains(id);
        if self.deco.highlighted.contains(id) {
            let glow = Stroke::new(self.px(5.0).max(3.0), style.highlight);
            self.add(self.outline(node, rect.expand(self.px(5.0).max(2.5)), Color32::TRANSPARENT, glow));
        }
        let fill = if self.deco.overlay {
            style.overlay_fill(worst)
        } else {
            kind.fill
        };
        self.add(self.outline(
            node,
            rect,
            fill,
            Stroke::new(self.px(1.5).clamp(0.75, 4.0), kind.stroke),
        ));
        if selected {
            let ring = Stroke::new(self.px(2.0).clamp(1.5, 4.0), style.selection);
            self.add(self.outline(node, rect.expand(self.px(4.0).max(2.0)), Color32::TRANSPARENT, ring));
        }
        let (text_left, inset_right) = text_insets(node);
        if self.detail.icons {
            let icon_x = text_left - 22.0;
            self.icon(node, pos2(rect.left() + self.px(icon_x), rect.center().y), kind, fill);
        }
        if self.detail.names {
            self.node_text(node, rect);
        }
        if self.detail.small_text {
            self.badges(node, rect, inset_right);
        }
        self.marker(worst, pos2(rect.right() - self.px(22.0), rect.top()));
    }

    /// A node's outline shape (rounded box for actors, tag for assets) filling `rect`.
    fn outline(&self, node: &Node, rect: Rect, fill: Color32, stroke: Stroke) -> Shape {
        match node.kind {
            NodeKind::Actor { .. } => {
                let radius = CornerRadius::from(self.px(12.0));
                RectShape::new(rect, radius, fill, stroke, StrokeKind::Middle).into()
            }
            NodeKind::Asset { .. } => PathShape::convex_polygon(tag(rect), fill, PathStroke::from(stroke)).into(),
        }
    }

    /// The name (and, unless too small to read, the caption) in the lines `sizes` broke them
    /// into.
    fn node_text(&self, node: &Node, rect: Rect) {
        let (text_left, inset_right) = text_insets(node);
        let left = rect.left() + self.px(text_left);
        let width = rect.right() - self.px(inset_right) - left;
        let text = NodeText::new(node);
        if !self.detail.small_text {
            let height = self.px(text.name.height(NAME_FONT));
            self.lines(
                &text.name,
                NAME_FONT,
                self.style.text,
                pos2(left, rect.center().y - height / 2.0),
                width,
            );
            return;
        }
        let top = rect.top() + self.px(TEXT_TOP);
        let name_height = self.lines(&text.name, NAME_FONT, self.style.text, pos2(left, top), width);
        self.lines(
            &text.caption,
            CAPTION_FONT,
            self.style.caption,
            pos2(left, top + name_height),
            width,
        );
    }

    /// Pills at the bottom right counting the node's components and criteria.
    fn badges(&self, node: &Node, rect: Rect, inset_right: f32) {
        let height = self.px(13.0);
        let mut right = rect.right() - self.px(inset_right);
        let bottom = rect.bottom() - self.px(4.0);
        let counts = [
            (node.criteria.len(), self.style.criterion_badge, Glyph::Check),
            (node.components.len(), self.style.component_badge, Glyph::Layers),
        ];
        for (count, colour, glyph) in counts.into_iter().filter(|(n, ..)| *n > 0) {
            let number = self.line(&count.to_string(), BADGE_FONT, self.style.badge_text, f32::INFINITY);
            let width = self.px(4.0 + 8.0 + 2.0 + 4.0) + number.size().x;
            let pill = Rect::from_min_max(pos2(right - width, bottom - height), pos2(right, bottom));
            self.add(Shape::rect_filled(pill, height / 2.0, colour));
            let mark = Rect::from_center_size(
                pos2(pill.left() + self.px(8.0), pill.center().y),
                Vec2::splat(self.px(7.0)),
            );
            self.badge_glyph(glyph, mark);
            let text_pos = pos2(mark.right() + self.px(2.0), pill.center().y - number.size().y / 2.0);
            self.galley(text_pos, number);
            right = pill.left() - self.px(3.0);
        }
    }

    fn badge_glyph(&self, glyph: Glyph, r: Rect) {
        let stroke = Stroke::new(self.px(1.3), self.style.badge_text);
        match glyph {
            Glyph::Layers => {
                for f in [0.2, 0.5, 0.8] {
                    let y = r.top() + r.height() * f;
                    self.add(Shape::line_segment([pos2(r.left(), y), pos2(r.right(), y)], stroke));
                }
            }
            Glyph::Check => {
                let p = |x: f32, y: f32| r.min + vec2(x, y) * r.width();
                self.add(Shape::line(vec![p(0.0, 0.55), p(0.35, 0.9), p(1.0, 0.1)], stroke));
            }
        }
    }

    /// The node's icon centred at `c`: a person for actors; for assets a coin (fungible value), a
    /// gem (unique token), a crate (physical asset) or a document (records, credentials, data).
    fn icon(&self, node: &Node, c: Pos2, kind: &KindStyle, fill: Color32) {
        let s = self.detail.zoom;
        let at = |x: f32, y: f32| c + vec2(x, y) * s;
        let ink = kind.glyph;
        match node.kind {
            NodeKind::Actor { .. } => {
                self.add(Shape::circle_filled(at(0.0, -8.0), 6.0 * s, ink));
                let mut shoulders: Vec<Pos2> = (0..=12)
                    .map(|k| {
                        let a = std::f32::consts::PI * (1.0 + k as f32 / 12.0);
                        at(11.0 * a.cos(), 14.0 + 12.0 * a.sin())
                    })
                    .collect();
                shoulders.dedup();
                self.add(Shape::convex_polygon(shoulders, ink, Stroke::NONE));
            }
            NodeKind::Asset { asset_type } => match asset_type {
                AssetType::FungibleToken | AssetType::Payment => {
                    self.add(Shape::circle_filled(c, 11.0 * s, ink));
                    self.add(Shape::circle_stroke(c, 6.5 * s, Stroke::new(1.6 * s, fill)));
                }
                AssetType::UniqueToken => {
                    let gem = vec![
                        at(-7.0, -10.0),
                        at(7.0, -10.0),
                        at(12.0, -3.0),
                        at(0.0, 12.0),
                        at(-12.0, -3.0),
                    ];
                    self.add(Shape::convex_polygon(gem, ink, Stroke::NONE));
                    self.add(Shape::line_segment(
                        [at(-12.0, -3.0), at(12.0, -3.0)],
                        Stroke::new(1.4 * s, fill),
                    ));
                }
                AssetType::PhysicalTwin => {
                    let body = Rect::from_center_size(at(0.0, 1.0), vec2(22.0, 20.0) * s);
                    self.add(Shape::rect_filled(body, 2.0 * s, ink));
                    let lid = body.top() + 6.0 * s;
                    let line = Stroke::new(1.4 * s, fill);
                    self.add(Shape::line_segment(
                        [pos2(body.left(), lid), pos2(body.right(), lid)],
                        line,
                    ));
                    self.add(Shape::line_segment([pos2(c.x, body.top()), pos2(c.x, lid)], line));
                }
                AssetType::Document | AssetType::Credential | AssetType::Data => {
                    let page = vec![
                        at(-8.5, -11.0),
                        at(3.0, -11.0),
                        at(8.5, -5.5),
                        at(8.5, 11.0),
                        at(-8.5, 11.0),
                    ];
                    self.add(Shape::convex_polygon(page, ink, Stroke::NONE));
                    let line = Stroke::new(1.3 * s, fill);
                    for y in [-3.0, 1.5, 6.0] {
                        self.add(Shape::line_segment([at(-5.0, y), at(5.0, y)], line));
                    }
                }
            },
        }
    }

    /// A round marker with an exclamation mark, coloured by the finding's severity.
    fn marker(&self, worst: Option<Severity>, at: Pos2) {
        let Some(severity) = worst else { return };
        let radius = self.px(8.0).max(3.5);
        self.add(Shape::circle_filled(at, radius, self.style.severity(severity)));
        if radius >= 5.0 {
            let ink = self.style.marker_text;
            let u = radius / 8.0;
            self.add(Shape::line_segment(
                [at + vec2(0.0, -4.5 * u), at + vec2(0.0, 1.0 * u)],
                Stroke::new(2.0 * u, ink),
            ));
            self.add(Shape::circle_filled(at + vec2(0.0, 3.8 * u), 1.2 * u, ink));
        }
    }

    /// A flow's line and arrowhead.
    fn flow(&self, id: &str, route: &Route) {
        let style = self.style;
        let selected = self.deco.selected.contains(id);
        let colour = match (selected, self.deco.markers.get(id)) {
            (true, _) => style.selection,
            (false, Some(s)) if self.deco.overlay => style.severity(s),
            _ => style.flow,
        };
        let width = self.px(if selected { 2.5 } else { 1.5 }).clamp(0.75, 6.0);
        if self.deco.highlighted.contains(id) {
            self.curve(route, None, Stroke::new(width + self.px(6.0).max(4.0), style.highlight));
        }
        let head = self.px(11.0);
        let last = self.on_screen(&route.pieces()[route.pieces().len() - 1]);
        let dir = last.end_direction();
        if head >= 3.0 {
            let base = last.end - dir * head;
            // A straight last piece stops at the arrowhead's base, a curved one runs under it.
            self.curve(route, last.is_straight().then_some(base), Stroke::new(width, colour));
            let side = dir.rot90() * head * 0.45;
            self.add(Shape::convex_polygon(
                vec![last.end, base - side, base + side],
                colour,
                Stroke::NONE,
            ));
        } else {
            self.curve(route, None, Stroke::new(width, colour));
        }
    }

    /// A piece of a route in screen points.
    fn on_screen(&self, piece: &FlowPath) -> FlowPath {
        piece.map(|p| self.view.point_to_screen(p))
    }

    /// A flow's route (diagram units) drawn in screen points, curves cut into as many straight
    /// pieces as their length needs; `end`, when given, instead of the route's last point.
    fn curve(&self, route: &Route, end: Option<Pos2>, stroke: Stroke) {
        let pieces = route.pieces();
        if let [piece] = pieces {
            let piece = self.on_screen(piece);
            if piece.is_straight() {
                self.add(Shape::line_segment([piece.start, end.unwrap_or(piece.end)], stroke));
                return;
            }
        }
        // Each piece of the route is one straight step or a curve's steps.
        let steps = |piece: &FlowPath| {
            if piece.is_straight() {
                return 1;
            }
            let length = (piece.control - piece.start).length() + (piece.end - piece.control).length();
            (length / CURVE_PIECE).clamp(2.0, 32.0) as usize
        };
        // Counted first, so the points are gathered without growing their list.
        let count: usize = pieces.iter().map(|piece| steps(&self.on_screen(piece))).sum();
        let mut points = Vec::with_capacity(1 + count);
        points.push(self.view.point_to_screen(route.start()));
        for piece in pieces {
            let piece = self.on_screen(piece);
            match steps(&piece) {
                1 => points.push(piece.end),
                n => points.extend((1..=n).map(|k| piece.point(k as f32 / n as f32))),
            }
        }
        if let (Some(end), Some(last)) = (end, points.last_mut()) {
            *last = end;
        }
        self.add(Shape::line(points, stroke));
    }

    /// The step number in a badge, then (unless the label is shrunk to its badge) the action and
    /// the carried asset, on the plate `plate` (screen points) the index placed. With text too
    /// small to read, just the finding marker.
    fn flow_label(&self, project: &Project, id: &str, flow: &Flow, plate: Rect, form: LabelForm) {
        let (selected, worst) = (self.deco.selected.contains(id), self.deco.markers.get(id));
        if !self.detail.names {
            self.marker(worst, plate.center());
            return;
        }
        let style = self.style;
        let label = LabelText::new(flow, carried_asset(project, flow), form);
        let outline = if selected {
            Stroke::new(self.px(1.5).max(1.0), style.selection)
        } else {
            Stroke::NONE
        };
        self.add(RectShape::new(
            plate,
            self.px(4.0),
            style.label_fill,
            outline,
            StrokeKind::Inside,
        ));
        let inner = plate.shrink(self.px(LABEL_PAD));
        let badge = label.badge * self.detail.zoom;
        let badge_rect = Rect::from_min_size(pos2(inner.left(), inner.center().y - badge.y / 2.0), badge);
        self.add(Shape::rect_filled(badge_rect, badge.y / 2.0, style.step_fill));
        let step = self.line(&label.step, STEP_FONT, style.step_text, badge.x);
        self.galley(badge_rect.center() - step.size() / 2.0, step);
        if let Some(action) = &label.action {
            let text_left = badge_rect.right() + self.px(BADGE_GAP);
            let room = inner.right() - text_left;
            let height = self.px(label.size.y - 2.0 * LABEL_PAD).min(inner.height());
            let text_height =
                self.px(action.height(ACTION_FONT) + label.asset.as_ref().map_or(0.0, |a| a.height(ASSET_FONT)));
            let top = inner.top() + (height - text_height).max(0.0) / 2.0;
            let action_height = self.lines(action, ACTION_FONT, style.label_text, pos2(text_left, top), room);
            if let Some(asset) = label.asset.as_ref().filter(|_| self.detail.small_text) {
                let y = top + action_height;
                let row = self.px(text::row_height(ASSET_FONT));
                let mark_rect =
                    Rect::from_min_size(pos2(text_left, y + row * 0.2), vec2(self.px(ASSET_MARK), row * 0.6));
                self.add(Shape::convex_polygon(tag(mark_rect), style.asset.stroke, Stroke::NONE));
                let mark = self.px(ASSET_MARK + 3.0);
                self.lines(
                    asset,
                    ASSET_FONT,
                    style.asset.glyph,
                    pos2(text_left + mark, y),
                    room - mark,
                );
            }
        }
        self.marker(worst, plate.right_top());
    }
}

/// The corners of the tag shape of assets (a box with pointed ends) filling `rect`, clockwise.
fn tag(rect: Rect) -> Vec<Pos2> {
    let cut = rect.height() * 0.3;
    let (l, r, t, b, c) = (rect.left(), rect.right(), rect.top(), rect.bottom(), rect.center().y);
    vec![
        pos2(l + cut, t),
        pos2(r - cut, t),
        pos2(r, c),
        pos2(r - cut, b),
        pos2(l + cut, b),
        pos2(l, c),
    ]
}

#[derive(Clone, Copy)]
enum Glyph {
    Layers,
    Check,
}

#[cfg(test)]
mod tests {
    use egui::epaint::ClippedShape;
    use egui::{Context, RawInput};

    use super::*;
    use crate::model::Position;

    fn project() -> Project {
        let mut p = Project::new("t");
        let mut mine = Node::actor("Mine", Position::new(0.0, 0.0));
        mine.components.insert("core.ledger".into());
        p.nodes.insert("mine".into(), mine);
        p.nodes
            .insert("gold".into(), Node::asset("Gold bar", Position::new(300.0, 0.0)));
        let mut flow = Flow::new("mine", "gold", 1, "registers lot");
        flow.asset = Some("gold".into());
        p.flows.insert("f".into(), flow);
        p
    }

    /// The shapes `draw_indexed` makes in a headless frame of 800 × 600 points.
    fn shapes(project: &Project, view: View, deco: &Decorations, drag: Vec2) -> Vec<ClippedShape> {
        let ctx = Context::default();
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0))),
            ..Default::default()
        };
        let index = SpatialIndex::build(project);
        let mut output = ctx.run_ui(input, |ui| {
            draw_indexed(ui.painter(), project, &index, &view, &Style::light(), deco, drag)
        });
        let shapes = std::mem::take(&mut output.shapes);
        output.drop_without_applying_deltas();
        shapes
    }

    fn texts(shapes: &[ClippedShape]) -> Vec<(String, f32)> {
        shapes
            .iter()
            .filter_map(|s| match &s.shape {
                Shape::Text(t) => Some((t.galley.text().to_string(), t.galley.size().y)),
                _ => None,
            })
            .collect()
    }

    fn at(x: f32, y: f32, zoom: f32) -> View {
        View {
            origin: pos2(x, y),
            zoom,
        }
    }

    #[test]
    fn drawing_is_deterministic_and_shows_names_captions_badges_and_labels() {
        let p = project();
        let a = shapes(&p, at(200.0, 300.0, 1.0), &Decorations::none(), Vec2::ZERO);
        let b = shapes(&p, at(200.0, 300.0, 1.0), &Decorations::none(), Vec2::ZERO);
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        let texts: Vec<String> = texts(&a).into_iter().map(|(t, _)| t).collect();
        for expected in [
            "Mine",
            "DLT user",
            "Gold bar",
            "Document or record",
            "registers lot",
            "1",
        ] {
            assert!(
                texts.iter().any(|t| t == expected),
                "{expected:?} missing from {texts:?}"
            );
        }
    }

    #[test]
    fn text_scales_with_zoom_and_goes_when_too_small() {
        let p = project();
        let height = |zoom: f32| {
            let s = shapes(&p, at(100.0, 100.0, zoom), &Decorations::none(), Vec2::ZERO);
            texts(&s).into_iter().find(|(t, _)| t == "Mine").map(|(_, h)| h)
        };
        let (one, two) = (height(1.0).unwrap(), height(2.0).unwrap());
        assert!((two / one - 2.0).abs() < 0.15, "{one} {two}");
        assert_eq!(height(0.2), None);
        let far = shapes(&p, at(100.0, 100.0, 0.05), &Decorations::none(), Vec2::ZERO);
        assert!(texts(&far).is_empty());
        assert!(!far.is_empty(), "nodes are still drawn as blocks");
        assert!(
            far.iter().all(|s| matches!(s.shape, Shape::Mesh(_))),
            "an overview is two meshes: {far:?}"
        );
    }

    #[test]
    fn only_what_is_in_view_is_drawn() {
        let p = project();
        assert!(shapes(&p, at(-5000.0, 0.0, 1.0), &Decorations::none(), Vec2::ZERO).is_empty());
        let only_gold = texts(&shapes(&p, at(200.0, 300.0, 1.0), &Decorations::none(), Vec2::ZERO));
        let half = texts(&shapes(&p, at(-150.0, 300.0, 1.0), &Decorations::none(), Vec2::ZERO));
        assert!(only_gold.iter().any(|(t, _)| t == "Mine"));
        assert!(!half.iter().any(|(t, _)| t == "Mine"), "{half:?}");
        assert!(half.iter().any(|(t, _)| t == "Gold bar"));
    }

    #[test]
    fn selected_nodes_follow_a_drag_and_markers_show() {
        let p = project();
        let selected: BTreeSet<String> = ["mine".to_string()].into();
        let markers: Markers = [("gold", Severity::Error)].into_iter().collect();
        let deco = Decorations {
            selected: &selected,
            markers: &markers,
            ..Decorations::none()
        };
        let name_pos = |drag: Vec2| {
            shapes(&p, at(200.0, 300.0, 1.0), &deco, drag)
                .into_iter()
                .find_map(|s| match s.shape {
                    Shape::Text(t) if t.galley.text() == "Mine" => Some(t.pos),
                    _ => None,
                })
                .unwrap()
        };
        assert_eq!(name_pos(vec2(40.0, -20.0)) - name_pos(Vec2::ZERO), vec2(40.0, -20.0));
        let error = Style::light().error;
        let marked = shapes(&p, at(200.0, 300.0, 1.0), &deco, Vec2::ZERO);
        assert!(
            marked
                .iter()
                .any(|s| matches!(&s.shape, Shape::Circle(c) if c.fill == error))
        );
    }
}
