//! Python bindings of the exact assignment solvers: capacitated group formation
//! (`nastavnik::assign::flow`) and peer pairing (`nastavnik::assign::blossom`).
//!
//! Thin layer: extract and check the Python arguments, copy the matrices into owned arrays, call
//! the core with the GIL released, wrap the result in the shared `Assignment` / `PeerMatching`.

use nastavnik::assign::blossom::{PeerObjective, PeerOptions, solve_peers, solve_peers_masked};
use nastavnik::assign::flow::{GroupOptions, solve_groups};
use nastavnik::parallel;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::args::no_old_keywords;

use crate::assign::{PyAssignment, PyPeerMatching, ScoreInput};
use crate::convert::{Floats, bools, floats};
use crate::errors::{InvalidValueError, ShapeError, run_detached};

/// A per-row or per-column count: one int for all, or one int per entry (any int sequence).
pub(crate) fn counts(
    obj: &Bound<'_, PyAny>,
    name: &str,
    len: usize,
    what: &str,
) -> PyResult<Vec<u32>> {
    let raw: Vec<i64> = if let Ok(v) = obj.extract::<i64>() {
        if u32::try_from(v).is_err() {
            return Err(InvalidValueError::new_err(format!(
                "{name} must be between 0 and {}, got {v}",
                u32::MAX
            )));
        }
        // One value for every column: checked, so a huge matrix is a MemoryError, not an abort.
        return crate::errors::map(nastavnik::memory::try_vec(len, v as u32, name));
    } else if obj.is_instance_of::<pyo3::types::PyInt>() {
        // An int beyond i64 (e.g. 2**63): out of range, not a type error.
        return Err(InvalidValueError::new_err(format!(
            "{name} must be between 0 and {}, got {obj}",
            u32::MAX
        )));
    } else {
        obj.extract::<Vec<i64>>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{name} must be an int or a sequence of ints (one per {what}), got {}",
                obj.get_type()
                    .name()
                    .map_or_else(|_| "?".to_string(), |n| n.to_string())
            ))
        })?
    };
    raw.into_iter()
        .enumerate()
        .map(|(k, v)| {
            u32::try_from(v).map_err(|_| {
                InvalidValueError::new_err(format!(
                    "{name}: {what} {k} has {v}, which must be between 0 and {}",
                    u32::MAX
                ))
            })
        })
        .collect()
}

/// Capacitated group formation by exact min-cost flow (see the stub for documentation).
#[pyfunction]
#[pyo3(signature = (scores, *, max_load = None, min_load = None, team_size = None,
                    reject_score = None, forbidden = None, threads = None, **kwargs))]
#[allow(clippy::too_many_arguments)]
pub fn assign_groups(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    max_load: Option<&Bound<'_, PyAny>>,
    min_load: Option<&Bound<'_, PyAny>>,
    team_size: Option<&Bound<'_, PyAny>>,
    reject_score: Option<f64>,
    forbidden: Option<&Bound<'_, PyAny>>,
    threads: Option<i64>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyAssignment> {
    let threads = crate::prefs_args::parse_threads(threads)?;
    no_old_keywords(
        "assign_groups",
        kwargs,
        &[("mentors_per_mentee", "team_size")],
    )?;
    let ScoreInput {
        scores: mat,
        mentee_ids,
        mentor_ids,
        capacity,
    } = ScoreInput::extract(scores, forbidden)?;
    let (n, m) = mat.dim();
    let max_load = match (max_load, capacity) {
        (Some(obj), _) => counts(obj, "max_load", m, "mentor column")?,
        (None, Some(c)) => c,
        (None, None) => {
            return Err(PyTypeError::new_err(
                "assign_groups() needs max_load when scores is an array \
                 (it defaults to the mentor capacities only for a ScoreMatrix)",
            ));
        }
    };
    let opts = GroupOptions::with_max_load(max_load)
        .with_min_load(
            min_load
                .map(|o| counts(o, "min_load", m, "mentor column"))
                .transpose()?
                .unwrap_or_default(),
        )
        .with_team_size(
            team_size
                .map(|o| counts(o, "team_size", n, "mentee row"))
                .transpose()?
                .unwrap_or_default(),
        )
        .with_reject_score(reject_score);
    // the core reports `total` (the pairs' scores) and `objective` (plus the reject gains)
    let inner = match mat {
        Floats::F32(a) => run_detached(py, || {
            parallel::install(threads, || solve_groups(a.view(), &opts))?
        })?,
        Floats::F64(a) => run_detached(py, || {
            parallel::install(threads, || solve_groups(a.view(), &opts))?
        })?,
    };
    Ok(PyAssignment::new(inner, mentee_ids, mentor_ids))
}

/// Peer pairing by Edmonds' maximum-weight matching (see the stub for documentation).
#[pyfunction]
#[pyo3(signature = (weights, *, objective = "max_weight", reject_below = None, forbidden = None,
                    ids = None))]
pub fn pair_peers(
    py: Python<'_>,
    weights: &Bound<'_, PyAny>,
    objective: &str,
    reject_below: Option<f64>,
    forbidden: Option<&Bound<'_, PyAny>>,
    ids: Option<Vec<String>>,
) -> PyResult<PyPeerMatching> {
    let objective: PeerObjective = crate::errors::map(objective.parse())?;
    let opts = PeerOptions::default()
        .with_objective(objective)
        .with_reject_below(reject_below);
    let mat = floats(weights, "weights")?;
    let n = mat.dim().0;
    if let Some(ids) = &ids
        && ids.len() != n
    {
        return Err(ShapeError::new_err(format!(
            "ids: expected {n} ids (one per row of weights), got {}",
            ids.len()
        )));
    }
    if let Some(ids) = &ids {
        crate::errors::map(nastavnik::preferences::check_unique_ids(ids, "ids"))?;
    }
    let mask = forbidden.map(|f| bools(f, "forbidden")).transpose()?;
    let inner = match (mat, &mask) {
        (Floats::F32(a), None) => run_detached(py, || solve_peers(a.view(), &opts))?,
        (Floats::F64(a), None) => run_detached(py, || solve_peers(a.view(), &opts))?,
        (Floats::F32(a), Some(f)) => {
            run_detached(py, || solve_peers_masked(a.view(), f.view(), &opts))?
        }
        (Floats::F64(a), Some(f)) => {
            run_detached(py, || solve_peers_masked(a.view(), f.view(), &opts))?
        }
    };
    Ok(PyPeerMatching::new(inner, ids))
}
