//! The report's sections as rows of display text, built once from the [`Report`] for the text,
//! Markdown and HTML renderers: every number formatted, every phrase composed ("yes, below 2
//! fails", "Layer 1: 2 of 5"), the list of ids cut short. A renderer only arranges and escapes
//! these strings in its own language; what a section says is decided here.
//!
//! The CSV table is not built from these rows: it has one row per number, machine-readable
//! (raw floats, keys, ids separated by spaces), where these rows are for reading.

use super::{edition, marked_score, must_haves, name_with_status, percent, summary};
use crate::assess::report::{Report, RuleFinding};
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
    pub fn new(report: &'a Report) -> Self {
        let ranking = &report.ranking;
        Rows {
            title: &report.title,
            edition: edition(report),
            ranking: Ranking {
                summary: summary(ranking),
                platforms: (ranking.fits.iter())
                    .map(|fit| PlatformRow {
                        rank: fit.rank_weighted,
                        name: &fit.name,
                        name_with_status: name_with_status(fit),
                        weighted: percent(fit.weighted),
                        topsis: format!("{:.3}", fit.topsis),
                        topsis_rank: fit.rank_topsis,
                        must_haves: must_haves(fit),
                        passes: fit.passes(),
                        explanation: &fit.explanation,
                    })
                    .collect(),
                notes: ranking.notes.iter().map(|n| n.message.as_str()).collect(),
            },
            sensitivity: report
                .sensitivity
                .as_ref()
                .map_or("Needs at least two platforms and one criterion.".to_owned(), |s| {
                    format!("{}.", s.explanation)
                }),
            requirements: (report.requirements.iter())
                .map(|r| RequirementRow {
                    name: &r.name,
                    category: &r.category,
                    weight: r.weight,
                    threshold: r.must_have.then_some(r.threshold),
                    explanation: &r.explanation,
                })
                .collect(),
            scores: Scores {
                platforms: ranking.fits.iter().map(|f| f.name.as_str()).collect(),
                criteria: (report.requirements.iter().enumerate())
                    .map(|(i, r)| ScoreRow {
                        name: &r.name,
                        weight: r.weight,
                        cells: (ranking.fits.iter())
                            .filter_map(|f| {
                                f.cells.get(i).map(|c| ScoreCell {
                                    platform: &f.name,
                                    score: c.score,
                                    marked: marked_score(c.score, c.source),
                                    explanation: &c.explanation,
                                })
                            })
                            .collect(),
                    })
                    .collect(),
                evidence: (ranking.fits.iter().flat_map(|f| &f.cells))
                    .map(|c| c.explanation.as_str())
                    .collect(),
            },
            coverage: Coverage {
                layers: (report.coverage.layers.iter())
                    .map(|layer| LayerRow {
                        name: &layer.name,
                        cross_layer: layer.cross_layer,
                        covered: layer.covered,
                        components: layer.components.len(),
                        brought: (layer.components.iter())
                            .filter(|c| !c.nodes.is_empty())
                            .map(|c| format!("{}: {}", c.name, words::list(&c.nodes)))
                            .collect(),
                    })
                    .collect(),
                findings: &report.coverage.findings,
            },
            regulatory: (report.regulatory.iter())
                .map(|f| {
                    let ids: Vec<&String> = f.nodes.iter().chain(f.flows.iter()).collect();
                    FlagRow {
                        name: &f.name,
                        severity: f.severity,
                        status: f.answer.status.label(),
                        note: &f.answer.note,
                        reason: &f.reason,
                        rule_note: f.rule_note(&report.assessed_on),
                        ids: words::list(&ids),
                        source: &f.source,
                    }
                })
                .collect(),
            findings: &report.findings,
            references: &report.references,
        }
    }
}
