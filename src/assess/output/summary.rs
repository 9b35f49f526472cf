//! The executive summary the PDF and HTML reports open with: a few plain sentences for a reader
//! who reads nothing else — the recommended platform(s) under each method and how firm the lead
//! is, the must-haves platforms fail, the open regulatory flags of warning or error severity, the
//! coverage gaps, and the model's own errors. Lists are cut short so it fits on one page.

use super::{name_with_status, percent};
use crate::assess::report::{PlatformFit, RegulatoryFlag, Report};
use crate::assess::words::count_as;
use crate::model::{AnswerStatus, Severity};

/// How many items of one kind the summary names before "and N more".
const NAMED: usize = 5;

/// The heading the summary goes under.
pub const EXECUTIVE_SUMMARY: &str = "Executive summary";

/// The summary as paragraphs of plain sentences.
pub fn executive_summary(report: &Report) -> Vec<String> {
    let mut paragraphs = vec![recommendation(report)];
    paragraphs.extend(lead(report));
    paragraphs.push(must_have_failures(&report.ranking.fits));
    paragraphs.push(severe_flags(&report.regulatory));
    paragraphs.push(coverage_gaps(report));
    paragraphs.extend(model_errors(report));
    paragraphs
}

/// Which platforms each method recommends: the first that meet every must-have.
fn recommendation(report: &Report) -> String {
    let fits = &report.ranking.fits;
    if fits.is_empty() {
        return "No platform is compared: the project lists none and the catalogue has none.".to_owned();
    }
    if report.requirements.is_empty() {
        return "Nothing is ranked yet: no node asks for an assessment criterion.".to_owned();
    }
    let first = |rank: fn(&PlatformFit) -> usize| -> Vec<&PlatformFit> {
        fits.iter().filter(|f| f.passes() && rank(f) == 1).collect()
    };
    let weighted = first(|f| f.rank_weighted);
    let topsis = first(|f| f.rank_topsis);
    if weighted.is_empty() && topsis.is_empty() {
        return format!(
            "No compared platform meets every must-have, so none is recommended; the best weighted fit is {} ({}).",
            name_with_status(&fits[0]),
            percent(fits[0].weighted)
        );
    }
    let names = |list: &[&PlatformFit]| {
        let named: Vec<String> = list.iter().map(|f| name_with_status(f)).collect();
        and_list(&named)
    };
    let verb = |list: &[&PlatformFit]| if list.len() == 1 { "is" } else { "are" };
    let mut text = format!(
        "Under the weighted sum, {} {} recommended ({}).",
        names(&weighted),
        verb(&weighted),
        weighted
            .iter()
            .map(|f| percent(f.weighted))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if weighted
        .iter()
        .map(|f| &f.platform)
        .eq(topsis.iter().map(|f| &f.platform))
    {
        text.push_str(" TOPSIS agrees.");
    } else if topsis.is_empty() {
        text.push_str(" Under TOPSIS no platform meeting every must-have ranks first.");
    } else {
        text.push_str(&format!(
            " Under TOPSIS, {} {} recommended (closeness {}).",
            names(&topsis),
            verb(&topsis),
            topsis
                .iter()
                .map(|f| format!("{:.3}", f.topsis))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    text
}

/// How firm the weighted lead is (the sensitivity's sentence).
fn lead(report: &Report) -> Option<String> {
    report.sensitivity.as_ref().map(|s| format!("{}.", s.explanation))
}

fn must_have_failures(fits: &[PlatformFit]) -> String {
    let failing: Vec<String> = fits
        .iter()
        .filter(|f| !f.passes())
        .map(|f| {
            let failed: Vec<String> = (f.failed_must_haves.iter())
                .map(|m| format!("{} (scores {}, needs {})", m.name, m.score, m.threshold))
                .collect();
            format!("{} fails {}", f.name, and_list(&failed))
        })
        .collect();
    if failing.is_empty() {
        return "Every compared platform meets every must-have.".to_owned();
    }
    format!("Must-have failures: {}.", cut(&failing, "; "))
}

/// Whether a flag is open and severe: raised by a rule in force, unanswered, warning or worse.
fn open_and_severe(flag: &RegulatoryFlag) -> bool {
    flag.raised && flag.in_force && flag.answer.status == AnswerStatus::Open && flag.severity >= Severity::Warning
}

fn severe_flags(flags: &[RegulatoryFlag]) -> String {
    let open: Vec<String> = (flags.iter().filter(|f| open_and_severe(f)))
        .map(|f| format!("{} ({}: {})", f.name, f.severity.label(), f.reason))
        .collect();
    if open.is_empty() {
        return "No regulatory flag of warning or error severity is open.".to_owned();
    }
    format!(
        "{} of warning or error severity {} open: {}.",
        count_as(open.len(), "regulatory flag", "regulatory flags"),
        if open.len() == 1 { "is" } else { "are" },
        cut(&open, "; ")
    )
}

fn coverage_gaps(report: &Report) -> String {
    let coverage = &report.coverage;
    let gaps: Vec<String> = (coverage.findings.iter())
        .map(|f| format!("{} ({})", f.message, f.severity.label()))
        .collect();
    let empty: Vec<String> = (coverage.layers.iter())
        .filter(|l| l.covered == 0)
        .map(|l| l.name.clone())
        .collect();
    let mut text = if gaps.is_empty() {
        "No coverage rule finds a gap.".to_owned()
    } else {
        format!("Coverage gaps: {}.", cut(&gaps, "; "))
    };
    if !empty.is_empty() {
        text.push_str(&format!(" No node brings a component of the {}.", and_list(&empty)));
    }
    text
}

fn model_errors(report: &Report) -> Option<String> {
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    (errors + warnings > 0).then(|| {
        format!(
            "The model itself has {} and {} (see Validation findings).",
            count_as(errors, "error", "errors"),
            count_as(warnings, "warning", "warnings")
        )
    })
}

/// The first few items joined by `separator`, with "and N more" when there are more.
fn cut(items: &[String], separator: &str) -> String {
    let mut text = items.iter().take(NAMED).cloned().collect::<Vec<_>>().join(separator);
    if items.len() > NAMED {
        text.push_str(&format!("{separator}and {} more", items.len() - NAMED));
    }
    text
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_sentences_and_stay_short() {
        let items: Vec<String> = (1..=7).map(|i| i.to_string()).collect();
        assert_eq!(and_list(&items[..3]), "1, 2 and 3");
        assert_eq!(cut(&items, "; "), "1; 2; 3; 4; 5; and 2 more");
    }
}
