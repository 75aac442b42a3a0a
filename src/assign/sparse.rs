//! Sparse linear assignment on candidate lists (district / region cohorts).
//!
//! # Problem
//! The same problem as [`crate::assign::lap`], but only the pairs listed in a [`Candidates`]
//! structure (CSR top-k lists) are allowed; every other pair is forbidden. Without a reject score
//! the smaller side must be matched completely (with more mentees than mentors, every mentor gets
//! a mentee); with `reject_score = Some(r)` mentees may stay unmatched (gain `r`) and candidate
//! pairs scoring below `r` are dropped.
//!
//! # Algorithm
//! The lists are turned into a minimisation CSR (`cost = -score`, or `r - score`), transposed when
//! there are more mentees than mentors so that the rows are the smaller side. The solver runs the
//! Jonker–Volgenant augmenting row reduction followed by shortest augmenting paths computed with
//! Dijkstra's algorithm on reduced costs using a binary heap (square problems first get the
//! Jonker–Volgenant column reduction). Labels at or beyond the best free column already reached
//! are never pushed, and all per-search arrays are reset only where they were touched, so a
//! search costs time proportional to the part of the graph it explores. With a reject score every row owns an implicit zero-cost "stay unmatched" column.
//!
//! Infeasibility (no reject score) is detected when a search exhausts its alternating tree
//! without reaching a free column: the rows of that tree violate Hall's condition, and the error
//! names the root row (a mentee row, or a mentor column when mentors are the smaller side).
//!
//! # Complexity
//! `O(k · nnz · log nnz)` worst case for `k = min(n, m)`; typically near-linear on random-like
//! candidate lists. Memory `O(nnz + n + m)`.
//!
//! # Examples
//! ```
//! use nastavnik::assign::lap::LapOptions;
//! use nastavnik::assign::sparse::solve_sparse;
//! use nastavnik::scoring::Candidates;
//! // mentee 0: mentors 0 (0.9), 1 (0.8); mentee 1: mentor 0 (0.7)
//! let c = Candidates::new(2, vec![0, 2, 3], vec![0, 1, 0], vec![0.9, 0.8, 0.7]).unwrap();
//! let a = solve_sparse(&c, &LapOptions::default()).unwrap();
//! assert_eq!(a.mentor_of(), vec![Some(1), Some(0)]);
//! ```

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::Assignment;
use super::lap::{
    DUMMY, Duals, Failure, INF, LapOptions, NONE, Orientation, RowAccess, State, check_options,
    flip_path, jv_start, to_cost,
};
use crate::error::{Error, Result};
use crate::scoring::Candidates;

/// Internal CSR of minimisation costs (rows = smaller side).
#[derive(Debug, Clone, Default)]
pub(crate) struct Csr {
    pub indptr: Vec<usize>,
    pub cols: Vec<u32>,
    pub cost: Vec<f64>,
}

impl Csr {
    /// Build from per-row `(column, cost)` lists.
    pub(crate) fn from_lists(_l: usize, lists: &[Vec<(u32, f64)>]) -> Self {
        let nnz = lists.iter().map(Vec::len).sum();
        let mut csr = Csr {
            indptr: Vec::with_capacity(lists.len() + 1),
            cols: Vec::with_capacity(nnz),
            cost: Vec::with_capacity(nnz),
        };
        csr.indptr.push(0);
        for list in lists {
            for &(j, c) in list {
                csr.cols.push(j);
                csr.cost.push(c);
            }
            csr.indptr.push(csr.cols.len());
        }
        csr
    }

    #[inline]
    fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.cols[a..b], &self.cost[a..b])
    }
}

impl RowAccess for Csr {
    #[inline]
    fn for_each(&self, i: usize, mut f: impl FnMut(usize, f64)) {
        let (cols, cost) = self.row(i);
        for (&j, &c) in cols.iter().zip(cost) {
            f(j as usize, c);
        }
    }
}

/// Heap key: a non-negative distance (whose IEEE bits order like integers), whether the column is
/// assigned, and the column, packed so that the smallest distance comes first and, among equal
/// distances, free columns before assigned ones (then the smallest column). Preferring a free
/// column among tied minima ends the search at the first tie level that holds one: without it,
/// scores with few distinct values make every search settle all the tied assigned columns first.
#[inline]
fn key(d: f64, assigned: bool, j: u32) -> Reverse<u128> {
    Reverse(((d.to_bits() as u128) << 33) | ((assigned as u128) << 32) | j as u128)
}

/// Label of a column during one search.
#[derive(Debug, Clone, Copy)]
struct Label {
    /// Tentative (or final) distance.
    dist: f64,
    /// Cost of the entry from `pred`.
    pcost: f64,
    /// Row the column was reached from.
    pred: u32,
    /// 0 = untouched, 1 = labelled, 2 = final.
    state: u8,
}

/// Per-search scratch space, reset only where touched.
struct Scratch {
    lab: Vec<Label>,
    touched: Vec<u32>,
    done: Vec<u32>,
    heap: BinaryHeap<Reverse<u128>>,
}

/// Shortest augmenting path on the CSR from the free rows `roots` (one search from all of them
/// augments the closest free row; the solver uses a single root). Fails when no root reaches a
/// free column; the rows of the search forest then violate Hall's condition.
fn augment_sparse(
    csr: &Csr,
    st: &mut State,
    roots: &[u32],
    reject: bool,
    s: &mut Scratch,
) -> std::result::Result<(), Failure> {
    s.heap.clear();
    s.done.clear();
    // Distances are reduced by each root's best value so that all of them are >= 0.
    // `ub`: smallest distance of a labelled free column. The search ends at the latest when
    // that column is popped, so labels at or above it are useless and skipped.
    let relax = |s: &mut Scratch, v: &[f64], y: &[u32], ub: &mut f64, i: usize, u1: f64| {
        let (cols, cost) = csr.row(i);
        let Scratch {
            lab, touched, heap, ..
        } = s;
        for (&j, &c) in cols.iter().zip(cost) {
            let ju = j as usize;
            let e = &mut lab[ju];
            if e.state == 2 {
                continue;
            }
            let h = (c - v[ju] - u1).max(0.0);
            if h >= *ub {
                continue;
            }
            if y[ju] == NONE {
                *ub = h;
            }
            if e.state == 0 || h < e.dist {
                if e.state == 0 {
                    touched.push(j);
                    e.state = 1;
                }
                e.dist = h;
                e.pred = i as u32;
                e.pcost = c;
                heap.push(key(h, y[ju] != NONE, j));
            }
        }
    };
    let first = roots.first().map_or(0, |&f| f as usize);
    let mut ub = INF;
    let (mut dbest, mut drow) = (INF, first);
    for &f in roots {
        let f = f as usize;
        let mut u_root = if reject { -st.vd[f] } else { INF };
        {
            let (cols, cost) = csr.row(f);
            for (&j, &c) in cols.iter().zip(cost) {
                u_root = u_root.min(c - st.v[j as usize]);
            }
        }
        if u_root == INF {
            if roots.len() == 1 {
                return Err(Failure {
                    row: f,
                    tree: vec![f],
                });
            }
            continue;
        }
        relax(s, &st.v, &st.y, &mut ub, f, u_root);
        if reject {
            let h = (-st.vd[f] - u_root).max(0.0);
            if h < dbest {
                dbest = h;
                drow = f;
            }
        }
    }
    let outcome = loop {
        let mut next = None;
        while let Some(Reverse(item)) = s.heap.pop() {
            let ju = (item as u32) as usize;
            let d = f64::from_bits((item >> 33) as u64);
            if s.lab[ju].state == 1 && d == s.lab[ju].dist {
                next = Some((d, ju));
                break;
            }
        }
        match next {
            None if reject => break Ok((DUMMY, dbest)),
            None => break Err(()),
            Some((d, _)) if dbest < d => break Ok((DUMMY, dbest)),
            Some((d, j)) => {
                if st.y[j] == NONE {
                    break Ok((j as u32, d));
                }
                s.lab[j].state = 2;
                s.done.push(j as u32);
                let i = st.y[j] as usize;
                let u1 = st.ac[i] - st.v[j] - d;
                relax(s, &st.v, &st.y, &mut ub, i, u1);
                if reject {
                    let h = (-st.vd[i] - u1).max(0.0);
                    if h < dbest {
                        dbest = h;
                        drow = i;
                    }
                }
            }
        }
    };
    let result = match outcome {
        Ok((sink, sinkdist)) => {
            for &j in &s.done {
                let ju = j as usize;
                st.v[ju] += s.lab[ju].dist - sinkdist;
            }
            let lab = &s.lab;
            flip_path(st, |j| lab[j].pred, |j| lab[j].pcost, sink, drow);
            Ok(())
        }
        Err(()) => {
            let mut tree: Vec<usize> = roots
                .iter()
                .map(|&f| f as usize)
                .chain(s.done.iter().map(|&j| st.y[j as usize] as usize))
                .collect();
            tree.sort_unstable();
            Err(Failure { row: first, tree })
        }
    };
    for &j in &s.touched {
        s.lab[j as usize].state = 0;
    }
    s.touched.clear();
    result
}

/// Solve the internal sparse minimisation problem (`k` rows, `l` columns).
pub(crate) fn sparse_core(
    csr: &Csr,
    k: usize,
    l: usize,
    reject: bool,
) -> std::result::Result<State, Failure> {
    if !reject && let Some(row) = (0..k).find(|&i| csr.indptr[i] == csr.indptr[i + 1]) {
        return Err(Failure {
            row,
            tree: vec![row],
        });
    }
    let (mut st, free) = jv_start(csr, k, l, reject)?;
    sparse_augment(csr, &mut st, &free, reject)?;
    Ok(st)
}

/// Shortest augmenting paths for the given free rows, from a dual-feasible state.
pub(crate) fn sparse_augment(
    csr: &Csr,
    st: &mut State,
    free: &[u32],
    reject: bool,
) -> std::result::Result<(), Failure> {
    let l = st.v.len();
    let mut s = Scratch {
        lab: vec![
            Label {
                dist: INF,
                pcost: 0.0,
                pred: NONE,
                state: 0,
            };
            l
        ],
        touched: Vec::new(),
        done: Vec::new(),
        heap: BinaryHeap::new(),
    };
    // One search per free row (a multi-source search from all free rows at once was measured
    // to explore more of the graph on random instances).
    for &f in free {
        Failure::check()?;
        augment_sparse(csr, st, &[f], reject, &mut s)?;
    }
    Ok(())
}

/// Internal CSR of a [`Candidates`] structure in the solver's orientation.
fn internal_csr(c: &Candidates, o: &Orientation) -> Csr {
    let reject = o.reject;
    if !o.transposed {
        let mut csr = Csr {
            indptr: Vec::with_capacity(c.n_mentees() + 1),
            cols: Vec::with_capacity(c.nnz()),
            cost: Vec::with_capacity(c.nnz()),
        };
        csr.indptr.push(0);
        for i in 0..c.n_mentees() {
            let (idx, sc) = c.row(i);
            for (&j, &s) in idx.iter().zip(sc) {
                let cost = to_cost(s, reject);
                if cost < INF {
                    csr.cols.push(j);
                    csr.cost.push(cost);
                }
            }
            csr.indptr.push(csr.cols.len());
        }
        return csr;
    }
    // Transpose (counting sort by mentor), keeping mentees in increasing order.
    let m = c.n_mentors();
    let mut count = vec![0usize; m + 1];
    for i in 0..c.n_mentees() {
        let (idx, sc) = c.row(i);
        for (&j, &s) in idx.iter().zip(sc) {
            if to_cost(s, reject) < INF {
                count[j as usize + 1] += 1;
            }
        }
    }
    for j in 0..m {
        count[j + 1] += count[j];
    }
    let nnz = count[m];
    let mut cols = vec![0u32; nnz];
    let mut cost = vec![0.0f64; nnz];
    let mut pos = count.clone();
    for i in 0..c.n_mentees() {
        let (idx, sc) = c.row(i);
        for (&j, &s) in idx.iter().zip(sc) {
            let cc = to_cost(s, reject);
            if cc < INF {
                let p = &mut pos[j as usize];
                cols[*p] = i as u32;
                cost[*p] = cc;
                *p += 1;
            }
        }
    }
    Csr {
        indptr: count,
        cols,
        cost,
    }
}

/// Solve a sparse assignment problem on candidate lists and return the dual certificate.
///
/// # Arguments
/// * `c` — candidate mentors of each mentee with scores (to maximise); absent pairs are
///   forbidden.
/// * `opts` — see [`LapOptions`].
///
/// # Returns
/// The optimal [`Assignment`] and [`Duals`] (whose conditions only involve candidate pairs).
///
/// # Errors
/// [`Error::Empty`] for no mentees or no mentors, [`Error::InvalidValue`] for a non-finite
/// reject score, [`Error::Infeasible`] (no reject score) naming a mentee row (or, with more
/// mentees than mentors, a mentor column) that cannot be matched.
///
/// # Complexity
/// See the [module documentation](self).
///
/// # Examples
/// ```
/// use nastavnik::assign::lap::LapOptions;
/// use nastavnik::assign::sparse::solve_sparse_with_duals;
/// use nastavnik::scoring::Candidates;
/// let c = Candidates::new(2, vec![0, 2, 3], vec![0, 1, 0], vec![0.9, 0.8, 0.7]).unwrap();
/// let (a, d) = solve_sparse_with_duals(&c, &LapOptions::default()).unwrap();
/// assert!((a.total() - 1.5).abs() < 1e-12);
/// assert!((d.mentee.iter().sum::<f64>() + d.mentor.iter().sum::<f64>() - 1.5).abs() < 1e-9);
/// ```
pub fn solve_sparse_with_duals(c: &Candidates, opts: &LapOptions) -> Result<(Assignment, Duals)> {
    let (n, m) = (c.n_mentees(), c.n_mentors());
    if n == 0 {
        return Err(Error::empty("candidates (no mentees)"));
    }
    if m == 0 {
        return Err(Error::empty("candidates (no mentors)"));
    }
    check_options(opts, n, m)?;
    let o = Orientation::new(n, m, opts.reject_score);
    let csr = internal_csr(c, &o);
    crate::memory::ensure_room(
        o.k()
            .saturating_mul(24)
            .saturating_add(o.l().saturating_mul(36)),
        1,
        "LAP working arrays",
    )?;
    let st = sparse_core(&csr, o.k(), o.l(), o.reject.is_some()).map_err(|f| o.failure(&f))?;
    let score_of = |i: usize, j: usize| {
        let (idx, sc) = c.row(i);
        idx.iter()
            .zip(sc)
            .find(|&(&jj, _)| jj as usize == j)
            .map_or(f64::NAN, |(_, &s)| s)
    };
    Ok(o.finish(&st, score_of))
}

/// Solve a sparse assignment problem on candidate lists (maximising; absent pairs forbidden).
///
/// # Arguments
/// * `c` — candidate mentors of each mentee with scores (see [`Candidates`]).
/// * `opts` — see [`LapOptions`].
///
/// # Returns
/// The optimal [`Assignment`] (status Optimal); `total` is the sum of matched scores.
///
/// # Errors
/// As [`solve_sparse_with_duals`].
///
/// # Examples
/// ```
/// use nastavnik::assign::lap::LapOptions;
/// use nastavnik::assign::sparse::solve_sparse;
/// use nastavnik::scoring::Candidates;
/// // Mentee 1 has no candidate: infeasible unless unmatched mentees are allowed.
/// let c = Candidates::new(2, vec![0, 1, 1], vec![0], vec![0.9]).unwrap();
/// let e = solve_sparse(&c, &LapOptions::default()).unwrap_err();
/// assert!(e.to_string().contains("mentee row 1"));
/// let a = solve_sparse(&c, &LapOptions::default().with_reject_score(0.0)).unwrap();
/// assert_eq!(a.mentor_of(), vec![Some(0), None]);
/// ```
pub fn solve_sparse(c: &Candidates, opts: &LapOptions) -> Result<Assignment> {
    solve_sparse_with_duals(c, opts).map(|(a, _)| a)
}
