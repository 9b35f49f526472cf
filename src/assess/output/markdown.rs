//! The report as Markdown (GitHub-flavoured tables), for pasting into a wiki or a pull request;
//! the catalogue edition heads it and the references, with their URLs, end it.

use std::fmt::Write as _;

use super::rows::{COVERAGE_COLUMNS, Column, HOW, RANKING_COLUMNS, REGULATORY_COLUMNS, REQUIREMENT_COLUMNS, Rows};
use super::{HEADINGS, REFERENCES};
use crate::assess::report::Report;
use crate::catalog::sources::readable;

/// The report as a Markdown document.
pub fn markdown(report: &Report) -> String {
    let rows = Rows::new(report);
    let mut out = format!("# Assessment: {}\n\n{}\n", escape(rows.title), rows.edition);

    heading(&mut out, HEADINGS[0]);
    let _ = writeln!(out, "{}\n", rows.ranking.summary);
    table(&mut out, RANKING_COLUMNS.iter().chain([&HOW]));
    for p in &rows.ranking.platforms {
        let (rank, topsis_rank) = (p.rank.to_string(), p.topsis_rank.to_string());
        let cells = [
            &rank,
            &p.name_with_status,
            &p.weighted,
            &p.topsis,
            &topsis_rank,
            &p.must_haves,
            p.explanation,
        ];
        row(&mut out, &cells);
    }
    for note in &rows.ranking.notes {
        let _ = writeln!(out, "\n> {note}");
    }

    heading(&mut out, HEADINGS[1]);
    let _ = writeln!(out, "{}", rows.sensitivity);

    heading(&mut out, HEADINGS[2]);
    table(&mut out, &REQUIREMENT_COLUMNS);
    for r in &rows.requirements {
        row(
            &mut out,
            &[r.name, r.category, &r.weight.to_string(), &r.must_have(), r.explanation],
        );
    }

    heading(&mut out, HEADINGS[3]);
    out.push_str("Scores 0–3; `*` the project's override, `?` no score (counted as 0).\n\n");
    table(&mut out, &rows.scores.columns());
    for r in &rows.scores.criteria {
        let weight = r.weight.to_string();
        let cells: Vec<&str> = [r.name, &weight]
            .into_iter()
            .chain(r.cells.iter().map(|c| c.marked.as_str()))
            .collect();
        row(&mut out, &cells);
    }
    out.push_str("\nEvidence:\n\n");
    for evidence in &rows.scores.evidence {
        let _ = writeln!(out, "- {}", escape(evidence));
    }

    heading(&mut out, HEADINGS[4]);
    table(&mut out, &COVERAGE_COLUMNS);
    for layer in &rows.coverage.layers {
        let kind = if layer.cross_layer { " (cross-layer)" } else { "" };
        let name = format!("{}{kind}", layer.name);
        let covered = format!("{} of {}", layer.covered, layer.components);
        row(&mut out, &[&name, &covered, &layer.brought.join("; ")]);
    }
    if !rows.coverage.findings.is_empty() {
        out.push('\n');
    }
    for f in rows.coverage.findings {
        let _ = writeln!(out, "- **{}** {} (`{}`; {})", f.severity, f.message, f.rule, f.source);
    }

    heading(&mut out, HEADINGS[5]);
    table(&mut out, &REGULATORY_COLUMNS);
    for f in &rows.regulatory {
        let cells = [f.name, f.severity.label(), &f.answer(), f.reason, &f.rule_note, &f.ids];
        row(&mut out, &cells);
    }

    heading(&mut out, HEADINGS[6]);
    for f in rows.findings {
        let _ = writeln!(out, "- {}", escape(&f.to_string()));
    }
    if rows.findings.is_empty() {
        out.push_str("None.\n");
    }

    heading(&mut out, REFERENCES);
    for source in rows.references {
        let _ = write!(out, "- `[{}]` {}.", source.key, escape(&source.reference));
        if !source.url.is_empty() {
            let _ = write!(out, " <{}>", source.url);
        }
        out.push('\n');
    }
    if rows.references.is_empty() {
        out.push_str("None cited.\n");
    }
    readable(&out)
}

fn heading(out: &mut String, title: &str) {
    let _ = write!(out, "\n## {title}\n\n");
}

/// A table's header and alignment rows: numbers are aligned right.
fn table<'a>(out: &mut String, columns: impl IntoIterator<Item = &'a Column<'a>>) {
    let mut align = String::from("|");
    out.push('|');
    for column in columns {
        let _ = write!(out, " {} |", escape(column.title));
        align.push_str(if column.numeric { "---:|" } else { "---|" });
    }
    let _ = writeln!(out, "\n{align}");
}

/// A table row, every cell escaped.
fn row(out: &mut String, cells: &[&str]) {
    out.push('|');
    for cell in cells {
        let _ = write!(out, " {} |", escape(cell));
    }
    out.push('\n');
}

/// Text safe inside a table cell: pipes escaped, line breaks as spaces.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
