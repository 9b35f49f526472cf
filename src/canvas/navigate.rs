//! Panning and zooming by wheel, trackpad, pinch and keys: scrolling pans, Ctrl+wheel and pinch
//! zoom about the pointer, arrow keys pan, `+` and `-` zoom about the middle.

use egui::{Key, Modifiers, Response, Ui, Vec2, vec2};

use super::{Canvas, ZOOM_STEP};

/// How far one arrow-key press pans (screen points).
const KEY_PAN: f32 = 60.0;

impl Canvas {
    /// Wheel, trackpad and pinch input while the pointer is over the canvas.
    pub(super) fn navigate(&mut self, ui: &Ui, bg: &Response) {
        if !bg.contains_pointer() {
            return;
        }
        let (zoom, pan, pointer) = ui.input(|i| (i.zoom_delta(), i.translation_delta(), i.pointer.hover_pos()));
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
