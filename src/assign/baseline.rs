//! Baseline assignments for benchmarking strategies: greedy and seeded random.
//!
//! # Algorithms
//! * [`solve_greedy`]: sort the allowed pairs by decreasing score (ties by lowest
//!   `(mentee, mentor)`) and take each pair whose mentee and mentor are both still free. The
//!   result is a maximal matching whose total is at least half the optimum of the
//!   maximum-weight matching (classical ½-approximation for non-negative scores).
//! * [`solve_random`]: shuffle the allowed pairs with a seeded `ChaCha8Rng` and take them in that
//!   order — a uniformly-shuffled random maximal matching.
//!
//! A pair is allowed when its score is not `-inf` and, with [`LapOptions::reject_score`]
//! `= Some(r)`, is at least `r`. Neither baseline guarantees that the smaller side is matched
//! completely; both return status [`SolveStatus::Feasible`] (no gap).
//!
//! # Complexity
//! `O(nm log(nm))` time (sorting), `O(nm)` memory.
//!
//! # Examples
//! ```
//! use nastavnik::assign::baseline::solve_greedy;
//! use nastavnik::assign::lap::LapOptions;
//! let s = ndarray::array![[0.9, 0.8], [0.85, 0.1]];
//! let g = solve_greedy(s.view(), &LapOptions::default()).unwrap();
//! assert_eq!(g.pairs(), &[(0, 0), (1, 1)]); // greedy 1.0, optimum 1.65
//! ```

use ndarray::ArrayView2;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::lap::{LapOptions, check_options};
use super::{Assignment, SolveStatus, validate_scores};
use crate::error::Result;
use crate::real::Real;

/// Allowed pairs `(score, mentee, mentor)` in row-major order.
fn allowed_pairs<T: Real>(
    scores: ArrayView2<'_, T>,
    opts: &LapOptions,
) -> Result<Vec<(f64, u32, u32)>> {
    validate_scores(scores, "scores")?;
    let (n, m) = scores.dim();
    check_options(opts, n, m)?;
    let floor = opts.reject_score.unwrap_or(f64::NEG_INFINITY);
    Ok(scores
        .indexed_iter()
        .filter_map(|((i, j), &s)| {
            let s = s.to_f64_lossy();
            (s > f64::NEG_INFINITY && s >= floor).then_some((s, i as u32, j as u32))
        })
        .collect())
}

/// Greedy baseline: repeatedly take the best remaining allowed pair.
///
/// # Arguments
/// * `scores` — mentees × mentors, to maximise; `-inf` forbids a pair.
/// * `opts` — with a reject score, pairs scoring below it are never taken.
///
/// # Returns
/// A maximal matching over the allowed pairs, status [`SolveStatus::Feasible`] (no gap); ties are broken
/// by lowest `(mentee, mentor)`.
///
/// # Errors
/// [`crate::Error::Empty`], [`crate::Error::NonFinite`] (NaN / `+inf`, naming the cell),
/// [`crate::Error::InvalidValue`] for a non-finite reject score.
///
/// # Examples
/// ```
/// use nastavnik::assign::baseline::solve_greedy;
/// use nastavnik::assign::lap::LapOptions;
/// use nastavnik::assign::SolveStatus;
/// let s = ndarray::array![[0.5, 0.5], [0.5, 0.4]];
/// let g = solve_greedy(s.view(), &LapOptions::default()).unwrap();
/// assert_eq!(g.pairs(), &[(0, 0), (1, 1)]);
/// assert_eq!(g.status(), SolveStatus::Feasible { gap: None });
/// ```
pub fn solve_greedy<T: Real>(scores: ArrayView2<'_, T>, opts: &LapOptions) -> Result<Assignment> {
    let mut pairs = allowed_pairs(scores, opts)?;
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (n, m) = scores.dim();
    Ok(take_total(
        n,
        m,
        &pairs,
        SolveStatus::Feasible { gap: None },
    ))
}

/// Take pairs in the given order whenever both ends are free; total summed in mentee order.
fn take_total(n: usize, m: usize, pairs: &[(f64, u32, u32)], status: SolveStatus) -> Assignment {
    let mut mentor_of: Vec<Option<(usize, f64)>> = vec![None; n];
    let mut used = vec![false; m];
    let mut left = n.min(m);
    for &(s, i, j) in pairs {
        if left == 0 {
            break;
        }
        let (i, j) = (i as usize, j as usize);
        if mentor_of[i].is_none() && !used[j] {
            mentor_of[i] = Some((j, s));
            used[j] = true;
            left -= 1;
        }
    }
    let total = mentor_of.iter().flatten().map(|&(_, s)| s).sum();
    let mentor_of: Vec<Option<usize>> = mentor_of.iter().map(|p| p.map(|(j, _)| j)).collect();
    Assignment::from_solver_mentor_of(&mentor_of, m, total, status)
}

/// Seeded random baseline: a random maximal matching over the allowed pairs.
///
/// # Arguments
/// * `scores` — mentees × mentors; `-inf` forbids a pair.
/// * `opts` — with a reject score, pairs scoring below it are never taken.
/// * `seed` — seed of the `ChaCha8Rng` shuffling the allowed pairs.
///
/// # Returns
/// A maximal matching, status [`SolveStatus::Feasible`] (no gap); the same seed gives the same answer.
///
/// # Errors
/// As [`solve_greedy`].
///
/// # Examples
/// ```
/// use nastavnik::assign::baseline::solve_random;
/// use nastavnik::assign::lap::LapOptions;
/// let s = ndarray::Array2::<f64>::zeros((4, 3));
/// let a = solve_random(s.view(), &LapOptions::default(), 7).unwrap();
/// assert_eq!(a.n_matched(), 3); // maximal on a complete graph
/// assert_eq!(a, solve_random(s.view(), &LapOptions::default(), 7).unwrap());
/// ```
pub fn solve_random<T: Real>(
    scores: ArrayView2<'_, T>,
    opts: &LapOptions,
    seed: u64,
) -> Result<Assignment> {
    let mut pairs = allowed_pairs(scores, opts)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    pairs.shuffle(&mut rng);
    let (n, m) = scores.dim();
    Ok(take_total(
        n,
        m,
        &pairs,
        SolveStatus::Feasible { gap: None },
    ))
}
