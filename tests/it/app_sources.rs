//! Where the editor shows the catalogue's edition, sources and platform status: Help › About
//! names the catalogue version and date, the Glossary and catalogue window gives a platform's
//! status with its source and says judgement in words, and the ranking tags each platform with
//! its status.

use dlt_modeller::app::{App, PresetDialogs};
use dlt_modeller::catalog::Catalog;
use dlt_modeller::model::Project;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use crate::common::{app_with, click, harness};

fn editor() -> egui_kittest::Harness<'static, App> {
    harness(app_with(Project::new("Sources"), PresetDialogs::new()))
}

#[test]
fn about_names_the_catalogue_edition() {
    let mut h = editor();
    click(&mut h, "Help");
    h.get_by_label_contains("About dlt-modeller").click();
    h.run();
    let edition = &Catalog::builtin().edition;
    let line = format!("Catalogue {} of {}", edition.version, edition.date);
    assert!(h.query_by_label_contains(&line).is_some(), "{line}");
}

/// The editor with the catalogue window open and `query` typed into its search.
fn searched(query: &str) -> egui_kittest::Harness<'static, App> {
    let mut h = editor();
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run();
    h.get_by_label("Search the catalogue").type_text(query);
    h.run();
    h
}

#[test]
fn the_catalogue_window_shows_a_platform_s_status_with_its_source() {
    let h = searched("goquorum");
    assert!(
        h.query_by_label_contains("status end of support as of 2026-12-06")
            .is_some(),
        "GoQuorum's status is shown"
    );
    assert!(
        h.query_by_label_contains("[GQ-END]").is_some(),
        "with the source it rests on"
    );
}

#[test]
fn the_catalogue_window_says_judgement_in_words() {
    let h = searched("Wallet");
    assert!(
        h.query_by_label_contains("analyst judgement, no source").is_some(),
        "[INF] reads as words"
    );
    assert!(h.query_by_label_contains("[INF]").is_none());
}

#[test]
fn the_ranking_tags_each_platform_with_its_status() {
    use dlt_modeller::app::assessment_panel::AssessmentPanel;
    let project = dlt_modeller::templates::find("gold-trade").unwrap().project();
    let catalog = Catalog::builtin().with_project(&project);
    let report = dlt_modeller::assess::assess(&project, &catalog);
    let mut panel = AssessmentPanel::default();
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(900.0, 900.0))
        .build_ui(move |ui| {
            panel.ui(ui, &project, &catalog, &report);
        });
    h.run();
    assert!(h.query_by_label_contains("Rank 4").is_some(), "the ranking is shown");
    assert!(h.query_by_label("end of support").is_some(), "GoQuorum is tagged");
    assert!(h.query_all_by_label("LTS").count() >= 2, "Fabric and Corda are tagged");
}
