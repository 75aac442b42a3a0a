//! Fair and coverage objectives: bottleneck (max-min) then max-sum, and coverage then max-sum.
//!
//! # Problems
//! A *matching* gives each mentee at most one mentor and each mentor `j` at most `cap[j]`
//! mentees (`cap[j] = 1` in the 1:1 format, `max_load[j]` in the group format), using allowed
//! pairs only (score not `-inf`). Let `ν` be the **maximum cardinality** of a matching
//! ([`max_cardinality`]). Both fair objectives only consider matchings of cardinality exactly `ν`:
//!
//! * In the 1:1 format this is the cardinality of the plain problem of
//!   [`crate::assign::lap::solve_dense`] (`ν = min(n, m)`, the smaller side fully matched) whenever
//!   that problem is feasible; when forbidden pairs make a full matching of the smaller side
//!   impossible, `ν < min(n, m)` is the largest number of pairs that can be formed (the plain
//!   solver would fail with [`Error::Infeasible`] instead).
//! * In the group format it is the plain [`crate::assign::flow::solve_groups`] cardinality
//!   (`ν = n`, every mentee matched) when that is feasible, otherwise the largest number of
//!   mentees that can be matched within the capacities.
//!
//! Objectives ([`Objective`]):
//! * [`Objective::MaxSum`] — the plain problem ([`crate::assign::lap::solve_dense`] or
//!   [`crate::assign::flow::solve_groups`]); errors when infeasible.
//! * [`Objective::MaxMinThenSum`] — maximise the minimum score `t*` over the matched pairs
//!   (the *bottleneck*, [`bottleneck_value`]) among matchings of cardinality `ν`, then maximise
//!   the total score among the matchings of cardinality `ν` whose minimum is `t*`.
//! * [`Objective::CoverageThenSum`] — maximise the number of matched mentees (`ν`), then the total
//!   score (lexicographic). Where the plain problem is feasible this equals `MaxSum`; otherwise it
//!   still answers (the plain solver fails).
//!
//! When `ν = 0` (every pair forbidden, or every capacity 0) the empty assignment is returned.
//!
//! # Algorithms
//! * Maximum cardinality: **Hopcroft–Karp** (BFS layering from the free mentees, then a blocking
//!   set of shortest vertex-disjoint augmenting paths by an iterative DFS with arc pointers),
//!   generalised to mentor capacities — with capacities it is exactly **Dinic's algorithm** on the
//!   unit network `source → mentee (1) → mentor (1 per pair) → sink (cap[j])`. Every mentee
//!   passes at most one unit, so residual augmenting paths are mentee-disjoint and the number of
//!   phases is `O(√n)`. A greedy pass (each mentee takes its best allowed mentor with room)
//!   seeds the matching.
//! * Bottleneck: the distinct allowed scores are sorted; each row's allowed mentors are sorted by
//!   decreasing score, so the threshold graph `{(i, j): s_ij ≥ t}` is a prefix of every row. A
//!   binary search finds the largest `t` whose threshold graph still has a matching of cardinality
//!   `ν` (feasibility is monotone in `t`); each test is warm-started from the last feasible
//!   matching (its pairs below `t` dropped). The search starts below the upper bound
//!   `min_i max_j s_ij` (when every mentee must be matched) or `min_j max_i s_ij` (1:1, when every
//!   mentor must be).
//! * Max-sum at cardinality `ν` (used by both fair objectives, with pairs below `t*` set to
//!   `-inf` for the bottleneck): the cardinality is enforced **structurally**, not by a numeric
//!   penalty. With deficiency `d = min(n, m) − ν` (1:1) the larger side gets `d` dummy vertices
//!   joined to every vertex of the smaller side with score `0`, and
//!   [`crate::assign::lap::solve_dense`] (which matches the smaller side completely) is run; at
//!   most `d` of its pairs use dummies, so at least — hence exactly — `ν` real pairs are formed,
//!   and every matching of cardinality `ν` extends to such a full matching with the same real
//!   total. In the group format one dummy mentor with capacity `n − ν` is added and
//!   [`crate::assign::flow::solve_groups`] is run. No big constant is added to any score, so the
//!   total is optimal to the precision of the underlying exact solver (no precision lost to
//!   shifts).
//!
//! # Complexity
//! `E` allowed pairs, `V = n + m`: maximum cardinality `O(E·√n)`; bottleneck
//! `O(E log E + E·√n·log E)` (sorting plus `O(log E)` feasibility tests); then one dense assignment
//! (`O(k²l)` worst case, `k = min(n, m) ≤ l`, on at most `(n + m − ν)` rows or columns) or one
//! min-cost flow. Memory `O(n·m)`.
//!
//! # Guarantees
//! Exact (up to the floating-point rounding of the final assignment solver); deterministic (the
//! per-row sorting runs in parallel but each row is sorted independently, ties by column).
//!
//! # Examples
//! ```
//! use nastavnik::assign::fair::{solve_fair, Objective};
//! let s = ndarray::array![[10.0, 9.0], [9.0, 1.0]];
//! // Max-sum pairs (0,1),(1,0): total 18, minimum 9; also the bottleneck optimum:
//! let a = solve_fair(s.view(), None, Objective::MaxMinThenSum).unwrap();
//! assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
//! let s = ndarray::array![[10.0, 5.0], [9.0, 4.5]];
//! // Max-sum takes (0,0),(1,1) = 14.5 with minimum 4.5; the bottleneck choice has minimum 5.
//! let p = solve_fair(s.view(), None, Objective::MaxSum).unwrap();
//! assert_eq!(p.pairs(), &[(0, 0), (1, 1)]);
//! let a = solve_fair(s.view(), None, Objective::MaxMinThenSum).unwrap();
//! assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
//! assert_eq!(a.total(), 14.0);
//! ```

use ndarray::ArrayView2;
use rayon::prelude::*;

use super::flow::{GroupOptions, solve_groups};
use super::lap::{LapOptions, solve_dense};
use super::{Assignment, SolveStatus, validate_scores};
use crate::error::{Error, Result};
use crate::real::Real;

const NONE: u32 = u32::MAX;
const UNSEEN: u32 = u32::MAX;
const DEAD: u32 = u32::MAX - 1;

/// What [`solve_fair`] optimises (see the [module documentation](self)).
///
/// ```
/// use nastavnik::assign::fair::Objective;
/// assert_eq!(Objective::default(), Objective::MaxSum);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Objective {
    /// The plain maximum total score (smaller side / every mentee matched, error if impossible).
    #[default]
    MaxSum,
    /// Maximise the minimum matched score at maximum cardinality, then the total.
    #[serde(rename = "max_min")]
    MaxMinThenSum,
    /// Maximise the number of matched mentees, then the total.
    #[serde(rename = "coverage")]
    CoverageThenSum,
}

impl std::str::FromStr for Objective {
    type Err = Error;
    /// The names of the Python keyword and of the JSON field: `max_min`, `coverage`, `max_sum`.
    ///
    /// ```
    /// use nastavnik::assign::fair::Objective;
    /// assert_eq!("coverage".parse::<Objective>().unwrap(), Objective::CoverageThenSum);
    /// assert!("maxmin".parse::<Objective>().unwrap_err().to_string().contains("max_min"));
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "max_min" => Ok(Objective::MaxMinThenSum),
            "coverage" => Ok(Objective::CoverageThenSum),
            "max_sum" => Ok(Objective::MaxSum),
            other => Err(Error::invalid(
                "objective",
                format!("must be \"max_min\", \"coverage\" or \"max_sum\", got {other:?}"),
            )),
        }
    }
}

/// Allowed pairs of each row sorted by decreasing score (ties by increasing column).
pub(crate) struct SortedRows {
    start: Vec<usize>,
    cols: Vec<u32>,
    vals: Vec<f64>,
}

impl SortedRows {
    pub(crate) fn new<T: Real>(scores: ArrayView2<'_, T>) -> Result<Self> {
        let rows: Vec<Vec<(f64, u32)>> = (0..scores.nrows())
            .into_par_iter()
            .map(|i| -> Result<Vec<(f64, u32)>> {
                let mut r: Vec<(f64, u32)> =
                    crate::memory::try_with_capacity(scores.ncols(), "scores (sorted rows)")?;
                r.extend(scores.row(i).iter().enumerate().filter_map(|(j, &v)| {
                    let v = v.to_f64_lossy();
                    (v > f64::NEG_INFINITY).then_some((v, j as u32))
                }));
                r.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                Ok(r)
            })
            .collect::<Result<_>>()?;
        let mut start = Vec::with_capacity(rows.len() + 1);
        start.push(0);
        let total: usize = rows.iter().map(Vec::len).sum();
        let mut cols = crate::memory::try_with_capacity(total, "scores (sorted rows)")?;
        let mut vals = crate::memory::try_with_capacity(total, "scores (sorted rows)")?;
        for r in rows {
            for (v, j) in r {
                vals.push(v);
                cols.push(j);
            }
            start.push(cols.len());
        }
        Ok(Self { start, cols, vals })
    }

    fn n(&self) -> usize {
        self.start.len() - 1
    }

    /// Degrees of the threshold graph `s ≥ t` (prefix lengths).
    fn degrees_at(&self, t: f64, deg: &mut [u32]) {
        for (i, d) in deg.iter_mut().enumerate() {
            let row = &self.vals[self.start[i]..self.start[i + 1]];
            *d = row.partition_point(|&v| v >= t) as u32;
        }
    }

    fn full_degrees(&self) -> Vec<u32> {
        (0..self.n())
            .map(|i| (self.start[i + 1] - self.start[i]) as u32)
            .collect()
    }
}

/// Hopcroft–Karp / Dinic on the threshold graph given by `deg` (prefixes of `g`'s rows),
/// completing the valid matching `mate`/`load` in place. Returns its cardinality.
fn augment_to_maximum(
    g: &SortedRows,
    deg: &[u32],
    cap: &[u32],
    mate: &mut [u32],
    load: &mut [u32],
) -> usize {
    let n = deg.len();
    let m = cap.len();
    let cols = &g.cols;
    let start = &g.start;
    // greedy seed
    for i in 0..n {
        if mate[i] != NONE {
            continue;
        }
        for &j in &cols[start[i]..start[i] + deg[i] as usize] {
            if load[j as usize] < cap[j as usize] {
                mate[i] = j;
                load[j as usize] += 1;
                break;
            }
        }
    }
    let mut size = mate.iter().filter(|&&j| j != NONE).count();
    let total_cap: u64 = cap.iter().map(|&c| u64::from(c)).sum();
    let mut lrow = vec![UNSEEN; n];
    let mut lcol = vec![UNSEEN; m];
    let mut ptr = vec![0u32; n];
    let mut mstart = vec![0usize; m + 1];
    let mut cptr = vec![0usize; m];
    let mut mlist = vec![0u32; n];
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    let mut path_rows: Vec<u32> = Vec::new();
    let mut path_cols: Vec<u32> = Vec::new();
    while size < n && (size as u64) < total_cap {
        // mentees of each mentor (snapshot for this phase)
        mstart.fill(0);
        for &j in mate.iter() {
            if j != NONE {
                mstart[j as usize + 1] += 1;
            }
        }
        for j in 0..m {
            mstart[j + 1] += mstart[j];
        }
        cptr.copy_from_slice(&mstart[..m]);
        for (i, &j) in mate.iter().enumerate() {
            if j != NONE {
                mlist[cptr[j as usize]] = i as u32;
                cptr[j as usize] += 1;
            }
        }
        // BFS layering
        lrow.fill(UNSEEN);
        lcol.fill(UNSEEN);
        queue.clear();
        for i in 0..n {
            if mate[i] == NONE && deg[i] > 0 {
                lrow[i] = 0;
                queue.push(i as u32);
            }
        }
        let mut found = UNSEEN;
        let mut head = 0;
        while head < queue.len() {
            let i = queue[head] as usize;
            head += 1;
            let li = lrow[i];
            if li + 1 > found {
                break;
            }
            for &j in &cols[start[i]..start[i] + deg[i] as usize] {
                let ju = j as usize;
                if j == mate[i] || lcol[ju] != UNSEEN {
                    continue;
                }
                lcol[ju] = li + 1;
                if load[ju] < cap[ju] {
                    found = li + 1;
                } else if found == UNSEEN {
                    for &i2 in &mlist[mstart[ju]..mstart[ju + 1]] {
                        if lrow[i2 as usize] == UNSEEN {
                            lrow[i2 as usize] = li + 2;
                            queue.push(i2);
                        }
                    }
                }
            }
        }
        if found == UNSEEN {
            break;
        }
        // blocking set of shortest augmenting paths
        ptr.fill(0);
        cptr.copy_from_slice(&mstart[..m]);
        let mut augmented = 0;
        for r in 0..n {
            if lrow[r] != 0 || mate[r] != NONE {
                continue;
            }
            path_rows.clear();
            path_cols.clear();
            path_rows.push(r as u32);
            while let Some(&iu) = path_rows.last() {
                let i = iu as usize;
                let li = lrow[i];
                // 0: none, 1: sink via column, 2: descend
                let mut step = 0u8;
                let mut nj = 0u32;
                let mut ni = 0u32;
                while ptr[i] < deg[i] {
                    let j = cols[start[i] + ptr[i] as usize];
                    let ju = j as usize;
                    if lcol[ju] != li + 1 || mate[i] == j {
                        ptr[i] += 1;
                        continue;
                    }
                    if lcol[ju] == found {
                        if load[ju] < cap[ju] {
                            step = 1;
                            nj = j;
                            break;
                        }
                        ptr[i] += 1;
                        continue;
                    }
                    let end = mstart[ju + 1];
                    while cptr[ju] < end {
                        let i2 = mlist[cptr[ju]];
                        if mate[i2 as usize] == j && lrow[i2 as usize] == li + 2 {
                            break;
                        }
                        cptr[ju] += 1;
                    }
                    if cptr[ju] < end {
                        step = 2;
                        nj = j;
                        ni = mlist[cptr[ju]];
                        break;
                    }
                    lcol[ju] = DEAD;
                    ptr[i] += 1;
                }
                match step {
                    1 => {
                        path_cols.push(nj);
                        for (&pi, &pj) in path_rows.iter().zip(&path_cols) {
                            mate[pi as usize] = pj;
                            lrow[pi as usize] = DEAD;
                        }
                        load[nj as usize] += 1;
                        augmented += 1;
                        break;
                    }
                    2 => {
                        path_cols.push(nj);
                        path_rows.push(ni);
                    }
                    _ => {
                        lrow[i] = DEAD;
                        path_rows.pop();
                        if let Some(j) = path_cols.pop() {
                            cptr[j as usize] += 1;
                        }
                    }
                }
            }
        }
        if augmented == 0 {
            break;
        }
        size += augmented;
    }
    size
}

/// Capacities: `max_load` checked against the number of mentors, or 1 each (1:1 format).
pub(crate) fn capacities(max_load: Option<&[u32]>, m: usize) -> Result<Vec<u32>> {
    match max_load {
        None => Ok(vec![1; m]),
        Some(c) if c.len() == m => Ok(c.to_vec()),
        Some(c) => Err(Error::shape(
            "max_load",
            format!("{m} entries (one per mentor)"),
            c.len(),
        )),
    }
}

/// Maximum matching (mentor of each mentee) of the allowed pairs under capacities `cap`.
pub(crate) fn max_matching_caps<T: Real>(
    scores: ArrayView2<'_, T>,
    cap: &[u32],
) -> Result<Vec<u32>> {
    let g = SortedRows::new(scores)?;
    let deg = g.full_degrees();
    let mut mate = vec![NONE; scores.nrows()];
    let mut load = vec![0u32; cap.len()];
    augment_to_maximum(&g, &deg, cap, &mut mate, &mut load);
    Ok(mate)
}

/// A maximum-cardinality matching of the allowed pairs (Hopcroft–Karp; Dinic with capacities).
///
/// # Arguments
/// * `scores` — mentees × mentors; only whether a pair is allowed (`> -inf`) matters.
/// * `max_load` — `None`: 1:1 (each mentor at most one mentee); `Some(cap)`: mentor `j` takes at
///   most `cap[j]` mentees. Each mentee always gets at most one mentor.
///
/// # Returns
/// An [`Assignment`] with the largest possible number of pairs (status `Optimal` refers to this
/// cardinality); `total` is the sum of the chosen pairs' scores, which is **not** optimised.
///
/// # Errors
/// [`Error::Empty`] / [`Error::NonFinite`] for an empty matrix, NaN or `+inf`;
/// [`Error::ShapeMismatch`] when `max_load` does not have one entry per mentor.
///
/// # Complexity
/// `O(E log m + E·√n)` for `E` allowed pairs (per-row sort, then Hopcroft–Karp phases).
///
/// # Examples
/// ```
/// use nastavnik::assign::fair::max_cardinality;
/// let x = f64::NEG_INFINITY;
/// let s = ndarray::array![[1.0, x, x], [1.0, x, x], [1.0, 1.0, 1.0]];
/// assert_eq!(max_cardinality(s.view(), None).unwrap().n_matched(), 2);
/// assert_eq!(max_cardinality(s.view(), Some(&[2, 0, 0])).unwrap().n_matched(), 2);
/// assert_eq!(max_cardinality(s.view(), Some(&[2, 1, 0])).unwrap().n_matched(), 3);
/// ```
pub fn max_cardinality<T: Real>(
    scores: ArrayView2<'_, T>,
    max_load: Option<&[u32]>,
) -> Result<Assignment> {
    validate_scores(scores, "scores")?;
    let cap = capacities(max_load, scores.ncols())?;
    let mate = max_matching_caps(scores, &cap)?;
    Ok(assignment_from(scores, &mate))
}

fn assignment_from<T: Real>(scores: ArrayView2<'_, T>, mate: &[u32]) -> Assignment {
    let pairs: Vec<(usize, usize)> = mate
        .iter()
        .enumerate()
        .filter(|&(_, &j)| j != NONE)
        .map(|(i, &j)| (i, j as usize))
        .collect();
    let total = pairs
        .iter()
        .map(|&(i, j)| scores[[i, j]].to_f64_lossy())
        .sum();
    Assignment::from_solver(
        scores.nrows(),
        scores.ncols(),
        pairs,
        total,
        SolveStatus::Optimal,
    )
}

/// Bottleneck threshold: the largest `t` such that the pairs scoring `≥ t` still admit a matching
/// of maximum cardinality `ν`; `None` when `ν = 0`. Also returns `ν`.
/// Checks [`crate::interrupt`] once per bisection step (each `O(E·√n)`).
fn bottleneck_threshold<T: Real>(
    scores: ArrayView2<'_, T>,
    cap: &[u32],
) -> Result<(Option<f64>, usize)> {
    let (n, m) = scores.dim();
    let g = SortedRows::new(scores)?;
    let mut deg = g.full_degrees();
    let mut mate = vec![NONE; n];
    let mut load = vec![0u32; m];
    let nu = augment_to_maximum(&g, &deg, cap, &mut mate, &mut load);
    if nu == 0 {
        return Ok((None, 0));
    }
    crate::interrupt::check()?;
    // upper bounds on t*
    let mut ub = f64::INFINITY;
    if nu == n {
        for i in 0..n {
            ub = ub.min(g.vals[g.start[i]]);
        }
    }
    if cap.iter().all(|&c| c == 1) && nu == m {
        for j in 0..m {
            let best = scores
                .column(j)
                .iter()
                .map(|v| v.to_f64_lossy())
                .fold(f64::NEG_INFINITY, f64::max);
            ub = ub.min(best);
        }
    }
    let mut vals: Vec<f64> = crate::memory::try_with_capacity(g.vals.len(), "scores (thresholds)")?;
    vals.extend(g.vals.iter().copied().filter(|&v| v <= ub));
    vals.sort_unstable_by(|a, b| b.total_cmp(a));
    vals.dedup();
    // vals[k] feasible for k >= answer; the last (smallest allowed score) is feasible.
    let mut lo = 0usize; // candidates lo..hi, hi feasible
    let mut hi = vals.len() - 1;
    let mut best_mate = mate;
    let mut best_load = load;
    let mut trial_mate = vec![NONE; n];
    let mut trial_load = vec![0u32; m];
    while lo < hi {
        crate::interrupt::check()?;
        let mid = lo + (hi - lo) / 2;
        let t = vals[mid];
        g.degrees_at(t, &mut deg);
        trial_mate.copy_from_slice(&best_mate);
        trial_load.copy_from_slice(&best_load);
        for i in 0..n {
            let j = trial_mate[i];
            if j != NONE && scores[[i, j as usize]].to_f64_lossy() < t {
                trial_mate[i] = NONE;
                trial_load[j as usize] -= 1;
            }
        }
        let size = augment_to_maximum(&g, &deg, cap, &mut trial_mate, &mut trial_load);
        if size == nu {
            hi = mid;
            std::mem::swap(&mut best_mate, &mut trial_mate);
            std::mem::swap(&mut best_load, &mut trial_load);
        } else {
            lo = mid + 1;
        }
    }
    Ok((Some(vals[hi]), nu))
}

/// The optimal bottleneck value: the largest minimum score over the matchings of maximum
/// cardinality (`None` when no pair can be formed).
///
/// # Arguments
/// As [`max_cardinality`].
///
/// # Errors
/// As [`max_cardinality`].
///
/// # Complexity
/// `O(E log E + E·√n·log E)`, see the [module documentation](self).
///
/// # Examples
/// ```
/// use nastavnik::assign::fair::bottleneck_value;
/// let s = ndarray::array![[10.0, 5.0], [9.0, 1.0]];
/// assert_eq!(bottleneck_value(s.view(), None).unwrap(), Some(5.0));
/// // With room for both mentees, mentor 0 takes them: minimum 9.
/// assert_eq!(bottleneck_value(s.view(), Some(&[2, 2])).unwrap(), Some(9.0));
/// ```
pub fn bottleneck_value<T: Real>(
    scores: ArrayView2<'_, T>,
    max_load: Option<&[u32]>,
) -> Result<Option<f64>> {
    validate_scores(scores, "scores")?;
    let cap = capacities(max_load, scores.ncols())?;
    Ok(bottleneck_threshold(scores, &cap)?.0)
}

/// Max-sum among matchings of cardinality exactly `nu` (the maximum cardinality of `scores`),
/// enforced by dummy vertices (see the module documentation). `total` is the real-pair sum.
fn solve_at_cardinality<T: Real>(
    scores: ArrayView2<'_, T>,
    nu: usize,
    max_load: Option<&[u32]>,
) -> Result<Assignment> {
    let (n, m) = scores.dim();
    if nu == 0 {
        return Ok(Assignment::from_solver(
            n,
            m,
            Vec::new(),
            0.0,
            SolveStatus::Optimal,
        ));
    }
    let raw = match max_load {
        None => {
            let d = n.min(m) - nu;
            if d == 0 {
                solve_dense(scores, &LapOptions::default())?
            } else {
                let (pn, pm) = if n <= m { (n, m + d) } else { (n + d, m) };
                let mut padded = crate::memory::try_array2(pn, pm, T::zero(), "padded scores")?;
                padded.slice_mut(ndarray::s![..n, ..m]).assign(&scores);
                solve_dense(padded.view(), &LapOptions::default())?
            }
        }
        Some(cap) => {
            let d = n - nu;
            if d == 0 {
                solve_groups(scores, &GroupOptions::with_max_load(cap.to_vec()))?
            } else {
                let mut padded = crate::memory::try_array2(n, m + 1, T::zero(), "padded scores")?;
                padded.slice_mut(ndarray::s![.., ..m]).assign(&scores);
                let mut c = cap.to_vec();
                c.push(d as u32);
                solve_groups(padded.view(), &GroupOptions::with_max_load(c))?
            }
        }
    };
    let pairs: Vec<(usize, usize)> = raw
        .pairs()
        .iter()
        .copied()
        .filter(|&(i, j)| i < n && j < m)
        .collect();
    if pairs.len() != nu {
        return Err(Error::Solver {
            message: format!(
                "cardinality {} differs from the maximum {nu} (internal error)",
                pairs.len()
            ),
        });
    }
    let total = pairs
        .iter()
        .map(|&(i, j)| scores[[i, j]].to_f64_lossy())
        .sum();
    Ok(Assignment::from_solver(
        n,
        m,
        pairs,
        total,
        SolveStatus::Optimal,
    ))
}

/// Solve with a fair or coverage objective (see the [module documentation](self)).
///
/// # Arguments
/// * `scores` — mentees × mentors, to maximise; `-inf` forbids a pair; `f32` or `f64`.
/// * `max_load` — `None`: 1:1 format; `Some(cap)`: group format, mentor `j` takes at most
///   `cap[j]` mentees (each mentee at most one mentor).
/// * `objective` — see [`Objective`].
///
/// # Returns
/// An optimal [`Assignment`] (status `Optimal`); `total` is the sum of the matched scores.
///
/// # Errors
/// [`Error::Empty`] / [`Error::NonFinite`] for an empty matrix, NaN or `+inf`;
/// [`Error::ShapeMismatch`] for a `max_load` of the wrong length; with [`Objective::MaxSum`],
/// [`Error::Infeasible`] as the plain solvers (the fair objectives never report infeasibility:
/// they use the maximum cardinality).
///
/// # Complexity
/// See the [module documentation](self).
///
/// # Examples
/// ```
/// use nastavnik::assign::fair::{solve_fair, Objective};
/// let x = f64::NEG_INFINITY;
/// let s = ndarray::array![[5.0, x], [4.0, x]];
/// // Only one pair is possible: the plain problem is infeasible, coverage-then-sum is not.
/// assert!(solve_fair(s.view(), None, Objective::MaxSum).is_err());
/// let a = solve_fair(s.view(), None, Objective::CoverageThenSum).unwrap();
/// assert_eq!(a.pairs(), &[(0, 0)]);
/// // Group format: mentor 0 takes both.
/// let a = solve_fair(s.view(), Some(&[2, 1]), Objective::MaxMinThenSum).unwrap();
/// assert_eq!(a.pairs(), &[(0, 0), (1, 0)]);
/// ```
pub fn solve_fair<T: Real>(
    scores: ArrayView2<'_, T>,
    max_load: Option<&[u32]>,
    objective: Objective,
) -> Result<Assignment> {
    validate_scores(scores, "scores")?;
    let m = scores.ncols();
    let cap = capacities(max_load, m)?;
    match objective {
        Objective::MaxSum => match max_load {
            None => solve_dense(scores, &LapOptions::default()),
            Some(_) => solve_groups(scores, &GroupOptions::with_max_load(cap)),
        },
        Objective::CoverageThenSum => {
            let mate = max_matching_caps(scores, &cap)?;
            let nu = mate.iter().filter(|&&j| j != NONE).count();
            solve_at_cardinality(scores, nu, max_load)
        }
        Objective::MaxMinThenSum => {
            let (t, nu) = bottleneck_threshold(scores, &cap)?;
            let Some(t) = t else {
                return solve_at_cardinality(scores, 0, max_load);
            };
            let masked = scores.mapv(|v| {
                if v.to_f64_lossy() >= t {
                    v
                } else {
                    T::neg_infinity()
                }
            });
            solve_at_cardinality(masked.view(), nu, max_load)
        }
    }
}
