//! The assignment problem, stated once and validated once: [`Problem`].
//!
//! # Problem
//! Every mentee–mentor solver answers the same question: choose `(mentee, mentor)` pairs that
//! maximise a score under the programme's rules. A [`Problem`] carries everything those rules
//! need, so that every [`Strategy`](crate::assign::Strategy) solves *the same* problem and a
//! side-by-side comparison compares like with like:
//!
//! | field | meaning | default |
//! |---|---|---|
//! | scores | dense `f64` / `f32` (mentees × mentors, `-inf` forbidden) or sparse [`Candidates`] (absent = forbidden) | — |
//! | `mentee_ids`, `mentor_ids` | one id per row / column, unique | none (rows and columns are numbered) |
//! | `min_load`, `max_load` | mentees per mentor, one entry per mentor | `0` and `1` (one-to-one) |
//! | `team_size` | mentors per mentee, one entry per mentee | `1` |
//! | `reject_score` | gain of leaving a mentor slot empty; no pair below it is formed unless a minimum load or a required pair forces it | none: the side with less room is filled completely |
//! | `forbidden` | `(mentee, mentor)` pairs that must not be formed | none |
//! | `required` | `(mentee, mentor)` pairs that must be formed | none |
//! | `preferences` | stated ranked lists of both sides ([`Preferences`]) | none |
//!
//! Without a reject score, the side with less room is filled completely: when the mentors'
//! maximum loads add up to at least the mentees' team sizes, every mentee gets its whole team;
//! otherwise every mentor is filled to its maximum load (for one-to-one problems: the smaller
//! side is matched completely, as in [`crate::assign::lap`]). A problem where that is impossible
//! (forbidden pairs) is infeasible for the exact strategies.
//!
//! # Guarantees
//! * Every setter validates its input against the scores' shape and the fields already set:
//!   ids unique and one per row/column, loads and team sizes one per mentor/mentee with
//!   `min_load <= max_load`, reject score finite, pairs in range, no pair both required and
//!   forbidden, no required pair on a `-inf` score, preferences of the same shape. A `Problem`
//!   that exists is valid; solvers never re-check it.
//! * Forbidden pairs are written into the scores once (`-inf` in dense scores, removed from
//!   candidates), so every solver sees them.
//!
//! # Complexity
//! Building is `O(n·m)` for dense scores (one scan for NaN / `+inf`) and `O(nnz)` for candidates;
//! each setter is linear in its input.
//!
//! # Examples
//! ```
//! use nastavnik::assign::Problem;
//! let p = Problem::new(ndarray::array![[0.9, 0.1], [0.4, 0.8]])?
//!     .with_ids(vec!["ann".into(), "bob".into()], vec!["kim".into(), "lee".into()])?
//!     .with_forbidden(vec![(0, 1)])?
//!     .with_max_load(vec![2, 1])?;
//! assert_eq!(p.shape(), (2, 2));
//! assert_eq!(p.max_load(), vec![2, 1]);
//! assert!(!p.is_one_to_one());
//! assert!(p.score(0, 1).is_none()); // forbidden
//! assert!(Problem::new(ndarray::array![[f64::NAN]]).is_err());
//! # Ok::<(), nastavnik::Error>(())
//! ```

use ndarray::{Array2, ArrayView2};

use crate::assign::assignment::check_ids;
use crate::assign::validate_scores;
use crate::error::{Error, Result};
use crate::preferences::Preferences;
use crate::real::Real;
use crate::scoring::{Candidates, ScoreMatrix};

/// The scores of a [`Problem`]: dense in either precision, or sparse candidate lists.
///
/// ```
/// use nastavnik::assign::{Problem, Scores};
/// let p = Problem::new_f32(ndarray::array![[1.0f32]]).unwrap();
/// assert!(matches!(p.scores(), Scores::F32(_)));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Scores {
    /// Dense `f64` mentees × mentors, `-inf` = forbidden.
    F64(Array2<f64>),
    /// Dense `f32` mentees × mentors, `-inf` = forbidden.
    F32(Array2<f32>),
    /// Sparse candidate lists; absent pairs are forbidden.
    Sparse(Candidates),
}

/// A validated assignment problem; see the [module documentation](self).
///
/// ```
/// use nastavnik::assign::Problem;
/// let p = Problem::new(ndarray::array![[1.0, 2.0]]).unwrap().with_reject_score(0.5).unwrap();
/// assert_eq!(p.reject_score(), Some(0.5));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    scores: Scores,
    n_mentees: usize,
    n_mentors: usize,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
    min_load: Option<Vec<u32>>,
    max_load: Option<Vec<u32>>,
    team_size: Option<Vec<u32>>,
    reject_score: Option<f64>,
    forbidden: Vec<(usize, usize)>,
    required: Vec<(usize, usize)>,
    preferences: Option<Preferences>,
    scored: bool,
}

impl Problem {
    fn from_scores(scores: Scores, n_mentees: usize, n_mentors: usize) -> Self {
        Self {
            scores,
            n_mentees,
            n_mentors,
            mentee_ids: None,
            mentor_ids: None,
            min_load: None,
            max_load: None,
            team_size: None,
            reject_score: None,
            forbidden: Vec::new(),
            required: Vec::new(),
            preferences: None,
            scored: true,
        }
    }

    /// A problem on dense `f64` scores (mentees × mentors, to maximise, `-inf` = forbidden).
    ///
    /// # Errors
    /// [`Error::Empty`] for no rows or columns, [`Error::NonFinite`] naming the first NaN or
    /// `+inf` cell.
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// assert_eq!(Problem::new(ndarray::Array2::<f64>::zeros((3, 2))).unwrap().shape(), (3, 2));
    /// ```
    pub fn new(scores: Array2<f64>) -> Result<Self> {
        validate_scores(scores.view(), "scores")?;
        let (n, m) = scores.dim();
        Ok(Self::from_scores(Scores::F64(scores), n, m))
    }

    /// A problem on dense `f32` scores (solvers that support `f32` run in `f32`).
    ///
    /// # Errors
    /// As [`Problem::new`].
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// assert!(Problem::new_f32(ndarray::array![[f32::INFINITY]]).is_err());
    /// ```
    pub fn new_f32(scores: Array2<f32>) -> Result<Self> {
        validate_scores(scores.view(), "scores")?;
        let (n, m) = scores.dim();
        Ok(Self::from_scores(Scores::F32(scores), n, m))
    }

    /// A problem on sparse candidate lists (already validated by [`Candidates::new`]).
    ///
    /// # Errors
    /// [`Error::Empty`] for no mentees or no mentors.
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// use nastavnik::scoring::Candidates;
    /// let c = Candidates::new(2, vec![0, 1, 2], vec![1, 0], vec![0.5, 0.7]).unwrap();
    /// assert_eq!(Problem::from_candidates(c).unwrap().shape(), (2, 2));
    /// ```
    pub fn from_candidates(candidates: Candidates) -> Result<Self> {
        let (n, m) = (candidates.n_mentees(), candidates.n_mentors());
        if n == 0 {
            return Err(Error::empty("candidates (no mentees)"));
        }
        if m == 0 {
            return Err(Error::empty("candidates (no mentors)"));
        }
        Ok(Self::from_scores(Scores::Sparse(candidates), n, m))
    }

    /// A problem from a scorer's [`ScoreMatrix`]: its scores and ids. The mentors' stated
    /// capacities are **not** applied implicitly (the problem stays one-to-one); call
    /// [`Problem::with_max_load`] with `mentor_capacity` to use them.
    ///
    /// # Errors
    /// As [`Problem::new`] and [`Problem::with_ids`].
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// use nastavnik::scoring::ScoreMatrix;
    /// let m = ScoreMatrix { mentee_ids: vec!["a".into()], mentor_ids: vec!["x".into()],
    ///     scores: ndarray::array![[0.5]], mentor_capacity: vec![3], excluded_ids: vec![] };
    /// let p = Problem::from_score_matrix(&m).unwrap();
    /// assert_eq!(p.max_load(), vec![1]);
    /// let p = p.with_max_load(m.mentor_capacity.clone()).unwrap();
    /// assert_eq!(p.max_load(), vec![3]);
    /// ```
    pub fn from_score_matrix(matrix: &ScoreMatrix) -> Result<Self> {
        Self::new(matrix.scores.clone())?
            .with_ids(matrix.mentee_ids.clone(), matrix.mentor_ids.clone())
    }

    /// A problem on stated preferences alone: every mutually acceptable pair gets score 0, others
    /// are forbidden. Only the stable strategies (and baselines) are meaningful on it, and a
    /// solution's `total` is NaN (there are no scores).
    ///
    /// # Errors
    /// [`Error::Empty`] when either side is empty; allocation failure as
    /// [`Error::InvalidValue`].
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// use nastavnik::preferences::{Acceptability, Preferences};
    /// let prefs = Preferences::new(&[vec![vec![0]]], &[vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// let p = Problem::from_preferences(prefs).unwrap();
    /// assert_eq!(p.score(0, 0), Some(0.0));
    /// ```
    pub fn from_preferences(preferences: Preferences) -> Result<Self> {
        let (n, m) = (preferences.n_mentees(), preferences.n_mentors());
        if n == 0 || m == 0 {
            return Err(Error::empty("preferences (no mentees or no mentors)"));
        }
        let mut indptr = Vec::new();
        indptr
            .try_reserve(n + 1)
            .map_err(|_| Error::invalid("preferences", "too many mentees to allocate"))?;
        indptr.push(0);
        let mut cols = Vec::new();
        for i in 0..n {
            let (targets, _) = preferences.mentee_lists().list(i);
            let mut row: Vec<u32> = targets
                .iter()
                .copied()
                .filter(|&j| preferences.is_acceptable(i, j as usize))
                .collect();
            row.sort_unstable();
            row.dedup();
            cols.extend_from_slice(&row);
            indptr.push(cols.len());
        }
        let scores = vec![0.0; cols.len()];
        let c = Candidates::new(m, indptr, cols, scores)?;
        Ok(Self::from_candidates(c)?.set_preferences(preferences))
    }

    fn set_preferences(mut self, preferences: Preferences) -> Self {
        self.preferences = Some(preferences);
        self.scored = false;
        self
    }

    /// Whether the problem has real scores (`false` when built from preferences alone: every
    /// solution's `total` is then NaN).
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert!(Problem::new(ndarray::array![[1.0]]).unwrap().is_scored());
    /// ```
    pub fn is_scored(&self) -> bool {
        self.scored
    }

    /// Attach the mentee ids (one per row) and mentor ids (one per column).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a wrong count, [`Error::DuplicateId`] for a repeated id.
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// let p = Problem::new(ndarray::array![[1.0, 2.0]]).unwrap();
    /// assert!(p.clone().with_ids(vec!["a".into()], vec!["x".into(), "x".into()]).is_err());
    /// ```
    pub fn with_ids(mut self, mentee_ids: Vec<String>, mentor_ids: Vec<String>) -> Result<Self> {
        check_ids(&mentee_ids, self.n_mentees, "mentee ids")?;
        check_ids(&mentor_ids, self.n_mentors, "mentor ids")?;
        self.mentee_ids = Some(mentee_ids);
        self.mentor_ids = Some(mentor_ids);
        Ok(self)
    }

    fn check_loads(&self, min: Option<&[u32]>, max: Option<&[u32]>) -> Result<()> {
        for (what, v) in [("min_load", min), ("max_load", max)] {
            if let Some(v) = v
                && v.len() != self.n_mentors
            {
                return Err(Error::shape(
                    what,
                    format!("{} (one per mentor)", self.n_mentors),
                    v.len(),
                ));
            }
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && let Some(j) = (0..lo.len()).find(|&j| lo[j] > hi[j])
        {
            return Err(Error::invalid(
                "min_load",
                format!(
                    "mentor {} has min_load {} above max_load {}",
                    self.mentor_label(j),
                    lo[j],
                    hi[j]
                ),
            ));
        }
        Ok(())
    }

    /// Maximum number of mentees of each mentor (default 1 each: one-to-one).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] unless one entry per mentor; [`Error::InvalidValue`] naming a
    /// mentor whose `min_load` exceeds it.
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// let p = Problem::new(ndarray::array![[1.0, 2.0]]).unwrap();
    /// assert!(p.clone().with_max_load(vec![1]).is_err());
    /// assert!(p.with_max_load(vec![0, 4]).is_ok());
    /// ```
    pub fn with_max_load(mut self, max_load: Vec<u32>) -> Result<Self> {
        self.check_loads(self.min_load.as_deref(), Some(&max_load))?;
        self.max_load = Some(max_load);
        Ok(self)
    }

    /// Minimum number of mentees of each mentor (default 0 each).
    ///
    /// # Errors
    /// As [`Problem::with_max_load`].
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// let p = Problem::new(ndarray::array![[1.0, 2.0]]).unwrap();
    /// let e = p.with_min_load(vec![2, 0]).unwrap_err(); // default max_load is 1
    /// assert!(e.to_string().contains("mentor column 0"));
    /// ```
    pub fn with_min_load(mut self, min_load: Vec<u32>) -> Result<Self> {
        let max = self.max_load();
        self.check_loads(Some(&min_load), Some(&max))?;
        self.min_load = Some(min_load);
        Ok(self)
    }

    /// Exact number of mentors of each mentee (default 1 each). With a reject score a slot may
    /// stay empty.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] unless one entry per mentee; [`Error::InvalidValue`] naming a
    /// mentee with a team size above the number of mentors.
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// let p = Problem::new(ndarray::array![[1.0, 2.0]]).unwrap();
    /// assert!(p.clone().with_team_size(vec![3]).is_err());
    /// assert_eq!(p.with_team_size(vec![2]).unwrap().team_size(), vec![2]);
    /// ```
    pub fn with_team_size(mut self, team_size: Vec<u32>) -> Result<Self> {
        if team_size.len() != self.n_mentees {
            return Err(Error::shape(
                "team_size",
                format!("{} (one per mentee)", self.n_mentees),
                team_size.len(),
            ));
        }
        if let Some(i) = (0..team_size.len()).find(|&i| team_size[i] as usize > self.n_mentors) {
            return Err(Error::invalid(
                "team_size",
                format!(
                    "mentee {} needs {} mentors but there are {}",
                    self.mentee_label(i),
                    team_size[i],
                    self.n_mentors
                ),
            ));
        }
        self.team_size = Some(team_size);
        Ok(self)
    }

    /// Gain of leaving a mentor slot of a mentee empty: no pair scoring below it is formed, and
    /// solvers maximise the matched scores plus this gain per empty slot.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for NaN or an infinite value.
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// let p = Problem::new(ndarray::array![[1.0]]).unwrap();
    /// assert!(p.with_reject_score(f64::NAN).is_err());
    /// ```
    pub fn with_reject_score(mut self, reject_score: f64) -> Result<Self> {
        if !reject_score.is_finite() {
            return Err(Error::invalid(
                "reject_score",
                format!("must be a finite number, got {reject_score}"),
            ));
        }
        self.reject_score = Some(reject_score);
        Ok(self)
    }

    fn check_pairs(&self, pairs: &[(usize, usize)], what: &str) -> Result<()> {
        for &(i, j) in pairs {
            if i >= self.n_mentees || j >= self.n_mentors {
                return Err(Error::invalid(
                    what,
                    format!(
                        "pair (mentee row {i}, mentor column {j}) is outside {} mentees x {} mentors",
                        self.n_mentees, self.n_mentors
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Forbid `(mentee, mentor)` pairs (added to those already forbidden); they are written into
    /// the scores at once.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for a pair out of range or one that is required.
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// let p = Problem::new(ndarray::array![[1.0, 2.0]]).unwrap().with_forbidden(vec![(0, 1)]).unwrap();
    /// assert_eq!(p.score(0, 1), None);
    /// assert_eq!(p.forbidden(), &[(0, 1)]);
    /// ```
    pub fn with_forbidden(mut self, pairs: Vec<(usize, usize)>) -> Result<Self> {
        self.check_pairs(&pairs, "forbidden pairs")?;
        if let Some(&(i, j)) = pairs.iter().find(|p| self.required.contains(p)) {
            return Err(self.conflict(i, j));
        }
        match &mut self.scores {
            Scores::F64(s) => pairs.iter().for_each(|&p| s[p] = f64::NEG_INFINITY),
            Scores::F32(s) => pairs.iter().for_each(|&p| s[p] = f32::NEG_INFINITY),
            Scores::Sparse(c) => {
                let mut drop = pairs.clone();
                drop.sort_unstable();
                let (indptr, cols, vals) = c.clone().into_parts();
                let (mut ip, mut cs, mut vs) = (vec![0usize], Vec::new(), Vec::new());
                for i in 0..self.n_mentees {
                    for k in indptr[i]..indptr[i + 1] {
                        if drop.binary_search(&(i, cols[k] as usize)).is_err() {
                            cs.push(cols[k]);
                            vs.push(vals[k]);
                        }
                    }
                    ip.push(cs.len());
                }
                *c = Candidates::new(self.n_mentors, ip, cs, vs)?;
            }
        }
        self.forbidden.extend(pairs);
        self.forbidden.sort_unstable();
        self.forbidden.dedup();
        Ok(self)
    }

    fn conflict(&self, i: usize, j: usize) -> Error {
        Error::invalid(
            "required pairs",
            format!(
                "pair ({}, {}) is both required and forbidden",
                self.mentee_label(i),
                self.mentor_label(j)
            ),
        )
    }

    /// Require `(mentee, mentor)` pairs (added to those already required).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for a pair out of range, forbidden, or without a score (`-inf` or
    /// absent from the candidates).
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// let p = Problem::new(ndarray::array![[1.0, f64::NEG_INFINITY]]).unwrap();
    /// assert!(p.clone().with_required(vec![(0, 1)]).is_err());
    /// assert_eq!(p.with_required(vec![(0, 0)]).unwrap().required(), &[(0, 0)]);
    /// ```
    pub fn with_required(mut self, pairs: Vec<(usize, usize)>) -> Result<Self> {
        self.check_pairs(&pairs, "required pairs")?;
        for &(i, j) in &pairs {
            if self.score(i, j).is_none() {
                return Err(self.conflict(i, j));
            }
        }
        self.required.extend(pairs);
        self.required.sort_unstable();
        self.required.dedup();
        Ok(self)
    }

    /// Attach both sides' stated preferences (for the stable strategies).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when they are not mentees × mentors of this problem.
    ///
    /// ```
    /// use nastavnik::assign::Problem;
    /// use nastavnik::preferences::{Acceptability, Preferences};
    /// let prefs = Preferences::new(&[vec![vec![0]]], &[vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// let p = Problem::new(ndarray::array![[1.0, 2.0]]).unwrap();
    /// assert!(p.with_preferences(prefs).is_err()); // 1 x 1 lists, 1 x 2 scores
    /// ```
    pub fn with_preferences(mut self, preferences: Preferences) -> Result<Self> {
        let got = (preferences.n_mentees(), preferences.n_mentors());
        if got != self.shape() {
            return Err(Error::shape(
                "preferences",
                format!("{} mentees x {} mentors", self.n_mentees, self.n_mentors),
                format!("{} x {}", got.0, got.1),
            ));
        }
        self.preferences = Some(preferences);
        Ok(self)
    }

    /// `(mentees, mentors)`.
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert_eq!(Problem::new(ndarray::array![[1.0, 2.0]]).unwrap().shape(), (1, 2));
    /// ```
    pub fn shape(&self) -> (usize, usize) {
        (self.n_mentees, self.n_mentors)
    }

    /// The scores (forbidden pairs already applied).
    ///
    /// ```
    /// # use nastavnik::assign::{Problem, Scores};
    /// assert!(matches!(Problem::new(ndarray::array![[1.0]]).unwrap().scores(), Scores::F64(_)));
    /// ```
    pub fn scores(&self) -> &Scores {
        &self.scores
    }

    /// The score of a pair, `None` when it is forbidden (or absent from the candidates) or out of
    /// range.
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert_eq!(Problem::new(ndarray::array![[1.5]]).unwrap().score(0, 0), Some(1.5));
    /// ```
    pub fn score(&self, i: usize, j: usize) -> Option<f64> {
        if i >= self.n_mentees || j >= self.n_mentors {
            return None;
        }
        let v = match &self.scores {
            Scores::F64(s) => s[[i, j]],
            Scores::F32(s) => s[[i, j]].to_f64_lossy(),
            Scores::Sparse(c) => {
                let (cols, vals) = c.row(i);
                cols.iter()
                    .position(|&c| c as usize == j)
                    .map(|k| vals[k])?
            }
        };
        (v != f64::NEG_INFINITY).then_some(v)
    }

    /// Dense `f64` scores (forbidden = `-inf`), converting `f32` or candidates.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] when a dense copy of sparse candidates cannot be allocated.
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// use nastavnik::scoring::Candidates;
    /// let c = Candidates::new(2, vec![0, 1], vec![1], vec![0.5]).unwrap();
    /// let d = Problem::from_candidates(c).unwrap().dense_f64().unwrap();
    /// assert_eq!(d[[0, 0]], f64::NEG_INFINITY);
    /// ```
    pub fn dense_f64(&self) -> Result<Array2<f64>> {
        match &self.scores {
            Scores::F64(s) => Ok(s.clone()),
            Scores::F32(s) => Ok(s.mapv(Real::to_f64_lossy)),
            Scores::Sparse(c) => {
                let len = self.n_mentees.checked_mul(self.n_mentors).ok_or_else(|| {
                    Error::invalid("candidates", "too large to convert to a dense matrix")
                })?;
                let mut v = Vec::new();
                v.try_reserve_exact(len).map_err(|_| {
                    Error::invalid(
                        "candidates",
                        format!(
                            "a dense {} x {} matrix cannot be allocated; use the sparse strategy",
                            self.n_mentees, self.n_mentors
                        ),
                    )
                })?;
                v.resize(len, f64::NEG_INFINITY);
                for i in 0..self.n_mentees {
                    let (cols, vals) = c.row(i);
                    for (&j, &s) in cols.iter().zip(vals) {
                        v[i * self.n_mentors + j as usize] = s;
                    }
                }
                Array2::from_shape_vec((self.n_mentees, self.n_mentors), v)
                    .map_err(|e| Error::invalid("candidates", e.to_string()))
            }
        }
    }

    /// Sparse candidates: every allowed pair of dense scores, or the candidates themselves.
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// let p = Problem::new(ndarray::array![[1.0, f64::NEG_INFINITY]]).unwrap();
    /// assert_eq!(p.candidates().unwrap().nnz(), 1);
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidValue`] when a mentor index does not fit in `u32`.
    pub fn candidates(&self) -> Result<Candidates> {
        fn from_dense<T: Real>(s: ArrayView2<'_, T>) -> Result<Candidates> {
            let m = s.ncols();
            if u32::try_from(m).is_err() {
                return Err(Error::invalid("scores", "more than 2^32 mentors"));
            }
            let (mut ip, mut cs, mut vs) = (vec![0usize], Vec::new(), Vec::new());
            for row in s.rows() {
                for (j, &v) in row.iter().enumerate() {
                    if v != T::neg_infinity() {
                        cs.push(j as u32);
                        vs.push(v.to_f64_lossy());
                    }
                }
                ip.push(cs.len());
            }
            Candidates::new(m, ip, cs, vs)
        }
        match &self.scores {
            Scores::F64(s) => from_dense(s.view()),
            Scores::F32(s) => from_dense(s.view()),
            Scores::Sparse(c) => Ok(c.clone()),
        }
    }

    /// Mentee ids, when given.
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert!(Problem::new(ndarray::array![[1.0]]).unwrap().mentee_ids().is_none());
    /// ```
    pub fn mentee_ids(&self) -> Option<&[String]> {
        self.mentee_ids.as_deref()
    }

    /// Mentor ids, when given.
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert!(Problem::new(ndarray::array![[1.0]]).unwrap().mentor_ids().is_none());
    /// ```
    pub fn mentor_ids(&self) -> Option<&[String]> {
        self.mentor_ids.as_deref()
    }

    /// The mentee's id, or `row i` when there are no ids (for messages).
    pub(crate) fn mentee_label(&self, i: usize) -> String {
        match &self.mentee_ids {
            Some(ids) => format!("{:?}", ids[i]),
            None => format!("row {i}"),
        }
    }

    /// The mentor's id, or `column j` when there are no ids (for messages).
    pub(crate) fn mentor_label(&self, j: usize) -> String {
        match &self.mentor_ids {
            Some(ids) => format!("{:?}", ids[j]),
            None => format!("column {j}"),
        }
    }

    /// Minimum load of each mentor (0 when not set).
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert_eq!(Problem::new(ndarray::array![[1.0, 1.0]]).unwrap().min_load(), vec![0, 0]);
    /// ```
    pub fn min_load(&self) -> Vec<u32> {
        self.min_load
            .clone()
            .unwrap_or_else(|| vec![0; self.n_mentors])
    }

    /// Maximum load of each mentor (1 when not set).
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert_eq!(Problem::new(ndarray::array![[1.0, 1.0]]).unwrap().max_load(), vec![1, 1]);
    /// ```
    pub fn max_load(&self) -> Vec<u32> {
        self.max_load
            .clone()
            .unwrap_or_else(|| vec![1; self.n_mentors])
    }

    /// Team size (mentors per mentee) of each mentee (1 when not set).
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert_eq!(Problem::new(ndarray::array![[1.0, 1.0]]).unwrap().team_size(), vec![1]);
    /// ```
    pub fn team_size(&self) -> Vec<u32> {
        self.team_size
            .clone()
            .unwrap_or_else(|| vec![1; self.n_mentees])
    }

    /// Whether a minimum load is set on some mentor.
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert!(!Problem::new(ndarray::array![[1.0]]).unwrap().has_min_load());
    /// ```
    pub fn has_min_load(&self) -> bool {
        self.min_load
            .as_ref()
            .is_some_and(|v| v.iter().any(|&x| x > 0))
    }

    /// Whether every mentee takes one mentor and every mentor at most one mentee.
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert!(Problem::new(ndarray::array![[1.0]]).unwrap().is_one_to_one());
    /// ```
    pub fn is_one_to_one(&self) -> bool {
        self.max_load
            .as_ref()
            .is_none_or(|v| v.iter().all(|&c| c == 1))
            && self
                .team_size
                .as_ref()
                .is_none_or(|v| v.iter().all(|&t| t == 1))
    }

    /// The reject score, when set.
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert_eq!(Problem::new(ndarray::array![[1.0]]).unwrap().reject_score(), None);
    /// ```
    pub fn reject_score(&self) -> Option<f64> {
        self.reject_score
    }

    /// The forbidden pairs given (sorted).
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert!(Problem::new(ndarray::array![[1.0]]).unwrap().forbidden().is_empty());
    /// ```
    pub fn forbidden(&self) -> &[(usize, usize)] {
        &self.forbidden
    }

    /// The required pairs (sorted).
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert!(Problem::new(ndarray::array![[1.0]]).unwrap().required().is_empty());
    /// ```
    pub fn required(&self) -> &[(usize, usize)] {
        &self.required
    }

    /// The stated preferences, when attached.
    ///
    /// ```
    /// # use nastavnik::assign::Problem;
    /// assert!(Problem::new(ndarray::array![[1.0]]).unwrap().preferences().is_none());
    /// ```
    pub fn preferences(&self) -> Option<&Preferences> {
        self.preferences.as_ref()
    }

    /// The sum of the scores of `pairs` (`-inf` if one is not allowed).
    pub(crate) fn total_of(&self, pairs: &[(usize, usize)]) -> f64 {
        pairs
            .iter()
            .map(|&(i, j)| self.score(i, j).unwrap_or(f64::NEG_INFINITY))
            .sum()
    }
}
