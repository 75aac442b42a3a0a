//! Side-constrained assignment as a mixed-integer programme (HiGHS, through [`crate::lp`]).
//!
//! The combinatorial solvers (Jonker–Volgenant, min-cost flow) handle capacities only. Programme
//! coordinators also ask for *side constraints*: every mentee of a priority category must get a
//! mentor, a mentor must not take more than `k` pupils from one school class, each school must get
//! between `a` and `b` matched pupils, at least `c` pairs must join school S with university
//! mentors, this pair must be kept and that one avoided. [`MipProblem`] states all of them as one
//! binary programme and hands it to [HiGHS](https://highs.dev) through the driver in [`crate::lp`].
//!
//! # Model
//! One binary `x[i][j]` per *allowed* pair (finite score and not [forbidden](MipProblem::forbid));
//! `-inf` pairs get no variable at all. When [unmatched mentees are allowed](MipProblem::allow_unmatched)
//! each mentee `i` also gets a binary `u[i]` ("left without a mentor"). The model maximises
//! `Σ s[i][j]·x[i][j] + reject·Σ u[i]` subject to, in this order (the *constraint families*):
//!
//! 1. **mentors per mentee**: `lo ≤ Σ_j x[i][j] ≤ hi` (default exactly one); with unmatched
//!    allowed, `max(lo,1)·(1 − u[i]) ≤ Σ_j x[i][j] ≤ hi·(1 − u[i])`, so `u[i] = 1` exactly when
//!    `i` has no mentor;
//! 2. **mentor loads**: `min_load[j] ≤ Σ_i x[i][j] ≤ max_load[j]` (default `0..=1`);
//! 3. **required pairs**: `x[i][j] = 1`;
//! 4. **priority categories**: `Σ_j x[i][j] ≥ 1` for every mentee whose category is a priority one;
//! 5. **class limit**: `Σ_{i in class c} x[i][j] ≤ k` for every mentor `j` and class `c`;
//! 6. one family per [`Quota`], in insertion order: `min ≤ Σ_{i in rows, j in cols} x[i][j] ≤ max`.
//!
//! # Algorithm
//! 1. Validate the options and compile the rows; check every single row against the bounds of
//!    its variables (a pair can give at most 1, a required pair at least 1). A row that cannot
//!    hold on its own is reported at once, naming the mentee row, mentor column or quota.
//! 2. Solve the LP relaxation (`0 ≤ x ≤ 1`) with HiGHS' simplex. An infeasible relaxation proves
//!    the programme infeasible. An integral optimal vertex that satisfies every row is an
//!    optimal assignment (the relaxation's value bounds the programme's). Without side
//!    constraints the matrix is that of a bipartite b-matching, totally unimodular, so this
//!    step always finishes the job; with quotas it often does too.
//! 3. Otherwise run HiGHS' branch and cut on the binary programme.
//!
//! Under a [time limit](MipProblem::time_limit) the relaxation of step 2 gets at most half of
//! the time; its rounded optimum (or the empty assignment) seeds a constraint-weighted local
//! search ([`start`]: feasibility jump with breakout weights) that looks for a feasible
//! assignment, which HiGHS then gets as its incumbent for step 3 with the time left. The
//! better of HiGHS's answer and that start is returned.
//!
//! The shortcut of step 2 can be switched off with [`MipProblem::lp_shortcut`].
//!
//! # Guarantees
//! * Without a time limit or gap, the answer is **optimal** (integral LP optimum, or HiGHS
//!   branch and cut with relative gap tolerance 0 on the rescaled objective)
//!   and its status is [`SolveStatus::Optimal`].
//! * With a [time limit](MipProblem::time_limit) or a [relative gap](MipProblem::gap), the answer
//!   is the best assignment HiGHS found; when optimality is not proven the status is
//!   [`SolveStatus::Feasible`] carrying the gap `|dual bound − primal| / |primal|` of the
//!   objective (reject scores included) from HiGHS' dual bound; `None` when there is no finite
//!   gap (e.g. a zero objective).
//! * Every returned assignment satisfies all the constraints above.
//! * Deterministic: the model is built in a fixed order and HiGHS' simplex and branch and cut
//!   are deterministic (fixed random seed), so the same input gives the same pairs, unless a
//!   time limit cuts the search (how far the search got then depends on the machine's speed).
//! * HiGHS writes nothing to the console (its output flag is off).
//! * The time limit is a wall-clock budget for the whole [`MipProblem::solve`] call, model
//!   building included: the deadline is passed to the HiGHS driver ([`crate::lp`]), which
//!   gives HiGHS only the time left and polls the deadline from HiGHS's interrupt callbacks
//!   (every simplex iteration and node); under a limit HiGHS's presolve, which polls nothing,
//!   is switched off. When the limit expires after a feasible assignment was found (by HiGHS
//!   or by the local search), the best one is returned with status [`SolveStatus::TimeLimit`]
//!   and its gap to the best known upper bound (HiGHS's dual bound, or the LP relaxation's
//!   optimum when HiGHS has none; `None` when neither finished). Only when no feasible
//!   assignment is known at the limit is the result an error.
//! * Ctrl-C: a cancelled [`crate::interrupt`] token stops HiGHS the same way and gives
//!   [`Error::Interrupted`]; during HiGHS's presolve (which polls nothing) the driver returns
//!   at once and leaves the solve to finish on its worker thread (see [`crate::lp`]).
//! * Scores of any magnitude: the driver rescales the objective to a largest coefficient of 1
//!   before solving (HiGHS's tolerances are absolute), so `scores · 10^k` gives the same pairs.
//!
//! # Errors
//! Input errors are reported before any solving: shape mismatches ([`Error::ShapeMismatch`]),
//! rows or columns out of range ([`Error::UnknownId`]), `min > max` and other bad options
//! ([`Error::InvalidValue`]). Infeasibility ([`Error::Infeasible`]) is detected first by the
//! single-row check of step 1, then by HiGHS; when HiGHS proves infeasibility, a bisection over
//! the constraint families (cumulative prefixes in the order above, feasibility-only solves)
//! finds the first family that cannot be added, and the message names it (e.g.
//! `quota "school 3"`) and the families before it. When the time limit expires before any
//! feasible assignment is found, the error is [`Error::Solver`].
//!
//! # Complexity
//! Building the model is `O(n·m + Σ |quota blocks|)` time and memory. Step 2 is a simplex solve
//! (polynomial in practice). Step 3 is NP-hard in general (quotas, class limits and teams break
//! total unimodularity) but these models have tight relaxations: 200 mentees × 40 mentors with
//! capacity 5, school quotas, a class limit and a priority category solve in tens of
//! milliseconds (see `benches/mip.rs`). Diagnosing an infeasible model costs `O(log F)` extra
//! feasibility solves for `F` families.
//!
//! # Examples
//! ```
//! use nastavnik::assign::mip::{MipProblem, Quota};
//! use nastavnik::assign::SolveStatus;
//! let scores = ndarray::array![
//!     [9.0, 1.0],
//!     [8.0, 2.0],
//!     [7.0, 3.0],
//! ];
//! // Two mentors taking up to two mentees; at least one of mentees 0 and 1 goes to mentor 1.
//! let a = MipProblem::new(scores.view())
//!     .unwrap()
//!     .max_load(2)
//!     .quota(Quota::new("mixing").mentees([0, 1]).mentors([1]).at_least(1))
//!     .solve()
//!     .unwrap();
//! assert_eq!(a.pairs(), &[(0, 0), (1, 1), (2, 0)]);
//! assert_eq!(a.total(), 18.0);
//! assert_eq!(a.status(), SolveStatus::Optimal);
//! ```

use std::collections::BTreeMap;
use std::time::Instant;

use ndarray::ArrayView2;

use super::{Assignment, SolveStatus, validate_scores};
use crate::error::{Error, Result};

mod model;
mod quota;
mod start;

use model::{Model, Outcome, Row, RunOptions};
pub use quota::Quota;

/// Per-mentor load bounds: one value for everyone or one per mentor column.
#[derive(Debug, Clone, PartialEq)]
enum Loads {
    Uniform(usize),
    PerMentor(Vec<usize>),
}

impl Loads {
    fn resolve(&self, m: usize, what: &str) -> Result<Vec<usize>> {
        match self {
            Loads::Uniform(v) => Ok(vec![*v; m]),
            Loads::PerMentor(v) if v.len() == m => Ok(v.clone()),
            Loads::PerMentor(v) => Err(Error::shape(
                what,
                format!("{m} values (one per mentor column)"),
                v.len(),
            )),
        }
    }
}

/// A side-constrained mentee–mentor assignment problem, solved exactly by HiGHS.
///
/// Built from a score matrix (mentees × mentors, to maximise, `-inf` = forbidden) and refined
/// with builder methods; [`MipProblem::solve`] validates every option, then solves. See the
/// [module documentation](self) for the model, guarantees and errors.
///
/// Defaults: every mentee gets exactly one mentor, every mentor takes at most one mentee, no
/// quotas, no time limit, proven optimality.
///
/// # Examples
/// ```
/// use nastavnik::assign::mip::MipProblem;
/// let scores = ndarray::array![[1.0, 5.0], [2.0, f64::NEG_INFINITY], [4.0, 3.0]];
/// // Mentor 0 takes two mentees; mentee 2 must stay with mentor 1.
/// let a = MipProblem::new(scores.view()).unwrap().max_loads(&[2, 1]).require(2, 1).solve().unwrap();
/// assert_eq!(a.pairs(), &[(0, 0), (1, 0), (2, 1)]);
/// ```
#[derive(Debug, Clone)]
pub struct MipProblem<'a> {
    scores: ArrayView2<'a, f64>,
    per_mentee: (usize, usize),
    reject: Option<f64>,
    min_load: Loads,
    max_load: Loads,
    priority: Option<(Vec<String>, Vec<String>)>,
    class_limit: Option<(Vec<String>, usize)>,
    quotas: Vec<Quota>,
    required: Vec<(usize, usize)>,
    forbidden: Vec<(usize, usize)>,
    time_limit: Option<f64>,
    gap: Option<f64>,
    lp_shortcut: bool,
}

impl<'a> MipProblem<'a> {
    /// Start a problem from a score matrix (mentees × mentors, maximised; `-inf` forbids a pair).
    ///
    /// # Errors
    /// [`Error::Empty`] for a matrix without rows or columns, [`Error::NonFinite`] for NaN or
    /// `+inf` (naming the cell).
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let bad = ndarray::array![[1.0, f64::NAN]];
    /// assert!(MipProblem::new(bad.view()).unwrap_err().to_string().contains("column 1"));
    /// ```
    pub fn new(scores: ArrayView2<'a, f64>) -> Result<Self> {
        validate_scores(scores, "scores")?;
        Ok(Self {
            scores,
            per_mentee: (1, 1),
            reject: None,
            min_load: Loads::Uniform(0),
            max_load: Loads::Uniform(1),
            priority: None,
            class_limit: None,
            quotas: Vec::new(),
            required: Vec::new(),
            forbidden: Vec::new(),
            time_limit: None,
            gap: None,
            lp_shortcut: true,
        })
    }

    /// Every mentor takes at most `cap` mentees (default 1).
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[1.0], [2.0]];
    /// assert_eq!(MipProblem::new(s.view()).unwrap().max_load(2).solve().unwrap().n_matched(), 2);
    /// ```
    pub fn max_load(mut self, cap: usize) -> Self {
        self.max_load = Loads::Uniform(cap);
        self
    }

    /// Per-mentor maximum loads, one per mentor column (checked when solving).
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[1.0, 0.0], [2.0, 0.0]];
    /// let a = MipProblem::new(s.view()).unwrap().max_loads(&[1, 1]).solve().unwrap();
    /// assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
    /// ```
    pub fn max_loads(mut self, caps: &[usize]) -> Self {
        self.max_load = Loads::PerMentor(caps.to_vec());
        self
    }

    /// Every mentor takes at least `min` mentees (default 0).
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[5.0, 1.0], [5.0, 1.0], [5.0, 1.0]];
    /// let a = MipProblem::new(s.view()).unwrap().max_load(3).min_load(1).solve().unwrap();
    /// assert_eq!(a.mentees_of()[1].len(), 1);
    /// ```
    pub fn min_load(mut self, min: usize) -> Self {
        self.min_load = Loads::Uniform(min);
        self
    }

    /// Per-mentor minimum loads, one per mentor column (checked when solving).
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[5.0, 1.0], [5.0, 1.0]];
    /// let a = MipProblem::new(s.view()).unwrap().max_load(2).min_loads(&[0, 2]).solve().unwrap();
    /// assert_eq!(a.mentees_of(), vec![vec![], vec![0, 1]]);
    /// ```
    pub fn min_loads(mut self, mins: &[usize]) -> Self {
        self.min_load = Loads::PerMentor(mins.to_vec());
        self
    }

    /// Every (matched) mentee gets between `min` and `max` mentors (default exactly 1); `max`
    /// above 1 forms teams of mentors.
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[1.0, 2.0, 3.0]];
    /// let a = MipProblem::new(s.view()).unwrap().team_size(2, 2).solve().unwrap();
    /// assert_eq!(a.mentors_of(), vec![vec![1, 2]]);
    /// ```
    pub fn team_size(mut self, min: usize, max: usize) -> Self {
        self.per_mentee = (min, max);
        self
    }

    /// Allow mentees to stay without a mentor; each one left unmatched adds `reject_score` to the
    /// objective (use 0 for "no bonus, no penalty", a negative value to discourage leaving people
    /// out). [`Assignment::total`] still counts pair scores only.
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[1.0], [-2.0]];
    /// let a = MipProblem::new(s.view()).unwrap().allow_unmatched(-1.0).solve().unwrap();
    /// assert_eq!(a.mentor_of(), vec![Some(0), None]);
    /// ```
    pub fn allow_unmatched(mut self, reject_score: f64) -> Self {
        self.reject = Some(reject_score);
        self
    }

    /// Every mentee whose category (`categories`, one label per mentee row) is in `priority`
    /// must be matched. Only meaningful with [`allow_unmatched`](Self::allow_unmatched) or
    /// `team_size(0, _)`.
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[3.0], [1.0]];
    /// let a = MipProblem::new(s.view())
    ///     .unwrap()
    ///     .allow_unmatched(0.0)
    ///     .priority(&["regular", "foster care"], &["foster care"])
    ///     .solve()
    ///     .unwrap();
    /// assert_eq!(a.mentor_of(), vec![None, Some(0)]);
    /// ```
    pub fn priority<S: AsRef<str>, P: AsRef<str>>(
        mut self,
        categories: &[S],
        priority: &[P],
    ) -> Self {
        self.priority = Some((
            categories.iter().map(|s| s.as_ref().to_string()).collect(),
            priority.iter().map(|s| s.as_ref().to_string()).collect(),
        ));
        self
    }

    /// At most `k` mentees of one class per mentor; `classes` holds one label per mentee row (an
    /// empty label means "no class" and is not limited).
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[5.0, 1.0], [4.0, 2.0]];
    /// let a = MipProblem::new(s.view())
    ///     .unwrap()
    ///     .max_load(2)
    ///     .class_limit(&["7a", "7a"], 1)
    ///     .solve()
    ///     .unwrap();
    /// assert_eq!(a.mentor_of(), vec![Some(0), Some(1)]);
    /// ```
    pub fn class_limit<S: AsRef<str>>(mut self, classes: &[S], k: usize) -> Self {
        self.class_limit = Some((classes.iter().map(|s| s.as_ref().to_string()).collect(), k));
        self
    }

    /// Add a [`Quota`] on the number of pairs inside a block.
    ///
    /// ```
    /// use nastavnik::assign::mip::{MipProblem, Quota};
    /// let s = ndarray::array![[5.0, 1.0], [5.0, 1.0]];
    /// let a = MipProblem::new(s.view())
    ///     .unwrap()
    ///     .max_load(2)
    ///     .quota(Quota::new("mentor 0").mentors([0]).at_most(1))
    ///     .solve()
    ///     .unwrap();
    /// assert_eq!(a.total(), 6.0);
    /// ```
    pub fn quota(mut self, quota: Quota) -> Self {
        self.quotas.push(quota);
        self
    }

    /// Require the pair (mentee row `i`, mentor column `j`).
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[5.0, 1.0], [4.0, 1.0]];
    /// let a = MipProblem::new(s.view()).unwrap().require(0, 1).solve().unwrap();
    /// assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
    /// ```
    pub fn require(mut self, i: usize, j: usize) -> Self {
        self.required.push((i, j));
        self
    }

    /// Forbid the pair (mentee row `i`, mentor column `j`), as a `-inf` score would.
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[5.0, 1.0], [4.0, 1.0]];
    /// let a = MipProblem::new(s.view()).unwrap().forbid(0, 0).solve().unwrap();
    /// assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
    /// ```
    pub fn forbid(mut self, i: usize, j: usize) -> Self {
        self.forbidden.push((i, j));
        self
    }

    /// Give the solve at most `seconds` of wall-clock time and return the best assignment found,
    /// with status [`SolveStatus::Feasible`] unless optimality was proven in time
    /// ([`Error::Solver`] when no feasible assignment was found in time). HiGHS checks its clock
    /// between phases and may overrun slightly on large models.
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[1.0]];
    /// assert!(MipProblem::new(s.view()).unwrap().time_limit(10.0).solve().is_ok());
    /// ```
    pub fn time_limit(mut self, seconds: f64) -> Self {
        self.time_limit = Some(seconds);
        self
    }

    /// Stop as soon as the relative gap between the best assignment and HiGHS' bound is at most
    /// `relative` (e.g. `0.01` for 1 %). The default is 0 (prove optimality).
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[1.0]];
    /// assert!(MipProblem::new(s.view()).unwrap().gap(0.01).solve().is_ok());
    /// ```
    pub fn gap(mut self, relative: f64) -> Self {
        self.gap = Some(relative);
        self
    }

    /// Whether to solve the LP relaxation first and return its optimal vertex when it is
    /// integral (default `true`). The shortcut never changes the optimal total: an integral LP
    /// optimum is an optimal assignment (proven by the relaxation's bound). Without side
    /// constraints the relaxation is always integral (the constraint matrix is totally
    /// unimodular), which makes plain capacitated problems several times faster; with side
    /// constraints a fractional relaxation costs one extra LP solve. Turn it off to always run
    /// branch and cut (e.g. to compare the two paths).
    ///
    /// ```
    /// use nastavnik::assign::mip::MipProblem;
    /// let s = ndarray::array![[1.0, 2.0], [3.0, 1.0]];
    /// let a = MipProblem::new(s.view()).unwrap().lp_shortcut(false).solve().unwrap();
    /// assert_eq!(a.total(), 5.0);
    /// ```
    pub fn lp_shortcut(mut self, enabled: bool) -> Self {
        self.lp_shortcut = enabled;
        self
    }

    /// Validate the options, build the programme and solve it with HiGHS.
    ///
    /// # Errors
    /// See the [module documentation](self#errors): [`Error::ShapeMismatch`],
    /// [`Error::UnknownId`], [`Error::InvalidValue`] for bad input, [`Error::Infeasible`] naming
    /// the constraint (family) that cannot be met, [`Error::Solver`] when the time limit expires
    /// before a feasible assignment is found or HiGHS fails.
    ///
    /// ```
    /// use nastavnik::assign::mip::{MipProblem, Quota};
    /// use nastavnik::ErrorKind;
    /// let s = ndarray::array![[1.0, 2.0], [3.0, 4.0]];
    /// let e = MipProblem::new(s.view())
    ///     .unwrap()
    ///     .quota(Quota::new("too many").mentors([0]).at_least(2))
    ///     .solve()
    ///     .unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::Infeasible);
    /// assert!(e.to_string().contains("quota \"too many\""));
    /// ```
    pub fn solve(&self) -> Result<Assignment> {
        let start = Instant::now();
        let model = self.compile()?;
        model.precheck()?;
        let opts = RunOptions {
            start,
            time_limit: self.time_limit,
            gap: self.gap,
            lp_shortcut: self.lp_shortcut,
        };
        if model.cost.is_empty() {
            // No variable at all (every pair forbidden, no unmatched flags): the empty
            // assignment passed the row check, so it is the only and optimal answer.
            return Ok(model.assignment(&[], SolveStatus::Optimal, self.reject));
        }
        match model.run(model.families.len(), true, &opts)? {
            Outcome::Solved { x, status } => Ok(model.assignment(&x, status, self.reject)),
            Outcome::Infeasible => Err(model.diagnose(&opts)),
            Outcome::NoSolution(why) => Err(Error::Solver { message: why }),
        }
    }

    fn check_options(&self) -> Result<()> {
        let (lo, hi) = self.per_mentee;
        if lo > hi || hi == 0 {
            return Err(Error::invalid(
                "mentors per mentee",
                format!("need 1 <= max and min <= max, got min {lo}, max {hi}"),
            ));
        }
        if let Some(r) = self.reject
            && !r.is_finite()
        {
            return Err(Error::invalid(
                "reject score",
                format!("must be finite, got {r}"),
            ));
        }
        crate::lp::check_limits(self.time_limit, self.gap, "relative gap")
    }

    /// Validate every option and turn the problem into rows over variable indices.
    fn compile(&self) -> Result<Model<'a>> {
        self.check_options()?;
        let (n, m) = self.scores.dim();
        let max_load = self.max_load.resolve(m, "max loads")?;
        let min_load = self.min_load.resolve(m, "min loads")?;
        for (j, (&lo, &hi)) in min_load.iter().zip(&max_load).enumerate() {
            if lo > hi {
                return Err(Error::invalid(
                    "mentor loads",
                    format!("mentor column {j} has min load {lo} above its max load {hi}"),
                ));
            }
        }
        let check_pair = |what: &str, i: usize, j: usize| -> Result<()> {
            if i >= n {
                return Err(Error::UnknownId {
                    what: format!("{what} (mentee row; scores have {n} rows)"),
                    id: i.to_string(),
                });
            }
            if j >= m {
                return Err(Error::UnknownId {
                    what: format!("{what} (mentor column; scores have {m} columns)"),
                    id: j.to_string(),
                });
            }
            Ok(())
        };
        let cells = crate::memory::checked_len(&[n, m], "scores (MIP pair tables)")?;
        let mut allowed = crate::memory::try_vec(cells, true, "scores (MIP pair tables)")?;
        for ((i, j), &s) in self.scores.indexed_iter() {
            allowed[i * m + j] = s > f64::NEG_INFINITY;
        }
        for &(i, j) in &self.forbidden {
            check_pair("forbidden pair", i, j)?;
            allowed[i * m + j] = false;
        }
        for &(i, j) in &self.required {
            check_pair("required pair", i, j)?;
            if !allowed[i * m + j] {
                let why = if self.forbidden.contains(&(i, j)) {
                    "also listed as forbidden"
                } else {
                    "its score is -inf"
                };
                return Err(Error::infeasible(format!(
                    "required pair (mentee row {i}, mentor column {j}) is not allowed: {why}"
                )));
            }
        }

        // Variables: allowed pairs in row-major order, then one "unmatched" flag per mentee.
        let mut var_of = crate::memory::try_vec(cells, usize::MAX, "scores (MIP pair tables)")?;
        let mut pairs = Vec::new();
        let mut cost = Vec::new();
        for i in 0..n {
            for j in 0..m {
                if allowed[i * m + j] {
                    var_of[i * m + j] = pairs.len();
                    pairs.push((i, j));
                    cost.push(self.scores[[i, j]]);
                }
            }
        }
        let n_pairs = pairs.len();
        if let Some(r) = self.reject {
            cost.extend(std::iter::repeat_n(r, n));
        }
        let mut lower = vec![0.0; cost.len()];
        for &(i, j) in &self.required {
            lower[var_of[i * m + j]] = 1.0;
        }
        let var_ref = &var_of;
        let row_vars = |i: usize| {
            (0..m).filter_map(move |j| Some(var_ref[i * m + j]).filter(|&v| v != usize::MAX))
        };

        let mut rows = Vec::new();
        let mut families = Vec::new();

        // 1. Mentors per mentee.
        let (lo, hi) = self.per_mentee;
        let fam = families.len();
        families.push(match self.reject {
            None if lo == hi => format!("mentors per mentee (exactly {lo} each)"),
            None => format!("mentors per mentee ({lo} to {hi} each)"),
            Some(_) => format!("mentors per mentee (0 or {} to {hi} each)", lo.max(1)),
        });
        for i in 0..n {
            let xs: Vec<(usize, f64)> = row_vars(i).map(|v| (v, 1.0)).collect();
            match self.reject {
                None => rows.push(Row {
                    family: fam,
                    what: format!("mentee row {i} (number of mentors)"),
                    coef: xs,
                    lo: lo as f64,
                    hi: hi as f64,
                }),
                Some(_) => {
                    let u = n_pairs + i;
                    let lo1 = lo.max(1) as f64;
                    let mut a = xs.clone();
                    a.push((u, lo1));
                    rows.push(Row {
                        family: fam,
                        what: format!("mentee row {i} (at least {lo1} mentors unless unmatched)"),
                        coef: a,
                        lo: lo1,
                        hi: f64::INFINITY,
                    });
                    let mut b = xs;
                    b.push((u, hi as f64));
                    rows.push(Row {
                        family: fam,
                        what: format!("mentee row {i} (at most {hi} mentors, none if unmatched)"),
                        coef: b,
                        lo: f64::NEG_INFINITY,
                        hi: hi as f64,
                    });
                }
            }
        }

        // 2. Mentor loads.
        let fam = families.len();
        families.push("mentor loads".to_string());
        let mut col_vars: Vec<Vec<(usize, f64)>> = vec![Vec::new(); m];
        for (v, &(_, j)) in pairs.iter().enumerate() {
            col_vars[j].push((v, 1.0));
        }
        for j in 0..m {
            if min_load[j] == 0 && max_load[j] >= col_vars[j].len() {
                continue;
            }
            rows.push(Row {
                family: fam,
                what: format!(
                    "mentor column {j} (load between {} and {})",
                    min_load[j], max_load[j]
                ),
                coef: col_vars[j].clone(),
                lo: min_load[j] as f64,
                hi: max_load[j] as f64,
            });
        }

        // 3. Required pairs.
        let fam = families.len();
        families.push("required pairs".to_string());
        for &(i, j) in &self.required {
            rows.push(Row {
                family: fam,
                what: format!("required pair (mentee row {i}, mentor column {j})"),
                coef: vec![(var_of[i * m + j], 1.0)],
                lo: 1.0,
                hi: 1.0,
            });
        }

        // 4. Priority categories.
        if let Some((cats, prio)) = &self.priority {
            if cats.len() != n {
                return Err(Error::shape(
                    "priority categories",
                    format!("{n} labels (one per mentee row)"),
                    cats.len(),
                ));
            }
            for p in prio {
                if !cats.iter().any(|c| c == p) {
                    return Err(Error::UnknownId {
                        what: "priority categories (no mentee has this category)".to_string(),
                        id: p.clone(),
                    });
                }
            }
            let fam = families.len();
            families.push(format!(
                "priority categories {prio:?} (every such mentee matched)"
            ));
            let must_match_anyway = self.reject.is_none() && lo >= 1;
            for (i, c) in cats.iter().enumerate() {
                if prio.contains(c) && !must_match_anyway {
                    rows.push(Row {
                        family: fam,
                        what: format!("mentee row {i} (priority category {c:?} must be matched)"),
                        coef: row_vars(i).map(|v| (v, 1.0)).collect(),
                        lo: 1.0,
                        hi: f64::INFINITY,
                    });
                }
            }
        }

        // 5. Class limit.
        if let Some((classes, k)) = &self.class_limit {
            if classes.len() != n {
                return Err(Error::shape(
                    "class labels",
                    format!("{n} labels (one per mentee row)"),
                    classes.len(),
                ));
            }
            if *k == 0 {
                return Err(Error::invalid("class limit", "k must be at least 1"));
            }
            let fam = families.len();
            families.push(format!(
                "class limit (at most {k} mentees of one class per mentor)"
            ));
            for (j, col) in col_vars.iter().enumerate() {
                let mut by_class: BTreeMap<&str, Vec<(usize, f64)>> = BTreeMap::new();
                for &(v, _) in col {
                    let c = classes[pairs[v].0].as_str();
                    if !c.is_empty() {
                        by_class.entry(c).or_default().push((v, 1.0));
                    }
                }
                for (c, coef) in by_class {
                    if coef.len() > *k {
                        rows.push(Row {
                            family: fam,
                            what: format!("mentor column {j}, class {c:?}"),
                            coef,
                            lo: f64::NEG_INFINITY,
                            hi: *k as f64,
                        });
                    }
                }
            }
        }

        // 6. Quotas.
        for q in &self.quotas {
            if let Some(max) = q.max
                && q.min > max
            {
                return Err(Error::invalid(
                    format!("quota {:?}", q.name),
                    format!("min {} is above max {max}", q.min),
                ));
            }
            let what = format!("quota {:?}", q.name);
            for &i in q.mentees.iter().flatten() {
                check_pair(&what, i, 0)?;
            }
            for &j in q.mentors.iter().flatten() {
                check_pair(&what, 0, j)?;
            }
            let all_rows: Vec<usize>;
            let qrows = match &q.mentees {
                Some(r) => r.as_slice(),
                None => {
                    all_rows = (0..n).collect();
                    &all_rows
                }
            };
            let mut in_cols = vec![q.mentors.is_none(); m];
            for &j in q.mentors.iter().flatten() {
                in_cols[j] = true;
            }
            let coef: Vec<(usize, f64)> = qrows
                .iter()
                .flat_map(|&i| (0..m).map(move |j| (i, j)))
                .filter(|&(i, j)| in_cols[j] && var_of[i * m + j] != usize::MAX)
                .map(|(i, j)| (var_of[i * m + j], 1.0))
                .collect();
            let bounds = match q.max {
                Some(max) => format!("between {} and {max} pairs", q.min),
                None => format!("at least {} pairs", q.min),
            };
            let fam = families.len();
            families.push(format!("{what} ({bounds})"));
            rows.push(Row {
                family: fam,
                what: format!("{what} ({bounds})"),
                coef,
                lo: q.min as f64,
                hi: q.max.map_or(f64::INFINITY, |v| v as f64),
            });
        }

        Ok(Model {
            n,
            m,
            pairs,
            cost,
            lower,
            rows,
            families,
            scores: self.scores,
        })
    }
}
