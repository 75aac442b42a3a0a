//! Metrics of one assignment: scores, coverage, loads, stability, fairness, change.
//!
//! # Problem
//! An analyst comparing strategies needs the same numbers for every result without writing them
//! by hand.
//!
//! # Definitions
//! For an [`Assignment`] and its score matrix `s` (mentees × mentors, `-inf` forbidden):
//! * `total` = Σ of the chosen pairs' scores; `mean`, `min`, `max` and the percentiles `p10`,
//!   `p25`, `median`, `p75`, `p90` of those scores (linear interpolation between order
//!   statistics, numpy's default); `None` without pairs.
//! * `coverage` = share of mentees with at least one mentor, also by mentee category, form and
//!   organisation (label `"(none)"` when unknown).
//! * mentor loads: mean, population standard deviation, maximum, idle mentors and mentors above
//!   their capacity (when capacities are given).
//! * with stated [`Preferences`]: the number of blocking pairs and rank statistics of both sides
//!   ([`crate::assign::stable`]).
//! * fairness over matched mentees, each scored by the sum of their pairs' scores: the Gini
//!   coefficient (only when every such score is `≥ 0`), the worst-off mentee, and the gap between
//!   the best and worst group mean by organisation and by category.
//! * with a reference assignment: pairs present in one and not the other (`pairs_changed`, the
//!   symmetric difference) and mentees whose mentors differ.
//!
//! # Complexity
//! `O(p log p + n + m)` for `p` pairs, plus the stability checks' cost with preferences.
//!
//! # Examples
//! ```
//! use nastavnik::assign::{Assignment, SolveStatus};
//! use nastavnik::evaluate::metrics::{evaluate, Context};
//! let s = ndarray::array![[0.9, 0.1], [0.4, 0.6], [0.2, 0.3]];
//! let a = Assignment::new(3, 2, vec![(0, 0), (1, 1)], 1.5, SolveStatus::Optimal)?;
//! let m = evaluate(&a, s.view(), &Context::default())?;
//! assert_eq!(m.total, 1.5);
//! assert_eq!(m.coverage, 2.0 / 3.0);
//! assert_eq!(m.min, Some(0.6));
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use crate::assign::Assignment;
use crate::assign::stable::{RankStats, blocking_pairs, rank_stats};
use crate::cohort::Cohort;
use crate::error::{Error, Result};
use crate::preferences::Preferences;

/// Label used for participants without a category, form or organisation.
pub const NONE_LABEL: &str = "(none)";

/// What [`evaluate`] may use beyond the assignment and scores. Every field is optional.
///
/// ```
/// use nastavnik::evaluate::metrics::Context;
/// let c = Context { mentor_capacity: Some(vec![2, 2]), ..Default::default() };
/// assert!(c.reference.is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Mentee ids (rows), used to name the worst-off mentee.
    pub mentee_ids: Option<Vec<String>>,
    /// Category of each mentee.
    pub mentee_category: Option<Vec<Option<String>>>,
    /// Form of each mentee (snake_case name).
    pub mentee_form: Option<Vec<Option<String>>>,
    /// Organisation (school) of each mentee.
    pub mentee_organisation: Option<Vec<Option<String>>>,
    /// Capacity of each mentor.
    pub mentor_capacity: Option<Vec<u32>>,
    /// Stated preferences (for blocking pairs and ranks).
    pub preferences: Option<Preferences>,
    /// A reference result to count changed pairs against.
    pub reference: Option<Assignment>,
}

impl Context {
    /// Labels, ids and capacities of the consenting participants of a cohort, in the row and
    /// column order of [`crate::scoring::Scorer`].
    ///
    /// ```
    /// use nastavnik::cohort::{Cohort, Participant, Role};
    /// let c = Cohort::new(vec![Participant::new("a", Role::Mentee).with_consent(true),
    ///                          Participant::new("b", Role::Mentee)])?;
    /// let ctx = nastavnik::evaluate::Context::from_cohort(&c);
    /// assert_eq!(ctx.mentee_ids, Some(vec!["a".to_string()])); // no consent, not listed
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn from_cohort(cohort: &Cohort) -> Self {
        let mentees = cohort.mentees();
        Self {
            mentee_ids: Some(mentees.iter().map(|p| p.id.clone()).collect()),
            mentee_category: Some(mentees.iter().map(|p| p.category.clone()).collect()),
            mentee_form: Some(
                mentees
                    .iter()
                    .map(|p| p.form.map(|f| f.as_str().to_string()))
                    .collect(),
            ),
            mentee_organisation: Some(mentees.iter().map(|p| p.organisation.clone()).collect()),
            mentor_capacity: Some(cohort.mentors().iter().map(|p| p.capacity).collect()),
            preferences: None,
            reference: None,
        }
    }
}

/// The metrics of one assignment (see the [module documentation](self) for definitions).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Metrics {
    /// Number of mentees (rows).
    pub n_mentees: usize,
    /// Number of mentors (columns).
    pub n_mentors: usize,
    /// Number of pairs.
    pub n_pairs: usize,
    /// Sum of the chosen pairs' scores (0 without pairs).
    pub total: f64,
    /// Mean pair score.
    pub mean: Option<f64>,
    /// Lowest pair score.
    pub min: Option<f64>,
    /// Highest pair score.
    pub max: Option<f64>,
    /// 10th percentile of pair scores.
    pub p10: Option<f64>,
    /// 25th percentile.
    pub p25: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// 75th percentile.
    pub p75: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// Share of mentees with a mentor (0 when there are no mentees).
    pub coverage: f64,
    /// Coverage by mentee category.
    pub coverage_by_category: BTreeMap<String, f64>,
    /// Coverage by mentee form.
    pub coverage_by_form: BTreeMap<String, f64>,
    /// Coverage by mentee organisation.
    pub coverage_by_organisation: BTreeMap<String, f64>,
    /// Mean mentees per mentor.
    pub load_mean: f64,
    /// Population standard deviation of mentor loads.
    pub load_std: f64,
    /// Highest mentor load.
    pub load_max: usize,
    /// Mentors without a mentee.
    pub idle_mentors: usize,
    /// Mentors above their capacity (`None` without capacities).
    pub over_capacity: Option<usize>,
    /// Blocking pairs under the stated preferences.
    pub blocking_pairs: Option<usize>,
    /// Rank statistics of the mentees under the stated preferences.
    pub mentee_ranks: Option<RankStats>,
    /// Rank statistics of the mentors.
    pub mentor_ranks: Option<RankStats>,
    /// Gini coefficient of matched mentees' scores (`None` if some score is negative or none).
    pub gini: Option<f64>,
    /// Row of the worst-off matched mentee.
    pub worst_mentee: Option<usize>,
    /// Id of the worst-off matched mentee (when ids are known).
    pub worst_mentee_id: Option<String>,
    /// Score of the worst-off matched mentee.
    pub worst_score: Option<f64>,
    /// Best minus worst mean mentee score across organisations.
    pub score_gap_organisation: Option<f64>,
    /// Best minus worst mean mentee score across categories.
    pub score_gap_category: Option<f64>,
    /// Pairs in exactly one of the assignment and the reference.
    pub pairs_changed: Option<usize>,
    /// Mentees whose set of mentors differs from the reference.
    pub mentees_changed: Option<usize>,
}

/// Percentile `q ∈ [0, 1]` of sorted values with linear interpolation (numpy's default).
///
/// ```
/// use nastavnik::evaluate::metrics::percentile;
/// assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
/// assert_eq!(percentile(&[], 0.5), None);
/// ```
pub fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let t = pos - lo as f64;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * t)
}

/// Gini coefficient of non-negative values (`None` when empty, negative, or all zero → 0).
///
/// ```
/// use nastavnik::evaluate::metrics::gini;
/// assert_eq!(gini(&[1.0, 1.0, 1.0]), Some(0.0));
/// assert_eq!(gini(&[0.0, 0.0, 3.0]), Some(2.0 / 3.0));
/// assert_eq!(gini(&[-1.0, 2.0]), None);
/// ```
pub fn gini(values: &[f64]) -> Option<f64> {
    if values.is_empty() || values.iter().any(|&v| v < 0.0 || !v.is_finite()) {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len() as f64;
    let sum: f64 = v.iter().sum();
    if sum == 0.0 {
        return Some(0.0);
    }
    // G = Σ (2k - n - 1) x_(k) / (n Σ x), k = 1..n
    let num: f64 = v
        .iter()
        .enumerate()
        .map(|(k, &x)| (2.0 * (k + 1) as f64 - n - 1.0) * x)
        .sum();
    Some(num / (n * sum))
}

fn check_len<T>(v: &Option<Vec<T>>, what: &str, n: usize) -> Result<()> {
    match v {
        Some(v) if v.len() != n => Err(Error::shape(what, n, v.len())),
        _ => Ok(()),
    }
}

fn coverage_by(labels: &Option<Vec<Option<String>>>, matched: &[bool]) -> BTreeMap<String, f64> {
    let mut acc: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    if let Some(labels) = labels {
        for (l, &m) in labels.iter().zip(matched) {
            let e = acc
                .entry(l.clone().unwrap_or_else(|| NONE_LABEL.into()))
                .or_default();
            e.0 += usize::from(m);
            e.1 += 1;
        }
    }
    acc.into_iter()
        .map(|(k, (a, b))| (k, a as f64 / b as f64))
        .collect()
}

fn gap_by(labels: &Option<Vec<Option<String>>>, score: &[Option<f64>]) -> Option<f64> {
    let labels = labels.as_ref()?;
    let mut acc: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for (l, s) in labels.iter().zip(score) {
        if let Some(s) = s {
            let e = acc.entry(l.as_deref().unwrap_or(NONE_LABEL)).or_default();
            e.0 += s;
            e.1 += 1;
        }
    }
    let means: Vec<f64> = acc.values().map(|(s, c)| s / *c as f64).collect();
    let hi = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lo = means.iter().copied().fold(f64::INFINITY, f64::min);
    (!means.is_empty()).then_some(hi - lo)
}

/// Compute the [`Metrics`] of `assignment` under `scores`.
///
/// # Errors
/// [`Error::ShapeMismatch`] when the score matrix, a context vector or the reference does not
/// fit the assignment; [`Error::InvalidValue`] naming the pair when a chosen pair is forbidden
/// (`-inf`) or its score is not finite; errors of the stability checks.
///
/// ```
/// use nastavnik::assign::{Assignment, SolveStatus};
/// use nastavnik::evaluate::metrics::{evaluate, Context};
/// let s = ndarray::array![[1.0, 0.0], [0.0, 1.0]];
/// let a = Assignment::new(2, 2, vec![(0, 0), (1, 1)], 2.0, SolveStatus::Optimal)?;
/// let r = Assignment::new(2, 2, vec![(0, 1), (1, 1)], 1.0, SolveStatus::Optimal)?;
/// let m = evaluate(&a, s.view(), &Context { reference: Some(r), ..Default::default() })?;
/// assert_eq!(m.pairs_changed, Some(2));
/// assert_eq!(m.mentees_changed, Some(1));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn evaluate(
    assignment: &Assignment,
    scores: ArrayView2<'_, f64>,
    ctx: &Context,
) -> Result<Metrics> {
    let (n, m) = (assignment.n_mentees(), assignment.n_mentors());
    if scores.dim() != (n, m) {
        return Err(Error::shape(
            "scores",
            format!("{n}x{m} (the assignment's shape)"),
            format!("{}x{}", scores.dim().0, scores.dim().1),
        ));
    }
    check_len(&ctx.mentee_ids, "mentee ids", n)?;
    check_len(&ctx.mentee_category, "mentee categories", n)?;
    check_len(&ctx.mentee_form, "mentee forms", n)?;
    check_len(&ctx.mentee_organisation, "mentee organisations", n)?;
    check_len(&ctx.mentor_capacity, "mentor capacities", m)?;
    let mut pair_scores = Vec::with_capacity(assignment.pairs().len());
    let mut mentee_score: Vec<Option<f64>> = vec![None; n];
    let mut load = vec![0usize; m];
    for &(i, j) in assignment.pairs() {
        let s = scores[[i, j]];
        if !s.is_finite() {
            let id = ctx
                .mentee_ids
                .as_ref()
                .map_or_else(|| format!("row {i}"), |ids| format!("{:?}", ids[i]));
            return Err(Error::invalid(
                "assignment",
                format!("pair (mentee {id}, mentor column {j}) has score {s}"),
            ));
        }
        pair_scores.push(s);
        *mentee_score[i].get_or_insert(0.0) += s;
        load[j] += 1;
    }
    let total: f64 = pair_scores.iter().sum();
    let mut sorted = pair_scores.clone();
    sorted.sort_by(f64::total_cmp);
    let matched: Vec<bool> = mentee_score.iter().map(Option::is_some).collect();
    let n_matched = matched.iter().filter(|&&b| b).count();
    let mf = m.max(1) as f64;
    let load_mean = load.iter().sum::<usize>() as f64 / mf;
    let load_var = load
        .iter()
        .map(|&l| (l as f64 - load_mean).powi(2))
        .sum::<f64>()
        / mf;
    let matched_scores: Vec<f64> = mentee_score.iter().flatten().copied().collect();
    let worst = mentee_score
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let (blocking, ranks) = match &ctx.preferences {
        Some(p) => {
            let caps: Vec<u32> = ctx.mentor_capacity.clone().unwrap_or_else(|| vec![1; m]);
            let b = blocking_pairs(assignment, p, &caps)?;
            let r = rank_stats(assignment, p)?;
            (Some(b.len()), Some(r))
        }
        None => (None, None),
    };
    let (pairs_changed, mentees_changed) = match &ctx.reference {
        Some(r) => {
            if (r.n_mentees(), r.n_mentors()) != (n, m) {
                return Err(Error::shape(
                    "reference assignment",
                    format!("{n}x{m}"),
                    format!("{}x{}", r.n_mentees(), r.n_mentors()),
                ));
            }
            let a: BTreeSet<_> = assignment.pairs().iter().collect();
            let b: BTreeSet<_> = r.pairs().iter().collect();
            let ma = assignment.mentors_of();
            let mb = r.mentors_of();
            let changed = ma.iter().zip(&mb).filter(|(x, y)| x != y).count();
            (Some(a.symmetric_difference(&b).count()), Some(changed))
        }
        None => (None, None),
    };
    Ok(Metrics {
        n_mentees: n,
        n_mentors: m,
        n_pairs: pair_scores.len(),
        total,
        mean: (!sorted.is_empty()).then(|| total / sorted.len() as f64),
        min: sorted.first().copied(),
        max: sorted.last().copied(),
        p10: percentile(&sorted, 0.10),
        p25: percentile(&sorted, 0.25),
        median: percentile(&sorted, 0.5),
        p75: percentile(&sorted, 0.75),
        p90: percentile(&sorted, 0.90),
        coverage: if n == 0 {
            0.0
        } else {
            n_matched as f64 / n as f64
        },
        coverage_by_category: coverage_by(&ctx.mentee_category, &matched),
        coverage_by_form: coverage_by(&ctx.mentee_form, &matched),
        coverage_by_organisation: coverage_by(&ctx.mentee_organisation, &matched),
        load_mean,
        load_std: load_var.sqrt(),
        load_max: load.iter().copied().max().unwrap_or(0),
        idle_mentors: load.iter().filter(|&&l| l == 0).count(),
        over_capacity: ctx.mentor_capacity.as_ref().map(|c| {
            load.iter()
                .zip(c)
                .filter(|(l, c)| **l > **c as usize)
                .count()
        }),
        blocking_pairs: blocking,
        mentee_ranks: ranks.as_ref().map(|r| r.0.clone()),
        mentor_ranks: ranks.map(|r| r.1),
        gini: gini(&matched_scores),
        worst_mentee: worst.map(|w| w.0),
        worst_mentee_id: worst.and_then(|w| ctx.mentee_ids.as_ref().map(|ids| ids[w.0].clone())),
        worst_score: worst.map(|w| w.1),
        score_gap_organisation: gap_by(&ctx.mentee_organisation, &mentee_score),
        score_gap_category: gap_by(&ctx.mentee_category, &mentee_score),
        pairs_changed,
        mentees_changed,
    })
}
