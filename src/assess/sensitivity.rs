//! Sensitivity of the weighted ranking (a sensitivity analysis of the weighted sum, analyst judgement [INF]):
//! for the top two platforms, the smallest change to one criterion's summed weight that puts the
//! second ahead of the first, or that none does. When the two tie (the same score, and both
//! meet the must-haves or both fail), it says so, and names the smallest change that breaks the tie.
//!
//! Weights stay whole numbers of 0 or more (a summed weight is a sum of 1–5 node weights; 0
//! means the criterion no longer counts). Both scores share the denominator Σ weight × 3, so the
//! order depends only on D = Σ wⱼ (aⱼ − bⱼ) (a = first's scores, b = second's). Changing wⱼ by δ
//! changes D by δ (aⱼ − bⱼ); the second is ahead when D becomes negative, so the smallest whole
//! δ is ⌊D / |aⱼ − bⱼ|⌋ + 1, raising wⱼ where the second scores higher and lowering it (not below
//! 0) where the first does.

use super::fit::TIE;
use super::report::{PlatformFit, Ranking, Requirement, Sensitivity, WeightChange};
use super::weighted::Weighted;

/// The sensitivity of the top two of the weighted ranking; `None` with fewer than two candidates
/// or no requirements.
pub fn sensitivity(ranking: &Ranking, requirements: &[Requirement]) -> Option<Sensitivity> {
    let [first, second, ..] = ranking.fits.as_slice() else {
        return None;
    };
    if requirements.is_empty() {
        return None;
    }
    let margin = first.weighted - second.weighted;
    let change = if first.passes() && !second.passes() {
        None
    } else {
        smallest_change(first, second, requirements)
    };
    let explanation = if first.passes() == second.passes() && margin.abs() <= TIE {
        tie(first, second, change.as_ref())
    } else {
        beaten(first, second, margin, change.as_ref())
    };
    Some(Sensitivity {
        first: first.platform.clone(),
        second: second.platform.clone(),
        margin,
        change,
        explanation,
    })
}

/// "“A” and “B” tie at 75.0 %; raising the weight of “Q” from 2 to 3 breaks the tie …".
fn tie(first: &PlatformFit, second: &PlatformFit, change: Option<&WeightChange>) -> String {
    let tied = format!("“{}” and “{}” tie at {:.1} %", first.name, second.name, first.weighted);
    match change {
        Some(c) => format!("{tied}; {}", weight_change(c, second, "breaks the tie, putting")),
        None => format!("{tied}; they score the same on every criterion, so no weight change breaks the tie"),
    }
}

/// "raising the weight of “X” from 2 to 5 `does` “B” ahead (… % against … %) — the smallest
/// change of one criterion's summed weight that does".
fn weight_change(c: &WeightChange, second: &PlatformFit, does: &str) -> String {
    format!(
        "{} the weight of “{}” from {} to {} {does} “{}” ahead ({:.1} % against {:.1} %) — the smallest change of \
         one criterion's summed weight that does",
        if c.to > c.from { "raising" } else { "lowering" },
        c.name,
        c.from,
        c.to,
        second.name,
        c.second_after,
        c.first_after
    )
}

/// How the first leads the second, and what weight change would put the second ahead.
fn beaten(first: &PlatformFit, second: &PlatformFit, margin: f64, change: Option<&WeightChange>) -> String {
    let lead = lead(first, second, margin);
    match change {
        Some(c) => format!("{lead}; {}", weight_change(c, second, "puts")),
        None if !second.passes() && first.passes() => format!(
            "{lead}; “{}” fails a must-have, so no weight change puts it ahead (only its scores or the threshold can)",
            second.name
        ),
        None => format!(
            "{lead}; no change to one criterion's weight puts “{}” ahead",
            second.name
        ),
    }
}

/// "“A” leads “B” by 6.7 points", or, when the first ranks higher by meeting every must-have
/// though the second has more points, "“A” ranks above “B” though it scores 4.4 points less".
fn lead(first: &PlatformFit, second: &PlatformFit, margin: f64) -> String {
    if margin <= -0.05 {
        format!(
            "“{}” ranks above “{}” though it scores {:.1} points less",
            first.name, second.name, -margin
        )
    } else {
        // Not below +0.0, so that a margin of -0.01 does not show as "-0.0".
        format!(
            "“{}” leads “{}” by {:.1} points",
            first.name,
            second.name,
            margin.max(0.0) + 0.0
        )
    }
}

fn smallest_change(first: &PlatformFit, second: &PlatformFit, requirements: &[Requirement]) -> Option<WeightChange> {
    let diffs: Vec<i64> = first
        .cells
        .iter()
        .zip(&second.cells)
        .map(|(a, b)| i64::from(a.score) - i64::from(b.score))
        .collect();
    let lead: i64 = requirements
        .iter()
        .zip(&diffs)
        .map(|(r, d)| i64::from(r.weight) * d)
        .sum();
    let mut best: Option<(i64, usize, u32)> = None;
    for (j, (r, &diff)) in requirements.iter().zip(&diffs).enumerate() {
        let step = lead.max(0) / diff.abs().max(1) + 1;
        let to = match diff.signum() {
            -1 => i64::from(r.weight) + step,
            1 if step <= i64::from(r.weight) => i64::from(r.weight) - step,
            _ => continue,
        };
        if best.is_none_or(|(s, _, _)| step < s) {
            best = Some((step, j, u32::try_from(to).ok()?));
        }
    }
    let (_, j, to) = best?;
    let score_with = |fit: &PlatformFit| {
        Weighted::of(
            fit.cells
                .iter()
                .enumerate()
                .map(|(i, c)| (if i == j { to } else { c.weight }, c.score)),
        )
        .percent()
    };
    Some(WeightChange {
        criterion: requirements[j].criterion.clone(),
        name: requirements[j].name.clone(),
        from: requirements[j].weight,
        to,
        first_after: score_with(first),
        second_after: score_with(second),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::report::{Candidates, Cell, FailedMustHave, ScoreSource};

    fn requirement(key: &str, weight: u32) -> Requirement {
        Requirement {
            criterion: key.into(),
            name: key.to_uppercase(),
            category: String::new(),
            weight,
            must_have: false,
            threshold: 2,
            askers: std::sync::Arc::from([]),
            explanation: String::new(),
        }
    }

    fn fit(key: &str, requirements: &[Requirement], scores: &[u8]) -> PlatformFit {
        let cells: Vec<Cell> = requirements
            .iter()
            .zip(scores)
            .map(|(r, &score)| Cell {
                criterion: r.criterion.clone(),
                weight: r.weight,
                score,
                source: ScoreSource::Catalogue,
                evidence: String::new(),
                explanation: String::new(),
            })
            .collect();
        PlatformFit {
            platform: key.into(),
            name: key.to_uppercase(),
            status: crate::catalog::Status::Active,
            as_of: String::new(),
            weighted: Weighted::of(cells.iter().map(|c| (c.weight, c.score))).percent(),
            topsis: 0.0,
            rank_weighted: 0,
            rank_topsis: 0,
            failed_must_haves: Vec::new(),
            cells,
            explanation: String::new(),
        }
    }

    fn ranking(fits: Vec<PlatformFit>) -> Ranking {
        Ranking {
            candidates: Candidates::Project,
            criteria: 0,
            total_weight: 0,
            fits,
            notes: Vec::new(),
        }
    }

    #[test]
    fn the_smallest_swap_matches_a_hand_computation() {
        // Weights q = 5, p = 3, m = 2. First scores (3, 1, 2), second (1, 3, 3).
        // D = 5·2 + 3·(−2) + 2·(−1) = 2 (first: 22/30 = 73.3 %, second: 20/30 = 66.7 %).
        // q: first better by 2 → lower by ⌊2/2⌋ + 1 = 2 (5 → 3).
        // p: second better by 2 → raise by ⌊2/2⌋ + 1 = 2 (3 → 5).
        // m: second better by 1 → raise by ⌊2/1⌋ + 1 = 3 (2 → 5).
        // Smallest is 2; q comes first. After q = 3: first 16/24 = 66.7 %, second 18/24 = 75 %.
        let reqs = [requirement("q", 5), requirement("p", 3), requirement("m", 2)];
        let r = ranking(vec![fit("a", &reqs, &[3, 1, 2]), fit("b", &reqs, &[1, 3, 3])]);
        let s = sensitivity(&r, &reqs).unwrap();
        assert!((s.margin - 200.0 / 30.0).abs() < 1e-9, "{}", s.margin);
        let c = s.change.unwrap();
        assert_eq!((c.criterion.as_str(), c.from, c.to), ("q", 5, 3));
        assert!((c.first_after - 1600.0 / 24.0).abs() < 1e-9 && (c.second_after - 75.0).abs() < 1e-9);
        assert_eq!(
            s.explanation,
            "“A” leads “B” by 6.7 points; lowering the weight of “Q” from 5 to 3 puts “B” ahead (75.0 % against \
             66.7 %) — the smallest change of one criterion's summed weight that does"
        );
    }

    #[test]
    fn a_weight_cannot_go_below_zero() {
        // One criterion, first better everywhere: lowering q from 1 to 0 only ties (D = 0),
        // which does not swap; no other criterion helps.
        let reqs = [requirement("q", 1), requirement("p", 4)];
        let r = ranking(vec![fit("a", &reqs, &[3, 2]), fit("b", &reqs, &[2, 2])]);
        let s = sensitivity(&r, &reqs).unwrap();
        assert_eq!(s.change, None);
        assert!(
            s.explanation
                .ends_with("no change to one criterion's weight puts “B” ahead"),
            "{}",
            s.explanation
        );
        // Weights q = 5, p = 4; first (3, 2), second (2, 3): D = 5 − 4 = 1.
        let reqs = [requirement("q", 5), requirement("p", 4)];
        let r = ranking(vec![fit("a", &reqs, &[3, 2]), fit("b", &reqs, &[2, 3])]);
        let c = sensitivity(&r, &reqs).unwrap().change.unwrap();
        // q: lower by ⌊1/1⌋ + 1 = 2 (5 → 3); p: raise by 2 (4 → 6). Tie on size: q comes first.
        assert_eq!((c.criterion.as_str(), c.from, c.to), ("q", 5, 3));
    }

    #[test]
    fn a_must_have_failure_is_not_a_matter_of_weight() {
        let reqs = [requirement("q", 5)];
        let mut second = fit("b", &reqs, &[1]);
        second.failed_must_haves.push(FailedMustHave {
            criterion: "q".into(),
            name: "Q".into(),
            score: 1,
            threshold: 2,
        });
        let r = ranking(vec![fit("a", &reqs, &[0]), second]);
        let s = sensitivity(&r, &reqs).unwrap();
        assert_eq!(s.change, None);
        assert!(s.explanation.contains("“B” fails a must-have"), "{}", s.explanation);
        assert!(
            s.explanation
                .starts_with("“A” ranks above “B” though it scores 33.3 points less; “B” fails"),
            "never “leads by -33.3 points”: {}",
            s.explanation
        );
    }

    #[test]
    fn a_tie_reads_as_a_tie_with_the_change_that_breaks_it() {
        // Weights q = 2, p = 2; first (3, 1), second (1, 3): both 8 of 12 = 66.7 %.
        let reqs = [requirement("q", 2), requirement("p", 2)];
        let r = ranking(vec![fit("a", &reqs, &[3, 1]), fit("b", &reqs, &[1, 3])]);
        let s = sensitivity(&r, &reqs).unwrap();
        let c = s.change.clone().unwrap();
        // One step on either criterion breaks it; q comes first: lowering it 2 → 1 favours b.
        assert_eq!((c.criterion.as_str(), c.from, c.to), ("q", 2, 1));
        assert_eq!(
            s.explanation,
            "“A” and “B” tie at 66.7 %; lowering the weight of “Q” from 2 to 1 breaks the tie, putting “B” ahead \
             (77.8 % against 55.6 %) — the smallest change of one criterion's summed weight that does"
        );
        assert!(!s.explanation.contains("leads"), "never “leads by 0.0 points”");

        let same = ranking(vec![fit("a", &reqs, &[2, 2]), fit("b", &reqs, &[2, 2])]);
        let s = sensitivity(&same, &reqs).unwrap();
        assert_eq!(s.change, None);
        assert!(
            s.explanation.ends_with("no weight change breaks the tie"),
            "{}",
            s.explanation
        );
    }

    #[test]
    fn nothing_to_compare() {
        let reqs = [requirement("q", 5)];
        assert_eq!(sensitivity(&ranking(vec![fit("a", &reqs, &[3])]), &reqs), None);
        assert_eq!(
            sensitivity(&ranking(vec![fit("a", &[], &[]), fit("b", &[], &[])]), &[]),
            None
        );
    }
}
