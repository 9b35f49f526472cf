//! The report as text for a terminal, Markdown, CSV, JSON and a self-contained HTML page. Each
//! is a pure function of the report returning a `String`; the numbers are the report's, rounded
//! only for display (JSON keeps them whole).
//!
//! Text, Markdown and HTML render one model, `rows`: the report's sections, in order, as rows of
//! display text built once; each renderer matches on the section and only arranges and escapes
//! (Markdown's `escape` in `markdown`, HTML's in `crate::markup`). CSV is one row per number,
//! machine-readable, and is written from the report directly; JSON is the report serialised.

mod csv;
mod html;
mod markdown;
pub mod pdf;
mod rows;
pub mod summary;
mod text;

pub use csv::csv;
pub use html::{HtmlExtras, html, html_with};
pub use markdown::markdown;
pub use text::text;

use super::report::{Candidates, PlatformFit, Report, ScoreSource};
use crate::catalog::Status;

/// The report as pretty-printed JSON: every number with its explanation, in a fixed order.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// The ranking's opening line: how many criteria, their total weight, what is compared.
fn summary(ranking: &super::Ranking) -> String {
    format!(
        "{}, total weight {}; comparing {}.",
        super::words::count_as(ranking.criteria, "criterion", "criteria"),
        ranking.total_weight,
        candidates(ranking.candidates)
    )
}

/// Which platforms are compared, as a phrase.
fn candidates(candidates: Candidates) -> &'static str {
    match candidates {
        Candidates::Project => "the project's candidate platforms",
        Candidates::Catalogue => "every catalogue platform (the project lists none)",
    }
}

/// "catalogue", "override", "missing".
fn source(source: ScoreSource) -> &'static str {
    match source {
        ScoreSource::Catalogue => "catalogue",
        ScoreSource::Override => "override",
        ScoreSource::Missing => "missing",
    }
}

/// A score with a mark for where it comes from: "2", "3*" (override), "0?" (missing).
pub fn marked_score(score: u8, from: ScoreSource) -> String {
    match from {
        ScoreSource::Catalogue => score.to_string(),
        ScoreSource::Override => format!("{score}*"),
        ScoreSource::Missing => format!("{score}?"),
    }
}

/// "meets every must-have" or "FAILS Query (1 < 2), …".
pub fn must_haves(fit: &PlatformFit) -> String {
    if fit.passes() {
        return "meets every must-have".to_owned();
    }
    let failed: Vec<String> = fit
        .failed_must_haves
        .iter()
        .map(|f| format!("{} ({} < {})", f.name, f.score, f.threshold))
        .collect();
    format!("FAILS {}", failed.join(", "))
}

/// The platform's name with its support status: "GoQuorum (end of support)".
pub fn name_with_status(fit: &PlatformFit) -> String {
    match fit.status {
        Status::Unstated => fit.name.clone(),
        status => format!("{} ({})", fit.name, status.label()),
    }
}

/// "Catalogue 2026.12 of 2026-12-06; sources are cited by key …": the line under the title.
fn edition(report: &Report) -> String {
    format!(
        "Catalogue {} of {}; sources are cited by key and listed under References.",
        report.catalogue.version, report.catalogue.date
    )
}

/// Percent with one decimal: "78.6 %".
fn percent(value: f64) -> String {
    format!("{value:.1} %")
}

/// The sections every format has, in order, with their headings.
const HEADINGS: [&str; 7] = [
    "Platform ranking",
    "Sensitivity",
    "Requirements",
    "Scores (criteria × platforms)",
    "Architecture coverage",
    "Regulatory topics",
    "Validation findings",
];

/// The headings of the diagram and its step list in the PDF and HTML reports.
const DIAGRAM: &str = "Diagram";
const STEPS: &str = "Steps";

/// The heading of the references that end the text, Markdown and HTML reports.
const REFERENCES: &str = "References";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess;
    use crate::catalog::Catalog;
    use crate::templates;

    #[test]
    fn every_template_renders_in_every_format() {
        for template in templates::all() {
            let project = template.project();
            let report = assess(&project, &Catalog::builtin().with_project(&project));
            for (format, text) in [
                ("text", text(&report)),
                ("markdown", markdown(&report)),
                ("csv", csv(&report)),
                ("json", json(&report)),
                ("html", html(&report, None)),
            ] {
                assert!(
                    text.contains(&report.title) || format == "csv",
                    "{}: {format}",
                    template.key
                );
                for fit in &report.ranking.fits {
                    assert!(
                        text.contains(&fit.name) || text.contains(&fit.platform),
                        "{}: {format}",
                        template.key
                    );
                }
            }
            let parsed: serde_json::Value = serde_json::from_str(&json(&report)).unwrap();
            assert_eq!(parsed["title"], report.title.as_str());
        }
    }

    #[test]
    fn the_html_embeds_the_diagram_once_given() {
        let project = templates::find("gold-trade").unwrap().project();
        let report = assess(&project, &Catalog::builtin().with_project(&project));
        let png = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
        let page = html(&report, Some(&png));
        assert_eq!(page.matches("src=\"data:image/png;base64,iVBORw0KGgo=\"").count(), 1);
        assert!(!html(&report, None).contains("<img"));
    }
}
