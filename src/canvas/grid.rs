//! The background grid and snapping to it.

use egui::{Color32, Painter, Pos2, Stroke, pos2};

use crate::diagram::View;

/// Grid spacing in diagram units; snapped node centres land on it.
pub const GRID: f32 = 20.0;
/// Grid lines closer than this on screen are thinned out (every fifth line kept, and so on).
const MIN_SPACING: f32 = 10.0;

/// The grid point nearest to `p` (diagram units).
pub(super) fn snap(p: Pos2) -> Pos2 {
    pos2((p.x / GRID).round() * GRID, (p.y / GRID).round() * GRID)
}

/// Grid lines across the painter's clip rectangle.
pub(super) fn paint(painter: &Painter, view: &View, colour: Color32) {
    let mut step = GRID;
    while step * view.zoom < MIN_SPACING {
        step *= 5.0;
    }
    let clip = painter.clip_rect();
    let area = view.rect_to_diagram(clip);
    let stroke = Stroke::new(1.0, colour);
    let mut x = (area.left() / step).ceil() * step;
    while x <= area.right() {
        painter.vline(view.point_to_screen(pos2(x, 0.0)).x, clip.y_range(), stroke);
        x += step;
    }
    let mut y = (area.top() / step).ceil() * step;
    while y <= area.bottom() {
        painter.hline(clip.x_range(), view.point_to_screen(pos2(0.0, y)).y, stroke);
        y += step;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapping_rounds_to_the_nearest_grid_point() {
        assert_eq!(snap(pos2(29.0, -31.0)), pos2(20.0, -40.0));
        assert_eq!(snap(pos2(40.0, 0.0)), pos2(40.0, 0.0));
    }
}
