//! Python bindings of the fair objectives (`nastavnik::assign::fair`) and of incremental
//! re-matching (`nastavnik::assign::incremental`).
//!
//! Thin layer: extract and check the Python arguments (indices or, for a `ScoreMatrix`, ids),
//! call the core with the GIL released, wrap the result in the shared `Assignment`.

use std::collections::HashMap;

use nastavnik::assign::fair::{Objective, solve_fair};
use nastavnik::assign::incremental::{ChangeReport, RematchOptions, rematch};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::args::no_old_keywords;
use crate::assign::PyAssignment;
use crate::assign::ScoreInput;
use crate::convert::Floats;
use crate::errors::{InvalidValueError, UnknownIdError, run_detached};
use crate::groups::counts;

type Ids = Option<Vec<String>>;

/// Assignment with a fair or coverage objective (see the stub for documentation).
#[pyfunction]
#[pyo3(signature = (scores, *, objective = "max_min", max_load = None))]
pub fn assign_fair(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    objective: &str,
    max_load: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyAssignment> {
    let objective: Objective = crate::errors::map(objective.parse())?;
    let ScoreInput {
        scores: mat,
        mentee_ids,
        mentor_ids,
        ..
    } = ScoreInput::extract(scores, None)?;
    let m = mat.dim().1;
    let cap = max_load
        .map(|o| counts(o, "max_load", m, "mentor column"))
        .transpose()?;
    let cap = cap.as_deref();
    let inner = match mat {
        Floats::F32(a) => run_detached(py, || solve_fair(a.view(), cap, objective))?,
        Floats::F64(a) => run_detached(py, || solve_fair(a.view(), cap, objective))?,
    };
    Ok(PyAssignment::new(inner, mentee_ids, mentor_ids))
}

/// Resolves Python indices or ids of one side (mentee rows or mentor columns).
struct Side<'a> {
    name: &'static str,
    ids: Option<&'a [String]>,
    lookup: HashMap<&'a str, usize>,
}

impl<'a> Side<'a> {
    fn new(name: &'static str, ids: &'a Ids) -> Self {
        let lookup = ids
            .as_deref()
            .map(|v| v.iter().enumerate().map(|(k, s)| (s.as_str(), k)).collect())
            .unwrap_or_default();
        Self {
            name,
            ids: ids.as_deref(),
            lookup,
        }
    }

    /// An index (`int`, negative = none when `allow_none`), `None`, or an id (`str`).
    fn resolve(
        &self,
        obj: &Bound<'_, PyAny>,
        arg: &str,
        allow_none: bool,
    ) -> PyResult<Option<usize>> {
        if obj.is_none() && allow_none {
            return Ok(None);
        }
        if let Ok(s) = obj.downcast::<PyString>() {
            let s = s.to_cow()?;
            if self.ids.is_none() {
                return Err(PyTypeError::new_err(format!(
                    "{arg}: {} id {s:?} given but scores is an array (ids need a ScoreMatrix)",
                    self.name
                )));
            }
            return match self.lookup.get(s.as_ref()) {
                Some(&k) => Ok(Some(k)),
                None => Err(UnknownIdError::new_err(format!(
                    "unknown id {s:?} in {arg} (not a {} of the score matrix)",
                    self.name
                ))),
            };
        }
        let v: i64 = obj.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "{arg}: expected a {} index (int) or id (str){}, got {}",
                self.name,
                if allow_none { " or None" } else { "" },
                obj.get_type()
                    .name()
                    .map_or_else(|_| "?".to_string(), |n| n.to_string())
            ))
        })?;
        if v < 0 {
            if allow_none {
                return Ok(None);
            }
            return Err(InvalidValueError::new_err(format!(
                "{arg}: negative {} index {v}",
                self.name
            )));
        }
        usize::try_from(v)
            .map(Some)
            .map_err(|_| InvalidValueError::new_err(format!("{arg}: index {v} too large")))
    }

    fn label(&self, py: Python<'_>, k: usize) -> PyResult<PyObject> {
        Ok(match self.ids.and_then(|v| v.get(k)) {
            Some(s) => s.into_pyobject(py)?.into_any().unbind(),
            None => k.into_pyobject(py)?.into_any().unbind(),
        })
    }
}

fn pairs_arg(
    obj: Option<&Bound<'_, PyAny>>,
    arg: &str,
    rows: &Side<'_>,
    cols: &Side<'_>,
) -> PyResult<Vec<(usize, usize)>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for item in obj.try_iter()? {
        let item = item?;
        let (a, b): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract().map_err(|_| {
            PyTypeError::new_err(format!("{arg}: each entry must be a (mentee, mentor) pair"))
        })?;
        let i = rows.resolve(&a, arg, false)?.unwrap_or_default();
        let j = cols.resolve(&b, arg, false)?.unwrap_or_default();
        out.push((i, j));
    }
    Ok(out)
}

fn report_dict<'py>(
    py: Python<'py>,
    r: &ChangeReport,
    rows: &Side<'_>,
    cols: &Side<'_>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let two = |v: &[(usize, usize)]| -> PyResult<Bound<'py, PyList>> {
        let items: PyResult<Vec<(PyObject, PyObject)>> = v
            .iter()
            .map(|&(i, j)| Ok((rows.label(py, i)?, cols.label(py, j)?)))
            .collect();
        PyList::new(py, items?)
    };
    let moved: PyResult<Vec<(PyObject, PyObject, PyObject)>> = r
        .moved
        .iter()
        .map(|&(i, a, b)| Ok((rows.label(py, i)?, cols.label(py, a)?, cols.label(py, b)?)))
        .collect();
    let unmatched: PyResult<Vec<PyObject>> =
        r.unmatched.iter().map(|&i| rows.label(py, i)).collect();
    d.set_item("kept", two(&r.kept)?)?;
    d.set_item("moved", PyList::new(py, moved?)?)?;
    d.set_item("newly_matched", two(&r.newly_matched)?)?;
    d.set_item("unmatched", PyList::new(py, unmatched?)?)?;
    d.set_item("n_kept", r.kept.len())?;
    d.set_item("n_moved", r.moved.len())?;
    d.set_item("n_newly_matched", r.newly_matched.len())?;
    d.set_item("n_unmatched", r.unmatched.len())?;
    Ok(d)
}

/// Incremental re-matching (see the stub for documentation).
#[pyfunction]
#[pyo3(name = "rematch", signature = (scores, previous, *, required = None, forbidden = None,
                    keep_bonus = None, max_load = None, **kwargs))]
#[allow(clippy::too_many_arguments)]
pub fn rematch_py<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    previous: &Bound<'py, PyAny>,
    required: Option<&Bound<'py, PyAny>>,
    forbidden: Option<&Bound<'py, PyAny>>,
    keep_bonus: Option<f64>,
    max_load: Option<&Bound<'py, PyAny>>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<(PyAssignment, Bound<'py, PyDict>)> {
    no_old_keywords(
        "rematch",
        kwargs,
        &[("fixed", "required"), ("avoid", "forbidden")],
    )?;
    let ScoreInput {
        scores: mat,
        mentee_ids,
        mentor_ids,
        ..
    } = ScoreInput::extract(scores, None)?;
    let m = mat.dim().1;
    let rows = Side::new("mentee", &mentee_ids);
    let cols = Side::new("mentor", &mentor_ids);
    let mut prev = Vec::new();
    for item in crate::args::iter(previous, "previous")? {
        prev.push(cols.resolve(&item?, "previous", true)?);
    }
    let opts = RematchOptions::default()
        .with_previous(prev)
        .with_required(pairs_arg(required, "required", &rows, &cols)?)
        .with_forbidden(pairs_arg(forbidden, "forbidden", &rows, &cols)?)
        .with_keep_bonus(keep_bonus)
        .with_max_load(
            max_load
                .map(|o| counts(o, "max_load", m, "mentor column"))
                .transpose()?,
        );
    let (inner, report) = match mat {
        Floats::F32(a) => run_detached(py, || rematch(a.view(), &opts))?,
        Floats::F64(a) => run_detached(py, || rematch(a.view(), &opts))?,
    };
    let d = report_dict(py, &report, &rows, &cols)?;
    Ok((
        PyAssignment::new(inner, mentee_ids.clone(), mentor_ids.clone()),
        d,
    ))
}
