//! Forming pairs and groups from a score matrix.
//!
//! Every solver takes scores to **maximise**, laid out mentees × mentors. A score of `-inf` marks a
//! forbidden pair (as in [`crate::scoring::ScoreMatrix::masked_scores`]); NaN and `+inf` are errors.
//! Every mentee–mentor solver returns one [`Assignment`]; peer (mutual-format) solvers return a
//! [`PeerMatching`].
//!
//! # Examples
//! ```
//! use nastavnik::assign::{Assignment, SolveStatus};
//! let a = Assignment::from_mentor_of(&[Some(1), None, Some(0)], 2, 3.5, SolveStatus::Optimal);
//! assert_eq!(a.mentor_of(), vec![Some(1), None, Some(0)]);
//! assert_eq!(a.mentees_of(), vec![vec![2], vec![0]]);
//! assert_eq!(a.n_matched(), 2);
//! ```

pub mod baseline;
pub mod batch;
pub mod blossom;
pub mod fair;
pub mod flow;
pub mod incremental;
pub mod lap;
#[cfg(feature = "highs")]
pub mod mip;
pub mod roommates;
pub mod sparse;
pub mod stable;

pub use baseline::{solve_greedy, solve_random};
pub use batch::solve_dense_batch;
pub use blossom::{PeerObjective, PeerOptions, solve_peers};
pub use fair::{Objective, bottleneck_value, max_cardinality, solve_fair};
pub use flow::{GroupOptions, solve_groups};
pub use incremental::{ChangeReport, RematchOptions, rematch};
pub use lap::{Duals, LapOptions, solve_dense, solve_dense_with_duals};
pub use roommates::{RoommatesOutcome, peer_blocking_pairs, peer_rank_stats, stable_roommates};
pub use sparse::{solve_sparse, solve_sparse_with_duals};
pub use stable::{Proposer, RankStats, StableOptions, blocking_pairs, rank_stats, stable_matching};

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::real::Real;

/// How a solver's answer relates to the optimum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SolveStatus {
    /// Proven optimal (or stable, for stable-matching solvers).
    Optimal,
    /// Feasible, with the relative optimality gap when the solver reports one.
    Feasible {
        /// Relative gap between the best bound and the answer, if known.
        gap: Option<f64>,
    },
    /// A heuristic or baseline answer with no optimality claim.
    Heuristic,
}

/// Mentee–mentor pairs chosen by a solver.
///
/// Pairs are kept sorted by `(mentee, mentor)`; a mentee may have several mentors (a team of
/// mentors) and a mentor several mentees (group format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    n_mentees: usize,
    n_mentors: usize,
    pairs: Vec<(usize, usize)>,
    total: f64,
    status: SolveStatus,
}

impl Assignment {
    /// Build from a list of `(mentee, mentor)` pairs (any order; duplicates removed).
    ///
    /// ```
    /// use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(2, 2, vec![(1, 0), (0, 1)], 2.0, SolveStatus::Optimal);
    /// assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
    /// ```
    pub fn new(
        n_mentees: usize,
        n_mentors: usize,
        mut pairs: Vec<(usize, usize)>,
        total: f64,
        status: SolveStatus,
    ) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        debug_assert!(pairs.iter().all(|&(i, j)| i < n_mentees && j < n_mentors));
        Self {
            n_mentees,
            n_mentors,
            pairs,
            total,
            status,
        }
    }

    /// Build from the mentor of each mentee (`None` for unmatched).
    ///
    /// ```
    /// use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::from_mentor_of(&[None, Some(0)], 1, 0.5, SolveStatus::Heuristic);
    /// assert_eq!(a.pairs(), &[(1, 0)]);
    /// ```
    pub fn from_mentor_of(
        mentor_of: &[Option<usize>],
        n_mentors: usize,
        total: f64,
        status: SolveStatus,
    ) -> Self {
        let pairs = mentor_of
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.map(|j| (i, j)))
            .collect();
        Self::new(mentor_of.len(), n_mentors, pairs, total, status)
    }

    /// Number of mentees (rows of the score matrix).
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// assert_eq!(Assignment::new(3, 2, vec![], 0.0, SolveStatus::Optimal).n_mentees(), 3);
    /// ```
    pub fn n_mentees(&self) -> usize {
        self.n_mentees
    }

    /// Number of mentors (columns of the score matrix).
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// assert_eq!(Assignment::new(3, 2, vec![], 0.0, SolveStatus::Optimal).n_mentors(), 2);
    /// ```
    pub fn n_mentors(&self) -> usize {
        self.n_mentors
    }

    /// The `(mentee, mentor)` pairs, sorted.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(1, 1, vec![(0, 0)], 1.0, SolveStatus::Optimal);
    /// assert_eq!(a.pairs(), &[(0, 0)]);
    /// ```
    pub fn pairs(&self) -> &[(usize, usize)] {
        &self.pairs
    }

    /// Sum of the scores of the chosen pairs, as computed by the solver.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// assert_eq!(Assignment::new(1, 1, vec![(0, 0)], 1.5, SolveStatus::Optimal).total(), 1.5);
    /// ```
    pub fn total(&self) -> f64 {
        self.total
    }

    /// The solver's status.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(1, 1, vec![], 0.0, SolveStatus::Heuristic);
    /// assert_eq!(a.status(), SolveStatus::Heuristic);
    /// ```
    pub fn status(&self) -> SolveStatus {
        self.status
    }

    /// Number of matched mentees.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(3, 1, vec![(0, 0), (2, 0)], 2.0, SolveStatus::Optimal);
    /// assert_eq!(a.n_matched(), 2);
    /// ```
    pub fn n_matched(&self) -> usize {
        let mut n = 0;
        let mut last = usize::MAX;
        for &(i, _) in &self.pairs {
            if i != last {
                n += 1;
                last = i;
            }
        }
        n
    }

    /// The (first) mentor of each mentee, `None` when unmatched.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(2, 2, vec![(0, 1)], 1.0, SolveStatus::Optimal);
    /// assert_eq!(a.mentor_of(), vec![Some(1), None]);
    /// ```
    pub fn mentor_of(&self) -> Vec<Option<usize>> {
        let mut out = vec![None; self.n_mentees];
        for &(i, j) in self.pairs.iter().rev() {
            out[i] = Some(j);
        }
        out
    }

    /// Every mentor of each mentee (teams of mentors give several).
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(1, 2, vec![(0, 1), (0, 0)], 2.0, SolveStatus::Optimal);
    /// assert_eq!(a.mentors_of(), vec![vec![0, 1]]);
    /// ```
    pub fn mentors_of(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.n_mentees];
        for &(i, j) in &self.pairs {
            out[i].push(j);
        }
        out
    }

    /// The mentees of each mentor, in increasing order.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(3, 2, vec![(2, 0), (0, 0), (1, 1)], 3.0, SolveStatus::Optimal);
    /// assert_eq!(a.mentees_of(), vec![vec![0, 2], vec![1]]);
    /// ```
    pub fn mentees_of(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.n_mentors];
        for &(i, j) in &self.pairs {
            out[j].push(i);
        }
        out
    }

    /// Recompute the total of this assignment under `scores` (mentees × mentors).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `scores` does not have this assignment's shape.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let s = ndarray::array![[1.0, 2.0], [3.0, 4.0]];
    /// let a = Assignment::new(2, 2, vec![(0, 1), (1, 0)], 5.0, SolveStatus::Optimal);
    /// assert_eq!(a.total_under(s.view()).unwrap(), 5.0);
    /// ```
    pub fn total_under<T: Real>(&self, scores: ArrayView2<'_, T>) -> Result<f64> {
        let expected = (self.n_mentees, self.n_mentors);
        if scores.dim() != expected {
            return Err(Error::shape(
                "scores for assignment",
                format!("{}x{}", expected.0, expected.1),
                format!("{}x{}", scores.nrows(), scores.ncols()),
            ));
        }
        Ok(self
            .pairs
            .iter()
            .map(|&(i, j)| scores[[i, j]].to_f64_lossy())
            .sum())
    }
}

/// Pairs formed inside one pool (mutual / peer format): `mate[i]` is `i`'s partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerMatching {
    mate: Vec<Option<usize>>,
    total: f64,
    status: SolveStatus,
}

impl PeerMatching {
    /// Build from the partner of each participant.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] when `mate` is not symmetric or pairs someone with themselves.
    ///
    /// ```
    /// use nastavnik::assign::{PeerMatching, SolveStatus};
    /// let m = PeerMatching::new(vec![Some(1), Some(0), None], 1.0, SolveStatus::Optimal).unwrap();
    /// assert_eq!(m.pairs(), vec![(0, 1)]);
    /// ```
    pub fn new(mate: Vec<Option<usize>>, total: f64, status: SolveStatus) -> Result<Self> {
        for (i, m) in mate.iter().enumerate() {
            if let Some(j) = *m
                && (j == i || j >= mate.len() || mate[j] != Some(i))
            {
                return Err(Error::invalid(
                    "peer matching",
                    format!("participant {i} is paired with {j}, which is not paired back"),
                ));
            }
        }
        Ok(Self {
            mate,
            total,
            status,
        })
    }

    /// Partner of each participant (`None` when unpaired).
    ///
    /// ```
    /// # use nastavnik::assign::{PeerMatching, SolveStatus};
    /// let m = PeerMatching::new(vec![Some(1), Some(0)], 1.0, SolveStatus::Optimal).unwrap();
    /// assert_eq!(m.mate(), &[Some(1), Some(0)]);
    /// ```
    pub fn mate(&self) -> &[Option<usize>] {
        &self.mate
    }

    /// The pairs `(i, j)` with `i < j`, sorted.
    ///
    /// ```
    /// # use nastavnik::assign::{PeerMatching, SolveStatus};
    /// let m = PeerMatching::new(vec![Some(2), None, Some(0)], 1.0, SolveStatus::Optimal).unwrap();
    /// assert_eq!(m.pairs(), vec![(0, 2)]);
    /// ```
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        self.mate
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.filter(|&j| i < j).map(|j| (i, j)))
            .collect()
    }

    /// Total weight of the pairs, as computed by the solver.
    ///
    /// ```
    /// # use nastavnik::assign::{PeerMatching, SolveStatus};
    /// let m = PeerMatching::new(vec![None], 0.0, SolveStatus::Optimal).unwrap();
    /// assert_eq!(m.total(), 0.0);
    /// ```
    pub fn total(&self) -> f64 {
        self.total
    }

    /// The solver's status.
    ///
    /// ```
    /// # use nastavnik::assign::{PeerMatching, SolveStatus};
    /// let m = PeerMatching::new(vec![None], 0.0, SolveStatus::Optimal).unwrap();
    /// assert_eq!(m.status(), SolveStatus::Optimal);
    /// ```
    pub fn status(&self) -> SolveStatus {
        self.status
    }
}

/// Check a score matrix for solvers: not empty, no NaN and no `+inf` (`-inf` marks forbidden).
///
/// # Errors
/// [`Error::Empty`] for zero rows or columns, [`Error::NonFinite`] naming the first bad cell.
///
/// ```
/// use nastavnik::assign::validate_scores;
/// let ok = ndarray::array![[1.0, f64::NEG_INFINITY]];
/// assert!(validate_scores(ok.view(), "scores").is_ok());
/// let bad = ndarray::array![[1.0, f64::NAN]];
/// assert!(validate_scores(bad.view(), "scores").unwrap_err().to_string().contains("column 1"));
/// ```
pub fn validate_scores<T: Real>(scores: ArrayView2<'_, T>, what: &str) -> Result<()> {
    if scores.nrows() == 0 {
        return Err(Error::empty(format!("{what} (no mentees)")));
    }
    if scores.ncols() == 0 {
        return Err(Error::empty(format!("{what} (no mentors)")));
    }
    for ((row, col), &v) in scores.indexed_iter() {
        if v.is_nan() || v == T::infinity() {
            return Err(Error::NonFinite {
                what: what.to_string(),
                row,
                col,
                value: v.to_f64_lossy(),
            });
        }
    }
    Ok(())
}
