//! The report as Markdown (GitHub-flavoured tables), for pasting into a wiki or a pull request;
//! the catalogue edition heads it and the references, with their URLs, end it.

use std::fmt::Write as _;

use super::{HEADINGS, REFERENCES, edition, marked_score, must_haves, name_with_status, percent, summary};
use crate::assess::report::Report;
use crate::assess::words;
use crate::catalog::sources::readable;

/// The report as a Markdown document.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Assessment: {}", cell(&report.title));
    let _ = writeln!(out, "\n{}", edition(report));
    let ranking = &report.ranking;

    heading(&mut out, HEADINGS[0]);
    let _ = writeln!(out, "{}\n", summary(ranking));
    out.push_str("| Rank | Platform | Weighted | TOPSIS | TOPSIS rank | Must-haves | How |\n");
    out.push_str("|---:|---|---:|---:|---:|---|---|\n");
    for fit in &ranking.fits {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.3} | {} | {} | {} |",
            fit.rank_weighted,
            cell(&name_with_status(fit)),
            percent(fit.weighted),
            fit.topsis,
            fit.rank_topsis,
            cell(&must_haves(fit)),
            cell(&fit.explanation)
        );
    }
    for note in &ranking.notes {
        let _ = writeln!(out, "\n> {}", note.message);
    }

    heading(&mut out, HEADINGS[1]);
    match &report.sensitivity {
        Some(s) => {
            let _ = writeln!(out, "{}.", s.explanation);
        }
        None => out.push_str("Needs at least two platforms and one criterion.\n"),
    }

    heading(&mut out, HEADINGS[2]);
    out.push_str("| Criterion | Category | Weight | Must-have | Asked by |\n|---|---|---:|---|---|\n");
    for r in &report.requirements {
        let must = if r.must_have {
            format!("yes, below {} fails", r.threshold)
        } else {
            "no".to_owned()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {must} | {} |",
            cell(&r.name),
            cell(&r.category),
            r.weight,
            cell(&r.explanation)
        );
    }

    heading(&mut out, HEADINGS[3]);
    out.push_str("Scores 0–3; `*` the project's override, `?` no score (counted as 0).\n\n| Criterion | Weight |");
    for fit in &ranking.fits {
        let _ = write!(out, " {} |", cell(&fit.name));
    }
    out.push_str("\n|---|---:|");
    out.push_str(&"---:|".repeat(ranking.fits.len()));
    out.push('\n');
    for (i, r) in report.requirements.iter().enumerate() {
        let _ = write!(out, "| {} | {} |", cell(&r.name), r.weight);
        for fit in &ranking.fits {
            let score = fit
                .cells
                .get(i)
                .map_or(String::new(), |c| marked_score(c.score, c.source));
            let _ = write!(out, " {score} |");
        }
        out.push('\n');
    }
    out.push_str("\nEvidence:\n\n");
    for fit in &ranking.fits {
        for c in &fit.cells {
            let _ = writeln!(out, "- {}", cell(&c.explanation));
        }
    }

    heading(&mut out, HEADINGS[4]);
    out.push_str("| Layer or group | Covered | Components brought (nodes) |\n|---|---:|---|\n");
    for layer in &report.coverage.layers {
        let brought: Vec<String> = layer
            .components
            .iter()
            .filter(|c| !c.nodes.is_empty())
            .map(|c| format!("{}: {}", c.name, words::list(&c.nodes)))
            .collect();
        let kind = if layer.cross_layer { " (cross-layer)" } else { "" };
        let _ = writeln!(
            out,
            "| {}{kind} | {} of {} | {} |",
            cell(&layer.name),
            layer.covered,
            layer.components.len(),
            cell(&brought.join("; "))
        );
    }
    if !report.coverage.findings.is_empty() {
        out.push('\n');
    }
    for f in &report.coverage.findings {
        let _ = writeln!(out, "- **{}** {} (`{}`; {})", f.severity, f.message, f.rule, f.source);
    }

    heading(&mut out, HEADINGS[5]);
    out.push_str("| Topic | Severity | Answer | Why | Rule | Nodes and flows |\n|---|---|---|---|---|---|\n");
    for f in &report.regulatory {
        let mut answer = f.answer.status.label().to_owned();
        if !f.answer.note.is_empty() {
            answer = format!("{answer}: {}", f.answer.note);
        }
        let ids: Vec<&String> = f.nodes.iter().chain(f.flows.iter()).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&f.name),
            f.severity,
            cell(&answer),
            cell(&f.reason),
            cell(&f.rule_note(&report.assessed_on)),
            cell(&words::list(&ids))
        );
    }

    heading(&mut out, HEADINGS[6]);
    for f in &report.findings {
        let _ = writeln!(out, "- {}", cell(&f.to_string()));
    }
    if report.findings.is_empty() {
        out.push_str("None.\n");
    }

    heading(&mut out, REFERENCES);
    for source in &report.references {
        let _ = write!(out, "- `[{}]` {}.", source.key, cell(&source.reference));
        if !source.url.is_empty() {
            let _ = write!(out, " <{}>", source.url);
        }
        out.push('\n');
    }
    if report.references.is_empty() {
        out.push_str("None cited.\n");
    }
    readable(&out)
}

fn heading(out: &mut String, title: &str) {
    let _ = write!(out, "\n## {title}\n\n");
}

/// Text safe inside a table cell: pipes escaped, line breaks as spaces.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
