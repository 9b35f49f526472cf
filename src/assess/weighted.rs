//! The weighted-sum score (the simple weighted sum of CREDO's method [CREDO]): Σ weight × score
//! over Σ weight × 3, as a percentage of what a platform scoring 3 everywhere would get.

/// The top of the 0–3 ordinal scale (X.1404's three assurance levels plus "not supported").
pub const MAX_SCORE: u8 = 3;

/// A weighted score with the sums it comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weighted {
    /// Σ weight × score.
    pub points: u64,
    /// Σ weight × 3.
    pub possible: u64,
}

impl Weighted {
    /// Sums (weight, score) pairs; scores above 3 count as 3.
    pub fn of(pairs: impl IntoIterator<Item = (u32, u8)>) -> Self {
        pairs
            .into_iter()
            .fold(Weighted { points: 0, possible: 0 }, |sum, (weight, score)| Weighted {
                points: sum.points + u64::from(weight) * u64::from(score.min(MAX_SCORE)),
                possible: sum.possible + u64::from(weight) * u64::from(MAX_SCORE),
            })
    }

    /// points / possible × 100; 0 when nothing is weighted.
    pub fn percent(self) -> f64 {
        if self.possible == 0 {
            0.0
        } else {
            self.points as f64 * 100.0 / self.possible as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_weighted_scores() {
        // Weights 7, 2, 5 with scores 3, 1, 2: points = 21 + 2 + 10 = 33;
        // possible = (7 + 2 + 5) × 3 = 42; 33 / 42 = 78.571… %.
        let w = Weighted::of([(7, 3), (2, 1), (5, 2)]);
        assert_eq!((w.points, w.possible), (33, 42));
        assert!((w.percent() - 78.571_428_571).abs() < 1e-6);
        // A score out of range counts as 3: 4 × 3 / (4 × 3) = 100 %.
        assert_eq!(Weighted::of([(4, 9)]).percent(), 100.0);
        // Nothing weighted: 0 %, not NaN.
        assert_eq!(Weighted::of([]).percent(), 0.0);
        assert_eq!(Weighted::of([(0, 3)]).percent(), 0.0);
    }
}
