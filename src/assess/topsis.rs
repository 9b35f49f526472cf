//! TOPSIS [TOPSIS], the ranking method CREDO-DLT uses for DLT platforms [CREDO]:
//! vector-normalise each criterion, weight it, and rank each
//! alternative by how close it is to the ideal and how far from the anti-ideal. Every criterion
//! here is benefit-type (a higher score is better).

/// One alternative's distances and closeness coefficient.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Closeness {
    /// Euclidean distance S⁺ to the ideal (the best weighted value of every criterion).
    pub to_ideal: f64,
    /// Euclidean distance S⁻ to the anti-ideal (the worst weighted value of every criterion).
    pub to_anti_ideal: f64,
    /// C = S⁻ / (S⁺ + S⁻), 0–1; 0.5 when S⁺ = S⁻ = 0 (every alternative alike, nothing to
    /// tell them apart).
    pub coefficient: f64,
}

/// The closeness of each alternative (a row of `matrix`, one value per criterion) for the given
/// criterion weights. Weights are normalised to sum 1; a missing value counts as 0; a criterion
/// on which every alternative scores 0 has no effect.
pub fn closeness(matrix: &[Vec<f64>], weights: &[f64]) -> Vec<Closeness> {
    let value = |row: &Vec<f64>, j: usize| row.get(j).copied().unwrap_or(0.0);
    let total: f64 = weights.iter().sum();
    let weighted: Vec<Vec<f64>> = {
        let norms: Vec<f64> = (0..weights.len())
            .map(|j| matrix.iter().map(|row| value(row, j).powi(2)).sum::<f64>().sqrt())
            .collect();
        matrix
            .iter()
            .map(|row| {
                (0..weights.len())
                    .map(|j| {
                        if norms[j] == 0.0 || total == 0.0 {
                            0.0
                        } else {
                            weights[j] / total * value(row, j) / norms[j]
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let column = |j: usize| weighted.iter().map(move |row| row[j]);
    let ideal: Vec<f64> = (0..weights.len()).map(|j| column(j).fold(f64::MIN, f64::max)).collect();
    let anti_ideal: Vec<f64> = (0..weights.len()).map(|j| column(j).fold(f64::MAX, f64::min)).collect();
    // Summed from +0.0: `sum` of no terms is -0.0, which would show as "S+ = -0.0000".
    let distance = |row: &[f64], to: &[f64]| {
        (row.iter().zip(to))
            .map(|(v, t)| (v - t).powi(2))
            .fold(0.0, |sum, square| sum + square)
            .sqrt()
    };
    weighted
        .iter()
        .map(|row| {
            let to_ideal = distance(row, &ideal);
            let to_anti_ideal = distance(row, &anti_ideal);
            let sum = to_ideal + to_anti_ideal;
            Closeness {
                to_ideal,
                to_anti_ideal,
                coefficient: if sum == 0.0 { 0.5 } else { to_anti_ideal / sum },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_criteria_give_distances_of_plus_zero() {
        for c in closeness(&[vec![], vec![]], &[]) {
            assert_eq!(format!("{:.4} {:.4}", c.to_ideal, c.to_anti_ideal), "0.0000 0.0000");
            assert_eq!(c.coefficient, 0.5);
        }
    }

    fn coefficients(matrix: &[Vec<f64>], weights: &[f64]) -> Vec<f64> {
        closeness(matrix, weights).iter().map(|c| c.coefficient).collect()
    }

    fn assert_close(actual: &[f64], expected: &[f64], tolerance: f64) {
        assert_eq!(actual.len(), expected.len());
        for (a, e) in actual.iter().zip(expected) {
            assert!((a - e).abs() <= tolerance, "{actual:?} vs {expected:?}");
        }
    }

    /// Worked example of J. Papathanasiou & N. Ploskas, "Multiple Criteria Decision Aid:
    /// Methods, Examples and Python Implementations", Springer 2018, chapter 2 "TOPSIS", the
    /// facility-location problem of chapter 1: six sites, four benefit criteria, weights
    /// 0.4, 0.3, 0.1, 0.2. Closeness coefficients to three decimals: 0.387, 0.327, 0.391, 0.615,
    /// 0.868, 0.493 (site 5 best, then 4, 6, 3, 1, 2).
    #[test]
    fn matches_the_papathanasiou_ploskas_facility_location_example() {
        let matrix = vec![
            vec![8.0, 7.0, 2.0, 1.0],
            vec![5.0, 3.0, 7.0, 5.0],
            vec![7.0, 5.0, 6.0, 4.0],
            vec![9.0, 9.0, 7.0, 3.0],
            vec![11.0, 10.0, 3.0, 7.0],
            vec![6.0, 9.0, 5.0, 4.0],
        ];
        let c = coefficients(&matrix, &[0.4, 0.3, 0.1, 0.2]);
        assert_close(&c, &[0.387, 0.327, 0.391, 0.615, 0.868, 0.493], 0.0005);
        // Weights need not sum to 1: 4, 3, 1, 2 is the same weighting.
        assert_close(&coefficients(&matrix, &[4.0, 3.0, 1.0, 2.0]), &c, 1e-12);
    }

    /// A hand computation: two alternatives, scores (3, 1) and (1, 3), weights 3 and 1.
    /// Norms √10 on both criteria; weighted values (0.75·3/√10, 0.25·1/√10) = (0.7115, 0.0791)
    /// and (0.2372, 0.2372). Ideal (0.7115, 0.2372), anti-ideal (0.2372, 0.0791).
    /// First: S⁺ = 0.1581, S⁻ = 0.4743, C = 0.75. Second: S⁺ = 0.4743, S⁻ = 0.1581, C = 0.25.
    #[test]
    fn matches_a_hand_computation() {
        let c = closeness(&[vec![3.0, 1.0], vec![1.0, 3.0]], &[3.0, 1.0]);
        assert!((c[0].to_ideal - 0.1581).abs() < 1e-4 && (c[0].to_anti_ideal - 0.4743).abs() < 1e-4);
        assert_close(&[c[0].coefficient, c[1].coefficient], &[0.75, 0.25], 1e-9);
    }

    #[test]
    fn degenerate_inputs_give_neutral_coefficients() {
        // Identical alternatives, no criteria, all-zero columns and zero weights: nothing to
        // tell the alternatives apart, so every coefficient is 0.5 — never NaN.
        assert_eq!(coefficients(&[vec![2.0, 3.0], vec![2.0, 3.0]], &[1.0, 1.0]), [0.5, 0.5]);
        assert_eq!(coefficients(&[vec![], vec![]], &[]), [0.5, 0.5]);
        assert_eq!(coefficients(&[vec![0.0], vec![0.0]], &[1.0]), [0.5, 0.5]);
        assert_eq!(coefficients(&[vec![1.0], vec![2.0]], &[0.0]), [0.5, 0.5]);
        assert!(closeness(&[], &[1.0]).is_empty());
        // A short row counts its missing values as 0.
        assert_eq!(coefficients(&[vec![3.0], vec![]], &[1.0]), [1.0, 0.0]);
    }
}
