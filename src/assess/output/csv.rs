//! The report as one CSV table (RFC 4180), one row per number, for spreadsheets.
//!
//! Columns: `section,key,name,platform,weight,score,value,rank,severity,status,ids,explanation`.
//! Each section fills the columns that apply to it:
//! - `requirement`: criterion key and name, summed weight, threshold as value and `must-have`
//!   as status when it is one, asking node ids;
//! - `weighted` and `topsis`: platform key and name, the score (percent or closeness) as value,
//!   the rank, `pass` or `fail` as status;
//! - `cell`: criterion key and name, platform, weight, score, the score's source as status;
//! - `sensitivity`: the criterion whose weight change swaps the top two, the margin as value,
//!   the new weight as weight;
//! - `coverage`: component key and name, the layer key as status, how many nodes bring it as
//!   value, their ids;
//! - `coverage_finding`, `regulatory`, `finding`: rule or topic, severity, answer as status, ids;
//! - `lifecycle`: platform key and name, its support status, the date its profile is current to
//!   as value;
//! - `reference`: a cited source's key, full reference as name and URL as explanation.

use super::source;
use crate::assess::report::Report;

const HEADER: &str = "section,key,name,platform,weight,score,value,rank,severity,status,ids,explanation";

/// One CSV row; empty columns stay empty.
#[derive(Default)]
struct Row<'a> {
    section: &'a str,
    key: &'a str,
    name: &'a str,
    platform: &'a str,
    weight: String,
    score: String,
    value: String,
    rank: String,
    severity: &'a str,
    status: &'a str,
    ids: String,
    explanation: &'a str,
}

impl Row<'_> {
    fn write(&self, out: &mut String) {
        let fields = [
            self.section,
            self.key,
            self.name,
            self.platform,
            &self.weight,
            &self.score,
            &self.value,
            &self.rank,
            self.severity,
            self.status,
            &self.ids,
            self.explanation,
        ];
        let quoted: Vec<String> = fields.iter().map(|f| field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    }
}

/// The report as CSV with a header row and CRLF line ends.
pub fn csv(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str("\r\n");
    for r in &report.requirements {
        Row {
            section: "requirement",
            key: &r.criterion,
            name: &r.name,
            weight: r.weight.to_string(),
            value: if r.must_have {
                r.threshold.to_string()
            } else {
                String::new()
            },
            status: if r.must_have { "must-have" } else { "" },
            ids: r.askers.iter().map(|a| a.node.as_str()).collect::<Vec<_>>().join(" "),
            explanation: &r.explanation,
            ..Row::default()
        }
        .write(&mut out);
    }
    for fit in &report.ranking.fits {
        let status = if fit.passes() { "pass" } else { "fail" };
        for (section, value, rank) in [
            ("weighted", fit.weighted, fit.rank_weighted),
            ("topsis", fit.topsis, fit.rank_topsis),
        ] {
            Row {
                section,
                key: &fit.platform,
                name: &fit.name,
                value: value.to_string(),
                rank: rank.to_string(),
                status,
                explanation: &fit.explanation,
                ..Row::default()
            }
            .write(&mut out);
        }
    }
    for fit in &report.ranking.fits {
        for (c, r) in fit.cells.iter().zip(&report.requirements) {
            Row {
                section: "cell",
                key: &c.criterion,
                name: &r.name,
                platform: &fit.platform,
                weight: c.weight.to_string(),
                score: c.score.to_string(),
                status: source(c.source),
                explanation: &c.explanation,
                ..Row::default()
            }
            .write(&mut out);
        }
    }
    if let Some(s) = &report.sensitivity {
        let change = s.change.as_ref();
        Row {
            section: "sensitivity",
            key: change.map_or("", |c| c.criterion.as_str()),
            name: change.map_or("", |c| c.name.as_str()),
            weight: change.map_or(String::new(), |c| c.to.to_string()),
            value: s.margin.to_string(),
            explanation: &s.explanation,
            ..Row::default()
        }
        .write(&mut out);
    }
    for layer in &report.coverage.layers {
        for c in &layer.components {
            Row {
                section: "coverage",
                key: &c.component,
                name: &c.name,
                value: c.nodes.len().to_string(),
                status: &layer.layer,
                ids: c.nodes.join(" "),
                ..Row::default()
            }
            .write(&mut out);
        }
    }
    for f in &report.coverage.findings {
        Row {
            section: "coverage_finding",
            key: &f.rule,
            severity: f.severity.label(),
            ids: f
                .nodes
                .iter()
                .chain(f.flows.iter())
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" "),
            explanation: &f.message,
            ..Row::default()
        }
        .write(&mut out);
    }
    for f in &report.regulatory {
        Row {
            section: "regulatory",
            key: &f.topic,
            name: &f.name,
            severity: f.severity.label(),
            status: f.answer.status.label(),
            ids: f
                .nodes
                .iter()
                .chain(f.flows.iter())
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" "),
            explanation: &f.reason,
            ..Row::default()
        }
        .write(&mut out);
    }
    for f in &report.findings {
        Row {
            section: "finding",
            severity: f.severity.label(),
            ids: f.ids.join(" "),
            explanation: &f.message,
            ..Row::default()
        }
        .write(&mut out);
    }
    for fit in &report.ranking.fits {
        Row {
            section: "lifecycle",
            platform: &fit.platform,
            name: &fit.name,
            value: fit.as_of.clone(),
            status: fit.status.label(),
            ..Row::default()
        }
        .write(&mut out);
    }
    for source in &report.references {
        Row {
            section: "reference",
            key: &source.key,
            name: &source.reference,
            explanation: &source.url,
            ..Row::default()
        }
        .write(&mut out);
    }
    out
}

/// A field quoted when it holds a comma, a quote or a line break; quotes doubled.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}
