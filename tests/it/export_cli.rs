//! `dlt-modeller export`: files written with the asked-for options, exit codes and messages as
//! for `check` (0 written, 2 unreadable input, bad arguments or a failed export).

use std::path::Path;

use dlt_modeller::diagram::Style;
use dlt_modeller::export::{MAX_FILE_PIXELS, MAX_FILE_SIDE};
use dlt_modeller::templates;

use crate::common::cli::{code, run, sample, text};

#[test]
fn png_and_svg_are_written_together() {
    let dir = tempfile::tempdir().unwrap();
    let (png, svg) = (dir.path().join("d.png"), dir.path().join("d.svg"));
    let o = run(&[
        "export",
        &sample("gold-trade"),
        "--png",
        png.to_str().unwrap(),
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let image = image::open(&png).unwrap().to_rgba8();
    assert!(
        text(&o).contains(&format!("({} × {} px)", image.width(), image.height())),
        "{}",
        text(&o)
    );
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg "));
}

#[test]
fn scale_theme_transparency_and_title_are_applied() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let file = sample("food-traceability");
    assert_eq!(code(&run(&["export", &file, "--png", &out("1.png")])), 0);
    let o = run(&[
        "export",
        &file,
        "--png",
        &out("2.png"),
        "--scale",
        "2",
        "--theme",
        "dark",
        "--title",
    ]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert_eq!(
        code(&run(&["export", &file, "--png", &out("t.png"), "--transparent"])),
        0
    );
    let load = |name: &str| image::open(out(name)).unwrap().to_rgba8();
    let (one, two, clear) = (load("1.png"), load("2.png"), load("t.png"));
    assert!(
        two.width().abs_diff(2 * one.width()) <= 1,
        "{} vs 2 × {}",
        two.width(),
        one.width()
    );
    assert!(two.height() > one.height() * 2, "the title block adds height");
    assert_eq!(two.get_pixel(0, 0).0, Style::dark().background.to_array());
    assert_eq!(clear.get_pixel(0, 0).0[3], 0);
}

#[test]
fn bad_input_and_bad_arguments_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("x.png").to_string_lossy().into_owned();
    let missing = dir.path().join("missing.ron").to_string_lossy().into_owned();
    let o = run(&["export", &missing, "--png", &png]);
    assert_eq!(code(&o), 2);
    assert!(text(&o).contains("missing.ron"), "{}", text(&o));
    assert!(!Path::new(&png).exists());

    let o = run(&["export", &sample("gold-trade")]);
    assert_eq!(code(&o), 2, "one of --png or --svg is required: {}", text(&o));
    for scale in ["0.5", "5", "big"] {
        let o = run(&["export", &sample("gold-trade"), "--png", &png, "--scale", scale]);
        assert_eq!(code(&o), 2, "--scale {scale}: {}", text(&o));
        assert!(text(&o).contains("from 1 to 4"), "{}", text(&o));
    }
    let o = run(&["export", &sample("gold-trade"), "--png", &png, "--theme", "sepia"]);
    assert_eq!(code(&o), 2);

    let unwritable = dir.path().join("no/such/dir/x.svg").to_string_lossy().into_owned();
    let o = run(&["export", &sample("gold-trade"), "--svg", &unwritable]);
    assert_eq!(code(&o), 2);
    assert!(
        text(&o).contains("cannot write") && text(&o).contains("x.svg"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_diagram_too_large_for_the_scale_is_drawn_smaller_with_a_note() {
    // One node moved 30,000 points to the right: at 4× the page would be over 120,000 px wide.
    let mut project = templates::find("gold-trade").unwrap().project();
    let node = project.nodes.values_mut().next().unwrap();
    node.position.x += 30_000.0;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wide.ron");
    dlt_modeller::file::save(&file, &project).unwrap();
    let png = dir.path().join("wide.png");
    let o = run(&[
        "export",
        file.to_str().unwrap(),
        "--png",
        png.to_str().unwrap(),
        "--scale",
        "4",
    ]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(
        text(&o).contains("note: drawn at 1.0") && text(&o).contains("instead of 4×") && text(&o).contains("32768 px"),
        "{}",
        text(&o)
    );
    let (w, h) = image::image_dimensions(&png).unwrap();
    assert!(
        w == MAX_FILE_SIDE && u64::from(w) * u64::from(h) <= MAX_FILE_PIXELS,
        "{w} × {h}"
    );
}

#[test]
fn steps_add_the_step_list_under_the_diagram_in_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let file = sample("gold-trade");
    let o = run(&["export", &file, "--png", &out("plain.png"), "--svg", &out("plain.svg")]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let o = run(&[
        "export",
        &file,
        "--png",
        &out("steps.png"),
        "--svg",
        &out("steps.svg"),
        "--steps",
    ]);
    assert_eq!(code(&o), 0, "{}", text(&o));

    let load = |name: &str| image::open(out(name)).unwrap().to_rgba8();
    let (plain, steps) = (load("plain.png"), load("steps.png"));
    let project = templates::find("gold-trade").unwrap().project();
    let rows = project.flows.len() as u32 + 1;
    assert!(
        steps.height() > plain.height() + 14 * rows,
        "{} vs {}",
        steps.height(),
        plain.height()
    );
    // The diagram is drawn as before, and there is text (dark ink) under it.
    let same = (0..plain.height()).all(|y| (0..plain.width()).all(|x| plain.get_pixel(x, y) == steps.get_pixel(x, y)));
    assert!(same, "the diagram above the list is unchanged");
    let ink_rows = (plain.height()..steps.height())
        .filter(|&y| (0..steps.width()).any(|x| steps.get_pixel(x, y).0[0] < 100))
        .count() as u32;
    assert!(ink_rows > 8 * rows, "{ink_rows} rows with text under the diagram");

    let svg = std::fs::read_to_string(out("steps.svg")).unwrap();
    let plain_svg = std::fs::read_to_string(out("plain.svg")).unwrap();
    for flow in project.flows.values() {
        let word = flow.action.split_whitespace().next().unwrap();
        assert!(
            svg.matches(word).count() > plain_svg.matches(word).count(),
            "{:?} is listed",
            flow.action
        );
    }
    let heading = ">Action</text>";
    assert!(svg.contains(heading) && !plain_svg.contains(heading));
}
