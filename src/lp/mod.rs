//! The HiGHS driver: linear and mixed-integer programmes with rows grouped into constraint
//! families, a wall-clock deadline, a relative gap, typed statuses and infeasibility diagnosis.
//!
//! # Problem
//! Maximise `Σ c_j x_j` subject to `lo_r ≤ Σ a_rj x_j ≤ hi_r` for every row `r` and
//! `l_j ≤ x_j ≤ u_j`, some `x_j` integer. Every row belongs to a *family* (e.g. "mentor loads",
//! "room capacity"), named in diagnoses. Both the assignment MIP ([`crate::assign::mip`]) and the
//! standing-slot scheduler ([`crate::schedule::standing`]) build an [`LpModel`] and call
//! [`LpModel::solve`]; neither talks to HiGHS directly.
//!
//! # Algorithm
//! The model is handed to [HiGHS](https://highs.dev) (the `highs` crate, the same one `good_lp`
//! drives) as a row-wise problem. Before solving, the objective is **rescaled** so that its
//! largest coefficient has magnitude 1 (HiGHS's optimality tolerances are absolute: without it,
//! scores of order 1e-9 all look equal and scores of order 1e12 are never proven optimal);
//! reported objective values and bounds are scaled back. The solver's status is read as
//! [`highs::HighsModelStatus`] and mapped onto [`LpStatus`]. [`LpModel::diagnose`] finds the
//! first family whose cumulative prefix (families in insertion order) is infeasible, by bisection
//! over feasibility-only solves.
//!
//! # Guarantees
//! * [`LpStatus::Optimal`] means HiGHS proved optimality with relative gap 0 (or the requested
//!   gap) on the rescaled objective; the returned `x` is HiGHS's solution, rows are satisfied
//!   within HiGHS's feasibility tolerance (1e-7), integer columns within 1e-6 of integers.
//! * The deadline is a wall-clock instant for the whole call: the remaining time is passed to
//!   HiGHS as its time limit, and no solve starts after it. HiGHS's presolve (the MIP's
//!   included) checks neither the limit nor the callbacks (it overran a 0.5 s limit by 3.5 s
//!   on a 16 500-binary model), nor does its feasibility-jump heuristic; with
//!   [`LpOptions::presolve`] off both are avoided (the heuristic unless the time left covers
//!   ~10 µs per non-zero) and the limit is kept within about one simplex iteration or node. When it expires with a feasible
//!   solution the status is [`LpStatus::TimeLimit`] with that solution, its gap and bound.
//! * HiGHS writes nothing to the console.
//! * The deadline and the current [`crate::interrupt`] token are also polled by a HiGHS
//!   interrupt callback at every simplex iteration, IPM iteration and branch-and-bound node
//!   (HiGHS's own time limit is only checked between some phases), so a solve returns within
//!   about one iteration of the deadline. A cancelled token gives [`Error::Interrupted`].
//! * With a current token and presolve on, HiGHS runs on a worker thread and the caller polls
//!   the token every 10 ms, so a cancellation during presolve (which polls nothing) returns
//!   at once; the worker stops at HiGHS's first callback after presolve and exits, freeing
//!   its copy of the model (nothing outlives it). Results are those of the same solve on the
//!   calling thread.
//!
//! # Complexity
//! Building is linear in the number of non-zeros; solving is polynomial in practice for LPs and
//! NP-hard in general for MIPs.
//!
//! # Examples
//! ```
//! use nastavnik::lp::{LpModel, LpOptions, LpStatus};
//! let mut m = LpModel::new();
//! let x = m.add_binary(3.0);
//! let y = m.add_binary(2.0);
//! let fam = m.add_family("budget");
//! m.add_row(fam, "x + y <= 1", &[(x, 1.0), (y, 1.0)], f64::NEG_INFINITY, 1.0);
//! let r = m.solve(&LpOptions::default())?;
//! assert_eq!(r.status, LpStatus::Optimal);
//! assert_eq!(r.x.as_deref(), Some(&[1.0, 0.0][..]));
//! assert_eq!(r.objective, 3.0);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::time::Instant;

use highs::{HighsModelStatus, HighsSolutionStatus, RowProblem, Sense};

use crate::error::{Error, Result};

mod limits;
mod stop;

pub use limits::{check_limits, deadline_after};

/// One column: bounds, integrality, objective coefficient.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Column {
    lo: f64,
    hi: f64,
    integer: bool,
    cost: f64,
}

/// One row `lo ≤ Σ a·x ≤ hi`, tagged with its family.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    family: usize,
    what: String,
    coef: Vec<(usize, f64)>,
    lo: f64,
    hi: f64,
}

/// A linear or mixed-integer programme to **maximise**.
///
/// ```
/// let m = nastavnik::lp::LpModel::new();
/// assert_eq!((m.n_cols(), m.n_rows()), (0, 0));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LpModel {
    cols: Vec<Column>,
    rows: Vec<Row>,
    families: Vec<String>,
    /// A starting point handed to HiGHS (MIP incumbent), see [`LpModel::set_start`].
    start: Option<Vec<f64>>,
}

/// How a solve ended.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LpStatus {
    /// Proven optimal (within the requested relative gap).
    Optimal,
    /// The deadline expired; the best solution found is returned when there is one.
    TimeLimit,
    /// Proven infeasible.
    Infeasible,
    /// Unbounded (or infeasible, when HiGHS cannot tell which).
    Unbounded,
    /// HiGHS stopped for another reason (named).
    Other(String),
}

/// Options of one solve.
///
/// ```
/// use nastavnik::lp::LpOptions;
/// let o = LpOptions::default().with_gap(Some(0.01));
/// assert!(o.deadline.is_none() && o.integer);
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LpOptions {
    /// Wall-clock instant after which the solve stops.
    pub deadline: Option<Instant>,
    /// Relative MIP gap at which HiGHS may stop (default 0: prove optimality).
    pub gap: Option<f64>,
    /// `false` relaxes integrality (solve the LP relaxation).
    pub integer: bool,
    /// Only rows of families `< n` (all when `None`).
    pub families: Option<usize>,
    /// `false` drops the objective (feasibility only).
    pub objective: bool,
    /// `false` keeps the deadline closely: HiGHS's presolve (not interruptible) is switched
    /// off, and so is its feasibility-jump heuristic (not interruptible either) when the time
    /// left is short for the model's size. Default `true`.
    pub presolve: bool,
}

impl Default for LpOptions {
    fn default() -> Self {
        LpOptions {
            deadline: None,
            gap: None,
            integer: true,
            families: None,
            objective: true,
            presolve: true,
        }
    }
}

crate::setters::with_setters! { LpOptions {
    /// Set `deadline` (wall-clock instant after which the solve stops).
    ///
    /// ```
    /// let o = nastavnik::lp::LpOptions::default().with_deadline(Some(std::time::Instant::now()));
    /// assert!(o.deadline.is_some());
    /// ```
    with_deadline => deadline: Option<Instant>,
    /// Set `gap` (relative MIP gap at which HiGHS may stop).
    ///
    /// ```
    /// assert_eq!(nastavnik::lp::LpOptions::default().with_gap(Some(0.01)).gap, Some(0.01));
    /// ```
    with_gap => gap: Option<f64>,
    /// Set `integer` (`false` solves the LP relaxation).
    ///
    /// ```
    /// assert!(!nastavnik::lp::LpOptions::default().with_integer(false).integer);
    /// ```
    with_integer => integer: bool,
    /// Set `families` (only rows of families `< n`).
    ///
    /// ```
    /// assert_eq!(nastavnik::lp::LpOptions::default().with_families(Some(2)).families, Some(2));
    /// ```
    with_families => families: Option<usize>,
    /// Set `objective` (`false` drops the objective).
    ///
    /// ```
    /// assert!(!nastavnik::lp::LpOptions::default().with_objective(false).objective);
    /// ```
    with_objective => objective: bool,
    /// Set `presolve` (`false` switches HiGHS presolve off).
    ///
    /// ```
    /// assert!(!nastavnik::lp::LpOptions::default().with_presolve(false).presolve);
    /// ```
    with_presolve => presolve: bool,
}}

/// The result of [`LpModel::solve`].
#[derive(Debug, Clone, PartialEq)]
pub struct LpSolution {
    /// How the solve ended.
    pub status: LpStatus,
    /// Column values when a feasible solution exists.
    pub x: Option<Vec<f64>>,
    /// Objective of `x` (NaN without a solution), recomputed from the model's own coefficients.
    pub objective: f64,
    /// Best proven upper bound on the objective (NaN when unknown).
    pub bound: f64,
    /// Relative gap `|bound − objective| / max(|objective|, tiny)`; `None` when unknown.
    pub gap: Option<f64>,
}

fn solver_err(what: &str, e: impl std::fmt::Debug) -> Error {
    Error::Solver {
        message: format!("HiGHS {what}: {e:?}"),
    }
}

impl LpModel {
    /// An empty model.
    ///
    /// ```
    /// assert_eq!(nastavnik::lp::LpModel::new().n_cols(), 0);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a column `lo ≤ x ≤ hi` with objective coefficient `cost`; returns its index.
    ///
    /// ```
    /// let mut m = nastavnik::lp::LpModel::new();
    /// assert_eq!(m.add_column(0.0, 5.0, false, 1.0), 0);
    /// ```
    pub fn add_column(&mut self, lo: f64, hi: f64, integer: bool, cost: f64) -> usize {
        self.cols.push(Column {
            lo,
            hi,
            integer,
            cost,
        });
        self.cols.len() - 1
    }

    /// Add a binary column.
    ///
    /// ```
    /// let mut m = nastavnik::lp::LpModel::new();
    /// assert_eq!(m.add_binary(2.0), 0);
    /// ```
    pub fn add_binary(&mut self, cost: f64) -> usize {
        self.add_column(0.0, 1.0, true, cost)
    }

    /// Start a new constraint family; returns its index (families are ordered).
    ///
    /// ```
    /// let mut m = nastavnik::lp::LpModel::new();
    /// assert_eq!(m.add_family("loads"), 0);
    /// assert_eq!(m.family(0), Some("loads"));
    /// ```
    pub fn add_family(&mut self, name: impl Into<String>) -> usize {
        self.families.push(name.into());
        self.families.len() - 1
    }

    /// Name of family `f`.
    ///
    /// ```
    /// assert_eq!(nastavnik::lp::LpModel::new().family(3), None);
    /// ```
    pub fn family(&self, f: usize) -> Option<&str> {
        self.families.get(f).map(String::as_str)
    }

    /// Add the row `lo ≤ Σ a·x ≤ hi` to family `family` (`what` names it in messages).
    ///
    /// ```
    /// let mut m = nastavnik::lp::LpModel::new();
    /// let x = m.add_binary(1.0);
    /// let f = m.add_family("cap");
    /// m.add_row(f, "x <= 0", &[(x, 1.0)], f64::NEG_INFINITY, 0.0);
    /// assert_eq!(m.n_rows(), 1);
    /// ```
    pub fn add_row(
        &mut self,
        family: usize,
        what: impl Into<String>,
        coef: &[(usize, f64)],
        lo: f64,
        hi: f64,
    ) {
        self.rows.push(Row {
            family,
            what: what.into(),
            coef: coef.to_vec(),
            lo,
            hi,
        });
    }

    /// Hand HiGHS a starting point (warm start): one value per column. A feasible one becomes
    /// the MIP's first incumbent; an infeasible one or one of the wrong length is ignored
    /// (HiGHS checks it), so the result is the same as without it, only the search is shorter.
    ///
    /// ```
    /// use nastavnik::lp::{LpModel, LpOptions};
    /// let mut m = LpModel::new();
    /// let x = m.add_binary(3.0);
    /// let y = m.add_binary(2.0);
    /// let f = m.add_family("budget");
    /// m.add_row(f, "x + y <= 1", &[(x, 1.0), (y, 1.0)], f64::NEG_INFINITY, 1.0);
    /// m.set_start(vec![0.0, 1.0]);
    /// assert_eq!(m.solve(&LpOptions::default())?.objective, 3.0);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn set_start(&mut self, x: Vec<f64>) {
        self.start = Some(x);
    }

    /// Number of columns.
    ///
    /// ```
    /// assert_eq!(nastavnik::lp::LpModel::new().n_cols(), 0);
    /// ```
    pub fn n_cols(&self) -> usize {
        self.cols.len()
    }

    /// Number of rows.
    ///
    /// ```
    /// assert_eq!(nastavnik::lp::LpModel::new().n_rows(), 0);
    /// ```
    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }

    /// The objective value of `x` under this model's coefficients.
    ///
    /// ```
    /// let mut m = nastavnik::lp::LpModel::new();
    /// m.add_binary(2.5);
    /// assert_eq!(m.objective_of(&[1.0]), 2.5);
    /// ```
    pub fn objective_of(&self, x: &[f64]) -> f64 {
        self.cols.iter().zip(x).map(|(c, v)| c.cost * v).sum()
    }

    /// Whether `x` satisfies every row of families `< families` and every bound within `tol`,
    /// and integer columns are integral.
    ///
    /// ```
    /// let mut m = nastavnik::lp::LpModel::new();
    /// let x = m.add_binary(1.0);
    /// let f = m.add_family("cap");
    /// m.add_row(f, "x <= 0", &[(x, 1.0)], f64::NEG_INFINITY, 0.0);
    /// assert!(!m.is_feasible(&[1.0], usize::MAX, 1e-9));
    /// ```
    pub fn is_feasible(&self, x: &[f64], families: usize, tol: f64) -> bool {
        if x.len() != self.cols.len() {
            return false;
        }
        let cols_ok = self.cols.iter().zip(x).all(|(c, &v)| {
            v >= c.lo - tol && v <= c.hi + tol && (!c.integer || (v - v.round()).abs() <= tol)
        });
        cols_ok
            && self.rows.iter().filter(|r| r.family < families).all(|r| {
                let a: f64 = r.coef.iter().map(|&(j, c)| c * x[j]).sum();
                a >= r.lo - tol && a <= r.hi + tol
            })
    }

    /// Solve with HiGHS.
    ///
    /// Integer columns of the returned `x` are rounded to the nearest integer; the objective is
    /// recomputed from `x` with the model's own (unscaled) coefficients.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for NaN coefficients or bounds, [`Error::Solver`] when HiGHS
    /// rejects the model.
    ///
    /// ```
    /// use nastavnik::lp::{LpModel, LpOptions, LpStatus};
    /// let mut m = LpModel::new();
    /// let x = m.add_binary(1.0);
    /// let f = m.add_family("impossible");
    /// m.add_row(f, "x >= 2", &[(x, 1.0)], 2.0, f64::INFINITY);
    /// assert_eq!(m.solve(&LpOptions::default())?.status, LpStatus::Infeasible);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn solve(&self, opts: &LpOptions) -> Result<LpSolution> {
        self.solve_with_start(opts, None)
    }

    /// [`solve`](Self::solve) with a starting point: for a mixed-integer solve, a feasible
    /// `start` (one value per column) becomes HiGHS's first incumbent, so a solve stopped by
    /// the deadline still returns a solution at least as good. An infeasible start is
    /// completed or ignored by HiGHS; LP solves ignore it.
    ///
    /// When the calling thread has a current [`crate::interrupt`] token and presolve is on,
    /// HiGHS runs on a worker thread while the caller polls the token every 10 ms: HiGHS's
    /// presolve polls nothing, so a cancellation during it returns [`Error::Interrupted`] at
    /// once and the worker, told to stop, finishes on its own (it holds its own copy of the
    /// model and frees everything when done).
    ///
    /// # Errors
    /// As [`solve`](Self::solve); [`Error::InvalidValue`] when `start` has the wrong length.
    ///
    /// ```
    /// use nastavnik::lp::{LpModel, LpOptions, LpStatus};
    /// let mut m = LpModel::new();
    /// let x = m.add_binary(3.0);
    /// let y = m.add_binary(2.0);
    /// let f = m.add_family("budget");
    /// m.add_row(f, "x + y <= 1", &[(x, 1.0), (y, 1.0)], f64::NEG_INFINITY, 1.0);
    /// let r = m.solve_with_start(&LpOptions::default(), Some(&[0.0, 1.0]))?;
    /// assert_eq!((r.status, r.objective), (LpStatus::Optimal, 3.0));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn solve_with_start(&self, opts: &LpOptions, start: Option<&[f64]>) -> Result<LpSolution> {
        crate::interrupt::check()?;
        if let Some(s) = start
            && s.len() != self.cols.len()
        {
            return Err(Error::invalid(
                "linear programme start",
                format!("{} values for {} columns", s.len(), self.cols.len()),
            ));
        }
        match crate::interrupt::current() {
            Some(token) if opts.presolve => self.solve_on_worker(opts, start, token),
            _ => self.solve_here(opts, start),
        }
    }

    /// Run [`solve_here`](Self::solve_here) on a worker thread under `token`, returning as soon
    /// as the token is cancelled (polled on this thread, with its hook, every 10 ms).
    fn solve_on_worker(
        &self,
        opts: &LpOptions,
        start: Option<&[f64]>,
        token: crate::interrupt::Interrupt,
    ) -> Result<LpSolution> {
        use std::sync::mpsc::{RecvTimeoutError, channel};
        let model = std::sync::Arc::new(self.clone());
        let owned: Option<Vec<f64>> = start.map(<[f64]>::to_vec);
        let opts_w = *opts;
        let (tx, rx) = channel();
        let worker_token = token.clone();
        let worker_model = std::sync::Arc::clone(&model);
        let spawned = std::thread::Builder::new()
            .name("nastavnik-highs".to_string())
            .spawn(move || {
                let r = worker_token.run(|| worker_model.solve_here(&opts_w, owned.as_deref()));
                // The caller may have gone (interrupted): nobody to tell.
                let _ = tx.send(r);
            });
        let Ok(handle) = spawned else {
            // No thread available: solve here (interruptible after presolve only).
            return self.solve_here(opts, start);
        };
        loop {
            match rx.recv_timeout(std::time::Duration::from_millis(10)) {
                Ok(r) => {
                    let _ = handle.join();
                    return r;
                }
                Err(RecvTimeoutError::Timeout) => {
                    if let Err(e) = crate::interrupt::check() {
                        // The worker's callback sees the cancelled token and stops HiGHS
                        // after presolve; it is detached and exits on its own.
                        token.cancel();
                        drop(handle);
                        return Err(e);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let _ = handle.join();
                    return Err(Error::Solver {
                        message: "HiGHS worker thread stopped without a result (panic)".to_string(),
                    });
                }
            }
        }
    }

    /// The solve itself, on the calling thread.
    fn solve_here(&self, opts: &LpOptions, start: Option<&[f64]>) -> Result<LpSolution> {
        let none = |status| LpSolution {
            status,
            x: None,
            objective: f64::NAN,
            bound: f64::NAN,
            gap: None,
        };
        crate::interrupt::check()?;
        let families = opts.families.unwrap_or(usize::MAX);
        let left = match opts.deadline {
            Some(d) => {
                let t = d.saturating_duration_since(Instant::now()).as_secs_f64();
                if t <= 0.0 {
                    return Ok(none(LpStatus::TimeLimit));
                }
                Some(t)
            }
            None => None,
        };
        for (j, c) in self.cols.iter().enumerate() {
            if c.cost.is_nan() || c.lo.is_nan() || c.hi.is_nan() || c.cost.is_infinite() {
                return Err(Error::invalid(
                    "linear programme",
                    format!("column {j} has a non-finite cost or NaN bound"),
                ));
            }
        }
        let scale = if opts.objective {
            let m = self.cols.iter().fold(0.0f64, |a, c| a.max(c.cost.abs()));
            if m > 0.0 { 1.0 / m } else { 1.0 }
        } else {
            1.0
        };
        let mut p = RowProblem::default();
        let cols: Vec<highs::Col> = self
            .cols
            .iter()
            .map(|c| {
                let cost = if opts.objective { c.cost * scale } else { 0.0 };
                if c.integer && opts.integer {
                    p.add_integer_column(cost, c.lo..=c.hi)
                } else {
                    p.add_column(cost, c.lo..=c.hi)
                }
            })
            .collect();
        for r in self.rows.iter().filter(|r| r.family < families) {
            if r.lo.is_nan() || r.hi.is_nan() || r.coef.iter().any(|c| !c.1.is_finite()) {
                return Err(Error::invalid(
                    "linear programme",
                    format!("row {:?} has a NaN bound or non-finite coefficient", r.what),
                ));
            }
            let mut coef = Vec::with_capacity(r.coef.len());
            for &(j, a) in &r.coef {
                let c = *cols.get(j).ok_or_else(|| {
                    Error::invalid(
                        "linear programme",
                        format!(
                            "row {:?} refers to column {j}, which does not exist",
                            r.what
                        ),
                    )
                })?;
                coef.push((c, a));
            }
            p.add_row(r.lo..=r.hi, coef);
        }
        let mut model = p
            .try_optimise(Sense::Maximise)
            .map_err(|e| solver_err("rejected the model", e))?;
        model.make_quiet();
        let stopper = stop::Stop {
            deadline: opts.deadline,
            token: crate::interrupt::current(),
        };
        // Without the callback HiGHS still honours its own time limit (coarser).
        let _polled = stop::install(model.as_mut_ptr(), &stopper);
        if !opts.presolve {
            model
                .try_set_option("presolve", "off")
                .map_err(|e| solver_err("rejected option presolve", e))?;
            // The feasibility-jump heuristic polls nothing either; its effort is bounded by
            // 1024 passes over the non-zeros (~0.4 s for 90 000 on an idle core). Run it only
            // when the time left covers ~10 µs per non-zero.
            let nnz: usize = self
                .rows
                .iter()
                .filter(|r| r.family < families)
                .map(|r| r.coef.len())
                .sum();
            if left.is_some_and(|t| t < nnz as f64 * 1e-5) {
                model
                    .try_set_option("mip_heuristic_run_feasibility_jump", false)
                    .map_err(|e| solver_err("rejected option feasibility jump", e))?;
            }
        }
        let mut set = |k: &str, v: f64| {
            model
                .try_set_option(k, v)
                .map_err(|e| solver_err(&format!("rejected option {k}"), e))
        };
        if let Some(t) = left {
            set("time_limit", t)?;
        }
        set("mip_rel_gap", opts.gap.unwrap_or(0.0))?;
        // Absolute gap on the rescaled objective (max |c| = 1): tiny, so the relative one rules.
        set("mip_abs_gap", 1e-9)?;
        if let Some(x0) = start
            && opts.integer
        {
            model
                .try_set_solution(Some(x0), None, None, None)
                .map_err(|e| solver_err("rejected the starting point", e))?;
        } else if let Some(x) = self.start.as_deref().filter(|x| x.len() == self.cols.len()) {
            // A rejected warm start (set_start) only loses the warm start, never the solve.
            let _ = model.try_set_solution(Some(x), None, None, None);
        }
        let solved = model.try_solve().map_err(|e| solver_err("failed", e))?;
        if stopper.cancelled() {
            return Err(crate::interrupt::interrupted());
        }
        let status = match solved.status() {
            HighsModelStatus::Optimal => LpStatus::Optimal,
            HighsModelStatus::Infeasible => LpStatus::Infeasible,
            // With every column bounded the model cannot be unbounded.
            HighsModelStatus::UnboundedOrInfeasible
                if self
                    .cols
                    .iter()
                    .all(|c| c.lo.is_finite() && c.hi.is_finite()) =>
            {
                LpStatus::Infeasible
            }
            HighsModelStatus::Unbounded | HighsModelStatus::UnboundedOrInfeasible => {
                LpStatus::Unbounded
            }
            HighsModelStatus::ReachedTimeLimit | HighsModelStatus::ReachedInterrupt => {
                LpStatus::TimeLimit
            }
            HighsModelStatus::ModelEmpty => LpStatus::Optimal,
            other => LpStatus::Other(format!("{other:?}")),
        };
        if matches!(status, LpStatus::Infeasible | LpStatus::Unbounded) {
            return Ok(none(status));
        }
        // Read as an info value: the typed getter of highs 2.4 panics when HiGHS leaves the
        // info unset (-1), which happens when presolve alone solves the model.
        let feasible = status == LpStatus::Optimal
            || solved
                .int_info_value(c"primal_solution_status")
                .is_ok_and(|v| v == HighsSolutionStatus::Feasible as i64)
            || self.cols.is_empty();
        if !feasible {
            return Ok(none(status));
        }
        let mut x: Vec<f64> = solved.get_solution().columns().to_vec();
        if x.len() != self.cols.len() {
            x = vec![0.0; self.cols.len()];
        }
        for (v, c) in x.iter_mut().zip(&self.cols) {
            if c.integer && opts.integer {
                *v = v.round();
            }
        }
        let objective = if opts.objective {
            self.objective_of(&x)
        } else {
            0.0
        };
        let integer_model = opts.integer && self.cols.iter().any(|c| c.integer);
        let bound = if !opts.objective {
            0.0
        } else if status == LpStatus::Optimal && opts.gap.unwrap_or(0.0) == 0.0 {
            objective
        } else if integer_model {
            solved
                .double_info_value(c"mip_dual_bound")
                .map(|b| b / scale)
                .unwrap_or(f64::NAN)
        } else if status == LpStatus::Optimal {
            objective
        } else {
            f64::NAN
        };
        let gap = if status == LpStatus::Optimal && opts.gap.unwrap_or(0.0) == 0.0 {
            Some(0.0)
        } else if bound.is_finite() {
            Some(((bound - objective).max(0.0)) / objective.abs().max(1e-300))
                .filter(|g| g.is_finite())
        } else {
            None
        };
        Ok(LpSolution {
            status,
            x: Some(x),
            objective,
            bound,
            gap,
        })
    }

    /// The first family whose cumulative prefix of families is infeasible, found by bisection
    /// over feasibility-only solves (prefix infeasibility is monotone). `None` when the whole
    /// model is feasible or the deadline stops the search.
    ///
    /// ```
    /// use nastavnik::lp::{LpModel, LpOptions};
    /// let mut m = LpModel::new();
    /// let x = m.add_binary(1.0);
    /// let a = m.add_family("at least one");
    /// m.add_row(a, "x >= 1", &[(x, 1.0)], 1.0, f64::INFINITY);
    /// let b = m.add_family("at most zero");
    /// m.add_row(b, "x <= 0", &[(x, 1.0)], f64::NEG_INFINITY, 0.0);
    /// assert_eq!(m.diagnose(None)?, Some(1));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn diagnose(&self, deadline: Option<Instant>) -> Result<Option<usize>> {
        let with_rows: Vec<usize> = {
            let mut f: Vec<usize> = self.rows.iter().map(|r| r.family).collect();
            f.sort_unstable();
            f.dedup();
            f
        };
        let feasible = |n: usize| -> Result<Option<bool>> {
            let r = self.solve(&LpOptions {
                deadline,
                gap: None,
                integer: true,
                families: Some(n),
                objective: false,
                presolve: true,
            })?;
            Ok(match r.status {
                LpStatus::Infeasible => Some(false),
                _ if r.x.is_some() => Some(true),
                _ => None,
            })
        };
        match feasible(usize::MAX)? {
            Some(false) => {}
            _ => return Ok(None),
        }
        let (mut lo, mut hi) = (0usize, with_rows.len().saturating_sub(1));
        while lo < hi {
            let mid = (lo + hi) / 2;
            match feasible(with_rows[mid] + 1)? {
                Some(false) => hi = mid,
                Some(true) => lo = mid + 1,
                None => return Ok(None),
            }
        }
        Ok(with_rows.get(lo).copied())
    }
}
