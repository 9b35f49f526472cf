//! The page's epaint shapes as a plain vector [`Drawing`] for the PDF report: the same shapes
//! the SVG writer reads (painted once in a windowless context), turned into paths with a fill
//! and a stroke — circles, ellipses and rounded corners as Bézier arcs — and text as runs on
//! their baselines, each as wide as egui laid it out (a right-to-left word as a run of its own,
//! in logical order, for the report to shape as the PNG shows it); and the PDF report made with
//! it and with the fallback fonts the PNG and SVG exports draw with.

use egui::epaint::{ClippedShape, ColorMode, CornerRadius, Mesh, PathStroke, RectShape, Shape, StrokeKind, TextShape};
use egui::{Color32, Pos2, Rect, Stroke, Vec2, pos2, vec2};

use super::ExportError;
use super::headless;
use super::page::{Page, PageOptions};
use super::runs::{direction_pieces, runs};
use crate::assess::Report;
use crate::assess::output::pdf::{
    self, Drawing, FontFile, Item, Paper, PathItem, PdfError, PdfFile, PdfReport, Rgba, Segment, TextItem,
};
use crate::diagram::fonts;
use crate::model::Project;

/// How far a cubic's control points sit along the tangent for a quarter circle of radius 1.
const KAPPA: f32 = 0.552_284_8;

/// The whole diagram, light colours, no title block or step list, as a vector drawing.
pub fn report_drawing(project: &Project) -> Result<Drawing, ExportError> {
    let page = Page::new(project, &PageOptions::default())?;
    let pixels = [page.size.x.ceil() as u32, page.size.y.ceil() as u32];
    let painted = headless::paint(pixels, 1.0, egui::Theme::Light, |p| page.draw(p, false));
    Ok(drawing(painted.shapes(), page.size))
}

/// The PDF report of `project` (assessed as `report`) with its diagram as vector graphics and
/// its step list; a diagram that cannot be drawn is left out and the report says so. Names in
/// other scripts are printed with the active fallback fonts (`diagram::fonts::active`).
pub fn report_pdf(project: &Project, report: &Report, paper: Paper) -> Result<PdfFile, PdfError> {
    let diagram = report_drawing(project).ok();
    let steps = super::step_rows(project);
    let fonts: Vec<FontFile> = (fonts::active().fallbacks().iter())
        .map(|f| {
            let (data, index) = f.file();
            FontFile { data, index }
        })
        .collect();
    pdf::pdf(&PdfReport {
        report,
        sheet: &project.sheet,
        diagram: diagram.as_ref(),
        steps: &steps,
        paper,
        fonts: &fonts,
    })
}

/// `shapes` as a drawing of `size` points.
fn drawing(shapes: &[ClippedShape], size: Vec2) -> Drawing {
    let mut items = Vec::new();
    for clipped in shapes {
        let t = clipped.transform_after_tessellation;
        shape(&mut items, &clipped.shape, &|p: Pos2| t * p);
    }
    Drawing {
        width: size.x,
        height: size.y,
        items,
    }
}

type Place<'a> = &'a dyn Fn(Pos2) -> Pos2;

fn shape(items: &mut Vec<Item>, shape: &Shape, place: Place) {
    match shape {
        Shape::Noop | Shape::Callback(_) => {}
        Shape::Vec(shapes) => shapes.iter().for_each(|s| self::shape(items, s, place)),
        Shape::Circle(c) => items.push(ellipse(c.center, Vec2::splat(c.radius), 0.0, c.fill, c.stroke, place)),
        Shape::Ellipse(e) => items.push(ellipse(e.center, e.radius, e.angle, e.fill, e.stroke, place)),
        Shape::LineSegment { points, stroke } => items.push(path(
            &[points[0], points[1]],
            false,
            Color32::TRANSPARENT,
            *stroke,
            place,
        )),
        Shape::Path(p) => items.push(path(
            &p.points,
            p.closed,
            p.fill,
            stroke_of(&p.stroke, &p.points),
            place,
        )),
        Shape::QuadraticBezier(q) => {
            let [s, c, e] = q.points.map(|p| xy(place(p)));
            items.push(curve(
                s,
                vec![Segment::Quad(c, e)],
                q.closed,
                q.fill,
                stroke_of(&q.stroke, &q.points),
            ));
        }
        Shape::CubicBezier(q) => {
            let [s, a, b, e] = q.points.map(|p| xy(place(p)));
            items.push(curve(
                s,
                vec![Segment::Cubic(a, b, e)],
                q.closed,
                q.fill,
                stroke_of(&q.stroke, &q.points),
            ));
        }
        Shape::Rect(r) => items.push(rect(r, place)),
        Shape::Text(t) => items.extend(text(t, place).into_iter().map(Item::Text)),
        Shape::Mesh(mesh) => triangles(items, mesh, place),
        Shape::Band(band) => {
            let upper = band.points.iter().map(|p| pos2(p.x, p.y.min));
            let lower = band.points.iter().rev().map(|p| pos2(p.x, p.y.max));
            let outline: Vec<Pos2> = upper.chain(lower).collect();
            items.push(path(&outline, true, band.fill, band.stroke, place));
        }
    }
}

fn xy(p: Pos2) -> [f32; 2] {
    [p.x, p.y]
}

fn rgba(colour: Color32) -> Rgba {
    colour.to_srgba_unmultiplied()
}

/// A path's stroke as one colour (a gradient stroke as its colour at the middle).
fn stroke_of(stroke: &PathStroke, points: &[Pos2]) -> Stroke {
    let colour = match &stroke.color {
        ColorMode::Solid(c) => *c,
        ColorMode::UV(f) => {
            let bounds = Rect::from_points(points);
            f(bounds, bounds.center())
        }
    };
    Stroke::new(stroke.width, colour)
}

fn curve(start: [f32; 2], segments: Vec<Segment>, closed: bool, fill: Color32, stroke: Stroke) -> Item {
    Item::Path(PathItem {
        start,
        segments,
        closed,
        fill: (fill.a() > 0).then(|| rgba(fill)),
        stroke: (stroke.width > 0.0 && stroke.color.a() > 0).then(|| (rgba(stroke.color), stroke.width)),
    })
}

fn path(points: &[Pos2], closed: bool, fill: Color32, stroke: Stroke, place: Place) -> Item {
    let mut placed = points.iter().map(|&p| xy(place(p)));
    let start = placed.next().unwrap_or_default();
    curve(start, placed.map(Segment::Line).collect(), closed, fill, stroke)
}

/// An ellipse as four cubic arcs, turned `angle` radians clockwise about its centre.
fn ellipse(center: Pos2, radius: Vec2, angle: f32, fill: Color32, stroke: Stroke, place: Place) -> Item {
    let turn = |v: Vec2| xy(place(center + egui::emath::Rot2::from_angle(angle) * v));
    let (rx, ry) = (radius.x, radius.y);
    let (kx, ky) = (rx * KAPPA, ry * KAPPA);
    let segments = vec![
        Segment::Cubic(turn(vec2(rx, ky)), turn(vec2(kx, ry)), turn(vec2(0.0, ry))),
        Segment::Cubic(turn(vec2(-kx, ry)), turn(vec2(-rx, ky)), turn(vec2(-rx, 0.0))),
        Segment::Cubic(turn(vec2(-rx, -ky)), turn(vec2(-kx, -ry)), turn(vec2(0.0, -ry))),
        Segment::Cubic(turn(vec2(kx, -ry)), turn(vec2(rx, -ky)), turn(vec2(rx, 0.0))),
    ];
    curve(turn(vec2(rx, 0.0)), segments, true, fill, stroke)
}

/// A rectangle, its corners rounded by quarter arcs, clockwise from the top left.
fn rect(r: &RectShape, place: Place) -> Item {
    let grow = match r.stroke_kind {
        StrokeKind::Inside => -r.stroke.width / 2.0,
        StrokeKind::Middle => 0.0,
        StrokeKind::Outside => r.stroke.width / 2.0,
    };
    let outline = r.rect.expand(grow);
    let (min, max) = (outline.min, outline.max);
    let half = (outline.width().min(outline.height()) / 2.0).max(0.0);
    let CornerRadius { nw, ne, sw, se } = r.corner_radius;
    let [nw, ne, sw, se] = [nw, ne, sw, se].map(|c| f32::from(c).min(half));
    let turn = egui::emath::Rot2::from_angle(r.angle);
    let at = |x: f32, y: f32| xy(place(r.rect.center() + turn * (pos2(x, y) - r.rect.center())));
    // A quarter arc from the corner's first point to its second, bending towards the corner.
    let arc = |from: (f32, f32), corner: (f32, f32), to: (f32, f32)| {
        let toward = |a: (f32, f32)| (a.0 + (corner.0 - a.0) * KAPPA, a.1 + (corner.1 - a.1) * KAPPA);
        let (c1, c2) = (toward(from), toward(to));
        Segment::Cubic(at(c1.0, c1.1), at(c2.0, c2.1), at(to.0, to.1))
    };
    let segments = vec![
        Segment::Line(at(max.x - ne, min.y)),
        arc((max.x - ne, min.y), (max.x, min.y), (max.x, min.y + ne)),
        Segment::Line(at(max.x, max.y - se)),
        arc((max.x, max.y - se), (max.x, max.y), (max.x - se, max.y)),
        Segment::Line(at(min.x + sw, max.y)),
        arc((min.x + sw, max.y), (min.x, max.y), (min.x, max.y - sw)),
        Segment::Line(at(min.x, min.y + nw)),
        arc((min.x, min.y + nw), (min.x, min.y), (min.x + nw, min.y)),
    ];
    curve(at(min.x + nw, min.y), segments, true, r.fill, r.stroke)
}

/// One run of text per row, format and direction, on egui's baseline, as wide as egui laid it
/// out; a right-to-left word in logical order.
fn text(t: &TextShape, place: Place) -> Vec<TextItem> {
    let scale = place(pos2(1.0, 0.0)).x - place(Pos2::ZERO).x;
    let mut items = Vec::new();
    for run in runs(t) {
        for (glyphs, chars) in direction_pieces(run.glyphs) {
            if chars.trim().is_empty() {
                continue;
            }
            let (first, final_glyph) = (glyphs[0], glyphs[glyphs.len() - 1]);
            let origin = place(run.row_origin + first.pos.to_vec2());
            items.push(TextItem {
                x: origin.x,
                y: origin.y,
                size: run.format.font_id.size * scale,
                width: (final_glyph.max_x() - first.pos.x) * scale,
                angle: t.angle,
                text: chars,
                colour: rgba(run.colour),
            });
        }
    }
    items
}

/// Untextured triangles as filled paths in their average colour (glyph quads are left out).
fn triangles(items: &mut Vec<Item>, mesh: &Mesh, place: Place) {
    for corners in mesh.indices.chunks_exact(3) {
        let vertices: Option<Vec<_>> = corners.iter().map(|&i| mesh.vertices.get(i as usize)).collect();
        let Some(v) = vertices.filter(|v| v.iter().all(|v| v.uv == egui::epaint::WHITE_UV)) else {
            continue;
        };
        let average = |c: usize| (v.iter().map(|v| u32::from(v.color.to_array()[c])).sum::<u32>() / 3) as u8;
        let colour = Color32::from_rgba_premultiplied(average(0), average(1), average(2), average(3));
        items.push(path(&[v[0].pos, v[1].pos, v[2].pos], true, colour, Stroke::NONE, place));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Flow, Node, Position};

    #[test]
    fn the_diagram_becomes_paths_and_its_names_text() {
        let mut p = Project::new("Gold");
        p.nodes
            .insert("a".into(), Node::actor("Miner", Position::new(0.0, 0.0)));
        p.nodes
            .insert("b".into(), Node::asset("Bar", Position::new(400.0, 0.0)));
        p.flows.insert("f".into(), Flow::new("a", "b", 1, "mints"));
        let drawing = report_drawing(&p).unwrap();
        let texts: Vec<&str> = (drawing.items.iter())
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.as_str()),
                Item::Path(_) => None,
            })
            .collect();
        for name in ["Miner", "Bar"] {
            assert!(texts.iter().any(|t| t.contains(name)), "{texts:?}");
        }
        assert!(
            drawing
                .items
                .iter()
                .any(|i| matches!(i, Item::Path(p) if p.closed && p.fill.is_some()))
        );
        assert!(drawing.width > 400.0 && drawing.height > 0.0);
    }
}
