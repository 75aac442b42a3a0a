//! The Python `Assignment` and `PeerMatching` result types shared by every solver binding.

use nastavnik::assign::{Assignment, PeerMatching, SolveStatus};
use ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2};
use pyo3::prelude::*;

fn status_parts(s: SolveStatus) -> (&'static str, Option<f64>) {
    (s.as_str(), s.gap())
}

/// Index pairs as an (n_pairs, 2) int64 array.
fn pairs_array(p: &[(usize, usize)]) -> Array2<i64> {
    let mut a = Array2::<i64>::zeros((p.len(), 2));
    for (k, &(i, j)) in p.iter().enumerate() {
        a[[k, 0]] = i as i64;
        a[[k, 1]] = j as i64;
    }
    a
}

/// Mentor index of each entry of `mate`-like options, -1 when none (int64).
fn indices_or_minus_one(v: impl Iterator<Item = Option<usize>>) -> Vec<i64> {
    v.map(|m| m.map_or(-1, |j| j as i64)).collect()
}

/// Mentee–mentor pairs chosen by a solver (see the stub for documentation).
#[pyclass(name = "Assignment", module = "nastavnik._nastavnik", frozen)]
pub struct PyAssignment {
    pub inner: Assignment,
    #[pyo3(get)]
    pub mentee_ids: Option<Vec<String>>,
    #[pyo3(get)]
    pub mentor_ids: Option<Vec<String>>,
}

impl PyAssignment {
    /// Wrap a core assignment, with optional ids for rows and columns.
    pub fn new(
        inner: Assignment,
        mentee_ids: Option<Vec<String>>,
        mentor_ids: Option<Vec<String>>,
    ) -> Self {
        Self {
            inner,
            mentee_ids,
            mentor_ids,
        }
    }
}

#[pymethods]
impl PyAssignment {
    /// Mentor index of each mentee, -1 when unmatched (int64).
    #[getter]
    pub(crate) fn mentor_of<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        indices_or_minus_one(self.inner.mentor_of().into_iter()).into_pyarray(py)
    }

    /// All (mentee, mentor) pairs as an (n_pairs, 2) int64 array, sorted.
    #[getter]
    pub(crate) fn pairs<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<i64>> {
        pairs_array(self.inner.pairs()).into_pyarray(py)
    }

    /// Mentees of each mentor.
    #[getter]
    fn mentees_of(&self) -> Vec<Vec<usize>> {
        self.inner.mentees_of()
    }

    /// Mentors of each mentee (several for teams of mentors).
    #[getter]
    fn mentors_of(&self) -> Vec<Vec<usize>> {
        self.inner.mentors_of()
    }

    #[getter]
    fn total(&self) -> f64 {
        self.inner.total()
    }

    #[getter]
    fn objective(&self) -> Option<f64> {
        self.inner.objective()
    }

    #[getter]
    fn n_pairs(&self) -> usize {
        self.inner.n_pairs()
    }

    #[getter]
    fn n_matched(&self) -> usize {
        self.inner.n_matched()
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
    fn status(&self) -> &'static str {
        status_parts(self.inner.status()).0
    }

    #[getter]
    fn gap(&self) -> Option<f64> {
        status_parts(self.inner.status()).1
    }

    /// Pairs as id tuples (requires ids) or index tuples.
    pub(crate) fn to_pairs(&self, py: Python<'_>) -> PyResult<Vec<(PyObject, PyObject)>> {
        self.inner
            .pairs()
            .iter()
            .map(|&(i, j)| {
                let a = match &self.mentee_ids {
                    Some(ids) => ids[i].clone().into_pyobject(py)?.into_any().unbind(),
                    None => i.into_pyobject(py)?.into_any().unbind(),
                };
                let b = match &self.mentor_ids {
                    Some(ids) => ids[j].clone().into_pyobject(py)?.into_any().unbind(),
                    None => j.into_pyobject(py)?.into_any().unbind(),
                };
                Ok((a, b))
            })
            .collect()
    }

    fn __len__(&self) -> usize {
        self.inner.pairs().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Assignment({} pairs, {} of {} mentees matched, total={:.6}, status={})",
            self.inner.pairs().len(),
            self.inner.n_matched(),
            self.inner.n_mentees(),
            self.inner.total(),
            self.status()
        )
    }
}

/// Pairs formed inside one pool (peer format).
#[pyclass(name = "PeerMatching", module = "nastavnik._nastavnik", frozen)]
pub struct PyPeerMatching {
    pub inner: PeerMatching,
    #[pyo3(get)]
    pub ids: Option<Vec<String>>,
}

impl PyPeerMatching {
    /// Wrap a core peer matching.
    pub fn new(inner: PeerMatching, ids: Option<Vec<String>>) -> Self {
        Self { inner, ids }
    }
}

#[pymethods]
impl PyPeerMatching {
    /// Partner of each participant, -1 when unpaired (int64).
    #[getter]
    fn mate<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        indices_or_minus_one(self.inner.mate().iter().copied()).into_pyarray(py)
    }

    /// Pairs (i, j) with i < j as an (n_pairs, 2) int64 array.
    #[getter]
    fn pairs<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<i64>> {
        pairs_array(&self.inner.pairs()).into_pyarray(py)
    }

    #[getter]
    fn total(&self) -> f64 {
        self.inner.total()
    }

    #[getter]
    fn status(&self) -> &'static str {
        status_parts(self.inner.status()).0
    }

    fn __len__(&self) -> usize {
        self.inner.pairs().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "PeerMatching({} pairs, total={:.6}, status={})",
            self.inner.pairs().len(),
            self.inner.total(),
            self.status()
        )
    }
}

/// A score matrix argument of a solver: a numpy array (float32 kept), a `ScoreMatrix` (ids and
/// mentor capacities attached) or a pandas `DataFrame` (index and columns as ids), with an optional boolean `forbidden` mask applied as `-inf`.
pub struct ScoreInput {
    pub scores: crate::convert::Floats,
    pub mentee_ids: Option<Vec<String>>,
    pub mentor_ids: Option<Vec<String>>,
    pub capacity: Option<Vec<u32>>,
}

impl ScoreInput {
    /// Extract `scores` (array-like or `ScoreMatrix`) and apply `forbidden`.
    pub fn extract(
        scores: &Bound<'_, PyAny>,
        forbidden: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        use crate::convert::{Floats, bools, floats};
        let mut input = if let Some(sm) = crate::scoring::PyScoreMatrix::of(scores) {
            Self {
                scores: Floats::F64(sm.scores.clone()),
                mentee_ids: Some(sm.mentee_ids.clone()),
                mentor_ids: Some(sm.mentor_ids.clone()),
                capacity: Some(sm.mentor_capacity.clone()),
            }
        } else if let Some(f) = crate::convert::Frame::of(scores, "scores")? {
            Self {
                scores: floats(&f.values, "scores")?,
                mentee_ids: Some(f.row_ids),
                mentor_ids: Some(f.col_ids),
                capacity: None,
            }
        } else {
            Self {
                scores: floats(scores, "scores")?,
                mentee_ids: None,
                mentor_ids: None,
                capacity: None,
            }
        };
        if let Some(f) = forbidden {
            let mask = bools(f, "forbidden")?;
            match &mut input.scores {
                Floats::F32(a) => apply_forbidden(a, &mask)?,
                Floats::F64(a) => apply_forbidden(a, &mask)?,
            }
        }
        Ok(input)
    }
}

/// Set `-inf` where `mask` is true; the mask must have the scores' shape.
pub fn apply_forbidden<T: nastavnik::Real>(
    scores: &mut Array2<T>,
    mask: &Array2<bool>,
) -> PyResult<()> {
    if mask.dim() != scores.dim() {
        return Err(crate::errors::ShapeError::new_err(format!(
            "forbidden: expected a {}x{} mask (the shape of the scores), got {}x{}",
            scores.nrows(),
            scores.ncols(),
            mask.nrows(),
            mask.ncols()
        )));
    }
    ndarray::Zip::from(scores).and(mask).for_each(|s, &f| {
        if f {
            *s = T::neg_infinity();
        }
    });
    Ok(())
}
