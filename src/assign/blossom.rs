//! Peer pairing inside one pool (mutual format): Edmonds' maximum-weight general matching.
//!
//! Given a symmetric `n × n` weight matrix (`-inf` = no edge, diagonal ignored), find a set of
//! disjoint pairs of maximum total weight (default), or of maximum cardinality and, among those,
//! maximum weight ([`PeerObjective::MaxCardinality`]). An optional threshold removes every edge
//! whose weight is below it.
//!
//! # Algorithm
//! The primal–dual blossom algorithm of Edmonds, in the `O(n³)` form of Gabow/Lawler: stages grow
//! alternating trees from every exposed vertex over tight edges, shrink odd cycles into blossoms,
//! adjust vertex and blossom dual variables by the smallest slack when stuck, expand inner
//! blossoms whose dual reaches zero, and augment when two trees meet. This implementation is
//! dense: vertex weights are read from one row-major matrix, each (super)node pair keeps its
//! representative edge in an index matrix, and every non-tree node keeps its best slack edge, so
//! a dual adjustment costs `O(n)` and a stage `O(n²)`. Blossoms persist across stages. In
//! maximum-weight mode, edges of weight `≤ 0` are dropped up front (they never increase the
//! weight).
//!
//! # Guarantees
//! Exact (optimal weight, resp. maximum cardinality then optimal weight). When every weight is
//! an integer of magnitude at most `2^50` (Likert sums, counts, integer-coded scores) all duals
//! stay half-integers, every float operation is exact and edges are tight only at slack exactly
//! 0. Otherwise an edge is tight when its slack is at most a few dozen ulps of the numbers
//! combined (`|y_u| + |y_v| + |w_uv|`): a tolerance relative to the data actually added, never an
//! absolute floor, so one huge weight does not make the small ones indistinguishable beyond the
//! precision of the duals. Deterministic.
//!
//! # Complexity
//! `O(n³)` time, `O(n²)` memory (about `32·n²` bytes: 32 MB at `n = 1000`).
//!
//! # Examples
//! ```
//! use nastavnik::assign::blossom::{solve_peers, PeerOptions};
//! let ninf = f64::NEG_INFINITY;
//! // a triangle 0-1-2 plus a pendant vertex 3 on 2
//! let w = ndarray::array![
//!     [0.0, 5.0, 4.0, ninf],
//!     [5.0, 0.0, 4.0, ninf],
//!     [4.0, 4.0, 0.0, 3.0],
//!     [ninf, ninf, 3.0, 0.0],
//! ];
//! let m = solve_peers(w.view(), &PeerOptions::default()).unwrap();
//! assert_eq!(m.pairs(), vec![(0, 1), (2, 3)]);
//! assert_eq!(m.total(), 8.0);
//! ```

use std::collections::VecDeque;

use ndarray::ArrayView2;

use crate::assign::{PeerMatching, SolveStatus};
use crate::error::{Error, Result};
use crate::real::Real;

/// What [`solve_peers`] optimises.
///
/// ```
/// use nastavnik::assign::blossom::PeerObjective;
/// assert_eq!(PeerObjective::default(), PeerObjective::MaxWeight);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerObjective {
    /// Maximum total weight (pairs of non-positive weight are never formed).
    #[default]
    MaxWeight,
    /// Maximum number of pairs first, then maximum total weight among those (negative-weight
    /// edges may be used to pair more participants).
    MaxCardinality,
}

impl std::str::FromStr for PeerObjective {
    type Err = Error;
    /// The names of the Python keyword and of the JSON field: `max_weight`, `max_cardinality`.
    ///
    /// ```
    /// use nastavnik::assign::blossom::PeerObjective;
    /// assert_eq!("max_cardinality".parse::<PeerObjective>().unwrap(), PeerObjective::MaxCardinality);
    /// assert!("max".parse::<PeerObjective>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "max_weight" => Ok(PeerObjective::MaxWeight),
            "max_cardinality" => Ok(PeerObjective::MaxCardinality),
            other => Err(Error::invalid(
                "objective",
                format!("must be \"max_weight\" or \"max_cardinality\", got {other:?}"),
            )),
        }
    }
}

/// Options of [`solve_peers`].
///
/// ```
/// use nastavnik::assign::blossom::{PeerObjective, PeerOptions};
/// let o = PeerOptions::default().with_objective(PeerObjective::MaxCardinality).with_reject_below(0.2);
/// assert_eq!(PeerOptions::default().reject_below, None);
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[non_exhaustive]
pub struct PeerOptions {
    /// Objective, see [`PeerObjective`].
    pub objective: PeerObjective,
    /// Edges of weight strictly below this threshold are not used.
    pub reject_below: Option<f64>,
}

/// Pair participants of one pool by maximum-weight general matching.
///
/// # Arguments
/// * `weights` — symmetric `n × n` matrix; `-inf` = the two may not be paired; the diagonal is
///   ignored.
/// * `opts` — objective and threshold, see [`PeerOptions`].
///
/// # Returns
/// An optimal [`PeerMatching`] (status `Optimal`) whose `total()` is the sum of the weights of
/// its pairs.
///
/// # Errors
/// * [`Error::Empty`] for a `0 × 0` matrix; [`Error::ShapeMismatch`] when it is not square.
/// * [`Error::NonFinite`] for NaN or `+inf` off the diagonal (naming row and column).
/// * [`Error::InvalidValue`] naming the first `(i, j)` with `w[i][j] != w[j][i]`, or for a NaN
///   threshold.
///
/// # Complexity
/// `O(n³)`; see the [module documentation](self).
///
/// # Examples
/// ```
/// use nastavnik::assign::blossom::{solve_peers, PeerObjective, PeerOptions};
/// let no = f64::NEG_INFINITY; // 2 and 3 may not be paired
/// let w = ndarray::array![[0.0, 10.0, 1.0, -2.0], [10.0, 0.0, -2.0, 1.0],
///                         [1.0, -2.0, 0.0, no], [-2.0, 1.0, no, 0.0]];
/// let best = solve_peers(w.view(), &PeerOptions::default()).unwrap();
/// assert_eq!(best.pairs(), vec![(0, 1)]);
/// let opts = PeerOptions::default().with_objective(PeerObjective::MaxCardinality);
/// let most = solve_peers(w.view(), &opts).unwrap();
/// assert_eq!(most.pairs(), vec![(0, 2), (1, 3)]);
/// ```
pub fn solve_peers<T: Real>(
    weights: ArrayView2<'_, T>,
    opts: &PeerOptions,
) -> Result<PeerMatching> {
    solve_inner(weights, None, opts)
}

/// [`solve_peers`] with a boolean mask of forbidden pairs (`true` = may not be paired), which
/// must be symmetric and of the same shape as `weights`.
///
/// # Errors
/// As [`solve_peers`], plus [`Error::ShapeMismatch`] for a mask of the wrong shape and
/// [`Error::InvalidValue`] naming the first asymmetric mask entry.
///
/// ```
/// use nastavnik::assign::blossom::{solve_peers_masked, PeerOptions};
/// let w = ndarray::array![[0.0, 3.0, 1.0], [3.0, 0.0, 1.0], [1.0, 1.0, 0.0]];
/// let mut mask = ndarray::Array2::from_elem((3, 3), false);
/// mask[[0, 1]] = true;
/// mask[[1, 0]] = true;
/// let m = solve_peers_masked(w.view(), mask.view(), &PeerOptions::default()).unwrap();
/// assert_eq!(m.total(), 1.0);
/// ```
pub fn solve_peers_masked<T: Real>(
    weights: ArrayView2<'_, T>,
    forbidden: ArrayView2<'_, bool>,
    opts: &PeerOptions,
) -> Result<PeerMatching> {
    if forbidden.dim() != weights.dim() {
        return Err(Error::shape(
            "forbidden mask",
            format!("{}x{}", weights.nrows(), weights.ncols()),
            format!("{}x{}", forbidden.nrows(), forbidden.ncols()),
        ));
    }
    solve_inner(weights, Some(forbidden), opts)
}

fn solve_inner<T: Real>(
    weights: ArrayView2<'_, T>,
    forbidden: Option<ArrayView2<'_, bool>>,
    opts: &PeerOptions,
) -> Result<PeerMatching> {
    let (n, c) = weights.dim();
    if n != c {
        return Err(Error::shape(
            "peer weights (must be square)",
            format!("{n}x{n}"),
            format!("{n}x{c}"),
        ));
    }
    if n == 0 {
        return Err(Error::empty("peer weights"));
    }
    if let Some(t) = opts.reject_below
        && t.is_nan()
    {
        return Err(Error::invalid("reject_below", "must not be NaN"));
    }
    let maxcard = opts.objective == PeerObjective::MaxCardinality;
    // size check (issue 8): the n×n weights plus the 2n×2n and 2n×n tables, 32 bytes a pair
    drop(crate::memory::try_with_capacity::<[u64; 4]>(
        crate::memory::checked_len(&[n, n], "peer matching tables")?,
        "peer matching tables",
    )?);
    let mut w = vec![f64::NEG_INFINITY; n * n];
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let v = weights[[i, j]];
            if v.is_nan() || v == T::infinity() {
                return Err(Error::NonFinite {
                    what: "peer weights".into(),
                    row: i,
                    col: j,
                    value: v.to_f64_lossy(),
                });
            }
            if j < i {
                let back = weights[[j, i]];
                if v != back {
                    return Err(Error::invalid(
                        "peer weights",
                        format!("not symmetric: w[{j}][{i}] = {back} but w[{i}][{j}] = {v}"),
                    ));
                }
                if let Some(f) = forbidden
                    && f[[i, j]] != f[[j, i]]
                {
                    return Err(Error::invalid(
                        "forbidden mask",
                        format!("not symmetric at ({j}, {i})"),
                    ));
                }
            }
            let mut x = v.to_f64_lossy();
            if forbidden.is_some_and(|f| f[[i, j]]) {
                x = f64::NEG_INFINITY;
            }
            if opts.reject_below.is_some_and(|t| x < t) {
                x = f64::NEG_INFINITY;
            }
            if !maxcard && x <= 0.0 {
                x = f64::NEG_INFINITY;
            }
            w[i * n + j] = x;
        }
    }
    crate::interrupt::check()?;
    let mut solver = Blossom::new(n, w, maxcard);
    // each successful stage adds one pair; the last stage proves optimality
    let mut stages = 0;
    while solver.stage()? {
        stages += 1;
        if stages > n / 2 {
            return Err(Error::Solver {
                message: "blossom algorithm: more augmentations than pairs (numerical trouble)"
                    .into(),
            });
        }
    }
    let mut mate = vec![None; n];
    let mut total = 0.0;
    for (u, slot) in mate.iter_mut().enumerate() {
        let v = solver.mate[u];
        if v != NONE {
            *slot = Some(v);
            if u < v {
                total += solver.w[u * n + v];
            }
        }
    }
    PeerMatching::new(mate, total, SolveStatus::Optimal)
}

const NONE: usize = usize::MAX;
const NO32: u32 = u32::MAX;
const FREE: i8 = -1;
const OUTER: i8 = 0;
const INNER: i8 = 1;

/// Dense blossom-algorithm state. Nodes `0..n` are vertices, `n..2n` blossoms.
struct Blossom {
    n: usize,
    /// stride of the node-indexed matrices (2n)
    nm: usize,
    /// node ids in use: `0..nx`
    nx: usize,
    w: Vec<f64>,
    /// `rep[p * nm + q]`: endpoint inside node `p` of the best edge between nodes `p` and `q`
    rep: Vec<u32>,
    /// vertex duals (`0..n`) and blossom duals (`n..`)
    lab: Vec<f64>,
    /// vertex matched to a top-level node (or to a vertex)
    mate: Vec<usize>,
    /// best outer vertex adjacent to a top-level node
    slack: Vec<usize>,
    /// the vertex inside the node at the other end of that best edge
    slack_v: Vec<usize>,
    /// slack of that best edge under the current duals
    slack_val: Vec<f64>,
    /// top-level node containing a node (`NONE` for an unused blossom id)
    st: Vec<usize>,
    /// outer vertex from which an inner node was labelled
    pa: Vec<usize>,
    /// `flower_from[b * n + v]`: child of blossom `b` containing vertex `v`
    flower_from: Vec<u32>,
    lbl: Vec<i8>,
    vis: Vec<u32>,
    stamp: u32,
    flower: Vec<Vec<usize>>,
    queue: VecDeque<usize>,
    /// Integer weights: exact arithmetic, zero tightness tolerance.
    exact: bool,
    maxcard: bool,
}

/// Relative tightness allowance for non-integer weights (64 ulps of the operands).
const REL_TOL: f64 = 64.0 * f64::EPSILON;
/// Integers up to this magnitude keep every dual (a half-integer) and sum exact.
const EXACT_MAX: f64 = (1u64 << 50) as f64;

impl Blossom {
    fn new(n: usize, w: Vec<f64>, maxcard: bool) -> Self {
        let nm = 2 * n.max(1);
        let mut maxw = 0.0f64;
        let mut exact = true;
        for &x in &w {
            if x > f64::NEG_INFINITY {
                maxw = maxw.max(x);
                exact &= x.fract() == 0.0 && x.abs() <= EXACT_MAX;
            }
        }
        let mut rep = vec![NO32; nm * nm];
        for u in 0..n {
            for v in 0..n {
                if w[u * n + v] > f64::NEG_INFINITY {
                    rep[u * nm + v] = u as u32;
                }
            }
        }
        let mut lab = vec![0.0; nm];
        for l in lab.iter_mut().take(n) {
            *l = maxw / 2.0;
        }
        let mut st = vec![NONE; nm];
        let mut flower_from = vec![NO32; nm * n];
        for u in 0..n {
            st[u] = u;
            flower_from[u * n + u] = u as u32;
        }
        Self {
            n,
            nm,
            nx: n,
            w,
            rep,
            lab,
            mate: vec![NONE; nm],
            slack: vec![NONE; nm],
            slack_v: vec![NONE; nm],
            slack_val: vec![f64::INFINITY; nm],
            st,
            pa: vec![NONE; nm],
            flower_from,
            lbl: vec![FREE; nm],
            vis: vec![0; nm],
            stamp: 0,
            flower: vec![Vec::new(); nm],
            queue: VecDeque::new(),
            exact,
            maxcard,
        }
    }

    /// Whether slack `sl = a + b - w` (duals `a`, `b`, weight `w`) counts as tight.
    #[inline]
    fn tight(&self, sl: f64, a: f64, b: f64, w: f64) -> bool {
        if self.exact {
            sl <= 0.0
        } else {
            sl <= REL_TOL * (a.abs() + b.abs() + w.abs())
        }
    }

    #[inline]
    fn rep(&self, p: usize, q: usize) -> usize {
        self.rep[p * self.nm + q] as usize
    }

    #[inline]
    fn has_edge(&self, p: usize, q: usize) -> bool {
        self.rep[p * self.nm + q] != NO32
    }

    /// Slack of the representative edge between nodes `p` and `q` (which must exist).
    #[inline]
    fn e_delta(&self, p: usize, q: usize) -> f64 {
        let a = self.rep(p, q);
        let b = self.rep(q, p);
        self.lab[a] + self.lab[b] - self.w[a * self.n + b]
    }

    /// Offer edge `(u, v)` of slack `val` (u outer, v inside top-level node `x`) as `x`'s best.
    #[inline]
    fn offer_slack(&mut self, u: usize, v: usize, x: usize, val: f64) {
        if self.slack[x] == NONE || val < self.slack_val[x] {
            self.slack[x] = u;
            self.slack_v[x] = v;
            self.slack_val[x] = val;
        }
    }

    fn set_slack(&mut self, x: usize) {
        self.slack[x] = NONE;
        for u in 0..self.n {
            if self.has_edge(u, x) && self.st[u] != x && self.lbl[self.st[u]] == OUTER {
                let v = self.rep(x, u);
                let val = self.e_delta(u, x);
                self.offer_slack(u, v, x, val);
            }
        }
    }

    fn q_push(&mut self, x: usize) {
        if x < self.n {
            self.queue.push_back(x);
        } else {
            for k in 0..self.flower[x].len() {
                let y = self.flower[x][k];
                self.q_push(y);
            }
        }
    }

    fn set_st(&mut self, x: usize, b: usize) {
        self.st[x] = b;
        if x >= self.n {
            for k in 0..self.flower[x].len() {
                let y = self.flower[x][k];
                self.set_st(y, b);
            }
        }
    }

    /// Position of child `xr` in blossom `b`, reorienting the cycle so that the even-length way
    /// round from the base reaches it.
    fn get_pr(&mut self, b: usize, xr: usize) -> usize {
        let f = &mut self.flower[b];
        let pr = f.iter().position(|&y| y == xr).unwrap_or(0);
        if pr % 2 == 1 {
            f[1..].reverse();
            f.len() - pr
        } else {
            pr
        }
    }

    fn set_match(&mut self, u: usize, v: usize) {
        self.mate[u] = self.rep(v, u);
        if u >= self.n {
            let eu = self.rep(u, v);
            let xr = self.flower_from[u * self.n + eu] as usize;
            let pr = self.get_pr(u, xr);
            for i in 0..pr {
                let a = self.flower[u][i];
                let b = self.flower[u][i ^ 1];
                self.set_match(a, b);
            }
            self.set_match(xr, v);
            self.flower[u].rotate_left(pr);
        }
    }

    fn augment(&mut self, mut u: usize, mut v: usize) {
        loop {
            let xnv = if self.mate[u] == NONE {
                NONE
            } else {
                self.st[self.mate[u]]
            };
            self.set_match(u, v);
            if xnv == NONE {
                return;
            }
            let p = self.st[self.pa[xnv]];
            self.set_match(xnv, p);
            u = p;
            v = xnv;
        }
    }

    fn get_lca(&mut self, mut u: usize, mut v: usize) -> usize {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.vis.iter_mut().for_each(|x| *x = 0);
            self.stamp = 1;
        }
        while u != NONE || v != NONE {
            if u != NONE {
                if self.vis[u] == self.stamp {
                    return u;
                }
                self.vis[u] = self.stamp;
                u = if self.mate[u] == NONE {
                    NONE
                } else {
                    self.st[self.mate[u]]
                };
                if u != NONE {
                    u = self.st[self.pa[u]];
                }
            }
            std::mem::swap(&mut u, &mut v);
        }
        NONE
    }

    fn add_blossom(&mut self, u: usize, lca: usize, v: usize) {
        let n = self.n;
        let mut b = n;
        while b < self.nx && self.st[b] != NONE {
            b += 1;
        }
        if b == self.nx {
            self.nx += 1;
        }
        self.lab[b] = 0.0;
        self.lbl[b] = OUTER;
        self.mate[b] = self.mate[lca];
        let mut fl = std::mem::take(&mut self.flower[b]);
        fl.clear();
        fl.push(lca);
        let mut x = u;
        while x != lca {
            fl.push(x);
            let y = self.st[self.mate[x]];
            fl.push(y);
            self.q_push(y);
            x = self.st[self.pa[y]];
        }
        fl[1..].reverse();
        let mut x = v;
        while x != lca {
            fl.push(x);
            let y = self.st[self.mate[x]];
            fl.push(y);
            self.q_push(y);
            x = self.st[self.pa[y]];
        }
        self.flower[b] = fl;
        self.set_st(b, b);
        let nm = self.nm;
        for x in 0..self.nx {
            self.rep[b * nm + x] = NO32;
            self.rep[x * nm + b] = NO32;
        }
        self.flower_from[b * n..(b + 1) * n].fill(NO32);
        for k in 0..self.flower[b].len() {
            let xs = self.flower[b][k];
            for x in 0..self.nx {
                if self.has_edge(xs, x)
                    && (!self.has_edge(b, x) || self.e_delta(xs, x) < self.e_delta(b, x))
                {
                    self.rep[b * nm + x] = self.rep[xs * nm + x];
                    self.rep[x * nm + b] = self.rep[x * nm + xs];
                }
            }
            for x in 0..n {
                if self.flower_from[xs * n + x] != NO32 {
                    self.flower_from[b * n + x] = xs as u32;
                }
            }
        }
        self.set_slack(b);
    }

    fn expand_blossom(&mut self, b: usize) {
        let fl = std::mem::take(&mut self.flower[b]);
        for &y in &fl {
            self.set_st(y, y);
        }
        self.flower[b] = fl;
        let xr = self.flower_from[b * self.n + self.rep(b, self.pa[b])] as usize;
        let pr = self.get_pr(b, xr);
        let mut i = 0;
        while i < pr {
            let xs = self.flower[b][i];
            let xns = self.flower[b][i + 1];
            self.pa[xs] = self.rep(xns, xs);
            self.lbl[xs] = INNER;
            self.lbl[xns] = OUTER;
            self.slack[xs] = NONE;
            self.set_slack(xns);
            self.q_push(xns);
            i += 2;
        }
        self.lbl[xr] = INNER;
        self.pa[xr] = self.pa[b];
        for i in pr + 1..self.flower[b].len() {
            let xs = self.flower[b][i];
            self.lbl[xs] = FREE;
            self.set_slack(xs);
        }
        self.st[b] = NONE;
    }

    /// Handle a tight edge from outer vertex `eu` to vertex `ev`; true when augmented.
    fn on_found_edge(&mut self, eu: usize, ev: usize) -> bool {
        let u = self.st[eu];
        let v = self.st[ev];
        if self.lbl[v] == FREE {
            self.pa[v] = eu;
            self.lbl[v] = INNER;
            let nu = self.st[self.mate[v]];
            self.slack[v] = NONE;
            self.slack[nu] = NONE;
            self.lbl[nu] = OUTER;
            self.q_push(nu);
        } else if self.lbl[v] == OUTER {
            let lca = self.get_lca(u, v);
            if lca == NONE {
                self.augment(u, v);
                self.augment(v, u);
                return true;
            }
            self.add_blossom(u, lca, v);
        }
        false
    }

    /// One stage: grow trees from every exposed node until an augmentation (true) or until the
    /// duals prove optimality (false). A stage needs `O(n)` dual adjustments; far more means
    /// the floating-point duals went wrong, reported as [`Error::Solver`] instead of looping.
    fn stage(&mut self) -> Result<bool> {
        let n = self.n;
        let nx = self.nx;
        self.lbl[..nx].fill(FREE);
        self.slack[..nx].fill(NONE);
        self.queue.clear();
        for x in 0..nx {
            if self.st[x] == x && self.mate[x] == NONE {
                self.pa[x] = NONE;
                self.lbl[x] = OUTER;
                self.q_push(x);
            }
        }
        if self.queue.is_empty() {
            return Ok(false);
        }
        let mut rounds = 0usize;
        loop {
            crate::interrupt::check()?;
            rounds += 1;
            if rounds > 8 * n + 16 {
                return Err(Error::Solver {
                    message: "blossom algorithm: a stage did not converge (numerical trouble)"
                        .into(),
                });
            }
            while let Some(u) = self.queue.pop_front() {
                if self.lbl[self.st[u]] == INNER {
                    continue;
                }
                let lu = self.lab[u];
                for v in 0..n {
                    let wv = self.w[u * n + v];
                    if wv > f64::NEG_INFINITY && self.st[u] != self.st[v] {
                        let lv = self.lab[v];
                        let sl = lu + lv - wv;
                        if self.tight(sl, lu, lv, wv) {
                            if self.on_found_edge(u, v) {
                                return Ok(true);
                            }
                        } else {
                            let sv = self.st[v];
                            self.offer_slack(u, v, sv, sl);
                        }
                    }
                }
            }
            let nx = self.nx;
            let mut d = f64::INFINITY;
            for b in n..nx {
                if self.st[b] == b && self.lbl[b] == INNER {
                    d = d.min(self.lab[b] / 2.0);
                }
            }
            for x in 0..nx {
                if self.st[x] == x && self.slack[x] != NONE {
                    if self.lbl[x] == FREE {
                        d = d.min(self.slack_val[x]);
                    } else if self.lbl[x] == OUTER {
                        d = d.min(self.slack_val[x] / 2.0);
                    }
                }
            }
            let mut stop = false;
            if self.maxcard {
                if d == f64::INFINITY {
                    return Ok(false);
                }
            } else {
                let mut d1 = f64::INFINITY;
                for u in 0..n {
                    if self.lbl[self.st[u]] == OUTER {
                        d1 = d1.min(self.lab[u]);
                    }
                }
                if d1 <= d {
                    d = d1.max(0.0);
                    stop = true;
                }
            }
            for u in 0..n {
                match self.lbl[self.st[u]] {
                    OUTER => self.lab[u] -= d,
                    INNER => self.lab[u] += d,
                    _ => {}
                }
            }
            for b in n..nx {
                if self.st[b] == b {
                    match self.lbl[b] {
                        OUTER => self.lab[b] += 2.0 * d,
                        INNER => self.lab[b] -= 2.0 * d,
                        _ => {}
                    }
                }
            }
            for x in 0..nx {
                if self.st[x] == x && self.slack[x] != NONE {
                    match self.lbl[x] {
                        OUTER => self.slack_val[x] -= 2.0 * d,
                        FREE => self.slack_val[x] -= d,
                        _ => {}
                    }
                }
            }
            if stop {
                return Ok(false);
            }
            for x in 0..nx {
                let s = self.slack[x];
                if self.st[x] == x && s != NONE && self.st[s] != x && {
                    let ev = self.slack_v[x];
                    let (a, b) = (self.lab[s], self.lab[ev]);
                    self.tight(self.slack_val[x], a, b, self.w[s * n + ev])
                } {
                    let ev = self.slack_v[x];
                    if self.on_found_edge(s, ev) {
                        return Ok(true);
                    }
                }
            }
            for b in n..self.nx {
                if self.st[b] == b && self.lbl[b] == INNER && self.lab[b] <= 0.0 {
                    self.expand_blossom(b);
                }
            }
        }
    }
}
