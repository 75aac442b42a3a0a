//! Sparse candidate lists: the best mentors of each mentee, in CSR layout.
//!
//! Produced by the streaming top-k generator (which never materialises the dense score matrix)
//! and consumed by the sparse assignment solvers.
//!
//! # Examples
//! ```
//! use nastavnik::scoring::Candidates;
//! // mentee 0 -> mentors 2 (0.9) and 0 (0.5); mentee 1 -> mentor 1 (0.7)
//! let c = Candidates::new(3, vec![0, 2, 3], vec![2, 0, 1], vec![0.9, 0.5, 0.7]).unwrap();
//! assert_eq!(c.n_mentees(), 2);
//! assert_eq!(c.row(0), (&[2u32, 0][..], &[0.9, 0.5][..]));
//! ```

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Candidate mentors of each mentee with their scores (CSR: `indptr`, `indices`, `scores`).
///
/// Row `i` holds mentors `indices[indptr[i]..indptr[i + 1]]`, best first when produced by
/// the top-k generator. Forbidden pairs are simply absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidates {
    n_mentors: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    scores: Vec<f64>,
}

impl Candidates {
    /// Build and validate CSR candidate lists.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the arrays disagree, [`Error::InvalidValue`] for a
    /// non-monotone `indptr`, a mentor index out of range or repeated within a row, and
    /// [`Error::NonFinite`] for NaN/infinite scores (row = mentee, column = mentor).
    ///
    /// ```
    /// use nastavnik::scoring::Candidates;
    /// assert!(Candidates::new(2, vec![0, 1], vec![5], vec![1.0]).is_err()); // mentor 5 of 2
    /// ```
    pub fn new(
        n_mentors: usize,
        indptr: Vec<usize>,
        indices: Vec<u32>,
        scores: Vec<f64>,
    ) -> Result<Self> {
        if indptr.first() != Some(&0) {
            return Err(Error::invalid("candidates indptr", "must start with 0"));
        }
        let nnz = indptr[indptr.len() - 1];
        if indices.len() != nnz || scores.len() != nnz {
            return Err(Error::shape(
                "candidates",
                format!("{nnz} indices and scores (indptr[-1])"),
                format!("{} indices, {} scores", indices.len(), scores.len()),
            ));
        }
        // Duplicates are found per row on a sorted copy: no buffer sized by `n_mentors`.
        let mut row_sorted: Vec<u32> = Vec::new();
        for (row, w) in indptr.windows(2).enumerate() {
            if w[1] < w[0] {
                return Err(Error::invalid(
                    "candidates indptr",
                    format!("decreases at mentee row {row}"),
                ));
            }
            for k in w[0]..w[1] {
                let j = indices[k] as usize;
                if j >= n_mentors {
                    return Err(Error::invalid(
                        "candidates",
                        format!(
                            "mentee row {row} names mentor column {j}, but there are {n_mentors} mentors"
                        ),
                    ));
                }
                if !scores[k].is_finite() {
                    return Err(Error::NonFinite {
                        what: "candidate scores".into(),
                        row,
                        col: j,
                        value: scores[k],
                    });
                }
            }
            row_sorted.clear();
            row_sorted.extend_from_slice(&indices[w[0]..w[1]]);
            row_sorted.sort_unstable();
            if let Some(p) = row_sorted.windows(2).find(|p| p[0] == p[1]) {
                return Err(Error::invalid(
                    "candidates",
                    format!("mentee row {row} lists mentor column {} twice", p[0]),
                ));
            }
        }
        Ok(Self {
            n_mentors,
            indptr,
            indices,
            scores,
        })
    }

    /// Number of mentees (rows).
    ///
    /// ```
    /// # use nastavnik::scoring::Candidates;
    /// assert_eq!(Candidates::new(1, vec![0, 0, 0], vec![], vec![]).unwrap().n_mentees(), 2);
    /// ```
    pub fn n_mentees(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Number of mentors (columns).
    ///
    /// ```
    /// # use nastavnik::scoring::Candidates;
    /// assert_eq!(Candidates::new(4, vec![0], vec![], vec![]).unwrap().n_mentors(), 4);
    /// ```
    pub fn n_mentors(&self) -> usize {
        self.n_mentors
    }

    /// Total number of stored candidate pairs.
    ///
    /// ```
    /// # use nastavnik::scoring::Candidates;
    /// assert_eq!(Candidates::new(2, vec![0, 2], vec![0, 1], vec![1.0, 0.5]).unwrap().nnz(), 2);
    /// ```
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Mentor indices and scores of mentee `i`.
    ///
    /// # Panics
    /// If `i >= self.n_mentees()` (an index the caller chose, not user data).
    ///
    /// ```
    /// # use nastavnik::scoring::Candidates;
    /// let c = Candidates::new(2, vec![0, 1], vec![1], vec![0.3]).unwrap();
    /// assert_eq!(c.row(0).0, &[1]);
    /// ```
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.scores[a..b])
    }

    /// The CSR row pointer (length `n_mentees + 1`).
    ///
    /// ```
    /// # use nastavnik::scoring::Candidates;
    /// assert_eq!(Candidates::new(1, vec![0, 1], vec![0], vec![1.0]).unwrap().indptr(), &[0, 1]);
    /// ```
    pub fn indptr(&self) -> &[usize] {
        &self.indptr
    }

    /// Mentor index of every stored pair.
    ///
    /// ```
    /// # use nastavnik::scoring::Candidates;
    /// assert_eq!(Candidates::new(1, vec![0, 1], vec![0], vec![1.0]).unwrap().indices(), &[0]);
    /// ```
    pub fn indices(&self) -> &[u32] {
        &self.indices
    }

    /// Score of every stored pair.
    ///
    /// ```
    /// # use nastavnik::scoring::Candidates;
    /// assert_eq!(Candidates::new(1, vec![0, 1], vec![0], vec![1.0]).unwrap().scores(), &[1.0]);
    /// ```
    pub fn scores(&self) -> &[f64] {
        &self.scores
    }

    /// Consume into `(indptr, indices, scores)`.
    ///
    /// ```
    /// # use nastavnik::scoring::Candidates;
    /// let (p, i, s) = Candidates::new(1, vec![0, 1], vec![0], vec![1.0]).unwrap().into_parts();
    /// assert_eq!((p.len(), i.len(), s.len()), (2, 1, 1));
    /// ```
    pub fn into_parts(self) -> (Vec<usize>, Vec<u32>, Vec<f64>) {
        (self.indptr, self.indices, self.scores)
    }

    /// Build without validation, for generators that guarantee the invariants.
    pub(crate) fn from_parts_unchecked(
        n_mentors: usize,
        indptr: Vec<usize>,
        indices: Vec<u32>,
        scores: Vec<f64>,
    ) -> Self {
        Self {
            n_mentors,
            indptr,
            indices,
            scores,
        }
    }
}
