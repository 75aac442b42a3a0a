//! Python mirrors of stable matching (`nastavnik::assign::stable`, `nastavnik::assign::roommates`).
//!
//! Preference arguments (dicts by id, rank matrices, index lists, scores, `ScoreMatrix` or a
//! built `Preferences`) are turned into core preferences in [`crate::preferences`]; this module
//! only parses the solver options, calls the core with the GIL released and converts results.

use std::sync::Arc;

use nastavnik::Error;
use nastavnik::assign::{self, StableOptions};
use nastavnik::preferences::Labelled;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::args::no_old_keywords;
use crate::assign::{PyAssignment, PyPeerMatching};
use crate::errors::{InvalidValueError, run_detached};
use crate::preferences::{TwoSidedArgs, build_peers};
use crate::prefs_args::{
    is_mapping, label, pairs_out, parse_capacities, parse_proposer, parse_seed, parse_threads,
    stats_dict,
};

/// Solve with the capacities given, or all 1 (a `ScoreMatrix`'s are never applied silently).
#[allow(clippy::field_reassign_with_default)] // options may become #[non_exhaustive]
fn solve(
    py: Python<'_>,
    built: Arc<Labelled>,
    max_load: Option<&Bound<'_, PyAny>>,
    proposer: &str,
    seed: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyAssignment> {
    let mut options = StableOptions::default();
    options.proposer = parse_proposer(proposer)?;
    options.seed = parse_seed(seed)?;
    let m = built.preferences.n_mentors();
    let caps = parse_capacities(max_load, built.mentor_ids.as_deref(), m)?;
    let a = run_detached(py, || {
        assign::stable_matching(&built.preferences, &caps, &options)
    })?;
    Ok(PyAssignment::new(
        a,
        built.mentee_ids.clone(),
        built.mentor_ids.clone(),
    ))
}

/// Deferred acceptance (Gale–Shapley) on stated preferences; see the stub for documentation.
#[pyfunction]
#[pyo3(signature = (mentee_prefs, mentor_prefs = None, *, max_load = None, proposer = "mentee",
                    seed = None, acceptability = None, mentee_ids = None, mentor_ids = None,
                    scores = None, mentor_scores = None, weight = None, layout = None,
                    threads = None, **kwargs))]
#[allow(clippy::too_many_arguments)]
pub fn stable_matching<'py>(
    py: Python<'py>,
    mentee_prefs: &Bound<'py, PyAny>,
    mentor_prefs: Option<&Bound<'py, PyAny>>,
    max_load: Option<&Bound<'py, PyAny>>,
    proposer: &str,
    seed: Option<&Bound<'py, PyAny>>,
    acceptability: Option<&str>,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
    scores: Option<&Bound<'py, PyAny>>,
    mentor_scores: Option<&Bound<'py, PyAny>>,
    weight: Option<f64>,
    layout: Option<&str>,
    threads: Option<i64>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<PyAssignment> {
    no_old_keywords("stable_matching", kwargs, &[("capacities", "max_load")])?;
    let (built, _sm_caps) = TwoSidedArgs::of(mentee_prefs, mentor_prefs)
        .ids(mentee_ids, mentor_ids)
        .blend(scores, mentor_scores, weight)
        .read(acceptability, false, layout, parse_threads(threads)?)
        .build(py)?;
    // One-to-one unless `max_load` is given, like `stable_matching_from_scores` and every
    // solver but `assign_groups`: a `ScoreMatrix`'s mentor capacities are not applied silently.
    solve(py, built, max_load, proposer, seed)
}

/// Deferred acceptance where each side ranks the other by a score matrix.
#[pyfunction]
#[pyo3(signature = (mentee_scores, mentor_scores = None, *, max_load = None, proposer = "mentee",
                    seed = None, acceptability = None, mentee_ids = None, mentor_ids = None,
                    threads = None, **kwargs))]
#[allow(clippy::too_many_arguments)]
pub fn stable_matching_from_scores<'py>(
    py: Python<'py>,
    mentee_scores: &Bound<'py, PyAny>,
    mentor_scores: Option<&Bound<'py, PyAny>>,
    max_load: Option<&Bound<'py, PyAny>>,
    proposer: &str,
    seed: Option<&Bound<'py, PyAny>>,
    acceptability: Option<&str>,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
    threads: Option<i64>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<PyAssignment> {
    no_old_keywords(
        "stable_matching_from_scores",
        kwargs,
        &[("capacities", "max_load")],
    )?;
    // One-to-one unless `max_load` is given, like every other strategy: a `ScoreMatrix`'s
    // mentor capacities are not applied silently.
    let (built, _sm_caps) = TwoSidedArgs::of(mentee_scores, mentor_scores)
        .ids(mentee_ids, mentor_ids)
        .read(acceptability, true, None, parse_threads(threads)?)
        .build(py)?;
    solve(py, built, max_load, proposer, seed)
}

/// The preferences an assignment is checked against, with lists by id aligned on the
/// assignment's ids; an assignment and preferences with different ids are an error.
fn check_prefs<'py>(
    py: Python<'py>,
    a: &PyAssignment,
    mut args: TwoSidedArgs<'_, 'py>,
) -> PyResult<(Arc<Labelled>, Option<Bound<'py, PyAny>>)> {
    if args.mentee_prefs.is_some_and(is_mapping) {
        args.mentee_ids = args.mentee_ids.or_else(|| a.mentee_ids.clone());
        args.mentor_ids = args.mentor_ids.or_else(|| a.mentor_ids.clone());
    }
    let (built, caps) = args.build(py)?;
    for (mine, theirs, what) in [
        (&a.mentee_ids, &built.mentee_ids, "mentee"),
        (&a.mentor_ids, &built.mentor_ids, "mentor"),
    ] {
        if let (Some(x), Some(y)) = (mine, theirs)
            && x != y
        {
            return Err(InvalidValueError::new_err(format!(
                "the assignment's {what} ids differ from the preferences' {what} ids (order \
                 included); build the preferences with {what}_ids= set to the assignment's"
            )));
        }
    }
    Ok((built, caps))
}

/// Blocking pairs of an assignment under stated preferences.
#[pyfunction]
#[pyo3(signature = (assignment, mentee_prefs, mentor_prefs = None, *, max_load = None,
                    acceptability = None, mentee_ids = None, mentor_ids = None, scores = None,
                    mentor_scores = None, weight = None, from_scores = false, layout = None,
                    **kwargs))]
#[allow(clippy::too_many_arguments)]
pub fn blocking_pairs<'py>(
    py: Python<'py>,
    assignment: &Bound<'py, PyAssignment>,
    mentee_prefs: &Bound<'py, PyAny>,
    mentor_prefs: Option<&Bound<'py, PyAny>>,
    max_load: Option<&Bound<'py, PyAny>>,
    acceptability: Option<&str>,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
    scores: Option<&Bound<'py, PyAny>>,
    mentor_scores: Option<&Bound<'py, PyAny>>,
    weight: Option<f64>,
    from_scores: bool,
    layout: Option<&str>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyList>> {
    no_old_keywords("blocking_pairs", kwargs, &[("capacities", "max_load")])?;
    let a = assignment.get();
    let args = TwoSidedArgs::of(mentee_prefs, mentor_prefs)
        .ids(mentee_ids, mentor_ids)
        .blend(scores, mentor_scores, weight)
        .read(acceptability, from_scores, layout, None);
    let (built, sm_caps) = check_prefs(py, a, args)?;
    let caps = parse_capacities(
        max_load.or(sm_caps.as_ref()),
        built.mentor_ids.as_deref(),
        built.preferences.n_mentors(),
    )?;
    let out = run_detached(py, || {
        assign::blocking_pairs(&a.inner, &built.preferences, &caps)
    })?;
    pairs_out(
        py,
        &out,
        built.mentee_ids.as_deref(),
        built.mentor_ids.as_deref(),
    )
}

/// Rank statistics of an assignment per side.
#[pyfunction]
#[pyo3(signature = (assignment, mentee_prefs, mentor_prefs = None, *, acceptability = None,
                    mentee_ids = None, mentor_ids = None, scores = None, mentor_scores = None,
                    weight = None, from_scores = false, layout = None))]
#[allow(clippy::too_many_arguments)]
pub fn rank_stats<'py>(
    py: Python<'py>,
    assignment: &Bound<'py, PyAssignment>,
    mentee_prefs: &Bound<'py, PyAny>,
    mentor_prefs: Option<&Bound<'py, PyAny>>,
    acceptability: Option<&str>,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
    scores: Option<&Bound<'py, PyAny>>,
    mentor_scores: Option<&Bound<'py, PyAny>>,
    weight: Option<f64>,
    from_scores: bool,
    layout: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let a = assignment.get();
    let args = TwoSidedArgs::of(mentee_prefs, mentor_prefs)
        .ids(mentee_ids, mentor_ids)
        .blend(scores, mentor_scores, weight)
        .read(acceptability, from_scores, layout, None);
    let (built, _) = check_prefs(py, a, args)?;
    let (e, m) = run_detached(py, || assign::rank_stats(&a.inner, &built.preferences))?;
    let d = PyDict::new(py);
    d.set_item("mentee", stats_dict(py, &e)?)?;
    d.set_item("mentor", stats_dict(py, &m)?)?;
    Ok(d)
}

/// Outcome of `stable_roommates`; unpacks as `(matching, stable, blocking_pairs)`.
#[pyclass(name = "RoommatesResult", module = "nastavnik._nastavnik", frozen)]
pub struct PyRoommatesResult {
    #[pyo3(get)]
    pub(crate) matching: Py<PyPeerMatching>,
    #[pyo3(get)]
    pub(crate) stable: bool,
    #[pyo3(get)]
    pub(crate) blocking_pairs: Py<PyList>,
    #[pyo3(get)]
    pub(crate) set_aside: Py<PyList>,
    #[pyo3(get)]
    pub(crate) rank_stats: Py<PyDict>,
}

#[pymethods]
impl PyRoommatesResult {
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
        (
            self.matching.clone_ref(py),
            self.stable,
            self.blocking_pairs.clone_ref(py),
        )
            .into_pyobject(py)?
            .try_iter()
    }

    fn __len__(&self) -> usize {
        3
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "RoommatesResult({} pairs, stable={}, {} blocking pairs, {} set aside)",
            self.matching.get().inner.pairs().len(),
            if self.stable { "True" } else { "False" },
            self.blocking_pairs.bind(py).len(),
            self.set_aside.bind(py).len()
        )
    }
}

/// Irving's stable roommates algorithm on stated peer preferences.
#[pyfunction]
#[pyo3(signature = (prefs, *, seed = None, acceptability = None, ids = None, threads = None))]
pub fn stable_roommates<'py>(
    py: Python<'py>,
    prefs: &Bound<'py, PyAny>,
    seed: Option<&Bound<'py, PyAny>>,
    acceptability: Option<&str>,
    ids: Option<Vec<String>>,
    threads: Option<i64>,
) -> PyResult<PyRoommatesResult> {
    let seed = parse_seed(seed)?;
    let threads = parse_threads(threads)?;
    let built = build_peers(py, prefs, ids, None, None, acceptability, None, threads)?;
    let (outcome, stats) = run_detached(py, || {
        let o = assign::stable_roommates(&built.preferences, seed)?;
        let s = assign::peer_rank_stats(&o.matching, &built.preferences)?;
        Ok::<_, Error>((o, s))
    })?;
    let ids = built.ids.as_deref();
    let blocking = pairs_out(py, &outcome.blocking_pairs, ids, ids)?;
    let set_aside = outcome
        .set_aside
        .iter()
        .map(|&i| label(py, i, ids))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyRoommatesResult {
        matching: Py::new(py, PyPeerMatching::new(outcome.matching, built.ids.clone()))?,
        stable: outcome.stable,
        blocking_pairs: blocking.unbind(),
        set_aside: PyList::new(py, set_aside)?.unbind(),
        rank_stats: stats_dict(py, &stats)?.unbind(),
    })
}
