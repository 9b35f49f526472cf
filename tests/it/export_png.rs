//! PNG export without a GPU: golden images of three samples at 1× and 2×, the exact image size,
//! transparency, themes, the selection, cancelling, streamed files holding the same pixels as
//! images in memory, and the extremes (an empty project, a 1,000-node one over the in-memory
//! limit and a 10,000-node one), and names in six scripts drawn with the test fonts.
//!
//! Golden images live in `tests/golden/png/`. `UPDATE_GOLDEN=1 cargo test --test it export_png::`
//! rewrites them; a mismatch leaves `NAME.new.png` (what was drawn) and `NAME.diff.png` (the
//! differing pixels in red) beside the golden file for inspection.

use std::cell::Cell;
use std::path::PathBuf;

use dlt_modeller::diagram::{self, Style};
use dlt_modeller::export::{
    self, ExportError, MARGIN, MAX_FILE_PIXELS, MAX_FILE_SIDE, MAX_PIXELS, MAX_SIDE, PageOptions, PngOptions, Scope,
    export_png, plan_image, plan_png,
};
use dlt_modeller::model::Project;
use dlt_modeller::{generate, templates};
use egui::Theme;
use image::{Rgba, RgbaImage};

/// Largest difference allowed in a channel, and the share of pixels that must be within it.
const TOLERANCE: u8 = 2;
const SHARE_WITHIN: f64 = 0.999;

fn sample(key: &str) -> Project {
    templates::find(key)
        .unwrap_or_else(|| panic!("no sample {key}"))
        .project()
}

fn png(project: &Project, options: &PngOptions) -> RgbaImage {
    export_png(project, options, &|_| true).unwrap_or_else(|e| panic!("export failed: {e}"))
}

fn at_scale(scale: f32) -> PngOptions {
    PngOptions {
        scale,
        ..PngOptions::default()
    }
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/png")
        .join(format!("{name}.png"))
}

/// Pixels differing by more than the tolerance in some channel, painted red on a faded copy.
fn differences(actual: &RgbaImage, expected: &RgbaImage) -> (usize, RgbaImage) {
    let mut diff = RgbaImage::new(actual.width(), actual.height());
    let mut count = 0;
    for ((x, y, a), e) in actual.enumerate_pixels().zip(expected.pixels()) {
        let off = a.0.iter().zip(e.0).any(|(a, e)| a.abs_diff(e) > TOLERANCE);
        count += usize::from(off);
        let faded = Rgba([a.0[0] / 4 + 190, a.0[1] / 4 + 190, a.0[2] / 4 + 190, 255]);
        diff.put_pixel(x, y, if off { Rgba([255, 0, 0, 255]) } else { faded });
    }
    (count, diff)
}

fn check_golden(name: &str, actual: &RgbaImage) {
    let path = golden_path(name);
    let (new, diff) = (path.with_extension("new.png"), path.with_extension("diff.png"));
    // Leftovers of an earlier failure would only mislead.
    let _ = (std::fs::remove_file(&new), std::fs::remove_file(&diff));
    let mismatch = match image::open(&path).map(|i| i.to_rgba8()) {
        Err(e) => Some(format!("cannot read {}: {e}", path.display())),
        Ok(expected) if expected.dimensions() != actual.dimensions() => Some(format!(
            "size {:?}, golden {:?}",
            actual.dimensions(),
            expected.dimensions()
        )),
        Ok(expected) => {
            let (count, marked) = differences(actual, &expected);
            let total = u64::from(actual.width()) * u64::from(actual.height());
            (count as f64 > total as f64 * (1.0 - SHARE_WITHIN)).then(|| {
                marked.save(&diff).unwrap();
                format!("{count} of {total} pixels differ by more than {TOLERANCE}/255")
            })
        }
    };
    let Some(why) = mismatch else { return };
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    actual.save(&new).unwrap();
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        actual.save(&path).unwrap();
        eprintln!("updated {} ({why})", path.display());
    } else {
        panic!(
            "{name}: {why}; see {} — if the change is intended, run UPDATE_GOLDEN=1 cargo test --test it export_png::",
            new.display()
        );
    }
}

#[test]
fn samples_match_their_golden_images_at_1x_and_2x() {
    for key in ["gold-trade", "food-traceability", "identity-integrity"] {
        let project = sample(key);
        assert!(project.nodes.len() >= 5, "{key} has real content");
        for scale in [1, 2] {
            check_golden(&format!("{key}@{scale}x"), &png(&project, &at_scale(scale as f32)));
        }
    }
}

#[test]
fn the_image_is_the_diagram_bounds_plus_margins_times_the_scale() {
    let project = sample("gold-trade");
    let bounds = diagram::bounds(&project).unwrap();
    for scale in [1.0, 1.5, 2.0, 3.0] {
        let image = png(&project, &at_scale(scale));
        let expected_width = ((bounds.width() + 2.0 * MARGIN) * scale).ceil() as u32;
        let expected_height = ((bounds.height() + 2.0 * MARGIN) * scale).ceil() as u32;
        assert_eq!(image.dimensions(), (expected_width, expected_height), "at {scale}×");
        let planned = plan_png(&project, &at_scale(scale)).unwrap();
        assert_eq!(
            (planned.width, planned.height, planned.scale),
            (expected_width, expected_height, scale)
        );
    }
}

#[test]
fn the_background_follows_the_theme_or_is_transparent() {
    let project = sample("food-traceability");
    let options = |theme, transparent| PngOptions {
        page: PageOptions {
            theme,
            transparent,
            ..PageOptions::default()
        },
        scale: 1.0,
    };
    let corners = |img: &RgbaImage| {
        let (w, h) = (img.width() - 1, img.height() - 1);
        [(0, 0), (w, 0), (0, h), (w, h)].map(|(x, y)| img.get_pixel(x, y).0)
    };
    let light = png(&project, &options(Theme::Light, false));
    assert_eq!(corners(&light), [Style::light().background.to_array(); 4]);
    let dark = png(&project, &options(Theme::Dark, false));
    assert_eq!(corners(&dark), [Style::dark().background.to_array(); 4]);
    let clear = png(&project, &options(Theme::Light, true));
    assert!(corners(&clear).iter().all(|px| px[3] == 0), "{:?}", corners(&clear));
    // The diagram itself is still there, and opaque where nodes are filled.
    assert!(clear.pixels().filter(|p| p.0[3] == 255).count() > clear.len() / 4 / 20);
}

#[test]
fn the_title_block_adds_a_title_and_legend_above_the_diagram() {
    let project = sample("gold-trade");
    let plain = png(&project, &at_scale(1.0));
    let options = PngOptions {
        page: PageOptions {
            title_block: true,
            ..PageOptions::default()
        },
        scale: 1.0,
    };
    let titled = png(&project, &options);
    assert_eq!(titled.width(), plain.width());
    let extra = titled.height() - plain.height();
    assert!((60..120).contains(&extra), "{extra}");
    // The block holds ink (title text, legend samples); the bottom of both images is the same.
    let background = Style::light().background.to_array();
    let block_ink = (0..titled.width())
        .flat_map(|x| (0..extra).map(move |y| (x, y)))
        .filter(|&(x, y)| titled.get_pixel(x, y).0 != background)
        .count();
    assert!(block_ink > 500, "{block_ink}");
    let (w, h) = plain.dimensions();
    assert_eq!(titled.get_pixel(w / 2, h - 1 + extra), plain.get_pixel(w / 2, h - 1));
}

#[test]
fn a_selection_exports_only_its_part() {
    let project = sample("identity-integrity");
    let whole = png(&project, &at_scale(1.0));
    let first: Vec<String> = project.nodes.keys().take(2).cloned().collect();
    let options = PngOptions {
        page: PageOptions {
            scope: Scope::Selection(first.into_iter().collect()),
            ..PageOptions::default()
        },
        scale: 1.0,
    };
    let part = png(&project, &options);
    assert!(
        part.len() < whole.len(),
        "{:?} vs {:?}",
        part.dimensions(),
        whole.dimensions()
    );
    let nothing = PngOptions {
        page: PageOptions {
            scope: Scope::Selection(["no-such-node".to_string()].into()),
            ..PageOptions::default()
        },
        scale: 1.0,
    };
    assert!(matches!(
        export_png(&project, &nothing, &|_| true),
        Err(ExportError::EmptySelection)
    ));
}

#[test]
fn the_view_scope_exports_what_the_canvas_shows() {
    let project = sample("gold-trade");
    let view = diagram::View {
        origin: egui::pos2(300.0, 200.0),
        zoom: 0.5,
    };
    let options = PngOptions {
        page: PageOptions {
            scope: Scope::View {
                view,
                size: egui::vec2(800.0, 600.0),
            },
            ..PageOptions::default()
        },
        scale: 2.0,
    };
    assert_eq!(png(&project, &options).dimensions(), (1600, 1200));
}

#[test]
fn an_empty_project_exports_a_small_blank_page() {
    let empty = Project::new("Nothing yet");
    let image = png(&empty, &at_scale(2.0));
    let side = (2.0 * MARGIN * 2.0) as u32;
    assert_eq!(image.dimensions(), (side, side));
    assert!(image.pixels().all(|p| p.0 == Style::light().background.to_array()));
    let titled = PngOptions {
        page: PageOptions {
            title_block: true,
            ..PageOptions::default()
        },
        scale: 1.0,
    };
    let with_title = png(&empty, &titled);
    assert!(
        with_title.width() > 200 && with_title.height() > 100,
        "{:?}",
        with_title.dimensions()
    );
}

#[test]
fn ten_thousand_nodes_export_within_the_size_limits() {
    let project = generate::generate(10_000, 1);
    let options = at_scale(1.0);
    let plan = plan_image(&project, &options).unwrap();
    assert!(
        plan.scale < 1.0,
        "a 10,000-node diagram is larger than the limits at 1×: {plan:?}"
    );
    assert!(plan.width <= MAX_SIDE && plan.height <= MAX_SIDE);
    assert!(u64::from(plan.width) * u64::from(plan.height) <= MAX_PIXELS);
    let reported = Cell::new(0.0f32);
    let image = export_png(&project, &options, &|f| {
        reported.set(reported.get().max(f));
        true
    })
    .unwrap();
    assert_eq!(image.dimensions(), (plan.width, plan.height));
    assert!(reported.get() > 0.4, "progress was reported: {}", reported.get());
    // Nodes are drawn all over the page, not just in one corner.
    let actor_fill = Style::light().actor.fill.to_array();
    let quarter = |qx: u32, qy: u32| {
        let (w, h) = (image.width() / 2, image.height() / 2);
        (0..w).step_by(3).any(|x| {
            (0..h)
                .step_by(3)
                .any(|y| image.get_pixel(qx * w + x, qy * h + y).0 == actor_fill)
        })
    };
    assert!(quarter(0, 0) && quarter(1, 0) && quarter(0, 1) && quarter(1, 1));
}

#[test]
fn returning_false_from_progress_cancels_the_export() {
    let project = sample("gold-trade");
    let result = export_png(&project, &at_scale(2.0), &|f| f < 0.2);
    assert!(matches!(result, Err(ExportError::Cancelled)), "{result:?}");
    assert!(matches!(
        export_png(&project, &at_scale(2.0), &|_| false),
        Err(ExportError::Cancelled)
    ));
}

#[test]
fn png_files_are_written_whole_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.png");
    let project = sample("gold-trade");
    let size = export::write_png(&path, &project, &at_scale(1.0), &|_| true).unwrap();
    let back = image::open(&path).unwrap().to_rgba8();
    assert_eq!(back.dimensions(), (size.width, size.height));
    assert_eq!(back, png(&project, &at_scale(1.0)));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file is left"
    );
    let missing = dir.path().join("no/such/folder/x.png");
    let e = export::write_png(&missing, &project, &at_scale(1.0), &|_| true).unwrap_err();
    assert!(e.to_string().contains("x.png"), "{e}");
}

#[test]
fn streamed_files_hold_exactly_the_pixels_of_the_image_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("streamed.png");
    let dark_and_clear = PageOptions {
        theme: Theme::Dark,
        transparent: true,
        title_block: true,
        ..PageOptions::default()
    };
    for (key, page, scale) in [
        ("food-traceability", PageOptions::default(), 2.0),
        ("identity-integrity", dark_and_clear, 1.5),
    ] {
        let options = PngOptions { page, scale };
        let size = export::write_png(&path, &sample(key), &options, &|_| true).unwrap();
        let file = image::open(&path).unwrap().to_rgba8();
        let image = png(&sample(key), &options);
        assert_eq!(file.dimensions(), (size.width, size.height), "{key}");
        assert!(file == image, "{key}: the file's pixels differ from the image's");
        assert_eq!(
            export::png_bytes(&image)
                .map(|b| image::load_from_memory(&b).unwrap().to_rgba8())
                .unwrap(),
            image
        );
    }
}

#[test]
fn a_file_over_the_in_memory_limit_is_written_at_the_requested_scale() {
    let project = generate::generate(800, 1);
    let options = at_scale(2.0);
    let in_memory = plan_image(&project, &options).unwrap();
    assert!(in_memory.scale < 2.0, "the image in memory is reduced: {in_memory:?}");
    let planned = plan_png(&project, &options).unwrap();
    assert_eq!(planned.scale, 2.0);
    let pixels = u64::from(planned.width) * u64::from(planned.height);
    assert!(
        pixels > MAX_PIXELS && pixels <= MAX_FILE_PIXELS && planned.width > MAX_SIDE && planned.width <= MAX_FILE_SIDE,
        "{planned:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("1k.png");
    let size = export::write_png(&path, &project, &options, &|_| true).unwrap();
    assert_eq!(size, planned);
    // Reading the header is enough: decoding 750 MB of pixels would only slow the test down.
    assert_eq!(image::image_dimensions(&path).unwrap(), (size.width, size.height));
}

#[test]
fn cancelling_a_streamed_file_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample("gold-trade");
    let (old, new) = (dir.path().join("old.png"), dir.path().join("new.png"));
    std::fs::write(&old, b"the previous export").unwrap();
    // Cancelled half-way through the rows (the file is being written), or at once.
    let halfway = |f: f32| f < 0.5;
    let at_once = |_: f32| false;
    for (path, progress) in [
        (&old, &halfway as &dyn Fn(f32) -> bool),
        (&new, &halfway),
        (&new, &at_once),
    ] {
        let result = export::write_png(path, &project, &at_scale(2.0), progress);
        assert!(matches!(result, Err(ExportError::Cancelled)), "{result:?}");
    }
    assert_eq!(std::fs::read(&old).unwrap(), b"the previous export");
    assert!(!new.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file is left"
    );
}

#[test]
fn out_of_range_scales_are_refused() {
    for scale in [0.0, 0.99, 4.01, f32::NAN] {
        let e = export_png(&sample("gold-trade"), &at_scale(scale), &|_| true).unwrap_err();
        assert!(matches!(e, ExportError::Scale(_)), "{e:?}");
    }
}

#[test]
fn names_in_six_scripts_match_their_golden_image_with_the_test_fonts() {
    // Drawn by the command line, a process of its own, so the test fonts stay out of this one.
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("scripts.png");
    let mut export = std::process::Command::new(env!("CARGO_BIN_EXE_dlt-modeller"));
    export
        .arg("export")
        .arg(fixtures.join("scripts.ron"))
        .arg("--png")
        .arg(&out)
        .args(["--title", "--steps", "--scale", "2", "--no-system-fonts"]);
    for font in ["cjk-subset.ttf", "arabic-subset.ttf", "hebrew-subset.ttf"] {
        export.arg("--font").arg(fixtures.join("fonts").join(font));
    }
    let done = export.output().unwrap();
    assert!(done.status.success() && done.stderr.is_empty(), "{done:?}");
    check_golden("scripts@2x", &image::open(&out).unwrap().to_rgba8());
}
