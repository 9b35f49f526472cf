//! What the editor's window tests share: the whole editor in a headless egui_kittest harness
//! the size of a laptop screen, and clicking a widget by its accessible name.

use dlt_modeller::app::App;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The editor on `app`, 1400 × 900 points, after its first frames.
pub fn harness(app: App) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    h.run();
    h
}

/// Clicks the widget named `label` and lets the editor react.
pub fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}
