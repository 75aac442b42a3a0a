//! Sensitivity: how many pairs change when one question's weight moves.
//!
//! # Problem
//! For each question `q` and each relative step `ρ` (default ±10 %, ±25 %, ±50 %), re-solve the
//! linear assignment with `w_q ← w_q (1 + ρ)` (other weights fixed, scores from
//! [`QuestionFeatures::scores`]) and count the pairs that differ from the base assignment
//! (symmetric difference) and the change in the base-weights total of the new pairs.
//!
//! # Complexity
//! One LAP solve per question and step; the solves run in parallel (rayon) and the rows come back
//! in question-then-step order, identical on any thread count.
//!
//! # Examples
//! ```
//! use nastavnik::evaluate::{QuestionFeatures, sensitivity::sensitivity};
//! let f = QuestionFeatures::new(vec!["a".into(), "b".into()], vec![1.0, 1.0],
//!     ndarray::Array2::from_elem((2, 2), true),
//!     vec![ndarray::array![[1.0, 0.0], [0.0, 1.0]], ndarray::array![[0.0, 1.0], [1.0, 0.0]]])?;
//! let rows = sensitivity(&f, &[-0.5, 0.5], &Default::default())?;
//! assert_eq!(rows.len(), 4);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::features::QuestionFeatures;
use crate::assign::lap::{LapOptions, solve_dense};
use crate::error::{Error, Result};

/// The default relative steps.
pub const STEPS: [f64; 6] = [-0.5, -0.25, -0.1, 0.1, 0.25, 0.5];

/// One row of a sensitivity table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityRow {
    /// Question id.
    pub question: String,
    /// Relative step `ρ`.
    pub step: f64,
    /// Pairs in exactly one of the base and the new assignment.
    pub pairs_changed: usize,
    /// Total of the new pairs under the base weights minus the base total (`≤ 0`).
    pub base_total_change: f64,
}

/// The sensitivity table (see the [module documentation](self)).
///
/// # Errors
/// [`Error::InvalidValue`] for a step `≤ −1` or non-finite; solver errors.
///
/// ```
/// # use nastavnik::evaluate::{QuestionFeatures, sensitivity::sensitivity};
/// let f = QuestionFeatures::new(vec!["a".into()], vec![1.0], ndarray::Array2::from_elem((1, 1), true), vec![ndarray::array![[1.0]]])?;
/// assert!(sensitivity(&f, &[-1.0], &Default::default()).is_err());
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn sensitivity(
    f: &QuestionFeatures,
    steps: &[f64],
    opts: &LapOptions,
) -> Result<Vec<SensitivityRow>> {
    for &s in steps {
        if !s.is_finite() || s <= -1.0 {
            return Err(Error::invalid(
                "step",
                format!("{s}; expected a finite number > -1"),
            ));
        }
    }
    let base_scores = f.scores(&f.weights)?;
    let base = solve_dense(base_scores.view(), opts)?;
    let base_pairs: BTreeSet<(usize, usize)> = base.pairs().iter().copied().collect();
    let tasks: Vec<(usize, f64)> = (0..f.questions.len())
        .flat_map(|q| steps.iter().map(move |&s| (q, s)))
        .collect();
    tasks
        .par_iter()
        .map(|&(q, step)| {
            let mut w = f.weights.clone();
            w[q] *= 1.0 + step;
            let s = f.scores(&w)?;
            let a = solve_dense(s.view(), opts)?;
            let new: BTreeSet<(usize, usize)> = a.pairs().iter().copied().collect();
            let total: f64 = a.pairs().iter().map(|&(i, j)| base_scores[[i, j]]).sum();
            Ok(SensitivityRow {
                question: f.questions[q].clone(),
                step,
                pairs_changed: base_pairs.symmetric_difference(&new).count(),
                base_total_change: total - base.total(),
            })
        })
        .collect()
}
