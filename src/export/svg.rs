//! SVG output: the epaint shapes of one painted frame (before tessellation) written as SVG
//! elements — rectangles, circles, ellipses and paths as themselves, Bézier curves as curves,
//! text as `<text>` stretched to egui's own layout width — so the vector file matches the PNG.
//! Clip rectangles smaller than the page become clip paths (one group for a run of shapes
//! sharing one). The diagram's [`Mark`]s become groups, as in Graphviz's SVG:
//! `<g class="node actor" id="node-ID">` with the node's whole name as its `<title>`,
//! `<g class="flow" id="flow-ID" data-from="ID" data-to="ID">` and
//! `<g class="flow-label" id="label-ID">` (see `docs/EXPORT.md`).

use std::fmt::{self, Display, Write};

use egui::emath::TSTransform;
use egui::epaint::{ClippedShape, ColorMode, CornerRadius, Mesh, PathStroke, RectShape, Shape, StrokeKind, TextShape};
use egui::{Color32, Pos2, Rect, Stroke, Vec2};

use super::runs::{direction_pieces, runs};
use crate::diagram::{Mark, fonts};
use crate::markup::xml_line as escape;

/// Fonts a viewer should use for egui's proportional font (Ubuntu Light), nearest first.
const FONT_FAMILY: &str = "Ubuntu, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif";
/// The same, with common fonts for other scripts (Chinese, Japanese, Korean, Arabic, Hebrew,
/// emoji) before the generic family: set on text that needs them.
const FALLBACK_FONT_FAMILY: &str = "Ubuntu, 'Segoe UI', 'Helvetica Neue', Arial, 'Noto Sans', 'Noto Sans CJK SC', \
     'Noto Sans CJK JP', 'Noto Sans CJK KR', 'Noto Sans Arabic', 'Noto Naskh Arabic', 'Noto Sans Hebrew', \
     'Droid Sans Fallback', 'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans', 'Yu Gothic', 'Malgun Gothic', \
     'Arial Unicode MS', 'Noto Color Emoji', 'Segoe UI Emoji', 'Apple Color Emoji', sans-serif";

/// An SVG document of `size` points showing `shapes` (in points, origin at the top left), with
/// `metadata` (a `<metadata>` element) last when given.
pub fn write(shapes: &[ClippedShape], size: Vec2, metadata: Option<&str>) -> String {
    let page = Rect::from_min_size(Pos2::ZERO, size);
    let mut w = Writer {
        body: String::new(),
        clips: Vec::new(),
        page,
        open_clip: None,
        open_groups: 0,
    };
    for clipped in shapes {
        w.clipped(clipped);
    }
    w.close_clip();
    for _ in 0..w.open_groups {
        w.body.push_str("</g>\n");
    }
    let (width, height) = (N(size.x), N(size.y));
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"{FONT_FAMILY}\">\n"
    );
    if !w.clips.is_empty() {
        svg.push_str("<defs>\n");
        for (i, r) in w.clips.iter().enumerate() {
            let _ = writeln!(svg, "<clipPath id=\"clip{i}\">{}</clipPath>", rect_element(*r, ""));
        }
        svg.push_str("</defs>\n");
    }
    svg.push_str(&w.body);
    svg.push_str(metadata.unwrap_or_default());
    svg.push_str("</svg>\n");
    svg
}

struct Writer {
    body: String,
    clips: Vec<Rect>,
    page: Rect,
    /// The clip path of the group the last shapes went into, still open.
    open_clip: Option<usize>,
    /// Groups begun by a [`Mark`] and not yet ended.
    open_groups: usize,
}

impl Writer {
    /// A shape inside its clip rectangle (when that hides part of the page: in the group of the
    /// shapes before it when they share it) and its transform; a mark begins or ends a group
    /// instead.
    fn clipped(&mut self, clipped: &ClippedShape) {
        if let Some(mark) = Mark::of(&clipped.shape) {
            self.close_clip();
            self.mark(mark);
            return;
        }
        let (clip, t) = (clipped.clip_rect, clipped.transform_after_tessellation);
        let clip_id = (!clip.contains_rect(self.page)).then(|| {
            self.clips.iter().position(|c| *c == clip).unwrap_or_else(|| {
                self.clips.push(clip);
                self.clips.len() - 1
            })
        });
        let transformed = t != TSTransform::IDENTITY;
        if clip_id != self.open_clip {
            self.close_clip();
            if let Some(id) = clip_id {
                let _ = writeln!(self.body, "<g clip-path=\"url(#clip{id})\">");
            }
            self.open_clip = clip_id;
        }
        if transformed {
            let (s, d) = (N(t.scaling), t.translation);
            let _ = writeln!(self.body, "<g transform=\"matrix({s} 0 0 {s} {} {})\">", N(d.x), N(d.y));
        }
        self.shape(&clipped.shape);
        if transformed {
            self.body.push_str("</g>\n");
        }
    }

    /// Ends the group of the clip path shapes went into last, if any.
    fn close_clip(&mut self) {
        if self.open_clip.take().is_some() {
            self.body.push_str("</g>\n");
        }
    }

    /// Opens the group a mark begins, or closes the last one open.
    fn mark(&mut self, mark: &Mark) {
        let b = &mut self.body;
        let _ = match mark {
            Mark::Node { id, actor, name } => {
                let kind = if *actor { "actor" } else { "asset" };
                let (id, name) = (escape(id), escape(name));
                writeln!(b, "<g class=\"node {kind}\" id=\"node-{id}\"><title>{name}</title>")
            }
            Mark::Flow { id, from, to } => {
                let (id, from, to) = (escape(id), escape(from), escape(to));
                writeln!(
                    b,
                    "<g class=\"flow\" id=\"flow-{id}\" data-from=\"{from}\" data-to=\"{to}\">"
                )
            }
            Mark::Label { id } => writeln!(b, "<g class=\"flow-label\" id=\"label-{}\">", escape(id)),
            Mark::End if self.open_groups > 0 => {
                self.open_groups -= 1;
                b.push_str("</g>\n");
                return;
            }
            Mark::End => return,
        };
        self.open_groups += 1;
    }

    fn shape(&mut self, shape: &Shape) {
        let b = &mut self.body;
        let _ = match shape {
            Shape::Noop | Shape::Callback(_) => Ok(()),
            Shape::Vec(shapes) => {
                shapes.iter().for_each(|s| self.shape(s));
                Ok(())
            }
            Shape::Rect(r) => writeln!(b, "{}", rect(r)),
            Shape::Circle(c) => {
                let (centre, fill, line) = (c.center, Fill(c.fill), Line(c.stroke));
                let (x, y, r) = (N(centre.x), N(centre.y), N(c.radius));
                writeln!(b, "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\"{fill}{line}/>")
            }
            Shape::Ellipse(e) => {
                let (x, y, rx, ry) = (N(e.center.x), N(e.center.y), N(e.radius.x), N(e.radius.y));
                let (turn, fill, line) = (Rotate(e.angle, e.center), Fill(e.fill), Line(e.stroke));
                writeln!(
                    b,
                    "<ellipse cx=\"{x}\" cy=\"{y}\" rx=\"{rx}\" ry=\"{ry}\"{turn}{fill}{line}/>"
                )
            }
            Shape::LineSegment { points: [a, z], stroke } => {
                let (x1, y1, x2, y2) = (N(a.x), N(a.y), N(z.x), N(z.y));
                writeln!(
                    b,
                    "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"{}/>",
                    Line(*stroke)
                )
            }
            Shape::Path(p) => path(b, &polyline(&p.points), p.closed, p.fill, &p.stroke, &p.points),
            Shape::QuadraticBezier(q) => {
                let [s, c, e] = q.points.map(P);
                path(b, &format!("M{s} Q{c} {e}"), q.closed, q.fill, &q.stroke, &q.points)
            }
            Shape::CubicBezier(q) => {
                let [s, c1, c2, e] = q.points.map(P);
                path(
                    b,
                    &format!("M{s} C{c1} {c2} {e}"),
                    q.closed,
                    q.fill,
                    &q.stroke,
                    &q.points,
                )
            }
            Shape::Band(band) => {
                let upper = band.points.iter().map(|p| Pos2::new(p.x, p.y.min));
                let lower = band.points.iter().rev().map(|p| Pos2::new(p.x, p.y.max));
                let outline: Vec<Pos2> = upper.chain(lower).collect();
                let (turn, fill, line) = (Rotate(band.angle, Pos2::ZERO), Fill(band.fill), Line(band.stroke));
                writeln!(b, "<path d=\"{} Z\"{turn}{fill}{line}/>", polyline(&outline))
            }
            Shape::Text(t) => {
                text(b, t);
                Ok(())
            }
            Shape::Mesh(mesh) => {
                mesh_triangles(b, mesh);
                Ok(())
            }
        };
    }
}

/// Path data through `points`: `M x y L x y …`.
fn polyline(points: &[Pos2]) -> String {
    let mut d = String::new();
    for (i, &p) in points.iter().enumerate() {
        let _ = write!(
            d,
            "{}{}{}",
            if i == 0 { "" } else { " " },
            if i == 0 { 'M' } else { 'L' },
            P(p)
        );
    }
    d
}

/// A `<path>` with a fill (closed paths only) and a stroke.
fn path(out: &mut String, d: &str, closed: bool, fill: Color32, stroke: &PathStroke, points: &[Pos2]) -> fmt::Result {
    let colour = match &stroke.color {
        ColorMode::Solid(c) => *c,
        ColorMode::UV(f) => {
            let bounds = Rect::from_points(points);
            f(bounds, bounds.center())
        }
    };
    let (z, fill) = if closed {
        (" Z", fill)
    } else {
        ("", Color32::TRANSPARENT)
    };
    writeln!(
        out,
        "<path d=\"{d}{z}\"{}{}/>",
        Fill(fill),
        Line(Stroke::new(stroke.width, colour))
    )
}

fn rect(r: &RectShape) -> String {
    let grow = match r.stroke_kind {
        StrokeKind::Inside => -r.stroke.width / 2.0,
        StrokeKind::Middle => 0.0,
        StrokeKind::Outside => r.stroke.width / 2.0,
    };
    let outline = r.rect.expand(grow);
    let attrs = format!("{}{}{}", Rotate(r.angle, r.rect.center()), Fill(r.fill), Line(r.stroke));
    let CornerRadius { nw, ne, sw, se } = r.corner_radius;
    if nw == ne && ne == sw && sw == se {
        let rx = if nw > 0 { format!(" rx=\"{nw}\"") } else { String::new() };
        return rect_element(outline, &format!("{rx}{attrs}"));
    }
    // Corners of different radii: a path of edges and quarter arcs, clockwise from the top left.
    let (min, max) = (outline.min, outline.max);
    let [nw, ne, sw, se] = [nw, ne, sw, se].map(f32::from);
    let arc = |r: f32, x: f32, y: f32| format!("A{} {} 0 0 1 {}", N(r), N(r), P(Pos2::new(x, y)));
    format!(
        "<path d=\"M{} H{} {} V{} {} H{} {} V{} {} Z\"{attrs}/>",
        P(Pos2::new(min.x + nw, min.y)),
        N(max.x - ne),
        arc(ne, max.x, min.y + ne),
        N(max.y - se),
        arc(se, max.x - se, max.y),
        N(min.x + sw),
        arc(sw, min.x, max.y - sw),
        N(min.y + nw),
        arc(nw, min.x + nw, min.y),
    )
}

fn rect_element(r: Rect, attrs: &str) -> String {
    let (x, y, width, height) = (N(r.min.x), N(r.min.y), N(r.width().max(0.0)), N(r.height().max(0.0)));
    format!("<rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{height}\"{attrs}/>")
}

/// One `<text>` per run of glyphs sharing a format on a row, placed on egui's baseline and
/// stretched to egui's width so labels stay inside their boxes whatever font the viewer has;
/// text cut short with "…" keeps its whole wording in a `<title>`.
fn text(out: &mut String, t: &TextShape) {
    let _ = write!(out, "<g{}>", Rotate(t.angle, t.pos));
    if t.galley.elided {
        let _ = write!(out, "<title>{}</title>", escape(&t.galley.job.text));
    }
    for run in runs(t) {
        for (pieces, chars) in direction_pieces(run.glyphs) {
            if chars.trim().is_empty() {
                continue;
            }
            let origin = run.row_origin + pieces[0].pos.to_vec2();
            let (x, y, size) = (N(origin.x), N(origin.y), N(run.format.font_id.size));
            let width = N(pieces[pieces.len() - 1].max_x() - pieces[0].pos.x);
            let family = if fonts::beyond_defaults(&chars) {
                format!(" font-family=\"{FALLBACK_FONT_FAMILY}\"")
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\" textLength=\"{width}\" \
                 lengthAdjust=\"spacingAndGlyphs\" xml:space=\"preserve\"{family}{}>{}</text>",
                Fill(run.colour),
                escape(&chars)
            );
        }
    }
    out.push_str("</g>\n");
}

/// Untextured triangles as filled polygons in their average colour (textured ones, such as
/// glyphs, have no vector form and are left out).
fn mesh_triangles(out: &mut String, mesh: &Mesh) {
    for corners in mesh.indices.chunks_exact(3) {
        let vertices: Option<Vec<_>> = corners.iter().map(|&i| mesh.vertices.get(i as usize)).collect();
        let Some(v) = vertices.filter(|v| v.iter().all(|v| v.uv == egui::epaint::WHITE_UV)) else {
            continue;
        };
        let average = |c: usize| (v.iter().map(|v| u32::from(v.color.to_array()[c])).sum::<u32>() / 3) as u8;
        let colour = Color32::from_rgba_premultiplied(average(0), average(1), average(2), average(3));
        let _ = writeln!(
            out,
            "<path d=\"{} Z\"{}/>",
            polyline(&[v[0].pos, v[1].pos, v[2].pos]),
            Fill(colour)
        );
    }
}

/// A number with at most two decimals and no trailing zeros (non-finite numbers as 0).
struct N(f32);

impl Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = format!("{:.2}", if self.0.is_finite() { self.0 } else { 0.0 });
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.')
        } else {
            &s
        };
        f.write_str(if s == "-0" { "0" } else { s })
    }
}

/// A point as `x y`.
struct P(Pos2);

impl Display for P {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", N(self.0.x), N(self.0.y))
    }
}

/// ` fill="…"` (with an opacity when translucent), or ` fill="none"`.
struct Fill(Color32);

impl Display for Fill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        paint(f, "fill", self.0)
    }
}

/// The stroke attributes, or nothing for an invisible stroke.
struct Line(Stroke);

impl Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.width > 0.0 && self.0.color.a() > 0 {
            paint(f, "stroke", self.0.color)?;
            write!(f, " stroke-width=\"{}\"", N(self.0.width))?;
        }
        Ok(())
    }
}

fn paint(f: &mut fmt::Formatter<'_>, attr: &str, colour: Color32) -> fmt::Result {
    let [r, g, b, a] = colour.to_srgba_unmultiplied();
    if a == 0 {
        return write!(f, " {attr}=\"none\"");
    }
    write!(f, " {attr}=\"#{r:02x}{g:02x}{b:02x}\"")?;
    if a < 255 {
        write!(f, " {attr}-opacity=\"{}\"", N(f32::from(a) / 255.0))?;
    }
    Ok(())
}

/// ` transform="rotate(…)"` for a clockwise angle in radians about `about`, or nothing.
struct Rotate(f32, Pos2);

impl Display for Rotate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 != 0.0 && self.0.is_finite() {
            write!(f, " transform=\"rotate({} {})\"", N(self.0.to_degrees()), P(self.1))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::epaint::{CircleShape, QuadraticBezierShape};
    use egui::pos2;

    fn page(shapes: Vec<Shape>) -> String {
        let clip = Rect::from_min_size(Pos2::ZERO, Vec2::new(100.0, 50.0));
        let clipped: Vec<_> = shapes.into_iter().map(|shape| ClippedShape::new(clip, shape)).collect();
        write(&clipped, clip.size(), None)
    }

    #[test]
    fn numbers_are_short_and_finite() {
        let shown = [1.0, 0.5, -0.004, 12.345, f32::NAN, 100.10].map(|v| N(v).to_string());
        assert_eq!(shown, ["1", "0.5", "0", "12.35", "0", "100.1"]);
    }

    #[test]
    fn text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            escape("R&D <\"gold\"> 'x'\u{1}\tend"),
            "R&amp;D &lt;&quot;gold&quot;&gt; &apos;x&apos; end"
        );
    }

    #[test]
    fn shapes_become_elements_with_their_colours() {
        let svg = page(vec![
            Shape::Rect(RectShape::filled(
                Rect::from_min_max(pos2(1.0, 2.0), pos2(11.0, 7.0)),
                3,
                Color32::RED,
            )),
            Shape::Circle(CircleShape::stroke(
                pos2(5.0, 5.0),
                2.0,
                Stroke::new(1.5, Color32::BLUE),
            )),
            Shape::QuadraticBezier(QuadraticBezierShape::from_points_stroke(
                [pos2(0.0, 0.0), pos2(5.0, 9.0), pos2(10.0, 0.0)],
                false,
                Color32::TRANSPARENT,
                Stroke::new(1.0, Color32::from_black_alpha(128)),
            )),
        ]);
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"50\""),
            "{svg}"
        );
        assert!(
            svg.contains("<rect x=\"1\" y=\"2\" width=\"10\" height=\"5\" rx=\"3\" fill=\"#ff0000\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains("<circle cx=\"5\" cy=\"5\" r=\"2\" fill=\"none\" stroke=\"#0000ff\" stroke-width=\"1.5\"/>")
        );
        assert!(
            svg.contains("<path d=\"M0 0 Q5 9 10 0\" fill=\"none\" stroke=\"#000000\" stroke-opacity=\"0.5\""),
            "{svg}"
        );
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn marks_become_groups_outside_clip_paths_with_escaped_ids_and_names() {
        let small = Rect::from_min_max(pos2(10.0, 10.0), pos2(20.0, 20.0));
        let dot = || Shape::Circle(CircleShape::filled(pos2(15.0, 15.0), 3.0, Color32::GREEN));
        let shapes = [
            Mark::node("a\"<1>", &crate::model::Node::actor("R&D \"lab\"", Default::default())).into_shape(),
            dot(),
            Mark::End.into_shape(),
            Mark::flow("f&1", "a", "b").into_shape(),
            Mark::label("f&1").into_shape(),
            dot(),
            dot(),
            Mark::End.into_shape(),
            Mark::End.into_shape(),
            Mark::End.into_shape(),
            Mark::label("unended").into_shape(),
        ];
        let clipped: Vec<_> = shapes.into_iter().map(|s| ClippedShape::new(small, s)).collect();
        let svg = write(&clipped, Vec2::new(100.0, 50.0), None);
        let body = &svg[svg.find("</defs>\n").unwrap() + 8..];
        let circle = "<circle cx=\"15\" cy=\"15\" r=\"3\" fill=\"#00ff00\"/>\n";
        let clip = |inside: &str| format!("<g clip-path=\"url(#clip0)\">\n{inside}</g>\n");
        assert_eq!(
            body,
            format!(
                "<g class=\"node actor\" id=\"node-a&quot;&lt;1&gt;\"><title>R&amp;D &quot;lab&quot;</title>\n\
                 {}</g>\n\
                 <g class=\"flow\" id=\"flow-f&amp;1\" data-from=\"a\" data-to=\"b\">\n\
                 <g class=\"flow-label\" id=\"label-f&amp;1\">\n{}</g>\n</g>\n\
                 <g class=\"flow-label\" id=\"label-unended\">\n</g>\n</svg>\n",
                clip(circle),
                clip(&circle.repeat(2))
            )
        );
    }

    #[test]
    fn shapes_clipped_smaller_than_the_page_get_a_clip_path() {
        let small = Rect::from_min_max(pos2(10.0, 10.0), pos2(20.0, 20.0));
        let shape = Shape::Circle(CircleShape::filled(pos2(15.0, 15.0), 9.0, Color32::GREEN));
        let svg = write(&[ClippedShape::new(small, shape.clone())], Vec2::new(100.0, 50.0), None);
        assert!(svg.contains("<clipPath id=\"clip0\"><rect x=\"10\" y=\"10\" width=\"10\" height=\"10\"/></clipPath>"));
        assert!(svg.contains("<g clip-path=\"url(#clip0)\">\n<circle"), "{svg}");
        // Shapes in a row sharing a clip rectangle share its group.
        let page = Rect::from_min_size(Pos2::ZERO, Vec2::new(100.0, 50.0));
        let runs = [small, small, page, small].map(|clip| ClippedShape::new(clip, shape.clone()));
        let svg = write(&runs, page.size(), None);
        assert_eq!(svg.matches("<g clip-path=\"url(#clip0)\">").count(), 2, "{svg}");
        assert_eq!(svg.matches("<circle").count(), 4);
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
    }
}
