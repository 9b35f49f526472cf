//! Where the editor's windows open: inside the central area (the canvas, between the menu bar and
//! toolbar above, the status bar below and the side panels), centred there the first time, never
//! moved over the menu bar or the panels, and where the user last put them afterwards (egui keeps
//! each window's place by its id, and eframe keeps it across runs).

use egui::{Align2, Context, Id, Rect, Vec2, Window};

/// The key under which the central area of the current frame is kept in egui's memory.
fn key() -> Id {
    Id::unique("dlt-modeller-central-area")
}

/// Notes where the central area is this frame (the canvas's rectangle).
pub fn set_central_area(ctx: &Context, area: Rect) {
    if area.is_positive() {
        ctx.data_mut(|d| d.insert_temp(key(), area));
    }
}

/// The central area noted last, if any.
pub fn central_area(ctx: &Context) -> Option<Rect> {
    ctx.data(|d| d.get_temp::<Rect>(key()))
}

/// Room left around a window's contents for its frame and title bar.
const FRAME: Vec2 = Vec2::new(24.0, 48.0);

/// `window` kept inside the central area, no bigger than it, and first shown in its middle.
pub fn within_central_area<'open>(ctx: &Context, window: Window<'open>) -> Window<'open> {
    match central_area(ctx) {
        Some(area) => window
            .constrain_to(area)
            .max_size((area.size() - FRAME).max(Vec2::splat(120.0)))
            .pivot(Align2::CENTER_CENTER)
            .default_pos(area.center()),
        None => window,
    }
}
