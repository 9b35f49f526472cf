//! The editor in a headless egui_kittest harness: what every binary with window tests shares,
//! the `it` binary and `app_fonts` alike (so everything here is used by both).

use dlt_modeller::app::App;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, HarnessBuilder};

/// The whole editor on `app` in a harness the size of a laptop screen (1400 × 900 points),
/// set up further by `configure`, before its first frame. `Harness::run` may take up to 12 steps
/// (3 s of simulated time) to settle, not egui_kittest's 4: on a loaded machine a worker (an
/// export, a save) may finish a step later, and the window it opens fades in over two more.
pub fn build(app: App, configure: impl FnOnce(HarnessBuilder<App>) -> HarnessBuilder<App>) -> Harness<'static, App> {
    let builder = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(12);
    configure(builder).build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// Clicks the widget named `label` and lets the editor react.
pub fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}
