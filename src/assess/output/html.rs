//! The report as one self-contained HTML page: inline CSS, no scripts, no external files; the
//! diagram, when given as PNG bytes, is embedded as a `data:` URL; the references end it, each
//! URL a link. With the use-case sheet and the step list it has the PDF report's sections
//! (facts, contents, executive summary, diagram, steps), and a print stylesheet for A4.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::rows::{
    COVERAGE_COLUMNS, Column, Coverage, FlagRow, RANKING_COLUMNS, REGULATORY_COLUMNS, REQUIREMENT_COLUMNS, Ranking,
    RequirementRow, Rows, Scores, Section,
};
use super::summary::{EXECUTIVE_SUMMARY, executive_summary};
use super::{DIAGRAM, STEPS};
use crate::assess::report::Report;
use crate::catalog::sources::Source;
use crate::catalog::sources::readable;
use crate::markup::html as escape;
use crate::model::{Finding, Severity, UseCaseSheet};

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}\
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;\
vertical-align:top}th{background:#f2f2f2}td.n{text-align:right}.fail{color:#a00;font-weight:bold}\
.s0{background:#f4c7c3}.s1{background:#fce8b2}.s2{background:#d9ead3}.s3{background:#a8d5a2}\
.error{color:#a00}.warning{color:#a60}.info{color:#555}img{max-width:100%;border:1px solid #ccc}\
small{color:#666}nav ol{columns:2}.cover p{margin:.2em 0}.summary p{font-size:1.05em}\
@page{size:A4;margin:2cm}\
@media print{body{margin:0;max-width:none;font-size:10pt}nav{break-after:page}\
section.summary,figure{break-after:page}h2{break-after:avoid}tr,figure,img{break-inside:avoid}\
thead{display:table-header-group}a{color:inherit;text-decoration:none}img{max-height:24cm;border:none}}";

/// What the HTML page shows besides the report: the use-case sheet (for the opening facts), the
/// diagram as PNG bytes and the step list.
#[derive(Clone, Copy, Debug, Default)]
pub struct HtmlExtras<'a> {
    pub sheet: Option<&'a UseCaseSheet>,
    pub diagram_png: Option<&'a [u8]>,
    /// Step, from → to, action, asset.
    pub steps: &'a [[String; 4]],
}

/// The report as an HTML page. `diagram_png`, when given, is the diagram image to embed.
pub fn html(report: &Report, diagram_png: Option<&[u8]>) -> String {
    html_with(
        report,
        &HtmlExtras {
            diagram_png,
            ..HtmlExtras::default()
        },
    )
}

/// The report as an HTML page with the sections of the PDF report: the sheet's facts, contents,
/// executive summary, diagram and steps, then the report's own sections; printable (A4).
pub fn html_with(report: &Report, extras: &HtmlExtras) -> String {
    let rows = Rows::new(report);
    let mut out = String::new();
    let title = escape(&format!("Assessment: {}", report.title));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    if let Some(sheet) = extras.sheet {
        cover(sheet, report, &mut out);
    }
    let _ = writeln!(out, "<p><small>{}</small></p>", escape(&rows.edition));
    contents(&mut out, extras, &rows);
    heading(&mut out, EXECUTIVE_SUMMARY);
    out.push_str("<section class=\"summary\">\n");
    for paragraph in executive_summary(report) {
        let _ = writeln!(out, "<p>{}</p>", escape(&paragraph));
    }
    out.push_str("</section>\n");
    if let Some(png) = extras.diagram_png {
        heading(&mut out, DIAGRAM);
        let _ = writeln!(
            out,
            "<figure><img alt=\"Diagram of {}\" src=\"data:image/png;base64,{}\"></figure>",
            escape(&report.title),
            BASE64.encode(png)
        );
    }
    steps(&mut out, extras.steps);
    for section in rows.sections() {
        heading(&mut out, section.title());
        match section {
            Section::Ranking(ranking) => platforms(&mut out, ranking),
            Section::Sensitivity(sentence) => {
                let _ = writeln!(out, "<p>{}</p>", escape(sentence));
            }
            Section::Requirements(requirements) => criteria(&mut out, requirements),
            Section::Scores(scores) => score_table(&mut out, scores),
            Section::Coverage(coverage) => layers(&mut out, coverage),
            Section::Regulatory(flags) => regulatory(&mut out, flags),
            Section::Findings(findings) => findings_list(&mut out, findings),
            Section::References(sources) => references(&mut out, sources),
        }
    }
    out.push_str("</body>\n</html>\n");
    readable(&out)
}

fn platforms(out: &mut String, ranking: &Ranking) {
    let _ = writeln!(out, "<p>{}</p>", ranking.summary);
    table(out, &RANKING_COLUMNS);
    for p in &ranking.platforms {
        let class = if p.passes { "" } else { " class=\"fail\"" };
        let _ = writeln!(
            out,
            "<tr title=\"{}\"><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td{class}>{}</td></tr>",
            escape(p.explanation),
            p.rank,
            escape(&p.name_with_status),
            p.weighted,
            p.topsis,
            p.topsis_rank,
            escape(&p.must_haves)
        );
    }
    out.push_str("</table>\n<ul>\n");
    for p in &ranking.platforms {
        let _ = writeln!(
            out,
            "<li><small>{}: {}</small></li>",
            escape(p.name),
            escape(p.explanation)
        );
    }
    out.push_str("</ul>\n");
    for note in &ranking.notes {
        let _ = writeln!(out, "<p><small>{}</small></p>", escape(note));
    }
}

fn criteria(out: &mut String, requirements: &[RequirementRow]) {
    table(out, &REQUIREMENT_COLUMNS);
    for r in requirements {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(r.name),
            escape(r.category),
            r.weight,
            r.must_have(),
            escape(r.explanation)
        );
    }
    out.push_str("</table>\n");
}

/// The scores, each cell coloured by its score with its evidence on hover.
fn score_table(out: &mut String, scores: &Scores) {
    out.push_str("<p><small>Scores 0–3; * the project's override, ? no score (counted as 0). Hover a cell for its evidence.</small></p>\n");
    table(out, &scores.columns());
    for r in &scores.criteria {
        let _ = write!(out, "<tr><td>{}</td><td class=\"n\">{}</td>", escape(r.name), r.weight);
        for c in &r.cells {
            let (score, evidence) = (c.score, escape(c.explanation));
            let _ = write!(out, "<td class=\"n s{score}\" title=\"{evidence}\">{}</td>", c.marked);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

fn layers(out: &mut String, coverage: &Coverage) {
    table(out, &COVERAGE_COLUMNS);
    for layer in &coverage.layers {
        let kind = if layer.cross_layer {
            " <small>(cross-layer)</small>"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr><td>{}{kind}</td><td class=\"n\">{} of {}</td><td>{}</td></tr>",
            escape(layer.name),
            layer.covered,
            layer.components,
            escape(&layer.brought.join("; "))
        );
    }
    out.push_str("</table>\n<ul>\n");
    for f in coverage.findings {
        let (message, source) = (escape(&f.message), escape(&f.source));
        let _ = writeln!(
            out,
            "<li>{} {message} <small>({}; {source})</small></li>",
            severity(f.severity),
            f.rule
        );
    }
    out.push_str("</ul>\n");
}

/// The regulatory topics, each row's source on hover.
fn regulatory(out: &mut String, flags: &[FlagRow]) {
    table(out, &REGULATORY_COLUMNS);
    for f in flags {
        let _ = writeln!(
            out,
            "<tr title=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(f.source),
            escape(f.name),
            severity(f.severity),
            escape(&f.answer()),
            escape(f.reason),
            escape(&f.rule_note),
            escape(&f.ids)
        );
    }
    out.push_str("</table>\n");
}

fn findings_list(out: &mut String, findings: &[Finding]) {
    out.push_str("<ul>\n");
    for f in findings {
        let ids = if f.ids.is_empty() {
            String::new()
        } else {
            format!(" <small>[{}]</small>", escape(&f.ids.join(", ")))
        };
        let _ = writeln!(out, "<li>{} {}{ids}</li>", severity(f.severity), escape(&f.message));
    }
    out.push_str("</ul>\n");
}

/// The full reference of every source the report cites, each URL a link.
fn references(out: &mut String, sources: &[Source]) {
    out.push_str("<ul>\n");
    for source in sources {
        let (key, reference) = (escape(&source.key), escape(&source.reference));
        let _ = write!(out, "<li id=\"ref-{key}\">[{key}] {reference}.");
        if !source.url.is_empty() {
            let _ = write!(out, " <a href=\"{0}\">{0}</a>", escape(&source.url));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

/// A table's opening and header row.
fn table(out: &mut String, columns: &[Column]) {
    out.push_str("<table>\n<tr>");
    for column in columns {
        let _ = write!(out, "<th>{}</th>", escape(column.title));
    }
    out.push_str("</tr>\n");
}

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "<a id=\"{}\"></a><h2>{}</h2>", anchor(title), escape(title));
}

/// The anchor of a section: its heading in lower case, words joined by hyphens.
fn anchor(title: &str) -> String {
    let words: Vec<String> = (title.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.join("-")
}

/// The use-case sheet's summary and facts under the title.
fn cover(sheet: &UseCaseSheet, report: &Report, out: &mut String) {
    out.push_str("<div class=\"cover\">\n");
    if !sheet.summary.trim().is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(sheet.summary.trim()));
    }
    let facts = [
        ("Status", sheet.status.label().to_owned()),
        ("Domain", sheet.domain.clone()),
        ("Jurisdictions", sheet.jurisdictions.join(", ")),
        ("Authors", sheet.authors.join(", ")),
        ("Assessed on", report.assessed_on.clone()),
    ];
    for (label, value) in facts.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = writeln!(out, "<p><b>{label}:</b> {}</p>", escape(value));
    }
    out.push_str("</div>\n");
}

/// The contents: a link to every section.
fn contents(out: &mut String, extras: &HtmlExtras, rows: &Rows) {
    let mut titles = vec![EXECUTIVE_SUMMARY];
    if extras.diagram_png.is_some() {
        titles.push(DIAGRAM);
    }
    if !extras.steps.is_empty() {
        titles.push(STEPS);
    }
    titles.extend(rows.sections().map(Section::title));
    out.push_str("<nav><h2>Contents</h2><ol>\n");
    for title in titles {
        let _ = writeln!(out, "<li><a href=\"#{}\">{}</a></li>", anchor(title), escape(title));
    }
    out.push_str("</ol></nav>\n");
}

/// The step list: one row per flow, by step.
fn steps(out: &mut String, steps: &[[String; 4]]) {
    if steps.is_empty() {
        return;
    }
    heading(out, STEPS);
    out.push_str("<table>\n<thead><tr><th>Step</th><th>From → to</th><th>Action</th><th>Asset</th></tr></thead>\n");
    for row in steps {
        let cells: Vec<String> = row.iter().map(|c| format!("<td>{}</td>", escape(c))).collect();
        let _ = writeln!(out, "<tr>{}</tr>", cells.concat());
    }
    out.push_str("</table>\n");
}

fn severity(severity: Severity) -> String {
    format!("<span class=\"{0}\">{0}</span>", severity.label())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_the_sheet_and_steps_the_page_has_the_pdf_s_sections_and_prints_on_a4() {
        let project = crate::templates::find("gold-trade").unwrap().project();
        let report = crate::assess::assess(&project, &crate::catalog::Catalog::builtin().with_project(&project));
        let steps = [[
            "1".to_owned(),
            "Mine → Refiner".to_owned(),
            "sells".to_owned(),
            "Doré lot".to_owned(),
        ]];
        let extras = HtmlExtras {
            sheet: Some(&project.sheet),
            diagram_png: None,
            steps: &steps,
        };
        let page = html_with(&report, &extras);
        for part in [
            "<b>Status:</b> Production",
            "<li><a href=\"#executive-summary\">Executive summary</a></li>",
            "<a id=\"executive-summary\"></a><h2>Executive summary</h2>",
            "<tr><td>1</td><td>Mine → Refiner</td><td>sells</td><td>Doré lot</td></tr>",
            "@media print{",
            "@page{size:A4",
        ] {
            assert!(page.contains(part), "{part}");
        }
        assert!(!page.contains("href=\"#diagram\""), "no diagram, no entry for it");
        assert!(
            !html(&report, None).contains("<b>Status:</b>"),
            "the sheet's facts need the sheet"
        );
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
    }
}
