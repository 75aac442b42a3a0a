//! Capacitated group formation (group format) by exact min-cost flow.
//!
//! Every mentee `i` receives exactly `team_size[i]` **distinct** mentors (a team of
//! mentors; 1 by default), every mentor `j` receives between `min_load[j]` and `max_load[j]`
//! mentees, and the sum of the chosen scores is maximised. With a `reject_score` `r`, each of a
//! mentee's mentor slots may instead stay empty with gain `r` (so a mentee may get fewer mentors
//! than asked, or none); without it every slot must be filled or the call fails.
//!
//! # Algorithm
//! The problem is the transportation network
//! `source → mentee i (cap d_i) → mentor j (cap 1, gain s_ij) → sink`, where mentor `j` reaches
//! the sink by an arc of capacity `min_load[j]` straight to the sink and an arc of capacity
//! `max_load[j] - min_load[j]` through an *overflow* node whose own arc to the sink carries at most
//! `Σd - Σmin_load` (this encodes the lower bounds exactly, without big-M costs); the optional
//! reject node takes `mentee → reject (gain r) → overflow`. It is solved by **successive shortest
//! paths with node potentials** (Dijkstra on reduced costs), specialised to the dense bipartite
//! structure: mentor columns are kept in dense arrays and picked by a linear scan, mentee rows
//! (reached only through their few current mentors) go through a small heap, and each search stops
//! as soon as the sink is settled. A greedy start (every mentee at its best mentor while room
//! remains, with all mentor potentials 0) is already dual feasible, so only the mentees the greedy
//! pass could not place need a search.
//!
//! # Guarantees
//! Exact: the returned flow is optimal (no negative-cost cycle in the residual network), as
//! certified by the potentials of [`solve_groups_certified`], up to floating-point rounding of
//! the score sums. Deterministic (no randomness, no parallelism).
//!
//! # Complexity
//! `O(n·m)` for the greedy start plus `O(k·(n·m))` in the worst case for the `k` units the greedy
//! pass leaves unrouted (`n` mentees, `m` mentors); searches that end early cost far less.
//! Memory `O(n·m)`.
//!
//! # Examples
//! ```
//! use nastavnik::assign::flow::{solve_groups, GroupOptions};
//! // 4 mentees, 2 mentors with room for 2 mentees each.
//! let s = ndarray::array![[9.0, 1.0], [8.0, 2.0], [7.0, 6.0], [1.0, 0.0]];
//! let opts = GroupOptions::with_max_load(vec![2, 2]);
//! let a = solve_groups(s.view(), &opts).unwrap();
//! assert_eq!(a.pairs(), &[(0, 0), (1, 0), (2, 1), (3, 1)]);
//! assert_eq!(a.total(), 23.0);
//! ```

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use ndarray::ArrayView2;

use crate::assign::{Assignment, SolveStatus, validate_scores};
use crate::error::{Error, Result};
use crate::real::Real;

/// Options of [`solve_groups`].
///
/// ```
/// use nastavnik::assign::flow::GroupOptions;
/// let o = GroupOptions::with_max_load(vec![3, 3]).with_min_load(vec![1, 0]);
/// assert!(o.team_size.is_empty() && o.reject_score.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct GroupOptions {
    /// Minimum number of mentees of each mentor (one entry per mentor column).
    /// Empty means 0 for every mentor.
    pub min_load: Vec<u32>,
    /// Maximum number of mentees of each mentor (one entry per mentor column).
    pub max_load: Vec<u32>,
    /// Exact number of distinct mentors of each mentee (one entry per mentee row; empty = 1 each).
    /// With `reject_score`, each slot may stay empty instead, with that gain.
    pub team_size: Vec<u32>,
    /// Gain of leaving one mentor slot of a mentee empty. `None`: every slot must be filled.
    pub reject_score: Option<f64>,
}

impl GroupOptions {
    /// Options with the given maximum loads, no minimum load, one mentor per mentee, no reject.
    ///
    /// ```
    /// use nastavnik::assign::flow::GroupOptions;
    /// let o = GroupOptions::with_max_load(vec![5; 3]);
    /// assert_eq!(o.max_load, vec![5, 5, 5]);
    /// ```
    pub fn with_max_load(max_load: Vec<u32>) -> Self {
        Self {
            max_load,
            ..Self::default()
        }
    }
}

/// Node potentials certifying optimality of a [`solve_groups_certified`] answer.
///
/// With cost = −gain, the reduced cost of a residual arc `u → v` is
/// `cost(u, v) + π(u) − π(v)`; the answer is optimal because every residual arc has a
/// non-negative reduced cost. Residual arcs (for the final flow, where every mentor carries
/// `load_j ≥ min_load[j]`, split as `min_load[j]` to the sink and `load_j − min_load[j]` through
/// the overflow node):
/// mentee `i → ` mentor `j` when not paired (cost `−s_ij`), mentor `j → ` mentee `i` when paired
/// (cost `s_ij`), mentor `j → ` overflow when `load_j < max_load[j]` (0), overflow `→` mentor `j`
/// when `load_j > min_load[j]` (0), mentee `i → ` reject when fewer than `d_i` slots are empty
/// (cost `−r`), reject `→` mentee `i` when at least one is (cost `r`), reject `→` overflow (0) and
/// overflow `→` reject when some slot is empty (0).
///
/// ```
/// use nastavnik::assign::flow::{solve_groups_certified, GroupOptions};
/// let s = ndarray::array![[2.0, 1.0], [3.0, 0.0]];
/// let (a, p) = solve_groups_certified(s.view(), &GroupOptions::with_max_load(vec![1, 1])).unwrap();
/// assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
/// // reduced cost of the unused arc mentee 0 -> mentor 0 is non-negative
/// assert!(-2.0 + p.mentee[0] - p.mentor[0] >= -1e-9);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GroupPotentials {
    /// Potential of each mentee node.
    pub mentee: Vec<f64>,
    /// Potential of each mentor node.
    pub mentor: Vec<f64>,
    /// Potential of the reject node (meaningful only with a reject score).
    pub reject: f64,
    /// Potential of the overflow node.
    pub overflow: f64,
}

/// Form groups: each mentee gets its number of distinct mentors, each mentor a load within its
/// bounds, maximising the total score.
///
/// # Arguments
/// * `scores` — mentees × mentors, to maximise; `-inf` forbids a pair.
/// * `opts` — loads, team sizes and optional reject score, see [`GroupOptions`].
///
/// # Returns
/// An optimal [`Assignment`] (status `Optimal`); a mentee may have several mentors.
/// `total()` is the sum of the chosen pairs' scores; `objective()` adds `reject_score` once per
/// empty slot (the value maximised).
///
/// # Errors
/// * [`Error::NonFinite`] / [`Error::Empty`] for NaN, `+inf` or an empty matrix.
/// * [`Error::ShapeMismatch`] naming `min_load`, `max_load` or `team_size` when its
///   length is wrong; [`Error::InvalidValue`] naming the mentor column when `min > max`, or for a
///   non-finite `reject_score`.
/// * [`Error::Infeasible`] naming the mentee row or mentor column that cannot be satisfied (total
///   capacity below demand, a mentee with too few allowed mentors, a minimum load that cannot
///   be met).
///
/// # Complexity
/// See the [module documentation](self).
///
/// # Examples
/// ```
/// use nastavnik::assign::flow::{solve_groups, GroupOptions};
/// let s = ndarray::array![[1.0, 5.0], [2.0, 4.0], [3.0, f64::NEG_INFINITY]];
/// // mentor 0 must take at least 2 mentees; mentee 2 cannot have mentor 1
/// let opts = GroupOptions::with_max_load(vec![3, 3]).with_min_load(vec![2, 0]);
/// let a = solve_groups(s.view(), &opts).unwrap();
/// assert_eq!(a.mentor_of(), vec![Some(1), Some(0), Some(0)]);
/// ```
pub fn solve_groups<T: Real>(scores: ArrayView2<'_, T>, opts: &GroupOptions) -> Result<Assignment> {
    solve_groups_certified(scores, opts).map(|(a, _)| a)
}

/// [`solve_groups`], also returning the optimality certificate ([`GroupPotentials`]).
///
/// # Errors
/// As [`solve_groups`].
///
/// ```
/// use nastavnik::assign::flow::{solve_groups_certified, GroupOptions};
/// let s = ndarray::array![[1.0], [2.0]];
/// let opts = GroupOptions::with_max_load(vec![1]).with_reject_score(0.5);
/// let (a, _) = solve_groups_certified(s.view(), &opts).unwrap();
/// assert_eq!(a.pairs(), &[(1, 0)]);
/// assert_eq!(a.total(), 2.0); // the chosen pair only
/// assert_eq!(a.objective(), Some(2.5)); // plus mentee 0's reject gain 0.5
/// ```
pub fn solve_groups_certified<T: Real>(
    scores: ArrayView2<'_, T>,
    opts: &GroupOptions,
) -> Result<(Assignment, GroupPotentials)> {
    validate_scores(scores, "scores")?;
    let (n, m) = scores.dim();
    let hi = per_entry(&opts.max_load, None, m, "max_load", "mentor")?;
    let lo = per_entry(&opts.min_load, Some(0), m, "min_load", "mentor")?;
    let demand = per_entry(&opts.team_size, Some(1), n, "team_size", "mentee")?;
    for j in 0..m {
        if lo[j] > hi[j] {
            return Err(Error::invalid(
                "min_load",
                format!(
                    "mentor column {j} has min_load {} above max_load {}",
                    lo[j], hi[j]
                ),
            ));
        }
    }
    if let Some(r) = opts.reject_score
        && !r.is_finite()
    {
        return Err(Error::invalid(
            "reject_score",
            format!("must be finite, got {r}"),
        ));
    }
    let mut s = crate::memory::try_with_capacity(
        crate::memory::checked_len(&[n, m], "scores (f64 copy)")?,
        "scores (f64 copy)",
    )?;
    for row in scores.rows() {
        s.extend(row.iter().map(|v| v.to_f64_lossy()));
    }
    let net = Network::new(n, m, s, demand, lo, hi, opts.reject_score)?;
    net.solve()
}

const EMPTY: usize = usize::MAX;

#[derive(Clone, Copy, PartialEq)]
struct Entry {
    d: f64,
    node: usize,
}
impl Eq for Entry {}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // min-heap on distance, then on node index (deterministic)
        other
            .d
            .total_cmp(&self.d)
            .then_with(|| other.node.cmp(&self.node))
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

struct Network {
    n: usize,
    m: usize,
    s: Vec<f64>,
    demand: Vec<u32>,
    /// Slots of each mentee necessarily left empty (beyond its allowed mentors; reject only).
    forced: Vec<u32>,
    lo: Vec<u32>,
    hi: Vec<u32>,
    reject: Option<f64>,
    /// potentials: rows 0..n, cols n..n+m, then R, T (overflow), S (sink)
    pot: Vec<f64>,
    row_cols: Vec<Vec<u32>>,
    col_rows: Vec<Vec<u32>>,
    rej: Vec<u32>,
    f_low: Vec<u32>,
    f_up: Vec<u32>,
    f_t: u64,
    cap_t: u64,
    f_rt: u64,
    // scratch
    dist: Vec<f64>,
    pred: Vec<usize>,
    done: Vec<bool>,
    col_state: Vec<u8>,
    saved: Vec<f64>,
    /// settled nodes with their final distance
    popped: Vec<(usize, f64)>,
    heap: BinaryHeap<Entry>,
}

impl Network {
    fn new(
        n: usize,
        m: usize,
        s: Vec<f64>,
        mut demand: Vec<u32>,
        lo: Vec<u32>,
        hi: Vec<u32>,
        reject: Option<f64>,
    ) -> Result<Self> {
        let total_demand: u64 = demand.iter().map(|&d| u64::from(d)).sum();
        let total_lo: u64 = lo.iter().map(|&d| u64::from(d)).sum();
        let total_hi: u64 = hi.iter().map(|&d| u64::from(d)).sum();
        if total_lo > total_demand {
            return Err(Error::infeasible(format!(
                "mentors' minimum loads add up to {total_lo} but mentees need only \
                 {total_demand} mentor slots in all"
            )));
        }
        // per-row and per-column allowed counts
        let mut col_allowed = vec![0u64; m];
        let mut forced = vec![0u32; n];
        for i in 0..n {
            let row = &s[i * m..(i + 1) * m];
            let mut k = 0u32;
            for (j, &v) in row.iter().enumerate() {
                if v > f64::NEG_INFINITY {
                    k += 1;
                    col_allowed[j] += 1;
                }
            }
            if reject.is_none() && demand[i] > k {
                return Err(Error::infeasible(format!(
                    "mentee row {i} needs {} mentor(s) but only {k} are allowed",
                    demand[i]
                )));
            }
            // With a reject score, slots beyond the allowed mentors are necessarily empty: they
            // add `r` each whatever the solution, so they are counted apart instead of routed
            // one by one (the work no longer grows with `team_size`).
            if demand[i] > k {
                forced[i] = demand[i] - k;
                demand[i] = k;
            }
        }
        let routed: u64 = demand.iter().map(|&d| u64::from(d)).sum();
        if total_lo > routed {
            return Err(Error::infeasible(format!(
                "mentors' minimum loads add up to {total_lo} but mentees can take at most \
                 {routed} distinct allowed mentors in all"
            )));
        }
        for j in 0..m {
            if u64::from(lo[j]) > col_allowed[j] {
                return Err(Error::infeasible(format!(
                    "mentor column {j} has min_load {} but only {} mentees are allowed with it",
                    lo[j], col_allowed[j]
                )));
            }
        }
        if reject.is_none() && total_hi < total_demand {
            return Err(Error::infeasible(format!(
                "mentors' maximum loads add up to {total_hi} but mentees need {total_demand} \
                 mentor slots"
            )));
        }
        let nn = n + m + 3;
        Ok(Self {
            n,
            m,
            s,
            demand,
            forced,
            lo,
            hi,
            reject,
            pot: vec![0.0; nn],
            row_cols: vec![Vec::new(); n],
            col_rows: vec![Vec::new(); m],
            rej: vec![0; n],
            f_low: vec![0; m],
            f_up: vec![0; m],
            f_t: 0,
            cap_t: routed - total_lo,
            f_rt: 0,
            dist: vec![f64::INFINITY; nn],
            pred: vec![EMPTY; nn],
            done: vec![false; nn],
            col_state: vec![0; m],
            saved: Vec::new(),
            popped: Vec::new(),
            heap: BinaryHeap::new(),
        })
    }

    #[inline]
    fn node_r(&self) -> usize {
        self.n + self.m
    }
    #[inline]
    fn node_t(&self) -> usize {
        self.n + self.m + 1
    }
    #[inline]
    fn node_s(&self) -> usize {
        self.n + self.m + 2
    }

    /// Whether column `j` can take one more unit straight to the sink (see [`Self::col_take`]).
    #[inline]
    fn has_room(&self, j: usize) -> bool {
        j < self.m
            && (self.f_low[j] < self.lo[j]
                || (self.f_up[j] < self.hi[j] - self.lo[j] && self.f_t < self.cap_t))
    }

    /// Route one unit from column `j` to the sink if it has room; returns success.
    fn col_take(&mut self, j: usize) -> bool {
        if self.f_low[j] < self.lo[j] {
            self.f_low[j] += 1;
            true
        } else if self.f_up[j] < self.hi[j] - self.lo[j] && self.f_t < self.cap_t {
            self.f_up[j] += 1;
            self.f_t += 1;
            true
        } else {
            false
        }
    }

    fn assign(&mut self, i: usize, j: usize) {
        self.row_cols[i].push(j as u32);
        self.col_rows[j].push(i as u32);
    }

    fn unassign(&mut self, i: usize, j: usize) {
        if let Some(p) = self.row_cols[i].iter().position(|&c| c as usize == j) {
            self.row_cols[i].swap_remove(p);
        }
        if let Some(p) = self.col_rows[j].iter().position(|&r| r as usize == i) {
            self.col_rows[j].swap_remove(p);
        }
    }

    /// Greedy dual-feasible start: all mentor/auxiliary potentials 0, each single-mentor mentee at
    /// its best option if that option has room.
    fn greedy(&mut self) {
        let (n, m) = (self.n, self.m);
        for i in 0..n {
            let row = &self.s[i * m..(i + 1) * m];
            let mut best = f64::NEG_INFINITY;
            let mut bj = EMPTY;
            for (j, &v) in row.iter().enumerate() {
                // Among tied best mentors prefer one with room (ties are the common case with
                // questionnaire scores; without this every tied mentee queues on one mentor).
                if v > best || (v == best && !self.has_room(bj) && self.has_room(j)) {
                    best = v;
                    bj = j;
                }
            }
            let mut p = best;
            let mut take_reject = false;
            if let Some(r) = self.reject
                && r > best
            {
                take_reject = true;
                p = r;
            }
            self.pot[i] = if p.is_finite() { p } else { 0.0 };
            if self.demand[i] != 1 {
                continue;
            }
            if take_reject {
                if self.f_t < self.cap_t {
                    self.f_t += 1;
                    self.f_rt += 1;
                    self.rej[i] += 1;
                }
            } else if bj != EMPTY && self.col_take(bj) {
                self.assign(i, bj);
            }
        }
    }

    fn relax_heap(&mut self, v: usize, nd: f64, from: usize) {
        if nd < self.dist[v] && !self.done[v] {
            self.dist[v] = nd;
            self.pred[v] = from;
            self.heap.push(Entry { d: nd, node: v });
        }
    }

    /// Dijkstra from row `src` on reduced costs; returns true when the sink was reached.
    fn dijkstra(&mut self, src: usize) -> bool {
        let (n, m) = (self.n, self.m);
        let (nr, nt, ns) = (self.node_r(), self.node_t(), self.node_s());
        // reset scratch
        for &(v, _) in &self.popped {
            self.done[v] = false;
        }
        self.popped.clear();
        self.heap.clear();
        for v in self.dist.iter_mut() {
            *v = f64::INFINITY;
        }
        for c in self.col_state.iter_mut() {
            *c = 0;
        }
        self.dist[src] = 0.0;
        self.pred[src] = EMPTY;
        self.heap.push(Entry { d: 0.0, node: src });
        // Distances are settled in non-decreasing order, so the last settled distance is a lower
        // bound on every open column: a heap node at or below it can be settled without
        // scanning the columns.
        let mut frontier = f64::NEG_INFINITY;
        loop {
            while let Some(top) = self.heap.peek() {
                if self.done[top.node] || top.d > self.dist[top.node] {
                    self.heap.pop();
                } else {
                    break;
                }
            }
            let fast = matches!(self.heap.peek(), Some(top) if top.d <= frontier);
            let u = if fast {
                self.heap.pop().map_or(EMPTY, |e| e.node)
            } else {
                // best open column
                let mut bd = f64::INFINITY;
                let mut bc = EMPTY;
                {
                    // Among tied columns prefer one with room: it reaches the sink at once
                    // instead of opening every tied full column and its mentees first.
                    let dc = &self.dist[n..n + m];
                    for (j, (&d, &st)) in dc.iter().zip(self.col_state.iter()).enumerate() {
                        if st == 0
                            && (d < bd
                                || (d == bd
                                    && bc != EMPTY
                                    && !self.has_room(bc)
                                    && self.has_room(j)))
                        {
                            bd = d;
                            bc = j;
                        }
                    }
                }
                match self.heap.peek() {
                    Some(top) if top.d <= bd => {
                        let u = top.node;
                        self.heap.pop();
                        u
                    }
                    _ => {
                        if bc == EMPTY {
                            return false;
                        }
                        self.col_state[bc] = 1;
                        n + bc
                    }
                }
            };
            frontier = self.dist[u];
            self.done[u] = true;
            let du = self.dist[u];
            self.popped.push((u, du));
            if u >= n && u < n + m {
                // a settled column can never be improved again
                self.dist[u] = f64::NEG_INFINITY;
            }
            let pu = self.pot[u];
            if u == ns {
                return true;
            }
            if u < n {
                // row: forward arcs to unassigned open columns
                let i = u;
                // the row's own columns are not forward arcs: block them for the scan
                self.saved.clear();
                for &c in &self.row_cols[i] {
                    let c = n + c as usize;
                    self.saved.push(self.dist[c]);
                    self.dist[c] = f64::NEG_INFINITY;
                }
                let base = du + pu;
                let row = &self.s[i * m..(i + 1) * m];
                let pc = &self.pot[n..n + m];
                let dc = &mut self.dist[n..n + m];
                let pr = &mut self.pred[n..n + m];
                for (((d, p), &sj), &pj) in dc.iter_mut().zip(pr.iter_mut()).zip(row).zip(pc) {
                    let nd = base - sj - pj;
                    let better = nd < *d;
                    *d = if better { nd } else { *d };
                    *p = if better { i } else { *p };
                }
                for (k, &c) in self.row_cols[i].iter().enumerate() {
                    self.dist[n + c as usize] = self.saved[k];
                }
                if let Some(r) = self.reject
                    && self.rej[i] < self.demand[i]
                {
                    let nd = base - r - self.pot[nr];
                    self.relax_heap(nr, nd, u);
                }
            } else if u < n + m {
                let j = u - n;
                let base = du + pu;
                for k in 0..self.col_rows[j].len() {
                    let r = self.col_rows[j][k] as usize;
                    let nd = base + self.s[r * m + j] - self.pot[r];
                    self.relax_heap(r, nd, u);
                }
                if self.f_low[j] < self.lo[j] {
                    self.relax_heap(ns, base - self.pot[ns], u);
                }
                if self.f_up[j] < self.hi[j] - self.lo[j] {
                    self.relax_heap(nt, base - self.pot[nt], u);
                }
            } else if u == nr {
                let r = self.reject.unwrap_or(0.0);
                let base = du + pu;
                for k in 0..n {
                    if self.rej[k] > 0 {
                        let nd = base + r - self.pot[k];
                        self.relax_heap(k, nd, u);
                    }
                }
                self.relax_heap(nt, base - self.pot[nt], u);
            } else if u == nt {
                let base = du + pu;
                if self.f_t < self.cap_t {
                    self.relax_heap(ns, base - self.pot[ns], u);
                }
                for j in 0..m {
                    if self.f_up[j] > 0 && self.col_state[j] == 0 {
                        let nd = base - self.pot[n + j];
                        if nd < self.dist[n + j] {
                            self.dist[n + j] = nd;
                            self.pred[n + j] = u;
                        }
                    }
                }
                if self.f_rt > 0 {
                    self.relax_heap(nr, base - self.pot[nr], u);
                }
            }
        }
    }

    /// After a successful search: update potentials and push one unit along the path.
    fn augment(&mut self) {
        let (n, m) = (self.n, self.m);
        let (nr, ns) = (self.node_r(), self.node_s());
        let dt = self.dist[ns];
        for &(v, d) in &self.popped {
            self.pot[v] += d - dt;
        }
        let mut v = ns;
        while self.pred[v] != EMPTY {
            let u = self.pred[v];
            if u < n {
                let i = u;
                if v < n + m {
                    self.assign(i, v - n);
                } else {
                    // v == nr
                    self.rej[i] += 1;
                }
            } else if u < n + m {
                let j = u - n;
                if v < n {
                    self.unassign(v, j);
                } else if v == ns {
                    self.f_low[j] += 1;
                } else {
                    self.f_up[j] += 1;
                }
            } else if u == nr {
                if v < n {
                    self.rej[v] -= 1;
                } else {
                    self.f_rt += 1;
                }
            } else {
                // u == nt
                if v == ns {
                    self.f_t += 1;
                } else if v == nr {
                    self.f_rt -= 1;
                } else {
                    self.f_up[v - n] -= 1;
                }
            }
            v = u;
        }
    }

    fn solve(mut self) -> Result<(Assignment, GroupPotentials)> {
        let (n, m) = (self.n, self.m);
        crate::interrupt::check()?;
        self.greedy();
        for i in 0..n {
            while (self.row_cols[i].len() as u32) + self.rej[i] < self.demand[i] {
                crate::interrupt::check()?;
                if !self.dijkstra(i) {
                    return Err(self.infeasible_at(i));
                }
                self.augment();
            }
        }
        let mut pairs = Vec::new();
        let mut total = 0.0;
        let mut empty: u64 = 0;
        for i in 0..n {
            let mut cols = self.row_cols[i].clone();
            cols.sort_unstable();
            for c in cols {
                let j = c as usize;
                total += self.s[i * m + j];
                pairs.push((i, j));
            }
            empty += u64::from(self.rej[i]) + u64::from(self.forced[i]);
        }
        // `total` counts the pairs only; the reject gains go to the objective.
        let objective = total + self.reject.map_or(0.0, |r| r * empty as f64);
        let pot = GroupPotentials {
            mentee: self.pot[..n].to_vec(),
            mentor: self.pot[n..n + m].to_vec(),
            reject: self.pot[self.node_r()],
            overflow: self.pot[self.node_t()],
        };
        Ok((
            Assignment::from_solver(n, m, pairs, total, SolveStatus::Optimal)
                .with_objective(objective),
            pot,
        ))
    }

    fn infeasible_at(&self, i: usize) -> Error {
        if self.f_t >= self.cap_t
            && let Some(j) = (0..self.m).find(|&j| self.f_low[j] < self.lo[j])
        {
            return Error::infeasible(format!(
                "mentor column {j} cannot reach its min_load {} (mentee row {i} and the \
                     other mentees allowed with it are needed elsewhere)",
                self.lo[j]
            ));
        }
        Error::infeasible(format!(
            "mentee row {i} cannot be given all its {} mentor(s): the mentors allowed with it \
             have no room left",
            self.demand[i]
        ))
    }
}

/// One value per mentor (or mentee): `values` itself, or `default` everywhere when `values` is
/// empty and a default exists.
fn per_entry(
    values: &[u32],
    default: Option<u32>,
    len: usize,
    what: &str,
    unit: &str,
) -> Result<Vec<u32>> {
    match default {
        Some(d) if values.is_empty() => Ok(vec![d; len]),
        _ if values.len() == len => Ok(values.to_vec()),
        _ => Err(Error::shape(
            what,
            format!("{len} entries (one per {unit})"),
            values.len(),
        )),
    }
}
