//! Many small dense assignment problems solved in parallel.
//!
//! # Algorithm
//! Each problem is solved independently by [`crate::assign::lap::solve_dense`] on the rayon
//! thread pool (one task per problem). Results come back in input order.
//!
//! # Guarantees
//! Deterministic: every problem is solved sequentially by the same code, so the results do not
//! depend on the number of threads; one bad problem does not affect the others (its slot holds
//! its own error).
//!
//! # Complexity
//! The sum of the per-problem costs, divided over the available threads.
//!
//! # Examples
//! ```
//! use nastavnik::assign::batch::solve_dense_batch;
//! use nastavnik::assign::lap::LapOptions;
//! let p = ndarray::array![[1.0, 0.0], [0.0, 1.0]];
//! let q = ndarray::array![[0.0, 1.0], [1.0, 0.0]];
//! let out = solve_dense_batch(&[p.view(), q.view()], &LapOptions::default());
//! assert_eq!(out[0].as_ref().unwrap().pairs(), &[(0, 0), (1, 1)]);
//! assert_eq!(out[1].as_ref().unwrap().pairs(), &[(0, 1), (1, 0)]);
//! ```

use ndarray::ArrayView2;
use rayon::prelude::*;

use super::Assignment;
use super::lap::{LapOptions, solve_dense};
use crate::error::Result;
use crate::real::Real;

/// Solve a batch of dense assignment problems in parallel.
///
/// # Arguments
/// * `problems` — score matrices (mentees × mentors, to maximise, `-inf` forbidden); shapes may
///   differ.
/// * `opts` — options applied to every problem (see [`LapOptions`]).
///
/// # Returns
/// One result per problem, in input order: the optimal [`Assignment`] or that problem's error
/// (a bad problem does not fail the batch).
///
/// # Errors
/// Per problem, as [`solve_dense`].
///
/// # Examples
/// ```
/// use nastavnik::assign::batch::solve_dense_batch;
/// use nastavnik::assign::lap::LapOptions;
/// let ok = ndarray::array![[0.5f32, 0.7]];
/// let bad = ndarray::array![[f32::NAN]];
/// let out = solve_dense_batch(&[ok.view(), bad.view()], &LapOptions::default());
/// assert_eq!(out[0].as_ref().unwrap().pairs(), &[(0, 1)]);
/// assert!(out[1].is_err());
/// ```
pub fn solve_dense_batch<T: Real>(
    problems: &[ArrayView2<'_, T>],
    opts: &LapOptions,
) -> Vec<Result<Assignment>> {
    problems
        .par_iter()
        .with_min_len(4)
        .map(|p| solve_dense(p.view(), opts))
        .collect()
}
