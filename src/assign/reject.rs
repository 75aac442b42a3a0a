//! What a [`Problem`]'s reject score means for the solvers that do not take it as a gain.
//!
//! # Problem
//! For the assignment solvers (`lap`, `sparse`, `greedy`, `random`, `groups`, `mip`) the reject
//! score `r` is the gain of leaving a slot empty: no pair scoring below `r` is formed unless a
//! minimum load or a required pair forces it. The solvers below optimise something else than a
//! sum of gains, so [`crate::assign::Strategy::solve`] gives `r` the meaning the literature has
//! for each of them, always by **removing the pairs scoring below `r`** (never adding `r` to
//! anything):
//!
//! | solver | meaning of the reject score `r` | reference |
//! |---|---|---|
//! | `stable` | pairs below `r` are unacceptable: both sides' stated lists are truncated (stable matching with incomplete lists) | Gale–Sotomayor 1985; Gusfield–Irving 1989, §1.4.2 |
//! | `stable_from_scores` | as `stable`, on the lists the scores induce | idem |
//! | `fair` (max-min, coverage) | pairs below `r` are forbidden; a mentee with no pair at or above `r` stays unmatched, the bottleneck and coverage are taken over the remaining pairs | bottleneck assignment with forbidden pairs |
//! | `fair` (max-sum) | the plain problem (`lap` / `groups`), so `r` is the gain of an empty slot as there | |
//! | `peers` | edges below `r` are dropped from the pool before the matching | weighted matching on a subgraph |
//! | `rematch` | as `lap`: no pair below `r` is formed unless required; rematch's own objective (coverage, kept pairs, score) over the others | |
//!
//! # Guarantees
//! The result of a strategy on a problem with reject score `r` equals its result on the same
//! problem without reject score and with every pair below `r` forbidden (`-inf`; required pairs
//! keep their score), checked against brute force in `tests/assign_reject.rs`.
//!
//! # Complexity
//! `O(n m)` to mask the scores, `O(L)` for `L` preference entries to truncate the lists.
//!
//! # Examples
//! ```
//! use nastavnik::assign::{Problem, Strategy};
//! let s = ndarray::array![[0.9, 0.2], [0.3, 0.1]];
//! // bottleneck: without a reject score both mentees are matched (minimum 0.2)
//! let fair = Strategy::Fair { objective: nastavnik::assign::fair::Objective::MaxMinThenSum };
//! assert_eq!(fair.solve(&Problem::new(s.clone())?)?.pairs().len(), 2);
//! // with reject score 0.5 only (0, 0) is acceptable: mentee 1 stays unmatched
//! let p = Problem::new(s)?.with_reject_score(0.5)?;
//! assert_eq!(fair.solve(&p)?.pairs(), &[(0, 0)]);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use ndarray::Array2;

use crate::assign::Problem;
use crate::error::{Error, Result};
use crate::preferences::Preferences;

/// The dense scores with every pair below the reject score set to `-inf` (required pairs keep
/// their score); `None` without a reject score.
///
/// # Errors
/// As [`Problem::dense_f64`] (a checked allocation for sparse candidates).
///
/// ```
/// use nastavnik::assign::{Problem, reject::masked_scores};
/// let p = Problem::new(ndarray::array![[1.0, -1.0]])?.with_reject_score(0.0)?;
/// let s = masked_scores(&p)?.unwrap();
/// assert_eq!(s[[0, 1]], f64::NEG_INFINITY);
/// assert!(masked_scores(&Problem::new(ndarray::array![[1.0]])?)?.is_none());
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn masked_scores(p: &Problem) -> Result<Option<Array2<f64>>> {
    let Some(r) = p.reject_score() else {
        return Ok(None);
    };
    let mut s = p.dense_f64()?;
    let mut keep = Vec::new();
    for &(i, j) in p.required() {
        keep.push((i, j, s[[i, j]]));
    }
    s.mapv_inplace(|v| if v < r { f64::NEG_INFINITY } else { v });
    for (i, j, v) in keep {
        s[[i, j]] = v;
    }
    Ok(Some(s))
}

/// The stated preferences truncated to the pairs scoring at least the reject score (stable
/// matching with incomplete lists); `None` without a reject score.
///
/// # Errors
/// [`Error::InvalidValue`] when the problem has a reject score but no scores to compare it
/// with (preferences only); as [`Preferences::new`].
///
/// ```
/// use nastavnik::assign::{Problem, reject::truncated_preferences};
/// use nastavnik::preferences::{Acceptability, Preferences};
/// let prefs = Preferences::new(&[vec![vec![0], vec![1]]], &[vec![vec![0]], vec![vec![0]]],
///                              Acceptability::Mutual)?;
/// let p = Problem::new(ndarray::array![[0.2, 0.8]])?.with_preferences(prefs.clone())?
///     .with_reject_score(0.5)?;
/// let t = truncated_preferences(&p, &prefs)?.unwrap();
/// assert!(!t.is_acceptable(0, 0) && t.is_acceptable(0, 1));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn truncated_preferences(p: &Problem, prefs: &Preferences) -> Result<Option<Preferences>> {
    let Some(r) = p.reject_score() else {
        return Ok(None);
    };
    if !p.is_scored() {
        return Err(Error::invalid(
            "reject_score",
            format!("{r} needs scores to compare with; the problem has stated preferences only"),
        ));
    }
    let s = p.dense_f64()?;
    let keep = |i: usize, j: usize| s[[i, j]] >= r;
    let cut = |groups: Vec<Vec<usize>>, ok: &dyn Fn(usize) -> bool| -> Vec<Vec<usize>> {
        groups
            .into_iter()
            .map(|g| g.into_iter().filter(|&x| ok(x)).collect::<Vec<_>>())
            .filter(|g| !g.is_empty())
            .collect()
    };
    let mentee: Vec<Vec<Vec<usize>>> = (0..prefs.n_mentees())
        .map(|i| cut(prefs.mentee_lists().groups(i), &|j| keep(i, j)))
        .collect();
    let mentor: Vec<Vec<Vec<usize>>> = (0..prefs.n_mentors())
        .map(|j| cut(prefs.mentor_lists().groups(j), &|i| keep(i, j)))
        .collect();
    Preferences::new(&mentee, &mentor, prefs.acceptability()).map(Some)
}
