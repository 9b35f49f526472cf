//! What changed in the assessment from one version of a project to another: platforms whose rank
//! or score moved (with the requirements whose weight changed behind it), must-haves newly failed
//! or passed, open regulatory flags raised or cleared, and coverage gaps opened or closed — each
//! with the nodes and flows behind it where the report names them. Plain data compared report
//! against report; `diff --assessment` prints it and the editor's Compare window lists it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::report::{PlatformFit, RegulatoryFlag, Report, Requirement, RuleFinding};
use crate::model::{AnswerStatus, FlowId, NodeId, Severity};

/// Scores closer than this count as unchanged (rounding noise of the sums).
const SAME: f64 = 1e-9;

/// The assessment delta from a report `before` to a report `after`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Delta {
    /// Requirements whose weight, must-have or threshold changed, in criterion order: the causes
    /// of the platform shifts.
    pub requirements: Vec<RequirementShift>,
    /// Platforms whose rank or score changed, in their new weighted-rank order (then removed ones).
    pub platforms: Vec<PlatformShift>,
    /// Must-haves a platform newly fails or newly meets.
    pub must_haves: Vec<MustHaveShift>,
    /// Open regulatory flags raised or cleared, in topic order.
    pub flags: Vec<FlagShift>,
    /// Coverage gaps (the coverage rules' findings) opened or closed, in rule order.
    pub gaps: Vec<GapShift>,
}

/// A requirement whose weight, must-have or threshold changed; `None` where it was not asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequirementShift {
    pub criterion: String,
    pub name: String,
    pub weight_before: Option<u32>,
    pub weight_after: Option<u32>,
    pub must_have_before: bool,
    pub must_have_after: bool,
    /// The nodes whose part in it changed (added, removed, reweighted), in id order.
    pub nodes: Vec<NodeId>,
}

/// A platform whose rank or score changed; `None` where it was not a candidate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatformShift {
    pub platform: String,
    pub name: String,
    pub rank_before: Option<usize>,
    pub rank_after: Option<usize>,
    /// Weighted fit in percent.
    pub weighted_before: Option<f64>,
    pub weighted_after: Option<f64>,
    pub topsis_before: Option<f64>,
    pub topsis_after: Option<f64>,
    pub topsis_rank_before: Option<usize>,
    pub topsis_rank_after: Option<usize>,
}

/// A must-have a platform newly fails (`failed`) or newly meets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MustHaveShift {
    pub platform: String,
    pub platform_name: String,
    pub criterion: String,
    pub name: String,
    pub failed: bool,
    /// The nodes that make it a must-have (after the change, or before for one that passed because
    /// nobody asks any more).
    pub nodes: Vec<NodeId>,
}

/// An open regulatory flag raised (`raised`) or cleared (answered, or no longer raised).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FlagShift {
    pub topic: String,
    pub name: String,
    pub raised: bool,
    pub severity: Severity,
    pub reason: String,
    pub nodes: Vec<NodeId>,
    pub flows: Vec<FlowId>,
}

/// A coverage gap opened (`opened`) or closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GapShift {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub opened: bool,
    pub nodes: Vec<NodeId>,
    pub flows: Vec<FlowId>,
}

/// One line of the delta in plain words with the nodes and flows behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeltaEntry {
    pub sentence: String,
    pub nodes: Vec<NodeId>,
    pub flows: Vec<FlowId>,
}

impl Delta {
    /// Whether nothing in the assessment changed.
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
            && self.platforms.is_empty()
            && self.must_haves.is_empty()
            && self.flags.is_empty()
            && self.gaps.is_empty()
    }

    /// The delta as sentences, requirements first, then platforms, must-haves, flags and gaps.
    pub fn entries(&self) -> Vec<DeltaEntry> {
        let requirements = self.requirements.iter().map(RequirementShift::entry);
        let platforms = self.platforms.iter().map(|p| p.entry(&self.requirements));
        let must_haves = self.must_haves.iter().map(MustHaveShift::entry);
        let flags = self.flags.iter().map(FlagShift::entry);
        let gaps = self.gaps.iter().map(GapShift::entry);
        requirements
            .chain(platforms)
            .chain(must_haves)
            .chain(flags)
            .chain(gaps)
            .collect()
    }
}

/// What changed in the assessment from `before` to `after`.
pub fn delta(before: &Report, after: &Report) -> Delta {
    Delta {
        requirements: requirement_shifts(&before.requirements, &after.requirements),
        platforms: platform_shifts(&before.ranking.fits, &after.ranking.fits),
        must_haves: must_have_shifts(before, after),
        flags: flag_shifts(&before.regulatory, &after.regulatory),
        gaps: gap_shifts(&before.coverage.findings, &after.coverage.findings),
    }
}

/// Entries of `before` and `after` paired by key, in key order.
fn paired<'a, T>(before: &'a [T], after: &'a [T], key: impl Fn(&T) -> &str) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let mut pairs: BTreeMap<&str, (Option<&T>, Option<&T>)> = BTreeMap::new();
    for b in before {
        pairs.entry(key(b)).or_default().0 = Some(b);
    }
    for a in after {
        pairs.entry(key(a)).or_default().1 = Some(a);
    }
    pairs.into_values().collect()
}

fn requirement_shifts(before: &[Requirement], after: &[Requirement]) -> Vec<RequirementShift> {
    let part = |r: &Requirement| (r.weight, r.must_have, r.threshold);
    paired(before, after, |r| &r.criterion)
        .into_iter()
        .filter(|(b, a)| b.map(part) != a.map(part))
        .filter_map(|(b, a)| {
            let either = a.or(b)?;
            let askers = |r: Option<&Requirement>| -> BTreeSet<(NodeId, u8, bool)> {
                r.map(|r| {
                    r.askers
                        .iter()
                        .map(|k| (k.node.clone(), k.weight, k.must_have))
                        .collect()
                })
                .unwrap_or_default()
            };
            let (old, new) = (askers(b), askers(a));
            let nodes: BTreeSet<NodeId> = old.symmetric_difference(&new).map(|(n, ..)| n.clone()).collect();
            Some(RequirementShift {
                criterion: either.criterion.clone(),
                name: either.name.clone(),
                weight_before: b.map(|r| r.weight),
                weight_after: a.map(|r| r.weight),
                must_have_before: b.is_some_and(|r| r.must_have),
                must_have_after: a.is_some_and(|r| r.must_have),
                nodes: nodes.into_iter().collect(),
            })
        })
        .collect()
}

fn platform_shifts(before: &[PlatformFit], after: &[PlatformFit]) -> Vec<PlatformShift> {
    let mut shifts: Vec<PlatformShift> = paired(before, after, |f| &f.platform)
        .into_iter()
        .filter_map(|(b, a)| {
            let either = a.or(b)?;
            let shift = PlatformShift {
                platform: either.platform.clone(),
                name: either.name.clone(),
                rank_before: b.map(|f| f.rank_weighted),
                rank_after: a.map(|f| f.rank_weighted),
                weighted_before: b.map(|f| f.weighted),
                weighted_after: a.map(|f| f.weighted),
                topsis_before: b.map(|f| f.topsis),
                topsis_after: a.map(|f| f.topsis),
                topsis_rank_before: b.map(|f| f.rank_topsis),
                topsis_rank_after: a.map(|f| f.rank_topsis),
            };
            shift.moved().then_some(shift)
        })
        .collect();
    shifts.sort_by_key(|s| (s.rank_after.is_none(), s.rank_after, s.rank_before));
    shifts
}

fn must_have_shifts(before: &Report, after: &Report) -> Vec<MustHaveShift> {
    let failed = |r: &Report| -> BTreeSet<(String, String)> {
        (r.ranking.fits.iter())
            .flat_map(|f| {
                f.failed_must_haves
                    .iter()
                    .map(|m| (f.platform.clone(), m.criterion.clone()))
            })
            .collect()
    };
    let (old, new) = (failed(before), failed(after));
    let candidates = |r: &Report| -> BTreeSet<String> { r.ranking.fits.iter().map(|f| f.platform.clone()).collect() };
    let both = &candidates(before) & &candidates(after);
    let shift = |(platform, criterion): &(String, String), failed: bool| {
        let report = if failed { after } else { before };
        let fit = report.ranking.fits.iter().find(|f| &f.platform == platform);
        let requirement = report.requirements.iter().find(|r| &r.criterion == criterion);
        MustHaveShift {
            platform: platform.clone(),
            platform_name: fit.map_or_else(|| platform.clone(), |f| f.name.clone()),
            criterion: criterion.clone(),
            name: requirement.map_or_else(|| criterion.clone(), |r| r.name.clone()),
            failed,
            nodes: requirement.map_or_else(Vec::new, |r| {
                r.askers
                    .iter()
                    .filter(|k| k.must_have)
                    .map(|k| k.node.clone())
                    .collect()
            }),
        }
    };
    let newly_failed = new
        .difference(&old)
        .filter(|(p, _)| both.contains(p))
        .map(|k| shift(k, true));
    let newly_passed = old
        .difference(&new)
        .filter(|(p, _)| both.contains(p))
        .map(|k| shift(k, false));
    newly_failed.chain(newly_passed).collect()
}

/// Whether a flag is open: raised by a rule in force and not answered.
fn open(flag: &RegulatoryFlag) -> bool {
    flag.raised && flag.in_force && flag.answer.status == AnswerStatus::Open
}

fn flag_shifts(before: &[RegulatoryFlag], after: &[RegulatoryFlag]) -> Vec<FlagShift> {
    paired(before, after, |f| &f.topic)
        .into_iter()
        .filter_map(|(b, a)| {
            let (was, is) = (b.filter(|f| open(f)), a.filter(|f| open(f)));
            let (flag, raised) = match (was, is) {
                (None, Some(f)) => (f, true),
                (Some(f), None) => (f, false),
                _ => return None,
            };
            Some(FlagShift {
                topic: flag.topic.clone(),
                name: flag.name.clone(),
                raised,
                severity: flag.severity,
                reason: flag.reason.clone(),
                nodes: flag.nodes.to_vec(),
                flows: flag.flows.to_vec(),
            })
        })
        .collect()
}

fn gap_shifts(before: &[RuleFinding], after: &[RuleFinding]) -> Vec<GapShift> {
    paired(before, after, |f| &f.rule)
        .into_iter()
        .filter_map(|(b, a)| {
            let (finding, opened) = match (b, a) {
                (None, Some(f)) => (f, true),
                (Some(f), None) => (f, false),
                _ => return None,
            };
            Some(GapShift {
                rule: finding.rule.clone(),
                severity: finding.severity,
                message: finding.message.clone(),
                opened,
                nodes: finding.nodes.to_vec(),
                flows: finding.flows.to_vec(),
            })
        })
        .collect()
}

impl RequirementShift {
    fn entry(&self) -> DeltaEntry {
        let weight = |w: Option<u32>| w.map_or_else(|| "not asked".to_owned(), |w| format!("weight {w}"));
        let mut sentence = format!(
            "requirement {}: {} → {}",
            self.name,
            weight(self.weight_before),
            weight(self.weight_after)
        );
        match (self.must_have_before, self.must_have_after) {
            (false, true) => sentence.push_str(", now a must-have"),
            (true, false) => sentence.push_str(", no longer a must-have"),
            _ => {}
        }
        entry(sentence, &self.nodes, &[])
    }
}

impl PlatformShift {
    /// Whether the platform's rank or a score changed.
    fn moved(&self) -> bool {
        let differ = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() > SAME,
            (a, b) => a.is_some() != b.is_some(),
        };
        self.rank_before != self.rank_after
            || self.topsis_rank_before != self.topsis_rank_after
            || differ(self.weighted_before, self.weighted_after)
            || differ(self.topsis_before, self.topsis_after)
    }

    /// "Corda: rank 2 → 1, weighted 85.9 % → 88.1 % (+2.2 points), TOPSIS 0.713 → 1.000", with the
    /// nodes behind the changed requirements.
    fn entry(&self, causes: &[RequirementShift]) -> DeltaEntry {
        let sentence = match (self.rank_before, self.rank_after) {
            (None, _) => format!("platform {} is now compared: {}", self.name, self.now()),
            (_, None) => format!("platform {} is no longer compared", self.name),
            (Some(b), Some(a)) => {
                let rank = if a == b {
                    format!("rank {a}")
                } else {
                    format!("rank {b} → {a}")
                };
                format!("platform {}: {rank}, {}", self.name, self.scores())
            }
        };
        let nodes: BTreeSet<NodeId> = causes.iter().flat_map(|c| c.nodes.iter().cloned()).collect();
        entry(sentence, &nodes.into_iter().collect::<Vec<_>>(), &[])
    }

    fn now(&self) -> String {
        format!(
            "rank {}, weighted {:.1} %, TOPSIS {:.3}",
            self.rank_after.unwrap_or_default(),
            self.weighted_after.unwrap_or_default(),
            self.topsis_after.unwrap_or_default()
        )
    }

    fn scores(&self) -> String {
        let (wb, wa) = (
            self.weighted_before.unwrap_or_default(),
            self.weighted_after.unwrap_or_default(),
        );
        let (tb, ta) = (
            self.topsis_before.unwrap_or_default(),
            self.topsis_after.unwrap_or_default(),
        );
        let mut text = format!(
            "weighted {wb:.1} % → {wa:.1} % ({:+.1} points), TOPSIS {tb:.3} → {ta:.3}",
            wa - wb
        );
        if let (Some(b), Some(a)) = (self.topsis_rank_before, self.topsis_rank_after)
            && a != b
        {
            text.push_str(&format!(" (TOPSIS rank {b} → {a})"));
        }
        text
    }
}

impl MustHaveShift {
    fn entry(&self) -> DeltaEntry {
        let verb = if self.failed { "now fails" } else { "now meets" };
        entry(
            format!("must-have: {} {verb} {}", self.platform_name, self.name),
            &self.nodes,
            &[],
        )
    }
}

impl FlagShift {
    fn entry(&self) -> DeltaEntry {
        let verb = if self.raised { "raised" } else { "cleared" };
        entry(
            format!(
                "flag {verb}: {} ({}): {}",
                self.name,
                self.severity.label(),
                self.reason
            ),
            &self.nodes,
            &self.flows,
        )
    }
}

impl GapShift {
    fn entry(&self) -> DeltaEntry {
        let verb = if self.opened { "opened" } else { "closed" };
        entry(
            format!(
                "coverage gap {verb}: {} ({}, rule {})",
                self.message,
                self.severity.label(),
                self.rule
            ),
            &self.nodes,
            &self.flows,
        )
    }
}

fn entry(sentence: String, nodes: &[NodeId], flows: &[FlowId]) -> DeltaEntry {
    DeltaEntry {
        sentence,
        nodes: nodes.to_vec(),
        flows: flows.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess;
    use crate::catalog::Catalog;
    use crate::templates;

    fn report(p: &crate::model::Project) -> Report {
        assess(p, &Catalog::builtin().with_project(p))
    }

    #[test]
    fn the_same_report_has_no_delta() {
        let p = templates::find("gold-trade").unwrap().project();
        let r = report(&p);
        assert!(delta(&r, &r).is_empty());
        assert!(delta(&r, &r).entries().is_empty());
    }

    #[test]
    fn a_dropped_candidate_is_listed_as_no_longer_compared() {
        let p = templates::find("gold-trade").unwrap().project();
        let mut q = p.clone();
        q.platforms.remove("goquorum");
        let d = delta(&report(&p), &report(&q));
        let last = d.platforms.last().unwrap();
        assert_eq!((last.platform.as_str(), last.rank_after), ("goquorum", None));
        assert!(
            d.entries()
                .iter()
                .any(|e| e.sentence == "platform GoQuorum is no longer compared")
        );
    }
}
