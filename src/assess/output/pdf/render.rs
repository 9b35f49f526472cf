//! Drawing the laid-out pages into a PDF with krilla: the operations of each page, the diagram
//! in its box, the contents page with a link to every section, a footer with the page number,
//! the document outline and its metadata.

use krilla::Document;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::destination::{Destination, XyzDestination};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::surface::Surface;

use super::drawing::fill;
use super::fonts::{Fonts, rgb};
use super::layout::{ACCENT, BODY, INK, MARGIN, MUTED, Op, Page, RULE};
use super::sections::{CONTENTS, LaidOut};
use super::{PdfError, PdfReport};

/// Where the contents list starts, below its heading.
const CONTENTS_TOP: f32 = MARGIN + 40.0;
const CONTENTS_LINE: f32 = 20.0;

pub fn render(input: &PdfReport, fonts: &Fonts, laid_out: &LaidOut) -> Result<Vec<u8>, PdfError> {
    let mut document = Document::new();
    let count = laid_out.pages.len();
    for (index, page) in laid_out.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(page.size[0], page.size[1])
            .ok_or_else(|| PdfError::Write(format!("page {} has no size", index + 1)))?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        draw_ops(&mut surface, fonts, page);
        if let (Some((at, scale)), Some(drawing)) = (page.diagram, input.diagram) {
            drawing.draw(&mut surface, fonts, at, scale);
        }
        if index == laid_out.contents_page {
            draw_contents(&mut surface, fonts, page, laid_out);
        }
        if index > 0 {
            let footer = format!("{} · page {} of {count}", input.report.title, index + 1);
            let width = fonts.width(&footer, 8.0);
            text(
                &mut surface,
                fonts,
                [(page.size[0] - width) / 2.0, page.size[1] - MARGIN / 2.0],
                8.0,
                &footer,
                MUTED,
            );
        }
        surface.finish();
        if index == laid_out.contents_page {
            for (i, (_, target, y)) in laid_out.sections.iter().enumerate() {
                let top = CONTENTS_TOP + i as f32 * CONTENTS_LINE - BODY;
                if let Some(rect) = Rect::from_xywh(MARGIN, top, page.size[0] - 2.0 * MARGIN, CONTENTS_LINE) {
                    let goto =
                        Target::Destination(Destination::Xyz(XyzDestination::new(*target, Point::from_xy(0.0, *y))));
                    pdf_page.add_annotation(Annotation::new_link(LinkAnnotation::new(rect, goto), None));
                }
            }
        }
        pdf_page.finish();
    }
    document.set_outline(outline(laid_out));
    let mut metadata = Metadata::new()
        .title(format!("Assessment: {}", input.report.title))
        .creator("dlt-modeller".to_owned())
        .language("en".to_owned());
    if !input.sheet.authors.is_empty() {
        metadata = metadata.authors(input.sheet.authors.clone());
    }
    document.set_metadata(metadata);
    document.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

fn draw_ops(surface: &mut Surface, fonts: &Fonts, page: &Page) {
    for op in &page.ops {
        match op {
            Op::Text {
                at,
                size,
                text: t,
                colour,
            } => text(surface, fonts, *at, *size, t, *colour),
            Op::Fill { rect, colour } => {
                if let Some(r) = Rect::from_xywh(rect[0], rect[1], rect[2], rect[3]) {
                    let mut builder = PathBuilder::new();
                    builder.push_rect(r);
                    if let Some(path) = builder.finish() {
                        surface.set_fill(Some(fill(*colour)));
                        surface.draw_path(&path);
                    }
                }
            }
            Op::Rule { y, x0, x1 } => {
                let mut builder = PathBuilder::new();
                builder.move_to(*x0, *y);
                builder.line_to(*x1, *y);
                if let Some(path) = builder.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: rgb(RULE).into(),
                        width: 0.5,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
        }
    }
}

fn text(surface: &mut Surface, fonts: &Fonts, at: [f32; 2], size: f32, text: &str, colour: [u8; 4]) {
    surface.set_fill(Some(fill(colour)));
    fonts.draw(surface, at, size, text);
}

/// The contents: each section with its page number at the right, leaders between.
fn draw_contents(surface: &mut Surface, fonts: &Fonts, page: &Page, laid_out: &LaidOut) {
    text(surface, fonts, [MARGIN, MARGIN + 16.0], 16.0, CONTENTS, ACCENT);
    let right = page.size[0] - MARGIN;
    for (i, (title, target, _)) in laid_out.sections.iter().enumerate() {
        let y = CONTENTS_TOP + i as f32 * CONTENTS_LINE;
        text(surface, fonts, [MARGIN, y], BODY + 1.0, title, INK);
        let number = (target + 1).to_string();
        let width = fonts.width(&number, BODY + 1.0);
        text(surface, fonts, [right - width, y], BODY + 1.0, &number, INK);
        let start = MARGIN + fonts.width(title, BODY + 1.0) + 6.0;
        let dot = fonts.width(". ", BODY + 1.0);
        let dots = ((right - width - 6.0 - start) / dot).max(0.0) as usize;
        text(surface, fonts, [start, y], BODY + 1.0, &". ".repeat(dots), MUTED);
    }
}

fn outline(laid_out: &LaidOut) -> Outline {
    let mut outline = Outline::new();
    for (title, page, y) in &laid_out.sections {
        outline.push_child(OutlineNode::new(
            title.clone(),
            XyzDestination::new(*page, Point::from_xy(0.0, *y)),
        ));
    }
    outline
}
