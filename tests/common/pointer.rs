//! Moving the pointer the way a hand does, for the editor's window tests.

use dlt_modeller::app::App;
use egui_kittest::Harness;

/// Presses at `from`, moves in steps to `to` and lets go, like a hand on a mouse.
pub fn drag(h: &mut Harness<'_, App>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=5 {
        h.hover_at(from + (to - from) * (i as f32 / 5.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
}
