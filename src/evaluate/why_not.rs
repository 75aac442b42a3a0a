//! "Why not?": the exact price of forcing a pair the solver did not choose, and the smallest
//! change of one question's weight that would make the solver choose it.
//!
//! # Problem
//! Given scores `s` (mentees × mentors, maximised, `-inf` forbidden) and the optimal linear
//! assignment `A*` (as [`crate::assign::lap`] defines it, with or without a reject score), and a
//! pair `(i, j)` not in `A*`: the **loss** `OPT − OPT(i, j)`, where `OPT(i, j)` is the best
//! objective over feasible assignments that contain `(i, j)`.
//!
//! # Algorithm
//! 1. Solve once with duals `(a, b)` ([`crate::assign::lap::solve_dense_with_duals`]); the reduced
//!    cost `a_i + b_j − s_ij ≥ 0` is a **lower bound** on the loss (the duals stay feasible for the
//!    problem without row `i` and column `j`, so `OPT(i, j) ≤ s_ij + Σa + Σb − a_i − b_j`).
//! 2. **Exact** value: remove row `i` and column `j`. Without a reject score the smaller side is
//!    oriented as rows and the larger side padded with zero-score dummy rows (dual 0), which makes
//!    the problem square with the same duals; the remaining matching is tight and the duals
//!    feasible, so **one** Dijkstra shortest augmenting path (reduced costs) from the freed row to
//!    the freed column gives the optimum of the reduced problem (the Hungarian invariant): `O(n·m)`
//!    per pair after the first solve ([`WhyNotSolver`]). With a reject score the reduced problem is
//!    re-solved from scratch.
//! 3. [`weight_change`]: with the linear model of [`QuestionFeatures`], every assignment's
//!    objective is linear in a change `δ` of question `q`'s weight, so the best objective with the
//!    pair forced, `f1(δ)`, and without it, `f0(δ)`, are convex piecewise linear. Both are built
//!    exactly on `[−w_q, max_factor · Σw]` by the Eisner–Severance method (solve at the ends, then
//!    at the intersection of the two lines found; a new line splits the interval), and the `δ` of
//!    smallest magnitude with `f1(δ) ≥ f0(δ)` is read off the two envelopes.
//!
//! # Guarantees
//! Losses are exact (equal to a brute-force re-solve, tested) up to floating-point rounding;
//! the bound never exceeds the loss. The weight change is exact within the search interval (a
//! tie at `δ` means the solver may choose the pair there; any larger move makes it optimal).
//!
//! # Complexity
//! One `O(LAP)` solve per [`WhyNotSolver`], then `O(n·m)` per pair without reject score.
//! [`weight_change`]: two LAP solves per breakpoint of the two envelopes (at most
//! `max_solves`).
//!
//! # Examples
//! ```
//! use nastavnik::assign::lap::LapOptions;
//! use nastavnik::evaluate::why_not::WhyNotSolver;
//! let s = ndarray::array![[5.0, 4.0], [4.0, 1.0]];
//! let w = WhyNotSolver::new(s.view(), &LapOptions::default())?;
//! assert_eq!(w.optimum().pairs(), &[(0, 1), (1, 0)]); // 4 + 4 = 8
//! let why = w.why_not(0, 0)?;                        // forced: 5 + 1 = 6
//! assert_eq!(why.loss, Some(2.0));
//! assert!(why.loss_bound <= 2.0 + 1e-12);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use super::features::{QuestionFeatures, check_weights};
use crate::assign::lap::{Duals, LapOptions, solve_dense, solve_dense_with_duals};
use crate::assign::{Assignment, SolveStatus};
use crate::error::{Error, Result};

/// The answer to "why not pair mentee `i` with mentor `j`?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhyNot {
    /// Mentee row.
    pub mentee: usize,
    /// Mentor column.
    pub mentor: usize,
    /// The pair's score.
    pub score: f64,
    /// Objective of the optimal assignment (matched scores plus the reject score per unmatched
    /// mentee, when set).
    pub optimal_objective: f64,
    /// Whether the optimum already contains the pair (then the loss is 0).
    pub already_paired: bool,
    /// Lower bound on the loss from the LAP duals.
    pub loss_bound: f64,
    /// Best objective with the pair forced (`None` if no feasible assignment contains it).
    pub forced_objective: Option<f64>,
    /// `optimal_objective − forced_objective` (`None` when infeasible).
    pub loss: Option<f64>,
    /// The best assignment containing the pair.
    pub forced: Option<Assignment>,
}

/// Solves once and answers "why not?" for any number of pairs.
#[derive(Debug, Clone)]
pub struct WhyNotSolver<'a> {
    scores: ArrayView2<'a, f64>,
    opts: LapOptions,
    optimum: Assignment,
    duals: Duals,
}

fn objective(a: &Assignment, opts: &LapOptions) -> f64 {
    a.total()
        + opts.reject_score.map_or(0.0, |r| {
            r * (a.n_mentees() - a.mentor_of().iter().flatten().count()) as f64
        })
}

impl<'a> WhyNotSolver<'a> {
    /// Solve the assignment problem with duals.
    ///
    /// # Errors
    /// As [`solve_dense_with_duals`].
    ///
    /// ```
    /// let s = ndarray::array![[1.0, 0.0], [0.0, 1.0]];
    /// let w = nastavnik::evaluate::why_not::WhyNotSolver::new(s.view(), &Default::default())?;
    /// assert_eq!(w.optimum().total(), 2.0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn new(scores: ArrayView2<'a, f64>, opts: &LapOptions) -> Result<Self> {
        let (optimum, duals) = solve_dense_with_duals(scores, opts)?;
        Ok(Self {
            scores,
            opts: *opts,
            optimum,
            duals,
        })
    }

    /// Reuse a solution and duals computed earlier by [`solve_dense_with_duals`] on the same
    /// `scores` and `opts` (they are trusted, only their shapes are checked).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the assignment or duals do not fit `scores`.
    ///
    /// ```
    /// use nastavnik::assign::lap::{solve_dense_with_duals, LapOptions};
    /// use nastavnik::evaluate::why_not::WhyNotSolver;
    /// let s = ndarray::array![[5.0, 4.0], [4.0, 1.0]];
    /// let (a, d) = solve_dense_with_duals(s.view(), &LapOptions::default())?;
    /// let w = WhyNotSolver::from_parts(s.view(), &LapOptions::default(), a, d)?;
    /// assert_eq!(w.why_not(0, 0)?.loss, Some(2.0));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn from_parts(
        scores: ArrayView2<'a, f64>,
        opts: &LapOptions,
        optimum: Assignment,
        duals: Duals,
    ) -> Result<Self> {
        let (n, m) = scores.dim();
        if (optimum.n_mentees(), optimum.n_mentors()) != (n, m)
            || duals.mentee.len() != n
            || duals.mentor.len() != m
        {
            return Err(Error::shape(
                "why-not solution and duals",
                format!("{n}x{m}"),
                format!(
                    "{}x{} with {} and {} duals",
                    optimum.n_mentees(),
                    optimum.n_mentors(),
                    duals.mentee.len(),
                    duals.mentor.len()
                ),
            ));
        }
        Ok(Self {
            scores,
            opts: *opts,
            optimum,
            duals,
        })
    }

    /// The optimal assignment.
    ///
    /// ```
    /// let s = ndarray::array![[1.0]];
    /// let w = nastavnik::evaluate::why_not::WhyNotSolver::new(s.view(), &Default::default())?;
    /// assert_eq!(w.optimum().pairs(), &[(0, 0)]);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn optimum(&self) -> &Assignment {
        &self.optimum
    }

    /// Why is `(mentee, mentor)` not paired? See the [module documentation](self).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for an index out of range or a forbidden pair.
    ///
    /// ```
    /// let s = ndarray::array![[3.0, 0.0], [2.0, 1.0]];
    /// let w = nastavnik::evaluate::why_not::WhyNotSolver::new(s.view(), &Default::default())?;
    /// let y = w.why_not(1, 0)?; // optimum 3 + 1 = 4, forced 2 + 0 = 2
    /// assert_eq!(y.loss, Some(2.0));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn why_not(&self, mentee: usize, mentor: usize) -> Result<WhyNot> {
        let (n, m) = self.scores.dim();
        if mentee >= n || mentor >= m {
            return Err(Error::invalid(
                "pair",
                format!(
                    "(mentee row {mentee}, mentor column {mentor}) is outside the {n}x{m} score matrix"
                ),
            ));
        }
        let s = self.scores[[mentee, mentor]];
        if !s.is_finite() {
            return Err(Error::invalid(
                "pair",
                format!(
                    "(mentee row {mentee}, mentor column {mentor}) is forbidden (score {s}) and cannot be forced"
                ),
            ));
        }
        if let Some(r) = self.opts.reject_score
            && s < r
        {
            return Err(Error::invalid(
                "pair",
                format!(
                    "(mentee row {mentee}, mentor column {mentor}) scores {s}, below the reject score {r}, and cannot be forced"
                ),
            ));
        }
        let opt = objective(&self.optimum, &self.opts);
        let bound = (self.duals.mentee[mentee] + self.duals.mentor[mentor] - s).max(0.0);
        if self
            .optimum
            .pairs()
            .binary_search(&(mentee, mentor))
            .is_ok()
        {
            return Ok(WhyNot {
                mentee,
                mentor,
                score: s,
                optimal_objective: opt,
                already_paired: true,
                loss_bound: 0.0,
                forced_objective: Some(opt),
                loss: Some(0.0),
                forced: Some(self.optimum.clone()),
            });
        }
        let forced = if self.opts.reject_score.is_none() {
            self.augment(mentee, mentor)
        } else {
            forced_by_resolve(self.scores, mentee, mentor, &self.opts)?
        };
        let forced_objective = forced.as_ref().map(|f| objective(f, &self.opts));
        Ok(WhyNot {
            mentee,
            mentor,
            score: s,
            optimal_objective: opt,
            already_paired: false,
            loss_bound: bound,
            forced_objective,
            loss: forced_objective.map(|f| (opt - f).max(0.0)),
            forced,
        })
    }

    /// One shortest augmenting path on the square-padded problem without row `i` and column `j`.
    fn augment(&self, i: usize, j: usize) -> Option<Assignment> {
        let (n, m) = self.scores.dim();
        let tr = n > m;
        // Oriented: rows = smaller side (k), columns = larger side (l).
        let (l, ri, cj) = if tr { (n, j, i) } else { (m, i, j) };
        let (du, dv) = if tr {
            (&self.duals.mentor, &self.duals.mentee)
        } else {
            (&self.duals.mentee, &self.duals.mentor)
        };
        let score = |r: usize, c: usize| -> f64 {
            if tr {
                self.scores[[c, r]]
            } else {
                self.scores[[r, c]]
            }
        };
        const DUMMY: usize = usize::MAX;
        // owner[c]: the (real or dummy) row holding column c.
        let mut owner = vec![DUMMY; l];
        let mut col_of_row = vec![usize::MAX; n.min(m)];
        for &(a, b) in self.optimum.pairs() {
            let (r, c) = if tr { (b, a) } else { (a, b) };
            owner[c] = r;
            col_of_row[r] = c;
        }
        let freed_col = col_of_row[ri];
        let start = owner[cj]; // real row, or DUMMY
        // reduced cost of (row, column) in minimisation form, >= 0 (clamped against rounding)
        let red = |r: usize, c: usize| -> f64 {
            if r == DUMMY {
                dv[c].max(0.0)
            } else {
                let s = score(r, c);
                if s == f64::NEG_INFINITY {
                    f64::INFINITY
                } else {
                    (du[r] + dv[c] - s).max(0.0)
                }
            }
        };
        let mut dist = vec![f64::INFINITY; l];
        let mut pred = vec![usize::MAX; l];
        let mut done = vec![false; l];
        done[cj] = true;
        for (c, d) in dist.iter_mut().enumerate() {
            if c != cj {
                *d = red(start, c);
            }
        }
        loop {
            let mut best = usize::MAX;
            let mut bd = f64::INFINITY;
            for c in 0..l {
                if !done[c] && dist[c] < bd {
                    bd = dist[c];
                    best = c;
                }
            }
            if best == usize::MAX {
                return None; // no augmenting path: the forced problem is infeasible
            }
            if best == freed_col {
                break;
            }
            done[best] = true;
            let k = owner[best];
            let base = bd - red(k, best);
            for c in 0..l {
                if !done[c] {
                    let nd = (base + red(k, c)).max(bd);
                    if nd < dist[c] {
                        dist[c] = nd;
                        pred[c] = best;
                    }
                }
            }
        }
        let mut c = freed_col;
        while pred[c] != usize::MAX {
            let p = pred[c];
            owner[c] = owner[p];
            c = p;
        }
        owner[c] = start;
        let mut pairs = Vec::with_capacity(n.min(m));
        let mut total = score(ri, cj);
        pairs.push(if tr { (cj, ri) } else { (ri, cj) });
        for (c, &r) in owner.iter().enumerate() {
            if c != cj && r != DUMMY && r != ri {
                total += score(r, c);
                pairs.push(if tr { (c, r) } else { (r, c) });
            }
        }
        Some(Assignment::from_solver(
            n,
            m,
            pairs,
            total,
            SolveStatus::Optimal,
        ))
    }
}

/// Best assignment containing `(i, j)` by re-solving without row `i` and column `j`.
fn forced_by_resolve(
    scores: ArrayView2<'_, f64>,
    i: usize,
    j: usize,
    opts: &LapOptions,
) -> Result<Option<Assignment>> {
    let (n, m) = scores.dim();
    let s = scores[[i, j]];
    if n == 1 || m == 1 {
        let pairs = vec![(i, j)];
        return Ok(Some(Assignment::from_solver(
            n,
            m,
            pairs,
            s,
            SolveStatus::Optimal,
        )));
    }
    let rows: Vec<usize> = (0..n).filter(|&r| r != i).collect();
    let cols: Vec<usize> = (0..m).filter(|&c| c != j).collect();
    let sub = Array2::from_shape_fn((n - 1, m - 1), |(r, c)| scores[[rows[r], cols[c]]]);
    match solve_dense(sub.view(), opts) {
        Ok(a) => {
            let mut pairs: Vec<(usize, usize)> =
                a.pairs().iter().map(|&(r, c)| (rows[r], cols[c])).collect();
            pairs.push((i, j));
            Ok(Some(Assignment::from_solver(
                n,
                m,
                pairs,
                a.total() + s,
                SolveStatus::Optimal,
            )))
        }
        Err(Error::Infeasible { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Why is `(mentee, mentor)` not paired? One-shot form of [`WhyNotSolver`].
///
/// # Errors
/// As [`WhyNotSolver::new`] and [`WhyNotSolver::why_not`].
///
/// ```
/// let s = ndarray::array![[2.0, 1.0], [1.0, 2.0]];
/// let y = nastavnik::evaluate::why_not(s.view(), 0, 1, &Default::default())?;
/// assert_eq!(y.loss, Some(2.0));
/// assert_eq!(y.forced.unwrap().pairs(), &[(0, 1), (1, 0)]);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn why_not(
    scores: ArrayView2<'_, f64>,
    mentee: usize,
    mentor: usize,
    opts: &LapOptions,
) -> Result<WhyNot> {
    WhyNotSolver::new(scores, opts)?.why_not(mentee, mentor)
}

/// The smallest change of one question's weight that makes the solver choose a pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightChange {
    /// Question id.
    pub question: String,
    /// Its current weight.
    pub weight: f64,
    /// The change `δ` of smallest magnitude at which the pair becomes optimal (`None`: not
    /// within `[−weight, max_factor · Σw]`).
    pub delta: Option<f64>,
    /// `δ / weight` (`None` for a zero weight or no `δ`).
    pub relative: Option<f64>,
    /// LAP solves used.
    pub solves: usize,
}

type Line = (f64, f64); // value = c + s * delta

fn at(line: Line, x: f64) -> f64 {
    line.0 + line.1 * x
}

fn envelope_max(lines: &[Line], x: f64) -> f64 {
    lines
        .iter()
        .map(|&l| at(l, x))
        .fold(f64::NEG_INFINITY, f64::max)
}

/// Eisner–Severance: the lines of a convex piecewise-linear max on `[lo, hi]`.
fn envelope(
    mut oracle: impl FnMut(f64) -> Result<Option<Line>>,
    lo: f64,
    hi: f64,
    budget: &mut usize,
) -> Result<Option<Vec<Line>>> {
    let mut call = |x: f64, budget: &mut usize| -> Result<Option<Line>> {
        if *budget == 0 {
            return Err(Error::Solver {
                message: "weight-change search exceeded its budget of solves (raise max_solves)"
                    .into(),
            });
        }
        *budget -= 1;
        oracle(x)
    };
    let Some(a) = call(lo, budget)? else {
        return Ok(None);
    };
    let Some(b) = call(hi, budget)? else {
        return Ok(None);
    };
    let mut lines = vec![a, b];
    let mut stack = vec![(a, b)];
    while let Some((la, lb)) = stack.pop() {
        if (la.1 - lb.1).abs() <= 1e-12 * (1.0 + la.1.abs()) {
            continue;
        }
        let x = ((lb.0 - la.0) / (la.1 - lb.1)).clamp(lo, hi);
        let Some(l) = call(x, budget)? else {
            return Ok(None);
        };
        let v = at(l, x);
        let tol = 1e-9 * (1.0 + v.abs());
        if v > at(la, x).max(at(lb, x)) + tol {
            lines.push(l);
            stack.push((la, l));
            stack.push((l, lb));
        }
    }
    Ok(Some(lines))
}

/// The smallest change of question `question`'s weight that makes the solver choose
/// `(mentee, mentor)` (see the [module documentation](self)).
///
/// The objective is the matched scores `Σ w_q F_q / Σ w` plus `reject_score` per unmatched
/// mentee, as with [`QuestionFeatures::scores`] and [`LapOptions`]. The search covers
/// `δ ∈ [−w_q, max_factor · Σ w]` and stops with an error after `max_solves` LAP solves.
///
/// # Errors
/// [`Error::UnknownId`] for an unknown question, [`Error::InvalidValue`] for indices out of range,
/// a forbidden pair, a non-positive `max_factor`; solver errors; [`Error::Solver`] when the
/// budget is exhausted.
///
/// ```
/// use nastavnik::evaluate::{QuestionFeatures, weight_change};
/// let f = QuestionFeatures::new(vec!["a".into(), "b".into()], vec![1.0, 1.0],
///     ndarray::Array2::from_elem((2, 2), true),
///     vec![ndarray::array![[1.0, 0.0], [0.0, 1.0]], ndarray::array![[0.0, 1.0], [0.0, 0.0]]])?;
/// // the optimum pairs (0,0),(1,1) (numerators 1 + 1 = 2 versus 1 + 0 = 1); (0,1) needs b's weight + 1
/// let c = weight_change(&f, 0, 1, "b", &Default::default(), 10.0, 100)?;
/// assert!((c.delta.unwrap() - 1.0).abs() < 1e-9);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn weight_change(
    f: &QuestionFeatures,
    mentee: usize,
    mentor: usize,
    question: &str,
    opts: &LapOptions,
    max_factor: f64,
    max_solves: usize,
) -> Result<WeightChange> {
    let q = f.question_index(question)?;
    check_weights(&f.questions, &f.weights)?;
    let (n, m) = f.dim();
    if mentee >= n || mentor >= m || !f.allowed[[mentee, mentor]] {
        return Err(Error::invalid(
            "pair",
            format!(
                "(mentee row {mentee}, mentor column {mentor}) is outside the {n}x{m} problem or forbidden"
            ),
        ));
    }
    if !max_factor.is_finite() || max_factor <= 0.0 {
        return Err(Error::invalid(
            "max_factor",
            format!("{max_factor}; expected > 0"),
        ));
    }
    let w0: f64 = f.weights.iter().sum();
    let wq = f.weights[q];
    let num = f.numerator(&f.weights);
    let fq = &f.features[q];
    let r = opts.reject_score;
    let unmatched = |a: &Assignment| (n - a.mentor_of().iter().flatten().count()) as f64;
    // value and slope of the best assignment at delta, forced or avoiding the pair
    let solve_at = |delta: f64, forced: bool| -> Result<Option<Line>> {
        let mut s = &num + &(fq * delta);
        ndarray::Zip::from(&mut s)
            .and(&f.allowed)
            .for_each(|v, &ok| {
                if !ok {
                    *v = f64::NEG_INFINITY;
                }
            });
        let o = LapOptions {
            reject_score: r.map(|r| r * (w0 + delta)),
        };
        let a = if forced {
            if let Some(rr) = o.reject_score
                && s[[mentee, mentor]] < rr
            {
                return Ok(None);
            }
            match forced_by_resolve(s.view(), mentee, mentor, &o)? {
                Some(a) => a,
                None => return Ok(None),
            }
        } else {
            s[[mentee, mentor]] = f64::NEG_INFINITY;
            match solve_dense(s.view(), &o) {
                Ok(a) => a,
                Err(Error::Infeasible { .. }) => return Ok(None),
                Err(e) => return Err(e),
            }
        };
        let slope = a.pairs().iter().map(|&(i, j)| fq[[i, j]]).sum::<f64>()
            + r.map_or(0.0, |r| r * unmatched(&a));
        let value = a.total() + r.map_or(0.0, |r| r * (w0 + delta) * unmatched(&a));
        Ok(Some((value - slope * delta, slope)))
    };
    let (lo, hi) = (-wq, max_factor * w0.max(wq).max(1e-300));
    let mut budget = max_solves;
    let f1 = envelope(|d| solve_at(d, true), lo, hi, &mut budget)?;
    let Some(f1) = f1 else {
        return Ok(WeightChange {
            question: question.into(),
            weight: wq,
            delta: None,
            relative: None,
            solves: max_solves - budget,
        });
    };
    let f0 = envelope(|d| solve_at(d, false), lo, hi, &mut budget)?;
    let solves = max_solves - budget;
    let h = |x: f64| match &f0 {
        Some(f0) => envelope_max(&f1, x) - envelope_max(f0, x),
        None => f64::INFINITY,
    };
    let tol = |x: f64| 1e-9 * (1.0 + envelope_max(&f1, x).abs());
    // candidate breakpoints: every pairwise intersection of all lines, plus the ends and 0
    let all: Vec<Line> = f1.iter().chain(f0.iter().flatten()).copied().collect();
    let mut xs = vec![lo, hi, 0.0];
    for a in 0..all.len() {
        for b in a + 1..all.len() {
            let ds = all[a].1 - all[b].1;
            if ds.abs() > 1e-15 {
                let x = (all[b].0 - all[a].0) / ds;
                if x > lo && x < hi {
                    xs.push(x);
                }
            }
        }
    }
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let root = |seq: &mut dyn Iterator<Item = f64>| -> Option<f64> {
        let mut prev: Option<(f64, f64)> = None;
        for x in seq {
            let hx = h(x);
            if hx >= -tol(x) {
                return Some(match prev {
                    Some((px, ph)) if hx.is_finite() && hx > ph => {
                        px + (x - px) * (-ph) / (hx - ph)
                    }
                    _ => x,
                });
            }
            prev = Some((x, hx));
        }
        None
    };
    let up = root(&mut xs.iter().copied().filter(|&x| x >= 0.0));
    let down = root(&mut xs.iter().rev().copied().filter(|&x| x <= 0.0));
    let delta = match (up, down) {
        (Some(u), Some(d)) => Some(if u.abs() <= d.abs() { u } else { d }),
        (u, d) => u.or(d),
    };
    Ok(WeightChange {
        question: question.into(),
        weight: wq,
        delta,
        relative: delta.filter(|_| wq > 0.0).map(|d| d / wq),
        solves,
    })
}
