//! The worst severity raised for each node (by validation, coverage findings and unanswered
//! regulatory flags), which the canvas shows as a coloured marker, kept up to date report by
//! report: only the nodes an edit touched, and the members of a mark whose severity changed,
//! are looked at again; the per-node table is a [`Markers`].

use rustc_hash::FxHashMap;

use super::listed::Num;
use super::markers::Markers;
use super::tally::Tally;
use crate::model::{Finding, Severity};

/// The severities raised for the nodes meeting each node condition of the rules, by the rules
/// of one report.
pub type ByMark = Vec<Option<Severity>>;

/// Raises `severity` for every node meeting node condition `mark`.
pub fn raise(by_mark: &mut ByMark, mark: usize, severity: Severity) {
    if by_mark.len() <= mark {
        by_mark.resize(mark + 1, None);
    }
    let raised = &mut by_mark[mark];
    *raised = (*raised).max(Some(severity));
}

/// What the last report raised, and its markers.
#[derive(Default)]
pub struct Worst {
    by_mark: ByMark,
    /// The worst finding for each node, by node number.
    by_finding: FxHashMap<Num, Severity>,
    markers: Markers,
}

impl Worst {
    /// The markers after a report whose rules raised `by_mark` and whose validation listed
    /// `findings`: the nodes the tally touched since the last report, the members of every mark
    /// whose severity changed, and the nodes whose findings changed are looked at again.
    pub fn update(&mut self, tally: &mut Tally, by_mark: ByMark, findings: &[Finding]) -> Markers {
        let mut by_finding: FxHashMap<Num, Severity> = FxHashMap::default();
        for finding in findings {
            for n in finding.ids.iter().filter_map(|id| tally.node_number(id)) {
                let worst = by_finding.entry(n).or_insert(finding.severity);
                *worst = (*worst).max(finding.severity);
            }
        }
        let mut again = tally.take_touched();
        let conditions = by_mark.len().max(self.by_mark.len());
        for mark in
            (0..conditions).filter(|m| by_mark.get(*m).copied().flatten() != self.by_mark.get(*m).copied().flatten())
        {
            again.extend(tally.marked(mark).nums());
        }
        let changed = |a: &FxHashMap<Num, Severity>, b: &FxHashMap<Num, Severity>| {
            a.iter()
                .filter(|(n, s)| b.get(*n) != Some(s))
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
        };
        again.extend(changed(&by_finding, &self.by_finding));
        again.extend(changed(&self.by_finding, &by_finding));
        let mut seen = vec![false; tally.node_numbers()];
        again.retain(|n| !std::mem::replace(&mut seen[*n as usize], true));
        let worst = |n: Num| {
            let bits = tally.node_marks(n)?;
            (by_mark.iter().enumerate())
                .filter(|(mark, _)| bits & 1 << mark != 0)
                .filter_map(|(_, raised)| *raised)
                .chain(by_finding.get(&n).copied())
                .max()
        };
        self.markers
            .set_all(again.into_iter().map(|n| (tally.node_id(n), worst(n))));
        self.by_mark = by_mark;
        self.by_finding = by_finding;
        self.markers.clone()
    }
}
