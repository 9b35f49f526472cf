//! The editor's side of never losing work (`session::Recovery`): the clock recovery copies are
//! stamped with, and the "Recovered work" window offering the copies a crashed editor left.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use egui::{Context, RichText, Window};

use crate::session::{Choice, Recovery};

/// Seconds since the Unix epoch: the clock the recovery copies are stamped with.
pub fn now() -> Duration {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default()
}

/// The "Recovered work" window, while copies wait for an answer.
/// Restoring is offered only while the current project has no unsaved changes of its own.
pub fn window(recovery: &mut Recovery, ctx: &Context, can_restore: bool) -> Option<Choice> {
    if recovery.offered().is_empty() {
        return None;
    }
    let mut answered = None;
    super::windows::within_central_area(ctx, Window::new("Recovered work"))
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label("dlt-modeller did not close properly last time. It kept these unsaved changes:");
            ui.add_space(6.0);
            for (i, found) in recovery.offered().iter().enumerate() {
                let file = found
                    .original
                    .as_ref()
                    .map_or("an untitled project".to_string(), |p| p.display().to_string());
                ui.label(RichText::new(&found.title).strong());
                ui.label(format!("{file}, saved {}", ago(now().saturating_sub(found.saved_at))));
                ui.horizontal(|ui| {
                    let restore = ui
                        .add_enabled(can_restore, egui::Button::new("Restore"))
                        .on_hover_text("Open these changes as an unsaved project")
                        .on_disabled_hover_text(
                            "Save or undo the changes you made first: restoring replaces the project",
                        );
                    if restore.clicked() {
                        answered = Some((i, true));
                    }
                    if ui
                        .button("Discard")
                        .on_hover_text("Delete this recovery copy for good")
                        .clicked()
                    {
                        answered = Some((i, false));
                    }
                });
                ui.separator();
            }
        });
    answered.and_then(|(i, restore)| recovery.answer(i, restore))
}

fn ago(elapsed: Duration) -> String {
    match elapsed.as_secs() {
        s if s < 90 => "a minute ago".to_string(),
        s if s < 90 * 60 => format!("{} minutes ago", s / 60),
        s if s < 36 * 3600 => format!("{} hours ago", s / 3600),
        s => format!("{} days ago", s / 86_400),
    }
}
