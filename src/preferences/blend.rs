//! Blends of stated ranks with questionnaire scores ([`RankedLists::blend`],
//! [`Preferences::blend`], [`PeerPreferences::blend`]).

use ndarray::ArrayView2;

use super::ranked::sort_by_key_then_target;
use super::{
    Acceptability, PeerPreferences, Preferences, RankedLists, Side, check_scores, same_shape,
};
use crate::error::{Error, Result};
use crate::real::Real;

impl RankedLists {
    /// Blend stated ranks with questionnaire scores (rows = owners, columns = targets).
    ///
    /// For owner `a` and target `b`:
    /// * stated utility `u_s = (G - g) / G` when `b` is in `a`'s stated list in tie group `g`
    ///   (0-based) of `G` groups, and `u_s = 0` when `b` is not listed;
    /// * score utility `u_q = (s - lo) / (hi - lo)`, the min–max normalisation of `s = scores[a, b]`
    ///   over the finite scores of row `a` (`u_q = 1` when `hi == lo`);
    /// * blended utility `u = weight · u_s + (1 - weight) · u_q`.
    ///
    /// Owner `a` then ranks **every target with a finite score** by decreasing `u` (equal `u` =
    /// tie); a `-inf` score makes the pair unacceptable even if it was stated. `weight = 1` keeps
    /// the stated order and puts all unlisted targets in one last tie group; `weight = 0` ranks by
    /// score alone. For [`Side::Peer`] the diagonal is ignored.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for `weight` outside `[0, 1]`; [`Error::ShapeMismatch`] when
    /// `scores` is not `n_owners × n_targets`; [`Error::NonFinite`] for NaN or `+inf`.
    ///
    /// ```
    /// use nastavnik::preferences::{RankedLists, Side};
    /// let stated = RankedLists::new(Side::Mentee, 3, &[vec![vec![2]]]).unwrap();
    /// let s = ndarray::array![[0.9, 0.1, 0.0]];
    /// // weight 0.5: mentor 2 -> 0.5*1 + 0.5*0 = 0.5; mentor 0 -> 0.5*0 + 0.5*1 = 0.5; mentor 1 -> 0.056
    /// let l = RankedLists::blend(&stated, s.view(), 0.5).unwrap();
    /// assert_eq!(l.groups(0), vec![vec![0, 2], vec![1]]);
    /// ```
    pub fn blend<T: Real>(
        stated: &RankedLists,
        scores: ArrayView2<'_, T>,
        weight: f64,
    ) -> Result<Self> {
        if !(0.0..=1.0).contains(&weight) {
            return Err(Error::invalid(
                "blend weight",
                format!("must lie in [0, 1], got {weight}"),
            ));
        }
        let side = stated.side;
        let (n, m) = (stated.n_owners(), stated.n_targets);
        if scores.dim() != (n, m) {
            return Err(Error::shape(
                "blend scores",
                format!(
                    "{n}x{m} ({}s x {}s)",
                    side.owner_label(),
                    side.target_label()
                ),
                format!("{}x{}", scores.nrows(), scores.ncols()),
            ));
        }
        check_scores(scores, &format!("{} scores", side.owner_label()), false)?;
        let mut stated_u = vec![0.0f64; m];
        Self::from_rows(side, n, m, |a, row: &mut Vec<(f64, u32)>| {
            let (items, ranks) = stated.list(a);
            let groups = ranks.last().map_or(0, |&r| r + 1) as f64;
            for (&b, &g) in items.iter().zip(ranks) {
                stated_u[b as usize] = (groups - g as f64) / groups;
            }
            let finite = |b: usize, s: T| s != T::neg_infinity() && !(side == Side::Peer && a == b);
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for (b, &s) in scores.row(a).iter().enumerate() {
                if finite(b, s) {
                    lo = lo.min(s.to_f64_lossy());
                    hi = hi.max(s.to_f64_lossy());
                }
            }
            for (b, &s) in scores.row(a).iter().enumerate() {
                if finite(b, s) {
                    let uq = if hi > lo {
                        (s.to_f64_lossy() - lo) / (hi - lo)
                    } else {
                        1.0
                    };
                    let u = weight * stated_u[b] + (1.0 - weight) * uq;
                    row.push((-u, b as u32));
                }
            }
            for &b in items {
                stated_u[b as usize] = 0.0;
            }
            sort_by_key_then_target(row);
        })
    }
}

impl Preferences {
    /// Blend stated lists with questionnaire scores (both score matrices **mentees × mentors**)
    /// using [`RankedLists::blend`] on each side with the same `weight` (the weight of the stated
    /// ranks; `1 - weight` goes to the scores). `stated_mentee` and `stated_mentor` are the raw
    /// stated lists (e.g. from [`RankedLists::new`]).
    ///
    /// # Errors
    /// As [`RankedLists::blend`]; [`Error::ShapeMismatch`] when a score matrix is not
    /// mentees × mentors; [`Error::InvalidValue`] for lists of the wrong [`Side`].
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, Preferences, RankedLists, Side};
    /// let e = RankedLists::new(Side::Mentee, 2, &[vec![vec![1]]]).unwrap();
    /// let m = RankedLists::new(Side::Mentor, 1, &[vec![], vec![]]).unwrap();
    /// let s = ndarray::array![[1.0, 0.0]];
    /// let p = Preferences::blend(&e, &m, s.view(), s.view(), 0.8, Acceptability::Mutual).unwrap();
    /// // mentee 0: mentor 1 -> 0.8, mentor 0 -> 0.2
    /// assert_eq!(p.mentee_lists().groups(0), vec![vec![1], vec![0]]);
    /// ```
    pub fn blend<T: Real>(
        stated_mentee: &RankedLists,
        stated_mentor: &RankedLists,
        mentee_scores: ArrayView2<'_, T>,
        mentor_scores: ArrayView2<'_, T>,
        weight: f64,
        acceptability: Acceptability,
    ) -> Result<Self> {
        if stated_mentee.side != Side::Mentee || stated_mentor.side != Side::Mentor {
            return Err(Error::invalid(
                "stated lists",
                "expected mentee lists then mentor lists",
            ));
        }
        same_shape(
            mentee_scores.dim(),
            mentor_scores.dim(),
            "mentor score matrix",
        )?;
        check_scores(mentor_scores, "mentor scores", false)?;
        let e = RankedLists::blend(stated_mentee, mentee_scores, weight)?;
        let m = RankedLists::blend(stated_mentor, mentor_scores.t(), weight)?;
        Self::from_lists(e, m, acceptability)
    }
}

impl PeerPreferences {
    /// Blend stated peer lists with a square score matrix, see [`RankedLists::blend`].
    ///
    /// # Errors
    /// As [`RankedLists::blend`] and [`PeerPreferences::from_lists`].
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerPreferences, RankedLists, Side};
    /// let stated = RankedLists::new(Side::Peer, 3, &[vec![vec![2]], vec![], vec![]]).unwrap();
    /// let s = ndarray::array![[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]];
    /// let p = PeerPreferences::blend(&stated, s.view(), 1.0, Acceptability::Mutual).unwrap();
    /// assert_eq!(p.lists().groups(0), vec![vec![2], vec![1]]);
    /// ```
    pub fn blend<T: Real>(
        stated: &RankedLists,
        scores: ArrayView2<'_, T>,
        weight: f64,
        acceptability: Acceptability,
    ) -> Result<Self> {
        Self::from_lists(RankedLists::blend(stated, scores, weight)?, acceptability)
    }
}
