//! The PDF report (issue 22) read back with a PDF reader: every sample's report parses, has its
//! title page, contents, headings and platform names as searchable text, embeds its fonts, puts
//! the diagram on one page (landscape when it is wider than tall) and follows the paper asked
//! for; `assess --format pdf` writes the same kind of file.

use std::process::Command;

use dlt_modeller::assess::output::pdf::Paper;
use dlt_modeller::assess::{Report, assess};
use dlt_modeller::catalog::Catalog;
use dlt_modeller::export;
use dlt_modeller::model::Project;
use dlt_modeller::templates;
use lopdf::{Document, Object};

fn report_of(project: &Project) -> Report {
    assess(project, &Catalog::builtin().with_project(project))
}

fn pdf(project: &Project, paper: Paper) -> Document {
    let bytes = export::report_pdf(project, &report_of(project), paper)
        .expect("a PDF")
        .bytes;
    assert!(bytes.starts_with(b"%PDF-"));
    Document::load_mem(&bytes).expect("the PDF parses")
}

/// The text of every page, in page order.
fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|&n| doc.extract_text(&[n]).unwrap_or_default())
        .collect()
}

/// A page's media box: width and height in points.
fn media_box(doc: &Document, page: u32) -> (f32, f32) {
    let id = doc.get_pages()[&page];
    let dict = doc.get_dictionary(id).unwrap();
    let numbers: Vec<f32> = dict
        .get(b"MediaBox")
        .and_then(Object::as_array)
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    (numbers[2] - numbers[0], numbers[3] - numbers[1])
}

/// Whether every font the PDF uses has its glyphs embedded.
fn fonts_embedded(doc: &Document) -> (usize, usize) {
    let descriptors: Vec<&lopdf::Dictionary> = (doc.objects.values())
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"FontDescriptor")
        })
        .collect();
    let embedded = descriptors
        .iter()
        .filter(|d| d.has(b"FontFile2") || d.has(b"FontFile3") || d.has(b"FontFile"))
        .count();
    (descriptors.len(), embedded)
}

/// Text with the spacing and line breaks a PDF reader puts in removed, for searching.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_sample_s_report_parses_with_its_sections_platforms_and_fonts() {
    for template in templates::all() {
        let project = template.project();
        let report = report_of(&project);
        let doc = pdf(&project, Paper::A4);
        let texts = page_texts(&doc);
        let all = squeezed(&texts.concat());
        assert!(texts.len() >= 6, "{}: {} pages", template.key, texts.len());
        assert!(
            squeezed(&texts[0]).contains(&squeezed(&project.sheet.title)),
            "{}: title page",
            template.key
        );
        assert!(squeezed(&texts[1]).contains("Contents"), "{}", template.key);
        for heading in [
            "Executive summary",
            "Diagram",
            "Platform ranking",
            "Sensitivity",
            "Requirements",
            "Architecture coverage",
            "Regulatory topics",
            "Validation findings",
            "References",
        ] {
            assert!(all.contains(&squeezed(heading)), "{}: {heading}", template.key);
            assert!(
                squeezed(&texts[1]).contains(&squeezed(heading)),
                "{}: {heading} in the contents",
                template.key
            );
        }
        for fit in &report.ranking.fits {
            assert!(all.contains(&squeezed(&fit.name)), "{}: {}", template.key, fit.name);
        }
        let last = texts.len();
        assert!(
            squeezed(&texts[last - 1]).contains(&format!("page{last}of{last}")),
            "{}",
            template.key
        );
        let (fonts, embedded) = fonts_embedded(&doc);
        assert!(
            fonts > 0 && fonts == embedded,
            "{}: {embedded} of {fonts} fonts embedded",
            template.key
        );
        for (width, height) in doc.get_pages().keys().map(|&n| media_box(&doc, n)) {
            let portrait = (width.round(), height.round()) == (595.0, 842.0);
            assert!(
                portrait || (height.round(), width.round()) == (595.0, 842.0),
                "{}: {width} × {height}",
                template.key
            );
        }
    }
}

#[test]
fn a_wide_diagram_gets_a_landscape_page_of_its_own_and_letter_paper_is_letter() {
    let project = templates::find("gold-trade").unwrap().project();
    let drawing = export::report_drawing(&project).unwrap();
    assert!(drawing.width > drawing.height, "the sample is wider than tall");
    let doc = pdf(&project, Paper::Letter);
    let texts = page_texts(&doc);
    let diagram_page = (texts
        .iter()
        .position(|t| t.trim_start().starts_with("Diagram"))
        .unwrap()
        + 1) as u32;
    let (width, height) = media_box(&doc, diagram_page);
    assert_eq!((width.round(), height.round()), (792.0, 612.0));
    assert_eq!(media_box(&doc, 1), (612.0, 792.0));
    // The diagram's node names are on that page, as text.
    let node = project.nodes.values().next().unwrap();
    let first_word = node.name.split_whitespace().next().unwrap();
    assert!(texts[diagram_page as usize - 1].contains(first_word), "{first_word}");
}

#[test]
fn the_command_line_writes_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let (file, out) = (dir.path().join("gold.ron"), dir.path().join("gold.pdf"));
    std::fs::write(&file, templates::find("gold-trade").unwrap().text()).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_dlt-modeller"))
        .args([
            "assess",
            file.to_str().unwrap(),
            "--format",
            "pdf",
            "--paper",
            "letter",
            "--out",
        ])
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let doc = Document::load(&out).expect("the written PDF parses");
    assert_eq!(media_box(&doc, 1), (612.0, 792.0));
    assert!(squeezed(&doc.extract_text(&[3]).unwrap()).contains("Executivesummary"));
}
