//! The editor in a headless egui_kittest harness: what every binary with window tests shares,
//! the `it` binary and `app_fonts` alike (so everything here is used by both).

use dlt_modeller::app::App;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, HarnessBuilder};

/// The whole editor on `app` in a harness the size of a laptop screen (1400 × 900 points),
/// set up further by `configure`, before its first frame.
pub fn build(app: App, configure: impl FnOnce(HarnessBuilder<App>) -> HarnessBuilder<App>) -> Harness<'static, App> {
    configure(Harness::builder().with_size(egui::vec2(1400.0, 900.0)))
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// Clicks the widget named `label` and lets the editor react.
pub fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}
