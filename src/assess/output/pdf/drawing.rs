//! A vector drawing handed to the PDF report from outside `assess` (the diagram, painted by
//! `export` from the same shapes as its SVG): paths with a fill and a stroke, and runs of text on
//! a baseline, in points with y down. Plain data, so this module knows no GUI types; drawing it
//! onto a PDF page scales it into a box.

use krilla::geom::{PathBuilder, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

use super::fonts::{Fonts, rgb};

/// A colour as unmultiplied sRGB with alpha.
pub type Rgba = [u8; 4];

/// A drawing of `width` × `height` points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

/// One thing drawn, in painting order.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Path(PathItem),
    Text(TextItem),
}

/// An outline from `start` through `segments`, filled (when closed) and stroked.
#[derive(Clone, Debug, PartialEq)]
pub struct PathItem {
    pub start: [f32; 2],
    pub segments: Vec<Segment>,
    pub closed: bool,
    pub fill: Option<Rgba>,
    /// Colour and width.
    pub stroke: Option<(Rgba, f32)>,
}

/// A piece of an outline, ending at its last point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Segment {
    Line([f32; 2]),
    Quad([f32; 2], [f32; 2]),
    Cubic([f32; 2], [f32; 2], [f32; 2]),
}

/// A run of text starting at (`x`, `y`) on its baseline, `width` points wide as the diagram
/// measured it, turned clockwise by `angle` radians about its start.
#[derive(Clone, Debug, PartialEq)]
pub struct TextItem {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub width: f32,
    pub angle: f32,
    pub text: String,
    pub colour: Rgba,
}

impl Drawing {
    /// Draws the drawing scaled by `scale` with its top left corner at `at`.
    pub(super) fn draw(&self, surface: &mut Surface, fonts: &Fonts, at: [f32; 2], scale: f32) {
        surface.push_transform(&Transform::from_row(scale, 0.0, 0.0, scale, at[0], at[1]));
        for item in &self.items {
            match item {
                Item::Path(path) => draw_path(surface, path),
                Item::Text(text) => draw_text(surface, fonts, text),
            }
        }
        surface.pop();
    }
}

fn draw_path(surface: &mut Surface, item: &PathItem) {
    let mut builder = PathBuilder::new();
    builder.move_to(item.start[0], item.start[1]);
    for segment in &item.segments {
        match *segment {
            Segment::Line([x, y]) => builder.line_to(x, y),
            Segment::Quad([cx, cy], [x, y]) => builder.quad_to(cx, cy, x, y),
            Segment::Cubic([ax, ay], [bx, by], [x, y]) => builder.cubic_to(ax, ay, bx, by, x, y),
        }
    }
    if item.closed {
        builder.close();
    }
    let Some(path) = builder.finish() else {
        return;
    };
    surface.set_fill(item.fill.filter(|_| item.closed).map(fill));
    surface.set_stroke(
        item.stroke
            .filter(|(_, width)| *width > 0.0)
            .map(|(colour, width)| Stroke {
                paint: rgb(colour).into(),
                width,
                opacity: opacity(colour),
                ..Stroke::default()
            }),
    );
    surface.draw_path(&path);
    surface.set_stroke(None);
}

fn draw_text(surface: &mut Surface, fonts: &Fonts, item: &TextItem) {
    let natural = fonts.width(&item.text, item.size);
    let stretch = if natural > 0.0 && item.width > 0.0 {
        item.width / natural
    } else {
        1.0
    };
    let turn = Transform::from_rotate_at(item.angle.to_degrees(), item.x, item.y);
    surface.push_transform(&turn);
    surface.push_transform(&Transform::from_row(
        stretch,
        0.0,
        0.0,
        1.0,
        item.x * (1.0 - stretch),
        0.0,
    ));
    surface.set_fill(Some(fill(item.colour)));
    fonts.draw(surface, [item.x, item.y], item.size, &item.text);
    surface.pop();
    surface.pop();
}

/// A fill in `colour` with its alpha as opacity.
pub(super) fn fill(colour: Rgba) -> Fill {
    Fill {
        paint: rgb(colour).into(),
        opacity: opacity(colour),
        ..Fill::default()
    }
}

fn opacity(colour: Rgba) -> NormalizedF32 {
    NormalizedF32::new(f32::from(colour[3]) / 255.0).unwrap_or(NormalizedF32::ONE)
}
