//! Fonts in the editor, driven headlessly (no window, no system fonts: the editor's tests search
//! none): a project with names in scripts no font draws gets a notice naming them, once, in the
//! status bar and over the canvas until dismissed (again when a project is opened), and
//! View › Fonts… adds a font file, after which its script is drawn and the notice is not given
//! again, the clipboard image is the PNG export's picture with those fonts, and the PDF report
//! says how many characters it prints as "?". The active font set belongs to the process, so
//! this is one test in a file of its own.

use std::path::{Path, PathBuf};

use dlt_modeller::app::{App, PresetDialogs, Seams};
use dlt_modeller::diagram::fonts::{self, Fallback, FontSet};
use dlt_modeller::export::{self, PageOptions, PngOptions};
use dlt_modeller::file;
use egui::{ColorImage, OutputCommand};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::time::{Duration, Instant};

#[path = "common/editor.rs"]
mod editor;
use editor::click;

fn scripts_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripts.ron")
}

/// Where File › Export report (PDF)… writes.
fn report_path() -> PathBuf {
    std::env::temp_dir().join(format!("dlt-modeller-app-fonts-{}.pdf", std::process::id()))
}

/// The editor on the six-script project, drawing boxes for what no font has (what the test is
/// about) instead of failing on them as the other editor tests do.
fn harness() -> Harness<'static, App> {
    let app = App::new_for_test(
        file::load(&scripts_path()).unwrap().project,
        Seams::preset(PresetDialogs::new().then_open(scripts_path()).then_save(report_path())),
    );
    let mut h = editor::build(app, |builder| builder.allow_missing_glyphs());
    h.run();
    h
}

#[test]
fn scripts_without_a_font_are_noticed_and_a_font_added_in_view_fonts_draws_them() {
    let mut h = harness();
    let all = "No font for: Arabic (4 names), Chinese (3 names), Hebrew (1 name), Japanese (1 name). \
               Install a Noto font or add one in View › Fonts…";
    assert_eq!(h.state().status_message(), all);
    assert!(fonts::active().is_empty());
    // The same notice over the canvas, until dismissed.
    assert_eq!(h.state().font_notice(), Some(all));
    assert!(h.query_by_label("Names drawn as boxes").is_some());
    assert_eq!(
        h.query_all_by_label(all).count(),
        2,
        "on the canvas and in the status bar"
    );
    click(&mut h, "Dismiss");
    assert!(h.query_by_label("Names drawn as boxes").is_none());
    assert_eq!(h.state().font_notice(), None);
    assert_eq!(h.query_all_by_label(all).count(), 1, "the status bar keeps it");

    click(&mut h, "View");
    click(&mut h, "Fonts…");
    let arabic = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts/arabic-subset.ttf");
    h.get_by_label("Font file").focus();
    h.run();
    h.get_by_label("Font file").type_text(arabic.to_str().unwrap());
    h.run();
    click(&mut h, "Add font");
    h.run();
    let active = fonts::active();
    assert_eq!(active.fallbacks().len(), 1);
    // What `export --font arabic-subset.ttf --no-system-fonts` chooses for the same project.
    let project = file::load(&scripts_path()).unwrap().project;
    let explicit = vec![Fallback::load(&arabic, 0).unwrap()];
    assert_eq!(
        *active,
        FontSet::for_chars(&fonts::project_chars(&project), explicit, false)
    );
    assert!(active.draws('ب') && !active.draws('区'));
    // The window now names only the scripts still without a font.
    assert!(h.query_by_label_contains("Arabic (").is_none());
    assert!(h.query_by_label_contains("Chinese (3 names").is_some());
    // Nothing new to notice: the status bar does not repeat the notice.
    assert!(
        !h.state().status_message().starts_with("No font for"),
        "{}",
        h.state().status_message()
    );

    // Opening a project shows the notice again, naming the scripts still without a font.
    click(&mut h, "Close window");
    click(&mut h, "File");
    h.get_by_label_contains("Open…").click();
    h.run();
    assert_eq!(
        h.state().font_notice(),
        Some(
            "No font for: Chinese (3 names), Hebrew (1 name), Japanese (1 name). \
             Install a Noto font or add one in View › Fonts…"
        )
    );
    // Its button opens View › Fonts… and puts the notice away.
    click(&mut h, "Choose fonts…");
    assert!(h.query_by_label("Names drawn as boxes").is_none());
    assert!(h.query_by_label("Font file").is_some());
    click(&mut h, "Close window");

    // The clipboard image is the PNG export's picture, pixel for pixel, with the same fonts.
    assert!(fonts::active().draws('ب'));
    click(&mut h, "File");
    h.get_by_label_contains("Copy diagram as image").click();
    h.run();
    let mut copied = None;
    let started = Instant::now();
    while h.state().is_exporting() {
        assert!(started.elapsed() < Duration::from_secs(60), "the copy did not finish");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
        for command in &h.output().platform_output.commands {
            if let OutputCommand::CopyImage(image) = command {
                copied = Some(image.clone());
            }
        }
    }
    let options = PngOptions {
        page: PageOptions::default(),
        scale: 2.0,
    };
    let exported = export::export_png(&project, &options, &|_| true).unwrap();
    let size = [exported.width() as usize, exported.height() as usize];
    assert_eq!(
        copied,
        Some(ColorImage::from_rgba_unmultiplied(size, exported.as_raw()))
    );

    // The PDF report prints what no font has as "?", and says so.
    click(&mut h, "File");
    h.get_by_label_contains("Export report (PDF)").click();
    h.run();
    let status = h.state().status_message().to_owned();
    let written = std::fs::read(report_path());
    let _ = std::fs::remove_file(report_path());
    assert!(written.is_ok_and(|b| b.starts_with(b"%PDF-")), "{status}");
    assert!(
        status.ends_with("characters have no font and are printed as “?” (View › Fonts…)"),
        "{status}"
    );
}
