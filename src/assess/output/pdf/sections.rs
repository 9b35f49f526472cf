//! What the PDF says, section by section, laid out on pages: the title page, room for the
//! contents, the executive summary, the diagram page, the steps and the report's own sections
//! with the headings the other formats use.

use super::PdfReport;
use super::fonts::Fonts;
use super::layout::{ACCENT, BODY, Column, Flow, INK, MARGIN, MUTED, Page, SMALL};
use crate::assess::output::summary::{EXECUTIVE_SUMMARY, executive_summary};
use crate::assess::output::{
    DIAGRAM, HEADINGS, REFERENCES, STEPS, edition, marked_score, must_haves, name_with_status, percent, summary,
};
use crate::assess::report::Report;
use crate::assess::words;
use crate::catalog::sources::{full_reference, readable};

pub const CONTENTS: &str = "Contents";
const TITLE: f32 = 26.0;

/// The pages, the sections with the page and height they start at, and the contents' page.
pub struct LaidOut {
    pub pages: Vec<Page>,
    pub sections: Vec<(String, usize, f32)>,
    pub contents_page: usize,
}

pub fn lay_out(input: &PdfReport, fonts: &Fonts) -> LaidOut {
    let mut flow = Flow::new(fonts, input.paper.size());
    let mut sections = Vec::new();
    title_page(&mut flow, input);
    let contents_page = flow.new_page();
    let mut section = |flow: &mut Flow, title: &str| {
        let (page, y) = flow.heading(title);
        sections.push((title.to_owned(), page, y));
    };
    flow.new_page();
    section(&mut flow, EXECUTIVE_SUMMARY);
    for paragraph in executive_summary(input.report) {
        flow.paragraph(&readable(&paragraph), BODY + 1.0, INK, 0.0);
    }
    diagram_page(&mut flow, input);
    section(&mut flow, DIAGRAM);
    place_diagram(&mut flow, input);
    if !input.steps.is_empty() {
        flow.new_page();
        section(&mut flow, STEPS);
        steps(&mut flow, input.steps);
    }
    flow.new_page();
    let report = input.report;
    section(&mut flow, HEADINGS[0]);
    ranking(&mut flow, report);
    section(&mut flow, HEADINGS[1]);
    let sensitivity = report
        .sensitivity
        .as_ref()
        .map_or("Needs at least two platforms and one criterion.".to_owned(), |s| {
            format!("{}.", s.explanation)
        });
    flow.paragraph(&sensitivity, BODY, INK, 0.0);
    section(&mut flow, HEADINGS[2]);
    requirements(&mut flow, report);
    section(&mut flow, HEADINGS[3]);
    scores(&mut flow, report);
    section(&mut flow, HEADINGS[4]);
    coverage(&mut flow, report);
    section(&mut flow, HEADINGS[5]);
    regulatory(&mut flow, report);
    section(&mut flow, HEADINGS[6]);
    findings(&mut flow, report);
    section(&mut flow, REFERENCES);
    for source in &report.references {
        flow.paragraph(&full_reference(source), SMALL, INK, 0.0);
    }
    LaidOut {
        pages: flow.pages,
        sections,
        contents_page,
    }
}

fn title_page(flow: &mut Flow, input: &PdfReport) {
    let sheet = input.sheet;
    flow.new_page();
    flow.space(120.0);
    let title = if sheet.title.trim().is_empty() {
        "Untitled use case"
    } else {
        sheet.title.trim()
    };
    flow.paragraph(title, TITLE, ACCENT, 0.0);
    flow.paragraph("Platform assessment report", 14.0, MUTED, 0.0);
    flow.space(24.0);
    if !sheet.summary.trim().is_empty() {
        flow.paragraph(sheet.summary.trim(), BODY + 1.0, INK, 0.0);
        flow.space(12.0);
    }
    let authors = if sheet.authors.is_empty() {
        "not named".to_owned()
    } else {
        sheet.authors.join(", ")
    };
    let facts = [
        ("Status", sheet.status.label().to_owned()),
        ("Domain", sheet.domain.clone()),
        ("Jurisdictions", sheet.jurisdictions.join(", ")),
        ("Authors", authors),
        ("Assessed on", input.report.assessed_on.clone()),
    ];
    for (label, value) in facts.iter().filter(|(_, v)| !v.is_empty()) {
        flow.paragraph(&format!("{label}: {value}"), BODY + 1.0, INK, 0.0);
    }
    flow.space(12.0);
    flow.paragraph(&edition(input.report), SMALL, MUTED, 0.0);
    flow.paragraph("Made with dlt-modeller.", SMALL, MUTED, 0.0);
}

/// A page for the diagram: landscape when the diagram is wider than tall.
fn diagram_page(flow: &mut Flow, input: &PdfReport) {
    let [w, h] = input.paper.size();
    let wide = input.diagram.is_some_and(|d| d.width > d.height);
    flow.new_page_sized(if wide { [h, w] } else { [w, h] });
}

/// The diagram scaled to fit what is left of its page (never enlarged), centred across it.
fn place_diagram(flow: &mut Flow, input: &PdfReport) {
    let Some(drawing) = input.diagram.filter(|d| d.width > 0.0 && d.height > 0.0) else {
        flow.paragraph("The diagram could not be drawn.", BODY, MUTED, 0.0);
        return;
    };
    let (width, height) = (flow.text_width(), flow.room());
    let scale = (width / drawing.width).min(height / drawing.height).min(1.0);
    let x = MARGIN + (width - drawing.width * scale) / 2.0;
    flow.place_diagram([x, flow.cursor()], scale);
    if scale < 1.0 {
        flow.space(drawing.height * scale);
        flow.paragraph(
            &format!("Drawn at {:.0} % to fit the page; zoom in to read it.", scale * 100.0),
            SMALL,
            MUTED,
            0.0,
        );
    }
}

fn steps(flow: &mut Flow, steps: &[[String; 4]]) {
    let columns = [("Step", 0.6), ("From → to", 3.0), ("Action", 3.0), ("Asset", 2.0)].map(column);
    let rows: Vec<Vec<String>> = steps.iter().map(|row| row.to_vec()).collect();
    flow.table(&columns, &rows, SMALL);
}

fn column((heading, share): (&str, f32)) -> Column<'_> {
    Column { heading, share }
}

fn ranking(flow: &mut Flow, report: &Report) {
    let ranking = &report.ranking;
    flow.paragraph(&summary(ranking), BODY, INK, 0.0);
    let columns = [
        ("Rank", 0.6),
        ("Platform", 2.4),
        ("Weighted", 1.0),
        ("TOPSIS", 0.9),
        ("TOPSIS rank", 0.9),
        ("Must-haves", 2.6),
    ]
    .map(column);
    let rows: Vec<Vec<String>> = (ranking.fits.iter())
        .map(|fit| {
            vec![
                fit.rank_weighted.to_string(),
                name_with_status(fit),
                percent(fit.weighted),
                format!("{:.3}", fit.topsis),
                fit.rank_topsis.to_string(),
                must_haves(fit),
            ]
        })
        .collect();
    flow.table(&columns, &rows, SMALL);
    for fit in &ranking.fits {
        flow.paragraph(&format!("{}: {}", fit.name, fit.explanation), SMALL, INK, 0.0);
    }
    for note in &ranking.notes {
        flow.paragraph(&readable(&note.message), SMALL, MUTED, 0.0);
    }
}

fn requirements(flow: &mut Flow, report: &Report) {
    if report.requirements.is_empty() {
        flow.paragraph("None.", BODY, INK, 0.0);
        return;
    }
    let columns = [
        ("Criterion", 2.0),
        ("Category", 1.6),
        ("Weight", 0.7),
        ("Must-have", 1.2),
        ("Asked by", 4.0),
    ]
    .map(column);
    let rows: Vec<Vec<String>> = (report.requirements.iter())
        .map(|r| {
            let must = if r.must_have {
                format!("yes, below {} fails", r.threshold)
            } else {
                "no".to_owned()
            };
            vec![
                r.name.clone(),
                r.category.clone(),
                r.weight.to_string(),
                must,
                r.explanation.clone(),
            ]
        })
        .collect();
    flow.table(&columns, &rows, SMALL);
}

fn scores(flow: &mut Flow, report: &Report) {
    flow.paragraph(
        "Scores 0–3; * the project's override, ? no score (counted as 0).",
        SMALL,
        MUTED,
        0.0,
    );
    let fits = &report.ranking.fits;
    let mut columns = vec![column(("Criterion", 3.0)), column(("Weight", 1.0))];
    columns.extend(fits.iter().map(|f| column((f.name.as_str(), 1.2))));
    let rows: Vec<Vec<String>> = (report.requirements.iter().enumerate())
        .map(|(i, r)| {
            let mut row = vec![r.name.clone(), r.weight.to_string()];
            row.extend(fits.iter().map(|f| {
                f.cells
                    .get(i)
                    .map_or_else(String::new, |c| marked_score(c.score, c.source))
            }));
            row
        })
        .collect();
    flow.table(&columns, &rows, SMALL);
}

fn coverage(flow: &mut Flow, report: &Report) {
    let columns = [
        ("Layer or group", 2.2),
        ("Covered", 0.9),
        ("Components brought (nodes)", 5.0),
    ]
    .map(column);
    let rows: Vec<Vec<String>> = (report.coverage.layers.iter())
        .map(|layer| {
            let brought: Vec<String> = (layer.components.iter())
                .filter(|c| !c.nodes.is_empty())
                .map(|c| format!("{}: {}", c.name, words::list(&c.nodes)))
                .collect();
            let kind = if layer.cross_layer { " (cross-layer)" } else { "" };
            vec![
                format!("{}{kind}", layer.name),
                format!("{} of {}", layer.covered, layer.components.len()),
                brought.join("; "),
            ]
        })
        .collect();
    flow.table(&columns, &rows, SMALL);
    for f in &report.coverage.findings {
        let text = format!("{}: {} ({}; {})", f.severity.label(), f.message, f.rule, f.source);
        flow.paragraph(&readable(&text), SMALL, INK, 0.0);
    }
}

fn regulatory(flow: &mut Flow, report: &Report) {
    let columns = [
        ("Topic", 1.8),
        ("Severity", 0.9),
        ("Answer", 2.4),
        ("Why", 2.6),
        ("Rule", 2.2),
    ]
    .map(column);
    let rows: Vec<Vec<String>> = (report.regulatory.iter())
        .map(|f| {
            let mut answer = f.answer.status.label().to_owned();
            if !f.answer.note.is_empty() {
                answer = format!("{answer}: {}", f.answer.note);
            }
            vec![
                f.name.clone(),
                f.severity.label().to_owned(),
                answer,
                f.reason.clone(),
                readable(&f.rule_note(&report.assessed_on)),
            ]
        })
        .collect();
    flow.table(&columns, &rows, SMALL);
}

fn findings(flow: &mut Flow, report: &Report) {
    if report.findings.is_empty() {
        flow.paragraph("None.", BODY, INK, 0.0);
    }
    for f in &report.findings {
        let ids = if f.ids.is_empty() {
            String::new()
        } else {
            format!(" [{}]", f.ids.join(", "))
        };
        flow.paragraph(&format!("{}: {}{ids}", f.severity.label(), f.message), SMALL, INK, 0.0);
    }
}
