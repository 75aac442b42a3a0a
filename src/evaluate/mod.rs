//! Evaluation: metrics of one result, historical cohorts with outcomes, strategy sweeps,
//! outcome-aware weights, "why not?" and sensitivity — the strategy lab of issue 11.
//!
//! # Modules
//! * [`features`] — per-question feature matrices of a cohort: the linear score model
//!   `s(w) = Σ_q w_q F_q / Σ_q w_q` that weight fitting, "why not?" and sensitivity reason about.
//! * [`metrics`] — metrics of one assignment (scores, coverage, loads, stability, fairness, change).
//! * [`history`] — the historical cohort format (JSON) with validating readers.
//! * [`history_csv`] — the same cohorts as a folder of CSV files (reader and writer).
//! * [`synthetic_history`] — seeded historical cohorts whose outcomes follow a documented latent
//!   model with known true question weights.
//! * [`kpis`] — programme KPIs per school and district against yearly targets.
//! * [`outcomes`] — Spearman correlation, closed-form ridge regression with cross-validation.
//! * [`why_not`] — the exact loss of forcing one pair, and the smallest weight change choosing it.
//! * [`sensitivity`] — pairs changed when one question's weight moves.
//! * [`sweep`] — contenders ([`crate::assign::Strategy`] or the pairs made) × cohorts × seeds
//!   in parallel into one long table.
//!
//! # Examples
//! ```
//! use nastavnik::evaluate::{metrics::{evaluate, Context}, features::QuestionFeatures};
//! use nastavnik::assign::lap::{solve_dense, LapOptions};
//! use nastavnik::synthetic::{generate, SyntheticConfig};
//! let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(30).with_n_mentors(30))?;
//! let f = QuestionFeatures::from_cohort(&schema, &cohort)?;
//! let s = f.scores(&f.weights)?;
//! let a = solve_dense(s.view(), &LapOptions::default().with_reject_score(0.0))?;
//! let m = evaluate(&a, s.view(), &Context::from_cohort(&cohort))?;
//! assert_eq!(m.n_pairs, a.n_matched());
//! # Ok::<(), nastavnik::Error>(())
//! ```

pub mod features;
pub mod history;
pub mod history_csv;
pub mod kpis;
pub mod metrics;
pub mod outcomes;
pub mod sensitivity;
pub mod sweep;
pub mod synthetic_history;
pub mod why_not;

pub use features::QuestionFeatures;
pub use history::HistoricalCohort;
pub use metrics::{Context, Metrics, evaluate};
pub use outcomes::{RidgeFit, fit_ridge, fit_ridge_cv, spearman};
pub use serde::Serialize;
pub use sweep::{Contender, SweepOptions, SweepRow, sweep};
pub use why_not::{WeightChange, WhyNot, weight_change, why_not};

/// Serialise any evaluation record (metrics, sweep rows, why-not answers...) to compact JSON.
///
/// # Errors
/// [`crate::Error::InvalidValue`] if serialisation fails (it does not for this module's types).
///
/// ```
/// let m = nastavnik::evaluate::Metrics::default();
/// assert!(nastavnik::evaluate::to_json(&m)?.contains("\"coverage\""));
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn to_json<T: serde::Serialize>(value: &T) -> crate::Result<String> {
    serde_json::to_string(value).map_err(|e| crate::Error::invalid("JSON output", e))
}
