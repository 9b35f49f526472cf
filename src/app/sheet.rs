//! The use-case sheet: a form for the project's use-case template fields (after the FG DLT D2.1 use-case template [HSTP-UC]),
//! each change an undoable edit of the sheet.

use egui::Ui;

use super::Action;
use super::fields::{Form, grid};
use crate::edit::set_sheet;
use crate::model::{Project, Status, UseCaseSheet};

/// The seventeen UN Sustainable Development Goals, by number.
const SDGS: [&str; 17] = [
    "No poverty",
    "Zero hunger",
    "Good health and well-being",
    "Quality education",
    "Gender equality",
    "Clean water and sanitation",
    "Affordable and clean energy",
    "Decent work and economic growth",
    "Industry, innovation and infrastructure",
    "Reduced inequalities",
    "Sustainable cities and communities",
    "Responsible consumption and production",
    "Climate action",
    "Life below water",
    "Life on land",
    "Peace, justice and strong institutions",
    "Partnerships for the goals",
];

/// Draws the sheet form and returns the edits the user made.
pub fn ui(ui: &mut Ui, project: &Project) -> Vec<Action> {
    let mut actions = Vec::new();
    let sheet = &project.sheet;
    let with = |change: &dyn Fn(&mut UseCaseSheet)| {
        let mut after = sheet.clone();
        change(&mut after);
        set_sheet(project, after)
    };
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.heading("Use case");
        ui.weak("The use-case template of the ITU-T FG DLT use cases. Lists take one item per line.");
        ui.add_space(6.0);
        let mut form = Form {
            actions: &mut actions,
            salt: "sheet",
        };
        grid(ui, "sheet-form", |ui| {
            form.text(ui, "Title", &sheet.title, 1, |t| with(&|s| s.title = t.clone()));
            form.text(ui, "Summary", &sheet.summary, 3, |t| with(&|s| s.summary = t.clone()));
            form.text_with_hint(ui, "Domain", &sheet.domain, 1, "e.g. Trade & logistics", |t| {
                with(&|s| s.domain = t.clone())
            });
            form.lines(ui, "Functions", &sheet.functions, |v| {
                with(&|s| s.functions = v.clone())
            });
            form.choice(
                ui,
                "Status",
                sheet.status,
                &Status::ALL,
                |s| s.label().into(),
                |status| with(&|s| s.status = status),
            );
            form.lines(ui, "Jurisdictions", &sheet.jurisdictions, |v| {
                with(&|s| s.jurisdictions = v.clone())
            });
            form.text_with_hint(
                ui,
                "Assessed on",
                &sheet.assessed_on,
                1,
                "YYYY-MM-DD (empty: today)",
                |t| with(&|s| s.assessed_on = t.trim().to_owned()),
            );
            form.text(ui, "Problem", &sheet.problem, 3, |t| with(&|s| s.problem = t.clone()));
            form.text(ui, "Solution", &sheet.solution, 3, |t| {
                with(&|s| s.solution = t.clone())
            });
            form.text(ui, "Value added", &sheet.value_added, 3, |t| {
                with(&|s| s.value_added = t.clone())
            });
            form.lines(ui, "Barriers", &sheet.barriers, |v| with(&|s| s.barriers = v.clone()));
            ui.label("SDGs")
                .on_hover_text("UN Sustainable Development Goals the use case contributes to");
            if let Some(sdgs) = sdg_toggles(ui, &sheet.sdgs) {
                form.actions.push(Action::Apply(with(&|s| s.sdgs = sdgs.clone())));
            }
            ui.end_row();
            form.lines(ui, "KPIs", &sheet.kpis, |v| with(&|s| s.kpis = v.clone()));
            form.lines(ui, "Standardisation", &sheet.standardisation, |v| {
                with(&|s| s.standardisation = v.clone())
            });
            form.lines(ui, "References", &sheet.references, |v| {
                with(&|s| s.references = v.clone())
            });
            form.lines(ui, "Authors", &sheet.authors, |v| with(&|s| s.authors = v.clone()));
        });
    });
    actions
}

/// Seventeen toggles; returns the new sorted list when one was clicked.
fn sdg_toggles(ui: &mut Ui, sdgs: &[u8]) -> Option<Vec<u8>> {
    let mut clicked = None;
    ui.horizontal_wrapped(|ui| {
        for (number, name) in (1u8..).zip(SDGS) {
            let on = sdgs.contains(&number);
            let response = ui
                .selectable_label(on, number.to_string())
                .accessible_name(format!("SDG {number}: {name}"))
                .on_hover_text(format!("SDG {number}: {name}"));
            if response.clicked() {
                clicked = Some(number);
            }
        }
    });
    clicked.map(|n| toggled(sdgs, n))
}

fn toggled(sdgs: &[u8], number: u8) -> Vec<u8> {
    let mut list: Vec<u8> = sdgs.iter().copied().filter(|&n| n != number).collect();
    if list.len() == sdgs.len() {
        list.push(number);
    }
    list.sort_unstable();
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_an_sdg_adds_or_removes_it_in_order() {
        assert_eq!(toggled(&[3, 12], 8), vec![3, 8, 12]);
        assert_eq!(toggled(&[3, 8, 12], 8), vec![3, 12]);
    }
}
