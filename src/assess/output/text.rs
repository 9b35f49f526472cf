//! The report as plain text for a terminal, ending with the full references it cites.

use std::fmt::Write as _;

use super::rows::Rows;
use super::{HEADINGS, REFERENCES};
use crate::assess::report::Report;
use crate::catalog::sources::{full_reference, readable};

/// The report as plain text: the ranking first, then the reasons.
pub fn text(report: &Report) -> String {
    let rows = Rows::new(report);
    let mut out = format!("Assessment: {}\n{}\n", rows.title, rows.edition);

    heading(&mut out, HEADINGS[0]);
    let _ = writeln!(out, "{}", rows.ranking.summary);
    for p in &rows.ranking.platforms {
        let _ = writeln!(
            out,
            "{:>3}. {:<24} weighted {:>7} (rank {}), TOPSIS {} (rank {}); {}\n     {}",
            p.rank, p.name_with_status, p.weighted, p.rank, p.topsis, p.topsis_rank, p.must_haves, p.explanation
        );
    }
    for note in &rows.ranking.notes {
        let _ = writeln!(out, "note: {note}");
    }

    heading(&mut out, HEADINGS[1]);
    let _ = writeln!(out, "{}", rows.sensitivity);

    heading(&mut out, HEADINGS[2]);
    for r in &rows.requirements {
        let must = r
            .threshold
            .map_or(String::new(), |t| format!(", must-have (threshold {t})"));
        let _ = writeln!(
            out,
            "{} ({}): weight {}{must}\n    {}",
            r.name, r.category, r.weight, r.explanation
        );
    }
    none(&mut out, rows.requirements.is_empty(), "None.");

    heading(&mut out, HEADINGS[3]);
    out.push_str("Scores 0–3; * the project's override, ? no score (counted as 0).\n");
    for r in &rows.scores.criteria {
        let scores: Vec<String> = r.cells.iter().map(|c| format!("{} {}", c.platform, c.marked)).collect();
        let _ = writeln!(out, "{} (weight {}): {}", r.name, r.weight, scores.join(", "));
    }

    heading(&mut out, HEADINGS[4]);
    for layer in &rows.coverage.layers {
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
    for f in rows.coverage.findings {
        let _ = writeln!(out, "{}: {} [{}]", f.severity, f.message, f.rule);
    }

    heading(&mut out, HEADINGS[5]);
    for f in &rows.regulatory {
        let _ = writeln!(
            out,
            "{} — {} ({}): {}\n    {}",
            f.name, f.status, f.severity, f.reason, f.rule_note
        );
        if !f.note.is_empty() {
            let _ = writeln!(out, "    answer: {}", f.note);
        }
    }
    none(&mut out, rows.regulatory.is_empty(), "None raised.");

    heading(&mut out, HEADINGS[6]);
    for f in rows.findings {
        let _ = writeln!(out, "{f}");
    }
    none(&mut out, rows.findings.is_empty(), "None.");

    heading(&mut out, REFERENCES);
    for source in rows.references {
        let _ = writeln!(out, "{}", full_reference(source));
    }
    none(&mut out, rows.references.is_empty(), "None cited.");
    readable(&out)
}

fn heading(out: &mut String, title: &str) {
    let _ = write!(out, "\n{title}\n{}\n", "-".repeat(title.chars().count()));
}

/// `line` when a section has nothing to list.
fn none(out: &mut String, empty: bool, line: &str) {
    if empty {
        let _ = writeln!(out, "{line}");
    }
}
