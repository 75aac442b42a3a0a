//! Strategy sweeps: strategies × historical cohorts × seeds, in parallel, into one long table.
//!
//! # Problem
//! An analyst benchmarks matching strategies on past cohorts: every strategy runs on every
//! cohort with every seed, and every result is measured the same way.
//!
//! # Definitions
//! Each cohort is prepared once ([`PreparedCohort`]): its per-question features, its **base
//! scores** (the cohort's own schema weights), the pairs actually made, the stated preferences
//! and the outcome rows. A [`SweepStrategy`] may solve on re-weighted scores (`weights`, e.g.
//! fitted ones), but every row is measured on the base scores (one meaning of `total`) with
//! [`evaluate`], and adds:
//! * `spearman`: rank correlation between the strategy's scores of the pairs actually made and
//!   their recorded satisfaction (how well the strategy's scores predict outcomes);
//! * `predicted_satisfied`: with an outcome model ([`RidgeFit`] on features), the share of chosen
//!   pairs whose predicted satisfaction is at least [`SATISFIED`] (to compare with the
//!   programme's target [`SATISFACTION_TARGET`]);
//! * `true_fit`: for synthetic cohorts, the mean true latent fit of the chosen pairs.
//!
//! # Guarantees
//! Tasks run on a local rayon pool with the requested thread count; results are collected in
//! (cohort, strategy, seed) order and no float reduction crosses tasks, so the table is identical
//! on any thread count.
//!
//! # Complexity
//! Preparation `O(q n m)` per cohort; then one solve per (cohort, strategy, seed).
//!
//! # Examples
//! ```
//! use nastavnik::evaluate::sweep::{sweep, SweepOptions, SweepStrategy};
//! use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
//! let cohorts = generate_history(&HistoryConfig { schools: 1, years: vec![2022, 2023], ..Default::default() })?;
//! let strategies = vec![
//!     ("lap".to_string(), SweepStrategy::from_json(r#"{"solver": "lap", "reject_score": 0.0}"#)?),
//!     ("random".to_string(), SweepStrategy::Random { reject_score: Some(0.0) }),
//! ];
//! let rows = sweep(&strategies, &cohorts, &[1, 2], &SweepOptions::default())?;
//! assert_eq!(rows.len(), 2 * 2 * 2);
//! let (lap, rnd) = (&rows[0], &rows[2]);
//! assert!(lap.metrics.total >= rnd.metrics.total - 1e-9);
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::BTreeMap;

use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::features::QuestionFeatures;
use super::history::HistoricalCohort;
use super::metrics::{Context, Metrics, evaluate};
use super::outcomes::{RidgeFit, spearman};
use crate::assign::fair::Objective;
use crate::assign::flow::GroupOptions;
use crate::assign::lap::LapOptions;
use crate::assign::stable::{Proposer, StableOptions};
use crate::assign::{
    Assignment, solve_dense, solve_fair, solve_greedy, solve_groups, solve_random, stable_matching,
};
use crate::error::{Error, Result};

/// Predicted satisfaction from which a pair counts as satisfied (rounds to 4 or 5 of 5).
pub const SATISFIED: f64 = 3.5;
/// The programme's satisfaction target (85 % of participants satisfied, 2024 seeds).
pub const SATISFACTION_TARGET: f64 = 0.85;

/// Fair objectives available in sweeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FairObjective {
    /// Maximise the minimum matched score, then the total.
    MaxMinThenSum,
    /// Maximise the number of matched mentees, then the total.
    CoverageThenSum,
}

/// A strategy of the sweep (JSON: `{"solver": "lap", ...}`). `weights` re-weights questions by
/// id for solving (unlisted questions keep the cohort's schema weight).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "solver", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum SweepStrategy {
    /// Optimal one-to-one assignment ([`solve_dense`]).
    Lap {
        /// Reject score (see [`LapOptions`]).
        #[serde(default)]
        reject_score: Option<f64>,
        /// Question weights for solving.
        #[serde(default)]
        weights: Option<BTreeMap<String, f64>>,
    },
    /// Optimal groups within the mentors' capacities ([`solve_groups`]).
    Groups {
        /// Reject score.
        #[serde(default)]
        reject_score: Option<f64>,
        /// Question weights for solving.
        #[serde(default)]
        weights: Option<BTreeMap<String, f64>>,
    },
    /// Fair one-to-one assignment ([`solve_fair`]) within capacities.
    Fair {
        /// The fairness objective.
        objective: FairObjective,
        /// Question weights for solving.
        #[serde(default)]
        weights: Option<BTreeMap<String, f64>>,
    },
    /// Greedy best-pair-first baseline ([`solve_greedy`]).
    Greedy {
        /// Reject score.
        #[serde(default)]
        reject_score: Option<f64>,
        /// Question weights for solving.
        #[serde(default)]
        weights: Option<BTreeMap<String, f64>>,
    },
    /// Uniformly random allowed pairs ([`solve_random`]), seeded.
    Random {
        /// Reject score.
        #[serde(default)]
        reject_score: Option<f64>,
    },
    /// Stable matching on the stated preferences within capacities ([`stable_matching`]).
    Stable {
        /// Proposing side.
        #[serde(default)]
        proposer: Proposer,
    },
    /// The pairs actually made that year (the historical baseline).
    Made,
}

impl SweepStrategy {
    /// Parse from JSON (unknown keys rejected).
    ///
    /// # Errors
    /// [`Error::Parse`] with the line and column.
    ///
    /// ```
    /// use nastavnik::evaluate::SweepStrategy;
    /// let s = SweepStrategy::from_json(r#"{"solver": "fair", "objective": "max_min_then_sum"}"#)?;
    /// assert!(matches!(s, SweepStrategy::Fair { .. }));
    /// assert!(SweepStrategy::from_json(r#"{"solver": "lap", "rejct": 1}"#).is_err());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| Error::Parse {
            what: "strategy JSON".into(),
            message: e.to_string(),
        })
    }

    /// JSON text.
    ///
    /// ```
    /// use nastavnik::evaluate::SweepStrategy;
    /// assert_eq!(SweepStrategy::Made.to_json(), r#"{"solver":"made"}"#);
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    fn weights(&self) -> Option<&BTreeMap<String, f64>> {
        match self {
            SweepStrategy::Lap { weights, .. }
            | SweepStrategy::Groups { weights, .. }
            | SweepStrategy::Fair { weights, .. }
            | SweepStrategy::Greedy { weights, .. } => weights.as_ref(),
            _ => None,
        }
    }
}

/// A cohort prepared once for many strategies.
#[derive(Debug, Clone)]
pub struct PreparedCohort {
    /// Cohort name.
    pub name: String,
    /// Per-question features.
    pub features: QuestionFeatures,
    /// Scores under the cohort's schema weights.
    pub base: Array2<f64>,
    /// Metric context (labels, capacities, preferences, the made pairs as reference).
    pub context: Context,
    /// The pairs actually made.
    pub made: Assignment,
    /// Outcome rows: features and satisfaction of each made pair with a recorded survey.
    pub outcomes: (Vec<Vec<f64>>, Vec<f64>),
    /// True latent fit of every pair under the true weights (synthetic cohorts).
    pub true_fit: Option<Array2<f64>>,
}

impl PreparedCohort {
    /// Prepare a historical cohort.
    ///
    /// # Errors
    /// As [`HistoricalCohort::features`] and the readers of its parts.
    ///
    /// ```
    /// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
    /// let h = generate_history(&HistoryConfig { schools: 1, years: vec![2022], ..Default::default() })?;
    /// let p = nastavnik::evaluate::sweep::PreparedCohort::new(&h[0])?;
    /// assert_eq!(p.made.n_matched(), h[0].pairs.len());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn new(h: &HistoricalCohort) -> Result<Self> {
        let cohort = h.cohort()?;
        let features = QuestionFeatures::from_cohort(&h.schema, &cohort)?;
        let base = features.scores(&features.weights)?;
        let made = h.made_assignment(&features)?;
        let mut context = Context::from_cohort(&cohort);
        context.preferences = h.stated_preferences(&features)?;
        context.reference = Some(made.clone());
        let outcomes = h.outcome_rows(&features)?;
        Ok(Self {
            name: h.name.clone(),
            base,
            context,
            made,
            outcomes,
            true_fit: match &h.true_weights {
                Some(w) => Some(features.scores(w)?),
                None => None,
            },
            features,
        })
    }

    fn weights_for(&self, s: &SweepStrategy) -> Result<Vec<f64>> {
        let mut w = self.features.weights.clone();
        if let Some(map) = s.weights() {
            for (q, &v) in map {
                let k = self.features.question_index(q)?;
                w[k] = v;
            }
        }
        Ok(w)
    }

    /// Run one strategy with one seed and measure it.
    ///
    /// # Errors
    /// Solver errors; [`Error::UnknownId`] for a weight naming an unknown question;
    /// [`Error::InvalidValue`] for a stable strategy on a cohort without stated preferences.
    ///
    /// ```
    /// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
    /// # use nastavnik::evaluate::sweep::{PreparedCohort, SweepStrategy};
    /// let h = generate_history(&HistoryConfig { schools: 1, years: vec![2022], ..Default::default() })?;
    /// let p = PreparedCohort::new(&h[0])?;
    /// let (a, row) = p.run("made", &SweepStrategy::Made, 0, None)?;
    /// assert_eq!(row.metrics.pairs_changed, Some(0));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn run(
        &self,
        name: &str,
        strategy: &SweepStrategy,
        seed: u64,
        model: Option<&RidgeFit>,
    ) -> Result<(Assignment, SweepRow)> {
        let w = self.weights_for(strategy)?;
        let owned;
        let scores = if strategy.weights().is_some() {
            owned = self.features.scores(&w)?;
            &owned
        } else {
            &self.base
        };
        let caps: Vec<u32> = self
            .context
            .mentor_capacity
            .clone()
            .unwrap_or_else(|| vec![1; scores.ncols()]);
        let a = match strategy {
            SweepStrategy::Lap { reject_score, .. } => solve_dense(
                scores.view(),
                &LapOptions {
                    reject_score: *reject_score,
                },
            )?,
            SweepStrategy::Groups { reject_score, .. } => {
                let mut o = GroupOptions::with_max_load(caps.clone());
                o.reject_score = *reject_score;
                solve_groups(scores.view(), &o)?
            }
            SweepStrategy::Fair { objective, .. } => solve_fair(
                scores.view(),
                Some(&caps),
                match objective {
                    FairObjective::MaxMinThenSum => Objective::MaxMinThenSum,
                    FairObjective::CoverageThenSum => Objective::CoverageThenSum,
                },
            )?,
            SweepStrategy::Greedy { reject_score, .. } => solve_greedy(
                scores.view(),
                &LapOptions {
                    reject_score: *reject_score,
                },
            )?,
            SweepStrategy::Random { reject_score } => solve_random(
                scores.view(),
                &LapOptions {
                    reject_score: *reject_score,
                },
                seed,
            )?,
            SweepStrategy::Stable { proposer } => {
                let p = self.context.preferences.as_ref().ok_or_else(|| {
                    Error::invalid(
                        "stable strategy",
                        format!("cohort {:?} has no stated preferences", self.name),
                    )
                })?;
                stable_matching(
                    p,
                    &caps,
                    &StableOptions {
                        proposer: *proposer,
                        seed,
                    },
                )?
            }
            SweepStrategy::Made => self.made.clone(),
        };
        let metrics = evaluate(&a, self.base.view(), &self.context)?;
        let (x, y) = &self.outcomes;
        let spearman = if y.len() >= 2 {
            let s: Vec<f64> = x
                .iter()
                .map(|f| f.iter().zip(&w).map(|(a, b)| a * b).sum())
                .collect();
            let r = spearman(&s, y)?;
            r.is_finite().then_some(r)
        } else {
            None
        };
        let np = a.pairs().len();
        let predicted_satisfied = model.filter(|_| np > 0).map(|m| {
            a.pairs()
                .iter()
                .filter(|&&(i, j)| m.predict(&self.features.pair_features(i, j)) >= SATISFIED)
                .count() as f64
                / np as f64
        });
        let true_fit = match &self.true_fit {
            Some(u) if np > 0 => {
                Some(a.pairs().iter().map(|&(i, j)| u[[i, j]]).sum::<f64>() / np as f64)
            }
            _ => None,
        };
        Ok((
            a,
            SweepRow {
                cohort: self.name.clone(),
                strategy: name.into(),
                seed,
                metrics,
                spearman,
                predicted_satisfied,
                true_fit,
            },
        ))
    }
}

/// One row of the long table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepRow {
    /// Cohort name.
    pub cohort: String,
    /// Strategy name.
    pub strategy: String,
    /// Seed.
    pub seed: u64,
    /// Metrics on the cohort's base scores.
    pub metrics: Metrics,
    /// Spearman correlation of the strategy's scores of the made pairs with satisfaction.
    pub spearman: Option<f64>,
    /// Predicted share of satisfied pairs (with an outcome model).
    pub predicted_satisfied: Option<f64>,
    /// Mean true latent fit of the chosen pairs (synthetic cohorts).
    pub true_fit: Option<f64>,
}

/// Options of [`sweep`].
#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    /// Worker threads (`None`: rayon's default).
    pub threads: Option<usize>,
    /// Outcome model for `predicted_satisfied`.
    pub model: Option<RidgeFit>,
}

/// Run every strategy on every cohort with every seed (see the [module documentation](self)).
///
/// # Errors
/// [`Error::InvalidValue`] for zero threads or a pool that cannot start; the first error of any
/// task, prefixed by nothing (its message names the cohort where relevant).
///
/// ```
/// use nastavnik::evaluate::sweep::{sweep, SweepOptions, SweepStrategy};
/// let e = sweep(&[], &[], &[0], &SweepOptions { threads: Some(0), ..Default::default() });
/// assert!(e.is_err());
/// ```
pub fn sweep(
    strategies: &[(String, SweepStrategy)],
    cohorts: &[HistoricalCohort],
    seeds: &[u64],
    opts: &SweepOptions,
) -> Result<Vec<SweepRow>> {
    let run = || -> Result<Vec<SweepRow>> {
        let prepared: Vec<PreparedCohort> = cohorts
            .par_iter()
            .map(PreparedCohort::new)
            .collect::<Result<_>>()?;
        let tasks: Vec<(usize, usize, u64)> = (0..prepared.len())
            .flat_map(|c| {
                (0..strategies.len()).flat_map(move |s| seeds.iter().map(move |&x| (c, s, x)))
            })
            .collect();
        tasks
            .par_iter()
            .map(|&(c, s, seed)| {
                let (name, strat) = &strategies[s];
                prepared[c]
                    .run(name, strat, seed, opts.model.as_ref())
                    .map(|r| r.1)
            })
            .collect()
    };
    match opts.threads {
        None => run(),
        Some(0) => Err(Error::invalid("threads", "must be at least 1")),
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .map_err(|e| Error::invalid("threads", e))?
            .install(run),
    }
}
