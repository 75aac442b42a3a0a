//! Results of the assignment solvers: [`Assignment`] (mentee–mentor pairs, with ids),
//! [`PeerMatching`] (pairs inside one pool) and their [`SolveStatus`].
//!
//! # Contract
//! * Every value is valid: constructors return `Result` and check ranges, symmetric partners and
//!   id counts; deserialisation goes through the same checks (no panic later on a hand-built or
//!   deserialised value).
//! * Pairs are sorted; ids, when present, have one entry per row / column and no duplicates.
//! * `Display` prints a one-line summary and then one pair per line, by id when ids are known.
//!
//! # Examples
//! ```
//! use nastavnik::assign::{Assignment, SolveStatus};
//! let a = Assignment::from_mentor_of(&[Some(1), None, Some(0)], 2, 3.5, SolveStatus::Optimal)?;
//! assert_eq!(a.mentor_of(), vec![Some(1), None, Some(0)]);
//! assert_eq!(a.mentees_of(), vec![vec![2], vec![0]]);
//! assert_eq!(a.n_matched(), 2);
//! let back: Assignment = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
//! assert_eq!(back, a);
//! assert!(serde_json::from_str::<Assignment>(
//!     r#"{"n_mentees":1,"n_mentors":1,"pairs":[[0,5]],"total":0,"status":{"status":"optimal"}}"#
//! ).is_err());
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::real::Real;

/// How a solver's answer relates to what was asked: one small documented set, the same in Rust
/// and Python (where it is the string of [`SolveStatus::as_str`]).
///
/// | status | meaning |
/// |---|---|
/// | `optimal` | proven optimal for the objective the solver optimised |
/// | `stable` | a stable matching (weakly stable with ties); no optimality claim for scores |
/// | `feasible` | satisfies every hard constraint; no optimality claim (heuristics, baselines) |
/// | `time_limit` | feasible, the time limit stopped the search before optimality was proven |
/// | `gap_limit` | feasible, within the requested relative gap of the optimum |
/// | `partial` | the full problem has no solution of the kind asked; part of the cohort is left out (e.g. stable roommates without a stable matching, fair objectives below full coverage) |
///
/// ```
/// use nastavnik::assign::SolveStatus;
/// assert_eq!(SolveStatus::Optimal.as_str(), "optimal");
/// assert_eq!("gap_limit".parse::<SolveStatus>().unwrap(), SolveStatus::GapLimit { gap: None });
/// assert_eq!(SolveStatus::TimeLimit { gap: Some(0.1) }.gap(), Some(0.1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SolveStatus {
    /// Proven optimal for the solver's objective.
    Optimal,
    /// A stable matching (weakly stable when there are ties).
    Stable,
    /// Feasible, no optimality claim; the relative optimality gap when the solver reports one.
    Feasible {
        /// Relative gap between the best bound and the answer, if known.
        gap: Option<f64>,
    },
    /// Feasible; the time limit stopped the search before optimality was proven.
    TimeLimit {
        /// Relative gap between the best bound and the answer, if known.
        gap: Option<f64>,
    },
    /// Feasible and within the requested relative gap of the optimum.
    GapLimit {
        /// Relative gap between the best bound and the answer, if known.
        gap: Option<f64>,
    },
    /// The full problem has no solution of the kind asked; the answer leaves part of the
    /// cohort out (see the table above).
    Partial,
}
crate::suggest::tagged_serde!(SolveStatus, "status", "solve status");

impl SolveStatus {
    /// Every status name, in the documented order.
    ///
    /// ```
    /// assert_eq!(nastavnik::assign::SolveStatus::NAMES.len(), 6);
    /// ```
    pub const NAMES: [&'static str; 6] = [
        "optimal",
        "stable",
        "feasible",
        "time_limit",
        "gap_limit",
        "partial",
    ];

    /// The status name (one of [`SolveStatus::NAMES`]).
    ///
    /// ```
    /// use nastavnik::assign::SolveStatus;
    /// assert_eq!(SolveStatus::Feasible { gap: None }.as_str(), "feasible");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Optimal => "optimal",
            Self::Stable => "stable",
            Self::Feasible { .. } => "feasible",
            Self::TimeLimit { .. } => "time_limit",
            Self::GapLimit { .. } => "gap_limit",
            Self::Partial => "partial",
        }
    }

    /// The relative optimality gap, when the solver reported one.
    ///
    /// ```
    /// use nastavnik::assign::SolveStatus;
    /// assert_eq!(SolveStatus::Optimal.gap(), None);
    /// ```
    pub fn gap(&self) -> Option<f64> {
        match *self {
            Self::Feasible { gap } | Self::TimeLimit { gap } | Self::GapLimit { gap } => gap,
            _ => None,
        }
    }
}

impl fmt::Display for SolveStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SolveStatus {
    type Err = Error;

    /// Parse a status name (gaps are not part of the name and come back as `None`).
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s {
            "optimal" => Self::Optimal,
            "stable" => Self::Stable,
            "feasible" => Self::Feasible { gap: None },
            "time_limit" => Self::TimeLimit { gap: None },
            "gap_limit" => Self::GapLimit { gap: None },
            "partial" => Self::Partial,
            other => {
                return Err(Error::invalid(
                    "status",
                    format!(
                        "{other:?} is not one of {}",
                        Self::NAMES.map(|n| format!("{n:?}")).join(", ")
                    ),
                ));
            }
        })
    }
}

/// Mentee–mentor pairs chosen by a solver, with the mentee and mentor ids when the input had them.
///
/// Pairs are kept sorted by `(mentee, mentor)`; a mentee may have several mentors (a team of
/// mentors) and a mentor several mentees (group format). Every value is valid: the public
/// constructors and deserialisation check that pairs are in range and ids have the right length.
///
/// Words (the same in Rust and Python, see the naming table in the README): [`total`](Self::total)
/// is the sum of the chosen pairs' scores (NaN where the solver had no scores);
/// [`objective`](Self::objective) the value the solver optimised when it optimises a number
/// (`total` plus the reject gains when a reject score is set), `None` otherwise;
/// [`n_pairs`](Self::n_pairs) the number of pairs; [`status`](Self::status) one of
/// [`SolveStatus::NAMES`]. The typed shortcuts and [`crate::assign::Strategy::solve`] report the
/// same `total` and `objective` for the same problem.
///
/// ```
/// use nastavnik::assign::{Assignment, SolveStatus};
/// let a = Assignment::new(2, 2, vec![(1, 0), (0, 1)], 2.0, SolveStatus::Optimal)?
///     .with_ids(vec!["ann".into(), "bob".into()], vec!["kim".into(), "lee".into()])?;
/// assert_eq!(a.labelled_pairs(), vec![("ann".into(), "lee".into()), ("bob".into(), "kim".into())]);
/// assert!(a.to_string().contains("ann -> lee"));
/// # Ok::<(), nastavnik::Error>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "RawAssignment")]
pub struct Assignment {
    n_mentees: usize,
    n_mentors: usize,
    pairs: Vec<(usize, usize)>,
    total: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    objective: Option<f64>,
    status: SolveStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    mentee_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mentor_ids: Option<Vec<String>>,
}

/// Totals are equal when they are the same number or both NaN (stable matchings have no total).
fn same_total(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

impl PartialEq for Assignment {
    fn eq(&self, other: &Self) -> bool {
        self.n_mentees == other.n_mentees
            && self.n_mentors == other.n_mentors
            && self.pairs == other.pairs
            && same_total(self.total, other.total)
            && match (self.objective, other.objective) {
                (Some(a), Some(b)) => same_total(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
            && self.status == other.status
            && self.mentee_ids == other.mentee_ids
            && self.mentor_ids == other.mentor_ids
    }
}

/// The serialised form of an [`Assignment`], validated by `TryFrom`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssignment {
    n_mentees: usize,
    n_mentors: usize,
    pairs: Vec<(usize, usize)>,
    total: f64,
    #[serde(default)]
    objective: Option<f64>,
    status: SolveStatus,
    #[serde(default)]
    mentee_ids: Option<Vec<String>>,
    #[serde(default)]
    mentor_ids: Option<Vec<String>>,
}

impl TryFrom<RawAssignment> for Assignment {
    type Error = Error;

    fn try_from(r: RawAssignment) -> Result<Self> {
        let a = Self::new(r.n_mentees, r.n_mentors, r.pairs, r.total, r.status)?;
        let a = match r.objective {
            Some(o) => a.with_objective(o),
            None => a,
        };
        a.set_ids(r.mentee_ids, r.mentor_ids)
    }
}

/// Check that ids are unique and as many as expected.
pub(crate) fn check_ids(ids: &[String], expected: usize, what: &str) -> Result<()> {
    if ids.len() != expected {
        return Err(Error::shape(what, expected, ids.len()));
    }
    let mut seen: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    seen.try_reserve(ids.len())
        .map_err(|_| Error::invalid(what, "too many ids to index"))?;
    for (row, id) in ids.iter().enumerate() {
        if let Some(first) = seen.insert(id.as_str(), row) {
            return Err(Error::DuplicateId {
                what: what.to_string(),
                id: id.clone(),
                first,
                second: row,
            });
        }
    }
    Ok(())
}

impl Assignment {
    /// Build from a list of `(mentee, mentor)` pairs (any order; duplicates removed), checking
    /// that every pair is in range.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] naming the first pair whose mentee row or mentor column is out of
    /// range.
    ///
    /// ```
    /// use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(2, 2, vec![(1, 0), (0, 1)], 2.0, SolveStatus::Optimal).unwrap();
    /// assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
    /// assert!(Assignment::new(2, 2, vec![(0, 2)], 0.0, SolveStatus::Optimal).is_err());
    /// ```
    pub fn new(
        n_mentees: usize,
        n_mentors: usize,
        pairs: Vec<(usize, usize)>,
        total: f64,
        status: SolveStatus,
    ) -> Result<Self> {
        if let Some(&(i, j)) = pairs
            .iter()
            .find(|&&(i, j)| i >= n_mentees || j >= n_mentors)
        {
            return Err(Error::invalid(
                "assignment pairs",
                format!(
                    "pair (mentee row {i}, mentor column {j}) is outside {n_mentees} mentees x {n_mentors} mentors"
                ),
            ));
        }
        Ok(Self::from_solver(
            n_mentees, n_mentors, pairs, total, status,
        ))
    }

    /// Build from pairs a solver produced (in range by construction; checked in debug builds).
    pub(crate) fn from_solver(
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
            objective: None,
            status,
            mentee_ids: None,
            mentor_ids: None,
        }
    }

    /// Report the value the solver optimised (e.g. `total` plus the reject gains).
    ///
    /// ```
    /// use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(2, 1, vec![(0, 0)], 1.0, SolveStatus::Optimal)?.with_objective(1.5);
    /// assert_eq!((a.total(), a.objective()), (1.0, Some(1.5)));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn with_objective(mut self, objective: f64) -> Self {
        self.objective = Some(objective);
        self
    }

    /// Build from the mentor of each mentee (`None` for unmatched).
    ///
    /// # Errors
    /// As [`Assignment::new`], for a mentor index `>= n_mentors`.
    ///
    /// ```
    /// use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::from_mentor_of(&[None, Some(0)], 1, 0.5, SolveStatus::Optimal).unwrap();
    /// assert_eq!(a.pairs(), &[(1, 0)]);
    /// ```
    pub fn from_mentor_of(
        mentor_of: &[Option<usize>],
        n_mentors: usize,
        total: f64,
        status: SolveStatus,
    ) -> Result<Self> {
        let pairs = mentor_of
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.map(|j| (i, j)))
            .collect();
        Self::new(mentor_of.len(), n_mentors, pairs, total, status)
    }

    /// [`Assignment::from_mentor_of`] for solver output (in range by construction).
    pub(crate) fn from_solver_mentor_of(
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
        Self::from_solver(mentor_of.len(), n_mentors, pairs, total, status)
    }

    /// Attach the mentee ids (one per row) and mentor ids (one per column).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a wrong number of ids, [`Error::DuplicateId`] for a repeated
    /// id on one side.
    ///
    /// ```
    /// use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(1, 1, vec![(0, 0)], 1.0, SolveStatus::Optimal).unwrap();
    /// assert!(a.clone().with_ids(vec!["a".into()], vec!["b".into(), "c".into()]).is_err());
    /// let a = a.with_ids(vec!["a".into()], vec!["b".into()]).unwrap();
    /// assert_eq!(a.mentor_ids(), Some(&["b".to_string()][..]));
    /// ```
    pub fn with_ids(self, mentee_ids: Vec<String>, mentor_ids: Vec<String>) -> Result<Self> {
        self.set_ids(Some(mentee_ids), Some(mentor_ids))
    }

    /// Attach optional ids on each side (validated as in [`Assignment::with_ids`]).
    pub(crate) fn set_ids(
        mut self,
        mentee_ids: Option<Vec<String>>,
        mentor_ids: Option<Vec<String>>,
    ) -> Result<Self> {
        if let Some(ids) = &mentee_ids {
            check_ids(ids, self.n_mentees, "mentee ids")?;
        }
        if let Some(ids) = &mentor_ids {
            check_ids(ids, self.n_mentors, "mentor ids")?;
        }
        self.mentee_ids = mentee_ids;
        self.mentor_ids = mentor_ids;
        Ok(self)
    }

    /// Number of mentees (rows of the score matrix).
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// assert_eq!(Assignment::new(3, 2, vec![], 0.0, SolveStatus::Optimal).unwrap().n_mentees(), 3);
    /// ```
    pub fn n_mentees(&self) -> usize {
        self.n_mentees
    }

    /// Number of mentors (columns of the score matrix).
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// assert_eq!(Assignment::new(3, 2, vec![], 0.0, SolveStatus::Optimal).unwrap().n_mentors(), 2);
    /// ```
    pub fn n_mentors(&self) -> usize {
        self.n_mentors
    }

    /// The mentee ids (one per row), when known.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// assert_eq!(Assignment::new(1, 1, vec![], 0.0, SolveStatus::Optimal).unwrap().mentee_ids(), None);
    /// ```
    pub fn mentee_ids(&self) -> Option<&[String]> {
        self.mentee_ids.as_deref()
    }

    /// The mentor ids (one per column), when known.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// assert_eq!(Assignment::new(1, 1, vec![], 0.0, SolveStatus::Optimal).unwrap().mentor_ids(), None);
    /// ```
    pub fn mentor_ids(&self) -> Option<&[String]> {
        self.mentor_ids.as_deref()
    }

    /// The `(mentee, mentor)` pairs, sorted.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(1, 1, vec![(0, 0)], 1.0, SolveStatus::Optimal).unwrap();
    /// assert_eq!(a.pairs(), &[(0, 0)]);
    /// ```
    pub fn pairs(&self) -> &[(usize, usize)] {
        &self.pairs
    }

    /// The pairs as `(mentee id, mentor id)`, falling back to the row / column number as text
    /// when a side has no ids.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(1, 2, vec![(0, 1)], 1.0, SolveStatus::Optimal).unwrap();
    /// assert_eq!(a.labelled_pairs(), vec![("0".into(), "1".into())]);
    /// ```
    pub fn labelled_pairs(&self) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
        fn label(ids: Option<&[String]>, k: usize) -> Cow<'_, str> {
            match ids {
                Some(v) => Cow::Borrowed(v[k].as_str()),
                None => Cow::Owned(k.to_string()),
            }
        }
        self.pairs
            .iter()
            .map(|&(i, j)| (label(self.mentee_ids(), i), label(self.mentor_ids(), j)))
            .collect()
    }

    /// Number of pairs.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(1, 2, vec![(0, 0), (0, 1)], 1.0, SolveStatus::Optimal).unwrap();
    /// assert_eq!(a.n_pairs(), 2);
    /// ```
    pub fn n_pairs(&self) -> usize {
        self.pairs.len()
    }

    /// The sum of the chosen pairs' scores (see the type documentation).
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// assert_eq!(Assignment::new(1, 1, vec![(0, 0)], 1.5, SolveStatus::Optimal).unwrap().total(), 1.5);
    /// ```
    pub fn total(&self) -> f64 {
        self.total
    }

    /// The value the solver optimised, when it optimises a number (`None` for greedy, random
    /// and stable matchings, and for hand-built assignments).
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// assert_eq!(Assignment::new(1, 1, vec![(0, 0)], 1.5, SolveStatus::Optimal).unwrap().objective(), None);
    /// ```
    pub fn objective(&self) -> Option<f64> {
        self.objective
    }

    /// The solver's status.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(1, 1, vec![], 0.0, SolveStatus::Stable).unwrap();
    /// assert_eq!(a.status(), SolveStatus::Stable);
    /// ```
    pub fn status(&self) -> SolveStatus {
        self.status
    }
    /// Number of matched mentees.
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(3, 1, vec![(0, 0), (2, 0)], 2.0, SolveStatus::Optimal).unwrap();
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
    /// let a = Assignment::new(2, 2, vec![(0, 1)], 1.0, SolveStatus::Optimal).unwrap();
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
    /// let a = Assignment::new(1, 2, vec![(0, 1), (0, 0)], 2.0, SolveStatus::Optimal).unwrap();
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
    /// let a = Assignment::new(3, 2, vec![(2, 0), (0, 0), (1, 1)], 3.0, SolveStatus::Optimal).unwrap();
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
    /// let a = Assignment::new(2, 2, vec![(0, 1), (1, 0)], 5.0, SolveStatus::Optimal).unwrap();
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

impl fmt::Display for Assignment {
    /// A summary line, then one `mentee -> mentor` line per pair (ids when known).
    ///
    /// ```
    /// # use nastavnik::assign::{Assignment, SolveStatus};
    /// let a = Assignment::new(2, 1, vec![(1, 0)], 0.5, SolveStatus::Optimal).unwrap();
    /// assert_eq!(a.to_string(), "Assignment: 1 pairs, 1 of 2 mentees matched, total 0.5, status optimal\n  1 -> 0");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Assignment: {} pairs, {} of {} mentees matched, total {}, status {}",
            self.n_pairs(),
            self.n_matched(),
            self.n_mentees,
            self.total,
            self.status
        )?;
        if let Some(o) = self.objective {
            write!(f, ", objective {o}")?;
        }
        for (e, m) in self.labelled_pairs() {
            write!(f, "\n  {e} -> {m}")?;
        }
        Ok(())
    }
}

/// Pairs formed inside one pool (mutual / peer format): `mate[i]` is `i`'s partner.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "RawPeerMatching")]
pub struct PeerMatching {
    mate: Vec<Option<usize>>,
    total: f64,
    status: SolveStatus,
}

impl PartialEq for PeerMatching {
    fn eq(&self, other: &Self) -> bool {
        self.mate == other.mate
            && same_total(self.total, other.total)
            && self.status == other.status
    }
}

/// The serialised form of a [`PeerMatching`], validated by `TryFrom`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeerMatching {
    mate: Vec<Option<usize>>,
    total: f64,
    status: SolveStatus,
}

impl TryFrom<RawPeerMatching> for PeerMatching {
    type Error = Error;

    fn try_from(r: RawPeerMatching) -> Result<Self> {
        Self::new(r.mate, r.total, r.status)
    }
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

impl fmt::Display for PeerMatching {
    /// A summary line, then one `a -- b` line per pair (indices).
    ///
    /// ```
    /// # use nastavnik::assign::{PeerMatching, SolveStatus};
    /// let m = PeerMatching::new(vec![Some(1), Some(0), None], 0.5, SolveStatus::Optimal).unwrap();
    /// assert_eq!(m.to_string(), "PeerMatching: 1 pairs, 1 of 3 unpaired, total 0.5, status optimal\n  0 -- 1");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs = self.pairs();
        write!(
            f,
            "PeerMatching: {} pairs, {} of {} unpaired, total {}, status {}",
            pairs.len(),
            self.mate.iter().filter(|m| m.is_none()).count(),
            self.mate.len(),
            self.total,
            self.status
        )?;
        for (a, b) in pairs {
            write!(f, "\n  {a} -- {b}")?;
        }
        Ok(())
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
