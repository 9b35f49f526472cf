//! The report as Markdown (GitHub-flavoured tables), for pasting into a wiki or a pull request;
//! the catalogue edition heads it and the references, with their URLs, end it.

use std::fmt::Write as _;

use super::rows::{
    COVERAGE_COLUMNS, Column, Coverage, FlagRow, HOW, RANKING_COLUMNS, REGULATORY_COLUMNS, REQUIREMENT_COLUMNS,
    Ranking, RequirementRow, Rows, Scores, Section,
};
use crate::assess::report::Report;
use crate::catalog::sources::{Source, readable};
use crate::model::Finding;

/// The report as a Markdown document.
pub fn markdown(report: &Report) -> String {
    let rows = Rows::new(report);
    let mut out = format!("# Assessment: {}\n\n{}\n", escape(rows.title), rows.edition);
    for section in rows.sections() {
        let _ = write!(out, "\n## {}\n\n", section.title());
        match section {
            Section::Ranking(ranking) => platforms(&mut out, ranking),
            Section::Sensitivity(sentence) => {
                let _ = writeln!(out, "{sentence}");
            }
            Section::Requirements(requirements) => criteria(&mut out, requirements),
            Section::Scores(scores) => score_table(&mut out, scores),
            Section::Coverage(coverage) => layers(&mut out, coverage),
            Section::Regulatory(flags) => regulatory(&mut out, flags),
            Section::Findings(findings) => findings_list(&mut out, findings),
            Section::References(sources) => references(&mut out, sources),
        }
    }
    readable(&out)
}

fn platforms(out: &mut String, ranking: &Ranking) {
    let _ = writeln!(out, "{}\n", ranking.summary);
    table(out, RANKING_COLUMNS.iter().chain([&HOW]));
    for p in &ranking.platforms {
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
        row(out, &cells);
    }
    for note in &ranking.notes {
        let _ = writeln!(out, "\n> {note}");
    }
}

fn criteria(out: &mut String, requirements: &[RequirementRow]) {
    table(out, &REQUIREMENT_COLUMNS);
    for r in requirements {
        row(
            out,
            &[r.name, r.category, &r.weight.to_string(), &r.must_have(), r.explanation],
        );
    }
}

fn score_table(out: &mut String, scores: &Scores) {
    out.push_str("Scores 0–3; `*` the project's override, `?` no score (counted as 0).\n\n");
    table(out, &scores.columns());
    for r in &scores.criteria {
        let weight = r.weight.to_string();
        let marked = r.cells.iter().map(|c| c.marked.as_str());
        row(out, &[r.name, &weight].into_iter().chain(marked).collect::<Vec<_>>());
    }
    out.push_str("\nEvidence:\n\n");
    for evidence in &scores.evidence {
        let _ = writeln!(out, "- {}", escape(evidence));
    }
}

fn layers(out: &mut String, coverage: &Coverage) {
    table(out, &COVERAGE_COLUMNS);
    for layer in &coverage.layers {
        let kind = if layer.cross_layer { " (cross-layer)" } else { "" };
        let name = format!("{}{kind}", layer.name);
        let covered = format!("{} of {}", layer.covered, layer.components);
        row(out, &[&name, &covered, &layer.brought.join("; ")]);
    }
    if !coverage.findings.is_empty() {
        out.push('\n');
    }
    for f in coverage.findings {
        let _ = writeln!(out, "- **{}** {} (`{}`; {})", f.severity, f.message, f.rule, f.source);
    }
}

fn regulatory(out: &mut String, flags: &[FlagRow]) {
    table(out, &REGULATORY_COLUMNS);
    for f in flags {
        row(
            out,
            &[f.name, f.severity.label(), &f.answer(), f.reason, &f.rule_note, &f.ids],
        );
    }
}

fn findings_list(out: &mut String, findings: &[Finding]) {
    for f in findings {
        let _ = writeln!(out, "- {}", escape(&f.to_string()));
    }
    if findings.is_empty() {
        out.push_str("None.\n");
    }
}

fn references(out: &mut String, sources: &[Source]) {
    for source in sources {
        let _ = write!(out, "- `[{}]` {}.", source.key, escape(&source.reference));
        if !source.url.is_empty() {
            let _ = write!(out, " <{}>", source.url);
        }
        out.push('\n');
    }
    if sources.is_empty() {
        out.push_str("None cited.\n");
    }
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
