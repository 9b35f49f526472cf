//! File › Export PNG…, Export SVG… and Copy diagram as image, driven headlessly through the real
//! `App` with preset file dialogs: the options window, the export on its worker thread (frames
//! keep coming while it runs), the file it writes, the status bar, Cancel and failures.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use dlt_modeller::app::{App, PresetDialogs};
use dlt_modeller::export::{self, PageOptions, PngOptions, PngSize, Scope};
use dlt_modeller::model::Project;
use egui::{Event, Key, Modifiers, OutputCommand};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::common::fixtures::gold;
use crate::common::{add_to_selection, app_with, click, harness, menu};

/// The longest an export in these tests may take (debug build, shared machine).
const PATIENCE: Duration = Duration::from_secs(120);

/// Steps frames until the export under way has finished, calling `each_frame` after every one;
/// fails after [`PATIENCE`].
fn finish_export(h: &mut Harness<'_, App>, mut each_frame: impl FnMut(&Harness<'_, App>)) {
    let started = Instant::now();
    while h.state().is_exporting() {
        assert!(started.elapsed() < PATIENCE, "the export did not finish");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
        each_frame(h);
    }
    h.run();
}

/// The width and height in a PNG file's header.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{} is a PNG", path.display());
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

fn planned(project: &Project, scope: Scope, scale: f32) -> PngSize {
    let options = PngOptions {
        page: PageOptions {
            scope,
            ..PageOptions::default()
        },
        scale,
    };
    export::plan_png(project, &options).unwrap()
}

fn is_disabled(h: &Harness<'_, App>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().is_disabled()
}

#[test]
fn a_png_export_writes_the_image_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("gold.png"), dir.path().join("again.png"));
    let dialogs = PresetDialogs::new()
        .then_save(dir.path().join("gold"))
        .then_save(&second);
    let mut h = harness(app_with(gold(), dialogs));

    menu(&mut h, "File", "Export PNG…");
    assert!(h.query_by_label("Export PNG").is_some(), "the options window");
    assert!(is_disabled(&h, "Selection"), "nothing is selected");
    click(&mut h, "2×");
    let size = planned(&gold(), Scope::Whole, 2.0);
    let announced = format!("{} × {} px", size.width, size.height);
    assert!(
        h.query_by_label(&announced).is_some(),
        "the window announces {announced}"
    );
    click(&mut h, "Export…");
    assert!(h.query_by_label("Export PNG").is_none(), "the options window closed");
    finish_export(&mut h, |_| {});

    assert_eq!(png_size(&first), (size.width, size.height), "2×, and .png was added");
    let status = h.state().status_message();
    assert!(status.starts_with("Exported PNG to "), "{status}");
    assert!(status.contains(&first.display().to_string()), "{status}");
    assert!(status.contains(&announced), "{status}");

    // The options are remembered: Ctrl+E and Export… give the same 2× image.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    click(&mut h, "Export…");
    finish_export(&mut h, |_| {});
    assert_eq!(png_size(&second), (size.width, size.height));
}

#[test]
fn an_svg_export_writes_a_drawing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.svg");
    let mut h = harness(app_with(gold(), PresetDialogs::new().then_save(&path)));
    menu(&mut h, "File", "Export SVG…");
    assert!(h.query_by_label("Export SVG").is_some());
    assert!(h.query_by_label("2×").is_none(), "an SVG has no scale");
    click(&mut h, "Export…");
    finish_export(&mut h, |_| {});
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("<svg") && svg.trim_end().ends_with("</svg>"), "{svg}");
    assert!(svg.contains("Refiner"), "labels stay text");
    let status = h.state().status_message();
    assert_eq!(status, format!("Exported SVG to {}.", path.display()));
}

#[test]
fn the_selection_scope_exports_only_the_selected_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.png");
    let mut h = harness(app_with(gold(), PresetDialogs::new().then_save(&path)));
    click(&mut h, "Mine");
    add_to_selection(&mut h, "Refiner");
    assert_eq!(h.state().selection().len(), 2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert!(!is_disabled(&h, "Selection"));
    click(&mut h, "Selection");
    click(&mut h, "Export…");
    finish_export(&mut h, |_| {});
    let ids: BTreeSet<String> = ["a-mine".into(), "a-refiner".into()].into();
    let part = planned(&gold(), Scope::Selection(ids), 1.0);
    let whole = planned(&gold(), Scope::Whole, 1.0);
    assert_eq!(png_size(&path), (part.width, part.height));
    assert!(part.height < whole.height, "{part:?} {whole:?}");
}

#[test]
fn the_current_view_exports_what_the_canvas_shows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("view.png");
    let mut h = harness(app_with(gold(), PresetDialogs::new().then_save(&path)));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    click(&mut h, "Current view");
    click(&mut h, "3×");
    click(&mut h, "Export…");
    finish_export(&mut h, |_| {});
    // The canvas is the window (1400 × 900) less the outline, side panel, menus and status bar.
    let (width, height) = png_size(&path);
    assert!((3 * 500..3 * 1000).contains(&width), "{width}");
    assert!((3 * 600..3 * 850).contains(&height), "{height}");
}

#[test]
fn copy_diagram_as_image_puts_a_2x_picture_on_the_clipboard() {
    let mut h = harness(app_with(gold(), PresetDialogs::new()));
    menu(&mut h, "File", "Copy diagram as image");
    let mut copied = None;
    finish_export(&mut h, |h| {
        for command in &h.output().platform_output.commands {
            if let OutputCommand::CopyImage(image) = command {
                copied = Some(image.size);
            }
        }
    });
    let size = planned(&gold(), Scope::Whole, 2.0);
    let expected = [size.width as usize, size.height as usize];
    assert_eq!(copied, Some(expected));
    let status = h.state().status_message();
    assert!(status.starts_with("Copied the diagram to the clipboard"), "{status}");
}

#[test]
fn cancelling_a_large_export_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.png");
    let mut h = harness(app_with(
        dlt_modeller::generate::generate(10_000, 1),
        PresetDialogs::new().then_save(&path),
    ));
    menu(&mut h, "File", "Export PNG…");
    click(&mut h, "Export…");
    assert!(h.state().is_exporting());
    assert!(h.query_by_label("Exporting PNG").is_some(), "a progress window");
    assert!(h.state().status_message().starts_with("Exporting PNG"));
    // The editor keeps drawing frames while the worker runs.
    for _ in 0..3 {
        h.step();
    }
    // One export at a time: the menu items are greyed out and their keys say why.
    click(&mut h, "File");
    for item in ["Export PNG…", "Export SVG…", "Copy diagram as image"] {
        let disabled = h.get_by_label_contains(item).accesskit_node().is_disabled();
        assert!(disabled, "{item}");
    }
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    h.run();
    assert!(h.state().status_message().starts_with("An export is under way"));
    click(&mut h, "Cancel");
    finish_export(&mut h, |_| {});
    assert_eq!(h.state().status_message(), "Export cancelled.");
    assert!(h.state().error().is_none());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing written, no temporary file left: {left:?}");
}

#[test]
fn a_failed_export_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("no-such-folder").join("gold.png");
    let mut h = harness(app_with(gold(), PresetDialogs::new().then_save(&nowhere)));
    menu(&mut h, "File", "Export PNG…");
    click(&mut h, "Export…");
    finish_export(&mut h, |_| {});
    let (title, detail) = h.state().error().expect("an error window");
    assert_eq!(title, "Could not export the diagram");
    assert!(detail.contains("no-such-folder"), "{detail}");
    assert_eq!(h.state().status_message(), "The diagram was not exported.");
}

#[test]
fn without_a_system_file_dialog_the_export_asks_for_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed.svg");
    let mut h = harness(app_with(gold(), PresetDialogs::missing()));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    h.run();
    click(&mut h, "Export…");
    assert!(h.query_by_label("Export the diagram as SVG").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.event(Event::Text(path.display().to_string()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    finish_export(&mut h, |_| {});
    assert!(std::fs::read_to_string(&path).unwrap().contains("<svg"));
}

#[test]
fn the_step_list_checkbox_adds_the_list_and_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("steps.png"), dir.path().join("again.png"));
    let dialogs = PresetDialogs::new().then_save(&first).then_save(&second);
    let mut h = harness(app_with(gold(), dialogs));
    menu(&mut h, "File", "Export PNG…");
    let plain = planned(&gold(), Scope::Whole, 1.0);
    let listed = export::plan_png(
        &gold(),
        &PngOptions {
            page: PageOptions {
                steps: true,
                ..PageOptions::default()
            },
            scale: 1.0,
        },
    )
    .unwrap();
    assert!(listed.height > plain.height + 40, "{listed:?} {plain:?}");
    let announced = |size: PngSize| format!("{} × {} px", size.width, size.height);
    assert!(h.query_by_label(&announced(plain)).is_some());
    click(&mut h, "Step list under the diagram");
    assert!(
        h.query_by_label(&announced(listed)).is_some(),
        "the window announces the taller page"
    );
    click(&mut h, "Export…");
    finish_export(&mut h, |_| {});
    assert_eq!(png_size(&first), (listed.width, listed.height));

    // Still ticked the next time.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert!(h.query_by_label(&announced(listed)).is_some());
    click(&mut h, "Export…");
    finish_export(&mut h, |_| {});
    assert_eq!(png_size(&second), (listed.width, listed.height));
}
