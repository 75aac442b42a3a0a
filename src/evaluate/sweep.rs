//! Strategy sweeps: contenders × historical cohorts × seeds, in parallel, into one long table.
//!
//! # Problem
//! An analyst benchmarks matching strategies on past cohorts: every strategy runs on every
//! cohort with every seed, and every result is measured the same way.
//!
//! # Definitions
//! Each cohort is prepared once ([`PreparedCohort`]): its per-question features, its **base
//! scores** (the cohort's own schema weights), the pairs actually made, the stated preferences
//! and the outcome rows. A [`Contender`] is either a solver of the contract — a
//! [`Strategy`], solved with [`Strategy::solve`] on the cohort's [`Problem`], optionally scored
//! with other question `weights` (e.g. fitted ones) — the pairs actually `made` that year, or
//! pairs `given` by the caller (a user's strategy written outside the crate, e.g. a Python
//! callable), which are measured exactly as a solver's pairs.
//!
//! The cohort's [`Problem`] is the base (or re-weighted) score matrix with the participants' ids,
//! the mentors' capacities as maximum loads, the stated preferences and the sweep's reject score.
//! One-to-one solvers (`lap`, `sparse`, `greedy`, `random`, `peers`) solve it with every
//! capacity 1 (the row says `one_to_one = true`); the others honour the capacities. Every
//! solver receives the sweep's reject score (the row's `reject_score` records it): the gain of
//! an empty slot for the assignment solvers, a threshold below which pairs are removed for
//! `stable`, `fair`, `peers` and `rematch` (see [`crate::assign::reject`]). Any other problem a
//! solver cannot honour is an error naming the cohort and the contender.
//!
//! Every row is measured on the base scores (one meaning of `total`) with [`evaluate`], and adds:
//! * `spearman`: rank correlation between the contender's scores of the pairs actually made and
//!   their recorded satisfaction (how well the scores predict outcomes);
//! * `predicted_satisfied`: with an outcome model ([`RidgeFit`] on features), the share of chosen
//!   pairs whose predicted satisfaction is at least [`SATISFIED`] (to compare with the
//!   programme's target [`SATISFACTION_TARGET`]);
//! * `true_fit`: for synthetic cohorts, the mean true latent fit of the chosen pairs.
//!
//! Seeds reach the seeded solvers (`random`, `stable`, `stable_from_scores`: their `seed` is
//! replaced by the row's seed). A contender without a seed is deterministic, so it is solved once
//! per cohort and its row is repeated for every seed (identical to solving it again).
//!
//! # Guarantees
//! Tasks run on a local rayon pool with the requested thread count; results are collected in
//! (cohort, contender, seed) order and no float reduction crosses tasks, so the table is
//! identical on any thread count.
//!
//! # Complexity
//! Preparation `O(q n m)` per cohort; then one solve per (cohort, contender, seed) for seeded
//! solvers and per (cohort, contender) otherwise, plus `O(q n m)` per re-weighted contender.
//!
//! # Examples
//! ```
//! use nastavnik::evaluate::sweep::{sweep, Contender, SweepOptions};
//! use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
//! use nastavnik::assign::Strategy;
//! let cohorts = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022, 2023]))?;
//! let contenders = vec![
//!     ("lap".to_string(), Contender::from_json(r#"{"solver": "lap"}"#)?),
//!     ("random".to_string(), Contender::solve(Strategy::Random { seed: 0 })),
//!     ("made".to_string(), Contender::Made),
//! ];
//! let rows = sweep(&contenders, &cohorts, &[1, 2], &SweepOptions::default().with_reject_score(0.0))?;
//! assert_eq!(rows.len(), 2 * 3 * 2);
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
use crate::assign::{Assignment, Problem, Strategy};
use crate::error::{Error, ErrorKind, Result};

/// Predicted satisfaction from which a pair counts as satisfied (rounds to 4 or 5 of 5).
pub const SATISFIED: f64 = 3.5;
/// The programme's satisfaction target (85 % of participants satisfied, 2024 seeds).
pub const SATISFACTION_TARGET: f64 = 0.85;

/// What a sweep runs on each cohort (see the [module documentation](self)).
///
/// JSON (flat, as the strategy JSON of the contract): `{"solver": "lap"}`, with optional
/// question weights `{"solver": "lap", "weights": {"subjects": 3.0}}`, or `"made"` /
/// `{"solver": "made"}` for the pairs actually made (the historical baseline, not a solver).
///
/// ```
/// use nastavnik::evaluate::sweep::Contender;
/// use nastavnik::assign::Strategy;
/// let c = Contender::from_json(r#"{"solver": "random", "seed": 3, "weights": {"goal": 2.0}}"#)?;
/// assert_eq!(c.strategy(), Some(&Strategy::Random { seed: 3 }));
/// assert_eq!(Contender::from_json(&c.to_json())?, c);
/// assert_eq!(Contender::from_json(r#""made""#)?, Contender::Made);
/// assert!(Contender::from_json(r#"{"solver": "lap", "rejct": 1}"#).is_err());
/// # Ok::<(), nastavnik::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Contender {
    /// Solve the cohort's problem with a strategy of the contract.
    Solve {
        /// The solver and its parameters.
        strategy: Strategy,
        /// Question weights by id for scoring (unlisted questions keep the schema's weight).
        weights: Option<BTreeMap<String, f64>>,
    },
    /// The pairs actually made that year.
    Made,
    /// Pairs given by the caller (a user's own strategy), on the cohort's consenting mentees
    /// (rows) and mentors (columns); measured as any solver's pairs.
    Given(Assignment),
}

impl Contender {
    /// A contender solving with `strategy` on the cohort's own weights.
    ///
    /// ```
    /// use nastavnik::evaluate::sweep::Contender;
    /// assert!(Contender::solve(nastavnik::assign::Strategy::Lap).strategy().is_some());
    /// ```
    pub fn solve(strategy: Strategy) -> Self {
        Self::Solve {
            strategy,
            weights: None,
        }
    }

    /// The strategy (`None` for [`Contender::Made`]).
    ///
    /// ```
    /// assert!(nastavnik::evaluate::sweep::Contender::Made.strategy().is_none());
    /// ```
    pub fn strategy(&self) -> Option<&Strategy> {
        match self {
            Self::Solve { strategy, .. } => Some(strategy),
            Self::Made | Self::Given(_) => None,
        }
    }

    /// The solver's name, `"made"` or `"callable"` (given pairs).
    ///
    /// ```
    /// use nastavnik::evaluate::sweep::Contender;
    /// assert_eq!(Contender::solve(nastavnik::assign::Strategy::Greedy).solver(), "greedy");
    /// ```
    pub fn solver(&self) -> &'static str {
        match self {
            Self::Solve { strategy, .. } => strategy.name(),
            Self::Made => "made",
            Self::Given(_) => "callable",
        }
    }

    fn weights(&self) -> Option<&BTreeMap<String, f64>> {
        match self {
            Self::Solve { weights, .. } => weights.as_ref(),
            Self::Made | Self::Given(_) => None,
        }
    }

    /// Parse the flat JSON form (see the type's documentation); unknown keys are rejected.
    ///
    /// # Errors
    /// [`Error::Parse`] naming the bad key or value, as [`Strategy::from_json`];
    /// [`Error::InvalidValue`] for a non-finite or negative weight.
    ///
    /// ```
    /// use nastavnik::evaluate::sweep::Contender;
    /// assert!(Contender::from_json(r#"{"solver": "made", "weights": {}}"#).is_err());
    /// assert!(Contender::from_json(r#"{"solver": "lap", "weights": {"q": -1}}"#).is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        let parse = |message: String| Error::Parse {
            what: "strategy JSON".into(),
            message,
        };
        let mut value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| parse(e.to_string()))?;
        if value.as_str() == Some("made") {
            return Ok(Self::Made);
        }
        let obj = value
            .as_object_mut()
            .ok_or_else(|| parse(format!("expected an object or \"made\", got {text:.80}")))?;
        let weights = match obj.remove("weights") {
            None | Some(serde_json::Value::Null) => None,
            Some(w) => Some(
                serde_json::from_value::<BTreeMap<String, f64>>(w)
                    .map_err(|e| parse(format!("weights: {e}")))?,
            ),
        };
        if let Some(w) = &weights {
            for (q, &v) in w {
                if !v.is_finite() || v < 0.0 {
                    return Err(Error::invalid(
                        "strategy weights",
                        format!("question {q:?} has weight {v}; expected a finite number >= 0"),
                    ));
                }
            }
        }
        if obj.get("solver").and_then(|s| s.as_str()) == Some("made") {
            if obj.len() > 1 || weights.is_some() {
                return Err(parse(
                    "\"made\" (the pairs actually made) takes no parameters".into(),
                ));
            }
            return Ok(Self::Made);
        }
        let strategy = Strategy::from_json(&value.to_string())?;
        Ok(Self::Solve { strategy, weights })
    }

    /// The flat JSON form (given pairs write `{"solver":"callable"}`, which is not read back).
    ///
    /// ```
    /// use nastavnik::evaluate::sweep::Contender;
    /// assert_eq!(Contender::Made.to_json(), r#""made""#);
    /// assert_eq!(Contender::solve(nastavnik::assign::Strategy::Lap).to_json(), r#"{"solver":"lap"}"#);
    /// ```
    pub fn to_json(&self) -> String {
        match self {
            Self::Made => "\"made\"".into(),
            Self::Given(_) => r#"{"solver":"callable"}"#.into(),
            Self::Solve { strategy, weights } => {
                let mut v = serde_json::to_value(strategy).unwrap_or_default();
                if let (Some(w), Some(obj)) = (weights, v.as_object_mut()) {
                    obj.insert(
                        "weights".into(),
                        serde_json::to_value(w).unwrap_or_default(),
                    );
                }
                v.to_string()
            }
        }
    }

    /// The strategy with the row's seed, for seeded solvers; `None` for deterministic ones.
    fn seeded(&self, seed: u64) -> Option<Strategy> {
        match self.strategy()? {
            Strategy::Random { .. } => Some(Strategy::Random { seed }),
            Strategy::Stable { proposer, .. } => Some(Strategy::Stable {
                proposer: *proposer,
                seed,
            }),
            Strategy::StableFromScores {
                proposer,
                acceptability,
                ..
            } => Some(Strategy::StableFromScores {
                proposer: *proposer,
                seed,
                acceptability: *acceptability,
            }),
            _ => None,
        }
    }

    /// Whether the row's seed changes the result.
    fn uses_seed(&self) -> bool {
        self.seeded(0).is_some()
    }
}

/// Whether a strategy is one-to-one only (solves with every capacity 1).
fn one_to_one_only(s: &Strategy) -> bool {
    matches!(
        s,
        Strategy::Lap
            | Strategy::Sparse
            | Strategy::Greedy
            | Strategy::Random { .. }
            | Strategy::Peers { .. }
    )
}

/// A cohort prepared once for many contenders.
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
    /// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]))?;
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

    /// Name the cohort and contender in a solver's error (keeping its kind where it has a
    /// free-text form).
    fn named(&self, name: &str, e: Error) -> Error {
        let msg = format!("cohort {:?}, strategy {name:?}: {e}", self.name);
        match e.kind() {
            ErrorKind::Infeasible => Error::infeasible(msg),
            ErrorKind::InvalidValue => Error::invalid("sweep", msg),
            _ => e,
        }
    }

    fn weights_for(&self, c: &Contender) -> Result<Vec<f64>> {
        let mut w = self.features.weights.clone();
        if let Some(map) = c.weights() {
            for (q, &v) in map {
                let k = self.features.question_index(q)?;
                w[k] = v;
            }
        }
        Ok(w)
    }

    /// The cohort's [`Problem`] on `scores` (see the [module documentation](self)).
    ///
    /// # Errors
    /// As the [`Problem`] setters (they do not fail on a prepared cohort's own scores).
    ///
    /// ```
    /// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
    /// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]))?;
    /// let p = nastavnik::evaluate::sweep::PreparedCohort::new(&h[0])?;
    /// let pr = p.problem(p.base.clone(), false, false, Some(0.0))?;
    /// assert!(!pr.is_one_to_one() && pr.preferences().is_none());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn problem(
        &self,
        scores: Array2<f64>,
        one_to_one: bool,
        with_preferences: bool,
        reject_score: Option<f64>,
    ) -> Result<Problem> {
        let mut p = Problem::new(scores)?.with_ids(
            self.features.mentee_ids.clone(),
            self.features.mentor_ids.clone(),
        )?;
        if !one_to_one && let Some(c) = &self.context.mentor_capacity {
            p = p.with_max_load(c.clone())?;
        }
        if with_preferences && let Some(pr) = &self.context.preferences {
            p = p.with_preferences(pr.clone())?;
        }
        if let Some(r) = reject_score {
            p = p.with_reject_score(r)?;
        }
        Ok(p)
    }

    /// Run one contender with one seed and measure it.
    ///
    /// # Errors
    /// Solver errors, prefixed with the cohort and contender; [`Error::UnknownId`] for a weight
    /// naming an unknown question.
    ///
    /// ```
    /// # use nastavnik::evaluate::synthetic_history::{generate_history, HistoryConfig};
    /// # use nastavnik::evaluate::sweep::{PreparedCohort, Contender};
    /// let h = generate_history(&HistoryConfig::default().with_schools(1).with_years(vec![2022]))?;
    /// let p = PreparedCohort::new(&h[0])?;
    /// let (a, row) = p.run("made", &Contender::Made, 0, None, None)?;
    /// assert_eq!(row.metrics.pairs_changed, Some(0));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn run(
        &self,
        name: &str,
        contender: &Contender,
        seed: u64,
        reject_score: Option<f64>,
        model: Option<&RidgeFit>,
    ) -> Result<(Assignment, SweepRow)> {
        let w = self.weights_for(contender)?;
        if let Some(m) = model
            && m.weights.len() != self.features.features.len()
        {
            // one weight per question feature: a shorter or longer model would be read silently
            return Err(Error::shape(
                "outcome model weights (one per question)",
                self.features.features.len(),
                m.weights.len(),
            ));
        }
        let mut one_to_one = false;
        let mut used_reject = None;
        let a = match contender {
            Contender::Made => self.made.clone(),
            Contender::Given(a) => {
                if (a.n_mentees(), a.n_mentors()) != self.base.dim() {
                    return Err(Error::shape(
                        format!("cohort {:?}, strategy {name:?}: given pairs", self.name),
                        format!(
                            "{} mentees x {} mentors (the consenting participants)",
                            self.base.nrows(),
                            self.base.ncols()
                        ),
                        format!("{} x {}", a.n_mentees(), a.n_mentors()),
                    ));
                }
                a.clone()
            }
            Contender::Solve { strategy, weights } => {
                let scores = if weights.is_some() {
                    self.features.scores(&w)?
                } else {
                    self.base.clone()
                };
                one_to_one = one_to_one_only(strategy);
                used_reject = reject_score;
                let stable = matches!(strategy, Strategy::Stable { .. });
                let problem = self.problem(scores, one_to_one, stable, used_reject)?;
                let st = contender.seeded(seed).unwrap_or_else(|| strategy.clone());
                st.solve(&problem)
                    .map_err(|e| self.named(name, e))?
                    .into_assignment()
            }
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
                solver: contender.solver().into(),
                one_to_one,
                reject_score: used_reject,
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
    /// The contender's name in the sweep.
    pub strategy: String,
    /// The solver's name, or `"made"`.
    pub solver: String,
    /// Whether the solver ignored the capacities (one-to-one solvers).
    pub one_to_one: bool,
    /// The reject score of the problem solved (`None`: none given, or pairs not solved here).
    pub reject_score: Option<f64>,
    /// Seed.
    pub seed: u64,
    /// Metrics on the cohort's base scores.
    pub metrics: Metrics,
    /// Spearman correlation of the contender's scores of the made pairs with satisfaction.
    pub spearman: Option<f64>,
    /// Predicted share of satisfied pairs (with an outcome model).
    pub predicted_satisfied: Option<f64>,
    /// Mean true latent fit of the chosen pairs (synthetic cohorts).
    pub true_fit: Option<f64>,
}

/// Options of [`sweep`].
///
/// ```
/// let o = nastavnik::evaluate::sweep::SweepOptions::default().with_threads(2).with_reject_score(0.0);
/// assert_eq!((o.threads, o.reject_score), (Some(2), Some(0.0)));
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SweepOptions {
    /// Worker threads (`None`: rayon's default).
    pub threads: Option<usize>,
    /// Outcome model for `predicted_satisfied`.
    pub model: Option<RidgeFit>,
    /// Reject score of every cohort's problem (`None`: fill the side with less room).
    pub reject_score: Option<f64>,
}

impl SweepOptions {
    /// With a thread count.
    ///
    /// ```
    /// assert_eq!(nastavnik::evaluate::sweep::SweepOptions::default().with_threads(1).threads, Some(1));
    /// ```
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads);
        self
    }

    /// With an outcome model.
    ///
    /// ```
    /// use nastavnik::evaluate::{sweep::SweepOptions, RidgeFit};
    /// let m = RidgeFit { weights: vec![1.0], intercept: 0.0, alpha: 0.0, cv_mse: vec![] };
    /// assert!(SweepOptions::default().with_model(m).model.is_some());
    /// ```
    pub fn with_model(mut self, model: RidgeFit) -> Self {
        self.model = Some(model);
        self
    }

    /// With a reject score for every cohort's problem.
    ///
    /// ```
    /// assert_eq!(nastavnik::evaluate::sweep::SweepOptions::default().with_reject_score(0.5).reject_score, Some(0.5));
    /// ```
    pub fn with_reject_score(mut self, reject_score: f64) -> Self {
        self.reject_score = Some(reject_score);
        self
    }
}

/// Run every contender on every cohort with every seed (see the [module documentation](self)).
///
/// Under a [`crate::interrupt`] token (Ctrl-C in Python) the tasks run on a helper thread
/// while the calling thread polls the token every 20 ms; every task runs under it and checks it
/// first, so a cancelled sweep stops within the tasks already running.
///
/// # Errors
/// [`Error::InvalidValue`] for zero threads or a pool that cannot start;
/// [`Error::Interrupted`] after a cancellation; an error of a task (its message names the
/// cohort and contender).
///
/// ```
/// use nastavnik::evaluate::sweep::{sweep, SweepOptions};
/// let e = sweep(&[], &[], &[0], &SweepOptions::default().with_threads(0));
/// assert!(e.is_err());
/// ```
pub fn sweep(
    contenders: &[(String, Contender)],
    cohorts: &[HistoricalCohort],
    seeds: &[u64],
    opts: &SweepOptions,
) -> Result<Vec<SweepRow>> {
    let pool = match opts.threads {
        None => None,
        Some(0) => return Err(Error::invalid("threads", "must be at least 1")),
        Some(t) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .map_err(|e| Error::invalid("threads", e))?,
        ),
    };
    let install = |f: &(dyn Fn() -> Result<Vec<Vec<SweepRow>>> + Sync)| match &pool {
        Some(p) => p.install(f),
        None => f(),
    };
    // the caller's cancellation token (Ctrl-C in Python): the driver loop below checks it on
    // the calling thread between batches, and every task runs under it
    let token = crate::interrupt::current();
    let under = |f: &dyn Fn() -> Result<Vec<SweepRow>>| match &token {
        Some(t) => t.run(f),
        None => f(),
    };
    let prepared: Vec<PreparedCohort> = match &pool {
        Some(p) => p.install(|| {
            cohorts
                .par_iter()
                .map(PreparedCohort::new)
                .collect::<Result<Vec<_>>>()
        }),
        None => cohorts.par_iter().map(PreparedCohort::new).collect(),
    }?;
    // one task per (cohort, contender, seed) for seeded contenders, per (cohort, contender)
    // otherwise (then `None`: the row is repeated for every seed)
    let mut tasks: Vec<(usize, usize, Option<u64>)> = Vec::new();
    for c in 0..prepared.len() {
        for (k, (_, ct)) in contenders.iter().enumerate() {
            if ct.uses_seed() {
                tasks.extend(seeds.iter().map(|&s| (c, k, Some(s))));
            } else if !seeds.is_empty() {
                tasks.push((c, k, None));
            }
        }
    }
    let task = |&(c, k, seed): &(usize, usize, Option<u64>)| -> Result<Vec<SweepRow>> {
        let (name, ct) = &contenders[k];
        let first = seed.unwrap_or(seeds[0]);
        let row = prepared[c]
            .run(name, ct, first, opts.reject_score, opts.model.as_ref())?
            .1;
        Ok(match seed {
            Some(_) => vec![row],
            None => seeds
                .iter()
                .map(|&s| SweepRow {
                    seed: s,
                    ..row.clone()
                })
                .collect(),
        })
    };
    let work = || -> Result<Vec<Vec<SweepRow>>> {
        install(&|| {
            tasks
                .par_iter()
                .map(|t| {
                    under(&|| {
                        crate::interrupt::check()?;
                        task(t)
                    })
                })
                .collect()
        })
    };
    let rows = match &token {
        None => work()?,
        // the workers run on a helper thread while this one polls the token (its hook runs
        // Python's signal handlers) and cancels it for them; they stop at their next check
        Some(tok) => std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::channel();
            scope.spawn(move || {
                let _ = tx.send(work());
            });
            loop {
                match rx.recv_timeout(std::time::Duration::from_millis(20)) {
                    Ok(r) => return r,
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                        if crate::interrupt::check().is_err() {
                            tok.cancel();
                        }
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                        return Err(Error::invalid("sweep", "a worker stopped without a result"));
                    }
                }
            }
        })?,
    };
    Ok(rows.into_iter().flatten().collect())
}
