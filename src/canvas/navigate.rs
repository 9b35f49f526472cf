//! Panning and zooming by wheel, trackpad, pinch and keys: scrolling pans, Ctrl+wheel and pinch
//! zoom about the pointer, arrow keys pan, `+` and `-` zoom about the middle by [`ZOOM_STEP`].
//!
//! Ctrl+wheel zooms in proportion to the wheel's travel, as egui smooths it over a few frames:
//! one notch of a mouse wheel zooms by [`WHEEL_NOTCH_ZOOM`], a trackpad's few points by a
//! little. (egui's own rate is e^(40/200) ≈ 1.22 a line: 3.3× for six notches of one line each;
//! the 55 % → 607 % of issue 14, 11×, is twelve lines' worth.)

use egui::{Event, InputOptions, InputState, Key, Modifiers, Response, Ui, Vec2, vec2};

use super::{Canvas, ZOOM_STEP};

/// How far one arrow-key press pans (screen points).
const KEY_PAN: f32 = 60.0;
/// How much one notch of a mouse wheel (egui's `line_scroll_speed` points) zooms with Ctrl.
const WHEEL_NOTCH_ZOOM: f32 = 1.1;

impl Canvas {
    /// Wheel, trackpad and pinch input while the pointer is over the canvas.
    pub(super) fn navigate(&mut self, ui: &Ui, bg: &Response) {
        if !bg.contains_pointer() {
            return;
        }
        let options = ui.ctx().options(|o| o.input_options);
        let (zoom, pan, pointer) =
            ui.input(|i| (zoom_factor(i, &options), i.translation_delta(), i.pointer.hover_pos()));
        if let Some(p) = pointer.filter(|_| zoom != 1.0) {
            self.view = self.view.zoomed_about(p, zoom);
        }
        if pan != Vec2::ZERO {
            self.view = self.view.panned(pan);
        }
    }

    /// Arrow keys and `+` / `-` (consumed, so nothing else acts on them too).
    pub(super) fn navigation_keys(&mut self, ui: &Ui) {
        let (left, right, up, down, zoom_in, zoom_out) = ui.ctx().input_mut(|i| {
            let mut count = |key| i.count_and_consume_key(Modifiers::NONE, key) as f32;
            (
                count(Key::ArrowLeft),
                count(Key::ArrowRight),
                count(Key::ArrowUp),
                count(Key::ArrowDown),
                count(Key::Plus) + count(Key::Equals),
                count(Key::Minus),
            )
        });
        let pan = vec2(left - right, up - down) * KEY_PAN;
        if pan != Vec2::ZERO {
            self.view = self.view.panned(pan);
        }
        if zoom_in != zoom_out {
            self.view = self
                .view
                .zoomed_about(self.screen.center(), ZOOM_STEP.powf(zoom_in - zoom_out));
        }
    }
}

/// This frame's zoom factor from pinching and Ctrl+wheel. egui folds the wheel into its zoom
/// factor as e^(`scroll_zoom_speed` × points); that part is taken back out and replaced by
/// [`WHEEL_NOTCH_ZOOM`] per `line_scroll_speed` points. A pinch (zoom events, or two fingers on
/// a touch screen) zooms as egui says.
fn zoom_factor(input: &InputState, options: &InputOptions) -> f32 {
    let zoom = input.zoom_delta();
    if input.multi_touch().is_some() {
        return zoom;
    }
    let pinch: f32 = (input.events.iter())
        .filter_map(|e| match e {
            Event::Zoom(factor) => Some(*factor),
            _ => None,
        })
        .product();
    let wheel = zoom / pinch;
    let per_notch = options.scroll_zoom_speed * options.line_scroll_speed;
    if wheel == 1.0 || !(wheel.is_finite() && wheel > 0.0 && per_notch > 0.0) {
        return zoom;
    }
    let notches = wheel.ln() / per_notch;
    pinch * WHEEL_NOTCH_ZOOM.powf(notches)
}
