//! Platform fit: each candidate platform's score on every requirement (from the catalogue or the
//! project's override), its weighted score and TOPSIS closeness, its rank under both methods,
//! and the must-haves it fails (after CREDO's weighted criteria and hard constraints [CREDO]).

use super::report::{Candidates, Cell, FailedMustHave, PlatformFit, Ranking, Requirement, ScoreSource};
use super::topsis::{self, Closeness};
use super::weighted::{MAX_SCORE, Weighted};
use crate::catalog::{Catalog, Platform};
use crate::model::{Finding, Project, Severity};

/// Scores closer than this count as equal when ranking.
pub(super) const TIE: f64 = 1e-9;

/// The note a project without criteria gets.
pub const NO_CRITERIA: &str = "no criteria yet: attach criteria to nodes to rank platforms";

/// Scores and ranks the candidate platforms: the project's platforms the catalogue knows, or
/// every catalogue platform not at end of support when the project lists none.
pub fn ranking(project: &Project, catalog: &Catalog, requirements: &[Requirement]) -> Ranking {
    let (candidates, platforms): (Candidates, Vec<&Platform>) = if project.platforms.is_empty() {
        let supported = catalog.platforms.iter().filter(|p| !p.is_end_of_support());
        (Candidates::Catalogue, supported.collect())
    } else {
        (
            Candidates::Project,
            project
                .platforms
                .keys()
                .filter_map(|key| catalog.platform(key))
                .collect(),
        )
    };
    let mut notes = Vec::new();
    if requirements.is_empty() {
        notes.push(note(NO_CRITERIA.to_owned()));
    }
    if candidates == Candidates::Catalogue {
        notes.push(note(
            "the project lists no candidate platforms: every catalogue platform is compared".to_owned(),
        ));
    }
    notes.extend(end_of_support_notes(catalog, candidates, &platforms));
    if candidates == Candidates::Project && platforms.is_empty() {
        notes.push(note(
            "none of the project's candidate platforms is in the catalogue".to_owned(),
        ));
    }

    let cells: Vec<Vec<Cell>> = platforms.iter().map(|p| cells(project, p, requirements)).collect();
    let weighted: Vec<Weighted> = cells
        .iter()
        .map(|row| Weighted::of(row.iter().map(|c| (c.weight, c.score))))
        .collect();
    let matrix: Vec<Vec<f64>> = cells
        .iter()
        .map(|row| row.iter().map(|c| f64::from(c.score)).collect())
        .collect();
    let weights: Vec<f64> = requirements.iter().map(|r| f64::from(r.weight)).collect();
    let closeness = topsis::closeness(&matrix, &weights);
    let failed: Vec<Vec<FailedMustHave>> = cells.iter().map(|row| failed_must_haves(requirements, row)).collect();
    let passes: Vec<bool> = failed.iter().map(Vec::is_empty).collect();
    let percents: Vec<f64> = weighted.iter().map(|w| w.percent()).collect();
    let coefficients: Vec<f64> = closeness.iter().map(|c| c.coefficient).collect();
    let rank_weighted = ranks(&percents, &passes);
    let rank_topsis = ranks(&coefficients, &passes);

    let mut fits: Vec<PlatformFit> = platforms
        .iter()
        .zip(cells)
        .zip(failed)
        .enumerate()
        .map(|(i, ((platform, cells), failed_must_haves))| PlatformFit {
            platform: platform.key.clone(),
            name: platform.name.clone(),
            status: platform.lifecycle.status,
            as_of: platform.lifecycle.as_of.clone(),
            weighted: percents[i],
            topsis: coefficients[i],
            rank_weighted: rank_weighted[i],
            rank_topsis: rank_topsis[i],
            explanation: explain(weighted[i], closeness[i], &failed_must_haves),
            failed_must_haves,
            cells,
        })
        .collect();
    fits.sort_by(|a, b| {
        a.rank_weighted
            .cmp(&b.rank_weighted)
            .then_with(|| a.platform.cmp(&b.platform))
    });
    Ranking {
        candidates,
        criteria: requirements.len(),
        total_weight: requirements.iter().map(|r| r.weight).sum(),
        fits,
        notes,
    }
}

/// A warning for each platform at end of support: left out of the default candidates, or
/// compared because the project lists it. Each names the source of its status.
fn end_of_support_notes(catalog: &Catalog, candidates: Candidates, compared: &[&Platform]) -> Vec<Finding> {
    let warn = |message: String| Finding {
        severity: Severity::Warning,
        message,
        ids: Vec::new(),
    };
    match candidates {
        Candidates::Catalogue => catalog
            .platforms
            .iter()
            .filter(|p| p.is_end_of_support())
            .map(|p| {
                warn(format!(
                    "{} is at end of support ({}) and is left out of the default candidates; list it \
                     among the project's platforms to compare it on purpose",
                    p.name, p.lifecycle.source
                ))
            })
            .collect(),
        Candidates::Project => compared
            .iter()
            .filter(|p| p.is_end_of_support())
            .map(|p| {
                warn(format!(
                    "{} is at end of support ({}); it is compared because the project lists it",
                    p.name, p.lifecycle.source
                ))
            })
            .collect(),
    }
}

fn note(message: String) -> Finding {
    Finding {
        severity: Severity::Info,
        message,
        ids: Vec::new(),
    }
}

/// The platform's cell for each requirement: the project's override if there is one, else the
/// catalogue's score, else 0.
fn cells(project: &Project, platform: &Platform, requirements: &[Requirement]) -> Vec<Cell> {
    let overrides = project.platforms.get(&platform.key).map(|choice| &choice.overrides);
    requirements
        .iter()
        .map(|r| {
            let (score, source, evidence) = match (
                overrides.and_then(|o| o.get(&r.criterion)),
                platform.score_for(&r.criterion),
            ) {
                (Some(o), _) => (o.score.min(MAX_SCORE), ScoreSource::Override, o.note.clone()),
                (None, Some(s)) => (s.score.min(MAX_SCORE), ScoreSource::Catalogue, s.evidence.clone()),
                (None, None) => (0, ScoreSource::Missing, String::new()),
            };
            let basis = match source {
                ScoreSource::Override if evidence.is_empty() => "the project's override".to_owned(),
                ScoreSource::Override => format!("the project's override: {evidence}"),
                ScoreSource::Catalogue => format!("catalogue: {evidence}"),
                ScoreSource::Missing => "no score in the catalogue, counted as 0".to_owned(),
            };
            Cell {
                explanation: format!(
                    "{}, weight {}: {} scores {score} of {MAX_SCORE} ({basis})",
                    r.name, r.weight, platform.name
                ),
                criterion: r.criterion.clone(),
                weight: r.weight,
                score,
                source,
                evidence,
            }
        })
        .collect()
}

/// The must-have requirements the platform scores below the threshold of.
fn failed_must_haves(requirements: &[Requirement], cells: &[Cell]) -> Vec<FailedMustHave> {
    requirements
        .iter()
        .zip(cells)
        .filter(|(r, c)| r.must_have && c.score < r.threshold)
        .map(|(r, c)| FailedMustHave {
            criterion: r.criterion.clone(),
            name: r.name.clone(),
            score: c.score,
            threshold: r.threshold,
        })
        .collect()
}

/// Competition ranks (1, 2, 2, 4): platforms meeting every must-have first, then by value,
/// highest first; equal values share a rank.
pub fn ranks(values: &[f64], passes: &[bool]) -> Vec<usize> {
    let better = |j: usize, i: usize| match passes[j].cmp(&passes[i]) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => values[j] > values[i] + TIE,
    };
    (0..values.len())
        .map(|i| 1 + (0..values.len()).filter(|&j| better(j, i)).count())
        .collect()
}

/// "Σ weight × score = 33 of Σ weight × 3 = 42: 78.6 %; TOPSIS S+ = 0.1581, S- = 0.4743,
/// closeness 0.750; fails must-have “Query” (scores 1, needs 2)".
fn explain(weighted: Weighted, closeness: Closeness, failed: &[FailedMustHave]) -> String {
    let mut text = format!(
        "Σ weight × score = {} of Σ weight × {MAX_SCORE} = {}: {:.1} %; TOPSIS S+ = {:.4}, S- = {:.4}, closeness {:.3}",
        weighted.points,
        weighted.possible,
        weighted.percent(),
        closeness.to_ideal,
        closeness.to_anti_ideal,
        closeness.coefficient
    );
    for f in failed {
        text.push_str(&format!(
            "; fails must-have “{}” (scores {}, needs {})",
            f.name, f.score, f.threshold
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::requirements_of as requirements;
    use crate::model::{CriterionUse, Node, PlatformChoice, Position, ScoreOverride};

    /// Fabric and Ethereum as candidates; one node asks for information privacy (weight 5,
    /// must-have) and open source (weight 2).
    fn project() -> Project {
        let mut p = Project::new("t");
        let mut a = Node::actor("Refiner", Position::default());
        a.criteria.insert(
            "application.information_privacy".into(),
            CriterionUse {
                weight: 5,
                must_have: true,
                note: String::new(),
            },
        );
        a.criteria.insert(
            "ecosystem.open_source".into(),
            CriterionUse {
                weight: 2,
                ..Default::default()
            },
        );
        p.nodes.insert("a".into(), a);
        p.platforms.insert("fabric".into(), PlatformChoice::default());
        p.platforms.insert("ethereum".into(), PlatformChoice::default());
        p
    }

    fn score(platform: &str, criterion: &str) -> u8 {
        Catalog::builtin()
            .platform(platform)
            .unwrap()
            .score_for(criterion)
            .unwrap()
            .score
    }

    #[test]
    fn weighted_scores_match_a_hand_computation() {
        let p = project();
        let catalog = Catalog::builtin();
        let r = ranking(&p, catalog, &requirements(&p, catalog));
        assert_eq!((r.criteria, r.total_weight, r.candidates), (2, 7, Candidates::Project));
        for fit in &r.fits {
            let (privacy, open) = (
                score(&fit.platform, "application.information_privacy"),
                score(&fit.platform, "ecosystem.open_source"),
            );
            // Σ w × s / (Σ w × 3) = (5 × privacy + 2 × open) / 21.
            let expected = f64::from(5 * privacy + 2 * open) * 100.0 / 21.0;
            assert!(
                (fit.weighted - expected).abs() < 1e-9,
                "{}: {} vs {expected}",
                fit.platform,
                fit.weighted
            );
            assert_eq!(fit.cells[0].source, ScoreSource::Catalogue);
            assert!(
                fit.cells[0].explanation.starts_with("Information privacy, weight 5: "),
                "{}",
                fit.cells[0].explanation
            );
        }
    }

    #[test]
    fn overrides_replace_catalogue_scores_and_must_haves_fail_below_the_threshold() {
        let mut p = project();
        let fabric = p.platforms.get_mut("fabric").unwrap();
        fabric.overrides.insert(
            "application.information_privacy".into(),
            ScoreOverride {
                score: 1,
                note: "channels not used".into(),
            },
        );
        fabric.overrides.insert(
            "ecosystem.open_source".into(),
            ScoreOverride {
                score: 3,
                note: String::new(),
            },
        );
        p.platforms.get_mut("ethereum").unwrap().overrides.insert(
            "application.information_privacy".into(),
            ScoreOverride {
                score: 2,
                note: "zk layer".into(),
            },
        );
        p.platforms.get_mut("ethereum").unwrap().overrides.insert(
            "ecosystem.open_source".into(),
            ScoreOverride {
                score: 3,
                note: String::new(),
            },
        );
        let catalog = Catalog::builtin();
        let r = ranking(&p, catalog, &requirements(&p, catalog));
        // Fabric: (5 × 1 + 2 × 3) / 21 = 11 / 21 = 52.38 %, fails the must-have (1 < 2).
        // Ethereum: (5 × 2 + 2 × 3) / 21 = 16 / 21 = 76.19 %, passes.
        let [first, second] = &r.fits[..] else {
            panic!("{:?}", r.fits)
        };
        assert_eq!(
            (first.platform.as_str(), first.rank_weighted, first.rank_topsis),
            ("ethereum", 1, 1)
        );
        assert!((first.weighted - 1600.0 / 21.0).abs() < 1e-9);
        assert!(first.passes());
        assert_eq!(
            (second.platform.as_str(), second.rank_weighted, second.rank_topsis),
            ("fabric", 2, 2)
        );
        assert!((second.weighted - 1100.0 / 21.0).abs() < 1e-9);
        assert_eq!(
            second.failed_must_haves,
            [FailedMustHave {
                criterion: "application.information_privacy".into(),
                name: "Information privacy".into(),
                score: 1,
                threshold: 2
            }]
        );
        assert_eq!(second.cells[0].source, ScoreSource::Override);
        assert!(
            second.cells[0]
                .explanation
                .ends_with("scores 1 of 3 (the project's override: channels not used)")
        );
        assert!(
            second
                .explanation
                .contains("Σ weight × score = 11 of Σ weight × 3 = 21: 52.4 %"),
            "{}",
            second.explanation
        );
        assert!(
            second
                .explanation
                .ends_with("fails must-have “Information privacy” (scores 1, needs 2)")
        );
        // TOPSIS by hand: scores (2, 3) and (1, 3); the open-source column is equal and drops out.
        // Privacy norm √5, weight 5/7: values 0.6389 and 0.3194. Ethereum is the ideal (C = 1),
        // Fabric the anti-ideal (C = 0).
        assert!((first.topsis - 1.0).abs() < 1e-9 && second.topsis.abs() < 1e-9);
    }

    #[test]
    fn a_failing_platform_ranks_after_every_passing_one() {
        // The failing platform has the higher score but still ranks second.
        assert_eq!(ranks(&[90.0, 40.0, 40.0], &[false, true, true]), [3, 1, 1]);
        assert_eq!(ranks(&[90.0, 80.0, 80.0, 10.0], &[true; 4]), [1, 2, 2, 4]);
        assert!(ranks(&[], &[]).is_empty());
    }

    #[test]
    fn no_criteria_and_no_candidates_are_explained() {
        let mut p = Project::new("t");
        p.nodes.insert("a".into(), Node::actor("A", Position::default()));
        let catalog = Catalog::builtin();
        let r = ranking(&p, catalog, &[]);
        assert_eq!(r.candidates, Candidates::Catalogue);
        let supported = catalog.platforms.iter().filter(|p| !p.is_end_of_support());
        assert_eq!(r.fits.len(), supported.count());
        assert_eq!(r.criteria, 0);
        assert!(
            r.fits
                .iter()
                .all(|f| f.weighted == 0.0 && f.rank_weighted == 1 && f.cells.is_empty())
        );
        let notes: Vec<&str> = r.notes.iter().map(|n| n.message.as_str()).collect();
        assert!(notes.contains(&NO_CRITERIA), "{notes:?}");
        assert!(
            notes.iter().any(|n| n.contains("every catalogue platform")),
            "{notes:?}"
        );

        p.platforms.insert("hashgraph".into(), PlatformChoice::default());
        let r = ranking(&p, catalog, &[]);
        assert!(r.fits.is_empty());
        assert!(
            r.notes
                .iter()
                .any(|n| n.message.contains("none of the project's candidate platforms"))
        );
    }

    #[test]
    fn a_platform_without_a_score_counts_zero() {
        let mut p = project();
        p.custom.platforms.insert(
            "inhouse".into(),
            crate::model::CustomPlatform {
                name: "In-house".into(),
                ..Default::default()
            },
        );
        p.platforms.insert("inhouse".into(), PlatformChoice::default());
        let catalog = Catalog::builtin().with_project(&p);
        let r = ranking(&p, &catalog, &requirements(&p, &catalog));
        let inhouse = r.fits.iter().find(|f| f.platform == "inhouse").unwrap();
        assert_eq!(inhouse.weighted, 0.0);
        assert_eq!(inhouse.cells[0].source, ScoreSource::Missing);
        assert_eq!(inhouse.failed_must_haves.len(), 1);
        assert_eq!(inhouse.rank_weighted, 3);
    }
}
