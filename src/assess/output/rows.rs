//! The report's sections as rows of display text, built once from the [`Report`] for the text,
//! Markdown and HTML renderers: every number formatted, every phrase composed ("yes, below 2
//! fails", "Layer 1: 2 of 5"), the list of ids cut short. A renderer only arranges and escapes
//! these strings in its own language; what a section says is decided here.
//!
//! The CSV table is not built from these rows: it has one row per number, machine-readable
//! (raw floats, keys, ids separated by spaces), where these rows are for reading.

use super::{HEADINGS, REFERENCES, edition, marked_score, must_haves, name_with_status, percent, summary};
use crate::assess::report::{LayerCoverage, PlatformFit, RegulatoryFlag, Report, Requirement, RuleFinding};
use crate::assess::words;
use crate::catalog::sources::Source;
use crate::model::{Finding, Severity};

/// The report as sections of rows, in the order every format shows them.
pub struct Rows<'a> {
    pub title: &'a str,
    /// The catalogue edition line under the title.
    pub edition: String,
    pub ranking: Ranking<'a>,
    /// The sensitivity's sentence, or why there is none.
    pub sensitivity: String,
    pub requirements: Vec<RequirementRow<'a>>,
    pub scores: Scores<'a>,
    pub coverage: Coverage<'a>,
    pub regulatory: Vec<FlagRow<'a>>,
    pub findings: &'a [Finding],
    pub references: &'a [Source],
}

/// One section of the report, borrowed from [`Rows`], for a renderer to match on: a new section
/// is a new variant, and every renderer's `match` must then say how it shows it.
#[derive(Clone, Copy)]
pub enum Section<'r, 'a> {
    Ranking(&'r Ranking<'a>),
    Sensitivity(&'r str),
    Requirements(&'r [RequirementRow<'a>]),
    Scores(&'r Scores<'a>),
    Coverage(&'r Coverage<'a>),
    Regulatory(&'r [FlagRow<'a>]),
    Findings(&'a [Finding]),
    References(&'a [Source]),
}

impl Section<'_, '_> {
    /// The section's heading, the same in every format.
    pub fn title(self) -> &'static str {
        match self {
            Section::Ranking(_) => HEADINGS[0],
            Section::Sensitivity(_) => HEADINGS[1],
            Section::Requirements(_) => HEADINGS[2],
            Section::Scores(_) => HEADINGS[3],
            Section::Coverage(_) => HEADINGS[4],
            Section::Regulatory(_) => HEADINGS[5],
            Section::Findings(_) => HEADINGS[6],
            Section::References(_) => REFERENCES,
        }
    }
}

/// A table column: its title, and whether it holds numbers (aligned right).
#[derive(Clone, Copy)]
pub struct Column<'a> {
    pub title: &'a str,
    pub numeric: bool,
}

const fn words(title: &str) -> Column<'_> {
    Column { title, numeric: false }
}

const fn number(title: &str) -> Column<'_> {
    Column { title, numeric: true }
}

/// The columns of the tables Markdown and HTML show; the Markdown ranking adds [`HOW`].
pub const RANKING_COLUMNS: [Column; 6] = [
    number("Rank"),
    words("Platform"),
    number("Weighted"),
    number("TOPSIS"),
    number("TOPSIS rank"),
    words("Must-haves"),
];
pub const HOW: Column = words("How");
pub const REQUIREMENT_COLUMNS: [Column; 5] = [
    words("Criterion"),
    words("Category"),
    number("Weight"),
    words("Must-have"),
    words("Asked by"),
];
pub const COVERAGE_COLUMNS: [Column; 3] = [
    words("Layer or group"),
    number("Covered"),
    words("Components brought (nodes)"),
];
pub const REGULATORY_COLUMNS: [Column; 6] = [
    words("Topic"),
    words("Severity"),
    words("Answer"),
    words("Why"),
    words("Rule"),
    words("Nodes and flows"),
];

/// The ranking: its opening sentence, one row per platform, its notes.
pub struct Ranking<'a> {
    pub summary: String,
    pub platforms: Vec<PlatformRow<'a>>,
    pub notes: Vec<&'a str>,
}

pub struct PlatformRow<'a> {
    pub rank: usize,
    pub name: &'a str,
    /// The name with its support status.
    pub name_with_status: String,
    pub weighted: String,
    pub topsis: String,
    pub topsis_rank: usize,
    pub must_haves: String,
    pub passes: bool,
    pub explanation: &'a str,
}

pub struct RequirementRow<'a> {
    pub name: &'a str,
    pub category: &'a str,
    pub weight: u32,
    /// The must-have threshold, when the criterion is one.
    pub threshold: Option<u8>,
    pub explanation: &'a str,
}

impl RequirementRow<'_> {
    /// "yes, below 2 fails" or "no".
    pub fn must_have(&self) -> String {
        self.threshold
            .map_or("no".to_owned(), |t| format!("yes, below {t} fails"))
    }
}

/// The scores table: one column per platform, one row per criterion.
pub struct Scores<'a> {
    pub platforms: Vec<&'a str>,
    pub criteria: Vec<ScoreRow<'a>>,
    /// Every cell's evidence, platform by platform.
    pub evidence: Vec<&'a str>,
}

impl<'a> Scores<'a> {
    /// The criterion, its weight, and a column of scores per platform.
    pub fn columns(&self) -> Vec<Column<'a>> {
        let platforms = self.platforms.iter().map(|p| number(p));
        [words("Criterion"), number("Weight")]
            .into_iter()
            .chain(platforms)
            .collect()
    }
}

pub struct ScoreRow<'a> {
    pub name: &'a str,
    pub weight: u32,
    /// One cell per platform that scores the criterion.
    pub cells: Vec<ScoreCell<'a>>,
}

pub struct ScoreCell<'a> {
    pub platform: &'a str,
    pub score: u8,
    /// The score with its source mark: "2", "3*", "0?".
    pub marked: String,
    pub explanation: &'a str,
}

pub struct Coverage<'a> {
    pub layers: Vec<LayerRow<'a>>,
    pub findings: &'a [RuleFinding],
}

pub struct LayerRow<'a> {
    pub name: &'a str,
    pub cross_layer: bool,
    pub covered: usize,
    pub components: usize,
    /// "Component: node, node" for each component the project brings.
    pub brought: Vec<String>,
}

pub struct FlagRow<'a> {
    pub name: &'a str,
    pub severity: Severity,
    pub status: &'a str,
    /// The project's answer note, possibly empty.
    pub note: &'a str,
    pub reason: &'a str,
    pub rule_note: String,
    /// The nodes and flows involved, cut short.
    pub ids: String,
    pub source: &'a str,
}

impl FlagRow<'_> {
    /// The answer's status with its note: "answered: by the custodian".
    pub fn answer(&self) -> String {
        if self.note.is_empty() {
            self.status.to_owned()
        } else {
            format!("{}: {}", self.status, self.note)
        }
    }
}

impl<'a> Rows<'a> {
    /// The sections in the order every format shows them.
    pub fn sections(&self) -> [Section<'_, 'a>; 8] {
        [
            Section::Ranking(&self.ranking),
            Section::Sensitivity(&self.sensitivity),
            Section::Requirements(&self.requirements),
            Section::Scores(&self.scores),
            Section::Coverage(&self.coverage),
            Section::Regulatory(&self.regulatory),
            Section::Findings(self.findings),
            Section::References(self.references),
        ]
    }

    pub fn new(report: &'a Report) -> Self {
        let ranking = &report.ranking;
        Rows {
            title: &report.title,
            edition: edition(report),
            ranking: Ranking {
                summary: summary(ranking),
                platforms: ranking.fits.iter().map(PlatformRow::new).collect(),
                notes: ranking.notes.iter().map(|n| n.message.as_str()).collect(),
            },
            sensitivity: (report.sensitivity.as_ref())
                .map_or("Needs at least two platforms and one criterion.".to_owned(), |s| {
                    format!("{}.", s.explanation)
                }),
            requirements: report.requirements.iter().map(RequirementRow::new).collect(),
            scores: Scores::new(report),
            coverage: Coverage {
                layers: report.coverage.layers.iter().map(LayerRow::new).collect(),
                findings: &report.coverage.findings,
            },
            regulatory: (report.regulatory.iter())
                .map(|flag| FlagRow::new(flag, &report.assessed_on))
                .collect(),
            findings: &report.findings,
            references: &report.references,
        }
    }
}

impl<'a> PlatformRow<'a> {
    fn new(fit: &'a PlatformFit) -> Self {
        PlatformRow {
            rank: fit.rank_weighted,
            name: &fit.name,
            name_with_status: name_with_status(fit),
            weighted: percent(fit.weighted),
            topsis: format!("{:.3}", fit.topsis),
            topsis_rank: fit.rank_topsis,
            must_haves: must_haves(fit),
            passes: fit.passes(),
            explanation: &fit.explanation,
        }
    }
}

impl<'a> RequirementRow<'a> {
    fn new(requirement: &'a Requirement) -> Self {
        RequirementRow {
            name: &requirement.name,
            category: &requirement.category,
            weight: requirement.weight,
            threshold: requirement.must_have.then_some(requirement.threshold),
            explanation: &requirement.explanation,
        }
    }
}

impl<'a> Scores<'a> {
    fn new(report: &'a Report) -> Self {
        let fits = &report.ranking.fits;
        let cells = |i: usize| -> Vec<ScoreCell<'a>> {
            (fits.iter())
                .filter_map(|f| {
                    f.cells.get(i).map(|c| ScoreCell {
                        platform: &f.name,
                        score: c.score,
                        marked: marked_score(c.score, c.source),
                        explanation: &c.explanation,
                    })
                })
                .collect()
        };
        Scores {
            platforms: fits.iter().map(|f| f.name.as_str()).collect(),
            criteria: (report.requirements.iter().enumerate())
                .map(|(i, r)| ScoreRow {
                    name: &r.name,
                    weight: r.weight,
                    cells: cells(i),
                })
                .collect(),
            evidence: (fits.iter().flat_map(|f| &f.cells))
                .map(|c| c.explanation.as_str())
                .collect(),
        }
    }
}

impl<'a> LayerRow<'a> {
    fn new(layer: &'a LayerCoverage) -> Self {
        LayerRow {
            name: &layer.name,
            cross_layer: layer.cross_layer,
            covered: layer.covered,
            components: layer.components.len(),
            brought: (layer.components.iter())
                .filter(|c| !c.nodes.is_empty())
                .map(|c| format!("{}: {}", c.name, words::list(&c.nodes)))
                .collect(),
        }
    }
}

impl<'a> FlagRow<'a> {
    fn new(flag: &'a RegulatoryFlag, assessed_on: &str) -> Self {
        let ids: Vec<&String> = flag.nodes.iter().chain(flag.flows.iter()).collect();
        FlagRow {
            name: &flag.name,
            severity: flag.severity,
            status: flag.answer.status.label(),
            note: &flag.answer.note,
            reason: &flag.reason,
            rule_note: flag.rule_note(assessed_on),
            ids: words::list(&ids),
            source: &flag.source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess;
    use crate::assess::output::{HEADINGS, REFERENCES, csv, html, markdown, text};
    use crate::catalog::Catalog;
    use crate::templates;

    fn gold_trade() -> Report {
        let project = templates::find("gold-trade").unwrap().project();
        assess(&project, &Catalog::builtin().with_project(&project))
    }

    #[test]
    fn every_section_and_its_rows_appear_in_every_rendering() {
        let report = gold_trade();
        let rows = Rows::new(&report);
        let (text, markdown, html, csv) = (text(&report), markdown(&report), html(&report, None), csv(&report));
        for title in HEADINGS.into_iter().chain([REFERENCES]) {
            let underline = "-".repeat(title.chars().count());
            assert!(text.contains(&format!("\n{title}\n{underline}\n")), "text: {title}");
            assert!(markdown.contains(&format!("\n## {title}\n")), "markdown: {title}");
            assert_eq!(html.matches(&format!("<h2>{title}</h2>")).count(), 1, "html: {title}");
        }
        let names = (rows.ranking.platforms.iter().map(|p| p.name))
            .chain(rows.requirements.iter().map(|r| r.name))
            .chain(rows.regulatory.iter().map(|f| f.name))
            .chain(rows.references.iter().map(|s| s.key.as_str()));
        for name in names {
            for (format, rendered) in [("text", &text), ("markdown", &markdown), ("csv", &csv)] {
                assert!(rendered.contains(name), "{format}: {name}");
            }
            assert!(html.contains(&crate::markup::html(name)), "html: {name}");
        }
    }

    #[test]
    fn each_language_escapes_a_name_its_own_way() {
        let mut report = gold_trade();
        let odd = "Q|uorum <b> & \"R\", 'S'\nT";
        report.ranking.fits[0].name = odd.to_owned();
        assert!(text(&report).contains(odd), "text keeps it as it is");
        let markdown = markdown(&report);
        assert!(
            markdown.contains("| Q\\|uorum <b> & \"R\", 'S' T |"),
            "a pipe escaped, the break a space"
        );
        let html = html(&report, None);
        assert!(html.contains("<th>Q|uorum &lt;b&gt; &amp; &quot;R&quot;, &#39;S&#39;\nT</th>"));
        assert!(!html.contains("<b>"));
        assert!(
            csv(&report).contains(",\"Q|uorum <b> & \"\"R\"\", 'S'\nT\","),
            "quoted, quotes doubled"
        );
    }

    #[test]
    fn phrases_are_composed_once_for_every_format() {
        let report = gold_trade();
        let rows = Rows::new(&report);
        for (row, requirement) in rows.requirements.iter().zip(&report.requirements) {
            let expected = if requirement.must_have {
                format!("yes, below {} fails", requirement.threshold)
            } else {
                "no".to_owned()
            };
            assert_eq!(row.must_have(), expected);
        }
        for (row, flag) in rows.regulatory.iter().zip(&report.regulatory) {
            assert!(row.answer().starts_with(flag.answer.status.label()));
            assert_eq!(row.answer().len() > row.status.len(), !flag.answer.note.is_empty());
        }
        let cells: usize = rows.scores.criteria.iter().map(|r| r.cells.len()).sum();
        assert_eq!(cells, rows.scores.evidence.len(), "one piece of evidence per cell");
    }
}
