//! Python mirror of stated preferences built once (`nastavnik::preferences::PreferenceInput` and
//! `PeerInput`): the `Preferences` class, and the one place where the stable-matching functions
//! turn their preference arguments into core preferences.

use std::sync::Arc;

use nastavnik::preferences::{
    Acceptability, Blend, Labelled, LabelledPeers, PeerInput, PreferenceInput,
};
use ndarray::Array2;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use nastavnik::parallel;

use crate::errors::run_detached;
use crate::prefs_args::{
    Held, is_mapping, parse_acceptability, parse_layout, parse_threads, score_matrix,
};

/// Two-sided or peer preferences, validated and cross-linked once.
#[derive(Clone)]
pub enum Built {
    TwoSided(Arc<Labelled>),
    Peer(Arc<LabelledPeers>),
}

/// Stated preferences built once and reused (see the stub for documentation).
#[pyclass(name = "Preferences", module = "nastavnik._nastavnik", frozen)]
pub struct PyPreferences {
    pub built: Built,
}

/// The preference arguments of a two-sided call (`stable_matching`, `blocking_pairs`, ...).
#[derive(Default)]
pub struct TwoSidedArgs<'a, 'py> {
    pub mentee_prefs: Option<&'a Bound<'py, PyAny>>,
    pub mentor_prefs: Option<&'a Bound<'py, PyAny>>,
    pub mentee_ids: Option<Vec<String>>,
    pub mentor_ids: Option<Vec<String>>,
    pub scores: Option<&'a Bound<'py, PyAny>>,
    pub mentor_scores: Option<&'a Bound<'py, PyAny>>,
    pub weight: Option<f64>,
    pub acceptability: Option<&'a str>,
    pub from_scores: bool,
    pub layout: Option<&'a str>,
    pub threads: Option<usize>,
}

impl<'a, 'py> TwoSidedArgs<'a, 'py> {
    /// The stated preferences of both sides (`mentor_prefs` optional with scores).
    pub fn of(
        mentee_prefs: &'a Bound<'py, PyAny>,
        mentor_prefs: Option<&'a Bound<'py, PyAny>>,
    ) -> Self {
        Self {
            mentee_prefs: Some(mentee_prefs),
            mentor_prefs,
            ..Default::default()
        }
    }

    /// The ids of the rows (mentees) and columns (mentors), when given.
    pub fn ids(mut self, mentee_ids: Option<Vec<String>>, mentor_ids: Option<Vec<String>>) -> Self {
        self.mentee_ids = mentee_ids;
        self.mentor_ids = mentor_ids;
        self
    }

    /// Scores blended into the stated ranks (`scores=`, `mentor_scores=`, `weight=`).
    pub fn blend(
        mut self,
        scores: Option<&'a Bound<'py, PyAny>>,
        mentor_scores: Option<&'a Bound<'py, PyAny>>,
        weight: Option<f64>,
    ) -> Self {
        self.scores = scores;
        self.mentor_scores = mentor_scores;
        self.weight = weight;
        self
    }

    /// How the preferences are read: acceptability, whether they are scores, the index-list
    /// layout and the thread count of the build.
    pub fn read(
        mut self,
        acceptability: Option<&'a str>,
        from_scores: bool,
        layout: Option<&'a str>,
        threads: Option<usize>,
    ) -> Self {
        self.acceptability = acceptability;
        self.from_scores = from_scores;
        self.layout = layout;
        self.threads = threads;
        self
    }

    /// Names of the building options given alongside an already built `Preferences`.
    fn extras(&self) -> Vec<&'static str> {
        [
            ("mentor_prefs", self.mentor_prefs.is_some()),
            ("mentee_ids", self.mentee_ids.is_some()),
            ("mentor_ids", self.mentor_ids.is_some()),
            ("scores", self.scores.is_some()),
            ("mentor_scores", self.mentor_scores.is_some()),
            ("weight", self.weight.is_some()),
            ("acceptability", self.acceptability.is_some()),
            ("from_scores", self.from_scores),
            ("layout", self.layout.is_some()),
            ("threads", self.threads.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, given)| given.then_some(n))
        .collect()
    }

    /// The built preferences (reused from a `Preferences`, else built with the GIL released)
    /// and, when the mentees' side was a `ScoreMatrix`, its mentor capacities.
    pub fn build(
        mut self,
        py: Python<'py>,
    ) -> PyResult<(Arc<Labelled>, Option<Bound<'py, PyAny>>)> {
        let Some(first) = self.mentee_prefs else {
            return Err(PyTypeError::new_err("mentee_prefs is required"));
        };
        if let Ok(p) = first.downcast::<PyPreferences>() {
            let extras = self.extras();
            if !extras.is_empty() {
                return Err(PyTypeError::new_err(format!(
                    "the Preferences object is already built; do not pass {} (build a new \
                     Preferences to change them)",
                    extras.join(", ")
                )));
            }
            return match &p.get().built {
                Built::TwoSided(l) => Ok((l.clone(), None)),
                Built::Peer(_) => Err(PyTypeError::new_err(
                    "these are peer preferences (Preferences.peers); use stable_roommates",
                )),
            };
        }
        let mut capacity = None;
        if let Some(sm) = crate::scoring::PyScoreMatrix::of(first) {
            self.from_scores = true;
            self.mentee_ids = self.mentee_ids.or_else(|| Some(sm.mentee_ids.clone()));
            self.mentor_ids = self.mentor_ids.or_else(|| Some(sm.mentor_ids.clone()));
            capacity = Some(PyList::new(py, &sm.mentor_capacity)?.into_any());
        }
        // A pandas DataFrame (scores or ranks, mentees x mentors): its labels become the ids.
        let frame = crate::convert::Frame::of(first, "mentee_prefs")?;
        if let Some(f) = &frame {
            self.mentee_ids = self.mentee_ids.or_else(|| Some(f.row_ids.clone()));
            self.mentor_ids = self.mentor_ids.or_else(|| Some(f.col_ids.clone()));
        }
        let first = frame.as_ref().map_or(first, |f| &f.values);
        let acceptability = parse_acceptability(self.acceptability)?;
        let lists = parse_layout(self.layout)?;
        let (e, m) = if self.from_scores {
            if self.scores.is_some() || self.mentor_scores.is_some() {
                return Err(PyTypeError::new_err(
                    "scores= and mentor_scores= blend stated preferences; with from_scores=True \
                     (or a ScoreMatrix) pass the mentors' scores as mentor_prefs",
                ));
            }
            let e = Held::scores(first, "mentee_scores")?;
            let m = self
                .mentor_prefs
                .map(|m| Held::scores(m, "mentor_scores"))
                .transpose()?;
            (e, m)
        } else {
            let Some(mp) = self.mentor_prefs else {
                return Err(PyTypeError::new_err(
                    "mentor_prefs is required (a dict by id, a rank matrix or index lists), \
                     unless from_scores=True",
                ));
            };
            if is_mapping(first) != is_mapping(mp) {
                return Err(PyTypeError::new_err(
                    "mentee_prefs and mentor_prefs must both be dicts of ranked lists by id or \
                     both be rank matrices (mentees x mentors) or, with layout=\"lists\", both \
                     index lists as arrays",
                ));
            }
            (
                Held::read(first, "mentee_prefs", lists)?,
                Some(Held::read(mp, "mentor_prefs", lists)?),
            )
        };
        let blend: Option<(Array2<f64>, Option<Array2<f64>>)> = match self.scores {
            None if self.mentor_scores.is_some() => {
                return Err(PyTypeError::new_err("mentor_scores needs scores= as well"));
            }
            None => None,
            Some(s) => Some((
                score_matrix(s, "scores")?,
                self.mentor_scores
                    .map(|m| score_matrix(m, "mentor_scores"))
                    .transpose()?,
            )),
        };
        let weight = self.weight.unwrap_or(0.5);
        let (es, ms) = (e.source()?, m.as_ref().map(Held::source).transpose()?);
        let mut input = PreferenceInput::new(es, ms)
            .with_ids(borrow(&self.mentee_ids), borrow(&self.mentor_ids))
            .with_acceptability(acceptability);
        if let Some((s, ms)) = &blend {
            let mut b = Blend::new(s.view(), weight);
            if let Some(m) = ms {
                b = b.with_mentor_scores(m.view());
            }
            input = input.with_blend(b);
        }
        let threads = self.threads;
        let built = run_detached(py, || parallel::install(threads, || input.build())?)?;
        Ok((Arc::new(built), capacity))
    }
}

/// The preference arguments of a peer call (`stable_roommates`, `Preferences.peers`).
#[allow(clippy::too_many_arguments)]
pub fn build_peers(
    py: Python<'_>,
    prefs: &Bound<'_, PyAny>,
    ids: Option<Vec<String>>,
    scores: Option<&Bound<'_, PyAny>>,
    weight: Option<f64>,
    acceptability: Option<&str>,
    layout: Option<&str>,
    threads: Option<usize>,
) -> PyResult<Arc<LabelledPeers>> {
    if let Ok(p) = prefs.downcast::<PyPreferences>() {
        let extras: Vec<&str> = [
            ("ids", ids.is_some()),
            ("scores", scores.is_some()),
            ("weight", weight.is_some()),
            ("acceptability", acceptability.is_some()),
            ("layout", layout.is_some()),
            ("threads", threads.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, g)| g.then_some(n))
        .collect();
        if !extras.is_empty() {
            return Err(PyTypeError::new_err(format!(
                "the Preferences object is already built; do not pass {}",
                extras.join(", ")
            )));
        }
        return match &p.get().built {
            Built::Peer(l) => Ok(l.clone()),
            Built::TwoSided(_) => Err(PyTypeError::new_err(
                "these are two-sided (mentee/mentor) preferences; build peer preferences with \
                 Preferences.peers",
            )),
        };
    }
    let acc = parse_acceptability(acceptability)?;
    let held = Held::read(prefs, "prefs", parse_layout(layout)?)?;
    let blend = scores.map(|s| score_matrix(s, "scores")).transpose()?;
    let src = held.source()?;
    let mut input = PeerInput::new(src)
        .with_ids(ids.as_ref().map(|v| v.iter().map(String::as_str).collect()))
        .with_acceptability(acc);
    if let Some(s) = &blend {
        input = input.with_blend(Blend::new(s.view(), weight.unwrap_or(0.5)));
    }
    Ok(Arc::new(run_detached(py, || {
        parallel::install(threads, || input.build())?
    })?))
}

fn acc_str(a: Acceptability) -> &'static str {
    match a {
        Acceptability::Either => "either",
        _ => "mutual",
    }
}

#[pymethods]
impl PyPreferences {
    #[new]
    #[pyo3(signature = (mentee_prefs, mentor_prefs = None, *, acceptability = None, mentee_ids = None,
                        mentor_ids = None, scores = None, mentor_scores = None, weight = None,
                        from_scores = false, layout = None, threads = None))]
    #[allow(clippy::too_many_arguments)]
    fn py_new<'py>(
        py: Python<'py>,
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
        threads: Option<i64>,
    ) -> PyResult<Self> {
        if mentee_prefs.downcast::<PyPreferences>().is_ok() {
            return Err(PyTypeError::new_err(
                "mentee_prefs is already a Preferences",
            ));
        }
        let (built, _) = TwoSidedArgs::of(mentee_prefs, mentor_prefs)
            .ids(mentee_ids, mentor_ids)
            .blend(scores, mentor_scores, weight)
            .read(acceptability, from_scores, layout, parse_threads(threads)?)
            .build(py)?;
        Ok(Self {
            built: Built::TwoSided(built),
        })
    }

    #[staticmethod]
    #[pyo3(signature = (prefs, *, acceptability = None, ids = None, scores = None, weight = None,
                        layout = None, threads = None))]
    #[allow(clippy::too_many_arguments)]
    fn peers(
        py: Python<'_>,
        prefs: &Bound<'_, PyAny>,
        acceptability: Option<&str>,
        ids: Option<Vec<String>>,
        scores: Option<&Bound<'_, PyAny>>,
        weight: Option<f64>,
        layout: Option<&str>,
        threads: Option<i64>,
    ) -> PyResult<Self> {
        if prefs.downcast::<PyPreferences>().is_ok() {
            return Err(PyTypeError::new_err("prefs is already a Preferences"));
        }
        let threads = parse_threads(threads)?;
        let built = build_peers(
            py,
            prefs,
            ids,
            scores,
            weight,
            acceptability,
            layout,
            threads,
        )?;
        Ok(Self {
            built: Built::Peer(built),
        })
    }

    #[getter]
    fn is_peer(&self) -> bool {
        matches!(self.built, Built::Peer(_))
    }

    #[getter]
    fn acceptability(&self) -> &'static str {
        match &self.built {
            Built::TwoSided(l) => acc_str(l.preferences.acceptability()),
            Built::Peer(l) => acc_str(l.preferences.acceptability()),
        }
    }

    #[getter]
    fn mentee_ids(&self) -> Option<Vec<String>> {
        match &self.built {
            Built::TwoSided(l) => l.mentee_ids.clone(),
            Built::Peer(_) => None,
        }
    }

    #[getter]
    fn mentor_ids(&self) -> Option<Vec<String>> {
        match &self.built {
            Built::TwoSided(l) => l.mentor_ids.clone(),
            Built::Peer(_) => None,
        }
    }

    #[getter]
    fn ids(&self) -> Option<Vec<String>> {
        match &self.built {
            Built::TwoSided(_) => None,
            Built::Peer(l) => l.ids.clone(),
        }
    }

    #[getter]
    fn shape(&self) -> (usize, usize) {
        match &self.built {
            Built::TwoSided(l) => (l.preferences.n_mentees(), l.preferences.n_mentors()),
            Built::Peer(l) => (l.preferences.n(), l.preferences.n()),
        }
    }

    #[getter]
    fn n_acceptable_pairs(&self) -> usize {
        match &self.built {
            Built::TwoSided(l) => l.preferences.n_acceptable_pairs(),
            Built::Peer(l) => l.preferences.lists().nnz() / 2,
        }
    }

    fn __repr__(&self) -> String {
        let (n, m) = self.shape();
        match &self.built {
            Built::TwoSided(_) => format!(
                "Preferences({n} mentees x {m} mentors, {} acceptable pairs, acceptability={:?})",
                self.n_acceptable_pairs(),
                self.acceptability()
            ),
            Built::Peer(_) => format!(
                "Preferences.peers({n} participants, {} acceptable pairs, acceptability={:?})",
                self.n_acceptable_pairs(),
                self.acceptability()
            ),
        }
    }
}

fn borrow(v: &Option<Vec<String>>) -> Option<Vec<&str>> {
    v.as_ref().map(|v| v.iter().map(String::as_str).collect())
}
