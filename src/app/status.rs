//! The status bar: the last thing that happened (or went wrong), a hint for the current tool,
//! and what the project holds. A message belongs to the action that caused it: the next action
//! replaces it, information fades after a few seconds, and an error stays until the user acts
//! or dismisses it.

use egui::{RichText, Ui};

use crate::assess::count_as;
use crate::model::{Finding, Project, Severity};

/// How long information stays before the bar goes back to the tool's hint (errors stay).
const MESSAGE_SECONDS: f64 = 5.0;

/// The message on the left of the status bar.
#[derive(Default)]
pub struct Status {
    message: String,
    is_error: bool,
    /// When the message was first shown (egui time), so it can go away again.
    shown_at: Option<f64>,
}

/// What the bar reports about the project and the view.
pub struct Facts<'a> {
    pub project: &'a Project,
    pub findings: &'a [Finding],
    pub selected: usize,
    pub zoom: f32,
}

impl Status {
    pub fn info(&mut self, message: impl Into<String>) {
        self.set(message.into(), false);
    }

    pub fn error(&mut self, message: impl Into<String>) {
        self.set(message.into(), true);
    }

    fn set(&mut self, message: String, is_error: bool) {
        self.message = message;
        self.is_error = is_error;
        self.shown_at = None;
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The user did something: what the last action said no longer applies. Call before
    /// carrying out the action, which may then say something of its own.
    pub fn acted(&mut self) {
        self.set(String::new(), false);
    }

    /// Draws the bar: on the left the help of the hovered menu item, else the latest message,
    /// else `idle` (what the current tool does); on the right the counts.
    pub fn ui(&mut self, ui: &mut Ui, facts: &Facts, hover: Option<&str>, idle: &str) {
        self.expire(ui);
        let text = match hover {
            Some(help) => RichText::new(help),
            None if self.message.is_empty() => RichText::new(idle),
            None if self.is_error => RichText::new(&self.message).color(ui.visuals().error_fg_color),
            None => RichText::new(&self.message),
        };
        // The counts first, from the right; the message takes the room left, cut short if need be.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(format!("{:.0} %", facts.zoom * 100.0)).on_hover_text("Zoom");
            ui.separator();
            if facts.selected > 0 {
                ui.label(format!("{} selected", facts.selected));
                ui.separator();
            }
            ui.label(counts(facts.project));
            if !facts.findings.is_empty() {
                ui.separator();
                findings_label(ui, facts.findings);
            }
            ui.separator();
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                if hover.is_none() && self.is_error && dismiss_button(ui) {
                    self.acted();
                }
                ui.add(egui::Label::new(text).truncate());
            });
        });
    }

    /// Drops an information message once it has been on screen long enough.
    fn expire(&mut self, ui: &Ui) {
        if self.message.is_empty() || self.is_error {
            return;
        }
        let now = ui.input(|i| i.time);
        let shown_at = *self.shown_at.get_or_insert(now);
        let left = MESSAGE_SECONDS - (now - shown_at);
        if left <= 0.0 {
            self.message.clear();
        } else {
            ui.ctx().request_repaint_after(std::time::Duration::from_secs_f64(left));
        }
    }
}

/// The small button that puts an error message away; true when clicked.
fn dismiss_button(ui: &mut Ui) -> bool {
    let button = egui::Button::new("×").small().frame(false);
    let response = ui.add(button).on_hover_text("Dismiss this message");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Dismiss message"));
    response.clicked()
}

/// "2 findings", with the findings as tool tip, coloured by the worst one.
fn findings_label(ui: &mut Ui, findings: &[Finding]) {
    const SHOWN: usize = 12;
    let worst = findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Info);
    let colour = match worst {
        Severity::Error => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
        Severity::Info => ui.visuals().text_color(),
    };
    let n = findings.len();
    let mut tip: Vec<String> = findings
        .iter()
        .take(SHOWN)
        .map(|f| format!("{}: {}", f.severity.label(), f.message))
        .collect();
    if n > SHOWN {
        tip.push(format!("… and {} more", n - SHOWN));
    }
    let text = if n == 1 {
        "1 finding".to_string()
    } else {
        format!("{n} findings")
    };
    ui.label(RichText::new(text).color(colour))
        .on_hover_text(tip.join("\n"));
}

/// "3 actors · 2 assets · 4 flows".
pub fn counts(project: &Project) -> String {
    let actors = project.nodes.values().filter(|n| n.is_actor()).count();
    let assets = project.nodes.len() - actors;
    format!(
        "{} · {} · {}",
        count_as(actors, "actor", "actors"),
        count_as(assets, "asset", "assets"),
        count_as(project.flows.len(), "flow", "flows")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Flow, Node, Position};

    /// Draws the bar once at `time` seconds.
    fn frame(ctx: &egui::Context, status: &mut Status, time: f64) {
        let project = Project::new("t");
        let facts = Facts {
            project: &project,
            findings: &[],
            selected: 0,
            zoom: 1.0,
        };
        let input = egui::RawInput {
            time: Some(time),
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| status.ui(ui, &facts, None, "idle"));
        output.textures_delta.clear();
    }

    #[test]
    fn information_fades_errors_stay_until_the_next_action() {
        let ctx = egui::Context::default();
        let mut status = Status::default();
        status.info("Saved gold.ron.");
        frame(&ctx, &mut status, 100.0);
        frame(&ctx, &mut status, 103.0);
        assert_eq!(status.message(), "Saved gold.ron.", "still there after three seconds");
        frame(&ctx, &mut status, 106.0);
        assert_eq!(status.message(), "", "gone after a few seconds");

        status.error("The project was not saved.");
        frame(&ctx, &mut status, 200.0);
        frame(&ctx, &mut status, 900.0);
        assert_eq!(status.message(), "The project was not saved.");
        status.acted();
        assert_eq!(status.message(), "", "the next action takes it away");
    }

    #[test]
    fn counts_name_each_kind() {
        let mut p = Project::new("t");
        p.nodes.insert("a".into(), Node::actor("A", Position::default()));
        p.nodes.insert("b".into(), Node::actor("B", Position::default()));
        p.nodes.insert("g".into(), Node::asset("G", Position::default()));
        p.flows.insert("f".into(), Flow::new("a", "b", 1, "x"));
        assert_eq!(counts(&p), "2 actors · 1 asset · 1 flow");
        assert_eq!(counts(&Project::new("e")), "0 actors · 0 assets · 0 flows");
    }
}
