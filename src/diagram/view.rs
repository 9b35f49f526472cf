//! The view transform between diagram units and screen points: an origin and a zoom factor.

use egui::{Pos2, Rect, Vec2, pos2};

use crate::model::Position;

/// The smallest zoom factor a view can have.
pub const MIN_ZOOM: f32 = 0.02;
/// The largest zoom factor a view can have.
pub const MAX_ZOOM: f32 = 8.0;

/// Where the diagram sits on screen: `origin` is the screen point of diagram (0, 0) and `zoom`
/// is how many screen points one diagram unit takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub origin: Pos2,
    pub zoom: f32,
}

impl Default for View {
    fn default() -> Self {
        Self {
            origin: Pos2::ZERO,
            zoom: 1.0,
        }
    }
}

impl View {
    /// The screen point of a diagram position.
    pub fn to_screen(&self, position: Position) -> Pos2 {
        self.point_to_screen(pos2(position.x, position.y))
    }

    /// The diagram position under a screen point (not rounded).
    pub fn to_diagram(&self, screen: Pos2) -> Position {
        let p = self.point_to_diagram(screen);
        Position { x: p.x, y: p.y }
    }

    /// The screen point of a point in diagram units.
    pub fn point_to_screen(&self, diagram: Pos2) -> Pos2 {
        self.origin + diagram.to_vec2() * self.zoom
    }

    /// The point in diagram units under a screen point.
    pub fn point_to_diagram(&self, screen: Pos2) -> Pos2 {
        ((screen - self.origin) / self.zoom).to_pos2()
    }

    pub fn rect_to_screen(&self, diagram: Rect) -> Rect {
        Rect::from_min_max(self.point_to_screen(diagram.min), self.point_to_screen(diagram.max))
    }

    pub fn rect_to_diagram(&self, screen: Rect) -> Rect {
        Rect::from_min_max(self.point_to_diagram(screen.min), self.point_to_diagram(screen.max))
    }

    /// The view that shows `bounds` (diagram units) centred in `screen`, `margin` points from its
    /// edges, as large as fits within the zoom limits.
    pub fn fit(bounds: Rect, screen: Rect, margin: f32) -> View {
        let room = (screen.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(1.0));
        let size = bounds.size().max(Vec2::splat(1.0));
        let zoom = (room.x / size.x).min(room.y / size.y);
        let zoom = if zoom.is_finite() {
            zoom.clamp(MIN_ZOOM, MAX_ZOOM)
        } else {
            1.0
        };
        let centre = if bounds.center().any_nan() {
            Pos2::ZERO
        } else {
            bounds.center()
        };
        View {
            origin: screen.center() - centre.to_vec2() * zoom,
            zoom,
        }
    }

    /// This view zoomed by `factor` (clamped to the zoom limits), keeping the diagram point under
    /// the screen point `about` where it is.
    pub fn zoomed_about(&self, about: Pos2, factor: f32) -> View {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        if !zoom.is_finite() {
            return *self;
        }
        View {
            origin: about - (about - self.origin) * (zoom / self.zoom),
            zoom,
        }
    }

    /// This view with the diagram moved by `delta` screen points.
    pub fn panned(&self, delta: Vec2) -> View {
        View {
            origin: self.origin + delta,
            zoom: self.zoom,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_and_diagram_are_inverse() {
        let view = View {
            origin: pos2(100.0, 50.0),
            zoom: 2.5,
        };
        let p = Position { x: -40.0, y: 12.5 };
        let s = view.to_screen(p);
        assert_eq!(s, pos2(0.0, 81.25));
        assert_eq!(view.to_diagram(s), p);
    }

    #[test]
    fn fit_centres_and_clamps() {
        let screen = Rect::from_min_size(pos2(0.0, 0.0), Vec2::new(800.0, 600.0));
        let bounds = Rect::from_min_max(pos2(0.0, 0.0), pos2(1000.0, 200.0));
        let view = View::fit(bounds, screen, 50.0);
        assert!((view.zoom - 0.7).abs() < 1e-5);
        assert_eq!(view.point_to_screen(bounds.center()), screen.center());
        let tiny = Rect::from_center_size(pos2(5.0, 5.0), Vec2::splat(0.001));
        assert_eq!(View::fit(tiny, screen, 0.0).zoom, MAX_ZOOM);
        let huge = Rect::from_center_size(Pos2::ZERO, Vec2::splat(1e9));
        assert_eq!(View::fit(huge, screen, 0.0).zoom, MIN_ZOOM);
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let view = View {
            origin: pos2(10.0, 20.0),
            zoom: 1.0,
        };
        let about = pos2(300.0, 200.0);
        let before = view.point_to_diagram(about);
        let zoomed = view.zoomed_about(about, 1.5);
        assert!((zoomed.point_to_diagram(about) - before).length() < 1e-4);
        assert_eq!(view.zoomed_about(about, 1e9).zoom, MAX_ZOOM);
    }
}
