//! Names in other scripts. With the test fonts (`tests/fixtures/fonts/`: subsets of Droid Sans
//! Fallback and of Noto Sans Arabic and Hebrew) the project of names in six scripts
//! (`tests/fixtures/scripts.ron`) has a glyph for every character egui looks up, right-to-left
//! words are drawn right to left with joined letters, boxes hold what egui draws, the SVG
//! keeps the words as text and the PDF report prints every name with the same fonts; without
//! them the command line warns, naming the scripts and names, and the PDF prints "?".
//!
//! The active font set belongs to the process: every test here that activates fonts activates
//! the same set, and the command line runs as a process of its own. No test reads the
//! machine's fonts (`--no-system-fonts`, and no system search in the library calls).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dlt_modeller::assess::output::pdf::{self, Paper, PdfReport};
use dlt_modeller::assess::{Report, assess};
use dlt_modeller::catalog::Catalog;
use dlt_modeller::diagram::fonts::{self, Fallback, FontSet};
use dlt_modeller::diagram::node_size;
use dlt_modeller::export::{self, PageOptions};
use dlt_modeller::file;
use dlt_modeller::model::Project;
use egui::epaint::text::{Fonts, Glyph, MissingGlyphPolicy, TextOptions};

use egui::{Color32, FontId};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

const FONT_FILES: [&str; 3] = ["cjk-subset.ttf", "arabic-subset.ttf", "hebrew-subset.ttf"];

fn font_paths() -> Vec<PathBuf> {
    FONT_FILES.iter().map(|f| fixtures().join("fonts").join(f)).collect()
}

fn scripts_project() -> Project {
    file::load(&fixtures().join("scripts.ron")).unwrap().project
}

/// Activates the test fonts for the six-script project (as the editor and `export` do).
fn activate() -> Project {
    let project = scripts_project();
    let explicit: Vec<Fallback> = font_paths().iter().map(|p| Fallback::load(p, 0).unwrap()).collect();
    fonts::install(FontSet::for_chars(&fonts::project_chars(&project), explicit, false));
    project
}

/// Every text the diagram draws, in the order egui is given it.
fn drawn_texts(project: &Project) -> Vec<String> {
    let names = project.nodes.values().map(|n| n.name.clone());
    let actions = project.flows.values().map(|f| f.action.clone());
    names
        .chain(actions)
        .chain([project.sheet.title.clone()])
        .map(fonts::into_visual)
        .collect()
}

/// The glyphs egui lays `text` out in, with the active fonts, failing on any missing glyph.
fn glyphs(text: &str) -> Vec<Glyph> {
    let mut fonts =
        Fonts::new(TextOptions::default(), fonts::definitions()).with_missing_glyph_policy(MissingGlyphPolicy::Panic);
    let galley =
        fonts
            .with_pixels_per_point(1.0)
            .layout_no_wrap(text.to_owned(), FontId::proportional(14.0), Color32::BLACK);
    galley.rows.iter().flat_map(|r| r.row.glyphs.clone()).collect()
}

/// Where the glyph drawn for `c` starts.
fn x_of(glyphs: &[Glyph], c: char) -> f32 {
    glyphs
        .iter()
        .find(|g| g.chr == c && !g.uv_rect.is_nothing())
        .unwrap_or_else(|| panic!("no glyph for {c}"))
        .pos
        .x
}

#[test]
fn with_the_test_fonts_every_character_of_six_scripts_has_a_glyph() {
    let project = activate();
    assert!(fonts::missing(&project, &fonts::active()).is_empty());
    // egui's own lookups: a missing glyph panics under this policy.
    let texts = drawn_texts(&project);
    let mut looked_up = 0;
    for text in &texts {
        looked_up += glyphs(text).len();
    }
    assert!(looked_up > 80, "{looked_up}");
    // The same lookups with egui's fonts alone find glyphs missing.
    let mut defaults = Fonts::new(TextOptions::default(), Default::default());
    let mut defaults = defaults.with_pixels_per_point(1.0);
    let missing: BTreeSet<char> = texts
        .iter()
        .flat_map(|t| t.chars())
        .filter(|&c| fonts::needs_glyph(c) && !defaults.has_glyph(&FontId::proportional(14.0), c))
        .collect();
    let scripts: BTreeSet<&str> = missing.iter().map(|&c| fonts::script_of(c)).collect();
    assert_eq!(scripts, BTreeSet::from(["Arabic", "Chinese", "Hebrew", "Japanese"]));
}

#[test]
fn right_to_left_words_are_drawn_right_to_left_with_joined_letters() {
    activate();
    // Hebrew: the first letter of each word on the right, the first word on the right.
    let hebrew = glyphs(&fonts::visual("בנק ישראל"));
    assert!(x_of(&hebrew, 'ב') > x_of(&hebrew, 'ק'));
    assert!(x_of(&hebrew, 'ק') > x_of(&hebrew, 'י'));
    assert!(x_of(&hebrew, 'י') > x_of(&hebrew, 'ל'));
    // Arabic: the same order, and letters in their joined forms (an initial meem is not the
    // isolated one).
    let arabic = glyphs(&fonts::visual("مصفاة الذهب"));
    assert!(x_of(&arabic, 'م') > x_of(&arabic, 'ة'));
    assert!(x_of(&arabic, 'ة') > x_of(&arabic, 'ب'));
    let initial = arabic.iter().find(|g| g.chr == 'م').unwrap().uv_rect;
    let isolated = glyphs("م").iter().find(|g| g.chr == 'م').unwrap().uv_rect;
    assert_ne!(initial.size, isolated.size);
    // Mixed: the Latin word first, the number joins the Arabic run (UAX #9), each run in its own
    // direction.
    let mixed = glyphs(&fonts::visual("Refiner مصفاة 3"));
    assert!(x_of(&mixed, 'R') < x_of(&mixed, '3'));
    assert!(x_of(&mixed, '3') < x_of(&mixed, 'ة'));
    assert!(x_of(&mixed, 'ة') < x_of(&mixed, 'م'));
}

#[test]
fn node_boxes_hold_the_names_egui_draws_with_the_fallback_fonts() {
    let mut project = activate();
    let mut long = project.nodes["japan"].clone();
    long.name = "区块链账本黄金银行中央".to_owned();
    project.nodes.insert("long".into(), long);
    for node in project.nodes.values() {
        let size = node_size(node);
        let drawn = glyphs(&fonts::visual(&node.name));
        let width = drawn.iter().map(|g| g.max_x()).fold(0.0, f32::max);
        assert!(
            width + 48.0 + 10.0 <= size.x,
            "{}: {width} in a box {size:?}",
            node.name
        );
    }
    // Chinese is measured by its font (one em a character: a 220-wide box), no longer guessed at
    // 1.25 em a character (which made it 260 wide).
    assert_eq!(node_size(&project.nodes["long"]).x, 220.0);
}

#[test]
fn the_svg_keeps_each_word_as_text_in_logical_order_with_fallback_fonts_named() {
    let project = activate();
    let svg = export::export_svg(&project, &PageOptions::default()).unwrap();
    for word in [
        "البنك",
        "المركزي",
        "مصفاة",
        "ישראל",
        "בנק",
        "日本語テキスト",
        "区块链 账本",
        "Ελληνικά",
    ] {
        assert!(svg.contains(&format!(">{word}</text>")), "{word} missing in\n{svg}");
    }
    assert!(!svg.contains("كنبلا"), "no reversed word");
    // The Latin part of a mixed name keeps its ligatures' letters ("fi" is one glyph).
    assert!(svg.contains(">Refiner 3 </text>"), "{svg}");
    assert!(svg.contains("'Noto Sans Arabic'") && svg.contains("'Noto Sans CJK SC'"));
}

fn report_of(project: &Project) -> Report {
    assess(project, &Catalog::builtin().with_project(project))
}

/// The names of the fonts a PDF embeds (subset fonts' names carry a six-letter tag: "ABCDEF+Name").
fn embedded_fonts(bytes: &[u8]) -> BTreeSet<String> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    (doc.objects.values())
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile2") || d.has(b"FontFile3"))
        .filter_map(|d| d.get(b"FontName").and_then(lopdf::Object::as_name).ok())
        .map(|n| {
            String::from_utf8_lossy(n)
                .split('+')
                .next_back()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[test]
fn the_pdf_report_prints_every_name_of_six_scripts_with_the_fonts_the_png_uses() {
    let project = activate();
    let written = export::report_pdf(&project, &report_of(&project), Paper::A4).unwrap();
    // Every character of the report (names in the diagram, the step list, the title…) was
    // looked up in the report's fonts and found.
    assert!(written.missing.is_empty(), "{:?}", written.missing);
    let doc = lopdf::Document::load_mem(&written.bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    assert!(text.contains("Refiner"), "{text}");
    let embedded = embedded_fonts(&written.bytes);
    for font in ["DroidSansFallback", "NotoSansArabic-Regular", "NotoSansHebrew-Regular"] {
        assert!(embedded.iter().any(|f| f.starts_with(font)), "{font} in {embedded:?}");
    }
    // The same report without the fallback fonts prints those names as "?", and says which.
    let drawing = export::report_drawing(&project).unwrap();
    let steps = export::step_rows(&project);
    let bare = pdf::pdf(&PdfReport {
        report: &report_of(&project),
        sheet: &project.sheet,
        diagram: Some(&drawing),
        steps: &steps,
        paper: Paper::A4,
        fonts: &[],
    })
    .unwrap();
    let scripts: BTreeSet<&str> = bare.missing.iter().map(|&c| fonts::script_of(c)).collect();
    assert_eq!(scripts, BTreeSet::from(["Arabic", "Chinese", "Hebrew", "Japanese"]));
}

#[test]
fn without_fonts_the_pdf_report_warns_and_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.pdf");
    let project = fixtures().join("scripts.ron");
    let assess = run(&[
        "assess",
        project.to_str().unwrap(),
        "--format",
        "pdf",
        "--no-system-fonts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(matches!(assess.status.code(), Some(0 | 1)), "{}", stderr(&assess));
    let warned = stderr(&assess);
    for script in ["Arabic", "Chinese", "Hebrew", "Japanese"] {
        assert!(
            warned.contains(&format!("no font for {script} (")),
            "{script}: {warned}"
        );
    }
    assert!(lopdf::Document::load(&out).is_ok(), "the PDF is written");
    // With the test fonts the names are printed; a summary in a script none of them has is
    // still said (the diagram's names were all drawn, so only the report's own warning).
    let text = std::fs::read_to_string(&project)
        .unwrap()
        .replace("status: Idea,", "status: Idea,\n            summary: \"한국어 요약\",");
    let korean = dir.path().join("korean.ron");
    std::fs::write(&korean, text).unwrap();
    let mut args = vec![
        "assess",
        korean.to_str().unwrap(),
        "--format",
        "pdf",
        "--no-system-fonts",
        "--out",
        out.to_str().unwrap(),
    ];
    let paths = font_paths();
    for path in &paths {
        args.extend(["--font", path.to_str().unwrap()]);
    }
    let with_fonts = run(&args);
    assert_eq!(
        stderr(&with_fonts).lines().collect::<Vec<_>>(),
        [format!(
            "warning: {}: the report prints characters of Korean as \"?\": no font has them. Install a Noto font \
             or pass --font FILE",
            korean.display()
        )]
    );
    let embedded = embedded_fonts(&std::fs::read(&out).unwrap());
    assert!(embedded.iter().any(|f| f.starts_with("NotoSansArabic")), "{embedded:?}");
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlt-modeller"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn without_fonts_export_and_check_warn_naming_the_scripts_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixtures().join("scripts.ron"))
        .unwrap()
        .replace("\"Łódź Ñandú\"", "\"Gold 🪙💰 bar\"");
    let project = dir.path().join("scripts.ron");
    std::fs::write(&project, text).unwrap();
    let (png, svg) = (dir.path().join("s.png"), dir.path().join("s.svg"));
    let export = run(&[
        "export",
        project.to_str().unwrap(),
        "--png",
        png.to_str().unwrap(),
        "--svg",
        svg.to_str().unwrap(),
        "--title",
        "--steps",
        "--no-system-fonts",
    ]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    assert!(png.exists() && svg.exists());
    let warned = stderr(&export);
    for script in ["Arabic", "Chinese", "Emoji", "Hebrew", "Japanese"] {
        assert!(
            warned.contains(&format!("no font for {script} (")),
            "{script}: {warned}"
        );
    }
    assert!(
        warned.contains("البنك المركزي") && warned.contains("Gold 🪙💰 bar"),
        "{warned}"
    );
    assert!(!warned.contains("Greek") && !warned.contains("Cyrillic"), "{warned}");
    let check = run(&["check", "--diagram", "--no-system-fonts", project.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("no font for Arabic (4 names"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn with_the_test_fonts_the_command_line_warns_of_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("s.svg");
    let project = fixtures().join("scripts.ron");
    let mut args = vec![
        "export",
        project.to_str().unwrap(),
        "--svg",
        svg.to_str().unwrap(),
        "--no-system-fonts",
    ];
    let paths = font_paths();
    for path in &paths {
        args.extend(["--font", path.to_str().unwrap()]);
    }
    let export = run(&args);
    assert_eq!(export.status.code(), Some(0));
    assert_eq!(stderr(&export), "");
    let bad = run(&[
        "export",
        project.to_str().unwrap(),
        "--svg",
        svg.to_str().unwrap(),
        "--font",
        "Cargo.toml",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("not a font"), "{}", stderr(&bad));
}

#[test]
fn fonts_a_latin_project_does_not_need_change_nothing_in_its_export() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("gold.ron");
    assert!(
        run(&["new", project.to_str().unwrap(), "--template", "gold-trade"])
            .status
            .success()
    );
    let (plain, with_fonts) = (dir.path().join("plain.svg"), dir.path().join("fonts.svg"));
    let exported = |out: &Path, fonts: &[PathBuf]| {
        let mut args = vec![
            "export",
            project.to_str().unwrap(),
            "--svg",
            out.to_str().unwrap(),
            "--title",
            "--steps",
        ];
        for path in fonts {
            args.extend(["--font", path.to_str().unwrap()]);
        }
        assert!(run(&args).status.success());
        std::fs::read(out).unwrap()
    };
    assert_eq!(exported(&plain, &[]), exported(&with_fonts, &font_paths()));
}
