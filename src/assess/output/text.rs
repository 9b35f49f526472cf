//! The report as plain text for a terminal, ending with the full references it cites.

use std::fmt::Write as _;

use super::{HEADINGS, REFERENCES, edition, marked_score, must_haves, name_with_status, percent, summary};
use crate::assess::report::Report;
use crate::assess::words;
use crate::catalog::sources::{full_reference, readable};

/// The report as plain text: the ranking first, then the reasons.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Assessment: {}", report.title);
    let _ = writeln!(out, "{}", edition(report));
    let ranking = &report.ranking;

    heading(&mut out, HEADINGS[0]);
    let _ = writeln!(out, "{}", summary(ranking));
    for fit in &ranking.fits {
        let _ = writeln!(
            out,
            "{:>3}. {:<24} weighted {:>7} (rank {}), TOPSIS {:.3} (rank {}); {}",
            fit.rank_weighted,
            name_with_status(fit),
            percent(fit.weighted),
            fit.rank_weighted,
            fit.topsis,
            fit.rank_topsis,
            must_haves(fit)
        );
        let _ = writeln!(out, "     {}", fit.explanation);
    }
    for note in &ranking.notes {
        let _ = writeln!(out, "note: {}", note.message);
    }

    heading(&mut out, HEADINGS[1]);
    match &report.sensitivity {
        Some(s) => {
            let _ = writeln!(out, "{}.", s.explanation);
        }
        None => out.push_str("Needs at least two platforms and one criterion.\n"),
    }

    heading(&mut out, HEADINGS[2]);
    for r in &report.requirements {
        let must = if r.must_have {
            format!(", must-have (threshold {})", r.threshold)
        } else {
            String::new()
        };
        let _ = writeln!(out, "{} ({}): weight {}{must}", r.name, r.category, r.weight);
        let _ = writeln!(out, "    {}", r.explanation);
    }
    if report.requirements.is_empty() {
        out.push_str("None.\n");
    }

    heading(&mut out, HEADINGS[3]);
    out.push_str("Scores 0–3; * the project's override, ? no score (counted as 0).\n");
    for (i, r) in report.requirements.iter().enumerate() {
        let scores: Vec<String> = ranking
            .fits
            .iter()
            .filter_map(|f| {
                f.cells
                    .get(i)
                    .map(|c| format!("{} {}", f.name, marked_score(c.score, c.source)))
            })
            .collect();
        let _ = writeln!(out, "{} (weight {}): {}", r.name, r.weight, scores.join(", "));
    }

    heading(&mut out, HEADINGS[4]);
    for layer in &report.coverage.layers {
        let kind = if layer.cross_layer {
            "cross-layer group"
        } else {
            "layer"
        };
        let _ = writeln!(
            out,
            "{} ({kind}): {} of {} components",
            layer.name,
            layer.covered,
            layer.components.len()
        );
        for c in layer.components.iter().filter(|c| !c.nodes.is_empty()) {
            let _ = writeln!(out, "    {}: {}", c.name, words::list(&c.nodes));
        }
    }
    for f in &report.coverage.findings {
        let _ = writeln!(out, "{}: {} [{}]", f.severity, f.message, f.rule);
    }

    heading(&mut out, HEADINGS[5]);
    for f in &report.regulatory {
        let _ = writeln!(
            out,
            "{} — {} ({}): {}",
            f.name,
            f.answer.status.label(),
            f.severity,
            f.reason
        );
        let _ = writeln!(out, "    {}", f.rule_note(&report.assessed_on));
        if !f.answer.note.is_empty() {
            let _ = writeln!(out, "    answer: {}", f.answer.note);
        }
    }
    if report.regulatory.is_empty() {
        out.push_str("None raised.\n");
    }

    heading(&mut out, HEADINGS[6]);
    for f in &report.findings {
        let _ = writeln!(out, "{f}");
    }
    if report.findings.is_empty() {
        out.push_str("None.\n");
    }

    heading(&mut out, REFERENCES);
    for source in &report.references {
        let _ = writeln!(out, "{}", full_reference(source));
    }
    if report.references.is_empty() {
        out.push_str("None cited.\n");
    }
    readable(&out)
}

fn heading(out: &mut String, title: &str) {
    let _ = write!(out, "\n{title}\n{}\n", "-".repeat(title.chars().count()));
}
