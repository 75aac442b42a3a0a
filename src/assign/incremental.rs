//! Incremental re-matching in the middle of the year: keep fixed pairs, add late joiners,
//! replace dropouts, avoid past partners, change as little as possible.
//!
//! # Problem
//! The new score matrix (mentees × mentors, to maximise, `-inf` = forbidden) describes the
//! current mentees and mentors; [`RematchOptions::previous`] gives, for each current mentee, its
//! mentor in the previous assignment expressed as a column of the new matrix (`None` for late
//! joiners, or when the mentor left). A *matching* gives each mentee at most one mentor and mentor
//! `j` at most `cap[j]` mentees (`cap = 1` by default, [`RematchOptions::max_load`] in the group
//! format). It must contain every [`RematchOptions::required`] pair and no
//! [`RematchOptions::forbidden`] pair. A previous pair `(i, previous[i])` present in the new
//! matching is *kept*. Among the admissible matchings the solver
//!
//! 1. maximises the number of matched mentees (coverage first: nobody is left out to save a
//!    pair; with enough capacity and allowed pairs this is every mentee, or every mentor in the
//!    1:1 format with more mentees than mentors), then
//! 2. with `keep_bonus = Some(b)`: maximises `Σ score + b · #kept`;
//!    with `keep_bonus = None`: maximises `#kept` (i.e. minimises the number of broken previous
//!    pairs), then the total score (lexicographic).
//!
//! # Algorithm
//! Fixed pairs are validated and removed (their mentors' capacities reduced). On the remaining
//! mentees the maximum coverage `ν` is computed by Hopcroft–Karp / Dinic
//! ([`crate::assign::fair::max_cardinality`]); a dummy mentor of capacity `(#rows − ν)` and score
//! `0` is added so that [`crate::assign::flow::solve_groups`] (every mentee matched) optimises
//! exactly over the matchings of coverage `ν` (no numeric penalty involved).
//!
//! * `keep_bonus = Some(b)`: one min-cost flow on the scores plus `b` on previous pairs.
//! * `keep_bonus = None` (exact lexicographic, no big-M weights): first a min-cost flow with
//!   integer gains (`1` on previous pairs, `0` elsewhere) whose optimal potentials `π` are
//!   integers (shortest-path distances over integer costs, exact in `f64`). By complementary
//!   slackness, a flow maximises the number of kept pairs **iff** it satisfies the slackness
//!   conditions with that same `π`: pairs with positive reduced cost are unused, pairs with
//!   negative reduced cost are used, mentors whose capacity arc has positive (negative) reduced
//!   cost are empty (full). A second min-cost flow on the true scores, restricted by exactly
//!   these conditions (forbidden pairs, forced pairs, `min_load = max_load` or `max_load = 0`),
//!   therefore maximises the total score among the matchings keeping the most pairs.
//!
//! # Complexity
//! Two (or one) min-cost flows on `n × (m + 1)` (see [`crate::assign::flow`]) plus one maximum
//! matching `O(E·√n)`.
//!
//! # Guarantees
//! Exact (up to the rounding of the score sums in the flow solver); deterministic.
//!
//! # Examples
//! ```
//! use nastavnik::assign::incremental::{rematch, RematchOptions};
//! // Mentee 2 is a late joiner; mentee 1's previous mentor (column 1) is still there.
//! let s = ndarray::array![[5.0, 1.0, 0.0], [4.0, 2.0, 0.0], [6.0, 0.0, 1.0]];
//! let opts = RematchOptions::default().with_previous(vec![Some(0), Some(1), None]);
//! let (a, report) = rematch(s.view(), &opts).unwrap();
//! // Keeping both previous pairs beats the higher score 6 of (2, 0).
//! assert_eq!(a.pairs(), &[(0, 0), (1, 1), (2, 2)]);
//! assert_eq!(report.kept, vec![(0, 0), (1, 1)]);
//! assert_eq!(report.newly_matched, vec![(2, 2)]);
//! ```

use ndarray::{Array2, ArrayView2};

use super::fair::{capacities, max_matching_caps};
use super::flow::{GroupOptions, solve_groups, solve_groups_certified};
use super::{Assignment, SolveStatus, validate_scores};
use crate::error::{Error, Result};
use crate::real::Real;

/// Options of [`rematch`].
///
/// ```
/// use nastavnik::assign::incremental::RematchOptions;
/// let o = RematchOptions::default().with_previous(vec![Some(0), None]).with_keep_bonus(0.5);
/// assert!(o.required.is_empty() && o.forbidden.is_empty() && o.max_load.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct RematchOptions {
    /// Previous mentor (column of the new matrix) of each current mentee (one entry per row),
    /// `None` for late joiners or mentees whose mentor left.
    pub previous: Vec<Option<usize>>,
    /// `(mentee, mentor)` pairs that must be in the answer.
    pub required: Vec<(usize, usize)>,
    /// `(mentee, mentor)` pairs that must not be in the answer (e.g. past partners).
    pub forbidden: Vec<(usize, usize)>,
    /// Gain per kept previous pair (finite); `None`: keep as many as possible first (exact
    /// lexicographic), then maximise the score.
    pub keep_bonus: Option<f64>,
    /// Group format: maximum number of mentees of each mentor (one per column); `None`: 1:1.
    pub max_load: Option<Vec<u32>>,
}

/// How the new assignment differs from the previous one.
///
/// ```
/// use nastavnik::assign::incremental::ChangeReport;
/// let r = ChangeReport::default();
/// assert_eq!(r.kept.len() + r.moved.len() + r.newly_matched.len() + r.unmatched.len(), 0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeReport {
    /// `(mentee, mentor)`: previous pairs still present.
    pub kept: Vec<(usize, usize)>,
    /// `(mentee, previous mentor, new mentor)`: previously matched mentees with a new mentor.
    pub moved: Vec<(usize, usize, usize)>,
    /// `(mentee, mentor)`: mentees without a previous mentor who now have one.
    pub newly_matched: Vec<(usize, usize)>,
    /// Mentees without a mentor in the new assignment (previously matched or not).
    pub unmatched: Vec<usize>,
}

impl std::fmt::Display for ChangeReport {
    /// One line of counts: kept, moved, newly matched, unmatched.
    ///
    /// ```
    /// use nastavnik::assign::incremental::ChangeReport;
    /// let r = ChangeReport::between(&[Some(0), None], &[Some(0), Some(1)]);
    /// assert_eq!(r.to_string(), "1 kept, 0 moved, 1 newly matched, 0 unmatched");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} kept, {} moved, {} newly matched, {} unmatched",
            self.kept.len(),
            self.moved.len(),
            self.newly_matched.len(),
            self.unmatched.len()
        )
    }
}

impl ChangeReport {
    /// Compare `previous` (mentor of each mentee) with `new`.
    ///
    /// ```
    /// use nastavnik::assign::incremental::ChangeReport;
    /// let r = ChangeReport::between(&[Some(0), Some(1), None, Some(2)], &[Some(0), Some(2), Some(1), None]);
    /// assert_eq!(r.kept, vec![(0, 0)]);
    /// assert_eq!(r.moved, vec![(1, 1, 2)]);
    /// assert_eq!(r.newly_matched, vec![(2, 1)]);
    /// assert_eq!(r.unmatched, vec![3]);
    /// ```
    pub fn between(previous: &[Option<usize>], new: &[Option<usize>]) -> Self {
        let mut r = Self::default();
        for (i, &now) in new.iter().enumerate() {
            let before = previous.get(i).copied().flatten();
            match (before, now) {
                (_, None) => r.unmatched.push(i),
                (Some(a), Some(b)) if a == b => r.kept.push((i, b)),
                (Some(a), Some(b)) => r.moved.push((i, a, b)),
                (None, Some(b)) => r.newly_matched.push((i, b)),
            }
        }
        r
    }
}

/// Checked inputs: allowed-pair scores (avoid applied), reduced capacities, fixed mentor per row.
struct Prepared {
    s: Array2<f64>,
    cap: Vec<u32>,
    fixed_of: Vec<Option<usize>>,
}

fn prepare<T: Real>(scores: ArrayView2<'_, T>, opts: &RematchOptions) -> Result<Prepared> {
    validate_scores(scores, "scores")?;
    let (n, m) = scores.dim();
    let mut cap = capacities(opts.max_load.as_deref(), m)?;
    if opts.previous.len() != n {
        return Err(Error::shape(
            "previous",
            format!("{n} entries (one per mentee)"),
            opts.previous.len(),
        ));
    }
    for (i, p) in opts.previous.iter().enumerate() {
        if let Some(j) = *p
            && j >= m
        {
            return Err(Error::invalid(
                "previous",
                format!("mentee row {i} has mentor column {j}, but there are only {m} mentors"),
            ));
        }
    }
    if let Some(b) = opts.keep_bonus
        && !b.is_finite()
    {
        return Err(Error::invalid(
            "keep_bonus",
            format!("must be finite, got {b}"),
        ));
    }
    let in_range = |what: &str, i: usize, j: usize| -> Result<()> {
        if i >= n {
            return Err(Error::invalid(
                what,
                format!("pair ({i}, {j}): mentee row {i} out of range (only {n} mentees)"),
            ));
        }
        if j >= m {
            return Err(Error::invalid(
                what,
                format!("pair ({i}, {j}): mentor column {j} out of range (only {m} mentors)"),
            ));
        }
        Ok(())
    };
    let mut s = scores.mapv(|v| v.to_f64_lossy());
    for &(i, j) in &opts.forbidden {
        in_range("forbidden", i, j)?;
        s[[i, j]] = f64::NEG_INFINITY;
    }
    let mut fixed_of: Vec<Option<usize>> = vec![None; n];
    let mut used = vec![0u32; m];
    for &(i, j) in &opts.required {
        in_range("required", i, j)?;
        if let Some(k) = fixed_of[i] {
            if k == j {
                continue;
            }
            return Err(Error::invalid(
                "required",
                format!("mentee row {i} is required twice (mentor columns {k} and {j})"),
            ));
        }
        if s[[i, j]] == f64::NEG_INFINITY {
            return Err(Error::infeasible(format!(
                "required pair (mentee row {i}, mentor column {j}) is forbidden"
            )));
        }
        used[j] += 1;
        if used[j] > cap[j] {
            return Err(Error::infeasible(format!(
                "required pairs give mentor column {j} {} mentees but its capacity is {}",
                used[j], cap[j]
            )));
        }
        fixed_of[i] = Some(j);
    }
    for j in 0..m {
        cap[j] -= used[j];
    }
    Ok(Prepared { s, cap, fixed_of })
}

/// Re-match: keep the fixed pairs, avoid the avoided ones, maximise coverage, then keep previous
/// pairs and score (see the [module documentation](self)).
///
/// # Arguments
/// * `scores` — current mentees × current mentors, to maximise; `-inf` forbids a pair.
/// * `opts` — previous assignment, fixed and avoided pairs, keep bonus, capacities
///   ([`RematchOptions`]).
///
/// # Returns
/// The new [`Assignment`] (status `Optimal`, `total` = sum of the matched scores, without bonus)
/// and a [`ChangeReport`] against `previous`.
///
/// # Errors
/// * [`Error::Empty`] / [`Error::NonFinite`] for an empty matrix, NaN or `+inf`.
/// * [`Error::ShapeMismatch`] when `previous` does not have one entry per mentee or `max_load`
///   one per mentor.
/// * [`Error::InvalidValue`] naming the row/column for an out-of-range index in `previous`,
///   `required` or `forbidden`, a mentee required with two different mentors, or a non-finite `keep_bonus`.
/// * [`Error::Infeasible`] naming the pair or column when a fixed pair is forbidden (score
///   `-inf` or avoided) or the fixed pairs exceed a mentor's capacity.
///
/// # Complexity
/// See the [module documentation](self).
///
/// # Examples
/// ```
/// use nastavnik::assign::incremental::{rematch, RematchOptions};
/// let s = ndarray::array![[1.0, 9.0], [1.0, 1.0]];
/// // Mentee 0 keeps its previous mentor 0 unless the bonus is too small.
/// let base = RematchOptions::default().with_previous(vec![Some(0), Some(1)]);
/// let (a, r) = rematch(s.view(), &base).unwrap();
/// assert_eq!(a.pairs(), &[(0, 0), (1, 1)]);
/// assert_eq!(r.kept.len(), 2);
/// let cheap = base.clone().with_keep_bonus(1.0);
/// let (a, r) = rematch(s.view(), &cheap).unwrap();
/// assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
/// assert_eq!(r.moved, vec![(0, 0, 1), (1, 1, 0)]);
/// // Mentor 0 must keep mentee 1 and mentee 0 must never again meet mentor 0.
/// let fixed = base.with_required(vec![(1, 0)]).with_forbidden(vec![(0, 0)]);
/// let (a, _) = rematch(s.view(), &fixed).unwrap();
/// assert_eq!(a.pairs(), &[(0, 1), (1, 0)]);
/// ```
pub fn rematch<T: Real>(
    scores: ArrayView2<'_, T>,
    opts: &RematchOptions,
) -> Result<(Assignment, ChangeReport)> {
    let Prepared { s, cap, fixed_of } = prepare(scores, opts)?;
    let (n, m) = s.dim();
    let rows: Vec<usize> = (0..n).filter(|&i| fixed_of[i].is_none()).collect();
    let mut mentor_of = fixed_of.clone();
    if !rows.is_empty() {
        let r = rows.len();
        let sub = Array2::from_shape_fn((r, m), |(k, j)| s[[rows[k], j]]);
        let mate = max_matching_caps(sub.view(), &cap)?;
        let nu = mate.iter().filter(|&&j| j != u32::MAX).count();
        let d = r - nu;
        let prev_col = |k: usize| opts.previous[rows[k]];
        // padded gains: real columns, then the dummy (score 0, capacity d)
        let width = m + 1;
        let mut caps = cap.clone();
        caps.push(d as u32);
        let gain = |k: usize, j: usize, bonus: f64, base: bool| -> f64 {
            if j == m {
                return 0.0;
            }
            let v = sub[[k, j]];
            if v == f64::NEG_INFINITY {
                return v;
            }
            let keep = if prev_col(k) == Some(j) { bonus } else { 0.0 };
            if base { v + keep } else { keep }
        };
        let chosen = match opts.keep_bonus {
            Some(b) => {
                let mut w = crate::memory::try_array2(r, width, 0.0, "rematch scores")?;
                w.indexed_iter_mut()
                    .for_each(|((k, j), x)| *x = gain(k, j, b, true));
                solve_groups(w.view(), &GroupOptions::with_max_load(caps))?
            }
            None => {
                let mut w1 = crate::memory::try_array2(r, width, 0.0, "rematch scores")?;
                w1.indexed_iter_mut()
                    .for_each(|((k, j), x)| *x = gain(k, j, 1.0, false));
                let (_, pot) =
                    solve_groups_certified(w1.view(), &GroupOptions::with_max_load(caps.clone()))?;
                const TOL: f64 = 1e-6;
                let mut w2 =
                    crate::memory::try_array2(r, width, f64::NEG_INFINITY, "rematch scores")?;
                for k in 0..r {
                    let mut forced = None;
                    for j in 0..width {
                        if w1[[k, j]] == f64::NEG_INFINITY {
                            continue;
                        }
                        let rc = -w1[[k, j]] + pot.mentee[k] - pot.mentor[j];
                        if rc < -TOL {
                            forced = Some(j);
                        }
                        if rc <= TOL {
                            w2[[k, j]] = if j == m { 0.0 } else { sub[[k, j]] };
                        }
                    }
                    if let Some(f) = forced {
                        let keep = w2[[k, f]];
                        w2.row_mut(k).fill(f64::NEG_INFINITY);
                        w2[[k, f]] = keep;
                    }
                }
                let mut lo = vec![0u32; width];
                let mut hi = caps;
                for j in 0..width {
                    let rc = pot.mentor[j] - pot.overflow;
                    if rc > TOL {
                        hi[j] = 0;
                    } else if rc < -TOL {
                        lo[j] = hi[j];
                    }
                }
                let o = GroupOptions {
                    min_load: lo,
                    max_load: hi,
                    ..Default::default()
                };
                solve_groups(w2.view(), &o)?
            }
        };
        for &(k, j) in chosen.pairs() {
            if j < m {
                mentor_of[rows[k]] = Some(j);
            }
        }
    }
    let pairs: Vec<(usize, usize)> = mentor_of
        .iter()
        .enumerate()
        .filter_map(|(i, j)| j.map(|j| (i, j)))
        .collect();
    let total = pairs
        .iter()
        .map(|&(i, j)| scores[[i, j]].to_f64_lossy())
        .sum();
    let report = ChangeReport::between(&opts.previous, &mentor_of);
    let mut a = Assignment::from_solver(n, m, pairs, total, SolveStatus::Optimal);
    // `objective` is what was optimised: `Σ score + b · #kept` with a bonus; the lexicographic
    // order without one is not a single number (left unset, as for fair's max-min).
    if let Some(b) = opts.keep_bonus {
        a = a.with_objective(total + b * report.kept.len() as f64);
    }
    Ok((a, report))
}
