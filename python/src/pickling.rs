//! Pickling of the result classes: each class's state as plain Python values, and rebuilding
//! through the core's validating constructors (a tampered pickle is a `ValueError`, not a
//! broken object). `nastavnik/_pickle.py` registers these with `copyreg` and defines `==` on
//! the same states.

use nastavnik::assign::{Assignment, PeerMatching, Solution, SolveStatus, Strategy};
use nastavnik::scoring::{Candidates, ScoreMatrix};
use numpy::PyReadonlyArray2;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::assign::{PyAssignment, PyPeerMatching};
use crate::contract::PySolution;
use crate::errors::{InvalidValueError, ShapeError, map};
use crate::scoring::{PyCandidates, PyScoreMatrix};
use crate::stable::PyRoommatesResult;

/// `(n_mentees, n_mentors, pairs, total, status JSON, core mentee ids, core mentor ids,
/// objective)`.
type CoreAssignmentState = (
    usize,
    usize,
    Vec<(usize, usize)>,
    f64,
    String,
    Option<Vec<String>>,
    Option<Vec<String>>,
    Option<f64>,
);

fn status_json(s: SolveStatus) -> PyResult<String> {
    serde_json::to_string(&s).map_err(|e| InvalidValueError::new_err(format!("status: {e}")))
}

fn parse_status(text: &str) -> PyResult<SolveStatus> {
    serde_json::from_str(text).map_err(|e| InvalidValueError::new_err(format!("status: {e}")))
}

fn core_state(a: &Assignment) -> PyResult<CoreAssignmentState> {
    Ok((
        a.n_mentees(),
        a.n_mentors(),
        a.pairs().to_vec(),
        a.total(),
        status_json(a.status())?,
        a.mentee_ids().map(<[String]>::to_vec),
        a.mentor_ids().map(<[String]>::to_vec),
        a.objective(),
    ))
}

fn core_rebuild(s: CoreAssignmentState) -> PyResult<Assignment> {
    let (n_e, n_m, pairs, total, status, e, m, objective) = s;
    let mut a = map(Assignment::new(
        n_e,
        n_m,
        pairs,
        total,
        parse_status(&status)?,
    ))?;
    if let Some(o) = objective {
        a = a.with_objective(o);
    }
    match (e, m) {
        (Some(e), Some(m)) => map(a.with_ids(e, m)),
        (None, None) => Ok(a),
        _ => Err(InvalidValueError::new_err(
            "assignment state: mentee and mentor ids must both be given or both be absent",
        )),
    }
}

fn check_len(ids: &Option<Vec<String>>, n: usize, what: &str) -> PyResult<()> {
    match ids {
        Some(v) if v.len() != n => Err(ShapeError::new_err(format!(
            "{what}: expected {n} ids, got {}",
            v.len()
        ))),
        _ => Ok(()),
    }
}

/// The pickling state of an `Assignment`: its core state, then the wrapper's ids.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn _assignment_state(
    a: PyRef<'_, PyAssignment>,
) -> PyResult<(
    CoreAssignmentState,
    Option<Vec<String>>,
    Option<Vec<String>>,
)> {
    Ok((
        core_state(&a.inner)?,
        a.mentee_ids.clone(),
        a.mentor_ids.clone(),
    ))
}

/// Rebuild an `Assignment` from `_assignment_state`.
#[pyfunction]
pub fn _rebuild_assignment(
    state: CoreAssignmentState,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
) -> PyResult<PyAssignment> {
    let a = core_rebuild(state)?;
    check_len(&mentee_ids, a.n_mentees(), "mentee_ids")?;
    check_len(&mentor_ids, a.n_mentors(), "mentor_ids")?;
    Ok(PyAssignment::new(a, mentee_ids, mentor_ids))
}

/// The pickling state of a `PeerMatching`: `(mate, total, status JSON, ids)`.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn _peer_state(
    p: PyRef<'_, PyPeerMatching>,
) -> PyResult<(Vec<Option<usize>>, f64, String, Option<Vec<String>>)> {
    Ok((
        p.inner.mate().to_vec(),
        p.inner.total(),
        status_json(p.inner.status())?,
        p.ids.clone(),
    ))
}

/// Rebuild a `PeerMatching` from `_peer_state`.
#[pyfunction]
pub fn _rebuild_peer(
    mate: Vec<Option<usize>>,
    total: f64,
    status: &str,
    ids: Option<Vec<String>>,
) -> PyResult<PyPeerMatching> {
    let p = map(PeerMatching::new(mate, total, parse_status(status)?))?;
    check_len(&ids, p.mate().len(), "ids")?;
    Ok(PyPeerMatching::new(p, ids))
}

/// The pickling state of a `Solution`: `(assignment state, objective, strategy JSON)`.
#[pyfunction]
pub fn _solution_state(
    s: PyRef<'_, PySolution>,
) -> PyResult<(CoreAssignmentState, Option<f64>, String)> {
    Ok((
        core_state(s.inner.assignment())?,
        s.inner.objective(),
        s.inner.strategy().to_json(),
    ))
}

/// Rebuild a `Solution` from `_solution_state`.
#[pyfunction]
pub fn _rebuild_solution(
    assignment: CoreAssignmentState,
    objective: Option<f64>,
    strategy: &str,
) -> PyResult<PySolution> {
    let a = core_rebuild(assignment)?;
    let strategy = map(Strategy::from_json(strategy))?;
    Ok(PySolution {
        inner: Solution::from_parts(a, objective, strategy),
    })
}

/// Rebuild a `ScoreMatrix` from its attributes (shapes checked).
#[pyfunction]
pub fn _rebuild_score_matrix(
    scores: PyReadonlyArray2<'_, f64>,
    mentee_ids: Vec<String>,
    mentor_ids: Vec<String>,
    mentor_capacity: Vec<u32>,
    excluded_ids: Vec<String>,
) -> PyResult<PyScoreMatrix> {
    let s = scores.as_array();
    if s.dim() != (mentee_ids.len(), mentor_ids.len()) || mentor_capacity.len() != mentor_ids.len()
    {
        return Err(ShapeError::new_err(format!(
            "score matrix state: scores {:?}, {} mentee ids, {} mentor ids, {} capacities",
            s.dim(),
            mentee_ids.len(),
            mentor_ids.len(),
            mentor_capacity.len()
        )));
    }
    Ok(PyScoreMatrix::new(ScoreMatrix {
        mentee_ids,
        mentor_ids,
        scores: s.to_owned(),
        mentor_capacity,
        excluded_ids,
    }))
}

/// Rebuild `Candidates` from `(n_mentors, indptr, indices, scores, mentee ids, mentor ids)`.
#[pyfunction]
pub fn _rebuild_candidates(
    n_mentors: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    scores: Vec<f64>,
    mentee_ids: Option<Vec<String>>,
    mentor_ids: Option<Vec<String>>,
) -> PyResult<PyCandidates> {
    let c = map(Candidates::new(n_mentors, indptr, indices, scores))?;
    check_len(&mentee_ids, c.n_mentees(), "mentee_ids")?;
    check_len(&mentor_ids, c.n_mentors(), "mentor_ids")?;
    Ok(PyCandidates::new(c, mentee_ids, mentor_ids))
}

/// Rebuild a `RoommatesResult` from its attributes.
#[pyfunction]
pub fn _rebuild_roommates(
    matching: Py<PyPeerMatching>,
    stable: bool,
    blocking_pairs: Py<PyList>,
    set_aside: Py<PyList>,
    rank_stats: Py<PyDict>,
) -> PyRoommatesResult {
    PyRoommatesResult {
        matching,
        stable,
        blocking_pairs,
        set_aside,
        rank_stats,
    }
}

/// Register the functions on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_assignment_state, m)?)?;
    m.add_function(wrap_pyfunction!(_rebuild_assignment, m)?)?;
    m.add_function(wrap_pyfunction!(_peer_state, m)?)?;
    m.add_function(wrap_pyfunction!(_rebuild_peer, m)?)?;
    m.add_function(wrap_pyfunction!(_solution_state, m)?)?;
    m.add_function(wrap_pyfunction!(_rebuild_solution, m)?)?;
    m.add_function(wrap_pyfunction!(_rebuild_score_matrix, m)?)?;
    m.add_function(wrap_pyfunction!(_rebuild_candidates, m)?)?;
    m.add_function(wrap_pyfunction!(_rebuild_roommates, m)?)?;
    Ok(())
}
