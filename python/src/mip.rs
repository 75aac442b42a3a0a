//! Python binding of the side-constrained MIP (`nastavnik::assign::mip`, good_lp + HiGHS).

use nastavnik::assign::mip::{MipProblem, Quota};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::args::no_old_keywords;
use crate::assign::{PyAssignment, ScoreInput};
use crate::convert::Floats;
use crate::errors::{InvalidValueError, UnknownIdError, run_detached};
use crate::groups::counts;

/// A row or column given as an int index or (when the input carries ids) as an id.
fn index(
    obj: &Bound<'_, PyAny>,
    ids: Option<&[String]>,
    len: usize,
    what: &str,
) -> PyResult<usize> {
    if let Ok(i) = obj.extract::<i64>() {
        return usize::try_from(i).ok().filter(|&i| i < len).ok_or_else(|| {
            InvalidValueError::new_err(format!("{what} index {i} is out of range 0..{len}"))
        });
    }
    let id: String = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!("{what} must be an int index or an id string"))
    })?;
    let ids = ids.ok_or_else(|| {
        PyTypeError::new_err(format!(
            "{what} {id:?} is an id, but the scores carry no ids (pass a ScoreMatrix or use indices)"
        ))
    })?;
    ids.iter()
        .position(|x| *x == id)
        .ok_or_else(|| UnknownIdError::new_err(format!("unknown {what} id {id:?}")))
}

fn indices(
    obj: &Bound<'_, PyAny>,
    ids: Option<&[String]>,
    len: usize,
    what: &str,
) -> PyResult<Vec<usize>> {
    obj.try_iter()?
        .map(|x| index(&x?, ids, len, what))
        .collect()
}

fn pairs(
    obj: Option<&Bound<'_, PyAny>>,
    input: &ScoreInput,
    (n, m): (usize, usize),
    what: &str,
) -> PyResult<Vec<(usize, usize)>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    obj.try_iter()?
        .map(|p| {
            let p = p?;
            let (a, b): (Bound<'_, PyAny>, Bound<'_, PyAny>) = p.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "{what} must be a sequence of (mentee, mentor) pairs"
                ))
            })?;
            Ok((
                index(
                    &a,
                    input.mentee_ids.as_deref(),
                    n,
                    &format!("{what} mentee"),
                )?,
                index(
                    &b,
                    input.mentor_ids.as_deref(),
                    m,
                    &format!("{what} mentor"),
                )?,
            ))
        })
        .collect()
}

/// The keys a quota dict may have.
const QUOTA_KEYS: [&str; 5] = ["name", "mentees", "mentors", "min", "max"];

fn quota(d: &Bound<'_, PyAny>, input: &ScoreInput, (n, m): (usize, usize)) -> PyResult<Quota> {
    let d = d.downcast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(
            "quotas: each quota must be a dict with name, mentees, mentors, min, max",
        )
    })?;
    for key in d.keys() {
        let key: String = key.str()?.to_string();
        if !QUOTA_KEYS.contains(&key.as_str()) {
            return Err(InvalidValueError::new_err(format!(
                "quotas: unknown key {key:?}{}; expected one of {QUOTA_KEYS:?}",
                nastavnik::suggest::did_you_mean(&key, QUOTA_KEYS)
            )));
        }
    }
    let name: String = match d.get_item("name")? {
        Some(v) => v.extract()?,
        None => "quota".into(),
    };
    let mut q = Quota::new(name);
    if let Some(rows) = d.get_item("mentees")?.filter(|v| !v.is_none()) {
        q = q.mentees(indices(
            &rows,
            input.mentee_ids.as_deref(),
            n,
            "quota mentee",
        )?);
    }
    if let Some(cols) = d.get_item("mentors")?.filter(|v| !v.is_none()) {
        q = q.mentors(indices(
            &cols,
            input.mentor_ids.as_deref(),
            m,
            "quota mentor",
        )?);
    }
    if let Some(v) = d.get_item("min")?.filter(|v| !v.is_none()) {
        q = q.at_least(v.extract()?);
    }
    if let Some(v) = d.get_item("max")?.filter(|v| !v.is_none()) {
        q = q.at_most(v.extract()?);
    }
    Ok(q)
}

/// `team_size=`: an exact number of mentors per mentee or a `(min, max)` range.
#[derive(FromPyObject)]
pub enum TeamSize {
    /// Exactly this many mentors per mentee.
    Exact(usize),
    /// Between `min` and `max` mentors per mentee.
    Range((usize, usize)),
}

impl TeamSize {
    fn range(self) -> (usize, usize) {
        match self {
            TeamSize::Exact(k) => (k, k),
            TeamSize::Range(r) => r,
        }
    }
}

/// Side-constrained optimal assignment: a MIP solved by HiGHS (see the stub for documentation).
#[pyfunction]
#[pyo3(signature = (scores, *, max_load = None, min_load = None, team_size = None,
                    reject_score = None, categories = None, priority = None, classes = None,
                    class_limit = None, quotas = None, required = None, forbidden = None,
                    time_limit = None, gap = None, **kwargs))]
#[allow(clippy::too_many_arguments)]
pub fn assign_mip(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    max_load: Option<&Bound<'_, PyAny>>,
    min_load: Option<&Bound<'_, PyAny>>,
    team_size: Option<TeamSize>,
    reject_score: Option<f64>,
    categories: Option<Vec<String>>,
    priority: Option<Vec<String>>,
    classes: Option<Vec<String>>,
    class_limit: Option<&Bound<'_, PyAny>>,
    quotas: Option<&Bound<'_, PyAny>>,
    required: Option<&Bound<'_, PyAny>>,
    forbidden: Option<&Bound<'_, PyAny>>,
    time_limit: Option<f64>,
    gap: Option<f64>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyAssignment> {
    no_old_keywords(
        "assign_mip",
        kwargs,
        &[
            ("mentors_per_mentee", "team_size"),
            ("require", "required"),
            ("forbid", "forbidden"),
        ],
    )?;
    let input = ScoreInput::extract(scores, None)?;
    let mat = match &input.scores {
        Floats::F64(a) => a.clone(),
        Floats::F32(a) => a.mapv(f64::from),
    };
    let shape = mat.dim();
    let m = shape.1;
    let max_loads: Vec<usize> = match (max_load, &input.capacity) {
        (Some(obj), _) => counts(obj, "max_load", m, "mentor column")?
            .into_iter()
            .map(|c| c as usize)
            .collect(),
        (None, Some(c)) => c.iter().map(|&c| c as usize).collect(),
        (None, None) => vec![1; m],
    };
    let min_loads: Option<Vec<usize>> = min_load
        .map(|o| counts(o, "min_load", m, "mentor column"))
        .transpose()?
        .map(|v| v.into_iter().map(|c| c as usize).collect());
    let quotas: Vec<Quota> = match quotas {
        Some(q) => crate::args::iter(q, "quotas")?
            .map(|d| quota(&d?, &input, shape))
            .collect::<PyResult<_>>()?,
        None => Vec::new(),
    };
    let require = pairs(required, &input, shape, "required")?;
    let forbid = pairs(forbidden, &input, shape, "forbidden")?;
    let class_limit = match class_limit {
        Some(k) => Some(crate::args::bounded_int(k, "class_limit", usize::MAX as u64)? as usize),
        None => None,
    };
    if class_limit.is_some() != classes.is_some() {
        return Err(PyTypeError::new_err("classes and class_limit go together"));
    }
    if priority.is_some() && categories.is_none() {
        return Err(PyTypeError::new_err(
            "priority needs categories (one label per mentee)",
        ));
    }
    let inner = run_detached(py, || {
        let mut p = MipProblem::new(mat.view())?.max_loads(&max_loads);
        if let Some(mins) = &min_loads {
            p = p.min_loads(mins);
        }
        if let Some((lo, hi)) = team_size.map(TeamSize::range) {
            p = p.team_size(lo, hi);
        }
        if let Some(r) = reject_score {
            p = p.allow_unmatched(r);
        }
        if let (Some(c), Some(pr)) = (&categories, &priority) {
            p = p.priority(c, pr);
        }
        if let (Some(c), Some(k)) = (&classes, class_limit) {
            p = p.class_limit(c, k);
        }
        for q in quotas {
            p = p.quota(q);
        }
        for &(i, j) in &require {
            p = p.require(i, j);
        }
        for &(i, j) in &forbid {
            p = p.forbid(i, j);
        }
        if let Some(t) = time_limit {
            p = p.time_limit(t);
        }
        if let Some(g) = gap {
            p = p.gap(g);
        }
        p.solve()
    })?;
    Ok(PyAssignment::new(inner, input.mentee_ids, input.mentor_ids))
}
