//! The solver contract in Python: `Problem`, `Strategy`, `Solution` and `solve` (thin mirrors of
//! `nastavnik::assign::{Problem, Strategy, Solution}`; see the stub for documentation).

use nastavnik::assign::{Problem, Solution, Strategy};
use numpy::{PyArray1, PyArray2};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::args;
use crate::assign::PyAssignment;
use crate::convert::{Floats, floats};
use crate::errors::{map, run_detached};
use crate::preferences::{Built, PyPreferences};
use crate::scoring::{PyCandidates, PyScoreMatrix};

/// A validated assignment problem.
#[pyclass(name = "Problem", module = "nastavnik._nastavnik", frozen)]
pub struct PyProblem {
    pub inner: Problem,
}

#[pymethods]
impl PyProblem {
    #[new]
    #[pyo3(signature = (scores, *, mentee_ids = None, mentor_ids = None, min_load = None,
                        max_load = None, team_size = None, reject_score = None, forbidden = None,
                        required = None, preferences = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        scores: &Bound<'_, PyAny>,
        mentee_ids: Option<Vec<String>>,
        mentor_ids: Option<Vec<String>>,
        min_load: Option<&Bound<'_, PyAny>>,
        max_load: Option<&Bound<'_, PyAny>>,
        team_size: Option<&Bound<'_, PyAny>>,
        reject_score: Option<&Bound<'_, PyAny>>,
        forbidden: Option<&Bound<'_, PyAny>>,
        required: Option<&Bound<'_, PyAny>>,
        preferences: Option<&Bound<'_, PyPreferences>>,
    ) -> PyResult<Self> {
        let (mut p, ids) = if let Some(sm) = PyScoreMatrix::of(scores) {
            let ids = (sm.mentee_ids.clone(), sm.mentor_ids.clone());
            (
                run_detached(py, || Problem::new(sm.scores.clone()))?,
                Some(ids),
            )
        } else if let Ok(c) = scores.downcast::<PyCandidates>() {
            let c = c.get();
            let ids = c.mentee_ids.clone().zip(c.mentor_ids.clone());
            (map(Problem::from_candidates((*c.inner).clone()))?, ids)
        } else {
            // A pandas DataFrame: its index and columns become the ids.
            let frame = crate::convert::Frame::of(scores, "scores")?;
            let values = frame.as_ref().map_or(scores, |f| &f.values);
            let p = match floats(values, "scores")? {
                Floats::F64(a) => run_detached(py, || Problem::new(a))?,
                Floats::F32(a) => run_detached(py, || Problem::new_f32(a))?,
            };
            (p, frame.map(|f| (f.row_ids, f.col_ids)))
        };
        let ids = match (mentee_ids, mentor_ids, ids) {
            (Some(e), Some(m), _) => Some((e, m)),
            (None, None, ids) => ids,
            (e, m, ids) => {
                let (de, dm) = ids.unzip();
                match (e.or(de), m.or(dm)) {
                    (Some(e), Some(m)) => Some((e, m)),
                    _ => {
                        return Err(PyTypeError::new_err(
                            "give both mentee_ids and mentor_ids, or neither",
                        ));
                    }
                }
            }
        };
        if let Some((e, m)) = ids {
            p = map(p.with_ids(e, m))?;
        }
        if let Some(v) = max_load {
            p = map(p.with_max_load(args::u32_list(v, "max_load")?))?;
        }
        if let Some(v) = min_load {
            p = map(p.with_min_load(args::u32_list(v, "min_load")?))?;
        }
        if let Some(v) = team_size {
            p = map(p.with_team_size(args::u32_list(v, "team_size")?))?;
        }
        if let Some(v) = reject_score
            && !v.is_none()
        {
            p = map(p.with_reject_score(args::finite(v, "reject_score")?))?;
        }
        let shape = p.shape();
        if let Some(v) = forbidden {
            let f = args::pairs(v, "forbidden", p.mentee_ids(), p.mentor_ids(), shape)?;
            p = map(p.with_forbidden(f))?;
        }
        if let Some(v) = required {
            let r = args::pairs(v, "required", p.mentee_ids(), p.mentor_ids(), shape)?;
            p = map(p.with_required(r))?;
        }
        if let Some(prefs) = preferences {
            let Built::TwoSided(built) = &prefs.get().built else {
                return Err(PyTypeError::new_err(
                    "preferences must be two-sided (mentees and mentors), not peer preferences",
                ));
            };
            for (what, mine, theirs) in [
                ("mentee", p.mentee_ids(), built.mentee_ids.as_deref()),
                ("mentor", p.mentor_ids(), built.mentor_ids.as_deref()),
            ] {
                if let (Some(x), Some(y)) = (mine, theirs)
                    && x != y
                {
                    return Err(crate::errors::InvalidValueError::new_err(format!(
                        "the preferences' {what} ids differ from the problem's {what} ids \
                         (order included)"
                    )));
                }
            }
            p = map(p.with_preferences(built.preferences.clone()))?;
        }
        Ok(Self { inner: p })
    }

    #[getter]
    fn shape(&self) -> (usize, usize) {
        self.inner.shape()
    }

    #[getter]
    fn mentee_ids(&self) -> Option<Vec<String>> {
        self.inner.mentee_ids().map(<[String]>::to_vec)
    }

    #[getter]
    fn mentor_ids(&self) -> Option<Vec<String>> {
        self.inner.mentor_ids().map(<[String]>::to_vec)
    }

    #[getter]
    fn min_load(&self) -> Vec<u32> {
        self.inner.min_load()
    }

    #[getter]
    fn max_load(&self) -> Vec<u32> {
        self.inner.max_load()
    }

    #[getter]
    fn team_size(&self) -> Vec<u32> {
        self.inner.team_size()
    }

    #[getter]
    fn reject_score(&self) -> Option<f64> {
        self.inner.reject_score()
    }

    #[getter]
    fn forbidden(&self) -> Vec<(usize, usize)> {
        self.inner.forbidden().to_vec()
    }

    #[getter]
    fn required(&self) -> Vec<(usize, usize)> {
        self.inner.required().to_vec()
    }

    #[getter]
    fn is_one_to_one(&self) -> bool {
        self.inner.is_one_to_one()
    }

    fn __repr__(&self) -> String {
        let (n, m) = self.inner.shape();
        format!(
            "Problem({n} mentees x {m} mentors, {}, {} forbidden, {} required)",
            if self.inner.is_one_to_one() {
                "one-to-one"
            } else {
                "with loads"
            },
            self.inner.forbidden().len(),
            self.inner.required().len()
        )
    }
}

/// One solver with its parameters.
#[pyclass(name = "Strategy", module = "nastavnik._nastavnik", frozen, eq)]
#[derive(PartialEq)]
pub struct PyStrategy {
    pub inner: Strategy,
}

fn json_module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("json")
}

#[pymethods]
impl PyStrategy {
    #[new]
    #[pyo3(signature = (solver, **params))]
    fn new(py: Python<'_>, solver: &str, params: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let d = PyDict::new(py);
        if let Some(p) = params {
            d.update(p.as_mapping())?;
        }
        d.set_item("solver", solver)?;
        Self::from_dict(py, &d)
    }

    /// Read a strategy from a JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(Self {
            inner: map(Strategy::from_json(text))?,
        })
    }

    /// Read a strategy from a dict such as ``{"solver": "random", "seed": 7}``.
    #[staticmethod]
    fn from_dict(py: Python<'_>, d: &Bound<'_, PyDict>) -> PyResult<Self> {
        let json = json_module(py)?;
        let text: String = json
            .call_method1("dumps", (d,))
            .map_err(|e| {
                // Name the parameter whose value is not a JSON value.
                let culprit = d
                    .iter()
                    .find(|(_, v)| json.call_method1("dumps", (v,)).is_err())
                    .map(|(k, _)| k.to_string());
                match culprit {
                    Some(k) => PyTypeError::new_err(format!(
                        "strategy parameter '{k}' must be a JSON value (number, string, list \
                         or dict): {e}"
                    )),
                    None => PyTypeError::new_err(format!(
                        "strategy parameters must be JSON values: {e}"
                    )),
                }
            })?
            .extract()?;
        Self::from_json(&text)
    }

    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_module(py)?.call_method1("loads", (self.inner.to_json(),))
    }

    #[getter]
    fn solver(&self) -> &'static str {
        self.inner.name()
    }

    #[staticmethod]
    fn names() -> Vec<&'static str> {
        Strategy::all_names().to_vec()
    }

    fn __repr__(&self) -> String {
        format!("Strategy.from_json({:?})", self.inner.to_json())
    }
}

/// The answer of a strategy on a problem.
#[pyclass(name = "Solution", module = "nastavnik._nastavnik", frozen)]
pub struct PySolution {
    pub(crate) inner: Solution,
}

#[pymethods]
impl PySolution {
    #[getter]
    fn assignment(&self) -> PyAssignment {
        let a = self.inner.assignment();
        PyAssignment::new(
            a.clone(),
            a.mentee_ids().map(<[String]>::to_vec),
            a.mentor_ids().map(<[String]>::to_vec),
        )
    }

    #[getter]
    fn pairs<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<i64>> {
        self.assignment().pairs(py)
    }

    #[getter]
    fn mentor_of<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        self.assignment().mentor_of(py)
    }

    fn to_pairs(&self, py: Python<'_>) -> PyResult<Vec<(PyObject, PyObject)>> {
        self.assignment().to_pairs(py)
    }

    #[getter]
    fn total(&self) -> f64 {
        self.inner.total()
    }

    #[getter]
    fn n_pairs(&self) -> usize {
        self.inner.n_pairs()
    }

    #[getter]
    fn objective(&self) -> Option<f64> {
        self.inner.objective()
    }

    #[getter]
    fn status(&self) -> &'static str {
        self.inner.status().as_str()
    }

    #[getter]
    fn gap(&self) -> Option<f64> {
        self.inner.status().gap()
    }

    #[getter]
    fn strategy(&self) -> PyStrategy {
        PyStrategy {
            inner: self.inner.strategy().clone(),
        }
    }

    fn __len__(&self) -> usize {
        self.inner.n_pairs()
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self) -> String {
        let obj = self
            .inner
            .objective()
            .map_or("None".to_string(), |o| format!("{o:.6}"));
        format!(
            "Solution({}: {} pairs, total={:.6}, objective={obj}, status={})",
            self.inner.strategy().name(),
            self.inner.n_pairs(),
            self.inner.total(),
            self.inner.status()
        )
    }
}

/// Solve a problem with a strategy (a `Strategy`, a solver name, or a dict).
#[pyfunction]
pub fn solve(
    py: Python<'_>,
    problem: &Bound<'_, PyProblem>,
    strategy: &Bound<'_, PyAny>,
) -> PyResult<PySolution> {
    let st = if let Ok(s) = strategy.downcast::<PyStrategy>() {
        s.get().inner.clone()
    } else if let Ok(s) = strategy.downcast::<PyString>() {
        args::parse_enum::<Strategy>(s.to_str()?, "strategy")?
    } else if let Ok(d) = strategy.downcast::<PyDict>() {
        PyStrategy::from_dict(py, d)?.inner
    } else {
        return Err(PyTypeError::new_err(
            "strategy must be a Strategy, a solver name or a dict",
        ));
    };
    let p = &problem.get().inner;
    let inner = run_detached(py, || st.solve(p))?;
    Ok(PySolution { inner })
}
