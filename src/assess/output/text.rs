//! The report as plain text for a terminal, ending with the full references it cites.

use std::fmt::Write as _;

use super::rows::{Coverage, FlagRow, Ranking, RequirementRow, Rows, Scores, Section};
use crate::assess::report::Report;
use crate::catalog::sources::{full_reference, readable};

/// The report as plain text: the ranking first, then the reasons.
pub fn text(report: &Report) -> String {
    let rows = Rows::new(report);
    let mut out = format!("Assessment: {}\n{}\n", rows.title, rows.edition);
    for section in rows.sections() {
        let title = section.title();
        let _ = write!(out, "\n{title}\n{}\n", "-".repeat(title.chars().count()));
        match section {
            Section::Ranking(ranking) => platforms(&mut out, ranking),
            Section::Sensitivity(sentence) => lines(&mut out, [sentence], ""),
            Section::Requirements(requirements) => criteria(&mut out, requirements),
            Section::Scores(scores) => score_lines(&mut out, scores),
            Section::Coverage(coverage) => layers(&mut out, coverage),
            Section::Regulatory(flags) => regulatory(&mut out, flags),
            Section::Findings(findings) => lines(&mut out, findings, "None."),
            Section::References(sources) => lines(&mut out, sources.iter().map(full_reference), "None cited."),
        }
    }
    readable(&out)
}

/// One line per item, or `none` when there is none.
fn lines<T: std::fmt::Display>(out: &mut String, items: impl IntoIterator<Item = T>, none: &str) {
    let mut empty = true;
    for item in items {
        let _ = writeln!(out, "{item}");
        empty = false;
    }
    if empty {
        let _ = writeln!(out, "{none}");
    }
}

fn platforms(out: &mut String, ranking: &Ranking) {
    let _ = writeln!(out, "{}", ranking.summary);
    for p in &ranking.platforms {
        let _ = writeln!(
            out,
            "{:>3}. {:<24} weighted {:>7} (rank {}), TOPSIS {} (rank {}); {}\n     {}",
            p.rank, p.name_with_status, p.weighted, p.rank, p.topsis, p.topsis_rank, p.must_haves, p.explanation
        );
    }
    for note in &ranking.notes {
        let _ = writeln!(out, "note: {note}");
    }
}

fn criteria(out: &mut String, requirements: &[RequirementRow]) {
    let described = requirements.iter().map(|r| {
        let must = (r.threshold).map_or(String::new(), |t| format!(", must-have (threshold {t})"));
        format!(
            "{} ({}): weight {}{must}\n    {}",
            r.name, r.category, r.weight, r.explanation
        )
    });
    lines(out, described, "None.");
}

fn score_lines(out: &mut String, scores: &Scores) {
    out.push_str("Scores 0–3; * the project's override, ? no score (counted as 0).\n");
    for r in &scores.criteria {
        let cells: Vec<String> = r.cells.iter().map(|c| format!("{} {}", c.platform, c.marked)).collect();
        let _ = writeln!(out, "{} (weight {}): {}", r.name, r.weight, cells.join(", "));
    }
}

fn layers(out: &mut String, coverage: &Coverage) {
    for layer in &coverage.layers {
        let kind = if layer.cross_layer {
            "cross-layer group"
        } else {
            "layer"
        };
        let _ = writeln!(
            out,
            "{} ({kind}): {} of {} components",
            layer.name, layer.covered, layer.components
        );
        for brought in &layer.brought {
            let _ = writeln!(out, "    {brought}");
        }
    }
    for f in coverage.findings {
        let _ = writeln!(out, "{}: {} [{}]", f.severity, f.message, f.rule);
    }
}

fn regulatory(out: &mut String, flags: &[FlagRow]) {
    let described = flags.iter().map(|f| {
        let mut text = format!(
            "{} — {} ({}): {}\n    {}",
            f.name, f.status, f.severity, f.reason, f.rule_note
        );
        if !f.note.is_empty() {
            text.push_str(&format!("\n    answer: {}", f.note));
        }
        text
    });
    lines(out, described, "None raised.");
}
