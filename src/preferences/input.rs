//! One entry point from raw stated preferences to validated [`Preferences`] with ids: the
//! sources a user or a binding holds (lists by id, rank matrices, index lists, scores, a blend of
//! stated ranks with scores) are checked, ids are inferred or checked, and the two sides joined.
//!
//! # Contract
//! * Input: one [`Source`] per side (or one for a pool of peers), optional ids, an optional blend
//!   with questionnaire scores and an [`Acceptability`] rule.
//! * Output: [`Labelled`] (two-sided) or [`LabelledPeers`]: the cross-linked preferences and the
//!   ids (when the input had them), so results can be reported by id without the binding.
//! * Guarantees: every id collection is checked for duplicates on every path (matrices with ids
//!   included); lengths of ids, matrices and lists agree; ids are inferred only from lists by id
//!   and only as documented in [`super::infer_ids`].
//! * Complexity: that of the underlying builders, `O(L + n)` for lists of total length `L`,
//!   `O(n m)` for matrices (see the [module documentation](super#complexity)).
//!
//! # Examples
//! ```
//! use nastavnik::preferences::{IdLists, PreferenceInput, Source};
//! let (mut e, mut m) = (IdLists::default(), IdLists::default());
//! e.push("ann", &[&["kim"]]);
//! m.push("kim", &[&["ann"]]);
//! let built = PreferenceInput::new(Source::Ids(e), Some(Source::Ids(m))).build().unwrap();
//! assert_eq!(built.mentor_ids.as_deref(), Some(&["kim".to_string()][..]));
//! assert!(built.preferences.is_acceptable(0, 0));
//! ```

use ndarray::{ArrayView1, ArrayView2};

use super::ids::{infer_ids, infer_peer_ids};
use super::{
    Acceptability, IdLists, PeerPreferences, Preferences, RankedLists, Side, check_unique_ids,
};
use crate::error::{Error, Result};

/// One side's (or one pool's) stated preferences as given, borrowed.
///
/// Matrices are laid out **mentees × mentors** for both sides (see the
/// [module documentation](super#matrix-layout)); for peers they are square.
///
/// ```
/// use nastavnik::preferences::Source;
/// let r = ndarray::array![[1i64, 2], [2, 1]];
/// assert!(matches!(Source::Ranks(r.view()), Source::Ranks(_)));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Source<'a> {
    /// Ranked lists by id.
    Ids(IdLists<'a>),
    /// An integer rank matrix: a positive integer is a rank (smaller is better, equal = tie),
    /// `0` or negative is "not acceptable".
    Ranks(ArrayView2<'a, i64>),
    /// Padded index lists (owners × length, best first, negative = padding), strict.
    Padded(ArrayView2<'a, i64>),
    /// CSR index lists `(indptr, indices, ranks)`; ranks default to the position in the row.
    Csr(
        ArrayView1<'a, i64>,
        ArrayView1<'a, i64>,
        Option<ArrayView1<'a, i64>>,
    ),
    /// A score matrix: larger is better, equal = tie, `-inf` = not acceptable.
    Scores(ArrayView2<'a, f64>),
}

impl Source<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Source::Ids(_) => "lists by id",
            Source::Ranks(_) => "a rank matrix",
            Source::Padded(_) | Source::Csr(..) => "index lists",
            Source::Scores(_) => "a score matrix",
        }
    }

    /// Number of owners for index lists, matrix shape for matrices.
    fn n_owners(&self) -> Option<usize> {
        match self {
            Source::Padded(a) => Some(a.nrows()),
            Source::Csr(ip, ..) => Some(ip.len().saturating_sub(1)),
            _ => None,
        }
    }

    fn dim(&self) -> Option<(usize, usize)> {
        match self {
            Source::Ranks(a) => Some(a.dim()),
            Source::Scores(a) => Some(a.dim()),
            _ => None,
        }
    }

    /// The stated lists of `side` over `n_targets` targets (matrices: mentees × mentors).
    fn lists(
        &self,
        side: Side,
        n_targets: usize,
        ids: Option<(&[&str], &[&str])>,
    ) -> Result<RankedLists> {
        match self {
            Source::Ids(l) => match ids {
                Some((own, other)) => l.ranked(side, own, other),
                None => Err(Error::invalid("preferences", "lists by id need ids")),
            },
            Source::Ranks(a) => {
                let a = if side == Side::Mentor {
                    a.reversed_axes()
                } else {
                    *a
                };
                RankedLists::from_rank_matrix(side, a)
            }
            Source::Padded(a) => RankedLists::from_padded(side, n_targets, *a),
            Source::Csr(ip, ix, rk) => RankedLists::from_csr_i64(side, n_targets, *ip, *ix, *rk),
            Source::Scores(s) => {
                let s = if side == Side::Mentor {
                    s.reversed_axes()
                } else {
                    *s
                };
                RankedLists::from_scores(side, s)
            }
        }
    }
}

/// A blend of stated ranks with questionnaire scores (see [`RankedLists::blend`]).
///
/// ```
/// let s = ndarray::array![[0.5, 0.1]];
/// let b = nastavnik::preferences::Blend::new(s.view(), 0.5);
/// assert_eq!(b.weight, 0.5);
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Blend<'a> {
    /// Mentees × mentors scores ranking the mentees' side (and the mentors' unless
    /// `mentor_scores` is given); for peers, square.
    pub scores: ArrayView2<'a, f64>,
    /// Mentees × mentors scores of the mentors' view.
    pub mentor_scores: Option<ArrayView2<'a, f64>>,
    /// Weight of the stated ranks in `[0, 1]` (the rest goes to the scores).
    pub weight: f64,
}

impl<'a> Blend<'a> {
    /// A blend of stated ranks (weight `weight`) with `scores` ranking both sides.
    ///
    /// ```
    /// let s = ndarray::array![[0.5, 0.1]];
    /// let b = nastavnik::preferences::Blend::new(s.view(), 0.25);
    /// assert_eq!((b.weight, b.mentor_scores.is_none()), (0.25, true));
    /// ```
    pub fn new(scores: ArrayView2<'a, f64>, weight: f64) -> Self {
        Self {
            scores,
            mentor_scores: None,
            weight,
        }
    }

    /// Rank the mentors' side by these scores (mentees × mentors) instead.
    ///
    /// ```
    /// let s = ndarray::array![[0.5, 0.1]];
    /// let m = ndarray::array![[0.2, 0.9]];
    /// let b = nastavnik::preferences::Blend::new(s.view(), 0.5).with_mentor_scores(m.view());
    /// assert_eq!(b.mentor_scores.unwrap()[[0, 1]], 0.9);
    /// ```
    pub fn with_mentor_scores(mut self, mentor_scores: ArrayView2<'a, f64>) -> Self {
        self.mentor_scores = Some(mentor_scores);
        self
    }
}

/// Two-sided preferences with the ids they were given or inferred with.
///
/// ```
/// use nastavnik::preferences::{PreferenceInput, Source};
/// let r = ndarray::array![[1i64]];
/// let b = PreferenceInput::new(Source::Ranks(r.view()), Some(Source::Ranks(r.view()))).build().unwrap();
/// assert!(b.mentee_ids.is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Labelled {
    /// The cross-linked preferences.
    pub preferences: Preferences,
    /// Mentee ids (when given or inferred).
    pub mentee_ids: Option<Vec<String>>,
    /// Mentor ids (when given or inferred).
    pub mentor_ids: Option<Vec<String>>,
}

/// Peer preferences with their ids.
///
/// ```
/// use nastavnik::preferences::{PeerInput, Source};
/// let r = ndarray::array![[0i64, 1], [1, 0]];
/// let b = PeerInput::new(Source::Ranks(r.view())).build().unwrap();
/// assert!(b.preferences.is_acceptable(0, 1));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LabelledPeers {
    /// The cross-linked peer preferences.
    pub preferences: PeerPreferences,
    /// Participant ids (when given or inferred).
    pub ids: Option<Vec<String>>,
}

/// Raw two-sided stated preferences; [`PreferenceInput::build`] validates and joins them.
///
/// ```
/// use nastavnik::preferences::{Acceptability, PreferenceInput, Source};
/// let r = ndarray::array![[1i64, 2], [1, 0]];
/// let b = PreferenceInput::new(Source::Ranks(r.view()), Some(Source::Ranks(r.view())))
///     .with_ids(Some(vec!["ann", "bob"]), Some(vec!["kim", "lee"]))
///     .with_acceptability(Acceptability::Either)
///     .build().unwrap();
/// assert_eq!(b.mentee_ids.unwrap(), ["ann", "bob"]);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PreferenceInput<'a> {
    /// The mentees' lists over mentors.
    pub mentee: Source<'a>,
    /// The mentors' lists over mentees; `None` only with [`Source::Scores`] (both sides rank by
    /// the same scores).
    pub mentor: Option<Source<'a>>,
    /// Mentee ids (required with ids nowhere else to come from: optional labels for matrices).
    pub mentee_ids: Option<Vec<&'a str>>,
    /// Mentor ids.
    pub mentor_ids: Option<Vec<&'a str>>,
    /// Optional blend of the stated ranks with scores.
    pub blend: Option<Blend<'a>>,
    /// Which pairs may be formed.
    pub acceptability: Acceptability,
}

impl<'a> PreferenceInput<'a> {
    /// Input with no ids, no blend and [`Acceptability::Mutual`].
    ///
    /// ```
    /// use nastavnik::preferences::{PreferenceInput, Source};
    /// let s = ndarray::array![[1.0, 2.0]];
    /// assert!(PreferenceInput::new(Source::Scores(s.view()), None).build().is_ok());
    /// ```
    pub fn new(mentee: Source<'a>, mentor: Option<Source<'a>>) -> Self {
        Self {
            mentee,
            mentor,
            mentee_ids: None,
            mentor_ids: None,
            blend: None,
            acceptability: Acceptability::Mutual,
        }
    }

    /// Set the ids of either side.
    ///
    /// ```
    /// use nastavnik::preferences::{PreferenceInput, Source};
    /// let r = ndarray::array![[1i64]];
    /// let e = PreferenceInput::new(Source::Ranks(r.view()), Some(Source::Ranks(r.view())))
    ///     .with_ids(Some(vec!["a", "b"]), None).build().unwrap_err();
    /// assert!(e.to_string().contains("mentee_ids"));
    /// ```
    pub fn with_ids(
        mut self,
        mentee_ids: Option<Vec<&'a str>>,
        mentor_ids: Option<Vec<&'a str>>,
    ) -> Self {
        self.mentee_ids = mentee_ids;
        self.mentor_ids = mentor_ids;
        self
    }

    /// Blend the stated ranks with scores.
    ///
    /// ```
    /// use nastavnik::preferences::{Blend, PreferenceInput, Source};
    /// let r = ndarray::array![[1i64, 0]];
    /// let s = ndarray::array![[0.0, 1.0]];
    /// let b = PreferenceInput::new(Source::Ranks(r.view()), Some(Source::Ranks(r.view())))
    ///     .with_blend(Blend::new(s.view(), 0.5))
    ///     .build().unwrap();
    /// assert_eq!(b.preferences.n_acceptable_pairs(), 2);
    /// ```
    pub fn with_blend(mut self, blend: Blend<'a>) -> Self {
        self.blend = Some(blend);
        self
    }

    /// Set the acceptability rule.
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PreferenceInput, Source};
    /// let s = ndarray::array![[1.0]];
    /// let i = PreferenceInput::new(Source::Scores(s.view()), None).with_acceptability(Acceptability::Either);
    /// assert_eq!(i.acceptability, Acceptability::Either);
    /// ```
    pub fn with_acceptability(mut self, acceptability: Acceptability) -> Self {
        self.acceptability = acceptability;
        self
    }

    /// Validate, infer or check ids, build both sides, blend and join.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] when the two sides are of different kinds (lists by id with a
    /// matrix) or a blend is combined with score input; [`Error::ShapeMismatch`] when matrices,
    /// lists and ids disagree in size; [`Error::DuplicateId`] / [`Error::UnknownId`] from the
    /// ids; everything the builders report.
    ///
    /// ```
    /// use nastavnik::preferences::{IdLists, PreferenceInput, Source};
    /// let r = ndarray::array![[1i64]];
    /// let e = PreferenceInput::new(Source::Ranks(r.view()), Some(Source::Ids(IdLists::default())))
    ///     .build().unwrap_err();
    /// assert!(e.to_string().contains("same kind"));
    /// ```
    pub fn build(&self) -> Result<Labelled> {
        let acc = self.acceptability;
        let (e_src, m_src) = (&self.mentee, self.mentor.as_ref());
        let m_src = match (e_src, m_src) {
            (Source::Scores(_), None) => e_src,
            (_, Some(m)) => m,
            (_, None) => {
                return Err(Error::invalid(
                    "mentor preferences",
                    "required unless the mentees' source is a score matrix",
                ));
            }
        };
        let same_kind = std::mem::discriminant(e_src) == std::mem::discriminant(m_src)
            || matches!(
                (e_src, m_src),
                (
                    Source::Padded(_) | Source::Csr(..),
                    Source::Padded(_) | Source::Csr(..)
                )
            );
        if !same_kind {
            return Err(Error::invalid(
                "preferences",
                format!(
                    "both sides must be of the same kind, got {} for mentees and {} for mentors",
                    e_src.kind(),
                    m_src.kind()
                ),
            ));
        }
        if let (Some(e), Some(m)) = (e_src.dim(), m_src.dim())
            && e != m
        {
            return Err(Error::shape(
                "mentor preferences (mentees x mentors, like the mentee side)",
                format!("{}x{}", e.0, e.1),
                format!("{}x{}", m.0, m.1),
            ));
        }
        let (mentee_ids, mentor_ids, n, m) = match (e_src, m_src) {
            (Source::Ids(el), Source::Ids(ml)) => {
                let (ei, mi) = infer_ids(
                    el,
                    ml,
                    self.mentee_ids.as_deref(),
                    self.mentor_ids.as_deref(),
                )?;
                let (n, m) = (ei.len(), mi.len());
                (Some(ei), Some(mi), n, m)
            }
            _ => {
                let (n, m) = match (e_src.dim(), e_src.n_owners(), m_src.n_owners()) {
                    (Some(d), ..) => d,
                    (None, Some(n), Some(m)) => (n, m),
                    _ => (0, 0),
                };
                for (ids, len, what) in [
                    (&self.mentee_ids, n, "mentee_ids"),
                    (&self.mentor_ids, m, "mentor_ids"),
                ] {
                    if let Some(ids) = ids {
                        if ids.len() != len {
                            return Err(Error::shape(
                                format!("{what} (the preferences are {n}x{m}, mentees x mentors)"),
                                len,
                                ids.len(),
                            ));
                        }
                        check_unique_ids(ids, what)?;
                    }
                }
                (self.mentee_ids.clone(), self.mentor_ids.clone(), n, m)
            }
        };
        let preferences = match (e_src, &self.blend) {
            (Source::Scores(es), None) => {
                let ms = match m_src {
                    Source::Scores(s) => *s,
                    _ => *es,
                };
                Preferences::from_scores(*es, ms, acc)?
            }
            (Source::Scores(_), Some(_)) => {
                return Err(Error::invalid(
                    "preferences",
                    "a blend with scores needs stated preferences (lists or ranks), not scores",
                ));
            }
            (Source::Ranks(er), None) => {
                let Source::Ranks(mr) = m_src else {
                    return Err(Error::invalid(
                        "preferences",
                        "both sides must be rank matrices",
                    ));
                };
                Preferences::from_rank_matrices(*er, *mr, acc)?
            }
            _ => {
                let ids = mentee_ids.as_deref().zip(mentor_ids.as_deref());
                let el = e_src.lists(Side::Mentee, m, ids)?;
                let ml = m_src.lists(Side::Mentor, n, ids.map(|(a, b)| (b, a)))?;
                match &self.blend {
                    None => Preferences::from_lists(el, ml, acc)?,
                    Some(b) => Preferences::blend(
                        &el,
                        &ml,
                        b.scores,
                        b.mentor_scores.unwrap_or(b.scores),
                        b.weight,
                        acc,
                    )?,
                }
            }
        };
        let owned = |v: Option<Vec<&str>>| v.map(|v| v.into_iter().map(str::to_string).collect());
        Ok(Labelled {
            preferences,
            mentee_ids: owned(mentee_ids),
            mentor_ids: owned(mentor_ids),
        })
    }
}

/// Raw stated preferences of one pool of peers; [`PeerInput::build`] validates and links them.
///
/// ```
/// use nastavnik::preferences::{IdLists, PeerInput, Source};
/// let mut l = IdLists::default();
/// l.push("ann", &[&["bob"]]);
/// l.push("bob", &[&["ann"]]);
/// let b = PeerInput::new(Source::Ids(l)).build().unwrap();
/// assert_eq!(b.ids.unwrap(), ["ann", "bob"]);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PeerInput<'a> {
    /// The participants' lists over each other (square matrices for matrix sources).
    pub source: Source<'a>,
    /// Participant ids.
    pub ids: Option<Vec<&'a str>>,
    /// Optional blend of the stated ranks with square scores (`mentor_scores` unused).
    pub blend: Option<Blend<'a>>,
    /// Which pairs may be formed.
    pub acceptability: Acceptability,
}

impl<'a> PeerInput<'a> {
    /// Input with no ids, no blend and [`Acceptability::Mutual`].
    ///
    /// ```
    /// let s = ndarray::array![[0.0, 1.0], [1.0, 0.0]];
    /// let i = nastavnik::preferences::PeerInput::new(nastavnik::preferences::Source::Scores(s.view()));
    /// assert!(i.build().is_ok());
    /// ```
    pub fn new(source: Source<'a>) -> Self {
        Self {
            source,
            ids: None,
            blend: None,
            acceptability: Acceptability::Mutual,
        }
    }

    /// Set the participant ids.
    ///
    /// ```
    /// use nastavnik::preferences::{PeerInput, Source};
    /// let r = ndarray::array![[0i64, 1], [1, 0]];
    /// let e = PeerInput::new(Source::Ranks(r.view())).with_ids(Some(vec!["a", "a"])).build().unwrap_err();
    /// assert!(e.to_string().contains("duplicate id"));
    /// ```
    pub fn with_ids(mut self, ids: Option<Vec<&'a str>>) -> Self {
        self.ids = ids;
        self
    }

    /// Set the acceptability rule.
    ///
    /// ```
    /// use nastavnik::preferences::{Acceptability, PeerInput, Source};
    /// let r = ndarray::array![[0i64, 1], [0, 0]];
    /// let b = PeerInput::new(Source::Ranks(r.view())).with_acceptability(Acceptability::Either).build().unwrap();
    /// assert!(b.preferences.is_acceptable(1, 0));
    /// ```
    pub fn with_acceptability(mut self, acceptability: Acceptability) -> Self {
        self.acceptability = acceptability;
        self
    }

    /// Blend the stated ranks with square scores.
    ///
    /// ```
    /// use nastavnik::preferences::{Blend, PeerInput, Source};
    /// let r = ndarray::array![[0i64, 1], [1, 0]];
    /// let s = ndarray::array![[0.0, 1.0], [1.0, 0.0]];
    /// let b = PeerInput::new(Source::Ranks(r.view()))
    ///     .with_blend(Blend::new(s.view(), 0.3)).build().unwrap();
    /// assert!(b.preferences.is_acceptable(0, 1));
    /// ```
    pub fn with_blend(mut self, blend: Blend<'a>) -> Self {
        self.blend = Some(blend);
        self
    }

    /// Validate, infer or check ids, build and link the lists.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for a non-square matrix or ids of the wrong length;
    /// [`Error::DuplicateId`] for repeated ids; [`Error::InvalidValue`] for a blend with score
    /// input; everything the builders report.
    ///
    /// ```
    /// use nastavnik::preferences::{PeerInput, Source};
    /// let r = ndarray::array![[0i64, 1]];
    /// assert!(PeerInput::new(Source::Ranks(r.view())).build().is_err());
    /// ```
    pub fn build(&self) -> Result<LabelledPeers> {
        let acc = self.acceptability;
        let ids = match &self.source {
            Source::Ids(l) => Some(infer_peer_ids(l, self.ids.as_deref())?),
            _ => {
                let n = self
                    .source
                    .dim()
                    .map(|d| d.0)
                    .or(self.source.n_owners())
                    .unwrap_or(0);
                if let Some(ids) = &self.ids {
                    if ids.len() != n {
                        return Err(Error::shape("ids (one per participant)", n, ids.len()));
                    }
                    check_unique_ids(ids, "ids")?;
                }
                self.ids.clone()
            }
        };
        let n = ids.as_ref().map(Vec::len);
        let preferences = match (&self.source, &self.blend) {
            (Source::Scores(s), None) => PeerPreferences::from_scores(*s, acc)?,
            (Source::Scores(_), Some(_)) => {
                return Err(Error::invalid(
                    "preferences",
                    "a blend with scores needs stated preferences (lists or ranks), not scores",
                ));
            }
            (Source::Ranks(r), None) => PeerPreferences::from_rank_matrix(*r, acc)?,
            (src, blend) => {
                let n = n.or(src.dim().map(|d| d.0)).or(src.n_owners()).unwrap_or(0);
                let id_pair = ids.as_deref().map(|i| (i, i));
                let lists = src.lists(Side::Peer, n, id_pair)?;
                match blend {
                    None => PeerPreferences::from_lists(lists, acc)?,
                    Some(b) => PeerPreferences::blend(&lists, b.scores, b.weight, acc)?,
                }
            }
        };
        Ok(LabelledPeers {
            preferences,
            ids: ids.map(|v| v.into_iter().map(str::to_string).collect()),
        })
    }
}
