//! Python mirrors of `nastavnik::scoring` and the cohort/schema types.

use std::sync::Arc;

use nastavnik::Error;
use nastavnik::cohort::Cohort;
use nastavnik::questionnaire::Schema;
use nastavnik::scoring::{self, Candidates, Kernel, ScoreMatrix, Scorer};
use nastavnik::synthetic::{self, SyntheticConfig};
use ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{Floats, bools, floats};
use crate::errors::{map, run_detached};
use crate::prefs_args::parse_threads;
use nastavnik::parallel;

fn kernel_from(name: &str, gamma: Option<f64>, weights: Option<Vec<f64>>) -> PyResult<Kernel> {
    if name != "rbf" && (gamma.is_some() || weights.is_some()) {
        let what = if gamma.is_some() { "gamma" } else { "weights" };
        return Err(crate::errors::InvalidValueError::new_err(format!(
            "{what} applies only to kernel=\"rbf\", got kernel={name:?}"
        )));
    }
    match name {
        "cosine" => Ok(Kernel::Cosine),
        "dot" => Ok(Kernel::Dot),
        "rbf" => Ok(Kernel::Rbf {
            gamma: gamma.unwrap_or(1.0),
            weights,
        }),
        other => Err(crate::errors::InvalidValueError::new_err(format!(
            "kernel must be \"cosine\", \"dot\" or \"rbf\", got {other:?}"
        ))),
    }
}

fn kernel_matrix(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    kernel: Kernel,
    distance: bool,
    threads: Option<i64>,
) -> PyResult<PyObject> {
    let threads = parse_threads(threads)?;
    match (floats(a, "a")?, floats(b, "b")?) {
        (Floats::F32(a), Floats::F32(b)) => fill_numpy(py, &a, &b, &kernel, distance, threads),
        (a, b) => fill_numpy(py, &to64(a), &to64(b), &kernel, distance, threads),
    }
}

/// Compute the kernel matrix straight into a new numpy array (numpy's own zeroed, huge-page
/// advised allocation), with the GIL released while it is filled.
fn fill_numpy<T: nastavnik::Real + numpy::Element>(
    py: Python<'_>,
    a: &Array2<T>,
    b: &Array2<T>,
    kernel: &Kernel,
    distance: bool,
    threads: Option<usize>,
) -> PyResult<PyObject> {
    let (n, m) = (a.nrows(), b.nrows());
    // numpy allocates (zeroed, huge-page advised) and raises MemoryError itself when it cannot;
    // the element count is checked first so that n * m cannot overflow.
    map(nastavnik::memory::checked_len(&[n, m], "score matrix"))?;
    let np = py.import("numpy")?;
    let out = np
        .call_method1("zeros", ((n, m), T::DTYPE))?
        .downcast_into::<PyArray2<T>>()?;
    {
        let mut rw = out
            .try_readwrite()
            .map_err(|e| crate::errors::InternalError::new_err(e.to_string()))?;
        let view = rw.as_array_mut();
        run_detached(py, || {
            parallel::install(threads, || {
                if distance {
                    let weights = match kernel {
                        Kernel::Rbf { weights, .. } => weights.clone().map(ndarray::Array1::from),
                        _ => None,
                    };
                    scoring::weighted_euclidean_into(
                        a.view(),
                        b.view(),
                        weights.as_ref().map(|w| w.view()),
                        view,
                    )
                } else {
                    scoring::similarity_into(a.view(), b.view(), kernel, view)
                }
            })?
        })?;
    }
    Ok(out.into_any().unbind())
}

fn to64(x: Floats) -> Array2<f64> {
    match x {
        Floats::F64(a) => a,
        Floats::F32(a) => a.mapv(f64::from),
    }
}

/// Cosine similarity matrix of mentee rows `a` (n×d) and mentor rows `b` (m×d).
#[pyfunction]
#[pyo3(signature = (a, b, *, threads = None))]
pub fn cosine(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    threads: Option<i64>,
) -> PyResult<PyObject> {
    kernel_matrix(py, a, b, Kernel::Cosine, false, threads)
}

/// Dot-product matrix of mentee rows `a` (n×d) and mentor rows `b` (m×d).
#[pyfunction]
#[pyo3(signature = (a, b, *, threads = None))]
pub fn dot(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    threads: Option<i64>,
) -> PyResult<PyObject> {
    kernel_matrix(py, a, b, Kernel::Dot, false, threads)
}

/// RBF kernel matrix exp(-gamma * sum w (a-b)^2).
#[pyfunction]
#[pyo3(signature = (a, b, *, gamma = 1.0, weights = None, threads = None))]
pub fn rbf(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    gamma: f64,
    weights: Option<Vec<f64>>,
    threads: Option<i64>,
) -> PyResult<PyObject> {
    kernel_matrix(py, a, b, Kernel::Rbf { gamma, weights }, false, threads)
}

/// Weighted Euclidean distance matrix sqrt(sum w (a-b)^2).
#[pyfunction]
#[pyo3(signature = (a, b, *, weights = None, threads = None))]
pub fn weighted_euclidean(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    weights: Option<Vec<f64>>,
    threads: Option<i64>,
) -> PyResult<PyObject> {
    kernel_matrix(
        py,
        a,
        b,
        Kernel::Rbf {
            gamma: 1.0,
            weights,
        },
        true,
        threads,
    )
}

/// Jaccard index of multi-hot rows.
#[pyfunction]
#[pyo3(signature = (a, b, *, threads = None))]
pub fn jaccard<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    threads: Option<i64>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let threads = parse_threads(threads)?;
    let (a, b) = (bools(a, "a")?, bools(b, "b")?);
    let out = run_detached(py, || {
        parallel::install(threads, || scoring::jaccard(a.view(), b.view()))?
    })?;
    Ok(out.into_pyarray(py))
}

/// Dense (n×k) view of candidate lists: mentor indices (-1 padding) and scores (-inf padding).
fn dense_candidates(c: &Candidates, k: usize) -> nastavnik::Result<(Array2<i64>, Array2<f64>)> {
    use nastavnik::memory::{checked_len, try_vec};
    let n = c.n_mentees();
    let len = checked_len(&[n, k], "candidates (rows x k)")?;
    let shape_err = |e: ndarray::ShapeError| Error::invalid("candidates", e.to_string());
    let mut idx = Array2::from_shape_vec((n, k), try_vec(len, -1i64, "candidate indices")?)
        .map_err(shape_err)?;
    let mut sc =
        Array2::from_shape_vec((n, k), try_vec(len, f64::NEG_INFINITY, "candidate scores")?)
            .map_err(shape_err)?;
    for i in 0..n {
        let (js, ss) = c.row(i);
        for (t, (&j, &s)) in js.iter().zip(ss).enumerate().take(k) {
            idx[[i, t]] = i64::from(j);
            sc[[i, t]] = s;
        }
    }
    Ok((idx, sc))
}

/// The k best mentors of every mentee under a kernel, without the dense matrix.
#[pyfunction]
#[pyo3(signature = (a, b, k, *, kernel = "cosine", gamma = None, weights = None,
                    threads = None))]
#[allow(clippy::too_many_arguments)]
pub fn top_k<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    k: &Bound<'py, PyAny>,
    kernel: &str,
    gamma: Option<f64>,
    weights: Option<Vec<f64>>,
    threads: Option<i64>,
) -> PyResult<(Bound<'py, PyArray2<i64>>, PyObject)> {
    let threads = parse_threads(threads)?;
    let k = crate::args::bounded_int(k, "k", usize::MAX as u64)? as usize;
    let kern = kernel_from(kernel, gamma, weights)?;
    let (fa, fb) = (floats(a, "a")?, floats(b, "b")?);
    let f32_out = matches!((&fa, &fb), (Floats::F32(_), Floats::F32(_)));
    let (idx, sc) = match (fa, fb) {
        (Floats::F32(a), Floats::F32(b)) => run_detached(py, || {
            parallel::install(threads, || {
                let c = scoring::top_k(a.view(), b.view(), k, &kern)?;
                dense_candidates(&c, k.min(b.nrows()))
            })?
        })?,
        (a, b) => {
            let (a, b) = (to64(a), to64(b));
            run_detached(py, || {
                parallel::install(threads, || {
                    let c = scoring::top_k(a.view(), b.view(), k, &kern)?;
                    dense_candidates(&c, k.min(b.nrows()))
                })?
            })?
        }
    };
    let scores: PyObject = if f32_out {
        sc.mapv(|v| v as f32).into_pyarray(py).into_any().unbind()
    } else {
        sc.into_pyarray(py).into_any().unbind()
    };
    Ok((idx.into_pyarray(py), scores))
}

/// Dense candidate indices and scores returned by `Candidates.to_dense`.
type DenseCandidates<'py> = (Bound<'py, PyArray2<i64>>, Bound<'py, PyArray2<f64>>);

/// Feature matrix, column names and participant ids returned by `Schema.encode_features`.
type EncodedFeatures<'py> = (Bound<'py, PyArray2<f64>>, Vec<String>, Vec<String>);

/// Questionnaire schema and hard rules (see the stub for documentation).
#[pyclass(name = "Schema", module = "nastavnik._nastavnik", frozen)]
#[derive(Clone)]
pub struct PySchema {
    pub inner: Arc<Schema>,
}

#[pymethods]
impl PySchema {
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(Self {
            inner: Arc::new(map(Schema::from_json(text))?),
        })
    }

    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[getter]
    fn question_ids(&self) -> Vec<String> {
        self.inner.questions.iter().map(|q| q.id.clone()).collect()
    }

    /// Dense feature matrix of the given participants (consenting only) and its column names.
    #[pyo3(signature = (cohort, *, role = "mentee"))]
    fn encode_features<'py>(
        &self,
        py: Python<'py>,
        cohort: &PyCohort,
        role: &str,
    ) -> PyResult<EncodedFeatures<'py>> {
        let role = map(role.parse())?;
        let people = cohort.inner.consenting(role);
        let f = map(self.inner.encode_features(&people))?;
        let ids = people.iter().map(|p| p.id.clone()).collect();
        Ok((f.values.into_pyarray(py), f.columns, ids))
    }

    fn __repr__(&self) -> String {
        format!("Schema({} questions)", self.inner.questions.len())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .downcast::<PySchema>()
            .is_ok_and(|o| *o.get().inner == *self.inner)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let ctor = py.get_type::<PySchema>().getattr("from_json")?;
        Ok((ctor, (self.inner.to_json(),)))
    }
}

/// A validated cohort of participants.
#[pyclass(name = "Cohort", module = "nastavnik._nastavnik", frozen)]
#[derive(Clone)]
pub struct PyCohort {
    pub inner: Arc<Cohort>,
}

#[pymethods]
impl PyCohort {
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(Self {
            inner: Arc::new(map(Cohort::from_json(text))?),
        })
    }

    #[staticmethod]
    fn from_csv(py: Python<'_>, path: std::path::PathBuf, schema: &PySchema) -> PyResult<Self> {
        let schema = schema.inner.clone();
        let c = run_detached(py, || nastavnik::io::read_cohort_csv(&path, &schema))?;
        Ok(Self { inner: Arc::new(c) })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .downcast::<PyCohort>()
            .is_ok_and(|o| *o.get().inner == *self.inner)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        // Everyone, consenting or not: a pickle is a copy of the object, not an export.
        let ctor = py.get_type::<PyCohort>().getattr("from_json")?;
        let all = serde_json::json!({ "participants": self.inner.participants() });
        Ok((ctor, (all.to_string(),)))
    }

    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    #[getter]
    fn mentor_ids(&self) -> Vec<String> {
        self.inner.mentors().iter().map(|p| p.id.clone()).collect()
    }

    #[getter]
    fn mentee_ids(&self) -> Vec<String> {
        self.inner.mentees().iter().map(|p| p.id.clone()).collect()
    }

    #[getter]
    fn without_consent(&self) -> Vec<String> {
        self.inner
            .without_consent()
            .into_iter()
            .map(String::from)
            .collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "Cohort({} participants: {} mentors, {} mentees with consent; {} without consent)",
            self.inner.len(),
            self.inner.mentors().len(),
            self.inner.mentees().len(),
            self.inner.without_consent().len()
        )
    }
}

/// Generate a seeded synthetic (schema, cohort).
#[pyfunction]
#[pyo3(signature = (n_mentees = None, n_mentors = None, *, n_schools = None, consent_rate = 0.97, seed = None))]
pub fn synthetic_cohort(
    n_mentees: Option<&Bound<'_, PyAny>>,
    n_mentors: Option<&Bound<'_, PyAny>>,
    n_schools: Option<&Bound<'_, PyAny>>,
    consent_rate: f64,
    seed: Option<&Bound<'_, PyAny>>,
) -> PyResult<(PySchema, PyCohort)> {
    let size = |v: Option<&Bound<'_, PyAny>>, name: &str, default: usize| match v {
        Some(v) => crate::args::bounded_int(v, name, usize::MAX as u64).map(|x| x as usize),
        None => Ok(default),
    };
    let n_mentees = size(n_mentees, "n_mentees", 200)?;
    let n_mentors = size(n_mentors, "n_mentors", 60)?;
    let n_schools = size(n_schools, "n_schools", 4)?;
    let seed = match seed {
        Some(s) if !s.is_none() => crate::args::bounded_int(s, "seed", u64::MAX)?,
        _ => 42,
    };
    let cfg = SyntheticConfig::default()
        .with_n_mentees(n_mentees)
        .with_n_mentors(n_mentors)
        .with_n_schools(n_schools)
        .with_consent_rate(consent_rate)
        .with_seed(seed);
    let (s, c) = map(synthetic::generate(&cfg))?;
    Ok((
        PySchema { inner: Arc::new(s) },
        PyCohort { inner: Arc::new(c) },
    ))
}

/// Sparse candidate lists (CSR) with ids.
#[pyclass(name = "Candidates", module = "nastavnik._nastavnik", frozen)]
pub struct PyCandidates {
    pub inner: Arc<Candidates>,
    #[pyo3(get)]
    pub mentee_ids: Option<Vec<String>>,
    #[pyo3(get)]
    pub mentor_ids: Option<Vec<String>>,
}

impl PyCandidates {
    pub fn new(
        inner: Candidates,
        mentee_ids: Option<Vec<String>>,
        mentor_ids: Option<Vec<String>>,
    ) -> Self {
        Self {
            inner: Arc::new(inner),
            mentee_ids,
            mentor_ids,
        }
    }
}

#[pymethods]
impl PyCandidates {
    #[new]
    #[pyo3(signature = (n_mentors, indptr, indices, scores))]
    fn py_new(
        py: Python<'_>,
        n_mentors: &Bound<'_, PyAny>,
        indptr: &Bound<'_, PyAny>,
        indices: &Bound<'_, PyAny>,
        scores: Vec<f64>,
    ) -> PyResult<Self> {
        use crate::args::{bounded_int, iter};
        // every number checked by name: a negative or huge one is a ValueError, a float, bool
        // or numeric string a TypeError (never OverflowError)
        let n_mentors = bounded_int(n_mentors, "n_mentors", u64::from(u32::MAX))? as usize;
        let indptr: Vec<usize> = iter(indptr, "indptr")?
            .enumerate()
            .map(|(k, x)| Ok(bounded_int(&x?, &format!("indptr[{k}]"), u64::MAX)? as usize))
            .collect::<PyResult<_>>()?;
        let indices: Vec<u32> = iter(indices, "indices")?
            .enumerate()
            .map(|(k, x)| {
                Ok(bounded_int(&x?, &format!("indices[{k}]"), u64::from(u32::MAX))? as u32)
            })
            .collect::<PyResult<_>>()?;
        let c = run_detached(py, || Candidates::new(n_mentors, indptr, indices, scores))?;
        Ok(Self::new(c, None, None))
    }

    #[getter]
    fn n_mentees(&self) -> usize {
        self.inner.n_mentees()
    }

    #[getter]
    fn n_mentors(&self) -> usize {
        self.inner.n_mentors()
    }

    #[getter]
    fn nnz(&self) -> usize {
        self.inner.nnz()
    }

    #[getter]
    fn indptr<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        self.inner
            .indptr()
            .iter()
            .map(|&x| x as i64)
            .collect::<Vec<_>>()
            .into_pyarray(py)
    }

    #[getter]
    fn indices<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        self.inner
            .indices()
            .iter()
            .map(|&x| i64::from(x))
            .collect::<Vec<_>>()
            .into_pyarray(py)
    }

    #[getter]
    fn scores<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.scores().to_vec().into_pyarray(py)
    }

    /// Dense (n×k) mentor indices (-1 padded) and scores (-inf padded).
    fn to_dense<'py>(&self, py: Python<'py>) -> PyResult<DenseCandidates<'py>> {
        let k = (0..self.inner.n_mentees())
            .map(|i| self.inner.row(i).0.len())
            .max()
            .unwrap_or(0);
        let (i, s) = map(dense_candidates(&self.inner, k))?;
        Ok((i.into_pyarray(py), s.into_pyarray(py)))
    }

    fn __repr__(&self) -> String {
        format!(
            "Candidates({} mentees x {} mentors, {} pairs)",
            self.inner.n_mentees(),
            self.inner.n_mentors(),
            self.inner.nnz()
        )
    }
}

/// A dense score matrix with ids: a thin handle on the core [`ScoreMatrix`] (shared, never
/// copied by the solvers' bindings, which read it through [`PyScoreMatrix::of`]).
#[pyclass(name = "ScoreMatrix", module = "nastavnik._nastavnik", frozen)]
pub struct PyScoreMatrix {
    pub(crate) inner: Arc<ScoreMatrix>,
}

impl PyScoreMatrix {
    /// Wrap a core score matrix.
    pub(crate) fn new(inner: ScoreMatrix) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The core matrix behind `obj` when it is a `ScoreMatrix` (`None` for anything else).
    pub(crate) fn of(obj: &Bound<'_, PyAny>) -> Option<Arc<ScoreMatrix>> {
        obj.downcast::<Self>().ok().map(|m| m.get().inner.clone())
    }
}

#[pymethods]
impl PyScoreMatrix {
    /// The scores as a read-only float64 array viewing the core matrix (no copy).
    #[getter]
    #[allow(unsafe_code)]
    fn scores<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let inner = &slf.get().inner;
        // SAFETY: the array borrows `inner.scores`, owned by this frozen object (never
        // mutated: `inner` is an `Arc` behind a frozen pyclass) which the array keeps alive as
        // its base; the view is made read-only so Python cannot write through it either.
        let view = unsafe { PyArray2::borrow_from_array(&inner.scores, slf.clone().into_any()) };
        view.call_method1("setflags", (false,))?;
        Ok(view)
    }

    #[getter]
    fn mentee_ids(&self) -> Vec<String> {
        self.inner.mentee_ids.clone()
    }

    #[getter]
    fn mentor_ids(&self) -> Vec<String> {
        self.inner.mentor_ids.clone()
    }

    #[getter]
    fn mentor_capacity(&self) -> Vec<u32> {
        self.inner.mentor_capacity.clone()
    }

    #[getter]
    fn excluded_ids(&self) -> Vec<String> {
        self.inner.excluded_ids.clone()
    }

    #[getter]
    fn forbidden<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<bool>> {
        self.inner.forbidden().into_pyarray(py)
    }

    #[getter]
    fn shape(&self) -> (usize, usize) {
        self.inner.scores.dim()
    }

    fn __repr__(&self) -> String {
        format!(
            "ScoreMatrix({} mentees x {} mentors, {} excluded without consent)",
            self.inner.mentee_ids.len(),
            self.inner.mentor_ids.len(),
            self.inner.excluded_ids.len()
        )
    }
}

/// Mixed-schema scorer for one cohort.
#[pyclass(name = "Scorer", module = "nastavnik._nastavnik", frozen)]
pub struct PyScorer {
    inner: Arc<Scorer>,
}

#[pymethods]
impl PyScorer {
    #[new]
    fn new(py: Python<'_>, schema: &PySchema, cohort: &PyCohort) -> PyResult<Self> {
        let (s, c) = (schema.inner.clone(), cohort.inner.clone());
        let inner = run_detached(py, move || Scorer::new(&s, &c))?;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    #[getter]
    fn mentee_ids(&self) -> Vec<String> {
        self.inner.mentee_ids().to_vec()
    }

    #[getter]
    fn mentor_ids(&self) -> Vec<String> {
        self.inner.mentor_ids().to_vec()
    }

    #[getter]
    fn mentor_capacity(&self) -> Vec<u32> {
        self.inner.mentor_capacity().to_vec()
    }

    #[getter]
    fn excluded_ids(&self) -> Vec<String> {
        self.inner.excluded_ids().to_vec()
    }

    fn score_matrix(&self, py: Python<'_>) -> PyResult<PyScoreMatrix> {
        let s = self.inner.clone();
        let m = run_detached(py, move || s.try_score_matrix())?;
        Ok(PyScoreMatrix::new(m))
    }

    fn top_k(&self, py: Python<'_>, k: &Bound<'_, PyAny>) -> PyResult<PyCandidates> {
        let k = crate::args::bounded_int(k, "k", usize::MAX as u64)? as usize;
        let s = self.inner.clone();
        let c = run_detached(py, move || s.top_k(k))?;
        Ok(PyCandidates::new(
            c,
            Some(self.inner.mentee_ids().to_vec()),
            Some(self.inner.mentor_ids().to_vec()),
        ))
    }

    fn explain<'py>(
        &self,
        py: Python<'py>,
        mentee_id: &str,
        mentor_id: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let e = map(self.inner.explain(mentee_id, mentor_id))?;
        let d = PyDict::new(py);
        d.set_item("mentee_id", &e.mentee_id)?;
        d.set_item("mentor_id", &e.mentor_id)?;
        d.set_item("score", e.score)?;
        d.set_item("allowed", e.allowed)?;
        d.set_item(
            "forbidden_by",
            e.forbidden_by
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>(),
        )?;
        let rows = pyo3::types::PyList::empty(py);
        for c in &e.contributions {
            let r = PyDict::new(py);
            r.set_item("question", &c.question)?;
            r.set_item("weight", c.weight)?;
            r.set_item("value", c.value)?;
            r.set_item("contribution", c.contribution)?;
            rows.append(r)?;
        }
        d.set_item("contributions", rows)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Scorer({} mentees x {} mentors)",
            self.inner.mentee_ids().len(),
            self.inner.mentor_ids().len()
        )
    }
}
