//! Per-question feature matrices of a cohort: the linear score model of the strategy lab.
//!
//! # Problem
//! Weight fitting, "why not?" and sensitivity ask how the assignment moves when one question's
//! weight moves, so they need each question's part of every pair's score separately.
//!
//! # Model
//! For question `q`, `F_q[i][j] ∈ [0, 1]` is the comparator value of mentee `i` and mentor `j`
//! (0 when either answer is missing, or the schema's `missing_value`), computed by the crate's
//! own [`Scorer`] on a one-question schema with the same rules. The score under weights `w` is
//! `s(w)[i][j] = Σ_q w_q F_q[i][j] / Σ_q w_q`, and `-inf` where a hard rule forbids the pair.
//! With every answer present this is exactly [`Scorer::score_matrix`] (Gower's coefficient); with
//! missing answers it differs from Gower's per-pair renormalisation, by design: it is linear in
//! `w`, which the weight analyses need (the synthetic generator leaves some answers out, so
//! its cohorts show the difference).
//!
//! # Complexity
//! `O(q · n · m)` time and memory for `q` questions, `n` mentees, `m` mentors.
//!
//! # Examples
//! ```
//! use nastavnik::evaluate::QuestionFeatures;
//! use nastavnik::scoring::Scorer;
//! use nastavnik::synthetic::{generate, SyntheticConfig};
//! let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(20).with_n_mentors(8))?;
//! let f = QuestionFeatures::from_cohort(&schema, &cohort)?;
//! let s = f.scores(&f.weights)?;
//! let reference = Scorer::new(&schema, &cohort)?.score_matrix().scores;
//! // the same pairs are forbidden; allowed scores lie in [0, 1]
//! assert!(s.iter().zip(reference.iter()).all(|(a, b)| (*a == f64::NEG_INFINITY) == (*b == f64::NEG_INFINITY)));
//! assert!(s.iter().all(|&v| v == f64::NEG_INFINITY || (0.0..=1.0).contains(&v)));
//! # Ok::<(), nastavnik::Error>(())
//! ```

use ndarray::{Array2, Zip};

use crate::cohort::Cohort;
use crate::error::{Error, Result};
use crate::questionnaire::Schema;
use crate::scoring::Scorer;

/// Per-question feature matrices (mentees × mentors) with the allowed-pair mask.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionFeatures {
    /// Question ids, in schema order.
    pub questions: Vec<String>,
    /// The schema's weight of each question.
    pub weights: Vec<f64>,
    /// Consenting mentee ids (rows).
    pub mentee_ids: Vec<String>,
    /// Consenting mentor ids (columns).
    pub mentor_ids: Vec<String>,
    /// `features[q][[i, j]]`: question `q`'s comparator value for the pair, in `[0, 1]`.
    pub features: Vec<Array2<f64>>,
    /// `false` where a hard rule forbids the pair.
    pub allowed: Array2<bool>,
}

impl QuestionFeatures {
    /// Build from explicit matrices (validated: equal shapes, finite values, non-negative weights).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for lengths or shapes that disagree, [`Error::NonFinite`] naming
    /// the question, row and column of a non-finite feature, [`Error::InvalidValue`] for a
    /// negative or non-finite weight.
    ///
    /// ```
    /// use nastavnik::evaluate::QuestionFeatures;
    /// let f = QuestionFeatures::new(vec!["a".into()], vec![1.0], ndarray::Array2::from_elem((2, 2), true),
    ///     vec![ndarray::array![[1.0, 0.0], [0.0, 1.0]]])?;
    /// assert_eq!(f.scores(&[2.0])?, ndarray::array![[1.0, 0.0], [0.0, 1.0]]);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn new(
        questions: Vec<String>,
        weights: Vec<f64>,
        allowed: Array2<bool>,
        features: Vec<Array2<f64>>,
    ) -> Result<Self> {
        let (n, m) = allowed.dim();
        if questions.len() != features.len() || weights.len() != features.len() {
            return Err(Error::shape(
                "question features",
                format!("{} questions, weights and matrices", questions.len()),
                format!("{} weights and {} matrices", weights.len(), features.len()),
            ));
        }
        check_weights(&questions, &weights)?;
        for (q, f) in questions.iter().zip(&features) {
            if f.dim() != (n, m) {
                return Err(Error::shape(
                    format!("features of question {q:?}"),
                    format!("{n}x{m}"),
                    format!("{}x{}", f.dim().0, f.dim().1),
                ));
            }
            if let Some(((r, c), &v)) = f.indexed_iter().find(|(_, v)| !v.is_finite()) {
                return Err(Error::NonFinite {
                    what: format!("features of question {q:?}"),
                    row: r,
                    col: c,
                    value: v,
                });
            }
        }
        Ok(Self {
            questions,
            weights,
            mentee_ids: (0..n).map(|i| i.to_string()).collect(),
            mentor_ids: (0..m).map(|j| j.to_string()).collect(),
            features,
            allowed,
        })
    }

    /// Compute every question's matrix for the consenting participants of `cohort`.
    ///
    /// # Errors
    /// As [`Scorer::new`].
    ///
    /// ```
    /// # use nastavnik::synthetic::{generate, SyntheticConfig};
    /// let (schema, cohort) = generate(&SyntheticConfig::default().with_n_mentees(10).with_n_mentors(4))?;
    /// let f = nastavnik::evaluate::QuestionFeatures::from_cohort(&schema, &cohort)?;
    /// assert_eq!(f.questions.len(), schema.questions.len());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn from_cohort(schema: &Schema, cohort: &Cohort) -> Result<Self> {
        let full = Scorer::new(schema, cohort)?.score_matrix();
        let allowed = full.scores.mapv(|v| v != f64::NEG_INFINITY);
        let mut features = Vec::with_capacity(schema.questions.len());
        for q in &schema.questions {
            let one = Schema {
                questions: vec![q.clone().with_weight(1.0)],
                rules: schema.rules.clone(),
                missing_value: schema.missing_value,
            };
            let mut f = Scorer::new(&one, cohort)?.score_matrix().scores;
            Zip::from(&mut f).and(&allowed).for_each(|v, &ok| {
                if !ok || !v.is_finite() {
                    *v = 0.0;
                }
            });
            features.push(f);
        }
        Ok(Self {
            questions: schema.questions.iter().map(|q| q.id.clone()).collect(),
            weights: schema.questions.iter().map(|q| q.weight).collect(),
            mentee_ids: full.mentee_ids,
            mentor_ids: full.mentor_ids,
            features,
            allowed,
        })
    }

    /// Mentees × mentors.
    ///
    /// ```
    /// let f = nastavnik::evaluate::QuestionFeatures::new(vec![], vec![], ndarray::Array2::from_elem((2, 3), true), vec![])?;
    /// assert_eq!(f.dim(), (2, 3));
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn dim(&self) -> (usize, usize) {
        self.allowed.dim()
    }

    /// The index of a question id.
    ///
    /// # Errors
    /// [`Error::UnknownId`] naming the question.
    ///
    /// ```
    /// let f = nastavnik::evaluate::QuestionFeatures::new(vec!["a".into()], vec![1.0],
    ///     ndarray::Array2::from_elem((1, 1), true), vec![ndarray::array![[0.5]]])?;
    /// assert_eq!(f.question_index("a")?, 0);
    /// assert!(f.question_index("b").is_err());
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn question_index(&self, id: &str) -> Result<usize> {
        self.questions
            .iter()
            .position(|q| q == id)
            .ok_or_else(|| Error::UnknownId {
                what: "questions".into(),
                id: id.into(),
            })
    }

    /// The score matrix `Σ_q w_q F_q / Σ_q w_q` (`-inf` where forbidden; all zeros when every
    /// weight is 0).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `weights` has the wrong length, [`Error::InvalidValue`]
    /// naming the question of a negative or non-finite weight.
    ///
    /// ```
    /// let f = nastavnik::evaluate::QuestionFeatures::new(vec!["a".into(), "b".into()], vec![1.0, 1.0],
    ///     ndarray::array![[true, false]], vec![ndarray::array![[1.0, 1.0]], ndarray::array![[0.0, 1.0]]])?;
    /// let s = f.scores(&[3.0, 1.0])?;
    /// assert_eq!(s[[0, 0]], 0.75);
    /// assert_eq!(s[[0, 1]], f64::NEG_INFINITY);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn scores(&self, weights: &[f64]) -> Result<Array2<f64>> {
        if weights.len() != self.questions.len() {
            return Err(Error::shape(
                "question weights",
                self.questions.len(),
                weights.len(),
            ));
        }
        check_weights(&self.questions, weights)?;
        let sum: f64 = weights.iter().sum();
        let mut s = self.numerator(weights);
        if sum > 0.0 {
            s.mapv_inplace(|v| v / sum);
        }
        Zip::from(&mut s).and(&self.allowed).for_each(|v, &ok| {
            if !ok {
                *v = f64::NEG_INFINITY;
            }
        });
        Ok(s)
    }

    /// `Σ_q w_q F_q` without normalisation or mask (weights not validated).
    pub(crate) fn numerator(&self, weights: &[f64]) -> Array2<f64> {
        let mut s = Array2::zeros(self.dim());
        for (f, &w) in self.features.iter().zip(weights) {
            if w != 0.0 {
                s.scaled_add(w, f);
            }
        }
        s
    }

    /// The feature vector of one pair (one value per question).
    ///
    /// ```
    /// let f = nastavnik::evaluate::QuestionFeatures::new(vec!["a".into()], vec![1.0],
    ///     ndarray::Array2::from_elem((1, 2), true), vec![ndarray::array![[0.5, 0.25]]])?;
    /// assert_eq!(f.pair_features(0, 1), vec![0.25]);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn pair_features(&self, i: usize, j: usize) -> Vec<f64> {
        self.features.iter().map(|f| f[[i, j]]).collect()
    }
}

pub(crate) fn check_weights(questions: &[String], weights: &[f64]) -> Result<()> {
    for (q, &w) in questions.iter().zip(weights) {
        if !w.is_finite() || w < 0.0 {
            return Err(Error::invalid(
                "question weight",
                format!("question {q:?} has weight {w}; expected a finite number >= 0"),
            ));
        }
    }
    Ok(())
}
