//! Python bindings of the linear assignment solvers (`nastavnik::assign::{lap, sparse, batch,
//! baseline}`): extract, call the core with the GIL released, wrap the shared `Assignment`.

use nastavnik::assign::Assignment;
use nastavnik::assign::{
    LapOptions, solve_dense, solve_dense_batch, solve_greedy, solve_random, solve_sparse,
};
use ndarray::{Array2, ArrayView2};
use numpy::{PyArray2, PyArrayMethods};
use pyo3::prelude::*;

use crate::assign::{PyAssignment, ScoreInput};
use crate::convert::{Floats, f64s};
use crate::errors::{run_detached, to_pyerr};
use crate::scoring::PyCandidates;

fn options(reject_score: Option<f64>) -> LapOptions {
    LapOptions::default().with_reject_score(reject_score)
}

/// A dense solver at one score precision, called with the GIL released.
type Solve<'s, T> = &'s (dyn Fn(ArrayView2<'_, T>) -> nastavnik::Result<Assignment> + Sync);

/// Solve on a numpy array of dtype `T` borrowed read-only (no copy); `None` when `scores` is
/// not such an array.
fn borrowed<T: numpy::Element + Sync>(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    solve: Solve<'_, T>,
) -> Option<PyResult<PyAssignment>> {
    let arr = scores.downcast::<PyArray2<T>>().ok()?;
    let ro = arr.try_readonly().ok()?;
    let view = ro.as_array();
    Some(run_detached(py, || solve(view)).map(|a| PyAssignment::new(a, None, None)))
}

/// Run a dense solver on `scores` (array-like or `ScoreMatrix`, optional `forbidden` mask).
///
/// A float32/float64 numpy array with nothing to mask is borrowed read-only (no copy of the
/// matrix); anything else is extracted once through [`ScoreInput`], which also attaches ids.
fn solve_scores(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    forbidden: Option<&Bound<'_, PyAny>>,
    solve64: Solve<'_, f64>,
    solve32: Solve<'_, f32>,
) -> PyResult<PyAssignment> {
    if forbidden.is_none() {
        if let Some(r) = borrowed(py, scores, solve64) {
            return r;
        }
        if let Some(r) = borrowed(py, scores, solve32) {
            return r;
        }
    }
    let input = ScoreInput::extract(scores, forbidden)?;
    let inner = match &input.scores {
        Floats::F32(a) => run_detached(py, || solve32(a.view()))?,
        Floats::F64(a) => run_detached(py, || solve64(a.view()))?,
    };
    Ok(PyAssignment::new(inner, input.mentee_ids, input.mentor_ids))
}

/// A one-to-one dense solver `fn(scores, &LapOptions)` exposed as
/// `name(scores, *, reject_score=None, forbidden=None)`.
macro_rules! dense_solver {
    ($(#[$doc:meta])* $name:ident => $solve:path) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (scores, *, reject_score = None, forbidden = None))]
        pub fn $name(
            py: Python<'_>,
            scores: &Bound<'_, PyAny>,
            reject_score: Option<f64>,
            forbidden: Option<&Bound<'_, PyAny>>,
        ) -> PyResult<PyAssignment> {
            let opts = options(reject_score);
            solve_scores(py, scores, forbidden, &|s| $solve(s, &opts), &|s| $solve(s, &opts))
        }
    };
}

dense_solver! {
    /// Optimal one-to-one assignment (Jonker–Volgenant), maximising the total score.
    assign_lap => solve_dense
}

dense_solver! {
    /// Greedy baseline: repeatedly take the best remaining allowed pair.
    assign_greedy => solve_greedy
}

/// Optimal one-to-one assignment on sparse candidate lists (CSR).
#[pyfunction]
#[pyo3(signature = (candidates, *, reject_score = None))]
pub fn assign_sparse(
    py: Python<'_>,
    candidates: &PyCandidates,
    reject_score: Option<f64>,
) -> PyResult<PyAssignment> {
    let c = candidates.inner.clone();
    let opts = options(reject_score);
    let inner = run_detached(py, move || solve_sparse(&c, &opts))?;
    Ok(PyAssignment::new(
        inner,
        candidates.mentee_ids.clone(),
        candidates.mentor_ids.clone(),
    ))
}

/// Many independent dense problems solved in parallel.
#[pyfunction]
#[pyo3(signature = (problems, *, reject_score = None, threads = None))]
pub fn assign_batch(
    py: Python<'_>,
    problems: &Bound<'_, PyAny>,
    reject_score: Option<f64>,
    threads: Option<i64>,
) -> PyResult<Vec<PyAssignment>> {
    let threads = crate::prefs_args::parse_threads(threads)?;
    let mats: Vec<Array2<f64>> = crate::args::iter(problems, "problems")?
        .enumerate()
        .map(|(k, p)| f64s(&p?, &format!("problems[{k}]")))
        .collect::<PyResult<_>>()?;
    let opts = options(reject_score);
    let results = py.allow_threads(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let views: Vec<_> = mats.iter().map(|m| m.view()).collect();
            nastavnik::parallel::install(threads, || solve_dense_batch(&views, &opts))
        }))
    });
    let results = results
        .map_err(|_| {
            crate::errors::InternalError::new_err("internal error in nastavnik (please report)")
        })?
        .map_err(to_pyerr)?;
    results
        .into_iter()
        .enumerate()
        .map(|(k, r)| match r {
            Ok(a) => Ok(PyAssignment::new(a, None, None)),
            Err(e) => {
                let err = to_pyerr(e);
                let msg = format!("problems[{k}]: {}", err.value(py));
                Err(PyErr::from_type(err.get_type(py), msg))
            }
        })
        .collect()
}

/// Seeded random baseline: a random maximal matching over allowed pairs.
#[pyfunction]
#[pyo3(signature = (scores, *, seed = None, reject_score = None, forbidden = None))]
pub fn assign_random(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    seed: Option<&Bound<'_, PyAny>>,
    reject_score: Option<f64>,
    forbidden: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyAssignment> {
    let opts = options(reject_score);
    let seed = crate::args::seed(seed, "seed")?;
    solve_scores(
        py,
        scores,
        forbidden,
        &|s| solve_random(s, &opts, seed),
        &|s| solve_random(s, &opts, seed),
    )
}
