//! The editor's side of interchange: File › Open on an exported picture opens its project as an
//! untitled copy; File › Other formats imports draw.io, exports draw.io, and copies the diagram
//! as Mermaid or DOT.

use std::path::Path;

use dlt_modeller::app::{App, PresetDialogs};
use dlt_modeller::export::{self, PngOptions};
use dlt_modeller::model::Project;
use dlt_modeller::templates;
use egui::OutputCommand;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{app_with, click, harness};

fn editor(dialogs: PresetDialogs) -> Harness<'static, App> {
    harness(app_with(Project::new("Blank"), dialogs))
}

fn other_formats(h: &mut Harness<'_, App>, item: &str) {
    click(h, "File");
    click(h, "Other formats");
    click(h, item);
}

/// What choosing `item` in File › Other formats puts on the clipboard.
fn copied(h: &mut Harness<'_, App>, item: &str) -> Option<String> {
    click(h, "File");
    click(h, "Other formats");
    h.get_by_label(item).click();
    h.step();
    h.output().platform_output.commands.iter().find_map(|c| match c {
        OutputCommand::CopyText(text) => Some(text.clone()),
        _ => None,
    })
}

#[test]
fn opening_an_exported_picture_gives_an_untitled_copy_of_its_project() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("gold.png");
    let project = templates::find("gold-trade").unwrap().project();
    export::write_png(&png, &project, &PngOptions::default(), &|_| true).unwrap();
    let before = std::fs::read(&png).unwrap();
    let mut h = editor(PresetDialogs::new().then_open(&png));
    click(&mut h, "File");
    h.get_by_label_contains("Open…").click();
    h.run();
    assert_eq!(h.state().project(), &project);
    assert_eq!(h.state().path(), None, "untitled: saving asks where");
    assert!(
        h.state().status_message().contains("as an untitled copy"),
        "{}",
        h.state().status_message()
    );
    assert_eq!(std::fs::read(&png).unwrap(), before);
}

#[test]
fn importing_a_draw_io_file_lists_what_it_decided() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drawio/grain-compressed.drawio");
    let mut h = editor(PresetDialogs::new().then_open(&fixture));
    other_formats(&mut h, "Import draw.io or CSV…");
    assert_eq!(h.state().project().nodes.len(), 5);
    assert_eq!(h.state().path(), None);
    let (title, text) = h.state().error().expect("a window lists the notes");
    assert_eq!(title, "What the import decided or left out");
    assert!(text.contains("became actors: \"Miller\", \"Bank\""), "{text}");
}

#[test]
fn draw_io_export_and_copies_as_mermaid_and_dot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gold.drawio");
    let project = templates::find("gold-trade").unwrap().project();
    let app = app_with(project.clone(), PresetDialogs::new().then_save(&out));
    let mut h = harness(app);
    other_formats(&mut h, "Export draw.io…");
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.starts_with("<mxfile"), "{text}");
    assert_eq!(text.matches("vertex=\"1\"").count(), project.nodes.len());
    assert!(copied(&mut h, "Copy as Mermaid").is_some_and(|t| t.starts_with("flowchart LR\n")));
    assert!(copied(&mut h, "Copy as DOT").is_some_and(|t| t.starts_with("digraph ") && t.contains("pos=")));
}

#[test]
fn the_export_window_embeds_the_project_unless_unticked() {
    let dir = tempfile::tempdir().unwrap();
    let (with, without) = (dir.path().join("with.svg"), dir.path().join("without.svg"));
    let project = templates::find("gold-trade").unwrap().project();
    let dialogs = PresetDialogs::new().then_save(&with).then_save(&without);
    let mut h = harness(app_with(project.clone(), dialogs));
    for (unticked, path) in [(false, &with), (true, &without)] {
        click(&mut h, "File");
        h.get_by_label_contains("Export SVG…").click();
        h.run();
        if unticked {
            click(&mut h, "Embed the project in the file");
        }
        click(&mut h, "Export…");
        let started = std::time::Instant::now();
        while h.state().is_exporting() {
            assert!(started.elapsed().as_secs() < 120, "the export did not finish");
            std::thread::sleep(std::time::Duration::from_millis(10));
            h.step();
        }
        h.run();
        assert!(path.exists(), "{}", path.display());
    }
    assert_eq!(dlt_modeller::file::load(&with).unwrap().project, project);
    let e = dlt_modeller::file::load(&without).unwrap_err();
    assert!(e.message.contains("holds no dlt-modeller project"), "{e}");
}
