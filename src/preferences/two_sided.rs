//! [`Preferences`]: the mentees' lists over mentors joined with the mentors' lists over mentees.

use ndarray::ArrayView2;

use super::link::{exact_cross, link};
use super::{Acceptability, RankedLists, Side, check_scores, same_shape};
use crate::error::{Error, Result};
use crate::real::Real;

/// Mentees' lists over mentors and mentors' lists over mentees, restricted to acceptable pairs and
/// cross-linked.
///
/// Invariant: mentor `j` is in mentee `i`'s list if and only if `i` is in `j`'s list (both lists
/// hold exactly the acceptable pairs). Tie-group ranks are renumbered after filtering, so rank 0
/// is each participant's best *acceptable* group.
///
/// ```
/// use nastavnik::preferences::{Acceptability, Preferences};
/// // 2 mentees, 2 mentors
/// let p = Preferences::new(&[vec![vec![1], vec![0]], vec![vec![1]]],
///                          &[vec![vec![0]], vec![vec![1, 0]]], Acceptability::Mutual).unwrap();
/// assert_eq!(p.mentee_lists().groups(0), vec![vec![1], vec![0]]);
/// assert_eq!(p.mentor_lists().groups(1), vec![vec![1, 0]]);
/// assert_eq!(p.n_acceptable_pairs(), 3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Preferences {
    mentee: RankedLists,
    mentor: RankedLists,
    mentee_cross: Vec<u32>,
    mentor_cross: Vec<u32>,
    acceptability: Acceptability,
}

impl Preferences {
    /// Join one list per mentee (over mentors) and one per mentor (over mentees).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] when `mentee_lists` is not [`Side::Mentee`], `mentor_lists` not
    /// [`Side::Mentor`], or their dimensions disagree (mentee lists must have as many targets as
    /// there are mentor lists and vice versa).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences, RankedLists, Side};
    /// let e = RankedLists::new(Side::Mentee, 1, &[vec![vec![0]], vec![vec![0]]]).unwrap();
    /// let m = RankedLists::new(Side::Mentor, 2, &[vec![vec![1]]]).unwrap();
    /// let p = Preferences::from_lists(e, m, Acceptability::Mutual).unwrap();
    /// assert!(p.is_acceptable(1, 0) && !p.is_acceptable(0, 0));
    /// let p = Preferences::from_lists(
    ///     RankedLists::new(Side::Mentee, 1, &[vec![vec![0]], vec![vec![0]]]).unwrap(),
    ///     RankedLists::new(Side::Mentor, 2, &[vec![vec![1]]]).unwrap(),
    ///     Acceptability::Either).unwrap();
    /// assert_eq!(p.mentor_lists().groups(0), vec![vec![1], vec![0]]);
    /// ```
    pub fn from_lists(
        mentee_lists: RankedLists,
        mentor_lists: RankedLists,
        acceptability: Acceptability,
    ) -> Result<Self> {
        if mentee_lists.side != Side::Mentee || mentor_lists.side != Side::Mentor {
            return Err(Error::invalid(
                "preference lists",
                format!(
                    "expected mentee lists and mentor lists, got {:?} and {:?}",
                    mentee_lists.side, mentor_lists.side
                ),
            ));
        }
        if mentee_lists.n_targets != mentor_lists.n_owners()
            || mentor_lists.n_targets != mentee_lists.n_owners()
        {
            return Err(Error::shape(
                "preference lists",
                format!(
                    "{} mentee lists over {} mentors",
                    mentor_lists.n_targets,
                    mentor_lists.n_owners()
                ),
                format!(
                    "{} mentee lists over {} mentors",
                    mentee_lists.n_owners(),
                    mentee_lists.n_targets
                ),
            ));
        }
        let l = link(mentee_lists, Some(mentor_lists), acceptability);
        let Some(mentor) = l.b else {
            return Err(Error::invalid(
                "preference lists",
                "internal: mentor side lost",
            ));
        };
        Ok(Self {
            mentee: l.a,
            mentor,
            mentee_cross: l.a_cross,
            mentor_cross: l.b_cross,
            acceptability,
        })
    }

    /// Build from nested index lists: `mentee_lists[i]` ranks mentors (tie groups, best first),
    /// `mentor_lists[j]` ranks mentees. There are `mentee_lists.len()` mentees and
    /// `mentor_lists.len()` mentors.
    ///
    /// # Errors
    /// As [`RankedLists::new`] for either side.
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]]], &[vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// assert!(p.is_acceptable(0, 0));
    /// assert!(Preferences::new(&[vec![vec![3]]], &[vec![]], Acceptability::Mutual).is_err());
    /// ```
    pub fn new(
        mentee_lists: &[Vec<Vec<usize>>],
        mentor_lists: &[Vec<Vec<usize>>],
        acceptability: Acceptability,
    ) -> Result<Self> {
        let e = RankedLists::new(Side::Mentee, mentor_lists.len(), mentee_lists)?;
        let m = RankedLists::new(Side::Mentor, mentee_lists.len(), mentor_lists)?;
        Self::from_lists(e, m, acceptability)
    }

    /// Build from two rank matrices, both **mentees × mentors**: `mentee_ranks[i, j]` is mentee
    /// `i`'s rank of mentor `j`, `mentor_ranks[i, j]` is mentor `j`'s rank of mentee `i`
    /// (positive = rank, smaller better, equal = tie; `0` or negative = not acceptable).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the two shapes differ.
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences};
    /// let e = ndarray::array![[1i64, 2], [1, 1]];
    /// let m = ndarray::array![[2i64, 1], [1, 0]];
    /// let p = Preferences::from_rank_matrices(e.view(), m.view(), Acceptability::Mutual).unwrap();
    /// assert_eq!(p.mentor_lists().groups(0), vec![vec![1], vec![0]]);
    /// assert!(!p.is_acceptable(1, 1));
    /// ```
    pub fn from_rank_matrices(
        mentee_ranks: ArrayView2<'_, i64>,
        mentor_ranks: ArrayView2<'_, i64>,
        acceptability: Acceptability,
    ) -> Result<Self> {
        same_shape(mentee_ranks.dim(), mentor_ranks.dim(), "mentor rank matrix")?;
        let e = RankedLists::from_rank_matrix(Side::Mentee, mentee_ranks)?;
        let m = RankedLists::from_rank_matrix(Side::Mentor, mentor_ranks.t())?;
        // full strict lists (the common case): cross-link straight from the matrices
        if let Some((mentee_cross, mentor_cross)) = exact_cross(&e, &m, mentee_ranks, mentor_ranks)
        {
            return Ok(Self {
                mentee: e,
                mentor: m,
                mentee_cross,
                mentor_cross,
                acceptability,
            });
        }
        Self::from_lists(e, m, acceptability)
    }

    /// Build from two score matrices, both **mentees × mentors**: mentee `i` ranks mentors by
    /// `mentee_scores[i, ..]`, mentor `j` ranks mentees by `mentor_scores[.., j]` (higher is
    /// better, equal = tie, `-inf` = not acceptable). Pass the same view twice for one symmetric
    /// compatibility score.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when the shapes differ; [`Error::NonFinite`] for NaN or `+inf`
    /// (row = mentee, column = mentor, in both matrices).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences};
    /// let s = ndarray::array![[0.9, 0.1], [0.4, f64::NEG_INFINITY]];
    /// let p = Preferences::from_scores(s.view(), s.view(), Acceptability::Mutual).unwrap();
    /// assert_eq!(p.mentor_lists().groups(0), vec![vec![0], vec![1]]);
    /// assert!(!p.is_acceptable(1, 1));
    /// ```
    pub fn from_scores<T: Real>(
        mentee_scores: ArrayView2<'_, T>,
        mentor_scores: ArrayView2<'_, T>,
        acceptability: Acceptability,
    ) -> Result<Self> {
        same_shape(
            mentee_scores.dim(),
            mentor_scores.dim(),
            "mentor score matrix",
        )?;
        check_scores(mentor_scores, "mentor scores", false)?;
        let e = RankedLists::from_scores(Side::Mentee, mentee_scores)?;
        let m = RankedLists::from_scores(Side::Mentor, mentor_scores.t())?;
        Self::from_lists(e, m, acceptability)
    }

    /// Number of mentees.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![], vec![]], &[vec![]], Acceptability::Mutual).unwrap();
    /// assert_eq!((p.n_mentees(), p.n_mentors()), (2, 1));
    /// ```
    pub fn n_mentees(&self) -> usize {
        self.mentee.n_owners()
    }

    /// Number of mentors.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![]], &[vec![], vec![]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.n_mentors(), 2);
    /// ```
    pub fn n_mentors(&self) -> usize {
        self.mentor.n_owners()
    }

    /// The mentees' effective lists over mentors (acceptable pairs only).
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]]], &[vec![]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.mentee_lists().nnz(), 0); // mentor 0 did not list mentee 0
    /// ```
    pub fn mentee_lists(&self) -> &RankedLists {
        &self.mentee
    }

    /// The mentors' effective lists over mentees (acceptable pairs only).
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]]], &[vec![]], Acceptability::Either).unwrap();
    /// assert_eq!(p.mentor_lists().groups(0), vec![vec![0]]);
    /// ```
    pub fn mentor_lists(&self) -> &RankedLists {
        &self.mentor
    }

    /// The acceptability rule these preferences were built with.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![]], &[vec![]], Acceptability::Either).unwrap();
    /// assert_eq!(p.acceptability(), Acceptability::Either);
    /// ```
    pub fn acceptability(&self) -> Acceptability {
        self.acceptability
    }

    /// Whether mentee `i` and mentor `j` may be paired (`false` when out of range).
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]]], &[vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// assert!(p.is_acceptable(0, 0) && !p.is_acceptable(0, 9));
    /// ```
    pub fn is_acceptable(&self, i: usize, j: usize) -> bool {
        self.mentee.rank_of(i, j).is_some()
    }

    /// Tie-group rank (0 = best) of mentor `j` in mentee `i`'s effective list.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![1], vec![0]]], &[vec![vec![0]], vec![vec![0]]],
    ///                          Acceptability::Mutual).unwrap();
    /// assert_eq!(p.mentee_rank(0, 0), Some(1));
    /// ```
    pub fn mentee_rank(&self, i: usize, j: usize) -> Option<u32> {
        self.mentee.rank_of(i, j)
    }

    /// Tie-group rank (0 = best) of mentee `i` in mentor `j`'s effective list.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]], vec![vec![0]]], &[vec![vec![1], vec![0]]],
    ///                          Acceptability::Mutual).unwrap();
    /// assert_eq!(p.mentor_rank(0, 1), Some(0));
    /// ```
    pub fn mentor_rank(&self, j: usize, i: usize) -> Option<u32> {
        self.mentor.rank_of(j, i)
    }

    /// Number of acceptable mentee–mentor pairs.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, Preferences};
    /// let p = Preferences::new(&[vec![vec![0]]], &[vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.n_acceptable_pairs(), 1);
    /// ```
    pub fn n_acceptable_pairs(&self) -> usize {
        self.mentee.nnz()
    }

    /// For each mentee entry, the absolute index of the same pair in the mentor lists.
    pub(crate) fn mentee_cross(&self) -> &[u32] {
        &self.mentee_cross
    }

    /// For each mentor entry, the absolute index of the same pair in the mentee lists.
    pub(crate) fn mentor_cross(&self) -> &[u32] {
        &self.mentor_cross
    }
}
