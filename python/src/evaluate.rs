//! Python bindings of the strategy lab (`nastavnik::evaluate`): historical cohorts, metrics,
//! sweeps, ridge fits, "why not?" and sensitivity. Thin: extract, call the core with the GIL
//! released, return plain values (records as JSON text that `nastavnik.lab` turns into frames).

use nastavnik::assign::Assignment;
use nastavnik::assign::lap::LapOptions;
use nastavnik::evaluate::metrics::{Context, evaluate};
use nastavnik::evaluate::sensitivity::sensitivity;
use nastavnik::evaluate::sweep::{Contender, SweepOptions, sweep};
use nastavnik::evaluate::synthetic_history::{HistoryConfig, generate_history};
use nastavnik::evaluate::why_not::WhyNotSolver;
use nastavnik::evaluate::{
    HistoricalCohort, RidgeFit, fit_ridge, fit_ridge_cv, spearman, weight_change,
};
use ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2};
use pyo3::prelude::*;

use crate::assign::PyAssignment;
use crate::convert::f64s;
use crate::errors::run_detached;

/// `(mentee_ids, mentor_ids, scores)` handed to Python.
type IdsAndScores<'py> = (Vec<String>, Vec<String>, Bound<'py, PyArray2<f64>>);
/// `(features, satisfaction)` handed to Python.
type Rows<'py> = (Bound<'py, PyArray2<f64>>, Bound<'py, PyArray1<f64>>);

fn json<T: nastavnik::evaluate::Serialize>(v: &T) -> PyResult<String> {
    crate::errors::map(nastavnik::evaluate::to_json(v))
}

/// A past cohort with pairs and outcomes (see the stub for documentation).
#[pyclass(name = "HistoricalCohort", module = "nastavnik._nastavnik", frozen)]
pub struct PyHistoricalCohort {
    pub inner: HistoricalCohort,
}

#[pymethods]
impl PyHistoricalCohort {
    /// Parse and validate JSON; `file` names the source in errors.
    #[staticmethod]
    #[pyo3(signature = (text, *, file = "<string>"))]
    fn from_json(py: Python<'_>, text: &str, file: &str) -> PyResult<Self> {
        let inner = run_detached(py, || HistoricalCohort::from_json(text, file))?;
        Ok(Self { inner })
    }

    /// Read and validate a JSON file.
    #[staticmethod]
    fn read_json(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        let inner = run_detached(py, || HistoricalCohort::read_json(&path))?;
        Ok(Self { inner })
    }

    /// Read and validate a folder of CSV files (`meta.json`, `participants.csv`, ...).
    #[staticmethod]
    fn read_csv_dir(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        let inner = run_detached(py, || nastavnik::evaluate::history_csv::read_csv_dir(&path))?;
        Ok(Self { inner })
    }

    /// Write the cohort as a folder of CSV files.
    fn write_csv_dir(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        run_detached(py, || {
            nastavnik::evaluate::history_csv::write_csv_dir(&self.inner, &path)
        })
    }

    /// Pretty JSON text.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[getter]
    fn name(&self) -> String {
        self.inner.name.clone()
    }

    #[getter]
    fn school(&self) -> String {
        self.inner.school.clone()
    }

    #[getter]
    fn district(&self) -> Option<String> {
        self.inner.district.clone()
    }

    #[getter]
    fn year(&self) -> i32 {
        self.inner.year
    }

    #[getter]
    fn questions(&self) -> Vec<String> {
        self.inner
            .schema
            .questions
            .iter()
            .map(|q| q.id.clone())
            .collect()
    }

    #[getter]
    fn weights(&self) -> Vec<f64> {
        self.inner
            .schema
            .questions
            .iter()
            .map(|q| q.weight)
            .collect()
    }

    #[getter]
    fn true_weights(&self) -> Option<Vec<f64>> {
        self.inner.true_weights.clone()
    }

    #[getter]
    fn n_pairs(&self) -> usize {
        self.inner.pairs.len()
    }

    /// `(mentee_ids, mentor_ids, scores)`: consenting participants and the base scores.
    fn scores<'py>(&self, py: Python<'py>) -> PyResult<IdsAndScores<'py>> {
        let (f, s) = run_detached(py, || {
            let f = self.inner.features()?;
            let s = f.scores(&f.weights)?;
            Ok((f, s))
        })?;
        Ok((f.mentee_ids, f.mentor_ids, s.into_pyarray(py)))
    }

    /// `(features, satisfaction)`: one row per made pair with a recorded survey.
    fn outcome_rows<'py>(&self, py: Python<'py>) -> PyResult<Rows<'py>> {
        let (x, y) = run_detached(py, || {
            let f = self.inner.features()?;
            let (rows, y) = self.inner.outcome_rows(&f)?;
            let q = f.questions.len();
            let x = Array2::from_shape_fn((rows.len(), q), |(r, c)| rows[r][c]);
            Ok((x, y))
        })?;
        Ok((x.into_pyarray(py), y.into_pyarray(py)))
    }

    /// Metrics context as JSON is internal; this returns the made pairs as an Assignment.
    fn made(&self, py: Python<'_>) -> PyResult<PyAssignment> {
        let (f, a) = run_detached(py, || {
            let f = self.inner.features()?;
            let a = self.inner.made_assignment(&f)?;
            Ok((f, a))
        })?;
        Ok(PyAssignment::new(a, Some(f.mentee_ids), Some(f.mentor_ids)))
    }

    /// Metrics of an assignment on this cohort's base scores, as JSON.
    #[pyo3(signature = (assignment, *, reference = None))]
    fn evaluate_json(
        &self,
        py: Python<'_>,
        assignment: &PyAssignment,
        reference: Option<&PyAssignment>,
    ) -> PyResult<String> {
        let m = run_detached(py, || {
            let cohort = self.inner.cohort()?;
            let f = self.inner.features()?;
            let s = f.scores(&f.weights)?;
            let mut ctx = Context::from_cohort(&cohort);
            ctx.preferences = self.inner.stated_preferences(&f)?;
            ctx.reference = reference.map(|r| r.inner.clone());
            evaluate(&assignment.inner, s.view(), &ctx)
        })?;
        json(&m)
    }

    /// "Why not?" for one pair by ids with every question's weight change, as JSON.
    #[pyo3(signature = (mentee, mentor, *, reject_score = None, max_factor = 10.0, max_solves = 400))]
    fn why_not_json(
        &self,
        py: Python<'_>,
        mentee: &str,
        mentor: &str,
        reject_score: Option<f64>,
        max_factor: f64,
        max_solves: usize,
    ) -> PyResult<String> {
        let out = run_detached(py, || {
            let f = self.inner.features()?;
            let i = index(&f.mentee_ids, mentee, "consenting mentees")?;
            let j = index(&f.mentor_ids, mentor, "consenting mentors")?;
            let s = f.scores(&f.weights)?;
            let opts = LapOptions::default().with_reject_score(reject_score);
            let y = WhyNotSolver::new(s.view(), &opts)?.why_not(i, j)?;
            let changes = f
                .questions
                .iter()
                .map(|q| weight_change(&f, i, j, q, &opts, max_factor, max_solves))
                .collect::<nastavnik::Result<Vec<_>>>()?;
            Ok((y, changes))
        })?;
        json(&out)
    }

    /// Sensitivity table as JSON.
    #[pyo3(signature = (*, steps = None, reject_score = None))]
    fn sensitivity_json(
        &self,
        py: Python<'_>,
        steps: Option<Vec<f64>>,
        reject_score: Option<f64>,
    ) -> PyResult<String> {
        let rows = run_detached(py, || {
            let f = self.inner.features()?;
            let steps = steps.unwrap_or_else(|| nastavnik::evaluate::sensitivity::STEPS.to_vec());
            sensitivity(
                &f,
                &steps,
                &LapOptions::default().with_reject_score(reject_score),
            )
        })?;
        json(&rows)
    }
}

fn index(ids: &[String], id: &str, what: &str) -> nastavnik::Result<usize> {
    ids.iter()
        .position(|x| x == id)
        .ok_or_else(|| nastavnik::Error::UnknownId {
            what: what.into(),
            id: id.into(),
        })
}

/// Seeded synthetic historical cohorts with known true weights.
#[pyfunction]
#[pyo3(signature = (*, schools = 4, years = vec![2021, 2022, 2023], n_mentees = 50, n_mentors = 50, noise = 0.05, curator_noise = 0.15, seed = 2024))]
#[allow(clippy::too_many_arguments)]
pub fn synthetic_history(
    py: Python<'_>,
    schools: usize,
    years: Vec<i32>,
    n_mentees: usize,
    n_mentors: usize,
    noise: f64,
    curator_noise: f64,
    seed: u64,
) -> PyResult<Vec<PyHistoricalCohort>> {
    let cfg = HistoryConfig::default()
        .with_schools(schools)
        .with_years(years)
        .with_n_mentees(n_mentees)
        .with_n_mentors(n_mentors)
        .with_noise(noise)
        .with_curator_noise(curator_noise)
        .with_seed(seed);
    let v = run_detached(py, || generate_history(&cfg))?;
    Ok(v.into_iter()
        .map(|inner| PyHistoricalCohort { inner })
        .collect())
}

/// Contenders × cohorts × seeds in parallel; rows as JSON.
#[pyfunction]
#[pyo3(signature = (strategies, cohorts, seeds, *, threads = None, model = None, reject_score = None))]
pub fn sweep_json(
    py: Python<'_>,
    strategies: Vec<(String, String)>,
    cohorts: Vec<PyRef<'_, PyHistoricalCohort>>,
    seeds: Vec<u64>,
    threads: Option<usize>,
    model: Option<(Vec<f64>, f64)>,
    reject_score: Option<f64>,
) -> PyResult<String> {
    let strategies = strategies
        .into_iter()
        .map(|(n, j)| Contender::from_json(&j).map(|s| (n, s)))
        .collect::<nastavnik::Result<Vec<_>>>()
        .map_err(crate::errors::to_pyerr)?;
    let cohorts: Vec<HistoricalCohort> = cohorts.iter().map(|c| c.inner.clone()).collect();
    let mut opts = SweepOptions::default();
    opts.threads = threads;
    opts.reject_score = reject_score;
    opts.model = model.map(|(weights, intercept)| RidgeFit {
        weights,
        intercept,
        alpha: 0.0,
        cv_mse: Vec::new(),
    });
    let rows = run_detached(py, || sweep(&strategies, &cohorts, &seeds, &opts))?;
    json(&rows)
}

/// Programme KPIs per school or district (`level`), rows as JSON.
#[pyfunction]
#[pyo3(signature = (cohorts, *, level = "school", targets = None))]
pub fn kpis_json(
    py: Python<'_>,
    cohorts: Vec<PyRef<'_, PyHistoricalCohort>>,
    level: &str,
    targets: Option<std::collections::BTreeMap<i32, std::collections::BTreeMap<String, f64>>>,
) -> PyResult<String> {
    use nastavnik::evaluate::kpis::{INDICATORS, KpiOptions, Level, Targets, kpis};
    let level = match level {
        "school" => Level::School,
        "district" => Level::District,
        other => {
            return Err(crate::errors::to_pyerr(nastavnik::Error::invalid(
                "by",
                format!("{other:?}; expected \"school\" or \"district\""),
            )));
        }
    };
    let mut opts = KpiOptions::default().with_level(level);
    for (year, given) in targets.unwrap_or_default() {
        let mut t = Targets::seeds(year);
        for (name, v) in given {
            let k = INDICATORS.iter().position(|x| *x == name).ok_or_else(|| {
                crate::errors::to_pyerr(nastavnik::Error::UnknownId {
                    what: format!("KPI indicators (targets for {year})"),
                    id: name.clone(),
                })
            })?;
            t.values[k] = v;
        }
        opts = opts.with_target(year, t);
    }
    let cohorts: Vec<HistoricalCohort> = cohorts.iter().map(|c| c.inner.clone()).collect();
    let rows = run_detached(py, || kpis(&cohorts, &opts))?;
    json(&rows)
}

/// Closed-form ridge; with several alphas, chosen by `folds`-fold cross-validation. JSON.
#[pyfunction]
#[pyo3(signature = (x, y, *, alphas, folds = 5))]
pub fn ridge_json(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    y: Vec<f64>,
    alphas: Vec<f64>,
    folds: usize,
) -> PyResult<String> {
    let x = f64s(x, "x")?;
    let fit = run_detached(py, || {
        if alphas.len() == 1 {
            fit_ridge(x.view(), &y, alphas[0])
        } else {
            fit_ridge_cv(x.view(), &y, &alphas, folds)
        }
    })?;
    json(&fit)
}

/// Spearman rank correlation.
#[pyfunction]
#[pyo3(name = "spearman")]
pub fn spearman_py(py: Python<'_>, a: Vec<f64>, b: Vec<f64>) -> PyResult<f64> {
    run_detached(py, || spearman(&a, &b))
}

/// Metrics of an assignment on a score matrix (optional labels), as JSON.
#[pyfunction]
#[pyo3(signature = (assignment, scores, *, mentee_ids = None, category = None, form = None, organisation = None, capacity = None, reference = None))]
#[allow(clippy::too_many_arguments)]
pub fn evaluate_json(
    py: Python<'_>,
    assignment: &PyAssignment,
    scores: &Bound<'_, PyAny>,
    mentee_ids: Option<Vec<String>>,
    category: Option<Vec<Option<String>>>,
    form: Option<Vec<Option<String>>>,
    organisation: Option<Vec<Option<String>>>,
    capacity: Option<Vec<u32>>,
    reference: Option<&PyAssignment>,
) -> PyResult<String> {
    let s = f64s(scores, "scores")?;
    let ctx = Context {
        mentee_ids: mentee_ids.or_else(|| assignment.mentee_ids.clone()),
        mentee_category: category,
        mentee_form: form,
        mentee_organisation: organisation,
        mentor_capacity: capacity,
        preferences: None,
        reference: reference.map(|r| r.inner.clone()),
    };
    let m = run_detached(py, || evaluate(&assignment.inner, s.view(), &ctx))?;
    json(&m)
}

/// Solve once, then answer "why not?" for many pairs of a score matrix.
#[pyclass(name = "WhyNotSolver", module = "nastavnik._nastavnik", frozen)]
pub struct PyWhyNotSolver {
    scores: Array2<f64>,
    opts: LapOptions,
    optimum: Assignment,
    duals: nastavnik::assign::Duals,
}

#[pymethods]
impl PyWhyNotSolver {
    #[new]
    #[pyo3(signature = (scores, *, reject_score = None))]
    fn new(py: Python<'_>, scores: &Bound<'_, PyAny>, reject_score: Option<f64>) -> PyResult<Self> {
        let scores = f64s(scores, "scores")?;
        let opts = LapOptions::default().with_reject_score(reject_score);
        let (optimum, duals) = run_detached(py, || {
            nastavnik::assign::solve_dense_with_duals(scores.view(), &opts)
        })?;
        Ok(Self {
            scores,
            opts,
            optimum,
            duals,
        })
    }

    /// The optimal assignment.
    #[getter]
    fn optimum(&self) -> PyAssignment {
        PyAssignment::new(self.optimum.clone(), None, None)
    }

    /// "Why not?" for `(mentee, mentor)` (row and column indices), as JSON.
    fn query_json(&self, py: Python<'_>, mentee: usize, mentor: usize) -> PyResult<String> {
        let y = run_detached(py, || {
            WhyNotSolver::from_parts(
                self.scores.view(),
                &self.opts,
                self.optimum.clone(),
                self.duals.clone(),
            )?
            .why_not(mentee, mentor)
        })?;
        json(&y)
    }
}

/// A sweep contender's JSON, validated and normalised (helper for `nastavnik.lab`).
#[pyfunction]
pub fn strategy_json(text: &str) -> PyResult<String> {
    let s = Contender::from_json(text).map_err(crate::errors::to_pyerr)?;
    Ok(s.to_json())
}
