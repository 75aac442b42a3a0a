//! [`PeerPreferences`]: one pool whose participants rank each other (peer / roommates format).

use ndarray::ArrayView2;

use super::link::link;
use super::{Acceptability, RankedLists, Side};
use crate::error::{Error, Result};
use crate::real::Real;

/// Preferences inside one pool (peer format): every participant ranks others.
///
/// Invariant: `j` is in `i`'s list if and only if `i` is in `j`'s list (acceptable pairs only),
/// tie-group ranks renumbered from 0.
///
/// ```
/// use nastavnik::preferences::{Acceptability, PeerPreferences};
/// let p = PeerPreferences::new(&[vec![vec![1], vec![2]], vec![vec![0]], vec![vec![1]]],
///                              Acceptability::Mutual).unwrap();
/// assert_eq!(p.lists().groups(0), vec![vec![1]]); // 2 did not list 0
/// assert!(!p.is_acceptable(1, 2));                // 1 did not list 2
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PeerPreferences {
    lists: RankedLists,
    cross: Vec<u32>,
    acceptability: Acceptability,
}

impl PeerPreferences {
    /// Build from [`Side::Peer`] lists over the same pool.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] when `lists` is not [`Side::Peer`] or not square (owners ≠ targets).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences, RankedLists, Side};
    /// let l = RankedLists::new(Side::Peer, 2, &[vec![vec![1]], vec![]]).unwrap();
    /// let p = PeerPreferences::from_lists(l, Acceptability::Either).unwrap();
    /// assert!(p.is_acceptable(1, 0));
    /// ```
    pub fn from_lists(lists: RankedLists, acceptability: Acceptability) -> Result<Self> {
        if lists.side != Side::Peer || lists.n_targets != lists.n_owners() {
            return Err(Error::invalid(
                "peer preference lists",
                format!(
                    "expected square peer lists, got {:?} lists of {} owners over {} targets",
                    lists.side,
                    lists.n_owners(),
                    lists.n_targets
                ),
            ));
        }
        let l = link(lists, None, acceptability);
        Ok(Self {
            lists: l.a,
            cross: l.a_cross,
            acceptability,
        })
    }

    /// Build from nested index lists, `lists[i]` = participant `i`'s tie groups, best first.
    ///
    /// # Errors
    /// As [`RankedLists::new`] with [`Side::Peer`] (self-references are errors).
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let e = PeerPreferences::new(&[vec![vec![0]]], Acceptability::Mutual).unwrap_err();
    /// assert!(e.to_string().contains("participant 0 lists themselves"));
    /// ```
    pub fn new(lists: &[Vec<Vec<usize>>], acceptability: Acceptability) -> Result<Self> {
        Self::from_lists(
            RankedLists::new(Side::Peer, lists.len(), lists)?,
            acceptability,
        )
    }

    /// Build from a square rank matrix (`ranks[i, j]` = `i`'s rank of `j`; positive = rank,
    /// `0`/negative = not acceptable; diagonal ignored).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a non-square matrix.
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let r = ndarray::array![[0i64, 1, 2], [1, 0, 1], [2, 1, 0]];
    /// let p = PeerPreferences::from_rank_matrix(r.view(), Acceptability::Mutual).unwrap();
    /// assert_eq!(p.lists().groups(1), vec![vec![0, 2]]);
    /// ```
    pub fn from_rank_matrix(
        ranks: ArrayView2<'_, i64>,
        acceptability: Acceptability,
    ) -> Result<Self> {
        Self::from_lists(
            RankedLists::from_rank_matrix(Side::Peer, ranks)?,
            acceptability,
        )
    }

    /// Build from a square score matrix (`scores[i, j]` = `i`'s score of `j`; higher better,
    /// `-inf` not acceptable; diagonal ignored).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a non-square matrix; [`Error::NonFinite`] for NaN or `+inf`.
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let s = ndarray::array![[0.0, 0.5, 0.7], [0.3, 0.0, 0.1], [0.2, 0.9, 0.0]];
    /// let p = PeerPreferences::from_scores(s.view(), Acceptability::Mutual).unwrap();
    /// assert_eq!(p.lists().groups(0), vec![vec![2], vec![1]]);
    /// ```
    pub fn from_scores<T: Real>(
        scores: ArrayView2<'_, T>,
        acceptability: Acceptability,
    ) -> Result<Self> {
        Self::from_lists(RankedLists::from_scores(Side::Peer, scores)?, acceptability)
    }

    /// Number of participants.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// assert_eq!(PeerPreferences::new(&[vec![], vec![]], Acceptability::Mutual).unwrap().n(), 2);
    /// ```
    pub fn n(&self) -> usize {
        self.lists.n_owners()
    }

    /// The effective lists (acceptable pairs only).
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let p = PeerPreferences::new(&[vec![vec![1]], vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.lists().nnz(), 2);
    /// ```
    pub fn lists(&self) -> &RankedLists {
        &self.lists
    }

    /// The acceptability rule these preferences were built with.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let p = PeerPreferences::new(&[vec![]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.acceptability(), Acceptability::Mutual);
    /// ```
    pub fn acceptability(&self) -> Acceptability {
        self.acceptability
    }

    /// Tie-group rank (0 = best) of `j` in `i`'s effective list.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let p = PeerPreferences::new(&[vec![vec![1]], vec![vec![0]]], Acceptability::Mutual).unwrap();
    /// assert_eq!(p.rank(0, 1), Some(0));
    /// ```
    pub fn rank(&self, i: usize, j: usize) -> Option<u32> {
        self.lists.rank_of(i, j)
    }

    /// Whether `i` and `j` may be paired.
    ///
    /// ```
    /// # use nastavnik::preferences::{Acceptability, PeerPreferences};
    /// let p = PeerPreferences::new(&[vec![vec![1]], vec![]], Acceptability::Mutual).unwrap();
    /// assert!(!p.is_acceptable(0, 1));
    /// ```
    pub fn is_acceptable(&self, i: usize, j: usize) -> bool {
        self.lists.rank_of(i, j).is_some()
    }

    /// For each entry (`i` lists `j`), the absolute index of `i` in `j`'s list.
    pub(crate) fn cross(&self) -> &[u32] {
        &self.cross
    }
}
