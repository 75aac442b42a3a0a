//! Dense rectangular linear assignment (Jonker–Volgenant shortest augmenting paths).
//!
//! # Problem
//! Given scores `s[i][j]` (mentees × mentors, to **maximise**, `-inf` = forbidden), choose a set of
//! disjoint mentee–mentor pairs:
//!
//! * [`LapOptions::reject_score`] `= None` (default): the smaller side is matched completely, as in
//!   `scipy.optimize.linear_sum_assignment` (with `n ≤ m` every mentee gets a mentor, with `n > m`
//!   every mentor gets a mentee), maximising the total score. If forbidden pairs make this
//!   impossible the solver returns [`Error::Infeasible`] naming a row (or column) that cannot be
//!   matched, found as the root of a Hall-violating alternating tree.
//! * `reject_score = Some(r)`: every mentee either gets a mentor (gain `s[i][j]`) or stays
//!   unmatched (gain `r`); mentors may stay unmatched (gain 0). A pair scoring below `r` is never
//!   taken. Always feasible. The answer maximises `Σ matched s + r · #unmatched mentees`
//!   ([`Assignment::objective`]); [`Assignment::total`] reports the sum of the matched scores
//!   only, as everywhere.
//!
//! # Algorithm
//! Scores are converted to minimisation costs `c = -s` (or `r - s`, with pairs below `r`
//! forbidden), oriented so that the rows are the smaller side (`k = min(n, m)` rows,
//! `l = max(n, m)` columns; no padding). With a reject score each row also owns an implicit
//! private "stay unmatched" column of cost 0. The core solver (on a contiguous row-major `f64`
//! cost copy) runs
//!
//! 1. for square problems without reject score, the Jonker–Volgenant *column reduction* with
//!    reduction transfer;
//! 2. *augmenting row reduction* (the auction-like JV initialisation, two passes; rectangular
//!    problems start from zero column prices so that unassigned columns keep price 0);
//! 3. *shortest augmenting paths* (Dijkstra on reduced costs, one free row at a time, branch-light
//!    `O(l)` scan per row, column prices updated after each augmentation), which keeps the duals
//!    feasible and ends with an optimal assignment or a Hall violator.
//!
//! Large matrices (`k ≥ 128`) are first solved on a sparse core made of each row's 12 cheapest
//! entries (found in one pass that also validates the input, reading contiguous input in place)
//! with the sparse solver of [`crate::assign::sparse`] (if those lists admit no complete
//! matching, e.g. when everybody prefers the same popular mentors, each column's 12 cheapest
//! entries are added first). The duals of that solution are then
//! checked against **every** entry of the dense matrix (rows whose cheapest excluded entry
//! provably cannot violate are skipped); violated entries are added and the solution repaired
//! (warm start for square problems), for up to four rounds. If the sparse core is infeasible, the
//! violations are too many, or the rounds run out, the dense solver above runs on the whole
//! matrix. The returned answer is therefore always certified optimal for the dense problem.
//!
//! # Guarantees
//! Exact optimum (up to floating-point rounding of the potentials), with a dual certificate
//! available from [`solve_dense_with_duals`]. Deterministic: the result does not depend on the
//! number of threads (the parallel steps are per-row and reassembled in row order).
//!
//! # Complexity
//! `O(k² l)` time in the worst case, `O(k l)` memory (the `f64` cost copy); typically much faster
//! on random-like scores because the sparse core holds the optimum.
//!
//! # Examples
//! ```
//! use nastavnik::assign::lap::{solve_dense, LapOptions};
//! let s = ndarray::array![[0.9, 0.1, 0.5], [0.8, 0.2, f64::NEG_INFINITY]];
//! let a = solve_dense(s.view(), &LapOptions::default()).unwrap();
//! assert_eq!(a.mentor_of(), vec![Some(2), Some(0)]);
//! assert!((a.total() - 1.3).abs() < 1e-12);
//! ```

use ndarray::ArrayView2;
use rayon::prelude::*;

use super::{Assignment, SolveStatus, validate_scores};
use crate::error::{Error, Result};
use crate::real::Real;

pub(crate) const INF: f64 = f64::INFINITY;
/// Marker: no column / no row.
pub(crate) const NONE: u32 = u32::MAX;
/// Marker: row assigned to its private "stay unmatched" column.
pub(crate) const DUMMY: u32 = u32::MAX - 1;

/// Options of the linear assignment solvers ([`solve_dense`], [`crate::assign::sparse::solve_sparse`],
/// [`crate::assign::batch::solve_dense_batch`]).
///
/// ```
/// use nastavnik::assign::lap::LapOptions;
/// let strict = LapOptions::default();
/// assert_eq!(strict.reject_score, None);
/// let lenient = LapOptions::default().with_reject_score(0.2);
/// assert_eq!(lenient.reject_score, Some(0.2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct LapOptions {
    /// Gain of leaving a mentee unmatched. `None`: the smaller side must be matched completely
    /// (error if impossible). `Some(r)`: any mentee may stay unmatched, no pair scoring below `r`
    /// is taken, and the solver maximises matched scores plus `r` per unmatched mentee.
    pub reject_score: Option<f64>,
}

/// Dual potentials certifying optimality of a linear assignment (maximisation form).
///
/// With `a = mentee`, `b = mentor` and scores `s`:
///
/// * always: `a[i] + b[j] ≥ s[i][j]` for every allowed pair, with equality on chosen pairs;
/// * `reject_score = None`: the duals of the larger side are `≥ 0` and `0` when unmatched
///   (those of the smaller side are free; with `n = m` both sides are free);
/// * `reject_score = Some(r)`: `a[i] ≥ r` with `a[i] = r` for unmatched mentees, `b[j] ≥ 0` with
///   `b[j] = 0` for unmatched mentors.
///
/// By LP duality these conditions prove the assignment optimal; up to rounding, `total` (plus
/// `r` per unmatched mentee) equals `Σ a + Σ b`.
///
/// ```
/// use nastavnik::assign::lap::{solve_dense_with_duals, LapOptions};
/// let s = ndarray::array![[3.0, 1.0], [2.0, 0.0]];
/// let (a, d) = solve_dense_with_duals(s.view(), &LapOptions::default()).unwrap();
/// let dual: f64 = d.mentee.iter().chain(&d.mentor).sum();
/// assert!((a.total() - dual).abs() < 1e-9);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Duals {
    /// Potential of each mentee (row).
    pub mentee: Vec<f64>,
    /// Potential of each mentor (column).
    pub mentor: Vec<f64>,
}

// ---------------------------------------------------------------------------------------------
// Shared solver state and helpers (also used by the sparse solver).
// ---------------------------------------------------------------------------------------------

/// Access to the rows of an internal (minimisation, rows = smaller side) cost structure.
pub(crate) trait RowAccess {
    /// Call `f(column, cost)` for every allowed entry of row `i`.
    fn for_each(&self, i: usize, f: impl FnMut(usize, f64));
}

/// Dense `k × l` row-major costs (`+inf` = forbidden).
pub(crate) struct DenseRows<'a> {
    pub cost: &'a [f64],
    pub l: usize,
}

impl RowAccess for DenseRows<'_> {
    #[inline]
    fn for_each(&self, i: usize, mut f: impl FnMut(usize, f64)) {
        let row = &self.cost[i * self.l..(i + 1) * self.l];
        for (j, &c) in row.iter().enumerate() {
            f(j, c);
        }
    }
}

/// Primal–dual state of the minimisation core.
#[derive(Debug, Clone)]
pub(crate) struct State {
    /// Column of each row (`NONE` free, `DUMMY` = stays unmatched).
    pub x: Vec<u32>,
    /// Row of each column (`NONE` free).
    pub y: Vec<u32>,
    /// Column potentials (`≤ 0`, exactly 0 on free columns).
    pub v: Vec<f64>,
    /// Potentials of the private dummy columns (reject mode).
    pub vd: Vec<f64>,
    /// Cost of each row's assigned entry.
    pub ac: Vec<f64>,
}

impl State {
    pub(crate) fn new(k: usize, l: usize) -> Self {
        Self {
            x: vec![NONE; k],
            y: vec![NONE; l],
            v: vec![0.0; l],
            vd: vec![0.0; k],
            ac: vec![0.0; k],
        }
    }

    /// Row potential `u_i` (reduced cost 0 on the assigned entry).
    pub(crate) fn row_potential(&self, i: usize) -> f64 {
        match self.x[i] {
            DUMMY => -self.vd[i],
            NONE => 0.0,
            j => self.ac[i] - self.v[j as usize],
        }
    }
}

/// A row that cannot be matched, with the rows of its alternating tree (a Hall violator).
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub row: usize,
    pub tree: Vec<usize>,
}

impl Failure {
    /// Not a Hall violator: the current [`crate::interrupt`] token was cancelled (empty tree).
    pub(crate) fn interrupted() -> Self {
        Failure {
            row: usize::MAX,
            tree: Vec::new(),
        }
    }

    /// `Err(Failure::interrupted())` when the current token is cancelled.
    pub(crate) fn check() -> std::result::Result<(), Failure> {
        if crate::interrupt::is_interrupted() {
            Err(Failure::interrupted())
        } else {
            Ok(())
        }
    }
}

/// Augmenting row reduction (Jonker & Volgenant): each free row takes its cheapest column at the
/// current prices, lowering that column's price by the gap to its second cheapest, and displaces
/// the previous owner. Keeps every assigned row on a column of minimum reduced cost, keeps
/// prices `≤ 0` and leaves unassigned columns at price 0. Returns the rows still free.
pub(crate) fn augmenting_row_reduction<R: RowAccess>(
    rows: &R,
    st: &mut State,
    free: Vec<u32>,
    reject: bool,
    passes: usize,
) -> Vec<u32> {
    let mut list = free;
    for _ in 0..passes {
        if list.is_empty() {
            break;
        }
        let mut next = Vec::new();
        let mut budget = 4 * list.len() + 16;
        let mut idx = 0;
        while idx < list.len() {
            let i = list[idx] as usize;
            idx += 1;
            let (mut u1, mut j1, mut c1) = (INF, NONE, INF);
            let (mut u2, mut j2, mut c2) = (INF, NONE, INF);
            {
                let v = &st.v;
                rows.for_each(i, |j, c| {
                    let h = c - v[j];
                    if h < u2 {
                        if h < u1 {
                            (u2, j2, c2) = (u1, j1, c1);
                            (u1, j1, c1) = (h, j as u32, c);
                        } else {
                            (u2, j2, c2) = (h, j as u32, c);
                        }
                    }
                });
            }
            if reject {
                let h = -st.vd[i];
                if h < u2 {
                    if h < u1 {
                        (u2, j2, c2) = (u1, j1, c1);
                        (u1, j1, c1) = (h, DUMMY, 0.0);
                    } else {
                        (u2, j2, c2) = (h, DUMMY, 0.0);
                    }
                }
            }
            if j1 == NONE {
                // No allowed column at all: left for the augmentation phase to report.
                next.push(i as u32);
                continue;
            }
            let strict = u2 < INF && u1 < u2;
            if strict {
                if j1 == DUMMY {
                    st.vd[i] -= u2 - u1;
                } else {
                    st.v[j1 as usize] -= u2 - u1;
                }
            } else if u1 == u2 && j1 != DUMMY && st.y[j1 as usize] != NONE {
                (j1, c1) = (j2, c2);
            }
            if j1 == DUMMY {
                st.x[i] = DUMMY;
                st.ac[i] = 0.0;
                continue;
            }
            let j = j1 as usize;
            let i0 = st.y[j];
            st.y[j] = i as u32;
            st.x[i] = j1;
            st.ac[i] = c1;
            if i0 != NONE {
                st.x[i0 as usize] = NONE;
                if strict && budget > 0 {
                    budget -= 1;
                    idx -= 1;
                    list[idx] = i0;
                } else {
                    next.push(i0);
                }
            }
        }
        list = next;
    }
    list
}

/// The Jonker–Volgenant start shared by the dense and sparse solvers (after a Ctrl-C check):
/// fresh prices, column reduction for square problems without a reject score, then two passes
/// of augmenting row reduction. Returns the state and the rows still free for the shortest
/// augmenting paths.
pub(crate) fn jv_start<R: RowAccess>(
    rows: &R,
    k: usize,
    l: usize,
    reject: bool,
) -> std::result::Result<(State, Vec<u32>), Failure> {
    Failure::check()?;
    let mut st = State::new(k, l);
    let free = if !reject && k == l {
        column_reduction(rows, &mut st, k)
    } else {
        (0..k as u32).collect()
    };
    let free = augmenting_row_reduction(rows, &mut st, free, reject, 2);
    Ok((st, free))
}

/// Column reduction with reduction transfer (Jonker & Volgenant), for square problems without a
/// reject score only (column prices then have no sign constraint): every column gets the price
/// of its cheapest entry and is assigned to that row when the row is still free; rows that got
/// exactly one column transfer their slack to it. Returns the rows left free (in order).
pub(crate) fn column_reduction<R: RowAccess>(rows: &R, st: &mut State, k: usize) -> Vec<u32> {
    let l = st.v.len();
    let mut vmin = vec![INF; l];
    let mut arg = vec![NONE; l];
    for i in 0..k {
        rows.for_each(i, |j, c| {
            if c < vmin[j] {
                vmin[j] = c;
                arg[j] = i as u32;
            }
        });
    }
    let mut matches = vec![0u32; k];
    for j in 0..l {
        let i = arg[j];
        if i == NONE {
            continue;
        }
        st.v[j] = vmin[j];
        let iu = i as usize;
        matches[iu] += 1;
        if matches[iu] == 1 {
            st.x[iu] = j as u32;
            st.y[j] = i;
            st.ac[iu] = vmin[j];
        }
    }
    let mut free = Vec::new();
    for (i, &count) in matches.iter().enumerate() {
        match count {
            0 => free.push(i as u32),
            1 => {
                let j1 = st.x[i] as usize;
                let mut mn = INF;
                {
                    let v = &st.v;
                    rows.for_each(i, |j, c| {
                        if j != j1 {
                            mn = mn.min(c - v[j]);
                        }
                    });
                }
                if mn < INF {
                    st.v[j1] -= mn;
                }
            }
            _ => {}
        }
    }
    free
}

/// Flip the alternating path ending at `sink` (a real column, or `DUMMY` owned by `drow`) back
/// to its free root row.
pub(crate) fn flip_path(
    st: &mut State,
    pred: impl Fn(usize) -> u32,
    pcost: impl Fn(usize) -> f64,
    sink: u32,
    drow: usize,
) {
    // The path ends at its root, the only free row on it.
    let mut j = if sink == DUMMY {
        let prev = st.x[drow];
        st.x[drow] = DUMMY;
        st.ac[drow] = 0.0;
        if prev == NONE {
            return;
        }
        prev as usize
    } else {
        sink as usize
    };
    loop {
        let i = pred(j) as usize;
        st.y[j] = i as u32;
        let prev = st.x[i];
        st.x[i] = j as u32;
        st.ac[i] = pcost(j);
        if prev == NONE {
            return;
        }
        j = prev as usize;
    }
}

/// Dense shortest augmenting path from free row `f` (Dijkstra over all columns, `O(l)` per
/// scanned row, branch-light inner loop). Finalised columns are hidden by setting their working
/// price to `-inf` (so their reduced cost is `+inf`) and restored afterwards.
#[allow(clippy::too_many_arguments)]
fn augment_dense(
    cost: &[f64],
    l: usize,
    st: &mut State,
    f: usize,
    reject: bool,
    w: &mut [f64],
    pred: &mut [u32],
    done: &mut Vec<(u32, f64, f64)>,
) -> std::result::Result<(), Failure> {
    done.clear();
    let rowf = &cost[f * l..(f + 1) * l];
    // Among columns of equal minimum distance a free one is preferred (the SCAN rule of
    // Jonker & Volgenant): the search then ends at the first tie level holding a free column
    // instead of settling every tied assigned column first (the cubic cliff on scores with few
    // distinct values). The extra test only runs on exact ties.
    let (mut best, mut bj) = (INF, 0usize);
    for (j, ((wj, pj), ((&c, &vj), &yj))) in w
        .iter_mut()
        .zip(pred.iter_mut())
        .zip(rowf.iter().zip(st.v.iter()).zip(st.y.iter()))
        .enumerate()
    {
        let h = c - vj;
        *wj = h;
        *pj = f as u32;
        if h < best || (h == best && yj == NONE) {
            best = h;
            bj = j;
        }
    }
    let (mut dbest, mut drow) = if reject { (-st.vd[f], f) } else { (INF, f) };
    let (sink, sinkdist) = loop {
        if dbest < best || (reject && best == INF) {
            break (DUMMY, dbest);
        }
        if best == INF {
            let mut tree: Vec<usize> = std::iter::once(f)
                .chain(done.iter().map(|&(j, _, _)| st.y[j as usize] as usize))
                .collect();
            for &(j, _, vold) in done.iter() {
                st.v[j as usize] = vold;
            }
            tree.sort_unstable();
            return Err(Failure { row: f, tree });
        }
        let j = bj;
        if st.y[j] == NONE {
            break (j as u32, best);
        }
        let i = st.y[j] as usize;
        let u1 = st.ac[i] - st.v[j] - best;
        done.push((j as u32, best, st.v[j]));
        st.v[j] = f64::NEG_INFINITY;
        w[j] = INF;
        let row = &cost[i * l..(i + 1) * l];
        let iu = i as u32;
        best = INF;
        for (jj, ((wj, pj), ((&c, &vj), &yj))) in w
            .iter_mut()
            .zip(pred.iter_mut())
            .zip(row.iter().zip(st.v.iter()).zip(st.y.iter()))
            .enumerate()
        {
            let h = c - vj - u1;
            if h < *wj {
                *wj = h;
                *pj = iu;
            }
            if *wj < best || (*wj == best && yj == NONE) {
                best = *wj;
                bj = jj;
            }
        }
        if reject {
            let h = -st.vd[i] - u1;
            if h < dbest {
                dbest = h;
                drow = i;
            }
        }
    };
    for &(j, d, vold) in done.iter() {
        st.v[j as usize] = vold + (d - sinkdist);
    }
    flip_path(
        st,
        |j| pred[j],
        |j| cost[pred[j] as usize * l + j],
        sink,
        drow,
    );
    Ok(())
}

/// Solve the internal dense minimisation problem (`k ≤ l` rows, `+inf` = forbidden).
pub(crate) fn dense_core(
    cost: &[f64],
    k: usize,
    l: usize,
    reject: bool,
) -> std::result::Result<State, Failure> {
    let rows = DenseRows { cost, l };
    let (mut st, free) = jv_start(&rows, k, l, reject)?;
    let mut w = vec![INF; l];
    let mut pred = vec![NONE; l];
    let mut done = Vec::new();
    for f in free {
        Failure::check()?;
        augment_dense(
            cost, l, &mut st, f as usize, reject, &mut w, &mut pred, &mut done,
        )?;
    }
    Ok(st)
}

// ---------------------------------------------------------------------------------------------
// Orientation, errors and results.
// ---------------------------------------------------------------------------------------------

/// How the internal rows/columns map to mentees/mentors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Orientation {
    pub n: usize,
    pub m: usize,
    /// Internal rows are mentors (`n > m`).
    pub transposed: bool,
    pub reject: Option<f64>,
}

impl Orientation {
    pub(crate) fn new(n: usize, m: usize, reject: Option<f64>) -> Self {
        Self {
            n,
            m,
            transposed: n > m,
            reject,
        }
    }

    pub(crate) fn k(&self) -> usize {
        self.n.min(self.m)
    }

    pub(crate) fn l(&self) -> usize {
        self.n.max(self.m)
    }

    fn row_name(&self) -> (&'static str, &'static str, &'static str) {
        if self.transposed {
            ("mentor column", "mentors in columns", "mentee")
        } else {
            ("mentee row", "mentees in rows", "mentor")
        }
    }

    /// Error for an internal row with no allowed entry.
    pub(crate) fn no_allowed(&self, row: usize) -> Error {
        let (who, _, other) = self.row_name();
        Error::infeasible(format!(
            "{who} {row} has no allowed {other} (every pair is forbidden); \
             set a reject score to allow unmatched participants"
        ))
    }

    /// Error for a Hall violator found by the augmentation.
    pub(crate) fn failure(&self, f: &Failure) -> Error {
        let (who, group, other) = self.row_name();
        if f.tree.is_empty() {
            return crate::interrupt::interrupted();
        }
        if f.tree.len() <= 1 {
            return self.no_allowed(f.row);
        }
        let shown: Vec<String> = f.tree.iter().take(10).map(|r| r.to_string()).collect();
        let more = if f.tree.len() > 10 { ", ..." } else { "" };
        Error::infeasible(format!(
            "{who} {} cannot be matched: the {} {group} [{}{more}] together have only {} allowed \
             {other}s (Hall's condition fails); set a reject score to allow unmatched participants",
            f.row,
            f.tree.len(),
            shown.join(", "),
            f.tree.len() - 1
        ))
    }

    /// Build the assignment and the maximisation duals from a solved state.
    pub(crate) fn finish(
        &self,
        st: &State,
        score_of: impl Fn(usize, usize) -> f64,
    ) -> (Assignment, Duals) {
        let (k, l) = (self.k(), self.l());
        let mut mentor_of = vec![None; self.n];
        for (a, &b) in st.x.iter().enumerate() {
            if b < DUMMY {
                if self.transposed {
                    mentor_of[b as usize] = Some(a);
                } else {
                    mentor_of[a] = Some(b as usize);
                }
            }
        }
        let total: f64 = mentor_of
            .iter()
            .enumerate()
            .filter_map(|(i, j)| j.map(|j| score_of(i, j)))
            .sum();
        let mut row_dual: Vec<f64> = (0..k)
            .map(|i| match st.x[i] {
                DUMMY => 0.0,
                _ => -st.row_potential(i),
            })
            .collect();
        let mut col_dual: Vec<f64> = st.v.iter().map(|&v| -v).collect();
        debug_assert_eq!(col_dual.len(), l);
        if let Some(r) = self.reject {
            let mentee_side = if self.transposed {
                &mut col_dual
            } else {
                &mut row_dual
            };
            for a in mentee_side.iter_mut() {
                *a += r;
            }
        }
        let duals = if self.transposed {
            Duals {
                mentee: col_dual,
                mentor: row_dual,
            }
        } else {
            Duals {
                mentee: row_dual,
                mentor: col_dual,
            }
        };
        // `total` counts the pairs only; the objective adds a reject gain per unmatched mentee.
        let unmatched = mentor_of.iter().filter(|j| j.is_none()).count();
        let objective = total + self.reject.map_or(0.0, |r| r * unmatched as f64);
        let a = Assignment::from_solver_mentor_of(&mentor_of, self.m, total, SolveStatus::Optimal)
            .with_objective(objective);
        (a, duals)
    }
}

/// Check `reject_score` (finite) and the problem size (indices fit in `u32`).
pub(crate) fn check_options(opts: &LapOptions, n: usize, m: usize) -> Result<()> {
    if let Some(r) = opts.reject_score
        && !r.is_finite()
    {
        return Err(Error::invalid(
            "reject_score",
            format!("must be finite, got {r}"),
        ));
    }
    if n.max(m) >= (DUMMY - 1) as usize {
        return Err(Error::invalid(
            "scores",
            format!("{n}x{m} is too large for the assignment solvers"),
        ));
    }
    Ok(())
}

/// Internal minimisation cost of a score (`+inf` = forbidden).
#[inline]
pub(crate) fn to_cost(s: f64, reject: Option<f64>) -> f64 {
    match reject {
        // -(-inf) = +inf: forbidden pairs map to +inf without a branch.
        None => -s,
        Some(r) if s >= r => r - s,
        Some(_) => INF,
    }
}

// ---------------------------------------------------------------------------------------------
// Sparsified dense solve: candidate lists in `lap/candidates.rs`.
// ---------------------------------------------------------------------------------------------

mod candidates;
use candidates::{PARALLEL_MIN_CELLS, SPARSE_K, SPARSIFY_MIN_ROWS, sparsified};

/// Relative rounding allowance of a reduced cost (about 450 ulps of the largest operand; the
/// potentials accumulate one rounding per augmentation that moved them).
const REL_TOL: f64 = 1e-13;

/// Whether the reduced cost `c - v - u` of an entry is negative beyond the rounding of its
/// operands (`ua = |u|`). `+inf` costs (forbidden) are never violated.
#[inline]
fn violated(c: f64, v: f64, u: f64, ua: f64) -> bool {
    c - v - u < -REL_TOL * (c.abs() + v.abs() + ua)
}

/// Convert validated scores into the internal `k × l` cost buffer.
fn cost_buffer<T: Real>(scores: ArrayView2<'_, T>, o: &Orientation) -> Result<Vec<f64>> {
    let (k, l) = (o.k(), o.l());
    let len = crate::memory::checked_len(&[k, l], "scores (f64 cost copy)")?;
    let mut cost = crate::memory::try_vec(len, 0.0f64, "scores (f64 cost copy)")?;
    let reject = o.reject;
    let fill = |(a, out): (usize, &mut [f64])| {
        if o.transposed {
            for (c, &s) in out.iter_mut().zip(scores.column(a).iter()) {
                *c = to_cost(s.to_f64_lossy(), reject);
            }
        } else {
            let row = scores.row(a);
            match row.as_slice() {
                Some(sl) => {
                    for (c, &s) in out.iter_mut().zip(sl) {
                        *c = to_cost(s.to_f64_lossy(), reject);
                    }
                }
                None => {
                    for (c, &s) in out.iter_mut().zip(row.iter()) {
                        *c = to_cost(s.to_f64_lossy(), reject);
                    }
                }
            }
        }
    };
    if k * l >= PARALLEL_MIN_CELLS {
        cost.par_chunks_mut(l).enumerate().for_each(fill);
    } else {
        cost.chunks_mut(l).enumerate().for_each(fill);
    }
    Ok(cost)
}

/// [`validate_scores`] with a fast (parallel, vectorisable) scan for contiguous input.
fn validate_fast<T: Real>(scores: ArrayView2<'_, T>) -> Result<()> {
    if let (Some(sl), true) = (scores.as_slice(), scores.nrows() > 0 && scores.ncols() > 0) {
        let bad = |x: &T| x.is_nan() || *x == T::infinity();
        let any_bad = if sl.len() >= PARALLEL_MIN_CELLS {
            sl.par_chunks(scores.ncols()).any(|r| r.iter().any(bad))
        } else {
            sl.iter().any(bad)
        };
        if !any_bad {
            return Ok(());
        }
    }
    validate_scores(scores, "scores")
}

/// Solve a dense assignment problem and return the dual certificate as well.
///
/// # Arguments
/// * `scores` — mentees × mentors, to maximise; `-inf` forbids a pair; `f32` or `f64`.
/// * `opts` — see [`LapOptions`].
///
/// # Returns
/// The optimal [`Assignment`] (status [`SolveStatus::Optimal`]) and [`Duals`] proving it.
///
/// # Errors
/// [`Error::Empty`] for no rows or columns, [`Error::NonFinite`] for NaN or `+inf` (naming the
/// cell), [`Error::InvalidValue`] for a non-finite `reject_score`, and [`Error::Infeasible`]
/// (without reject score) when the smaller side cannot be matched completely, naming a row (or
/// column) that cannot be matched.
///
/// # Complexity
/// See the [module documentation](self).
///
/// # Examples
/// ```
/// use nastavnik::assign::lap::{solve_dense_with_duals, LapOptions};
/// let s = ndarray::array![[0.2f32, 0.9], [0.1, 0.3], [0.8, 0.7]];
/// let (a, d) = solve_dense_with_duals(s.view(), &LapOptions::default()).unwrap();
/// assert_eq!(a.mentor_of(), vec![Some(1), None, Some(0)]); // both mentors matched
/// for &(i, j) in a.pairs() {
///     assert!((d.mentee[i] + d.mentor[j] - s[[i, j]] as f64).abs() < 1e-9);
/// }
/// ```
pub fn solve_dense_with_duals<T: Real>(
    scores: ArrayView2<'_, T>,
    opts: &LapOptions,
) -> Result<(Assignment, Duals)> {
    let (n, m) = scores.dim();
    let (k, l) = (n.min(m), n.max(m));
    let big = k >= SPARSIFY_MIN_ROWS && l > 2 * SPARSE_K;
    let direct = match scores.as_slice() {
        Some(sl) if big && n <= m => Some(sl),
        _ => None,
    };
    if direct.is_none() {
        validate_fast(scores)?;
    }
    check_options(opts, n, m)?;
    // working arrays of the solver: 36 bytes per column and 24 per row (issue 8)
    crate::memory::ensure_room(
        k.saturating_mul(24).saturating_add(l.saturating_mul(36)),
        1,
        "LAP working arrays",
    )?;
    let o = Orientation::new(n, m, opts.reject_score);
    let reject = o.reject.is_some();
    let mut cost = Vec::new();
    let bad = |x: T| x.is_nan() || x == T::infinity();
    let pre = match (direct, o.reject) {
        (Some(sl), None) => sparsified(sl, k, l, false, |x: T| -x.to_f64_lossy(), bad),
        (Some(sl), Some(r)) => sparsified(
            sl,
            k,
            l,
            true,
            move |x: T| {
                let s = x.to_f64_lossy();
                if s >= r { r - s } else { INF }
            },
            bad,
        ),
        (None, _) => {
            cost = cost_buffer(scores, &o)?;
            if big {
                sparsified(&cost, k, l, reject, |c: f64| c, |_| false)
            } else {
                Ok(None)
            }
        }
    };
    let pre = match pre {
        Ok(pre) => pre,
        Err(()) => {
            // The scan saw NaN or +inf: report the first bad cell.
            validate_scores(scores, "scores")?;
            return Err(Error::Solver {
                message: "invalid score not located".into(),
            });
        }
    };
    let st = match pre {
        Some(st) => st,
        None => {
            if cost.is_empty() {
                cost = cost_buffer(scores, &o)?;
            }
            if !reject && let Some(row) = cost.chunks(l).position(|r| r.iter().all(|&c| c == INF)) {
                return Err(o.no_allowed(row));
            }
            dense_core(&cost, k, l, reject).map_err(|f| o.failure(&f))?
        }
    };
    Ok(o.finish(&st, |i, j| scores[[i, j]].to_f64_lossy()))
}

/// Solve a dense assignment problem (maximising; rectangular; `-inf` = forbidden).
///
/// # Arguments
/// * `scores` — mentees × mentors, to maximise; `-inf` forbids a pair; `f32` or `f64`.
/// * `opts` — see [`LapOptions`].
///
/// # Returns
/// The optimal [`Assignment`] with status [`SolveStatus::Optimal`]; `total` is the sum of the
/// matched scores.
///
/// # Errors
/// As [`solve_dense_with_duals`].
///
/// # Examples
/// ```
/// use nastavnik::assign::lap::{solve_dense, LapOptions};
/// let s = ndarray::array![[0.9, 0.8], [0.85, 0.1]];
/// // Without a reject score both mentees are matched (0.8 + 0.85 beats 0.9 + 0.1).
/// let a = solve_dense(s.view(), &LapOptions::default()).unwrap();
/// assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
/// // With reject score 0.86 only (0, 0) is good enough; mentee 1 stays unmatched.
/// let b = solve_dense(s.view(), &LapOptions::default().with_reject_score(0.86)).unwrap();
/// assert_eq!(b.pairs(), &[(0, 0)]);
/// assert_eq!(b.total(), 0.9);
/// // Forbidden pairs making a full matching impossible are reported.
/// let f = ndarray::array![[1.0, f64::NEG_INFINITY], [f64::NEG_INFINITY, f64::NEG_INFINITY]];
/// let e = solve_dense(f.view(), &LapOptions::default()).unwrap_err();
/// assert!(e.to_string().contains("mentee row 1"));
/// ```
pub fn solve_dense<T: Real>(scores: ArrayView2<'_, T>, opts: &LapOptions) -> Result<Assignment> {
    solve_dense_with_duals(scores, opts).map(|(a, _)| a)
}
