//! The exported page, shared by PNG and SVG: which part of the project it shows (the whole
//! diagram, the current view or the selection), the margin around it, the optional title block
//! (the use-case title over a legend of actor, asset and flow) and step list under the diagram,
//! and drawing all of it with the diagram's own painting code. Lengths are in points; the
//! diagram is drawn at 100 % zoom.

use std::borrow::Cow;
use std::collections::BTreeSet;

use egui::epaint::text::{Fonts, TextOptions};
use egui::{Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, Theme, Vec2, pos2, vec2};

use super::ExportError;
use super::steps::StepList;
use crate::diagram::{self, Decorations, MIN_NODE_SIZE, Style, View};
use crate::model::{Node, NodeId, Position, Project};

/// Space around the diagram (and around the title block), in points.
pub const MARGIN: f32 = 40.0;

const TITLE_FONT: f32 = 20.0;
const LEGEND_FONT: f32 = 12.0;
/// Height of the title's row, and gap between it and the legend.
const TITLE_ROW: f32 = 26.0;
const ROW_GAP: f32 = 8.0;
/// Legend samples are diagram nodes drawn at this zoom.
const LEGEND_ZOOM: f32 = 0.4;
const SAMPLE_GAP: f32 = 6.0;
const ITEM_GAP: f32 = 22.0;
/// Length of the legend's flow arrow and of its head.
const ARROW: f32 = 34.0;
const ARROW_HEAD: f32 = 11.0;
/// Space between the title block and the diagram below it.
const BLOCK_GAP: f32 = 24.0;
const LEGEND_LABELS: [&str; 3] = ["Actor", "Asset", "Flow"];

/// What part of the project a page shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Scope {
    /// Everything, at 100 % zoom, with a margin.
    Whole,
    /// What the canvas shows: `view` maps the diagram onto a `size` points area whose top left
    /// corner is the view's (0, 0) — subtract the canvas rectangle's corner from its origin.
    View { view: View, size: Vec2 },
    /// The selected nodes, the ends of the selected flows and the flows between them, at
    /// 100 % zoom, with a margin.
    Selection(BTreeSet<NodeId>),
}

/// What an exported page shows and how.
#[derive(Clone, Debug, PartialEq)]
pub struct PageOptions {
    pub scope: Scope,
    pub theme: Theme,
    /// No background: the diagram on a transparent page.
    pub transparent: bool,
    /// The use-case title and a legend of node kinds above the diagram.
    pub title_block: bool,
    /// A list of the flows by step (step, from → to, action, carried asset) under the diagram.
    pub steps: bool,
    /// Carry the whole project inside the PNG or SVG file, so that it opens as a project
    /// (`file::picture`); on by default.
    pub embed: bool,
}

impl Default for PageOptions {
    fn default() -> Self {
        Self {
            scope: Scope::Whole,
            theme: Theme::Light,
            transparent: false,
            title_block: false,
            steps: false,
            embed: true,
        }
    }
}

/// A page laid out and ready to draw.
pub struct Page<'a> {
    project: Cow<'a, Project>,
    /// The page's size in points.
    pub size: Vec2,
    view: View,
    /// Where the diagram may draw (below the title block).
    diagram_area: Rect,
    title: Option<String>,
    /// The step list and its top left corner.
    steps: Option<(StepList, Pos2)>,
    style: Style,
    transparent: bool,
}

impl<'a> Page<'a> {
    pub fn new(project: &'a Project, options: &PageOptions) -> Result<Self, ExportError> {
        let project = match &options.scope {
            Scope::Selection(ids) => Cow::Owned(selection(project, ids)?),
            _ => Cow::Borrowed(project),
        };
        let title = options.title_block.then(|| {
            let t = project.sheet.title.trim();
            if t.is_empty() {
                "Untitled use case".to_owned()
            } else {
                diagram::fonts::into_visual(t.to_owned())
            }
        });
        let block = title.as_deref().map(block_size);
        // Where the diagram's area starts: below the title block, if there is one.
        let below_title = block.map_or(0.0, |b| MARGIN + b.y + BLOCK_GAP);
        let block_width = block.map_or(0.0, |b| b.x + 2.0 * MARGIN);
        let (mut size, view) = match &options.scope {
            Scope::View { view, size } => {
                let size = size.max(Vec2::splat(1.0));
                let view = View {
                    origin: view.origin + vec2(0.0, below_title),
                    zoom: view.zoom,
                };
                (vec2(size.x.max(block_width), below_title + size.y), view)
            }
            Scope::Whole | Scope::Selection(_) => {
                let bounds = diagram::bounds(&project).unwrap_or(Rect::ZERO);
                let top = below_title.max(MARGIN);
                let view = View {
                    origin: pos2(MARGIN, top) - bounds.min.to_vec2(),
                    zoom: 1.0,
                };
                let width = (bounds.width() + 2.0 * MARGIN).max(block_width);
                (vec2(width, top + bounds.height() + MARGIN), view)
            }
        };
        let style = match options.theme {
            Theme::Light => Style::light(),
            Theme::Dark => Style::dark(),
        };
        let diagram_area = Rect::from_min_max(pos2(0.0, below_title), size.to_pos2());
        let steps = options.steps.then(|| StepList::new(&project)).flatten().map(|list| {
            // A whole diagram or a selection already has its margin below it; a view does not.
            let gap = if matches!(options.scope, Scope::View { .. }) {
                MARGIN
            } else {
                0.0
            };
            let at = pos2(MARGIN, size.y + gap);
            size = vec2(size.x.max(list.size.x + 2.0 * MARGIN), at.y + list.size.y + MARGIN);
            (list, at)
        });
        Ok(Self {
            project,
            size,
            view,
            diagram_area,
            title,
            steps,
            style,
            transparent: options.transparent,
        })
    }

    /// Draws the page with its top left corner at (0, 0); with `marks`, the diagram brackets
    /// each node, flow and label with [`diagram::Mark`]s (for the SVG's groups).
    pub fn draw(&self, painter: &Painter, marks: bool) {
        if !self.transparent {
            painter.rect_filled(Rect::from_min_size(Pos2::ZERO, self.size), 0.0, self.style.background);
        }
        let area = painter.with_clip_rect(self.diagram_area.intersect(painter.clip_rect()));
        let decorations = Decorations {
            marks,
            ..Decorations::none()
        };
        diagram::draw(&area, &self.project, &self.view, &self.style, &decorations);
        if let Some(title) = &self.title {
            self.draw_title_block(painter, title, pos2(MARGIN, MARGIN));
        }
        if let Some((list, at)) = &self.steps {
            list.draw(painter, *at, &self.style);
        }
    }

    /// The title over a legend: an actor and an asset as the diagram draws them, and a flow arrow.
    fn draw_title_block(&self, painter: &Painter, title: &str, at: Pos2) {
        let style = &self.style;
        let galley = painter.layout_no_wrap(title.to_owned(), FontId::proportional(TITLE_FONT), style.text);
        painter.galley(at, galley, style.text);
        let sample = MIN_NODE_SIZE * LEGEND_ZOOM;
        let mid_y = at.y + TITLE_ROW + ROW_GAP + sample.y / 2.0;
        let mut x = at.x;
        let label = |x: &mut f32, text: &str| {
            let galley = painter.layout_no_wrap(text.to_owned(), FontId::proportional(LEGEND_FONT), style.caption);
            let width = galley.size().x;
            painter.galley(pos2(*x, mid_y - galley.size().y / 2.0), galley, style.caption);
            *x += width + ITEM_GAP;
        };
        let samples = [
            Node::actor("", Position::default()),
            Node::asset("", Position::default()),
        ];
        for (node, text) in samples.into_iter().zip(LEGEND_LABELS) {
            let mut one = Project::default();
            one.nodes.insert("legend".into(), node);
            let view = View {
                origin: pos2(x + sample.x / 2.0, mid_y),
                zoom: LEGEND_ZOOM,
            };
            diagram::draw(painter, &one, &view, style, &Decorations::none());
            x += sample.x + SAMPLE_GAP;
            label(&mut x, text);
        }
        let (tip, base) = (pos2(x + ARROW, mid_y), pos2(x + ARROW - ARROW_HEAD, mid_y));
        painter.line_segment([pos2(x, mid_y), base], Stroke::new(1.5, style.flow));
        let side = vec2(0.0, ARROW_HEAD * 0.45);
        painter.add(Shape::convex_polygon(
            vec![tip, base + side, base - side],
            style.flow,
            Stroke::NONE,
        ));
        x += ARROW + SAMPLE_GAP;
        label(&mut x, LEGEND_LABELS[2]);
    }
}

/// The size of the title block for `title`: text widths measured with egui's own fonts.
fn block_size(title: &str) -> Vec2 {
    let mut fonts = Fonts::new(TextOptions::default(), diagram::fonts::definitions());
    let mut fonts = fonts.with_pixels_per_point(1.0);
    let mut width = |text: &str, size: f32| {
        fonts
            .layout_no_wrap(text.to_owned(), FontId::proportional(size), Color32::WHITE)
            .size()
            .x
    };
    let title_width = width(title, TITLE_FONT);
    let labels: f32 = LEGEND_LABELS.iter().map(|l| width(l, LEGEND_FONT)).sum();
    let legend = 2.0 * (MIN_NODE_SIZE.x * LEGEND_ZOOM + SAMPLE_GAP) + ARROW + SAMPLE_GAP + labels + 2.0 * ITEM_GAP;
    vec2(
        title_width.max(legend),
        TITLE_ROW + ROW_GAP + MIN_NODE_SIZE.y * LEGEND_ZOOM,
    )
}

/// The part of `project` a selection shows: the selected nodes, the ends of the selected flows,
/// and every flow between those nodes.
fn selection(project: &Project, ids: &BTreeSet<NodeId>) -> Result<Project, ExportError> {
    let flow_ends = ids
        .iter()
        .filter_map(|id| project.flows.get(id))
        .flat_map(|f| [&f.from, &f.to]);
    let wanted: BTreeSet<&NodeId> = ids.iter().chain(flow_ends).collect();
    let nodes: std::collections::BTreeMap<_, _> = project
        .nodes
        .iter()
        .filter(|(id, _)| wanted.contains(id))
        .map(|(id, n)| (id.clone(), n.clone()))
        .collect();
    if nodes.is_empty() {
        return Err(ExportError::EmptySelection);
    }
    let flows = (project.flows.iter())
        .filter(|(_, f)| nodes.contains_key(&f.from) && nodes.contains_key(&f.to))
        .map(|(id, f)| (id.clone(), f.clone()))
        .collect();
    Ok(Project {
        sheet: project.sheet.clone(),
        nodes,
        flows,
        ..Project::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Flow;

    fn project() -> Project {
        let mut p = Project::new("Gold");
        p.nodes
            .insert("a".into(), Node::actor("Miner", Position::new(0.0, 0.0)));
        p.nodes
            .insert("b".into(), Node::asset("Bar", Position::new(400.0, 0.0)));
        p.nodes
            .insert("c".into(), Node::actor("Refiner", Position::new(0.0, 300.0)));
        p.flows.insert("f".into(), Flow::new("a", "b", 1, "mints"));
        p.flows.insert("g".into(), Flow::new("b", "c", 2, "ships"));
        p
    }

    fn options(scope: Scope, title_block: bool) -> PageOptions {
        PageOptions {
            scope,
            title_block,
            ..PageOptions::default()
        }
    }

    #[test]
    fn the_whole_page_is_the_bounds_plus_the_margin() {
        let p = project();
        let page = Page::new(&p, &PageOptions::default()).unwrap();
        let bounds = diagram::bounds(&p).unwrap();
        assert_eq!(page.size, bounds.size() + Vec2::splat(2.0 * MARGIN));
        assert_eq!(page.view.point_to_screen(bounds.min), pos2(MARGIN, MARGIN));
    }

    #[test]
    fn an_empty_project_gives_a_page_of_margins() {
        let empty = Project::new("");
        assert_eq!(
            Page::new(&empty, &PageOptions::default()).unwrap().size,
            Vec2::splat(2.0 * MARGIN)
        );
        let titled = Page::new(&empty, &options(Scope::Whole, true)).unwrap();
        assert!(titled.size.x > 300.0 && titled.size.y > 100.0, "{:?}", titled.size);
        assert_eq!(titled.title.as_deref(), Some("Untitled use case"));
    }

    #[test]
    fn the_title_block_sits_above_the_diagram_and_widens_narrow_pages() {
        let mut p = project();
        let plain = Page::new(&p, &PageOptions::default()).unwrap();
        let titled = Page::new(&p, &options(Scope::Whole, true)).unwrap();
        let shift = titled.size.y - plain.size.y;
        assert!(shift > 50.0 && shift < 100.0, "{shift}");
        assert_eq!(titled.view.origin - plain.view.origin, vec2(0.0, shift));
        let plain_width = plain.size.x;
        drop((plain, titled));
        p.sheet.title = "A use-case title much wider than the diagram it stands over, ".repeat(2);
        let wide = Page::new(&p, &options(Scope::Whole, true)).unwrap();
        assert!(wide.size.x > plain_width + 100.0, "{} vs {plain_width}", wide.size.x);
    }

    #[test]
    fn the_step_list_goes_under_the_diagram_and_leaves_the_diagram_where_it_was() {
        let mut p = project();
        let listed = |p: &Project, scope: Scope| {
            let options = PageOptions {
                steps: true,
                ..options(scope, false)
            };
            let page = Page::new(p, &options).unwrap();
            let without = PageOptions {
                steps: false,
                ..options.clone()
            };
            let plain = Page::new(p, &without).unwrap();
            assert_eq!((page.view, page.diagram_area), (plain.view, plain.diagram_area));
            let (list, at) = page.steps.as_ref().expect("a step list");
            assert_eq!(page.size.y, at.y + list.size.y + MARGIN);
            (page.size, plain.size, *at, list.size)
        };
        let (size, plain, at, list) = listed(&p, Scope::Whole);
        assert_eq!(at, pos2(MARGIN, plain.y), "under the diagram's own margin");
        assert_eq!(size.x, plain.x.max(list.x + 2.0 * MARGIN));
        let view = Scope::View {
            view: View::default(),
            size: vec2(200.0, 100.0),
        };
        let (size, plain, at, list) = listed(&p, view);
        assert_eq!(at, pos2(MARGIN, plain.y + MARGIN), "a margin under the view");
        assert_eq!(size.x, list.x + 2.0 * MARGIN, "the list widens a narrow page");
        p.flows.clear();
        let options = PageOptions {
            steps: true,
            ..PageOptions::default()
        };
        assert!(Page::new(&p, &options).unwrap().steps.is_none(), "no flows, no list");
    }

    #[test]
    fn the_view_scope_keeps_the_screen_size_and_transform() {
        let view = View {
            origin: pos2(10.0, 20.0),
            zoom: 0.5,
        };
        let p = project();
        let page = Page::new(
            &p,
            &options(
                Scope::View {
                    view,
                    size: vec2(640.0, 480.0),
                },
                false,
            ),
        )
        .unwrap();
        assert_eq!((page.size, page.view), (vec2(640.0, 480.0), view));
    }

    #[test]
    fn a_selection_keeps_its_nodes_and_the_flows_between_them() {
        let p = project();
        let ids = |list: &[&str]| Scope::Selection(list.iter().map(|s| s.to_string()).collect());
        let page = Page::new(&p, &options(ids(&["a", "b"]), false)).unwrap();
        assert_eq!(page.project.nodes.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(page.project.flows.keys().collect::<Vec<_>>(), ["f"]);
        let by_flow = Page::new(&p, &options(ids(&["g"]), false)).unwrap();
        assert_eq!(by_flow.project.nodes.keys().collect::<Vec<_>>(), ["b", "c"]);
        assert!(page.size.y < Page::new(&p, &PageOptions::default()).unwrap().size.y);
        assert!(matches!(
            Page::new(&p, &options(ids(&["zz"]), false)),
            Err(ExportError::EmptySelection)
        ));
    }
}
